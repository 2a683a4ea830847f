//! Faults and hostile use: nettrace never damages a file, never hangs, never hides a divergence,
//! and says what went wrong with the right exit status. Each test names the finding it covers.

use crate::common::{example, nettrace};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Files in `dir` whose name marks them as nettrace's temporaries.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nettrace-"))
        .collect()
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
fn special_files_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    // A FIFO: writing there would block or replace it.
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (args, flag) in [
        (vec!["step", &example("two_layer"), "--output"], "--output"),
        (vec!["train", &example("xor"), "--epochs", "2", "--plot"], "--plot"),
        (vec!["init", "--sizes", "2,1", "--activations", "sigmoid", "--output"], "--output"),
        (vec!["export", "--torch", &example("xor"), "--output"], "--output"),
    ] {
        let out = nettrace().args(&args).arg(&fifo).timeout(Duration::from_secs(20)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains(&format!("{flag} {}: cannot write there: is a FIFO", fifo.display())), "{err}");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo_like());
    }
    // A directory given as --plot fails before training writes --output.
    let o = dir.path().join("o.json");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "2", "--output"])
        .arg(&o)
        .arg("--plot")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a directory; nettrace writes only regular files"), "{}", stderr(&out));
    assert!(!o.exists(), "nothing was written");
    // An output in a missing directory is a usage problem, found before the work.
    let out = nettrace().args(["step", &example("two_layer"), "-o", "/no/such/dir/x.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("its directory does not exist"), "{}", stderr(&out));
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[test]
fn a_symlink_is_followed_modes_are_kept_and_new_files_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::copy(example("two_layer"), &real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    let out = nettrace().args(["step", "-q", "--in-place"]).arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
    assert_ne!(
        std::fs::read(&real).unwrap(),
        std::fs::read(example("two_layer")).unwrap(),
        "its target changed"
    );
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o640);

    // A new file: 0666 less the umask (027 here).
    let fresh = dir.path().join("fresh.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027 && '{}' step -q '{}' -o '{}'",
            env!("CARGO_BIN_EXE_nettrace"),
            example("two_layer"),
            fresh.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::metadata(&fresh).unwrap().mode() & 0o777, 0o640);
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn output_dash_is_standard_output() {
    let out = nettrace().args(["step", "-q", &example("two_layer"), "--output", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let net: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(net["name"], "two_layer");
}

#[test]
fn concurrent_in_place_steps_lose_no_update() {
    // Twelve processes each take one step in place on the same file: the result is the network
    // after exactly twelve steps, as if they had run one after the other.
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.json");
    std::fs::copy(example("two_layer"), &net).unwrap();
    let children: Vec<_> = (0..12)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_nettrace"))
                .args(["step", "-q", "--in-place"])
                .arg(&net)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let sequential = nettrace().args(["step", "-q", "-n", "12", &example("two_layer")]).output().unwrap();
    assert_eq!(std::fs::read(&net).unwrap(), sequential.stdout);
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_writer_killed_mid_write_leaves_the_old_file_or_the_new_one_and_no_temporary() {
    // A training run writing a 10 MB network: killed at different moments, the target is always
    // either the old file or a complete new one; SIGTERM and SIGINT remove the temporary file.
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("big.json");
    let init = nettrace()
        .args(["init", "--sizes", "2,600,600,1", "--activations", "tanh,tanh,identity", "--seed", "1", "-o"])
        .arg(&net)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let data = r#"{"inputs": [[0.5, -0.5]], "targets": [[1.0]]}"#;
    let mut text: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&net).unwrap()).unwrap();
    let extra: serde_json::Value = serde_json::from_str(data).unwrap();
    text["inputs"] = extra["inputs"].clone();
    text["targets"] = extra["targets"].clone();
    std::fs::write(&net, text.to_string()).unwrap();
    let old = std::fs::read(&net).unwrap();
    for (i, signal) in ["TERM", "INT", "KILL"].iter().cycle().take(9).enumerate() {
        std::fs::write(&net, &old).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
            .args(["step", "-q", "-n", "3", "--in-place"])
            .arg(&net)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 * i as u64));
        let _ = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
        let _ = child.wait();
        let now = std::fs::read(&net).unwrap();
        if now != old {
            let v: serde_json::Value = serde_json::from_slice(&now).expect("a complete new file");
            assert!(v["layers"].is_array());
        }
        if *signal != "KILL" {
            assert!(temporaries(dir.path()).is_empty(), "SIG{signal} left {:?}", temporaries(dir.path()));
        }
        for t in temporaries(dir.path()) {
            std::fs::remove_file(dir.path().join(t)).unwrap();
        }
    }
}

#[test]
fn standard_output_that_fails_is_an_error_naming_it() {
    for args in
        [vec!["run", &example("two_layer")], vec!["--help"], vec!["--version"], vec!["schema", "trace"]]
    {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_nettrace")).args(&args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("cannot write to standard output: No space left on device"),
            "{}",
            stderr(&out)
        );
    }
    // Closed standard output (`>&-`): the output would be lost.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run '{}' >&-", env!("CARGO_BIN_EXE_nettrace"), example("two_layer")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot write to standard output: it is closed"), "{}", stderr(&out));
    // But `> /dev/null` is a choice, and a closed pipe ends quietly.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run '{}' > /dev/null", env!("CARGO_BIN_EXE_nettrace"), example("two_layer")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' run '{}' --json | head -c 10",
            env!("CARGO_BIN_EXE_nettrace"),
            example("two_layer")
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn input_that_is_no_text_is_refused_at_once() {
    for (path, says) in [("/dev/zero", "not text (a NUL byte at offset 0)"), ("/dev/urandom", "not")] {
        let start = Instant::now();
        let out = nettrace().args(["run", path]).timeout(Duration::from_secs(10)).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(start.elapsed() < Duration::from_secs(5));
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
    let start = Instant::now();
    let out = nettrace().args(["check", "-"]).write_stdin(net.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("more than the 1e11 it allows"), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn an_exercise_is_written_whole_and_never_over_another() {
    let dir = tempfile::tempdir().unwrap();
    let ex = dir.path().join("ex");
    let write = |seed: &str, force: bool| {
        let mut cmd = nettrace();
        cmd.args(["exercise", "--seed", seed, "--sizes", "2,2,1", "--out-dir"]).arg(&ex);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(write("1", false).status.success());
    let first = std::fs::read(ex.join("answers.json")).unwrap();
    let out = write("2", false);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(std::fs::read(ex.join("answers.json")).unwrap(), first, "nothing was overwritten");
    assert!(write("2", true).status.success());
    assert_ne!(std::fs::read(ex.join("answers.json")).unwrap(), first);
    assert!(temporaries(&ex).is_empty());
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
