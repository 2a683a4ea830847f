//! The slips learners made working the notes' example and their own networks by hand, each named
//! on its sheet under networks/answers/mistakes/ (the README's table shows them) with the
//! sentence the table gives.

use crate::common::{example, nettrace};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Grades sheet `name` on `net`: one wrong value, `quantity`, named `mistake` with `sentence`.
fn named(net: &str, name: &str, quantity: &str, mistake: &str, sentence: &str) {
    let sheet = format!("{ROOT}/networks/answers/mistakes/{name}.json");
    let json = nettrace().args(["grade", net, &sheet, "--json"]).output().unwrap();
    let g: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (json.status.code(), g["wrong"].as_u64(), g["carried"].as_u64()),
        (Some(1), Some(1), Some(0)),
        "{g}"
    );
    let wrong = g["answers"].as_array().unwrap().iter().find(|a| a["verdict"] == "wrong").unwrap();
    assert_eq!((wrong["quantity"].as_str(), wrong["mistake"].as_str()), (Some(quantity), Some(mistake)));
    let table = nettrace().args(["grade", net, &sheet, "--width", "400"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains(&format!("\n  {mistake}: {sentence}\n")), "{table}");
}

#[test]
fn missing_half() {
    named(
        &example("two_layer"),
        "missing_half",
        "δ[2]",
        "missing_half",
        "δ[2] is doubled: the ½ of ½(ŷ − y)² cancels the 2 of its derivative, so ∂L/∂ŷ = ŷ − y.",
    );
}

#[test]
fn layout() {
    named(
        &example("two_layer"),
        "layout",
        "z[1]",
        "layout",
        "z[1] is computed as W[1]·a[0], but this file's layout is \"in_out\" (one row of W per input), so it is a[0]·W[1]; the notes write both forms, the file says which.",
    );
}

#[test]
fn layout_the_other_way() {
    // The notes' numbers in out_in: z = W·x = [0.5, 1.1]; x·W gives [0.7, 1.0].
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.json");
    let file = json!({"layout": "out_in", "input": [1, 2], "target": [1],
        "layers": [{"weights": [[0.1, 0.2], [0.3, 0.4]], "activation": "relu"}, {"weights": [[0.5, 0.6]]}]});
    std::fs::write(&net, file.to_string()).unwrap();
    let sheet = dir.path().join("sheet.json");
    std::fs::write(&sheet, r#"{"steps": [{"layer": 1, "name": "z", "value": [0.7, 1.0]}]}"#).unwrap();
    let out = nettrace().arg("grade").arg(&net).arg(&sheet).args(["--width", "400"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let says = "  layout: z[1] is computed as a[0]·W[1], but this file's layout is \"out_in\" (one row of W per neuron), so it is W[1]·a[0]; the notes write both forms, the file says which.\n";
    assert!(text.contains(says), "{text}");
}

#[test]
fn missing_jacobian() {
    named(
        &example("softmax_ce"),
        "missing_jacobian",
        "δ[2]",
        "missing_jacobian",
        "δ[2] is ∂L/∂ŷ without the softmax's Jacobian: softmax has no element-wise φ′, δ[2] = J·∂L/∂ŷ.",
    );
}

#[test]
fn single_sample() {
    named(
        &example("xor"),
        "single_sample",
        "∂L/∂W[2]",
        "single_sample",
        "∂L/∂W[2] is one sample's term δₙ·aₙᵀ; the batch gradient is the sum over the samples.",
    );
}

#[test]
fn z_for_a() {
    named(
        &format!("{ROOT}/networks/answers/mistakes/sigmoid.json"),
        "z_for_a",
        "z[2]",
        "z_for_a",
        "z[2] is computed from z[1] where a[1] = φ(z[1]) belongs.",
    );
}

#[test]
fn log_base() {
    named(
        &example("softmax_ce"),
        "log_base",
        "L",
        "log_base",
        "L is computed with log10 or log2; the loss uses the natural log ln.",
    );
}

#[test]
fn a_wrong_value_no_slip_explains_keeps_the_plain_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 1, "name": "z", "value": [0.6, 1.0]}]}"#).unwrap();
    let out = nettrace().arg("grade").arg(example("two_layer")).arg(&path).arg("--json").output().unwrap();
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["answers"][0]["mistake"], Value::Null);
    let out = nettrace().arg("grade").arg(example("two_layer")).arg(&path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  Every input on the sheet is right, so the mistake is in this step.\n"),
        "{text}"
    );
}
