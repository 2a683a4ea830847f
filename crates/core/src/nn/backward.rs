//! The backward pass: δ[L] from the loss, then for l = L..1
//! ∂L/∂W[l] = δ[l]ᵀ·a[l−1] (summed over samples), ∂L/∂b[l] = Σₙ δ[l],
//! ∂L/∂a[l−1] = δ[l]·W[l], δ[l−1] = ∂L/∂a[l−1] ∘ φ′(z[l−1]).

use crate::nn::forward::Forward;
use crate::nn::network::{Layer, Network};
use crate::nn::product::{Products, Serial, View, view};
use crate::nn::round::{round_matrix, round_opt};
use nalgebra::{DMatrix, DVector};

/// Every error signal and gradient of one backward pass.
///
/// Index l − 1 holds the quantity of layer l. δ carries the batch's 1/N, so the
/// gradients are plain sums over samples.
#[derive(Debug, Clone)]
pub struct Gradients {
    /// δ[l] = ∂L/∂z[l], N × neurons.
    pub delta: Vec<DMatrix<f64>>,
    /// ∂L/∂W[l], neurons × inputs.
    pub grad_weights: Vec<DMatrix<f64>>,
    /// ∂L/∂b[l].
    pub grad_bias: Vec<DVector<f64>>,
    /// ∂L/∂a[l] for l = 1..L−1 (index l − 1): the error passed down from layer l + 1.
    pub grad_a: Vec<DMatrix<f64>>,
    /// ∂L/∂ŷ, a scratch buffer for the output layer.
    grad_output: DMatrix<f64>,
    /// δ[l]ᵀ, a scratch buffer: δᵀ·a through the fast matrix product (nalgebra's
    /// transposed product `gemm_tr` does not use it).
    delta_t: Vec<DMatrix<f64>>,
}

impl Gradients {
    /// Buffers for `net` and `samples` rows, reused by [`Gradients::compute`].
    pub fn new(net: &Network, samples: usize) -> Self {
        let layers = &net.layers;
        Gradients {
            delta: layers.iter().map(|l| DMatrix::zeros(samples, l.neurons())).collect(),
            grad_weights: layers.iter().map(|l| DMatrix::zeros(l.neurons(), l.inputs())).collect(),
            grad_bias: layers.iter().map(|l| DVector::zeros(l.neurons())).collect(),
            grad_a: layers[..layers.len() - 1].iter().map(|l| DMatrix::zeros(samples, l.neurons())).collect(),
            grad_output: DMatrix::zeros(samples, net.output_size()),
            delta_t: layers.iter().map(|l| DMatrix::zeros(l.neurons(), samples)).collect(),
        }
    }

    /// The backward pass of `net` from the forward pass `f` and targets `y`,
    /// every result rounded to `round` decimal places when given.
    pub fn compute(&mut self, net: &Network, f: &Forward, y: &DMatrix<f64>, round: Option<u32>) {
        self.compute_with(net, f, y, round, &Serial);
    }

    /// [`Gradients::compute`], its matrix products carried out by `products`.
    pub fn compute_with(
        &mut self,
        net: &Network,
        f: &Forward,
        y: &DMatrix<f64>,
        round: Option<u32>,
        products: &dyn Products,
    ) {
        self.compute_from(net, f, &view(&f.a[0]), y, round, products);
    }

    /// The backward pass after [`Forward::compute_on`]: `x` is the input that pass read (its
    /// a[0]), read where it is.
    pub fn compute_on(
        &mut self,
        net: &Network,
        f: &Forward,
        x: &View,
        y: &DMatrix<f64>,
        products: &dyn Products,
    ) {
        self.compute_from(net, f, x, y, None, products);
    }

    /// The backward pass from the forward pass `f` on the input `x`.
    fn compute_from(
        &mut self,
        net: &Network,
        f: &Forward,
        x: &View,
        y: &DMatrix<f64>,
        round: Option<u32>,
        products: &dyn Products,
    ) {
        let n = y.nrows();
        if self.grad_output.nrows() != n {
            *self = Gradients::new(net, n);
        }
        let last = net.layers.len() - 1;
        let output = &net.layers[last];
        net.loss.output_delta(
            output.activation,
            &f.z[last],
            &f.a[last + 1],
            y,
            &mut self.grad_output,
            &mut self.delta[last],
        );
        round_matrix(&mut self.delta[last], round);

        for l in (0..=last).rev() {
            let delta = &self.delta[l];
            let (delta_t, grad_weights) = (&mut self.delta_t[l], &mut self.grad_weights[l]);
            let a_prev = if l == 0 { *x } else { view(&f.a[l]) };
            weight_gradient_with(delta, &a_prev, delta_t, grad_weights, round, products);
            bias_gradient(delta, &mut self.grad_bias[l], round);
            if l > 0 {
                let grad_a = &mut self.grad_a[l - 1];
                propagate_with(delta, &net.layers[l], grad_a, round, products);
                let below = &mut self.delta[l - 1];
                net.layers[l - 1].activation.backward(&f.z[l - 1], &f.a[l], grad_a, below);
                round_matrix(below, round);
            }
        }
    }
}

