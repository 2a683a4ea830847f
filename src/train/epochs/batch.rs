//! The buffers of batches of one size, allocated once, and the forward and backward passes of a
//! step on them.

use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Network, Samples};
use crate::nn::product::{View, rows, view};
use crate::train::threads::Threads;
use nalgebra::DMatrix;
use std::ops::Range;

/// Buffers for batches of one size. A batch of consecutive rows (file order) is read where it is
/// in the data set, with no copy; the rows of a shuffled batch are gathered first.
pub(super) struct Batch {
    y: DMatrix<f64>,
    /// The inputs of a batch whose rows are not consecutive (empty when the samples are taken in
    /// file order).
    x: DMatrix<f64>,
    /// The rows of the last [`Batch::forward`] when they are consecutive.
    range: Option<Range<usize>>,
    pub forward: Forward,
    pub grads: Gradients,
    /// The batch is every sample in file order: the data set itself, targets included.
    whole: bool,
}

impl Batch {
    /// Buffers for batches of `rows` samples; `shuffled`: gathered from all over the data set.
    pub fn new(net: &Network, rows: usize, whole: bool, shuffled: bool) -> Self {
        Batch {
            y: DMatrix::zeros(if whole { 0 } else { rows }, net.output_size()),
            x: DMatrix::zeros(if shuffled { rows } else { 0 }, net.input_size()),
            range: None,
            forward: Forward::for_views(net, rows),
            grads: Gradients::new(net, rows),
            whole,
        }
    }

    /// The forward pass of `net` on the samples `rows`; returns the batch's loss.
    pub fn forward(&mut self, net: &Network, samples: &Samples, rows: &[usize], threads: &Threads) -> f64 {
        self.range = consecutive(rows);
        if self.range.is_none() {
            if self.x.nrows() != rows.len() {
                self.x = DMatrix::zeros(rows.len(), samples.inputs.ncols());
            }
            copy_rows(&samples.inputs, rows, &mut self.x);
        }
        if !self.whole {
            copy_rows(&samples.targets, rows, &mut self.y);
        }
        let x = input(&self.range, &self.x, samples);
        self.forward.compute_on(net, &x, threads);
        let f = &self.forward;
        net.loss.value(f.logits(), f.output(), self.targets(samples))
    }

    /// The backward pass after [`Batch::forward`].
    pub fn backward(&mut self, net: &Network, samples: &Samples, threads: &Threads) {
        let y = if self.whole { &samples.targets } else { &self.y };
        let x = input(&self.range, &self.x, samples);
        self.grads.compute_on(net, &self.forward, &x, y, threads);
    }

    /// The batch's samples, copied (for a traced step).
    pub fn samples(&self, samples: &Samples) -> Samples {
        let inputs = input(&self.range, &self.x, samples).clone_owned();
        Samples { inputs, targets: self.targets(samples).clone(), batch: true }
    }

    fn targets<'a>(&'a self, samples: &'a Samples) -> &'a DMatrix<f64> {
        if self.whole { &samples.targets } else { &self.y }
    }
}

/// `rows` as a range, when they are consecutive.
fn consecutive(rows: &[usize]) -> Option<Range<usize>> {
    let (&first, &last) = (rows.first()?, rows.last()?);
    let consecutive = last + 1 == first + rows.len() && rows.windows(2).all(|w| w[1] == w[0] + 1);
    consecutive.then_some(first..last + 1)
}

/// A batch's inputs: the data set's rows `range`, or the gathered rows `x`.
fn input<'a>(range: &Option<Range<usize>>, x: &'a DMatrix<f64>, samples: &'a Samples) -> View<'a> {
    match range {
        Some(r) => rows(&samples.inputs, r.start, r.len()),
        None => view(x),
    }
}
/// `to` row r ← `from` row `rows[r]`.
pub(super) fn copy_rows(from: &DMatrix<f64>, rows: &[usize], to: &mut DMatrix<f64>) {
    // Consecutive rows (file order) are a slice of each column: copied whole.
    if let Some(r) = consecutive(rows) {
        return copy_range(from, r.start, to);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::product::Fast;

    #[test]
    fn rows_read_in_place_give_the_bits_of_a_copied_batch() {
        let (net, samples) = crate::train::epochs::classifier(6, 9, 40);
        let bits = |m: &DMatrix<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        // Consecutive rows (read in place) and shuffled rows (gathered).
        for rows in [(10..26).collect::<Vec<_>>(), vec![3, 17, 5, 39, 0, 22, 8, 11]] {
            let copy = Samples {
                inputs: DMatrix::from_fn(rows.len(), 6, |r, c| samples.inputs[(rows[r], c)]),
                targets: DMatrix::from_fn(rows.len(), 3, |r, c| samples.targets[(rows[r], c)]),
                batch: true,
            };
            let mut f = Forward::new(&net, rows.len());
            f.compute_with(&net, &copy.inputs, None, &Fast);
            let mut g = Gradients::new(&net, rows.len());
            g.compute_with(&net, &f, &copy.targets, None, &Fast);
            let mut batch = Batch::new(&net, rows.len(), false, true);
            let threads = Threads::new(1);
            let loss = batch.forward(&net, &samples, &rows, &threads);
            batch.backward(&net, &samples, &threads);
            assert_eq!(loss.to_bits(), net.loss.value(f.logits(), f.output(), &copy.targets).to_bits());
            for l in 0..2 {
                assert_eq!(bits(&batch.forward.a[l + 1]), bits(&f.a[l + 1]), "a[{}]", l + 1);
                assert_eq!(bits(&batch.grads.grad_weights[l]), bits(&g.grad_weights[l]), "∂L/∂W[{}]", l + 1);
            }
            assert_eq!(batch.samples(&samples).inputs, copy.inputs, "a traced step's inputs");
        }
    }
}
