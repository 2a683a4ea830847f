//! The hostile catalogue of the process's limits: closed pipes, size and memory limits, unwritable
//! outputs and signals. Each case is one that once went wrong; each asserts the exact message, the
//! exit status and that no file was written or changed.

use crate::common::{example, is_root, names, nettrace, refused, stderr};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

#[test]
fn a_pipe_closed_early_still_gets_every_file_asked_for_written() {
    let dir = tempfile::tempdir().unwrap();
    let (o, r) = (dir.path().join("o.json"), dir.path().join("r.html"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
        .args(["train", &example("xor"), "--epochs", "300", "--json", "--output"])
        .arg(&o)
        .arg("--report")
        .arg(&r)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // as `| head -0` does, before the first line.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("wrote {}\nwrote {}\n", o.display(), r.display()));
    assert!(std::fs::read_to_string(&o).unwrap().contains("\"layers\""));
    assert!(std::fs::read_to_string(&r).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn outputs_over_the_size_limit_are_refused_before_anything_is_written() {
    let xor = example("xor");
    for (format, what) in [
        ("table", "the tables"),
        ("json", "the trace"),
        ("html", "the web page"),
        ("markdown", "the worked solution"),
    ] {
        let out =
            nettrace().args(["run", &xor, "--format", format, "--max-output-bytes", "100"]).output().unwrap();
        refused(
            &out,
            &format!(
                "{what} would be over 100 bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)"
            ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = nettrace()
        .args(["train", &xor, "--epochs", "2", "--max-output-bytes", "1000", "--report"])
        .arg(dir.path().join("r.html"))
        .output()
        .unwrap();
    refused(
        &out,
        "the report would be over 1000 bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)",
    );
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_traced_mnist_sized_network_fits_in_the_default_output_limit() {
    // 784 → 128 → 10: its web page is about 12 MB, far under the default 256 MiB.
    let net = serde_json::json!({
        "loss": "cross_entropy",
        "input": vec![0.5; 784],
        "target": [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
        "layers": [
            {"weights": vec![vec![0.01; 784]; 128], "bias": vec![0.0; 128], "activation": "relu"},
            {"weights": vec![vec![0.01; 128]; 10], "bias": vec![0.0; 10], "activation": "softmax"},
        ],
    });
    let out =
        nettrace().args(["run", "-", "--format", "html"]).write_stdin(net.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.len() > 1_000_000);
}

#[test]
fn a_file_size_limit_fails_the_write_with_a_message_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -f 1; exec '{}' init --sizes 2,200,1 --activations relu,identity --output big.json",
        env!("CARGO_BIN_EXE_nettrace")
    );
    let out = Command::new("sh").arg("-c").arg(script).current_dir(dir.path()).output().unwrap();
    assert_eq!(
        stderr(&out),
        "nettrace: error: cannot write big.json: the file would be larger than the file-size limit (ulimit -f)\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn unwritable_outputs_are_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let slash = dir.path().join("missing/");
    let shown = format!("{}/", dir.path().join("missing").display());
    let out = nettrace().args(["train", &example("xor"), "--epochs", "2000", "-o", &shown]).output().unwrap();
    refused(
        &out,
        &format!(
            "--output {shown}: cannot write there: ends with /, so it names a directory; nettrace writes only regular files"
        ),
    );
    assert!(!slash.exists());

    // A read-only directory, for a user other than root (who may write anywhere).
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nettrace"));
    cmd.args(["train", &example("xor"), "--epochs", "2000", "--plot"]).arg(ro.join("loss.svg"));
    if is_root() {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    refused(
        &out,
        &format!(
            "--plot {}: cannot write there: cannot create a file in its directory: Permission denied",
            ro.join("loss.svg").display()
        ),
    );
}

#[test]
fn sigterm_exits_143_and_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
        .args(["train", &example("xor"), "--epochs", "100000000", "--json", "--output"])
        .arg(dir.path().join("o.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first epoch's line: by then the handler is installed, however slow the machine.
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.as_mut().unwrap()), &mut first)
        .unwrap();
    assert!(first.starts_with("{\"format\":\"nettrace-epoch/1\""), "{first}");
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert!(names(dir.path()).is_empty());
}

#[test]
fn init_refuses_a_network_too_large_for_memory_instead_of_aborting() {
    let out = nettrace()
        .args([
            "init",
            "--sizes",
            "1000000,1000000",
            "--activations",
            "relu",
            "--max-values",
            "2000000000000",
        ])
        .output()
        .unwrap();
    refused(
        &out,
        "--sizes 1000000,1000000: the network's 1000001000000 parameters need 8000008000000 bytes, more memory than can be allocated; choose fewer units",
    );
}

#[test]
fn a_generated_layer_within_max_values_but_not_within_memory_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("huge.json");
    std::fs::write(&net, r#"{"input_size": 1000000, "layers": [{"units": 1000000, "init": "he_normal"}]}"#)
        .unwrap();
    let shown = net.display().to_string();
    for command in ["run", "step", "train", "check", "graph"] {
        let out = nettrace().args([command, &shown, "--max-values", "100000000000000"]).output().unwrap();
        refused(
            &out,
            &format!(
                "{shown}: layers[0].units (layer 1) is 1000000: 1000000×1000000 weights need 8000000000000 bytes, more memory than can be allocated; choose fewer units"
            ),
        );
    }
    assert_eq!(names(dir.path()), ["huge.json"]);
}
