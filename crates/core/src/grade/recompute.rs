//! The correct value of a quantity computed from the sheet's own earlier values: the learner's
//! numbers where the sheet gives them, the trace's where it does not. Every formula is applied by
//! the functions of [`crate::nn`] that compute the step itself.

use crate::nn::activation::chain;
use crate::nn::backward::{bias_gradient, propagate, weight_gradient};
use crate::nn::forward::{activate, linear, loss};
use crate::nn::network::{Layer, Layout};
use crate::nn::optim::sgd;
use crate::nn::round::round_matrix;
use crate::step::{Quantity, Step, Value};
use nalgebra::{DMatrix, DVector};
use std::collections::HashMap;

/// One way of computing a quantity, and the quantities it was computed from.
pub struct Candidate {
    pub value: DMatrix<f64>,
    pub from: Vec<Quantity>,
}

/// The sheet's own values, as matrices: per-sample quantities one row per sample, weights and
/// their gradients neurons × inputs, biases and their gradients one column, losses 1 × 1.
pub struct Own<'a> {
    pub step: &'a Step<'a>,
    values: HashMap<Quantity, DMatrix<f64>>,
    /// The wrong or carried values on the sheet each value follows from.
    sources: HashMap<Quantity, Vec<Quantity>>,
}

fn column(v: &DVector<f64>) -> DMatrix<f64> {
    DMatrix::from_column_slice(v.len(), 1, v.as_slice())
}

impl<'a> Own<'a> {
    /// The values the step starts from: the input, the target and the parameters.
    pub fn new(step: &'a Step<'a>) -> Self {
        let mut values = HashMap::new();
        values.insert(Quantity::Input, step.samples.inputs.clone());
        values.insert(Quantity::Target, step.samples.targets.clone());
        for (l, layer) in step.network.layers.iter().enumerate() {
            values.insert(Quantity::Weights(l + 1), layer.weights.clone());
            values.insert(Quantity::Bias(l + 1), column(&layer.bias));
        }
        Own { step, values, sources: HashMap::new() }
    }

    /// The sheet's own value of `q`, which must be known by now (computation order).
    pub fn get(&self, q: Quantity) -> &DMatrix<f64> {
        self.values.get(&q).expect("quantities are taken in computation order")
    }

    /// Records the sheet's own value of `q` and the wrong values on the sheet it follows from.
    pub fn set(&mut self, q: Quantity, value: DMatrix<f64>, sources: Vec<Quantity>) {
        self.values.insert(q, value);
        self.sources.insert(q, sources);
    }

    /// The wrong or carried values on the sheet that `from` follow from, in computation order.
    pub fn sources(&self, from: &[Quantity]) -> Vec<Quantity> {
        let mut out: Vec<Quantity> = Vec::new();
        for q in from.iter().filter_map(|q| self.sources.get(q)).flatten() {
            if !out.contains(q) {
                out.push(*q);
            }
        }
        out
    }

    /// `m` (the form of [`Own`]) as a reader sees it, as [`Step::value`] shows it.
    pub fn value(&self, q: Quantity, m: &DMatrix<f64>) -> Value {
        use Quantity::*;
        match q {
            Loss | LossAfter => Value::Scalar(m[0]),
            Bias(_) | NewBias(_) | GradBias(_) => Value::Vector(m.iter().copied().collect()),
            Weights(_) | NewWeights(_) | GradWeights(_) => Value::matrix(&self.step.network.layout.store(m)),
            Input | Target | Z(_) | A(_) | PhiPrime(_) | GradOutput | GradA(_) | Delta(_) => {
                Value::samples(m, self.step.batch())
            }
        }
    }

    /// A reader's value `v` of `q` in the form of [`Own`]: the inverse of [`Own::value`].
    pub fn matrix(&self, q: Quantity, v: &Value) -> DMatrix<f64> {
        use Quantity::*;
        let rows = v.rows();
        let (r, c) = (rows.len(), rows.first().map_or(0, Vec::len));
        let m = DMatrix::from_row_iterator(r, c, rows.into_iter().flatten());
        match q {
            Bias(_) | NewBias(_) | GradBias(_) => m.transpose(),
            Weights(_) | NewWeights(_) | GradWeights(_) if self.step.network.layout == Layout::InOut => {
                m.transpose()
            }
            _ => m,
        }
    }

