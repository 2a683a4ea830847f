//! Diagnostics say a thing once: many inactive (or saturated) units of one layer are one finding
//! for the layer, saying how many and which, not a line per unit.

use crate::common::nettrace;
use serde_json::{Value, json};

/// 2 inputs, `n` ReLU units (the first `dead` with weights −1, so z = −2 for the input [1, 1]),
/// one linear output.
fn net(n: usize, dead: usize) -> String {
    let weights: Vec<[f64; 2]> = (0..n).map(|u| if u < dead { [-1.0, -1.0] } else { [1.0, 1.0] }).collect();
    json!({"input": [1, 1], "target": [1], "layers": [
        {"weights": weights, "activation": "relu"},
        {"weights": [vec![0.1; n]]}
    ]})
    .to_string()
}

fn findings(file: &str) -> Vec<Value> {
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(file).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    t["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn seven_inactive_units_are_one_finding_for_the_layer() {
    let d = findings(&net(8, 7));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (&d[0]["kind"], &d[0]["layer"], &d[0]["unit"], &d[0]["value"]),
        (&json!("inactive_relu"), &json!(1), &Value::Null, &json!(-2.0))
    );
    assert_eq!(
        d[0]["message"],
        "7 of 8 ReLU units of layer 1 are inactive (units 1, 2, 3, 4, 5 and 2 more): z ≤ 0 for the sample (largest z = -2), so ReLU′ = 0 and their weights get no gradient"
    );
    let out = nettrace().args(["run", "-"]).write_stdin(net(8, 7)).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("inactive").count(), 2, "{text}");
}

#[test]
fn a_few_inactive_units_are_named_one_by_one() {
    let d = findings(&net(4, 2));
    let units: Vec<&Value> = d.iter().map(|f| &f["unit"]).collect();
    assert_eq!(units, vec![&json!(1), &json!(2)]);
    assert!(d[0]["message"].as_str().unwrap().starts_with("ReLU unit 1 of layer 1 is inactive"));
}
