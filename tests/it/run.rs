//! `nettrace run`: the notes' example by hand, and the output of every example network.

use crate::common::{EXAMPLES, example, nettrace, numbers};
use serde_json::Value;

fn trace_of(name: &str) -> Value {
    let out = nettrace().args(["run", &example(name), "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn value(trace: &Value, layer: Option<u64>, name: &str) -> Value {
    let step = trace["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name && s["layer"].as_u64() == layer)
        .unwrap_or_else(|| panic!("no step {name} of layer {layer:?}"));
    step["value"].clone()
}

fn assert_close(got: &Value, want: &[f64]) {
    let got = numbers(got);
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-15 + 1e-14 * w.abs(), "{got:?} vs {want:?}");
    }
}

/// The notes' manual example, worked by hand: x = [1, 2], W[1] = [[0.1, 0.2], [0.3, 0.4]] and
/// W[2] = [[0.5], [0.6]] (x @ W, so in_out), zero biases, ReLU, identity output, y = 1, η = 0.1.
#[test]
fn the_notes_example_by_hand() {
    let t = trace_of("two_layer");
    assert_eq!(t["format"], "nettrace-trace/1");
    assert_close(&value(&t, Some(1), "z"), &[0.7, 1.0]);
    assert_close(&value(&t, Some(1), "a"), &[0.7, 1.0]);
    assert_close(&value(&t, Some(2), "a"), &[0.95]);
    assert_close(&value(&t, None, "loss"), &[0.00125]);
    assert_close(&value(&t, None, "grad_output"), &[-0.05]);
    assert_close(&value(&t, Some(2), "phi_prime"), &[1.0]);
    assert_close(&value(&t, Some(2), "delta"), &[-0.05]);
    assert_close(&value(&t, Some(2), "grad_weights"), &[-0.035, -0.05]);
    assert_eq!(value(&t, Some(2), "grad_weights").as_array().unwrap().len(), 2, "in_out: one row per input");
    assert_close(&value(&t, Some(2), "grad_bias"), &[-0.05]);
    assert_close(&value(&t, Some(1), "grad_a"), &[-0.025, -0.03]);
    assert_close(&value(&t, Some(1), "phi_prime"), &[1.0, 1.0]);
    assert_close(&value(&t, Some(1), "delta"), &[-0.025, -0.03]);
    assert_close(&value(&t, Some(1), "grad_weights"), &[-0.025, -0.03, -0.05, -0.06]);
    assert_close(&value(&t, Some(1), "grad_bias"), &[-0.025, -0.03]);
    // θ ← θ − 0.1·∂L/∂θ
    assert_close(&value(&t, Some(1), "weights"), &[0.1025, 0.203, 0.305, 0.406]);
    assert_close(&value(&t, Some(1), "bias"), &[0.0025, 0.003]);
    assert_close(&value(&t, Some(2), "weights"), &[0.5035, 0.605]);
    assert_close(&value(&t, Some(2), "bias"), &[0.005]);
    // After the update: a[1] = [0.715, 1.018], ŷ = 0.9808925, L = ½·0.0191075².
    assert_close(&t["loss"], &[0.00125]);
    assert_close(&t["loss_after"], &[0.5 * 0.0191075f64.powi(2)]);
}

#[test]
fn steps_come_in_computation_order_with_formulas_for_the_layout() {
    let t = trace_of("two_layer");
    let order: Vec<String> = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} {}", s["phase"].as_str().unwrap(), s["layer"], s["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            "forward 1 z",
            "forward 1 a",
            "forward 2 z",
            "forward 2 a",
            "loss null loss",
            "backward null grad_output",
            "backward 2 phi_prime",
            "backward 2 delta",
            "backward 2 grad_weights",
            "backward 2 grad_bias",
            "backward 1 grad_a",
            "backward 1 phi_prime",
            "backward 1 delta",
            "backward 1 grad_weights",
            "backward 1 grad_bias",
            "update 1 weights",
            "update 1 bias",
            "update 2 weights",
            "update 2 bias",
        ]
    );
    let formula = |i: usize| t["steps"][i]["formula"].as_str().unwrap().to_string();
    assert_eq!(formula(0), "z[1] = a[0]·W[1] + b[1]");
    assert_eq!(formula(1), "a[1] = relu(z[1])");
    assert_eq!(formula(5), "∂L/∂ŷ = ŷ − y");
    assert_eq!(formula(6), "id′(z[2]) = 1");
    assert_eq!(formula(7), "δ[2] = ∂L/∂ŷ ∘ id′(z[2])");
    assert_eq!(formula(11), "relu′(z[1]) = 1 where z[1] > 0, else 0");
    assert_eq!(formula(12), "δ[1] = (δ[2]·W[2]ᵀ) ∘ relu′(z[1])");
    let t = trace_of("single_neuron");
    assert_eq!(t["steps"][0]["formula"], "z[1] = a[0]·W[1]ᵀ + b[1]");
}