    fn layer(&self, l: usize) -> &Layer {
        &self.step.network.layers[l - 1]
    }

    /// `m` rounded as the step rounds every intermediate (`--round`).
    pub fn rounded(&self, mut m: DMatrix<f64>) -> DMatrix<f64> {
        round_matrix(&mut m, self.step.round);
        m
    }

    /// a[l−1]: the input for l = 1.
    pub fn below(l: usize) -> Quantity {
        if l == 1 { Quantity::Input } else { Quantity::A(l - 1) }
    }

    /// The error arriving at a[l]: ∂L/∂ŷ for the output layer, ∂L/∂a[l] below it.
    pub fn arriving(&self, l: usize) -> Quantity {
        if l == self.step.depth() { Quantity::GradOutput } else { Quantity::GradA(l) }
    }

    /// g ∘ p entry by entry: δ from the error g and the slopes p = φ′.
    pub fn chain(&self, g: &DMatrix<f64>, p: &DMatrix<f64>) -> DMatrix<f64> {
        self.rounded(g.zip_map(p, chain))
    }

    /// ∂L/∂a[l] = δ[l+1]·W[l+1] from `layer` (W[l+1] before the step, or another).
    pub fn propagated(&self, l: usize, layer: &Layer) -> DMatrix<f64> {
        let delta = self.get(Quantity::Delta(l + 1));
        let mut out = DMatrix::zeros(delta.nrows(), layer.inputs());
        propagate(delta, layer, &mut out, self.step.round);
        out
    }

    /// θ − η·g for parameter `p` (W[l] or b[l] before the step) and its gradient `g`.
    pub fn updated(&self, p: Quantity, g: Quantity, lr: f64) -> DMatrix<f64> {
        let mut theta = self.get(p).clone();
        sgd(lr, theta.as_mut_slice(), self.get(g).as_slice(), self.step.round);
        theta
    }

    /// The ways of computing `q` from the sheet's own values, the usual one first.
    pub fn candidates(&self, q: Quantity) -> Vec<Candidate> {
        use Quantity::*;
        let step = self.step;
        let net = step.network;
        let depth = step.depth();
        // Computed as the step computes it, from the quantities the step says it reads.
        let one = |value: DMatrix<f64>| vec![Candidate { value, from: step.inputs(q) }];
        let y = self.get(Target);
        match q {
            Z(l) => {
                let a = self.get(Own::below(l));
                let mut z = DMatrix::zeros(a.nrows(), self.layer(l).neurons());
                linear(self.layer(l), a, &mut z, step.round);
                one(z)
            }
            A(l) => {
                let z = self.get(Z(l));
                let mut a = z.clone();
                activate(self.layer(l), z, &mut a, step.round);
                one(a)
            }
            PhiPrime(l) => {
                let d = self.layer(l).activation.derivatives(self.get(Z(l)), self.get(A(l)));
                d.map_or_else(Vec::new, |d| one(self.rounded(d)))
            }
            Loss => {
                let (z, a) = (self.get(Z(depth)), self.get(A(depth)));
                let mut m = DMatrix::from_element(1, 1, net.loss.value(z, a, y));
                round_matrix(&mut m, step.round);
                one(m)
            }
            GradOutput => {
                let (z, a) = (self.get(Z(depth)), self.get(A(depth)));
                let mut g = DMatrix::zeros(a.nrows(), a.ncols());
                net.loss.grad_output(z, a, y, &mut g);
                one(self.rounded(g))
            }
            GradA(l) => one(self.propagated(l, self.layer(l + 1))),
            Delta(l) => self.deltas(l),
            GradWeights(l) => {
                let (delta, a) = (self.get(Delta(l)), self.get(Own::below(l)));
                let mut delta_t = DMatrix::zeros(delta.ncols(), delta.nrows());
                let mut g = DMatrix::zeros(delta.ncols(), a.ncols());
                weight_gradient(delta, a, &mut delta_t, &mut g, step.round);
                one(g)
            }
            GradBias(l) => {
                let delta = self.get(Delta(l));
                let mut g = DVector::zeros(delta.ncols());
                bias_gradient(delta, &mut g, step.round);
                one(column(&g))
            }
            NewWeights(l) => one(self.updated(Weights(l), GradWeights(l), step.learning_rate)),
            NewBias(l) if !self.layer(l).trainable_bias => one(self.get(Bias(l)).clone()),
            NewBias(l) => one(self.updated(Bias(l), GradBias(l), step.learning_rate)),
            LossAfter => self.loss_after(),
            Input | Target | Weights(_) | Bias(_) => one(self.get(q).clone()),
        }
    }

