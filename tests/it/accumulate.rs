//! `step --accumulate`: each update uses the sum of every gradient so far, as a PyTorch loop
//! without `optimizer.zero_grad()` does; the summary compares with zeroed steps.

use crate::common::{example, nettrace};
use nettrace::io::network_file::{Limits, from_value, load};
use nettrace::nn::backward::backward;
use nettrace::nn::forward::{forward, loss};
use serde_json::Value;

/// θ_{k+1} = θ_k − η·(g_1 + … + g_k), written out step by step.
fn by_hand(path: &str, steps: usize) -> (Vec<f64>, nettrace::nn::network::Network) {
    let (_, file) = load(path, Limits::default()).unwrap();
    let s = file.samples.clone().unwrap();
    let mut net = file.network.clone();
    let lr = file.learning_rate;
    let mut sums: Option<(Vec<_>, Vec<_>)> = None;
    let mut losses = vec![];
    for _ in 0..steps {
        let f = forward(&net, &s.inputs, None);
        let g = backward(&net, &f, &s.targets, None);
        let (sw, sb) = sums.get_or_insert_with(|| {
            (g.grad_weights.iter().map(|m| m * 0.0).collect(), g.grad_bias.iter().map(|v| v * 0.0).collect())
        });
        for l in 0..net.layers.len() {
            sw[l] += &g.grad_weights[l];
            sb[l] += &g.grad_bias[l];
            net.layers[l].weights -= &sw[l] * lr;
            if net.layers[l].trainable_bias {
                net.layers[l].bias -= &sb[l] * lr;
            }
        }
        losses.push(loss(&net, &s.inputs, &s.targets, None));
    }
    (losses, net)
}

#[test]
fn accumulated_steps_use_the_sum_of_gradients() {
    for name in ["two_layer", "xor", "sequential_bce"] {
        let out = nettrace().args(["step", &example(name), "-n", "3", "--accumulate"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let written: Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = from_value(&written, "out.json", Limits::default()).unwrap();
        let (_, net) = by_hand(&example(name), 3);
        for (a, b) in file.network.layers.iter().zip(&net.layers) {
            for (x, y) in a.weights.iter().zip(b.weights.iter()) {
                assert!((x - y).abs() <= 1e-14 * y.abs().max(1.0), "{name}: {x} vs {y}");
            }
            for (x, y) in a.bias.iter().zip(b.bias.iter()) {
                assert!((x - y).abs() <= 1e-14 * y.abs().max(1.0), "{name}: {x} vs {y}");
            }
        }
    }
}

#[test]
fn the_summary_compares_with_zeroed_gradients() {
    let out = nettrace().args(["step", &example("two_layer"), "-n", "3", "--accumulate"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    // Step 1 is the same either way; from step 2 the stale gradient overshoots.
    assert_eq!(
        lines[0],
        "step 1: loss 0.00125 -> 0.000182548278 (accumulated gradients; with zeroed gradients 0.000182548278)"
    );
    assert_eq!(
        lines[1],
        "step 2: loss 0.000182548278 -> 0.000292147156 (accumulated gradients; with zeroed gradients 2.53166519e-5)"
    );
    let (losses, _) = by_hand(&example("two_layer"), 3);
    assert!((losses[1] - 0.000292147156).abs() < 1e-12);
    assert!(lines[3].starts_with("after 3 steps: loss 0.00136786317 with accumulated gradients, 3.43995146e-6 with zeroed gradients: accumulating made the loss worse"));
    // Without --accumulate, no comparison.
    let plain = nettrace().args(["step", &example("two_layer"), "-n", "2"]).output().unwrap();
    let err = String::from_utf8(plain.stderr).unwrap();
    assert_eq!(err, "step 1: loss 0.00125 -> 0.000182548278\nstep 2: loss 0.000182548278 -> 2.53166519e-5\n");
}
