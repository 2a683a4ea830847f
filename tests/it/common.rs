//! Helpers shared by the integration tests.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

/// The real binary with a controlled environment: no colour, a dumb terminal, a fixed width.
pub fn nettrace() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("nettrace");
    cmd.env("NO_COLOR", "1").env("TERM", "dumb").env("COLUMNS", "100").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Every number in a JSON number, vector or matrix, row by row.
pub fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Array(a) => a.iter().flat_map(numbers).collect(),
        other => panic!("not a number: {other}"),
    }
}

/// For a test that is ignored by default because it needs a tool which may be missing: panics,
/// naming the tool and how to install it, unless `program args` runs and succeeds. Asking for such
/// a test (`cargo test -- --ignored NAME`) without the tool is a failure, never a silent pass.
pub fn require(program: &str, args: &[&str], install: &str) {
    let ran = std::process::Command::new(program).args(args).output();
    let ok = ran.as_ref().is_ok_and(|o| o.status.success());
    let command = [program].iter().chain(args).copied().collect::<Vec<_>>().join(" ");
    assert!(ok, "this test needs `{command}` to work, and here it does not ({install}): {ran:?}");
}

/// The path of an example network.
pub fn example(name: &str) -> String {
    format!("{}/networks/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// Every example network's name.
/// A page must load, and its script and core be ready, within this many milliseconds in the
/// browser tests: a bound that catches a page stuck in its work, not a timing. On 2 idle cores the
/// pages load in 0.2 to 0.4 s (docs/html.md); the tests run beside each other and other builds.
pub const PAGE_MS: u64 = 5000;

pub const EXAMPLES: &[&str] = &["two_layer", "single_neuron", "sequential_bce", "xor", "softmax_ce"];

/// A seeded source of random networks.
pub struct Random(ChaCha8Rng);

impl Random {
    pub fn new(seed: u64) -> Self {
        Random(ChaCha8Rng::seed_from_u64(seed))
    }

    /// u ∈ [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// An integer in lo..=hi.
    pub fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.0.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.int(0, items.len() - 1)]
    }

    pub fn coin(&mut self) -> bool {
        self.0.next_u64() & 1 == 1
    }

    fn matrix(&mut self, rows: usize, cols: usize, lo: f64, hi: f64) -> Vec<Vec<f64>> {
        (0..rows).map(|_| (0..cols).map(|_| self.range(lo, hi)).collect()).collect()
    }

    /// A random network file as JSON: every activation, loss and layout, single samples and batches.
    /// With `smooth`, hidden layers avoid ReLU's kink (tanh, sigmoid, identity only).
    pub fn network(&mut self, smooth: bool) -> Value {
        let loss = self.pick(&["half_squared_error", "mse", "bce", "cross_entropy"]);
        let layout = self.pick(&["out_in", "in_out"]);
        let depth = self.int(1, 4);
        let mut sizes = vec![self.int(1, 5)];
        for _ in 0..depth {
            sizes.push(self.int(1, 5));
        }
        if loss == "cross_entropy" && sizes[depth] == 1 {
            sizes[depth] = self.int(2, 5);
        }
        let hidden: &[&str] = if smooth {
            &["identity", "sigmoid", "tanh"]
        } else {
            &["identity", "relu", "leaky_relu", "sigmoid", "tanh"]
        };
        let mut layers = Vec::new();
        for l in 0..depth {
            let (inputs, neurons) = (sizes[l], sizes[l + 1]);
            let activation = if l + 1 < depth {
                self.pick(hidden)
            } else {
                match loss {
                    "cross_entropy" => "softmax",
                    "bce" => "sigmoid",
                    _ if smooth => self.pick(&["identity", "sigmoid", "tanh", "softmax"]),
                    _ => self.pick(&["identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"]),
                }
            };
            let w = self.matrix(neurons, inputs, -1.0, 1.0);
            let w = if layout == "in_out" { transpose(&w) } else { w };
            let mut layer = json!({
                "weights": w,
                "bias": self.matrix(1, neurons, -0.5, 0.5)[0],
                "activation": activation,
                "trainable_bias": self.int(0, 4) != 0,
            });
            if activation == "leaky_relu" {
                layer["slope"] = json!(self.range(0.01, 0.3));
            }
            layers.push(layer);
        }
        let batch = self.coin();
        let n = if batch { self.int(1, 6) } else { 1 };
        let out = sizes[depth];
        let x = self.matrix(n, sizes[0], -2.0, 2.0);
        let y: Vec<Vec<f64>> = (0..n)
            .map(|_| match loss {
                "cross_entropy" if self.coin() => {
                    let k = self.int(0, out - 1);
                    (0..out).map(|i| if i == k { 1.0 } else { 0.0 }).collect()
                }
                "cross_entropy" => {
                    let raw: Vec<f64> = (0..out).map(|_| self.unit() + 0.01).collect();
                    let s: f64 = raw.iter().sum();
                    raw.iter().map(|r| r / s).collect()
                }
                "bce" => {
                    (0..out).map(|_| if self.coin() { self.unit() } else { self.int(0, 1) as f64 }).collect()
                }
                _ => (0..out).map(|_| self.range(-1.0, 1.0)).collect(),
            })
            .collect();
        let mut file = json!({
            "name": "random",
            "layout": layout,
            "loss": loss,
            "learning_rate": self.range(0.01, 1.0),
            "layers": layers,
        });
        if batch {
            file["inputs"] = json!(x);
            file["targets"] = json!(y);
        } else {
            file["input"] = json!(x[0]);
            file["target"] = json!(y[0]);
        }
        file
    }
}

pub fn transpose(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..m[0].len()).map(|c| m.iter().map(|r| r[c]).collect()).collect()
}

/// The JSON trace of one step of `file`'s network on its own samples.
pub fn trace_of(
    file: &nettrace::io::network_file::NetworkFile,
    lr: f64,
    round: Option<u32>,
    diagnostics: bool,
) -> nettrace::render::trace::Trace {
    let step = nettrace::step::Step::compute(&file.network, file.samples.as_ref().unwrap(), lr, round);
    let findings = diagnostics.then(|| nettrace::teach::diagnostics::diagnose(&step));
    let (name, description) = (file.name.as_deref(), file.description.as_deref());
    let traced =
        nettrace::render::Traced { step: &step, name, description, diagnostics: findings.as_deref() };
    nettrace::render::trace::trace(&traced)
}

/// What a command wrote on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a refusal: exit status 2, nothing on standard output, exactly `message` on standard error.
pub fn refused(out: &Output, message: &str) {
    assert_eq!(stderr(out), format!("nettrace: error: {message}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether the tests run as root, who may write anywhere and own any file.
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}
