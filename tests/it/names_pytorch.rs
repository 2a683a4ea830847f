//! PyTorch's names are read in network files and on the command line: `MSELoss`, `BCELoss`,
//! `CrossEntropyLoss`, `ReLU`, `Sigmoid`, `Tanh`, `Softmax`, `Identity`, with or without `nn.`
//! and `()`, and `--optimizer Adam`/`SGD` in any case.

use crate::common::{example, nettrace};
use serde_json::{Value, json};

fn trace_of(file: &Value) -> Value {
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(file.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_file_may_use_pytorch_spellings() {
    let base: Value = serde_json::from_str(&std::fs::read_to_string(example("two_layer")).unwrap()).unwrap();
    let want = trace_of(&base);
    for (loss, hidden, out) in
        [("nn.MSELoss()", "nn.ReLU()", "nn.Identity()"), ("MSELoss", "ReLU", "Identity")]
    {
        let mut f = base.clone();
        f["loss"] = json!(loss);
        f["layers"][0]["activation"] = json!(hidden);
        f["layers"][1]["activation"] = json!(out);
        let t = trace_of(&f);
        assert_eq!(t["network"]["loss"], "mse");
        assert_eq!(t["steps"][1], want["steps"][1], "{hidden}");
    }
    for (loss, out, name) in
        [("nn.BCELoss()", "Sigmoid", "bce"), ("CrossEntropyLoss()", "nn.Softmax()", "cross_entropy")]
    {
        let mut f = base.clone();
        f["loss"] = json!(loss);
        f["layers"][0]["activation"] = json!("nn.Tanh");
        f["layers"][1]["activation"] = json!(out);
        if name == "cross_entropy" {
            f["layers"][1]["weights"] = json!([[0.5, 0.1], [0.6, 0.2]]);
            f["layers"][1]["bias"] = json!([0.0, 0.0]);
            f["target"] = json!([1.0, 0.0]);
        }
        let t = trace_of(&f);
        assert_eq!(
            (t["network"]["loss"].as_str(), t["network"]["layers"][0]["activation"].as_str()),
            (Some(name), Some("tanh"))
        );
    }
}

#[test]
fn the_command_line_takes_them_too() {
    let out = nettrace()
        .args(["init", "--sizes", "2,2,1", "--activations", "nn.Tanh(),Sigmoid", "--loss", "nn.BCELoss()"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let f: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((f["loss"].as_str(), f["layers"][0]["activation"].as_str()), (Some("bce"), Some("tanh")));
    let out = nettrace()
        .args(["exercise", "--seed", "1", "--sizes", "2,2", "--loss", "CrossEntropyLoss", "--out-dir"])
        .arg(tempfile::tempdir().unwrap().path().join("e"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = nettrace().args(["init", "--sizes", "2,1", "--activations", "nn.GELU()"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().starts_with(
        "nettrace: error: invalid value 'nn.GELU()' for '--activations <φ,φ,...>...'\n  [possible values: identity, relu, leaky_relu, sigmoid, tanh, softmax]\n"
    ));
}

#[test]
fn the_optimizer_in_any_case() {
    for name in ["Adam", "ADAM", "SGD", "Sgd", "Momentum"] {
        let out = nettrace()
            .args(["train", &example("xor"), "--epochs", "1", "--optimizer", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
