//! Measuring a network on a whole data set after an epoch: L and the accuracy, and for a report
//! the units that are inactive or saturated.

use crate::nn::activation::Activation;
use crate::nn::forward::Forward;
use crate::nn::loss::Loss;
use crate::nn::network::Network;
use crate::nn::product::Products;
use crate::nn::units::{UnitState, unit_state};
use crate::train::data_set::DataSet;
use crate::train::snapshots::Units;
use nalgebra::DMatrix;

/// Rows measured at a time after an epoch, on a data set of more than [`WHOLE`] rows.
const EVAL_ROWS: usize = 1024;
/// Data sets up to this many rows are measured in one pass, copying nothing.
const WHOLE: usize = 4096;
/// Rows of inputs stored as bytes measured at a time: converted to numbers, they stay in the
/// cache for the matrix product that reads them.
const CONVERTED_ROWS: usize = 64;

/// Buffers to measure L and the accuracy over a whole data set a slice of rows at a time, so
/// that measuring makes no copy of the data set: only the outputs (N × outputs) are whole (and
/// a slice's inputs, when the data set stores them as bytes).
pub struct Evaluation {
    /// Measured a slice of rows at a time (into the forward pass's input), not in one pass.
    sliced: bool,
    /// A slice's inputs converted to numbers, when they are stored as bytes.
    x: DMatrix<f64>,
    forward: Forward,
    logits: DMatrix<f64>,
    output: DMatrix<f64>,
    /// Per layer and unit, the largest z and φ′(z) over the data set, when they are watched.
    maxima: Option<Vec<(Vec<f64>, Vec<f64>)>>,
}

impl Evaluation {
    pub fn new(net: &Network, data: &DataSet) -> Self {
        let n = data.len();
        let rows = match data.inputs.in_place() {
            Some(_) if n > WHOLE => EVAL_ROWS,
            Some(_) => n,
            None => n.min(CONVERTED_ROWS),
        };
        let whole = if rows < n { n } else { 0 };
        Evaluation {
            sliced: whole > 0,
            x: DMatrix::zeros(0, 0),
            forward: Forward::for_views(net, rows),
            logits: DMatrix::zeros(whole, net.output_size()),
            output: DMatrix::zeros(whole, net.output_size()),
            maxima: None,
        }
    }

    /// Also watches each unit's largest z and φ′(z), for [`Evaluation::units`].
    pub fn watching_units(mut self, net: &Network) -> Self {
        self.maxima =
            Some(net.layers.iter().map(|l| (vec![0.0; l.neurons()], vec![0.0; l.neurons()])).collect());
        self
    }

    /// How many units of each layer were inactive and saturated over the data set in the last
    /// [`Evaluation::measure`], labelled `epoch`; none unless [watched](Self::watching_units).
    pub fn units(&self, net: &Network, epoch: u64) -> Option<Units> {
        let maxima = self.maxima.as_ref()?;
        let count = |kind| {
            maxima
                .iter()
                .enumerate()
                .map(|(l, (z, d))| {
                    z.iter().zip(d).filter(|(z, d)| unit_state(net, l, **z, **d) == Some(kind)).count()
                })
                .collect()
        };
        Some(Units { epoch, inactive: count(UnitState::Inactive), saturated: count(UnitState::Saturated) })
    }

    /// Takes the largest z and φ′(z) of each unit over the rows of the forward pass just made
    /// into the maxima; `first` starts them afresh.
    fn watch(&mut self, net: &Network, first: bool) {
        let Some(maxima) = &mut self.maxima else { return };
        for ((layer, (top_z, top_d)), (z, a)) in
            net.layers.iter().zip(maxima).zip(self.forward.z.iter().zip(&self.forward.a[1..]))
        {
            for u in 0..layer.neurons() {
                // As the diagnostics of one step take them: max z; max φ′ from 0 (none for softmax).
                let zmax = z.column(u).max();
                let dmax = match layer.activation {
                    Activation::Softmax => 0.0,
                    f => z
                        .column(u)
                        .iter()
                        .zip(a.column(u).iter())
                        .fold(0.0, |m, (z, a)| f64::max(m, f.derivative(*z, *a))),
                };
                top_z[u] = if first { zmax } else { top_z[u].max(zmax) };
                top_d[u] = if first { dmax } else { top_d[u].max(dmax) };
            }
        }
    }

