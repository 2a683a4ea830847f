//! Every number of a trace against an independent reference: a scalar reverse-mode autodiff
//! (micrograd's design) that knows nothing of δ, layouts or matrices, on 1,200 seeded random
//! networks covering every activation, loss, layout and batch size. Agreement is to 1e-12.

use crate::common::{self, Random, numbers};
use nettrace::io::network_file::{Limits, parse};
use nettrace::render::trace::Trace;
use serde_json::Value;
use tape::Tape;

mod tape;

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    match v {
        Value::Array(rows) if rows.first().is_some_and(Value::is_array) => rows.iter().map(numbers).collect(),
        Value::Array(_) => vec![numbers(v)],
        other => panic!("not a matrix: {other}"),
    }
}

/// The reference: every quantity of one training step, by scalar autodiff.
struct Reference {
    z: Vec<Vec<Vec<f64>>>,      // [layer][sample][neuron]
    a: Vec<Vec<Vec<f64>>>,      // [layer][sample][neuron]
    delta: Vec<Vec<Vec<f64>>>,  // ∂L/∂z
    grad_a: Vec<Vec<Vec<f64>>>, // ∂L/∂a
    grad_w: Vec<Vec<Vec<f64>>>, // [layer][neuron][input]
    grad_b: Vec<Vec<f64>>,
    loss: f64,
}

struct Net {
    w: Vec<Vec<Vec<f64>>>, // out_in
    b: Vec<Vec<f64>>,
    act: Vec<(String, f64)>,
    trainable_bias: Vec<bool>,
    loss: String,
    x: Vec<Vec<f64>>,
    y: Vec<Vec<f64>>,
}

fn read_net(file: &Value) -> Net {
    let in_out = file["layout"] == "in_out";
    let layers = file["layers"].as_array().unwrap();
    let (x, y) = if file.get("inputs").is_some() {
        (matrix(&file["inputs"]), matrix(&file["targets"]))
    } else {
        (vec![numbers(&file["input"])], vec![numbers(&file["target"])])
    };
    Net {
        w: layers
            .iter()
            .map(|l| {
                let m = matrix(&l["weights"]);
                if in_out { common::transpose(&m) } else { m }
            })
            .collect(),
        b: layers.iter().map(|l| numbers(&l["bias"])).collect(),
        act: layers
            .iter()
            .map(|l| {
                (
                    l["activation"].as_str().unwrap().to_string(),
                    l.get("slope").map_or(0.01, |s| s.as_f64().unwrap()),
                )
            })
            .collect(),
        trainable_bias: layers.iter().map(|l| l["trainable_bias"].as_bool().unwrap_or(true)).collect(),
        loss: file["loss"].as_str().unwrap().to_string(),
        x,
        y,
    }
}

fn reference(net: &Net) -> Reference {
    let mut t = Tape::default();
    let w: Vec<Vec<Vec<usize>>> =
        net.w.iter().map(|m| m.iter().map(|r| r.iter().map(|&v| t.leaf(v)).collect()).collect()).collect();
    let b: Vec<Vec<usize>> = net.b.iter().map(|r| r.iter().map(|&v| t.leaf(v)).collect()).collect();
    let n = net.x.len();
    let mut zs = vec![vec![]; w.len()];
    let mut as_ = vec![vec![]; w.len()];
    let mut terms = Vec::new();
    for s in 0..n {
        let mut a: Vec<usize> = net.x[s].iter().map(|&v| t.leaf(v)).collect();
        for l in 0..w.len() {
            let z: Vec<usize> = (0..w[l].len())
                .map(|i| {
                    let products: Vec<usize> = (0..a.len()).map(|j| t.mul(w[l][i][j], a[j])).collect();
                    let s = t.sum(&products);
                    t.add(s, b[l][i])
                })
                .collect();
            let (name, slope) = &net.act[l];
            let next = activate(&mut t, name, *slope, &z);
            zs[l].push(z.clone());
            as_[l].push(next.clone());
            a = next;
        }
        let z = zs[zs.len() - 1][s].clone();
        loss_terms(&mut t, &net.loss, (&a, &z, &net.y[s]), n, &mut terms);
    }
    let loss = t.sum(&terms);
    let g = t.backward(loss);
    let per = |nodes: &Vec<Vec<Vec<usize>>>, f: &dyn Fn(usize) -> f64| -> Vec<Vec<Vec<f64>>> {
        nodes.iter().map(|l| l.iter().map(|s| s.iter().map(|&i| f(i)).collect()).collect()).collect()
    };
    Reference {
        z: per(&zs, &|i| t.v(i)),
        a: per(&as_, &|i| t.v(i)),
        delta: per(&zs, &|i| g[i]),
        grad_a: per(&as_, &|i| g[i]),
        grad_w: w.iter().map(|m| m.iter().map(|r| r.iter().map(|&i| g[i]).collect()).collect()).collect(),
        grad_b: b.iter().map(|r| r.iter().map(|&i| g[i]).collect()).collect(),
        loss: t.v(loss),
    }
}

