//! Every number of a trace against PyTorch's float64 autograd on 200 random networks
//! (tests/fixtures/torch_reference.json, written by scripts/torch_reference.py).

use crate::common::numbers;
use nettrace::io::network_file::{Limits, parse};
use serde_json::Value;

#[test]
fn every_value_matches_pytorch_float64_autograd() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/torch_reference.json"))
            .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 200);
    let mut compared = 0;
    for (c, case) in cases.iter().enumerate() {
        let file = parse(&case["network"].to_string(), "torch.json", Limits::default()).unwrap();
        let lr = case["network"]["learning_rate"].as_f64().unwrap();
        let t = crate::common::trace_of(&file, lr, None, false);
        let expect = &case["expect"];
        let mut check = |what: String, got: Vec<f64>, want: Vec<f64>| {
            assert_eq!(got.len(), want.len(), "case {c}: {what}");
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-12 * (g.abs() + w.abs()) + 1e-15,
                    "case {c}: {what}[{i}] = {g:e}, PyTorch {w:e}"
                );
            }
            compared += got.len();
        };
        check("loss".into(), vec![t.loss], numbers(&expect["loss"]));
        check("loss_after".into(), vec![t.loss_after], numbers(&expect["loss_after"]));
        for (l, layer) in expect["layers"].as_array().unwrap().iter().enumerate() {
            for (name, want) in layer.as_object().unwrap() {
                let step = t
                    .step(Some(l + 1), name)
                    .unwrap_or_else(|| panic!("case {c}: no {name} of layer {}", l + 1));
                check(format!("{name}[{}]", l + 1), step.value.numbers(), numbers(want));
            }
        }
    }
    assert!(compared > 10_000, "compared only {compared} numbers");
}