    /// (L, accuracy) of `net` on `data`: the same numbers as one forward pass over all rows,
    /// its matrix products carried out by `products`.
    pub fn measure(&mut self, net: &Network, data: &DataSet, products: &dyn Products) -> (f64, Option<f64>) {
        if !self.sliced {
            let x = data.inputs.rows(0, data.len(), &mut self.x);
            self.forward.compute_on(net, &x, products);
            self.watch(net, true);
            let f = &self.forward;
            let loss = net.loss.value(f.logits(), f.output(), &data.targets);
            return (loss, accuracy(net.loss, f.output(), &data.targets));
        }
        let (n, rows) = (data.len(), self.forward.z[0].nrows());
        let mut start = 0;
        while start < n {
            // The last slice ends at the last row, overlapping the one before: every slice has
            // the same number of rows, so every row goes through the same matrix kernel
            // (nalgebra multiplies matrices of 5 rows or fewer another way) and gets the same
            // bits as in one pass over all rows, where a row's result depends on that row alone.
            let s = start.min(n - rows);
            let x = data.inputs.rows(s, rows, &mut self.x);
            self.forward.compute_on(net, &x, products);
            self.watch(net, start == 0);
            self.logits.rows_mut(s, rows).copy_from(self.forward.logits());
            self.output.rows_mut(s, rows).copy_from(self.forward.output());
            start += rows;
        }
        let loss = net.loss.value(&self.logits, &self.output, &data.targets);
        (loss, accuracy(net.loss, &self.output, &data.targets))
    }
}

/// The fraction of samples classified right: the largest output is the target's class
/// (`cross_entropy`), or every output is on the target's side of ½ (`bce`). None for regression.
pub fn accuracy(loss: Loss, output: &DMatrix<f64>, targets: &DMatrix<f64>) -> Option<f64> {
    let n = output.nrows();
    let right = match loss {
        Loss::CrossEntropy => (0..n).filter(|&r| argmax(output, r) == argmax(targets, r)).count(),
        Loss::Bce => (0..n)
            .filter(|&r| {
                output.row(r).iter().zip(targets.row(r).iter()).all(|(p, t)| (*p >= 0.5) == (*t >= 0.5))
            })
            .count(),
        _ => return None,
    };
    Some(right as f64 / n as f64)
}

/// The column of the largest entry of row `r` (the first, on ties).
fn argmax(m: &DMatrix<f64>, r: usize) -> usize {
    (1..m.ncols()).fold(0, |best, c| if m[(r, c)] > m[(r, best)] { c } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_of_a_big_data_set_give_the_bits_of_one_pass() {
        let n = WHOLE + 1500;
        let (net, numbers) = crate::train::epochs::classifier(17, 7, n);
        // Inputs stored as numbers (slices read in place) and as bytes (slices converted).
        for data in [numbers.clone(), crate::train::epochs::pixels(&numbers)] {
            let mut sliced = Evaluation::new(&net, &data);
            assert!(sliced.sliced, "measured in slices");
            let mut one = Forward::new(&net, n);
            one.compute(&net, &data.inputs.values(), None);
            let loss = net.loss.value(one.logits(), one.output(), &data.targets);
            let (l, a) = sliced.measure(&net, &data, &crate::nn::product::Serial);
            assert_eq!(l.to_bits(), loss.to_bits());
            assert_eq!(a, accuracy(net.loss, one.output(), &data.targets));
        }
    }
}
