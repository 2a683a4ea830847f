//! Training: epochs of mini-batch steps, each exactly the step that `run` traces,
//! producing one plain record per epoch.
//!
//! Buffers for the forward and backward passes, the optimizer's state and the
//! batch are allocated once, before the first step: the steps themselves
//! allocate nothing.

use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Network, Samples};
use crate::nn::optim::{Method, Optimizer};
use crate::step::Step;
use crate::train::history::History;
use crate::train::schedule::Schedule;
use crate::train::shuffle::Order;
use crate::train::snapshots::{Recorder, Recording};
use evaluate::Evaluation;
pub use evaluate::accuracy;
use nalgebra::DMatrix;
pub(crate) use record::EPOCH_FORMAT;
pub use record::EpochRecord;
use serde::Serialize;

mod evaluate;
mod record;
mod summary;
pub use summary::Summary;

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

/// Buffers for batches of one size.
struct Batch {
    x: DMatrix<f64>,
    y: DMatrix<f64>,
    forward: Forward,
    grads: Gradients,
}

impl Batch {
    fn new(net: &Network, rows: usize) -> Self {
        Batch {
            x: DMatrix::zeros(rows, net.input_size()),
            y: DMatrix::zeros(rows, net.output_size()),
            forward: Forward::new(net, rows),
            grads: Gradients::new(net, rows),
        }
    }

    /// Copies the samples `rows` into the batch.
    fn gather(&mut self, samples: &Samples, rows: &[usize]) {
        copy_rows(&samples.inputs, rows, &mut self.x);
        copy_rows(&samples.targets, rows, &mut self.y);
    }
}

/// `to` row r ← `from` row `rows[r]`.
fn copy_rows(from: &DMatrix<f64>, rows: &[usize], to: &mut DMatrix<f64>) {
    // Consecutive rows (file order) are a slice of each column: copied whole.
    if let (Some(&first), Some(&last)) = (rows.first(), rows.last())
        && last + 1 == first + rows.len()
        && rows.windows(2).all(|w| w[1] == w[0] + 1)
    {
        for c in 0..from.ncols() {
            let column = &from.as_slice()[c * from.nrows()..];
            to.column_mut(c).as_mut_slice().copy_from_slice(&column[first..=last]);
        }
        return;
    }
    for c in 0..from.ncols() {
        let (src, mut dst) = (from.column(c), to.column_mut(c));
        for (r, &i) in rows.iter().enumerate() {
            dst[r] = src[i];
        }
    }
}

