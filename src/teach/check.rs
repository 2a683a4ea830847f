//! Gradient check: each backpropagated ∂L/∂θ against the central difference
//! (L(θ + ε) − L(θ − ε)) / 2ε.
//!
//! The relative error of a parameter is |g − n| / max(|g|, |n|) (0 when both are
//! 0), where g is the analytic gradient and n the numeric one. A row passes when
//! the relative error is at most tol, or when |g − n| ≤ 10·ε_mach·max(|L|, 1) / ε:
//! the central difference itself carries a rounding error of about ε_mach·|L| / ε,
//! and differences below that say nothing about the gradient.
//! Where a ReLU-family unit has |z| ≤ ε·(1 + ‖a[l−1]‖₁) for some sample, a
//! perturbation of the parameters of that layer or of any layer below it may
//! cross the kink, and the central difference is not meaningful there: those
//! rows are marked and not counted as failures.

use crate::nn::activation::Activation;
use crate::nn::forward::loss;
use crate::nn::network::{Layout, Network};
use crate::step::Step;

/// Which parameter of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// W[l] at (neuron, input), whatever the file's layout.
    Weight { neuron: usize, input: usize },
    /// b[l] at a neuron.
    Bias { neuron: usize },
}

/// The verdict of one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Near a ReLU kink: the central difference is not meaningful.
    Kink,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "ok",
            Verdict::Fail => "FAIL",
            Verdict::Kink => "kink",
        }
    }
}

/// One parameter's check.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The layer, numbered from 1.
    pub layer: usize,
    pub param: Param,
    /// The backpropagated ∂L/∂θ.
    pub analytic: f64,
    /// The central difference.
    pub numeric: f64,
    pub relative_error: f64,
    pub verdict: Verdict,
}

/// A ReLU-family unit whose pre-activation is within reach of its kink.
#[derive(Debug, Clone, PartialEq)]
pub struct Kink {
    pub layer: usize,
    pub unit: usize,
    pub sample: usize,
    pub z: f64,
}

/// A whole gradient check.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The layout the parameters' indices follow.
    pub layout: Layout,
    pub eps: f64,
    pub tol: f64,
    pub loss: f64,
    pub rows: Vec<Row>,
    pub kinks: Vec<Kink>,
}

impl Check {
    /// The rows that failed.
    pub fn failures(&self) -> usize {
        self.rows.iter().filter(|r| r.verdict == Verdict::Fail).count()
    }

    /// The largest relative error among rows not at a kink.
    pub fn worst(&self) -> f64 {
        self.rows.iter().filter(|r| r.verdict != Verdict::Kink).map(|r| r.relative_error).fold(0.0, f64::max)
    }

    /// The largest relative error among rows whose gradient is above the difference's
    /// rounding noise (the rows where the relative error means something).
    pub fn worst_meaningful(&self) -> f64 {
        let noise = 10.0 * f64::EPSILON * self.loss.abs().max(1.0) / self.eps;
        self.rows
            .iter()
            .filter(|r| {
                r.verdict != Verdict::Kink && r.analytic.abs().max(r.numeric.abs()) > noise / self.tol
            })
            .map(|r| r.relative_error)
            .fold(0.0, f64::max)
    }
}

/// The work of checking `net` on `samples` samples, in multiply-adds: two forward passes per
/// parameter, each costing per sample a multiply-add per weight, about 30 per unit (φ, the
/// bias) and about 200 per layer (the matrix product's set-up), as measured on long chains.
pub fn cost(net: &Network, samples: usize) -> f64 {
    let per_pass: f64 = net
        .layers
        .iter()
        .map(|l| samples as f64 * (l.weights.len() as f64 + 30.0 * l.neurons() as f64) + 200.0)
        .sum();
    2.0 * net.parameter_count() as f64 * per_pass
}

/// |analytic − numeric| / max(|analytic|, |numeric|), 0 when both are 0.
pub(crate) fn relative_error(analytic: f64, numeric: f64) -> f64 {
    let scale = analytic.abs().max(numeric.abs());
    if scale == 0.0 { 0.0 } else { (analytic - numeric).abs() / scale }
}

