//! The classic slips of a hand-worked step, each one formula away from the right one: the value
//! a learner gets by making it, from the sheet's own earlier values.

use super::recompute::Own;
use crate::nn::activation::Activation;
use crate::nn::loss::Loss as LossFn;
use crate::step::{Quantity, Value};
use nalgebra::DMatrix;
use serde::Serialize;

/// A classic slip, named for the value it reproduces. Tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mistake {
    /// The sign is flipped.
    Sign,
    /// A matrix in the other orientation (rows for columns).
    Transposed,
    /// δ without its factor ∘ φ′(z).
    MissingDerivative,
    /// φ′ evaluated at a instead of z: σ′ = σ(a)(1 − σ(a)).
    DerivativeAtA,
    /// δ[l] or ∂L/∂a[l] computed with W[l+1] already updated.
    UpdatedWeights,
    /// A batch quantity without its 1/N (the mean over the samples, or over every element).
    MissingMean,
    /// θ + η·g: a step up the gradient.
    Ascent,
    /// θ − g: the learning rate left out.
    MissingLearningRate,
    /// The ½ of ½(ŷ − y)² not cancelled: ∂L/∂ŷ, δ[L] and what follows doubled.
    MissingHalf,
    /// W·x where the file's layout says x·W, or the reverse.
    Layout,
    /// δ[L] = ∂L/∂ŷ on a softmax output, without its Jacobian.
    MissingJacobian,
    /// One sample's term δₙ·aₙᵀ of a batch gradient instead of the sum over the batch.
    SingleSample,
    /// z[l−1] used where a[l−1] belongs.
    ZForA,
    /// The loss with log10 or log2 instead of the natural log.
    LogBase,
}

impl Mistake {
    /// The name in `--json`: `missing_derivative`.
    pub fn name(self) -> &'static str {
        match self {
            Mistake::Sign => "sign",
            Mistake::Transposed => "transposed",
            Mistake::MissingDerivative => "missing_derivative",
            Mistake::DerivativeAtA => "derivative_at_a",
            Mistake::UpdatedWeights => "updated_weights",
            Mistake::MissingMean => "missing_mean",
            Mistake::Ascent => "ascent",
            Mistake::MissingLearningRate => "missing_learning_rate",
            Mistake::MissingHalf => "missing_half",
            Mistake::Layout => "layout",
            Mistake::MissingJacobian => "missing_jacobian",
            Mistake::SingleSample => "single_sample",
            Mistake::ZForA => "z_for_a",
            Mistake::LogBase => "log_base",
        }
    }
}

/// The values of `q` the slips give, in the order they are tried, from the sheet's own value
/// `own_q` of it (the usual way of computing it).
pub fn slips(own: &Own, q: Quantity, own_q: &DMatrix<f64>) -> Vec<(Mistake, Value)> {
    use Quantity::*;
    let step = own.step;
    let net = step.network;
    let value = |m: &DMatrix<f64>| own.value(q, m);
    let mut out = vec![(Mistake::Sign, value(&-own_q))];
    if let Value::Matrix(rows) = value(own_q)
        && rows.len() > 1
        && rows.len() == rows[0].len()
    {
        let t = (0..rows.len()).map(|c| rows.iter().map(|r| r[c]).collect()).collect();
        out.push((Mistake::Transposed, Value::Matrix(t)));
    }
    let element_wise = |l: usize| net.layers[l - 1].activation != Activation::Softmax;
    if let Delta(l) = q {
        let missing = if element_wise(l) { Mistake::MissingDerivative } else { Mistake::MissingJacobian };
        out.push((missing, value(own.get(own.arriving(l)))));
        if element_wise(l) {
            let at_a = at_a(own, l);
            out.push((Mistake::DerivativeAtA, value(&own.chain(own.get(own.arriving(l)), &at_a))));
        }
    }
    if let PhiPrime(l) = q {
        out.push((Mistake::DerivativeAtA, value(&at_a(own, l))));
    }
    let after = |l: usize| {
        // W[l+1] − η·∂L/∂W[l+1], in a layer otherwise as it was.
        let mut layer = net.layers[l].clone();
        layer.weights = own.updated(Weights(l + 1), GradWeights(l + 1), step.learning_rate);
        own.propagated(l, &layer)
    };
    match q {
        GradA(l) => out.push((Mistake::UpdatedWeights, value(&after(l)))),
        Delta(l) if l < step.depth() && element_wise(l) => {
            let p = own.get(PhiPrime(l));
            out.push((Mistake::UpdatedWeights, value(&own.chain(&after(l), p))));
        }
        _ => {}
    }
    if matches!(q, Loss | GradOutput | Delta(_) | GradA(_) | GradWeights(_) | GradBias(_)) {
        let (n, k) = (step.samples.len(), net.layers[step.depth() - 1].neurons());
        let mut factors = vec![n];
        if matches!(net.loss, LossFn::Mse | LossFn::Bce) {
            factors.push(n * k);
        }
        factors.dedup();
        for f in factors.into_iter().filter(|&f| f > 1) {
            out.push((Mistake::MissingMean, value(&(own_q * f as f64))));
        }
    }
    let update = match q {
        NewWeights(l) => Some((Weights(l), GradWeights(l))),
        NewBias(l) if net.layers[l - 1].trainable_bias => Some((Bias(l), GradBias(l))),
        _ => None,
    };
    if let Some((p, g)) = update {
        for (mistake, lr) in [(Mistake::Ascent, -step.learning_rate), (Mistake::MissingLearningRate, 1.0)] {
            out.push((mistake, value(&own.updated(p, g, lr))));
        }
    }
    out.extend(more(own, q, own_q).into_iter().map(|(m, v)| (m, value(&v))));
    out
}

