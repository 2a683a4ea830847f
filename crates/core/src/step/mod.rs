//! The typed result of one training step: every quantity, computed once. Renderers and teaching
//! tools read it and never compute a formula again.
//!
//! The network and samples are borrowed; each layer's quantities are matrices with one row per
//! sample, and parameters and their gradients are neurons × inputs, whatever the file's layout
//! (see [`Step::view`] for the numbers as a reader reads them).

mod quantity;
mod value;
mod view;

pub use quantity::{Phase, Quantity};
pub use value::{Num, Number, Value, rows};
pub use view::{Axis, Shape, View};

use crate::nn::backward::{Gradients, propagate_with};
use crate::nn::forward::{self, Forward};
use crate::nn::network::{Network, Samples};
use crate::nn::optim::{Method, gradient_descent};
use crate::nn::product::{Products, Serial};
use crate::nn::round::{round_matrix, round_opt};
use nalgebra::{DMatrix, DVector};

/// The quantities of one layer l, one row per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerStep {
    /// z[l].
    pub z: DMatrix<f64>,
    /// a[l] = φ(z[l]).
    pub a: DMatrix<f64>,
    /// φ′(z[l]); none for softmax, whose derivative is a Jacobian.
    pub phi_prime: Option<DMatrix<f64>>,
    /// δ[l] = ∂L/∂z[l].
    pub delta: DMatrix<f64>,
    /// ∂L/∂W[l], neurons × inputs.
    pub grad_weights: DMatrix<f64>,
    /// ∂L/∂b[l].
    pub grad_bias: DVector<f64>,
    /// ∂L/∂a[l−1] = δ[l]·W[l]: the error passed down to the layer below (to the input for l = 1).
    pub grad_input: DMatrix<f64>,
}

/// One training step: forward, loss, backward, update, and the loss after the update.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// The network before the step.
    pub network: &'a Network,
    pub samples: &'a Samples,
    /// η.
    pub learning_rate: f64,
    /// Decimal places every intermediate was rounded to, if any.
    pub round: Option<u32>,
    /// Layers 1..L (index 0 is layer 1).
    pub layers: Vec<LayerStep>,
    /// L.
    pub loss: f64,
    /// ∂L/∂ŷ, one row per sample.
    pub grad_output: DMatrix<f64>,
    /// How the parameters were updated.
    pub method: Method,
    /// The network after the update.
    pub updated: Network,
    /// L after the update.
    pub loss_after: f64,
}

