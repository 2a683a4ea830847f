//! `nettrace check`: the gradient check passes on 1,000 seeded random smooth networks, fails where
//! a gradient is wrong, and marks ReLU kinks.

use crate::common::{self, Random, example, nettrace};
use nettrace::io::network_file::{Limits, from_value};
use nettrace::step::Step;
use nettrace::teach::check::{Param, Verdict, check, passes};
use serde_json::Value;

#[test]
fn passes_on_1000_random_smooth_networks() {
    let mut rng = Random::new(0xC4EC);
    let mut worst: f64 = 0.0;
    let mut params = 0;
    for i in 0..1000 {
        let file = from_value(&rng.network(true), "random.json", Limits::default()).unwrap();
        let samples = file.samples.as_ref().unwrap();
        let c = check(&Step::compute(&file.network, samples, 0.1, None), 1e-6, 1e-6);
        assert!(c.kinks.is_empty(), "network {i}: no ReLU, so no kinks");
        assert_eq!(c.failures(), 0, "network {i}: worst {:e}", c.worst());
        assert_eq!(c.rows.len(), file.network.parameter_count());
        worst = worst.max(c.worst_meaningful());
        params += c.rows.len();
    }
    println!("1000 networks, {params} parameters, worst relative error {worst:e}");
    assert!(worst < 1e-6);
}

#[test]
fn numeric_gradient_of_a_single_neuron_is_exact_to_the_difference() {
    // L = ½(w·x + b − y)², ∂L/∂w = (w·x + b − y)·x: with w = 0.5, x = 2, b = 0.1, y = 1: 0.1·2 = 0.2.
    let net: Value = serde_json::json!({"input": [2.0], "target": [1.0],
        "layers": [{"weights": [[0.5]], "bias": [0.1]}]});
    let file = from_value(&net, "n.json", Limits::default()).unwrap();
    let c = check(&Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None), 1e-6, 1e-6);
    assert_eq!(c.rows[0].param, Param::Weight { neuron: 0, input: 0 });
    assert!((c.rows[0].analytic - 0.2).abs() < 1e-15);
    assert!((c.rows[0].numeric - 0.2).abs() < 1e-9);
    assert!((c.rows[1].analytic - 0.1).abs() < 1e-15);
    assert!((c.rows[1].numeric - 0.1).abs() < 1e-9);
}

#[test]
fn a_wrong_gradient_is_flagged_exactly_where_it_is() {
    // Perturb one analytic gradient at a time by 1e-4·max(|g|, 1): exactly that row fails, 240 times.
    let mut rng = Random::new(7);
    let mut flagged = 0;
    while flagged < 240 {
        let file = from_value(&rng.network(true), "random.json", Limits::default()).unwrap();
        let c = check(&Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None), 1e-6, 1e-6);
        for k in 0..c.rows.len().min(240 - flagged) {
            let r = &c.rows[k];
            let bad = r.analytic + 1e-4 * r.analytic.abs().max(1.0);
            let failing: Vec<usize> = (0..c.rows.len())
                .filter(|&j| {
                    let a = if j == k { bad } else { c.rows[j].analytic };
                    !passes(a, c.rows[j].numeric, c.loss, c.eps, c.tol)
                })
                .collect();
            assert_eq!(failing, vec![k]);
            flagged += 1;
        }
    }
    println!("{flagged} single-value perturbations, each flagged exactly");
    assert_eq!(flagged, 240);
}

#[test]
fn every_example_passes() {
    for name in common::EXAMPLES {
        let out = nettrace().args(["check", &example(name), "--json"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["format"], "nettrace-check/1");
        assert_eq!(v["passed"], true);
        assert!(v["worst_relative_error"].as_f64().unwrap() < 1e-6, "{name}");
    }
}

#[test]
fn two_layer_rows_hold_the_traced_gradients() {
    let out = nettrace().args(["check", &example("two_layer"), "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    // in_out layout: ∂L/∂W[2] = a[1]ᵀ·δ[2] with a[1] = [0.7, 1.0] and δ[2] = −0.05.
    let w2: Vec<_> = rows.iter().filter(|r| r["layer"] == 2 && r["kind"] == "weights").collect();
    // Named as the tables name them: counted from 1, rows and columns of the matrix as stored.
    assert_eq!(w2[0]["parameter"], "W[2][1][1]");
    assert_eq!(w2[1]["parameter"], "W[2][2][1]");
    let b1: Vec<_> = rows.iter().filter(|r| r["layer"] == 1 && r["kind"] == "bias").collect();
    assert_eq!(b1[1]["parameter"], "b[1][2]");
    assert!((w2[0]["analytic"].as_f64().unwrap() + 0.035).abs() < 1e-15);
    assert!((w2[1]["analytic"].as_f64().unwrap() + 0.05).abs() < 1e-15);
    assert!((w2[0]["numeric"].as_f64().unwrap() + 0.035).abs() < 1e-9);
}

#[test]
fn a_relu_at_its_kink_is_marked_not_failed() {
    // z[1] = 1·1 − 1 = 0 exactly: ReLU's kink.
    let net = r#"{"input": [1.0], "target": [1.0], "layers": [
        {"weights": [[1.0]], "bias": [-1.0], "activation": "relu"},
        {"weights": [[2.0]], "bias": [0.0]}]}"#;
    let out = nettrace().args(["check", "-", "--json"]).write_stdin(net).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kinks"][0]["layer"], 1);
    assert_eq!(v["kinks"][0]["unit"], 1);
    assert_eq!(v["rows"][0]["verdict"], "kink");
    assert_eq!(v["rows"][2]["verdict"], "pass");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 unit near a ReLU kink"));
    let file = from_value(&serde_json::from_str(net).unwrap(), "k.json", Limits::default()).unwrap();
    let c = check(&Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None), 1e-6, 1e-6);
    assert_eq!(c.rows[0].verdict, Verdict::Kink);
}

#[test]
fn table_output_and_bad_input() {
    let out = nettrace().args(["check", &example("xor")]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("── Layer 1"));
    assert!(text.contains("│ W[1][1][1] ┆"), "{text}");
    assert!(text.contains("│ b[1][1]    ┆"), "{text}");
    assert!(!text.contains("[0]"), "{text}");
    assert!(text.contains("W[l][i][j] counted from 1, in the file's layout (out_in)"), "{text}");
    assert!(text.contains("parameters within tol"));
    let out = nettrace().args(["check", "missing.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = nettrace().args(["check", &example("xor"), "--eps", "-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_tolerance_too_tight_fails_with_exit_1() {
    let out = nettrace()
        .args(["check", &example("sequential_bce"), "--eps", "0.1", "--tol", "1e-9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("failed the gradient check"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAIL"));
}

#[test]
fn a_check_too_big_to_finish_is_refused_up_front() {
    // 1,000 inputs to 400 units: 400,400 parameters, 3.2e11 multiply-adds.
    let net = serde_json::json!({"input": vec![0.0; 1000], "target": vec![0.0; 400],
        "layers": [{"units": 400, "init": "zeros"}], "seed": 1});
    let out = nettrace().args(["check", "-"]).write_stdin(net.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("<stdin>: 400400 parameters and 1 sample"), "{err}");
}
