//! A training run's state from step to step: the network, the one kept after the last finite
//! epoch, the optimizer, the order of the samples, the buffers, and what has been recorded.

use super::batch::Batch;
use super::evaluate::Evaluation;
use super::{Config, Divergence, EPOCH_FORMAT, EpochRecord, Event, Outcome, Position, Watched};
use crate::nn::network::Network;
use crate::nn::optim::Optimizer;
use crate::step::Step;
use crate::train::data_set::DataSet;
use crate::train::history::History;
use crate::train::shuffle::Order;
use crate::train::snapshots::Recorder;
use crate::train::threads::Threads;

/// Where and why training stopped before its last epoch: the first non-finite value.
pub(super) struct Stop(Position, Watched, f64);

/// What reports progress: called after each step and epoch.
pub(super) type On<'o> = dyn FnMut(Event) -> anyhow::Result<()> + 'o;

pub(super) struct Run<'a> {
    samples: &'a DataSet,
    validation: Option<&'a DataSet>,
    config: &'a Config,
    net: Network,
    /// The network after the last finite epoch, and that epoch (0: the initial network).
    kept: Network,
    kept_epoch: u64,
    optimizer: Optimizer,
    order: Order,
    /// The batch size, the buffers of full batches and of a smaller last one.
    b: usize,
    full: Batch,
    last: Option<Batch>,
    eval: Evaluation,
    val_eval: Option<Evaluation>,
    /// Per layer, the sum over the epoch's steps of ‖∂L/∂W‖ + ‖∂L/∂b‖ (as sums of squares, rooted).
    norms: Vec<f64>,
    /// Per layer, the sums of squares of the last step's gradients.
    squares: Vec<f64>,
    history: History,
    recorder: Option<Recorder>,
    lr: f64,
    total_steps: u64,
    threads: Threads,
}

impl<'a> Run<'a> {
    pub fn new(
        network: &Network,
        samples: &'a DataSet,
        validation: Option<&'a DataSet>,
        record: bool,
        config: &'a Config,
    ) -> Self {
        let net = network.clone();
        let n = samples.len();
        let b = config.batch_size.clamp(1, n);
        let order = Order::new(n, config.shuffle);
        // One batch of every sample in file order reads the data set's targets where they are
        // (and its inputs, when they are stored as numbers); a shuffled batch, and inputs stored
        // as bytes, are copied.
        let whole = order.is_file_order() && b == n;
        let copied = !order.is_file_order() || samples.inputs.in_place().is_none();
        let threads = Threads::new(config.threads);
        let mut eval = Evaluation::new(&net, samples);
        if record {
            eval = eval.watching_units(&net);
        }
        // The initial network's loss, for the snapshot of epoch 0.
        let recorder =
            record.then(|| Recorder::new(&net, config.epochs, eval.measure(&net, samples, &threads).0));
        Run {
            samples,
            validation,
            config,
            kept: net.clone(),
            kept_epoch: 0,
            optimizer: Optimizer::new(config.method, &net),
            order,
            b,
            full: Batch::new(&net, b, whole, copied),
            last: (!n.is_multiple_of(b)).then(|| Batch::new(&net, n % b, false, copied)),
            eval,
            val_eval: validation.map(|v| Evaluation::new(&net, v)),
            norms: vec![0.0; net.layers.len()],
            squares: vec![0.0; net.layers.len()],
            history: History::new(config.epochs),
            recorder,
            lr: config.lr,
            total_steps: 0,
            threads,
            net,
        }
    }

    /// The steps of epoch `epoch`, then its record.
    pub fn epoch(&mut self, epoch: u64, on: &mut On) -> anyhow::Result<Option<Stop>> {
        self.order.next_epoch();
        self.norms.fill(0.0);
        let per_epoch = super::steps_per_epoch(self.samples.len(), self.b);
        for s in 0..per_epoch {
            self.total_steps += 1;
            let position = Position { epoch, step: s + 1, total_steps: self.total_steps };
            if let Some((quantity, value)) = self.step(position, on)? {
                return Ok(Some(Stop(position, quantity, value)));
            }
            on(Event::Step(position))?;
        }
        self.end_epoch(Position { epoch, step: per_epoch, total_steps: self.total_steps }, on)
    }