/// Trains `network` on `samples`, calling `on` after each step and epoch.
/// Stops early when a loss becomes NaN or infinite.
pub fn train(
    network: &Network,
    samples: &Samples,
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
    samples: &Samples,
    validation: Option<&Samples>,
    record: bool,
    config: &Config,
    on: &mut dyn FnMut(Event) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let mut net = network.clone();
    let n = samples.len();
    let b = config.batch_size.clamp(1, n);
    let per_epoch = steps_per_epoch(n, b);
    let rest = n % b;
    let mut full = Batch::new(&net, b);
    let mut last = (rest > 0).then(|| Batch::new(&net, rest));
    let mut eval = Evaluation::new(&net, n);
    if record {
        eval = eval.watching_units(&net);
    }
    // The initial network's loss, for the snapshot of epoch 0.
    let mut recorder = record.then(|| Recorder::new(&net, config.epochs, eval.measure(&net, samples).0));
    let mut val_eval = validation.map(|v| Evaluation::new(&net, v.len()));
    let mut optimizer = Optimizer::new(config.method, &net);
    let mut order = Order::new(n, config.shuffle);
    // One batch of every sample in file order is the data set itself: no copy needed.
    let whole = order.is_file_order() && b == n;
    let mut kept = net.clone();
    let mut kept_epoch = 0;
    let mut norms = vec![0.0; net.layers.len()];
    let mut history = History::new(config.epochs);
    let diverged = |position,
                    quantity,
                    value,
                    kept_epoch,
                    history: History,
                    kept: Network,
                    recorder: Option<Recorder>| {
        let diverged = Some(Divergence { position, quantity, value, kept_epoch });
        Ok(Outcome {
            records: history.into_records(),
            network: kept,
            diverged,
            recording: recorder.map(Recorder::finish),
        })
    };
    let mut lr = config.lr;
    let mut total_steps = 0;

    for epoch in 1..=config.epochs {
        order.next_epoch();
        norms.fill(0.0);
        for s in 0..per_epoch {
            let start = s as usize * b;
            let rows = &order.indices[start..(start + b).min(n)];
            let batch =
                if rows.len() == b { &mut full } else { last.as_mut().expect("a smaller last batch") };
            let (x, y) = if whole {
                (&samples.inputs, &samples.targets)
            } else {
                batch.gather(samples, rows);
                (&batch.x, &batch.y)
            };
            batch.forward.compute(&net, x, None);
            let loss = net.loss.value(batch.forward.logits(), batch.forward.output(), y);
            total_steps += 1;
            let position = Position { epoch, step: s + 1, total_steps };
            if !loss.is_finite() {
                return diverged(position, Watched::BatchLoss, loss, kept_epoch, history, kept, recorder);
            }
            batch.grads.compute(&net, &batch.forward, y, None);
            let g = &batch.grads;
            for (l, norm) in norms.iter_mut().enumerate() {
                let squares = g.grad_weights[l].norm_squared() + g.grad_bias[l].norm_squared();
                // A finite sum of squares means every entry is finite; otherwise look (the squares
                // of finite entries may overflow).
                if !squares.is_finite()
                    && let Some(x) =
                        first_non_finite(&[g.grad_weights[l].as_slice(), g.grad_bias[l].as_slice()])
                {
                    return diverged(
                        position,
                        Watched::Gradient(l + 1),
                        x,
                        kept_epoch,
                        history,
                        kept,
                        recorder,
                    );
                }
                *norm += squares.sqrt();
            }
            if let Some(r) = &mut recorder {
                r.step(&batch.grads);
            }
            if config.trace_every.is_some_and(|k| total_steps % k == 0) {
                let before = net.clone();
                let batch_samples = Samples { inputs: x.clone(), targets: y.clone(), batch: true };
                optimizer.step(&mut net, &batch.grads, lr);
                let step =
                    Step::compute(&before, &batch_samples, lr, None).with_update(config.method, net.clone());
                on(Event::Trace(&step, position))?;
            } else {
                optimizer.step(&mut net, &batch.grads, lr);
            }
            for (l, layer) in net.layers.iter().enumerate() {
                if let Some(x) = first_non_finite(&[layer.weights.as_slice(), layer.bias.as_slice()]) {
                    return diverged(
                        position,
                        Watched::Parameters(l + 1),
                        x,
                        kept_epoch,
                        history,
                        kept,
                        recorder,
                    );
                }
            }
            on(Event::Step(position))?;
        }

        let (loss, accuracy) = eval.measure(&net, samples);
        if !loss.is_finite() {
            let position = Position { epoch, step: per_epoch, total_steps };
            return diverged(position, Watched::EpochLoss, loss, kept_epoch, history, kept, recorder);
        }
        let (val_loss, val_accuracy) = match (&mut val_eval, validation) {
            (Some(e), Some(v)) => {
                let (l, a) = e.measure(&net, v);
                (Some(l), a)
            }
            _ => (None, None),
        };
        let record = EpochRecord {
            format: EPOCH_FORMAT,
            epoch,
            loss,
            accuracy,
            val_loss,
            val_accuracy,
            lr,
            steps: per_epoch,
            grad_norm: norms.iter().map(|s| s / per_epoch as f64).collect(),
        };
        on(Event::Epoch(&record))?;
        if let Some(r) = &mut recorder {
            r.epoch(epoch, loss, &net, eval.units(&net, epoch).expect("units are watched for a recording"));
        }
        history.push(record);
        for (k, l) in kept.layers.iter_mut().zip(&net.layers) {
            k.weights.copy_from(&l.weights);
            k.bias.copy_from(&l.bias);
        }
        kept_epoch = epoch;
        lr = config.schedule.next(lr, epoch);
    }
    let recording = recorder.map(Recorder::finish);
    Ok(Outcome { records: history.into_records(), network: net, diverged: None, recording })
}

/// The first NaN or infinity among `values`.
fn first_non_finite(parts: &[&[f64]]) -> Option<f64> {
    // A NaN or an infinity has every exponent bit set. Testing them all with no early exit
    // vectorizes: a quick pass over every value, then a search only when there is one.
    const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
    let any = parts.iter().any(|p| p.iter().fold(false, |any, x| any | (x.to_bits() & EXPONENT == EXPONENT)));
    if !any {
        return None;
    }
    parts.iter().flat_map(|p| p.iter()).find(|x| !x.is_finite()).copied()
}
