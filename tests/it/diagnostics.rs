//! Diagnostics after the trace: inactive ReLU units, saturated units, vanishing and exploding
//! gradients, a step that increased the loss; in the JSON under "diagnostics" unless
//! --no-diagnostics.

use crate::common::{example, nettrace};
use serde_json::{Value, json};

fn diagnose(net: Value, extra: &[&str]) -> Value {
    let out =
        nettrace().args(["run", "-", "--json"]).args(extra).write_stdin(net.to_string()).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    t["diagnostics"].clone()
}

#[test]
fn sequential_bce_has_an_inactive_relu_unit() {
    let out = nettrace().args(["run", &example("sequential_bce"), "--json"]).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = t["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["kind"], "inactive_relu");
    assert_eq!(d[0]["layer"], 1);
    assert_eq!(d[0]["unit"], 3);
    // z[1] of unit 3 is −0.2: the largest (only) pre-activation.
    assert!((d[0]["value"].as_f64().unwrap() + 0.2).abs() < 1e-15);
    let text = nettrace().args(["run", &example("sequential_bce")]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("── Diagnostics"));
    assert!(text.contains("ReLU unit 3 of layer 1 is inactive"));
}

#[test]
fn no_diagnostics_leaves_them_out() {
    let out =
        nettrace().args(["run", &example("sequential_bce"), "--json", "--no-diagnostics"]).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(t.get("diagnostics").is_none());
    let out = nettrace().args(["run", &example("sequential_bce"), "--no-diagnostics"]).output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("Diagnostics"));
    for name in ["two_layer", "xor", "softmax_ce", "single_neuron"] {
        let out = nettrace().args(["run", &example(name), "--json"]).output().unwrap();
        let t: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(t["diagnostics"], json!([]), "{name}");
    }
}

#[test]
fn a_saturated_sigmoid_is_named() {
    // z = 10·1 = 10: σ′(10) = σ(10)(1 − σ(10)) ≈ 4.54e-5 < 1e-3. Unit 2 (z = 0) is fine.
    let d = diagnose(
        json!({"input": [1.0], "target": [0.0, 0.0], "layers": [
            {"weights": [[10.0], [0.0]], "activation": "sigmoid"}]}),
        &[],
    );
    let d = d.as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["kind"], "saturated_unit");
    assert_eq!(d[0]["unit"], 1);
    let s = 1.0 / (1.0 + (-10f64).exp());
    assert!((d[0]["value"].as_f64().unwrap() - s * (1.0 - s)).abs() < 1e-15);
}

#[test]
fn vanishing_and_exploding_gradients() {
    // Identity layers: ∂L/∂W[1] = W[2]ᵀδ[2]·x, so ‖∂L/∂W[1]‖ / ‖∂L/∂W[2]‖ = |w2|·|x| / |a[1]| = |w2| / |w1|.
    let net = |w1: f64, w2: f64| json!({"input": [1.0], "target": [5.0], "layers": [{"weights": [[w1]]}, {"weights": [[w2]]}]});
    let d = diagnose(net(100.0, 1e-3), &["--lr", "1e-9"]);
    assert_eq!(d[0]["kind"], "vanishing_gradient", "{d}");
    assert!((d[0]["value"].as_f64().unwrap() - 1e-5).abs() < 1e-18);
    let d = diagnose(net(1e-3, 100.0), &["--lr", "1e-9"]);
    assert_eq!(d[0]["kind"], "exploding_gradient", "{d}");
    assert!((d[0]["value"].as_f64().unwrap() - 1e5).abs() < 1e-6);
    assert_eq!(diagnose(net(1.0, 1.0), &["--lr", "0.01"]), json!([]));
}

#[test]
fn a_step_that_increases_the_loss() {
    // L = ½(w + b − 1)² at w = b = 0: the step moves both to η, so L = ½(2η − 1)²: 12.5 for η = 3.
    let net = json!({"input": [1.0], "target": [1.0], "layers": [{"weights": [[0.0]]}]});
    let d = diagnose(net.clone(), &["--lr", "3"]);
    assert_eq!(d[0]["kind"], "loss_increased");
    assert!((d[0]["value"].as_f64().unwrap() - (12.5 - 0.5)).abs() < 1e-15);
    assert_eq!(diagnose(net, &["--lr", "0.25"]), json!([]));
}
