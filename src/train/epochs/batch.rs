//! The buffers of batches of one size, allocated once, and the forward and backward passes of a
//! step on them.

use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Network, Samples};
use crate::train::threads::Threads;
use nalgebra::DMatrix;

/// Buffers for batches of one size: the inputs are gathered straight into the forward pass's a[0].
pub(super) struct Batch {
    y: DMatrix<f64>,
    pub forward: Forward,
    pub grads: Gradients,
    /// The batch is every sample in file order: the data set itself, read where it is.
    whole: bool,
}

impl Batch {
    pub fn new(net: &Network, rows: usize, whole: bool) -> Self {
        Batch {
            y: DMatrix::zeros(if whole { 0 } else { rows }, net.output_size()),
            forward: Forward::new(net, rows),
            grads: Gradients::new(net, rows),
            whole,
        }
    }

    /// The forward pass of `net` on the samples `rows`; returns the batch's loss.
    pub fn forward(&mut self, net: &Network, samples: &Samples, rows: &[usize], threads: &Threads) -> f64 {
        if self.whole {
            self.forward.compute_with(net, &samples.inputs, None, threads);
        } else {
            copy_rows(&samples.inputs, rows, self.forward.input_mut());
            copy_rows(&samples.targets, rows, &mut self.y);
            self.forward.compute_from_input(net, None, threads);
        }
        let f = &self.forward;
        net.loss.value(f.logits(), f.output(), self.targets(samples))
    }

    /// The backward pass after [`Batch::forward`].
    pub fn backward(&mut self, net: &Network, samples: &Samples, threads: &Threads) {
        let y = if self.whole { &samples.targets } else { &self.y };
        self.grads.compute_with(net, &self.forward, y, None, threads);
    }

    /// The batch's samples, copied (for a traced step).
    pub fn samples(&self, samples: &Samples) -> Samples {
        Samples { inputs: self.forward.a[0].clone(), targets: self.targets(samples).clone(), batch: true }
    }

    fn targets<'a>(&'a self, samples: &'a Samples) -> &'a DMatrix<f64> {
        if self.whole { &samples.targets } else { &self.y }
    }
}

/// `to` row r ← `from` row `rows[r]`.
pub(super) fn copy_rows(from: &DMatrix<f64>, rows: &[usize], to: &mut DMatrix<f64>) {
    // Consecutive rows (file order) are a slice of each column: copied whole.
    if let (Some(&first), Some(&last)) = (rows.first(), rows.last())
        && last + 1 == first + rows.len()
        && rows.windows(2).all(|w| w[1] == w[0] + 1)
    {
        return copy_range(from, first, to);
    }
    for c in 0..from.ncols() {
        let (src, mut dst) = (from.column(c), to.column_mut(c));
        for (r, &i) in rows.iter().enumerate() {
            dst[r] = src[i];
        }
    }
}

/// `to` ← the rows `first..first + to.nrows()` of `from`: a slice of each column, copied whole.
pub(super) fn copy_range(from: &DMatrix<f64>, first: usize, to: &mut DMatrix<f64>) {
    let rows = to.nrows();
    for c in 0..from.ncols() {
        let column = &from.as_slice()[c * from.nrows()..];
        to.column_mut(c).as_mut_slice().copy_from_slice(&column[first..first + rows]);
    }
}
