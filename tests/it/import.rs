//! `import --from nielsen|torch-state-dict`: the network written, and clear errors.

use crate::common::nettrace;
use serde_json::{Value, json};

fn import(from: &str, doc: &Value, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    nettrace().args(["import", "--from", from]).arg(&path).args(extra).output().unwrap()
}

fn network(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_nielsen_network_keeps_its_weights_biases_and_cost() {
    let doc = json!({
        "sizes": [2, 3, 1],
        "weights": [[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[0.7, 0.8, 0.9]]],
        "biases": [[[0.01], [0.02], [0.03]], [[-0.5]]],
        "cost": "CrossEntropyCost"
    });
    let net = network(&import("nielsen", &doc, &[]));
    assert_eq!(net["layout"], "out_in");
    assert_eq!(net["loss"], "bce");
    assert_eq!(net["input_size"], 2);
    assert_eq!(net["layers"][0]["weights"], json!([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]));
    assert_eq!(net["layers"][0]["bias"], json!([0.01, 0.02, 0.03]));
    assert_eq!(net["layers"][1]["bias"], json!([-0.5]));
    assert_eq!(net["layers"][1]["activation"], "sigmoid");
    let quadratic =
        json!({"sizes": [1, 1], "weights": [[[2.0]]], "biases": [[[0.0]]], "cost": "QuadraticCost"});
    assert_eq!(network(&import("nielsen", &quadratic, &[]))["loss"], "half_squared_error");
}

#[test]
fn an_imported_network_traces_once_data_is_added() {
    let doc = json!({"0.weight": [[0.5, -0.5], [1.0, 2.0]], "0.bias": [0.1, 0.2], "2.weight": [[1.0, -1.0]], "2.bias": [0.0]});
    let mut net = network(&import("torch-state-dict", &doc, &["--activations", "tanh,identity"]));
    assert_eq!(net["layers"][0]["activation"], "tanh");
    assert_eq!(net["layers"][1]["activation"], "identity");
    assert_eq!(net["layers"][0]["weights"], json!([[0.5, -0.5], [1.0, 2.0]]));
    net["input"] = json!([1.0, 2.0]);
    net["target"] = json!([0.5]);
    let out = nettrace().args(["run", "--json", "-"]).write_stdin(net.to_string()).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    // z[1] = W·x + b = [0.5 − 1 + 0.1, 1 + 4 + 0.2]
    let z1 = t["steps"][0]["value"].as_array().unwrap();
    assert!((z1[0].as_f64().unwrap() - -0.4).abs() < 1e-15);
    assert!((z1[1].as_f64().unwrap() - 5.2).abs() < 1e-15);
}

#[test]
fn default_activations_are_relu_then_identity() {
    let doc = json!({"fc1.weight": [[1.0]], "fc1.bias": [0.0], "fc2.weight": [[1.0]], "fc3.weight": [[2.0]]});
    let net = network(&import("torch-state-dict", &doc, &[]));
    let acts: Vec<&str> =
        net["layers"].as_array().unwrap().iter().map(|l| l["activation"].as_str().unwrap()).collect();
    assert_eq!(acts, ["relu", "relu", "identity"]);
}

#[test]
fn bad_files_name_the_field_and_exit_2() {
    let cases: Vec<(&str, Value, Vec<&str>, &str)> = vec![
        (
            "nielsen",
            json!({"sizes": [2, 1], "weights": [[[1.0]]], "biases": [[[0.0]]]}),
            vec![],
            "layers[0].weights",
        ),
        ("nielsen", json!({"sizes": [2, 1]}), vec![], "\"weights\" is missing"),
        (
            "nielsen",
            json!({"sizes": [1, 2], "weights": [[[1.0]]], "biases": [[[0.0]]]}),
            vec![],
            "sizes[1] is 2 but weights[0] has 1 rows",
        ),
        (
            "nielsen",
            json!({"sizes": [1, 1], "weights": [[[1.0]]], "biases": [[[0.0]]], "cost": "Hinge"}),
            vec![],
            "cost is \"Hinge\"",
        ),
        (
            "torch-state-dict",
            json!({"0.weight": [[1.0]], "0.running_mean": [0.0]}),
            vec![],
            "\"0.running_mean\" is neither",
        ),
        ("torch-state-dict", json!({"0.bias": [0.0]}), vec![], "does not follow \"0.weight\""),
        ("torch-state-dict", json!({"0.weight": [[1.0]]}), vec!["--activations", "relu,relu"], "gives 2 but"),
        (
            "torch-state-dict",
            json!({"0.weight": [[1.0]]}),
            vec!["--activations", "gelu"],
            "layer 1 is \"gelu\"",
        ),
        (
            "torch-state-dict",
            json!({"0.weight": [[1.0, 2.0]], "1.weight": [[1.0, 3.0]]}),
            vec![],
            "layers[1].weights",
        ),
        ("torch-state-dict", json!([1, 2]), vec![], "expected a JSON object"),
    ];
    for (from, doc, extra, expect) in cases {
        let out = import(from, &doc, &extra);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{doc}: {err}");
        assert!(out.stdout.is_empty(), "{doc}");
        assert!(err.contains(expect), "{doc}: expected {expect:?} in {err}");
    }
}

#[test]
fn output_goes_to_a_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("sd.json");
    std::fs::write(&src, r#"{"0.weight": [[1.0]], "0.bias": [0.5]}"#).unwrap();
    let target = dir.path().join("net.json");
    let out = nettrace()
        .args(["import", "--from", "torch-state-dict"])
        .arg(&src)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let net: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(net["layers"][0]["bias"], json!([0.5]));
}
