//! `nettrace step`: updated networks that chain through pipes, files and in place.

use crate::common::{example, nettrace};
use serde_json::Value;

fn stdout_json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn one_step_writes_the_updated_network_and_a_summary() {
    let out = nettrace().args(["step", &example("two_layer"), "--lr", "0.1"]).output().unwrap();
    let net = stdout_json(&out);
    assert_eq!(net["name"], "two_layer");
    assert_eq!(net["layout"], "in_out");
    assert_eq!(net["loss"], "half_squared_error");
    assert_eq!(net["learning_rate"], 0.1);
    assert_eq!(net["input"], serde_json::json!([1.0, 2.0]));
    assert_eq!(net["layers"][0]["activation"], "relu");
    // The same new weights as `run` shows: W[1] − 0.1·∂L/∂W[1].
    let w = &net["layers"][0]["weights"];
    assert!((w[0][0].as_f64().unwrap() - 0.1025).abs() < 1e-15);
    assert!((w[1][1].as_f64().unwrap() - 0.406).abs() < 1e-15);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "step 1: loss 0.00125 -> 0.000182548278\n");
}

#[test]
fn steps_chain_through_pipes_exactly_like_n() {
    let text = std::fs::read(example("xor")).unwrap();
    let once = nettrace().args(["step", "--lr", "0.5", "-q"]).write_stdin(text.clone()).output().unwrap();
    let twice = nettrace().args(["step", "--lr", "0.5", "-q"]).write_stdin(once.stdout).output().unwrap();
    let thrice = nettrace().args(["step", "--lr", "0.5", "-q"]).write_stdin(twice.stdout).output().unwrap();
    let direct = nettrace().args(["step", "-", "--lr", "0.5", "-n", "3"]).write_stdin(text).output().unwrap();
    assert_eq!(thrice.stdout, direct.stdout, "three piped steps are bit for bit -n 3");
    let summary = String::from_utf8(direct.stderr).unwrap();
    assert_eq!(summary.lines().count(), 3);
    assert!(summary.starts_with("step 1: loss "));
    // Each line's "after" is the next line's "before".
    let losses: Vec<(&str, &str)> =
        summary.lines().map(|l| l.split_once(": loss ").unwrap().1.split_once(" -> ").unwrap()).collect();
    assert_eq!(losses[0].1, losses[1].0);
    assert_eq!(losses[1].1, losses[2].0);
}

#[test]
fn a_written_network_reads_back_bit_for_bit() {
    let first = nettrace().args(["step", &example("softmax_ce"), "-q"]).output().unwrap();
    let again =
        nettrace().args(["step", "-", "-q", "-n", "1"]).write_stdin(first.stdout.clone()).output().unwrap();
    // Reading what `step` wrote and stepping once more equals two steps in one process.
    let two = nettrace().args(["step", &example("softmax_ce"), "-q", "-n", "2"]).output().unwrap();
    assert_eq!(again.stdout, two.stdout);
}

#[test]
fn piping_into_run() {
    let stepped = nettrace().args(["step", &example("two_layer"), "-q"]).output().unwrap();
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(stepped.stdout).output().unwrap();
    let t = stdout_json(&out);
    assert!((t["loss"].as_f64().unwrap() - 0.5 * 0.0191075f64.powi(2)).abs() < 1e-15);
}

#[test]
fn output_writes_a_file_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("trained.json");
    let out = nettrace()
        .args(["step", &example("xor"), "-n", "100", "--lr", "0.5", "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 100);
    let net: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(net["name"], "xor");
}

#[test]
fn in_place_replaces_the_file_and_never_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.json");
    std::fs::copy(example("two_layer"), &path).unwrap();
    let out = nettrace().args(["step", "--in-place", "-q"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let net: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!((net["layers"][1]["bias"][0].as_f64().unwrap() - 0.005).abs() < 1e-15);

    // A step that diverges leaves the file exactly as it was.
    let before = std::fs::read(&path).unwrap();
    let out = nettrace().args(["step", "--in-place", "--lr", "1e300", "-q"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
}

#[test]
fn divergence_exits_1_and_says_what_to_do() {
    let out = nettrace().args(["step", &example("two_layer"), "--lr", "1e300", "-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("nettrace: error: "), "{err}");
    assert!(err.contains("step 1: the loss became inf"), "{err}");
    assert!(err.contains("try a smaller learning rate (--lr)"), "{err}");
}

#[test]
fn a_terminal_on_standard_input_gets_a_hint_not_a_wait() {
    // Without a terminal the hint cannot be triggered from a test; the empty-input path is.
    let out = nettrace().args(["step", "--lr", "0.1"]).write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "nettrace: error: <stdin>: the file is empty; expected a JSON object\n"
    );
}

#[test]
fn in_place_needs_a_file() {
    let out = nettrace().args(["step", "--in-place"]).write_stdin("{}").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--in-place needs a file"));
}
