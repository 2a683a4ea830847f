//! What a report of a training run keeps besides the epoch records: snapshots of the parameters
//! and of their gradients over the run, and after every epoch the number of inactive and
//! saturated units of each layer.
//!
//! Memory stays bounded however long the run: the epochs to snapshot are planned from the number
//! of epochs, known before the first, and the unit counts are thinned as the epoch records are
//! ([`History`]).
//!
//! ```
//! use nettrace::train::snapshots::planned;
//!
//! // Every epoch of a short run; 200 evenly spaced ones of a long run, the first and last included.
//! assert_eq!(planned(5, 10).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
//! let long: Vec<u64> = planned(1000, 10).collect();
//! assert_eq!((long.len(), long[0], long[1], long[199]), (200, 1, 6, 1000));
//! // A big network gets fewer, so that all snapshots hold about a million numbers at most.
//! assert_eq!(planned(1000, 100_000).count(), 5);
//! ```

use crate::nn::backward::Gradients;
use crate::nn::network::Network;
use crate::train::history::{Epoched, History};
use nalgebra::{DMatrix, DVector};
use serde::Serialize;

/// At most this many epochs are snapshotted, besides the initial network.
pub const MAX_SNAPSHOTS: u64 = 200;
/// About how many numbers (parameters and their gradients) all snapshots together hold at most;
/// a network too big for [`MAX_SNAPSHOTS`] of them gets fewer snapshots, never fewer than the
/// first and the last epoch.
pub const MAX_VALUES: u64 = 1_000_000;

/// The epochs snapshotted in a run of `epochs` epochs of a network of `parameters` parameters:
/// k = min(`epochs`, [`MAX_SNAPSHOTS`], max(2, [`MAX_VALUES`] / 2·`parameters`)) epochs evenly
/// spaced from 1 to `epochs`, both included: epoch 1 + round(i·(`epochs` − 1)/(k − 1)) for
/// i = 0..k.
pub fn planned(epochs: u64, parameters: usize) -> impl DoubleEndedIterator<Item = u64> {
    let fit = (MAX_VALUES / (2 * parameters.max(1) as u64)).max(2);
    let k = epochs.min(MAX_SNAPSHOTS).min(fit);
    (0..k).map(move |i| spaced(i, k, epochs))
}

/// The i-th of k epochs evenly spaced from 1 to `epochs` (rounded half up).
fn spaced(i: u64, k: u64, epochs: u64) -> u64 {
    if k < 2 {
        return epochs;
    }
    let (i, k, span) = (i as u128, k as u128 - 1, epochs as u128 - 1);
    1 + ((2 * i * span + k) / (2 * k)) as u64
}

/// The parameters of the network after an epoch (epoch 0: the initial network).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub epoch: u64,
    /// L over the whole training data with these parameters (the epoch record's loss).
    pub loss: f64,
    pub layers: Vec<LayerSnapshot>,
}

/// One layer of a [`Snapshot`].
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSnapshot {
    /// W[l], neurons × inputs.
    pub weights: DMatrix<f64>,
    pub bias: DVector<f64>,
    /// The mean over the epoch's steps of the batch gradients (∂L/∂W[l], ∂L/∂b[l]) that moved the
    /// parameters to these values; none for the initial network.
    pub gradients: Option<(DMatrix<f64>, DVector<f64>)>,
}

/// How many units of each layer (index l − 1 for layer l) were inactive and saturated over the
/// whole training data after an epoch, by the rule of
/// [`unit_state`](crate::nn::units::unit_state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Units {
    pub epoch: u64,
    /// ReLU units with z ≤ 0 for every sample.
    pub inactive: Vec<usize>,
    /// Sigmoid and tanh units with φ′(z) < 1e-3 for every sample.
    pub saturated: Vec<usize>,
}

impl Epoched for Units {
    fn epoch(&self) -> u64 {
        self.epoch
    }
}

/// What a report of the run shows besides the epoch records.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// The initial network (epoch 0), then the planned epochs ([`planned`]) in order; after a
    /// divergence, the last finite epoch ends them.
    pub snapshots: Vec<Snapshot>,
    /// The unit counts of the epochs whose records are kept, in order.
    pub units: Vec<Units>,
}

/// Collects a [`Recording`] as training goes: the sum of each epoch's gradients, then a snapshot
/// at the end of the epochs planned.
#[derive(Debug)]
pub(crate) struct Recorder {
    /// The planned epochs not yet reached, the next last.
    plan: Vec<u64>,
    /// Σ ∂L/∂W[l] and Σ ∂L/∂b[l] over the current epoch's steps.
    sums: Vec<(DMatrix<f64>, DVector<f64>)>,
    steps: u64,
    snapshots: Vec<Snapshot>,
    /// The latest epoch when it is not planned: it ends the snapshots of a run that stops early.
    latest: Option<Snapshot>,
    units: History<Units>,
}