/// The slips found by learners working the notes' examples and their own: the ½ not cancelled,
/// the other layout, one sample of a batch, z for a, another log.
fn more(own: &Own, q: Quantity, own_q: &DMatrix<f64>) -> Vec<(Mistake, DMatrix<f64>)> {
    use Quantity::*;
    let step = own.step;
    let net = step.network;
    let mut out = Vec::new();
    if net.loss == LossFn::HalfSquaredError && q.phase() == crate::step::Phase::Backward {
        out.push((Mistake::MissingHalf, own_q * 2.0));
    }
    if let (NewWeights(l) | NewBias(l), LossFn::HalfSquaredError) = (q, net.loss) {
        let (p, g) =
            if matches!(q, NewWeights(_)) { (Weights(l), GradWeights(l)) } else { (Bias(l), GradBias(l)) };
        out.push((Mistake::MissingHalf, own.updated(p, g, 2.0 * step.learning_rate)));
    }
    let square = |l: usize| net.layers[l - 1].inputs() == net.layers[l - 1].neurons();
    match q {
        Z(l) if square(l) => out.push((Mistake::Layout, z_from(own, l, Own::below(l), true))),
        GradA(l) if square(l + 1) => {
            let mut layer = net.layers[l].clone();
            layer.weights = layer.weights.transpose();
            out.push((Mistake::Layout, own.propagated(l, &layer)));
        }
        _ => {}
    }
    if let GradWeights(l) | GradBias(l) = q {
        let (delta, a) = (own.get(Delta(l)), own.get(Own::below(l)));
        for n in 0..delta.nrows().min(if step.batch() { usize::MAX } else { 0 }) {
            let term = match q {
                GradWeights(_) => delta.row(n).transpose() * a.row(n),
                _ => DMatrix::from_iterator(delta.ncols(), 1, delta.row(n).iter().copied()),
            };
            out.push((Mistake::SingleSample, own.rounded(term)));
        }
    }
    match q {
        Z(l) if l > 1 => out.push((Mistake::ZForA, z_from(own, l, Z(l - 1), false))),
        GradWeights(l) if l > 1 => {
            let (delta, z) = (own.get(Delta(l)), own.get(Z(l - 1)));
            out.push((Mistake::ZForA, own.rounded(delta.transpose() * z)));
        }
        _ => {}
    }
    if matches!(q, Loss | LossAfter) && matches!(net.loss, LossFn::Bce | LossFn::CrossEntropy) {
        for base in [10f64, 2.0] {
            out.push((Mistake::LogBase, own.rounded(own_q / libm::log(base))));
        }
    }
    out
}

/// z[l] computed from `from` (a[l−1], or the slip's z[l−1]), with W[l] the other way round
/// when `other_layout`.
fn z_from(own: &Own, l: usize, from: Quantity, other_layout: bool) -> DMatrix<f64> {
    let mut layer = own.step.network.layers[l - 1].clone();
    if other_layout {
        layer.weights = layer.weights.transpose();
    }
    let a = own.get(from);
    let mut z = DMatrix::zeros(a.nrows(), layer.neurons());
    crate::nn::forward::linear(&layer, a, &mut z, own.step.round);
    z
}

/// φ′ taken at a[l] instead of z[l]: φ′(a) from a and φ(a).
fn at_a(own: &Own, l: usize) -> DMatrix<f64> {
    let layer = &own.step.network.layers[l - 1];
    let a = own.get(Quantity::A(l));
    let mut phi_a = a.clone();
    crate::nn::forward::activate(layer, a, &mut phi_a, own.step.round);
    own.rounded(layer.activation.derivatives(a, &phi_a).expect("only element-wise activations"))
}
