//! Training: epochs of mini-batch steps, each exactly the step that `run` traces,
//! producing one plain record per epoch.
//!
//! Buffers for the forward and backward passes, the optimizer's state and the
//! batch are allocated once, before the first step: the steps themselves
//! allocate nothing. The large matrix products are split over `Config::threads`
//! threads without changing any number (see [`threads`](crate::train::threads)).

use crate::nn::network::Network;
use crate::nn::optim::Method;
use crate::step::Step;
use crate::train::data_set::DataSet;
use crate::train::schedule::Schedule;
use crate::train::snapshots::Recording;
pub use evaluate::accuracy;
pub(crate) use record::EPOCH_FORMAT;
pub use record::EpochRecord;
use serde::Serialize;

mod batch;
mod evaluate;
mod record;
mod run;
mod summary;
use run::Run;
pub use summary::Summary;

/// A classifier with `inputs` inputs, `hidden` ReLU units and 3 softmax outputs, and `n` samples
/// of normal inputs, sample r of class r mod 3.
#[cfg(test)]
fn classifier(inputs: usize, hidden: usize, n: usize) -> (Network, DataSet) {
    use crate::io::network_file::{Limits, parse};
    use crate::nn::init::Draws;
    use nalgebra::DMatrix;
    let text = format!(
        r#"{{"input_size": {inputs}, "seed": 3, "loss": "cross_entropy",
            "layers": [{{"units": {hidden}, "init": "he_uniform", "activation": "relu"}},
                       {{"units": 3, "init": "xavier_uniform", "activation": "softmax"}}]}}"#
    );
    let net = parse(&text, "net.json", Limits::default()).unwrap().network;
    let x = Draws::new(9).normal_matrix(n, inputs);
    let targets = DMatrix::from_fn(n, 3, |r, c| if r % 3 == c { 1.0 } else { 0.0 });
    (net, DataSet { inputs: crate::train::data_set::Inputs::Values(x), targets })
}

/// The samples of `data` with inputs stored as bytes: pixel 7·r + 3·c (wrapping) at sample r,
/// input c, over 255.
#[cfg(test)]
fn pixels(data: &DataSet) -> DataSet {
    use crate::train::data_set::{Bytes, Inputs};
    let (n, cols) = (data.len(), data.inputs.ncols());
    let bytes = (0..n).flat_map(|r| (0..cols).map(move |c| (7 * r + 3 * c) as u8)).collect();
    let table = std::array::from_fn(|b| b as f64 / 255.0);
    DataSet {
        inputs: Inputs::Bytes(Bytes::new(bytes, cols, table, Some(255.0))),
        targets: data.targets.clone(),
    }
}

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub epochs: u64,
    /// η of the first epoch.
    pub lr: f64,
    /// Samples per step; the last batch of an epoch may be smaller.
    pub batch_size: usize,
    pub method: Method,
    pub schedule: Schedule,
    /// Reshuffle the samples each epoch from this seed; file order when none.
    pub shuffle: Option<u64>,
    /// Trace every K-th step (counted over the whole run).
    pub trace_every: Option<u64>,
    /// Threads multiplying the large matrix products (1: the calling thread alone); the
    /// numbers are the same whatever their count.
    pub threads: usize,
}

/// Where a step is in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The epoch, from 1.
    pub epoch: u64,
    /// The step within the epoch, from 1.
    pub step: u64,
    /// Steps taken so far in the whole run, this one included.
    pub total_steps: u64,
}

/// What training reports as it goes.
pub enum Event<'a> {
    /// A step was taken.
    Step(Position),
    /// A step traced (every K-th step, with `trace_every`), with the optimizer's update.
    Trace(&'a Step<'a>, Position),
    /// An epoch ended.
    Epoch(&'a EpochRecord),
}

/// The first quantity of a training run that stopped being a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watched {
    /// The loss of the step's batch.
    BatchLoss,
    /// The loss over all samples after the epoch.
    EpochLoss,
    /// ∂L/∂W[l] or ∂L/∂b[l] of the step's batch, layer l from 1.
    Gradient(usize),
    /// W[l] or b[l] after the step's update, layer l from 1.
    Parameters(usize),
}

/// Where training stopped being finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    pub position: Position,
    pub quantity: Watched,
    /// The first non-finite value of that quantity.
    pub value: f64,
    /// The last epoch whose network was finite (0: the initial network).
    pub kept_epoch: u64,
}

/// The result of training.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The epochs' records, thinned to a bounded number on long runs (see [`History`]).
    pub records: Vec<EpochRecord>,
    /// The trained network; after a divergence, the network as it was after `kept_epoch`.
    pub network: Network,
    pub diverged: Option<Divergence>,
    /// What a report shows besides the records, from [`train_recorded`].
    pub recording: Option<Recording>,
}

/// The steps of one epoch for `n` samples in batches of `batch_size`.
pub fn steps_per_epoch(n: usize, batch_size: usize) -> u64 {
    n.div_ceil(batch_size.clamp(1, n.max(1))) as u64
}

/// Trains `network` on `samples`, calling `on` after each step and epoch.
/// Stops early when a loss becomes NaN or infinite.
pub fn train(
    network: &Network,
    samples: &DataSet,
    config: &Config,
    on: &mut dyn FnMut(Event) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    train_with(network, samples, None, false, config, on)
}

/// [`train`], also measuring L and the accuracy on `validation` after each epoch, and with
/// `record` keeping what a report shows ([`Outcome::recording`]): snapshots of the parameters and
/// of the epoch's mean gradients (see [`snapshots`](crate::train::snapshots)), and after every
/// epoch the inactive and saturated units.
pub fn train_with(
    network: &Network,
    samples: &DataSet,
    validation: Option<&DataSet>,
    record: bool,
    config: &Config,
    on: &mut dyn FnMut(Event) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let mut run = Run::new(network, samples, validation, record, config);
    for epoch in 1..=config.epochs {
        if let Some(stop) = run.epoch(epoch, on)? {
            return Ok(run.finish(Some(stop)));
        }
    }
    Ok(run.finish(None))
}