impl<'a> Step<'a> {
    /// One gradient-descent step of `network` on `samples` with learning rate `lr`, every
    /// intermediate rounded to `round` decimal places when given.
    pub fn compute(network: &'a Network, samples: &'a Samples, lr: f64, round: Option<u32>) -> Step<'a> {
        Step::compute_with(network, samples, lr, round, &Serial)
    }

    /// [`Step::compute`], its matrix products carried out by `products`.
    pub fn compute_with(
        network: &'a Network,
        samples: &'a Samples,
        lr: f64,
        round: Option<u32>,
        products: &dyn Products,
    ) -> Step<'a> {
        let (x, y) = (&samples.inputs, &samples.targets);
        let mut f = Forward::new(network, x.nrows());
        f.compute_with(network, x, round, products);
        let loss = round_opt(network.loss.value(f.logits(), f.output(), y), round);
        let mut g = Gradients::new(network, x.nrows());
        g.compute_with(network, &f, y, round, products);

        let mut grad_output = DMatrix::zeros(y.nrows(), y.ncols());
        network.loss.grad_output(f.logits(), f.output(), y, &mut grad_output);
        round_matrix(&mut grad_output, round);
        let mut grad_x = DMatrix::zeros(x.nrows(), x.ncols());
        propagate_with(&g.delta[0], &network.layers[0], &mut grad_x, round, products);

        let mut updated = network.clone();
        gradient_descent(&mut updated, &g, lr, round);
        // As forward::loss computes it.
        let mut after = Forward::new(&updated, x.nrows());
        after.compute_with(&updated, x, round, products);
        let loss_after = round_opt(updated.loss.value(after.logits(), after.output(), y), round);

        let mut grad_a = g.grad_a.into_iter();
        let mut grad_x = Some(grad_x);
        let layers = network
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let (z, a) = (&f.z[l], &f.a[l + 1]);
                let mut phi_prime = layer.activation.derivatives(z, a);
                if let Some(d) = &mut phi_prime {
                    round_matrix(d, round);
                }
                let grad_input = if l == 0 { grad_x.take() } else { grad_a.next() };
                LayerStep {
                    z: z.clone(),
                    a: a.clone(),
                    phi_prime,
                    delta: g.delta[l].clone(),
                    grad_weights: g.grad_weights[l].clone(),
                    grad_bias: g.grad_bias[l].clone(),
                    grad_input: grad_input.expect("one ∂L/∂a per layer below the output"),
                }
            })
            .collect();
        Step {
            network,
            samples,
            learning_rate: lr,
            round,
            layers,
            loss,
            grad_output,
            method: Method::Sgd,
            updated,
            loss_after,
        }
    }

    /// The step with the update an optimizer other than plain gradient descent made.
    pub fn with_update(mut self, method: Method, updated: Network) -> Self {
        let (x, y) = (&self.samples.inputs, &self.samples.targets);
        self.loss_after = forward::loss(&updated, x, y, None);
        self.method = method;
        self.updated = updated;
        self
    }

    /// The number of layers L.
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// True for a batch (`inputs`/`targets`), false for one sample (`input`/`target`).
    pub fn batch(&self) -> bool {
        self.samples.batch
    }

    /// The quantities a trace lists, in the order they are computed: z and a of each layer,
    /// the loss, ∂L/∂ŷ, then from the output down ∂L/∂a, φ′(z) (for element-wise activations),
    /// δ and the gradients, then the new parameters.
    pub fn computed(&self) -> Vec<Quantity> {
        use Quantity::*;
        let depth = self.depth();
        let mut out: Vec<Quantity> = (1..=depth).flat_map(|l| [Z(l), A(l)]).collect();
        out.extend([Loss, GradOutput]);
        for l in (1..=depth).rev() {
            if l < depth {
                out.push(GradA(l));
            }
            if self.layers[l - 1].phi_prime.is_some() {
                out.push(PhiPrime(l));
            }
            out.extend([Delta(l), GradWeights(l), GradBias(l)]);
        }
        out.extend((1..=depth).flat_map(|l| [NewWeights(l), NewBias(l)]));
        out
    }

    /// The quantities `q` is computed from, as the step computes it: the one statement of which
    /// quantities feed which, read by grading (the sheet's own values) and the graph.
    ///
    /// δ[L] of softmax with cross-entropy, or of sigmoid with bce, comes from ŷ and y (δ[L] = ŷ − y,
    /// over N or N·K), never through ∂L/∂ŷ, which may overflow where δ[L] stays finite. Those two
    /// losses take L from the logits z[L] (log-sum-exp, log(1 + e⁻ᶻ)), and bce's ∂L/∂ŷ divides by
    /// ŷ(1 − ŷ) = σ(z)σ(−z). σ′ and tanh′ come from a (a(1 − a), 1 − a²); the other slopes from z.
    pub fn inputs(&self, q: Quantity) -> Vec<Quantity> {
        use crate::nn::activation::Activation;
        use crate::nn::loss::Loss as LossFn;
        use Quantity::*;
        let depth = self.depth();
        let fused = self.network.loss.fused_with(self.network.layers[depth - 1].activation);
        let layer = |l: usize| &self.network.layers[l - 1];
        let prev_a = |l: usize| if l == 1 { Input } else { A(l - 1) };
        // δ[l] = g ∘ φ′(z[l]) for an element-wise φ; through the Jacobian, from a[l], for softmax.
        let through = |l: usize| if self.layers[l - 1].phi_prime.is_some() { PhiPrime(l) } else { A(l) };
        let logits = matches!(self.network.loss, LossFn::Bce | LossFn::CrossEntropy);
        match q {
            Z(l) => vec![prev_a(l), Weights(l), Bias(l)],
            A(l) => vec![Z(l)],
            PhiPrime(l) if matches!(layer(l).activation, Activation::Sigmoid | Activation::Tanh) => {
                vec![A(l)]
            }
            PhiPrime(l) => vec![Z(l)],
            Loss if logits => vec![Z(depth), Target],
            GradOutput if self.network.loss == LossFn::Bce => vec![Z(depth), A(depth), Target],
            Loss | GradOutput => vec![A(depth), Target],
            Delta(l) if l == depth && fused => vec![A(l), Target],
            Delta(l) if l == depth => vec![GradOutput, through(l)],
            Delta(l) => vec![GradA(l), through(l)],
            GradA(l) => vec![Delta(l + 1), Weights(l + 1)],
            GradWeights(l) => vec![Delta(l), prev_a(l)],
            GradBias(l) => vec![Delta(l)],
            NewWeights(l) => vec![Weights(l), GradWeights(l)],
            NewBias(l) if !layer(l).trainable_bias => vec![Bias(l)],
            NewBias(l) => vec![Bias(l), GradBias(l)],
            LossAfter => (1..=depth).flat_map(|l| [NewWeights(l), NewBias(l)]).collect(),
            Input | Target | Weights(_) | Bias(_) => Vec::new(),
        }
    }

    /// The value of `q` as JSON writes it: [`Step::view`]'s numbers as a number, a vector or
    /// rows.
    pub fn value(&self, q: Quantity) -> Value {
        self.view(q).value()
    }

    /// The first computed quantity holding a NaN or an infinity, with that number. ∂L/∂ŷ is
    /// left out where δ[L] is taken from the logits (σ with bce, softmax with cross-entropy):
    /// there it may overflow where ŷ rounds to 0 or 1 while δ[L] stays finite.
    pub fn first_non_finite(&self) -> Option<(Quantity, f64)> {
        let fused = self.network.loss.fused_with(self.network.layers[self.depth() - 1].activation);
        self.computed()
            .into_iter()
            .filter(|q| !(fused && *q == Quantity::GradOutput))
            .chain([Quantity::LossAfter])
            .find_map(|q| self.view(q).numbers().iter().find(|x| !x.is_finite()).map(|&x| (q, x)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::loss::Loss;
    use crate::nn::network::{Layer, Layout};
    use Quantity::*;

    /// A 2 → 2 network with output `phi`, trained on `loss`, and one sample.
    fn network(phi: Activation, loss: Loss) -> (Network, Samples) {
        let layer = Layer {
            weights: DMatrix::from_row_slice(2, 2, &[0.1, 0.2, 0.3, 0.4]),
            bias: DVector::zeros(2),
            activation: phi,
            trainable_bias: true,
        };
        let samples = Samples {
            inputs: DMatrix::from_row_slice(1, 2, &[1.0, 2.0]),
            targets: DMatrix::from_row_slice(1, 2, &[0.0, 1.0]),
            batch: false,
        };
        (Network { layers: vec![layer], loss, layout: Layout::OutIn }, samples)
    }

    #[test]
    fn the_output_error_comes_from_y_hat_and_y_where_the_loss_takes_the_logits() {
        for (phi, loss) in [(Activation::Softmax, Loss::CrossEntropy), (Activation::Sigmoid, Loss::Bce)] {
            let (net, samples) = network(phi, loss);
            let step = Step::compute(&net, &samples, 0.1, None);
            assert_eq!(step.inputs(Delta(1)), [A(1), Target], "{loss:?}");
        }
        let (net, samples) = network(Activation::Sigmoid, Loss::Mse);
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(Delta(1)), [GradOutput, PhiPrime(1)]);
        let (net, samples) = network(Activation::Softmax, Loss::Mse);
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(Delta(1)), [GradOutput, A(1)]);
    }

    #[test]
    fn each_quantity_is_computed_from_what_the_step_reads() {
        let (net, samples) = network(Activation::Sigmoid, Loss::Bce);
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(PhiPrime(1)), [A(1)], "σ′ = a(1 − a)");
        assert_eq!(step.inputs(Loss), [Z(1), Target], "bce from the logits");
        assert_eq!(step.inputs(GradOutput), [Z(1), A(1), Target], "over σ(z)σ(−z)");
        let (net, samples) = network(Activation::Softmax, Loss::CrossEntropy);
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(Loss), [Z(1), Target], "log-sum-exp of the logits");
        assert_eq!(step.inputs(GradOutput), [A(1), Target]);
        let (net, samples) = network(Activation::Relu, Loss::Mse);
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(PhiPrime(1)), [Z(1)]);
        assert_eq!(step.inputs(Loss), [A(1), Target]);
        let (mut net, samples) = network(Activation::Relu, Loss::Mse);
        net.layers.push(net.layers[0].clone());
        net.layers[1].trainable_bias = false;
        let step = Step::compute(&net, &samples, 0.1, None);
        assert_eq!(step.inputs(GradA(1)), [Delta(2), Weights(2)]);
        assert_eq!(step.inputs(NewBias(2)), [Bias(2)]);
    }
}