    /// δ[l] from the sheet's own values: from ŷ and y where the loss is fused with the output's
    /// activation (as the step computes it), and as the error arriving times φ′ (or through the
    /// Jacobian, from a[l]).
    fn deltas(&self, l: usize) -> Vec<Candidate> {
        use Quantity::*;
        let (step, net) = (self.step, self.step.network);
        let (z, a, y) = (self.get(Z(l)), self.get(A(l)), self.get(Target));
        let phi = self.layer(l).activation;
        let mut out = Vec::new();
        if l == step.depth() && net.loss.fused_with(phi) {
            let (mut g, mut d) = (z.clone(), z.clone());
            net.loss.output_delta(phi, z, a, y, &mut g, &mut d);
            out.push(Candidate { value: self.rounded(d), from: step.inputs(Delta(l)) });
        }
        let g = self.arriving(l);
        out.push(match self.values.get(&PhiPrime(l)) {
            Some(p) => Candidate { value: self.chain(self.get(g), p), from: vec![g, PhiPrime(l)] },
            None => {
                let mut d = z.clone();
                phi.backward(z, a, self.get(g), &mut d);
                Candidate { value: self.rounded(d), from: vec![g, A(l)] }
            }
        });
        out
    }

    /// L after the update, from the sheet's own new parameters.
    fn loss_after(&self) -> Vec<Candidate> {
        use Quantity::*;
        let mut updated = self.step.network.clone();
        let mut from = Vec::new();
        for (l, layer) in updated.layers.iter_mut().enumerate() {
            layer.weights = self.get(NewWeights(l + 1)).clone();
            layer.bias = DVector::from_column_slice(self.get(NewBias(l + 1)).as_slice());
            from.extend([NewWeights(l + 1), NewBias(l + 1)]);
        }
        let after = loss(&updated, self.get(Input), self.get(Target), self.step.round);
        vec![Candidate { value: DMatrix::from_element(1, 1, after), from }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::loss::Loss;
    use crate::nn::network::{Network, Samples};

    /// A 2 → 2 → 2 network, ReLU then `phi`, trained on `loss`, with one sample.
    fn network(phi: Activation, loss: Loss) -> (Network, Samples) {
        let layer = |activation| Layer {
            weights: DMatrix::from_row_slice(2, 2, &[0.1, -0.2, 0.3, 0.4]),
            bias: DVector::from_row_slice(&[0.1, 0.0]),
            activation,
            trainable_bias: true,
        };
        let samples = Samples {
            inputs: DMatrix::from_row_slice(1, 2, &[1.0, 2.0]),
            targets: DMatrix::from_row_slice(1, 2, &[0.0, 1.0]),
            batch: false,
        };
        (Network { layers: vec![layer(Activation::Relu), layer(phi)], loss, layout: Layout::OutIn }, samples)
    }

    #[test]
    fn the_usual_way_of_computing_a_quantity_reads_what_the_step_says_it_reads() {
        let pairs = [
            (Activation::Sigmoid, Loss::Bce),
            (Activation::Softmax, Loss::CrossEntropy),
            (Activation::Tanh, Loss::Mse),
            (Activation::Softmax, Loss::HalfSquaredError),
        ];
        for (phi, loss) in pairs {
            let (net, samples) = network(phi, loss);
            let step = Step::compute(&net, &samples, 0.1, None);
            let mut own = Own::new(&step);
            for q in step.computed().into_iter().chain([Quantity::LossAfter]) {
                let candidates = own.candidates(q);
                assert_eq!(candidates[0].from, step.inputs(q), "{q:?} of {phi:?} with {loss:?}");
                own.set(q, candidates[0].value.clone(), Vec::new());
            }
        }
    }
}