    /// One step: forward, backward, update; the first quantity that is not finite, if any.
    fn step(&mut self, position: Position, on: &mut On) -> anyhow::Result<Option<(Watched, f64)>> {
        let (n, b) = (self.samples.len(), self.b);
        let start = (position.step - 1) as usize * b;
        let rows = &self.order.indices[start..(start + b).min(n)];
        let batch =
            if rows.len() == b { &mut self.full } else { self.last.as_mut().expect("a smaller last batch") };
        let loss = batch.forward(&self.net, self.samples, rows, &self.threads);
        if !loss.is_finite() {
            return Ok(Some((Watched::BatchLoss, loss)));
        }
        batch.backward(&self.net, self.samples, &self.threads);
        let (method, lr) = (self.config.method, self.lr);
        let trace = self.config.trace_every.is_some_and(|k| position.total_steps.is_multiple_of(k));
        let before = trace.then(|| self.net.clone());
        // The update measures the gradients' squares and the parameters' finiteness as it goes;
        // the network stepped from a non-finite gradient is never kept ([`Run::finish`]).
        let finite = self.optimizer.step(&mut self.net, &batch.grads, lr, &mut self.squares);
        let g = &batch.grads;
        for (l, (norm, &squares)) in self.norms.iter_mut().zip(&self.squares).enumerate() {
            // A finite sum of squares means every entry is finite; otherwise look (the squares
            // of finite entries may overflow).
            if !squares.is_finite()
                && let Some(x) = first_non_finite(&[g.grad_weights[l].as_slice(), g.grad_bias[l].as_slice()])
            {
                return Ok(Some((Watched::Gradient(l + 1), x)));
            }
            *norm += squares.sqrt();
        }
        if let Some(r) = &mut self.recorder {
            r.step(g);
        }
        if let Some(before) = before {
            let batch_samples = batch.samples(self.samples);
            let step = Step::compute(&before, &batch_samples, lr, None).with_update(method, self.net.clone());
            on(Event::Trace(&step, position))?;
        }
        if !finite {
            for (l, layer) in self.net.layers.iter().enumerate() {
                if let Some(x) = first_non_finite(&[layer.weights.as_slice(), layer.bias.as_slice()]) {
                    return Ok(Some((Watched::Parameters(l + 1), x)));
                }
            }
        }
        Ok(None)
    }

    /// After an epoch's steps: L (and the accuracy) over every sample and the validation
    /// samples, the epoch's record, and the network kept.
    fn end_epoch(&mut self, position: Position, on: &mut On) -> anyhow::Result<Option<Stop>> {
        let (net, epoch) = (&self.net, position.epoch);
        let (loss, accuracy) = self.eval.measure(net, self.samples, &self.threads);
        if !loss.is_finite() {
            return Ok(Some(Stop(position, Watched::EpochLoss, loss)));
        }
        let (val_loss, val_accuracy) = match (&mut self.val_eval, self.validation) {
            (Some(e), Some(v)) => {
                let (l, a) = e.measure(net, v, &self.threads);
                (Some(l), a)
            }
            _ => (None, None),
        };
        let steps = position.step;
        let grad_norm = self.norms.iter().map(|s| s / steps as f64).collect();
        let lr = self.lr;
        let record = EpochRecord {
            format: EPOCH_FORMAT,
            epoch,
            loss,
            accuracy,
            val_loss,
            val_accuracy,
            lr,
            steps,
            grad_norm,
        };
        on(Event::Epoch(&record))?;
        if let Some(r) = &mut self.recorder {
            r.epoch(
                epoch,
                loss,
                net,
                self.eval.units(net, epoch).expect("units are watched for a recording"),
            );
        }
        self.history.push(record);
        for (k, l) in self.kept.layers.iter_mut().zip(&net.layers) {
            k.weights.copy_from(&l.weights);
            k.bias.copy_from(&l.bias);
        }
        self.kept_epoch = epoch;
        self.lr = self.config.schedule.next(lr, epoch);
        Ok(None)
    }

    /// The outcome: the trained network, or after `stop` the network kept.
    pub fn finish(self, stop: Option<Stop>) -> Outcome {
        let recording = self.recorder.map(Recorder::finish);
        let records = self.history.into_records();
        match stop {
            None => Outcome { records, network: self.net, diverged: None, recording },
            Some(Stop(position, quantity, value)) => {
                let kept_epoch = self.kept_epoch;
                let diverged = Some(Divergence { position, quantity, value, kept_epoch });
                Outcome { records, network: self.kept, diverged, recording }
            }
        }
    }
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