/// a = φ(z) on the tape, for the activation `name` (leaky_relu's `slope`).
fn activate(t: &mut Tape, name: &str, slope: f64, z: &[usize]) -> Vec<usize> {
    match name {
        "softmax" => {
            let (_, e, total) = shifted_exps(t, z);
            e.iter().map(|&i| t.div(i, total)).collect()
        }
        _ => z
            .iter()
            .map(|&i| match name {
                "identity" => t.scale(i, 1.0),
                "relu" => t.max_const(i, 0.0),
                "leaky_relu" => {
                    if t.v(i) > 0.0 {
                        t.scale(i, 1.0)
                    } else {
                        t.scale(i, slope)
                    }
                }
                "tanh" => t.tanh(i),
                "sigmoid" => {
                    let neg = t.scale(i, -1.0);
                    let e = t.exp(neg);
                    let one = t.leaf(1.0);
                    let d = t.shift(e, 1.0);
                    t.div(one, d)
                }
                other => panic!("{other}"),
            })
            .collect(),
    }
}

/// The terms of the loss `loss` of one sample (of `n`), from its output `a`, logits `z` and
/// targets `y`, onto `terms`.
fn loss_terms(
    t: &mut Tape,
    loss: &str,
    (a, z, y): (&[usize], &[usize], &[f64]),
    n: usize,
    terms: &mut Vec<usize>,
) {
    let k = a.len();
    match loss {
        "half_squared_error" => {
            for (i, &p) in a.iter().enumerate() {
                let d = t.shift(p, -y[i]);
                let sq = t.mul(d, d);
                terms.push(t.scale(sq, 0.5 / n as f64));
            }
        }
        "mse" => {
            for (i, &p) in a.iter().enumerate() {
                let d = t.shift(p, -y[i]);
                let sq = t.mul(d, d);
                terms.push(t.scale(sq, 1.0 / (n * k) as f64));
            }
        }
        "bce" => {
            for (i, &p) in a.iter().enumerate() {
                let lp = t.ln(p);
                let lp = t.max_const(lp, -100.0);
                let neg = t.scale(p, -1.0);
                let q = t.shift(neg, 1.0);
                let lq = t.ln(q);
                let lq = t.max_const(lq, -100.0);
                let term1 = t.scale(lp, -y[i] / (n * k) as f64);
                let term2 = t.scale(lq, -(1.0 - y[i]) / (n * k) as f64);
                terms.push(t.add(term1, term2));
            }
        }
        "cross_entropy" => {
            let (m, _, total) = shifted_exps(t, z);
            let log_total = t.ln(total);
            for (i, &zi) in z.iter().enumerate() {
                if y[i] != 0.0 {
                    let shifted = t.shift(zi, -m);
                    let log_p = t.sub(shifted, log_total);
                    terms.push(t.scale(log_p, -y[i] / n as f64));
                }
            }
        }
        other => panic!("{other}"),
    }
}

/// Softmax's pieces for the logits `z`, shifted by their largest value m for stability: m, the
/// nodes e^(zᵢ − m) and their sum.
fn shifted_exps(t: &mut Tape, z: &[usize]) -> (f64, Vec<usize>, usize) {
    let m = z.iter().map(|&i| t.v(i)).fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<usize> = z
        .iter()
        .map(|&i| {
            let shifted = t.shift(i, -m);
            t.exp(shifted)
        })
        .collect();
    let total = t.sum(&e);
    (m, e, total)
}

/// |a − b| ≤ 1e-12·(|a| + |b|) + 1e-15: relative agreement to 1e-12.
fn close(what: &str, got: &[f64], want: &[f64], case: u64) {
    assert_eq!(got.len(), want.len(), "case {case}: {what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let tol = 1e-12 * (g.abs() + w.abs()) + 1e-15;
        assert!(
            (g - w).abs() <= tol,
            "case {case}: {what}[{i}] = {g:e}, reference {w:e}, diff {:e}",
            (g - w).abs()
        );
    }
}

fn flat(v: &[Vec<f64>]) -> Vec<f64> {
    v.iter().flatten().copied().collect()
}

fn step_numbers(trace: &Trace, layer: usize, name: &str) -> Vec<f64> {
    trace.step(Some(layer), name).unwrap_or_else(|| panic!("no {name} of layer {layer}")).value.numbers()
}