#[test]
fn a_batch_gives_one_row_per_sample_and_sums_the_gradients() {
    let t = trace_of("xor");
    assert_eq!(t["network"]["batch_size"], 4);
    let delta = value(&t, Some(2), "delta");
    assert_eq!(delta.as_array().unwrap().len(), 4);
    let grad_b: f64 = numbers(&value(&t, Some(2), "grad_bias"))[0];
    let sum: f64 = numbers(&delta).iter().sum();
    assert!((grad_b - sum).abs() < 1e-15, "∂L/∂b is the plain sum of δ over the batch");
}

#[test]
fn lr_overrides_the_file() {
    let out = nettrace().args(["run", &example("two_layer"), "--json", "--lr", "1"]).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["network"]["learning_rate"], 1.0);
    assert_close(&value(&t, Some(2), "bias"), &[0.05]);
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let text = std::fs::read(example("two_layer")).unwrap();
    let out = nettrace().args(["run", "-", "--json"]).write_stdin(text).output().unwrap();
    assert!(out.status.success());
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_close(&t["loss"], &[0.00125]);
}

#[test]
fn precision_sets_the_digits_in_tables() {
    let out = nettrace().args(["run", &example("single_neuron"), "--precision", "12"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // σ(0.7) = 0.668187772168166
    assert!(text.contains("0.668187772168"), "{text}");
    assert!(!text.contains("0.6681877721682"), "{text}");
}

#[test]
fn round_rounds_every_intermediate() {
    let out = nettrace().args(["run", &example("single_neuron"), "--json", "--round", "4"]).output().unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t["network"]["round"], 4);
    assert_eq!(value(&t, Some(1), "a"), serde_json::json!([0.6682]));
    // δ = (0.6682 − 1)·0.6682·(1 − 0.6682) = −0.07356…, rounded
    assert_eq!(value(&t, Some(1), "delta"), serde_json::json!([-0.0736]));
}

#[test]
fn colour_only_when_asked() {
    let out = nettrace().args(["run", &example("two_layer")]).output().unwrap();
    assert!(!out.stdout.contains(&0x1b), "no escape codes in a pipe");
    let out = nettrace().args(["run", &example("two_layer"), "--color", "always"]).output().unwrap();
    assert!(out.stdout.contains(&0x1b));
}

/// The snapshots are tests/snapshots/it__run__*.snap (insta names them after this module's path).
#[test]
fn every_example_network_in_tables_and_json() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    let _bound = settings.bind_to_scope();
    for name in EXAMPLES {
        let out = nettrace().args(["run", &example(name)]).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty());
        insta::assert_snapshot!(format!("run_table_{name}"), String::from_utf8(out.stdout).unwrap());
        let out = nettrace().args(["run", &example(name), "--json"]).output().unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(format!("run_json_{name}"), String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn output_is_the_same_on_every_run() {
    let once = nettrace().args(["run", &example("xor"), "--json"]).output().unwrap().stdout;
    let twice = nettrace().args(["run", &example("xor"), "--json"]).output().unwrap().stdout;
    assert_eq!(once, twice);
}
