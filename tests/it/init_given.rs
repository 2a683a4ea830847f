//! `nettrace init` with samples (--input/--target, --inputs/--targets, --data with --sample K)
//! writes a network that `run` traces at once.

use crate::common::nettrace;
use serde_json::{Value, json};

fn init(args: &[&str]) -> (i32, String, String) {
    let out = nettrace()
        .arg("init")
        .args(["--sizes", "2,2,1", "--activations", "relu,identity"])
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

fn run_json(file: &str) -> Value {
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(file).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn one_sample_given_on_the_command_line_is_traced() {
    let (code, file, _) = init(&["--input", "1,2", "--target", "1"]);
    assert_eq!(code, 0);
    let f: Value = serde_json::from_str(&file).unwrap();
    assert_eq!((&f["input"], &f["target"]), (&json!([1.0, 2.0]), &json!([1.0])));
    let t = run_json(&file);
    assert_eq!((&t["input"], &t["network"]["batch_size"]), (&json!([1.0, 2.0]), &json!(1)));
}

#[test]
fn a_batch_given_on_the_command_line_is_traced() {
    let (code, file, _) = init(&["--inputs", "0,0;0,1;1,0;1,-1", "--targets", "0;1;1;0"]);
    assert_eq!(code, 0);
    let t = run_json(&file);
    assert_eq!(t["input"], json!([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, -1.0]]));
    assert_eq!(t["target"], json!([[0.0], [1.0], [1.0], [0.0]]));
}

#[test]
fn one_sample_of_a_data_file_is_traced() {
    let out = nettrace()
        .args(["init", "--sizes", "64,16,10", "--activations", "relu,softmax", "--loss", "cross_entropy"])
        .args([
            "--data",
            &format!("{}/networks/data/digits.csv", env!("CARGO_MANIFEST_DIR")),
            "--sample",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let t = run_json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(t["network"]["batch_size"], 1);
    assert_eq!(t["input"].as_array().unwrap().len(), 64);
}

#[test]
fn samples_that_do_not_fit_the_sizes_are_refused() {
    for (args, says) in [
        (
            vec!["--input", "1,2,3", "--target", "1"],
            "nettrace: error: --input: 3 numbers, but the network has 2 inputs; expected 2\n",
        ),
        (
            vec!["--input", "1,2", "--target", "1,0"],
            "nettrace: error: --target: 2 numbers, but the network has 1 output; expected 1\n",
        ),
        (
            vec!["--inputs", "0,0;0,1", "--targets", "0;1;1"],
            "nettrace: error: --inputs has 2 rows but --targets 3; expected one target row per input row\n",
        ),
        (
            vec!["--inputs", "0,0;0", "--targets", "0;1"],
            "nettrace: error: --inputs row 2: 1 number, but the network has 2 inputs; expected 2\n",
        ),
    ] {
        let (code, out, err) = init(&args);
        assert_eq!((code, out.as_str(), err.as_str()), (2, "", says), "{args:?}");
    }
}