fn check_case(case: u64, file: &Value) {
    let text = file.to_string();
    let parsed =
        parse(&text, "random.json", Limits::default()).unwrap_or_else(|e| panic!("case {case}: {e}\n{text}"));
    let lr = file["learning_rate"].as_f64().unwrap();
    let tr = crate::common::trace_of(&parsed, lr, None, false);
    let net = read_net(file);
    let r = reference(&net);
    let in_out = file["layout"] == "in_out";
    let depth = net.w.len();
    for l in 0..depth {
        let n = l + 1;
        close(&format!("z[{n}]"), &step_numbers(&tr, n, "z"), &flat(&r.z[l]), case);
        close(&format!("a[{n}]"), &step_numbers(&tr, n, "a"), &flat(&r.a[l]), case);
        close(&format!("δ[{n}]"), &step_numbers(&tr, n, "delta"), &flat(&r.delta[l]), case);
        let gw = if in_out { common::transpose(&r.grad_w[l]) } else { r.grad_w[l].clone() };
        close(&format!("∂L/∂W[{n}]"), &step_numbers(&tr, n, "grad_weights"), &flat(&gw), case);
        close(&format!("∂L/∂b[{n}]"), &step_numbers(&tr, n, "grad_bias"), &r.grad_b[l], case);
        if n < depth {
            close(&format!("∂L/∂a[{n}]"), &step_numbers(&tr, n, "grad_a"), &flat(&r.grad_a[l]), case);
        }
        // The update: θ − η·g from the reference gradient.
        let w_new: Vec<Vec<f64>> = net.w[l]
            .iter()
            .zip(&r.grad_w[l])
            .map(|(row, g)| row.iter().zip(g).map(|(w, g)| w - lr * g).collect())
            .collect();
        let w_new = if in_out { common::transpose(&w_new) } else { w_new };
        close(&format!("new W[{n}]"), &step_numbers(&tr, n, "weights"), &flat(&w_new), case);
        let b_new: Vec<f64> = if net.trainable_bias[l] {
            net.b[l].iter().zip(&r.grad_b[l]).map(|(b, g)| b - lr * g).collect()
        } else {
            net.b[l].clone()
        };
        close(&format!("new b[{n}]"), &step_numbers(&tr, n, "bias"), &b_new, case);
    }
    close("loss", &[tr.loss], &[r.loss], case);

    // The loss after the update, from the reference's updated parameters.
    let mut updated = net;
    for l in 0..depth {
        for (i, row) in updated.w[l].iter_mut().enumerate() {
            for (j, w) in row.iter_mut().enumerate() {
                *w -= lr * r.grad_w[l][i][j];
            }
        }
        if updated.trainable_bias[l] {
            for (i, b) in updated.b[l].iter_mut().enumerate() {
                *b -= lr * r.grad_b[l][i];
            }
        }
    }
    close("loss_after", &[tr.loss_after], &[reference(&updated).loss], case);
}

#[test]
fn every_value_matches_scalar_autodiff_on_random_networks() {
    let mut rng = Random::new(20261128);
    let mut seen = std::collections::BTreeSet::new();
    for case in 0..1200 {
        let file = rng.network(false);
        seen.insert((file["loss"].to_string(), file["layout"].to_string(), file.get("inputs").is_some()));
        for l in file["layers"].as_array().unwrap() {
            seen.insert((l["activation"].to_string(), String::new(), false));
        }
        check_case(case, &file);
    }
    // Every loss × layout × (single, batch), and every activation, took part.
    assert_eq!(seen.len(), 4 * 2 * 2 + 6, "{seen:?}");
}

#[test]
fn gradients_match_central_differences_on_smooth_random_networks() {
    use nettrace::nn::backward::backward;
    use nettrace::nn::forward::{forward, loss};
    let mut rng = Random::new(7);
    for case in 0..1000 {
        let file = rng.network(true);
        let parsed = parse(&file.to_string(), "random.json", Limits::default()).unwrap();
        let s = parsed.samples.as_ref().unwrap();
        let net = &parsed.network;
        let f = forward(net, &s.inputs, None);
        let g = backward(net, &f, &s.targets, None);
        let h = 1e-6;
        for l in 0..net.layers.len() {
            for idx in 0..net.layers[l].weights.len() {
                let mut plus = net.clone();
                plus.layers[l].weights[idx] += h;
                let mut minus = net.clone();
                minus.layers[l].weights[idx] -= h;
                let numeric = (loss(&plus, &s.inputs, &s.targets, None)
                    - loss(&minus, &s.inputs, &s.targets, None))
                    / (2.0 * h);
                let analytic = g.grad_weights[l][idx];
                let err = (numeric - analytic).abs();
                assert!(
                    err <= 1e-6 * numeric.abs().max(analytic.abs()) + 1e-8,
                    "case {case}: ∂L/∂W[{}] element {idx}: backprop {analytic:e}, finite differences {numeric:e}",
                    l + 1
                );
            }
            for idx in 0..net.layers[l].bias.len() {
                let mut plus = net.clone();
                plus.layers[l].bias[idx] += h;
                let mut minus = net.clone();
                minus.layers[l].bias[idx] -= h;
                let numeric = (loss(&plus, &s.inputs, &s.targets, None)
                    - loss(&minus, &s.inputs, &s.targets, None))
                    / (2.0 * h);
                let analytic = g.grad_bias[l][idx];
                assert!(
                    (numeric - analytic).abs() <= 1e-6 * numeric.abs().max(analytic.abs()) + 1e-8,
                    "case {case}: ∂L/∂b[{}] element {idx}: backprop {analytic:e}, finite differences {numeric:e}",
                    l + 1
                );
            }
        }
    }
}
