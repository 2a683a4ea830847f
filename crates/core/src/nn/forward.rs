//! The forward pass: z[l] = W[l]·a[l−1] + b[l], a[l] = φ(z[l]), for l = 1..L.

use crate::nn::network::{Layer, Network};
use crate::nn::product::{Products, Serial, View, view};
use crate::nn::round::round_matrix;
use nalgebra::{DMatrix, DMatrixView};

/// Every z[l] and a[l] of one forward pass, one row per sample.
///
/// `a[0]` is the input; `z[l − 1]` holds z[l] (there is no z[0]).
#[derive(Debug, Clone)]
pub struct Forward {
    /// z[1..L], each N × (neurons of the layer).
    pub z: Vec<DMatrix<f64>>,
    /// a[0..L], a[0] = x.
    pub a: Vec<DMatrix<f64>>,
}

impl Forward {
    /// Buffers for `net` and `samples` rows, reused by [`Forward::compute`].
    pub fn new(net: &Network, samples: usize) -> Self {
        let mut a = vec![DMatrix::zeros(samples, net.input_size())];
        let mut z = Vec::with_capacity(net.layers.len());
        for layer in &net.layers {
            z.push(DMatrix::zeros(samples, layer.neurons()));
            a.push(DMatrix::zeros(samples, layer.neurons()));
        }
        Forward { z, a }
    }

    /// The forward pass of `net` on `x` (N × inputs), every result rounded to
    /// `round` decimal places when given.
    pub fn compute(&mut self, net: &Network, x: &DMatrix<f64>, round: Option<u32>) {
        self.compute_with(net, x, round, &Serial);
    }

    /// [`Forward::compute`], its matrix products carried out by `products`.
    pub fn compute_with(
        &mut self,
        net: &Network,
        x: &DMatrix<f64>,
        round: Option<u32>,
        products: &dyn Products,
    ) {
        if self.a[0].nrows() != x.nrows() {
            *self = Forward::new(net, x.nrows());
        }
        self.a[0].copy_from(x);
        self.compute_from_input(net, round, products);
    }

    /// The input a[0] (N × inputs), to be filled before [`Forward::compute_from_input`].
    pub fn input_mut(&mut self) -> &mut DMatrix<f64> {
        &mut self.a[0]
    }

    /// The forward pass of `net` on the input already in a[0].
    pub fn compute_from_input(&mut self, net: &Network, round: Option<u32>, products: &dyn Products) {
        let (input, above) = self.a.split_at_mut(1);
        layers(net, &view(&input[0]), &mut self.z, above, round, products);
    }

    /// The forward pass of `net` on `x` (N × inputs) read where it is, such as a slice of a data
    /// set's rows: a[0] is neither written nor read, so it may be an empty buffer
    /// ([`Forward::for_views`]). The same numbers as [`Forward::compute_with`] on a copy of `x`.
    pub fn compute_on(&mut self, net: &Network, x: &View, products: &dyn Products) {
        if self.z[0].nrows() != x.nrows() {
            *self = Forward::for_views(net, x.nrows());
        }
        layers(net, x, &mut self.z, &mut self.a[1..], None, products);
    }

    /// Buffers for [`Forward::compute_on`]: z[1..L] and a[1..L] of `samples` rows, a[0] empty.
    pub fn for_views(net: &Network, samples: usize) -> Self {
        let mut f = Forward::new(net, 0);
        for (l, layer) in net.layers.iter().enumerate() {
            f.z[l] = DMatrix::zeros(samples, layer.neurons());
            f.a[l + 1] = DMatrix::zeros(samples, layer.neurons());
        }
        f
    }

    /// ŷ = a[L].
    pub fn output(&self) -> &DMatrix<f64> {
        &self.a[self.a.len() - 1]
    }

    /// z[L], the logits.
    pub fn logits(&self) -> &DMatrix<f64> {
        &self.z[self.z.len() - 1]
    }
}

/// z[l] into `z[l − 1]` and a[l] into `a[l − 1]` for l = 1..L, from `x` as a[0].
fn layers(
    net: &Network,
    x: &View,
    z: &mut [DMatrix<f64>],
    a: &mut [DMatrix<f64>],
    round: Option<u32>,
    products: &dyn Products,
) {
    for (l, layer) in net.layers.iter().enumerate() {
        let (below, above) = a.split_at_mut(l);
        let a_prev = if l == 0 { *x } else { view(&below[l - 1]) };
        linear_with(layer, &a_prev, &mut z[l], round, products);
        activate(layer, &z[l], &mut above[0], round);
    }
}

/// z[l] = W[l]·a[l−1] + b[l] of one layer into `z`, from `a_prev` = a[l−1] (one row per sample),
/// rounded to `round` decimal places when given.
pub fn linear(layer: &Layer, a_prev: &DMatrix<f64>, z: &mut DMatrix<f64>, round: Option<u32>) {
    linear_with(layer, &view(a_prev), z, round, &Serial);
}

/// [`linear`], its product carried out by `products`.
fn linear_with(
    layer: &Layer,
    a_prev: &View,
    z: &mut DMatrix<f64>,
    round: Option<u32>,
    products: &dyn Products,
) {
    // Rows are samples, so z = a·Wᵀ + b; Wᵀ is a strided view of W, not a copy.
    let w = &layer.weights;
    let wt = DMatrixView::from_slice_with_strides(w.as_slice(), w.ncols(), w.nrows(), w.nrows(), 1);
    products.product(z, a_prev, &wt);
    let rows = z.nrows().max(1);
    for (column, b) in z.as_mut_slice().chunks_exact_mut(rows).zip(layer.bias.iter()) {
        column.iter_mut().for_each(|v| *v += b);
    }
    round_matrix(z, round);
}

/// a[l] = φ(z[l]) of one layer into `a`, rounded to `round` decimal places when given.
pub fn activate(layer: &Layer, z: &DMatrix<f64>, a: &mut DMatrix<f64>, round: Option<u32>) {
    layer.activation.apply(z, a);
    round_matrix(a, round);
}

/// The forward pass of `net` on `x`, into new buffers.
pub fn forward(net: &Network, x: &DMatrix<f64>, round: Option<u32>) -> Forward {
    let mut f = Forward::new(net, x.nrows());
    f.compute(net, x, round);
    f
}

/// L for `net` on inputs `x` with targets `y`.
pub fn loss(net: &Network, x: &DMatrix<f64>, y: &DMatrix<f64>, round: Option<u32>) -> f64 {
    let f = forward(net, x, round);
    crate::nn::round::round_opt(net.loss.value(f.logits(), f.output(), y), round)
}