/// ∂L/∂W[l] = Σₙ δ[l]ₙᵀ·a[l−1]ₙ (neurons × inputs) into `out`, from δ[l] (N × neurons) and
/// a[l−1] (N × inputs); `delta_t` (neurons × N) is scratch for δᵀ.
pub fn weight_gradient(
    delta: &DMatrix<f64>,
    a_prev: &DMatrix<f64>,
    delta_t: &mut DMatrix<f64>,
    out: &mut DMatrix<f64>,
    round: Option<u32>,
) {
    weight_gradient_with(delta, &view(a_prev), delta_t, out, round, &Serial);
}

/// [`weight_gradient`], its product carried out by `products`.
fn weight_gradient_with(
    delta: &DMatrix<f64>,
    a_prev: &View,
    delta_t: &mut DMatrix<f64>,
    out: &mut DMatrix<f64>,
    round: Option<u32>,
    products: &dyn Products,
) {
    transpose(delta, delta_t);
    products.product(out, &view(delta_t), a_prev);
    round_matrix(out, round);
}

/// `to` ← `m`ᵀ, eight of m's columns at a time: each row's eight numbers are one run of `to`.
fn transpose(m: &DMatrix<f64>, to: &mut DMatrix<f64>) {
    let (rows, cols) = m.shape();
    assert_eq!(to.shape(), (cols, rows), "the transpose's shape");
    let (from, to) = (m.as_slice(), to.as_mut_slice());
    for c0 in (0..cols).step_by(8) {
        let width = 8.min(cols - c0);
        for r in 0..rows {
            for (c, x) in to[r * cols + c0..][..width].iter_mut().enumerate() {
                *x = from[(c0 + c) * rows + r];
            }
        }
    }
}

/// ∂L/∂b[l] = Σₙ δ[l]ₙ into `out`: each column summed from the first row down, as an
/// iterator's `sum` adds (from −0), four columns side by side so that their sums do not wait for
/// each other.
pub fn bias_gradient(delta: &DMatrix<f64>, out: &mut DVector<f64>, round: Option<u32>) {
    let rows = delta.nrows();
    let column = |c: usize| &delta.as_slice()[c * rows..][..rows];
    let first = out.len() / 4 * 4;
    let mut fours = out.as_mut_slice().chunks_exact_mut(4);
    for (q, g) in fours.by_ref().enumerate() {
        let columns: [_; 4] = std::array::from_fn(|k| column(4 * q + k));
        let mut sums = [-0.0; 4];
        for r in 0..rows {
            for (sum, column) in sums.iter_mut().zip(&columns) {
                *sum += column[r];
            }
        }
        for (g, sum) in g.iter_mut().zip(sums) {
            *g = round_opt(sum, round);
        }
    }
    for (k, g) in fours.into_remainder().iter_mut().enumerate() {
        *g = round_opt(column(first + k).iter().sum(), round);
    }
}

/// ∂L/∂a[l−1] = δ[l]·W[l] (one row per sample) into `out`: the error layer l passes down.
pub fn propagate(delta: &DMatrix<f64>, layer: &Layer, out: &mut DMatrix<f64>, round: Option<u32>) {
    propagate_with(delta, layer, out, round, &Serial);
}

/// [`propagate`], its product carried out by `products`.
pub fn propagate_with(
    delta: &DMatrix<f64>,
    layer: &Layer,
    out: &mut DMatrix<f64>,
    round: Option<u32>,
    products: &dyn Products,
) {
    products.product(out, &view(delta), &view(&layer.weights));
    round_matrix(out, round);
}

/// The backward pass of `net` into new buffers.
pub fn backward(net: &Network, f: &Forward, y: &DMatrix<f64>, round: Option<u32>) -> Gradients {
    let mut g = Gradients::new(net, y.nrows());
    g.compute(net, f, y, round);
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::Draws;

    #[test]
    fn the_transpose_moves_every_number() {
        for (rows, cols) in [(1, 1), (3, 8), (64, 128), (5, 13)] {
            let m = Draws::new(7).normal_matrix(rows, cols);
            let mut t = DMatrix::from_element(cols, rows, f64::NAN);
            transpose(&m, &mut t);
            assert_eq!(t, m.transpose(), "{rows}×{cols}");
        }
    }

    #[test]
    fn bias_gradients_are_each_columns_sum_in_order() {
        // Columns in fours and three more; one column all −0, whose sum from −0 stays −0.
        let mut delta = Draws::new(4).normal_matrix(9, 7);
        delta.column_mut(2).fill(-0.0);
        let mut out = DVector::from_element(7, f64::NAN);
        bias_gradient(&delta, &mut out, None);
        for c in 0..7 {
            let expected: f64 = delta.column(c).iter().sum();
            assert_eq!(out[c].to_bits(), expected.to_bits(), "column {c}");
        }
        assert!(out[2].is_sign_negative());
    }
}