/// The rule of the module docs: within `tol` relatively, or within the rounding noise
/// 10·ε_mach·max(|L|, 1) / ε of the central difference.
pub fn passes(analytic: f64, numeric: f64, loss: f64, eps: f64, tol: f64) -> bool {
    let noise = 10.0 * f64::EPSILON * loss.abs().max(1.0) / eps;
    relative_error(analytic, numeric) <= tol || (analytic - numeric).abs() <= noise
}

/// Checks every parameter of `net` on `samples` with step `eps` and tolerance `tol`.
pub fn check(step: &Step, eps: f64, tol: f64) -> Check {
    let (net, x, y) = (step.network, &step.samples.inputs, &step.samples.targets);
    let l0 = step.loss;
    let kinks = kinks(step, eps);
    let kink_top = kinks.iter().map(|k| k.layer).max().unwrap_or(0);

    let mut work = net.clone();
    let mut rows = Vec::with_capacity(net.parameter_count());
    let diff = |work: &mut Network, l: usize, p: Param| {
        let original = get(work, l, p);
        set(work, l, p, original + eps);
        let up = loss(work, x, y, None);
        set(work, l, p, original - eps);
        let down = loss(work, x, y, None);
        set(work, l, p, original);
        (up - down) / (2.0 * eps)
    };
    for (l, layer) in net.layers.iter().enumerate() {
        let params = (0..layer.neurons())
            .flat_map(|i| (0..layer.inputs()).map(move |j| Param::Weight { neuron: i, input: j }))
            .chain((0..layer.neurons()).map(|i| Param::Bias { neuron: i }))
            .collect::<Vec<_>>();
        for p in params {
            let analytic = match p {
                Param::Weight { neuron, input } => step.layers[l].grad_weights[(neuron, input)],
                Param::Bias { neuron } => step.layers[l].grad_bias[neuron],
            };
            let numeric = diff(&mut work, l, p);
            let relative_error = relative_error(analytic, numeric);
            let verdict = if l < kink_top {
                Verdict::Kink
            } else if passes(analytic, numeric, l0, eps, tol) {
                Verdict::Pass
            } else {
                Verdict::Fail
            };
            rows.push(Row { layer: l + 1, param: p, analytic, numeric, relative_error, verdict });
        }
    }
    Check { layout: net.layout, eps, tol, loss: l0, rows, kinks }
}

fn get(net: &Network, l: usize, p: Param) -> f64 {
    match p {
        Param::Weight { neuron, input } => net.layers[l].weights[(neuron, input)],
        Param::Bias { neuron } => net.layers[l].bias[neuron],
    }
}

fn set(net: &mut Network, l: usize, p: Param, v: f64) {
    match p {
        Param::Weight { neuron, input } => net.layers[l].weights[(neuron, input)] = v,
        Param::Bias { neuron } => net.layers[l].bias[neuron] = v,
    }
}

/// ReLU-family units with |z| ≤ ε·(1 + ‖a[l−1]‖₁) for some sample.
fn kinks(step: &Step, eps: f64) -> Vec<Kink> {
    let mut out = Vec::new();
    for (l, layer) in step.network.layers.iter().enumerate() {
        if !matches!(layer.activation, Activation::Relu | Activation::LeakyRelu { .. }) {
            continue;
        }
        let z = &step.layers[l].z;
        let below = if l == 0 { &step.samples.inputs } else { &step.layers[l - 1].a };
        for s in 0..z.nrows() {
            let reach = eps * (1.0 + below.row(s).iter().map(|v| v.abs()).sum::<f64>());
            for u in 0..z.ncols() {
                if z[(s, u)].abs() <= reach {
                    out.push(Kink { layer: l + 1, unit: u + 1, sample: s + 1, z: z[(s, u)] });
                }
            }
        }
    }
    out
}
