//! The buffers of batches of one size, allocated once, and the forward and backward passes of a
//! step on them.

use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Network, Samples};
use crate::nn::product::{View, rows, view};
use crate::train::data_set::{DataSet, consecutive, copy_rows};
use crate::train::threads::Threads;
use nalgebra::DMatrix;
use std::ops::Range;

/// Buffers for batches of one size. A batch of consecutive rows (file order) of inputs stored as
/// numbers is read where it is in the data set, with no copy; the rows of a shuffled batch, and
/// inputs stored as bytes, are copied first.
pub(super) struct Batch {
    y: DMatrix<f64>,
    /// The inputs of a batch that is copied (empty when every batch is read in place).
    x: DMatrix<f64>,
    /// The rows of the last [`Batch::forward`] when they are read in place.
    range: Option<Range<usize>>,
    pub forward: Forward,
    pub grads: Gradients,
    /// The batch is every sample in file order: the data set itself, targets included.
    whole: bool,
}

impl Batch {
    /// Buffers for batches of `rows` samples; `copied`: their inputs are copied (see [`Batch`]).
    pub fn new(net: &Network, rows: usize, whole: bool, copied: bool) -> Self {
        Batch {
            y: DMatrix::zeros(if whole { 0 } else { rows }, net.output_size()),
            x: DMatrix::zeros(if copied { rows } else { 0 }, net.input_size()),
            range: None,
            forward: Forward::for_views(net, rows),
            grads: Gradients::new(net, rows),
            whole,
        }
    }

    /// The forward pass of `net` on the samples `rows` of `data`; returns the batch's loss.
    pub fn forward(&mut self, net: &Network, data: &DataSet, rows: &[usize], threads: &Threads) -> f64 {
        self.range = data.inputs.in_place().and_then(|_| consecutive(rows));
        if self.range.is_none() {
            if self.x.nrows() != rows.len() {
                self.x = DMatrix::zeros(rows.len(), data.inputs.ncols());
            }
            data.inputs.copy_rows(rows, &mut self.x);
        }
        if !self.whole {
            copy_rows(&data.targets, rows, &mut self.y);
        }
        let x = input(&self.range, &self.x, data);
        self.forward.compute_on(net, &x, threads);
        let f = &self.forward;
        net.loss.value(f.logits(), f.output(), self.targets(data))
    }

    /// The backward pass after [`Batch::forward`].
    pub fn backward(&mut self, net: &Network, data: &DataSet, threads: &Threads) {
        let y = if self.whole { &data.targets } else { &self.y };
        let x = input(&self.range, &self.x, data);
        self.grads.compute_on(net, &self.forward, &x, y, threads);
    }

    /// The batch's samples, copied (for a traced step).
    pub fn samples(&self, data: &DataSet) -> Samples {
        let inputs = input(&self.range, &self.x, data).clone_owned();
        Samples { inputs, targets: self.targets(data).clone(), batch: true }
    }

    fn targets<'a>(&'a self, data: &'a DataSet) -> &'a DMatrix<f64> {
        if self.whole { &data.targets } else { &self.y }
    }
}

/// A batch's inputs: the data set's rows `range`, read in place, or the rows copied into `x`.
fn input<'a>(range: &Option<Range<usize>>, x: &'a DMatrix<f64>, data: &'a DataSet) -> View<'a> {
    match (range, data.inputs.in_place()) {
        (Some(r), Some(m)) => rows(m, r.start, r.len()),
        _ => view(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::product::Fast;

    #[test]
    fn rows_read_in_place_or_converted_give_the_bits_of_a_copied_batch() {
        let (net, numbers) = crate::train::epochs::classifier(21, 9, 40);
        let bits = |m: &DMatrix<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        // Inputs stored as numbers and as bytes; consecutive rows (read in place when they are
        // numbers) and shuffled rows (gathered), of a count that is not a multiple of four.
        for data in [numbers.clone(), crate::train::epochs::pixels(&numbers)] {
            let inputs = data.inputs.values();
            for rows in [(10..27).collect::<Vec<_>>(), vec![3, 17, 5, 39, 0, 22, 8, 11, 30]] {
                let copy = Samples {
                    inputs: DMatrix::from_fn(rows.len(), 21, |r, c| inputs[(rows[r], c)]),
                    targets: DMatrix::from_fn(rows.len(), 3, |r, c| data.targets[(rows[r], c)]),
                    batch: true,
                };
                let mut f = Forward::new(&net, rows.len());
                f.compute_with(&net, &copy.inputs, None, &Fast);
                let mut g = Gradients::new(&net, rows.len());
                g.compute_with(&net, &f, &copy.targets, None, &Fast);
                let mut batch = Batch::new(&net, rows.len(), false, true);
                let threads = Threads::new(1);
                let loss = batch.forward(&net, &data, &rows, &threads);
                batch.backward(&net, &data, &threads);
                assert_eq!(loss.to_bits(), net.loss.value(f.logits(), f.output(), &copy.targets).to_bits());
                for l in 0..2 {
                    assert_eq!(bits(&batch.forward.a[l + 1]), bits(&f.a[l + 1]), "a[{}]", l + 1);
                    assert_eq!(
                        bits(&batch.grads.grad_weights[l]),
                        bits(&g.grad_weights[l]),
                        "∂L/∂W[{}]",
                        l + 1
                    );
                }
                assert_eq!(batch.samples(&data).inputs, copy.inputs, "a traced step's inputs");
            }
        }
    }
}
