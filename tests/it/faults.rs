//! Faults and hostile use: nettrace never hides a divergence, refuses input that is no network and
//! sizes past its limits, and says what went wrong with the right exit status. Each test names the
//! finding it covers.

use crate::common::{example, nettrace};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn divergence_hidden_by_a_finite_loss_stops_training_and_keeps_the_last_finite_network() {
    // BCE's loss stays finite while the weights of this run become NaN: the weights are watched.
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("o.json");
    let out = nettrace()
        .args(["train", &example("xor"), "--lr-schedule", "exp:2", "--epochs", "1100", "--output"])
        .arg(&o)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("training diverged"), "{err}");
    assert!(err.contains("became NaN") || err.contains("became inf") || err.contains("became -inf"), "{err}");
    let kept = std::fs::read_to_string(&o).unwrap();
    assert!(!kept.contains("null"), "the kept network is finite");
    let back = nettrace().args(["run", "--json"]).arg(&o).output().unwrap();
    assert_eq!(back.status.code(), Some(0), "the kept network traces: {}", stderr(&back));

    let out = nettrace()
        .args(["train", &example("xor"), "--optimizer", "adam", "--lr", "1e308", "--epochs", "5", "-o"])
        .arg(&o)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("layer 1's parameters (W[1], b[1]) became"), "{}", stderr(&out));
}

#[test]
fn the_input_file_survives_a_diverging_run_that_writes_over_it() {
    // An output that is the input is refused before training, so the file is never at risk.
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("xor.json");
    std::fs::copy(example("xor"), &net).unwrap();
    let out = nettrace()
        .args(["train", "--epochs", "3", "--lr", "1e308", "--optimizer", "adam"])
        .arg(&net)
        .arg("-o")
        .arg(&net)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("are the same file"), "{}", stderr(&out));
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    assert_eq!(read(&net), read(Path::new(&example("xor"))));
}

#[test]
fn bce_on_a_saturated_output_gives_the_chain_rules_delta_and_says_what_bce_loss_would_give() {
    let net = r#"{"input": [1], "target": [0.23], "loss": "bce",
                  "layers": [{"weights": [[-46.65]], "activation": "sigmoid"}]}"#;
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(net).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let delta = t["steps"].as_array().unwrap().iter().find(|s| s["name"] == "delta").unwrap();
    let y_hat = 1.0 / (1.0 + 46.65f64.exp());
    assert_eq!(delta["value"][0].as_f64().unwrap(), y_hat - 0.23);
    let d = &t["diagnostics"].as_array().unwrap().iter().find(|d| d["kind"] == "bce_clamped").unwrap();
    assert!(d["message"].as_str().unwrap().contains("nn.BCELoss would report"), "{d}");
}

#[test]
fn input_that_is_no_text_is_refused_at_once() {
    for (path, says) in [("/dev/zero", "not text (a NUL byte at offset 0)"), ("/dev/urandom", "not")] {
        // An endless input: reading it whole never ends, so finishing at all (before the timeout
        // stops a hang) shows it was refused at its first block.
        let out = nettrace().args(["run", path]).timeout(Duration::from_secs(120)).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
    // An endless stream that cannot be JSON stops after its first block.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("yes | '{}' run -", env!("CARGO_BIN_EXE_nettrace")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid JSON at line 1, column 1"), "{}", stderr(&out));
    // A closed standard input is named.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run - <&-", env!("CARGO_BIN_EXE_nettrace")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input is closed"), "{}", stderr(&out));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut text = "\u{feff}".to_string();
    text.push_str(&std::fs::read_to_string(example("two_layer")).unwrap());
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(text).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_infinite_gradient_norm_neither_hangs_the_plot_nor_breaks_the_json() {
    // Entries of ∂L/∂W are finite (2e160) but the norm overflows.
    let net = r#"{"input": [1e160, 1e160], "target": [0], "layers": [{"weights": [[1e-160, 1e-160]]}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("p.svg");
    let out = nettrace()
        .args(["train", "-", "--epochs", "3", "--lr", "5e-324", "--json", "--plot"])
        .arg(&plot)
        .write_stdin(net)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["grad_norm"], serde_json::json!(["inf"]));
    assert!(std::fs::read_to_string(&plot).unwrap().starts_with("<svg"));
    // η is printed compactly, not with 323 zeros.
    let out = nettrace().args(["run", "-", "--lr", "5e-324"]).write_stdin(net).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("η = 5e-324"));
}

#[test]
fn the_gradient_check_counts_the_cost_of_many_layers() {
    let layers: Vec<_> =
        (0..110_000).map(|_| serde_json::json!({"weights": [[1.0]], "activation": "tanh"})).collect();
    let net = serde_json::json!({"input": [1.0], "target": [1.0], "layers": layers});
    // Refused from its cost before any work: the message names the bound.
    let out = nettrace().args(["check", "-"]).write_stdin(net.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("more than the 1e11 it allows"), "{}", stderr(&out));
}

#[test]
fn big_matrices_are_abbreviated_unless_full() {
    let net = serde_json::json!({"input": [0.5], "target": vec![0.0; 2000], "seed": 1,
        "layers": [{"units": 2000, "init": "uniform"}]});
    let out = nettrace().args(["run", "-"]).write_stdin(net.to_string()).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("┆ … ┆") && text.contains("unit 2000") && !text.contains("unit 1000 "),
        "abbreviated"
    );
    let out = nettrace().args(["run", "-", "--full"]).write_stdin(net.to_string()).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("unit 1000 "), "--full shows every entry");
    let out =
        nettrace().args(["run", "-", "--format", "markdown"]).write_stdin(net.to_string()).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("\\vdots"), "worked solutions too");
}

#[test]
fn sizes_past_the_limits_are_refused_before_the_work() {
    // init writes nothing nettrace would not read back.
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("huge.json");
    let out = nettrace()
        .args([
            "init",
            "--sizes",
            "1,40000000",
            "--activations",
            "identity",
            "--max-values",
            "100000000",
            "-o",
        ])
        .arg(&o)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("over the 1073741824 nettrace reads"), "{}", stderr(&out));
    assert!(!o.exists());
    // Training checks its batches' size as a traced step is checked.
    let net = r#"{"input_size": 2, "layers": [{"units": 12000, "init": "uniform"}, {"units": 1}]}"#;
    let csv = dir.path().join("d.csv");
    let rows: String = (0..8000).map(|i| format!("{},{},0.5\n", i % 7, i % 3)).collect();
    std::fs::write(&csv, format!("a,b,y\n{rows}")).unwrap();
    let out = nettrace()
        .args(["train", "-", "--epochs", "1", "--data"])
        .arg(&csv)
        .write_stdin(net)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("batches of 8000 samples need"), "{}", stderr(&out));
    // A CSV header far wider than the network is refused before it is split.
    std::fs::write(&csv, format!("{}\n1,2,3\n", ",".repeat(1_000_000))).unwrap();
    let out = nettrace().args(["train", &example("xor"), "--data"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the header has 1000001 columns"), "{}", stderr(&out));
}
