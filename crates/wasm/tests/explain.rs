//! The explain export: the lines of the step page's explain panel, printed from the formula trees.

use nettrace_wasm::explain;
use serde_json::{Value, json};

fn asked(key: &str, sample: usize) -> Result<String, String> {
    let net: Value = serde_json::from_str(include_str!("../../../networks/two_layer.json")).unwrap();
    explain(&json!({ "network": net, "key": key, "sample": sample }).to_string())
}

#[test]
fn a_weight_is_explained_by_its_chain_with_the_steps_numbers() {
    let lines: Value = serde_json::from_str(&asked("W[1][1][1]", 1).unwrap()).unwrap();
    let lines = lines.as_array().unwrap();
    let gradient = lines.iter().find(|l| l["part"] == true && l["math"].is_string()).unwrap();
    assert_eq!(gradient["alt"], "∂L/∂w = δ[1]₁·a[0]₁");
    assert_eq!(gradient["value"], json!(-0.025000000000000022));
    assert_eq!(
        gradient["numbers"],
        json!([{ "x": -0.025000000000000022, "paren": true }, "·", { "x": 1.0, "paren": false }])
    );
    assert!(gradient["math"].as_str().unwrap().starts_with("<math alttext=\"∂L/∂w = δ[1]₁·a[0]₁\">"));
    assert_eq!(lines.last().unwrap()["alt"], "w ← w − η·∂L/∂w");
    assert_eq!(lines.last().unwrap()["value"], json!(0.10250000000000001));
}

#[test]
fn what_the_network_does_not_have_is_refused_with_a_message() {
    assert_eq!(
        asked("W[3][1][1]", 1).unwrap_err(),
        "explain: the network has no \"W[3][1][1]\" (or no sample 1)"
    );
    assert!(asked("q[1]", 1).unwrap_err().contains("is not a weight, bias or unit"));
    assert!(asked("L", 2).is_err());
}