impl Recorder {
    /// A recorder for `epochs` epochs of training `net`, whose loss over the data is `loss`.
    pub fn new(net: &Network, epochs: u64, loss: f64) -> Self {
        let parameters = net.layers.iter().map(|l| l.weights.len() + l.bias.len()).sum();
        let initial = Snapshot {
            epoch: 0,
            loss,
            layers: net
                .layers
                .iter()
                .map(|l| LayerSnapshot { weights: l.weights.clone(), bias: l.bias.clone(), gradients: None })
                .collect(),
        };
        let mut snapshots = Vec::with_capacity(epochs.min(MAX_SNAPSHOTS) as usize + 2);
        snapshots.push(initial);
        Recorder {
            plan: planned(epochs, parameters).rev().collect(),
            sums: net.layers.iter().map(|l| (l.weights.map(|_| 0.0), l.bias.map(|_| 0.0))).collect(),
            steps: 0,
            snapshots,
            latest: None,
            units: History::new(epochs),
        }
    }

    /// Adds the gradients of one step.
    pub fn step(&mut self, g: &Gradients) {
        for ((w, b), (gw, gb)) in self.sums.iter_mut().zip(g.grad_weights.iter().zip(&g.grad_bias)) {
            *w += gw;
            *b += gb;
        }
        self.steps += 1;
    }

    /// Ends `epoch`: `net` as the epoch left it, its `loss` and its `units`.
    pub fn epoch(&mut self, epoch: u64, loss: f64, net: &Network, units: Units) {
        self.units.push(units);
        let n = self.steps.max(1) as f64;
        if self.plan.last() == Some(&epoch) {
            self.plan.pop();
            self.latest = None;
            let layers = net
                .layers
                .iter()
                .zip(&self.sums)
                .map(|(l, (w, b))| LayerSnapshot {
                    weights: l.weights.clone(),
                    bias: l.bias.clone(),
                    gradients: Some((w / n, b / n)),
                })
                .collect();
            self.snapshots.push(Snapshot { epoch, loss, layers });
        } else {
            // Kept in place from epoch to epoch: its buffers are allocated once.
            let latest = self.latest.get_or_insert_with(|| self.snapshots[0].clone());
            latest.epoch = epoch;
            latest.loss = loss;
            for ((s, l), (w, b)) in latest.layers.iter_mut().zip(&net.layers).zip(&self.sums) {
                s.weights.copy_from(&l.weights);
                s.bias.copy_from(&l.bias);
                let (gw, gb) = s.gradients.get_or_insert_with(|| (w.clone(), b.clone()));
                gw.zip_apply(w, |g, w| *g = w / n);
                gb.zip_apply(b, |g, b| *g = b / n);
            }
        }
        for (w, b) in &mut self.sums {
            w.fill(0.0);
            b.fill(0.0);
        }
        self.steps = 0;
    }

    /// The snapshots and unit counts recorded.
    pub fn finish(self) -> Recording {
        let mut snapshots = self.snapshots;
        snapshots.extend(self.latest);
        Recording { snapshots, units: self.units.into_records() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_runs_snapshot_every_epoch() {
        assert_eq!(planned(1, 10).collect::<Vec<_>>(), [1]);
        assert_eq!(planned(200, 10).collect::<Vec<_>>(), (1..=200).collect::<Vec<_>>());
    }

    #[test]
    fn long_runs_snapshot_200_evenly_spaced_epochs_with_the_first_and_the_last() {
        for epochs in [201, 399, 400, 1000, 12_345, u64::MAX] {
            let e: Vec<u64> = planned(epochs, 10).collect();
            assert_eq!(e.len(), 200, "{epochs}");
            assert_eq!((e[0], e[199]), (1, epochs));
            let step = (epochs - 1) as f64 / 199.0;
            for (i, x) in e.iter().enumerate() {
                assert!(
                    (*x as f64 - (1.0 + i as f64 * step)).abs() <= 0.5 + 1e-9 * epochs as f64,
                    "{epochs}: {x}"
                );
            }
            assert!(e.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn big_networks_get_fewer_snapshots_but_always_the_first_and_last_epoch() {
        // 2 · 250,000 numbers a snapshot: two fit in a million.
        assert_eq!(planned(50, 250_000).collect::<Vec<_>>(), [1, 50]);
        assert_eq!(planned(50, 10_000_000).collect::<Vec<_>>(), [1, 50]);
        // 2 · 100,000 numbers a snapshot: five fit.
        assert_eq!(planned(50, 100_000).collect::<Vec<_>>(), [1, 13, 26, 38, 50]);
    }
}
