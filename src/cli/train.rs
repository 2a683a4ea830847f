//! `nettrace train`: many epochs, a report, the trained network and an optional plot.

use super::Context;
use super::args::*;
use super::roles::Role;
use clap::{Args, ValueEnum};
use nettrace::error::{Error, input};
use nettrace::io::data;
use nettrace::io::network_file::{self, NetworkFile};
use nettrace::nn::optim::Method;
use nettrace::notation::number;
use nettrace::render::{self, json};
use nettrace::train::data_set::DataSet;
use nettrace::train::epochs::{self, Config, Summary};
use nettrace::train::threads::Threads;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;

/// An optimizer, as PyTorch defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OptimizerChoice {
    /// θ ← θ − η·g.
    Sgd,
    /// v ← μ·v + g (v = g at the first step), θ ← θ − η·v.
    Momentum,
    /// Adam: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected moments.
    Adam,
}

const TRAIN_EXAMPLES: &str = "\
Examples:
  nettrace train networks/xor.json --epochs 2000 --lr 0.5
  nettrace train networks/digits.json --data networks/data/digits.csv --epochs 30 --batch-size 32 \\
      --optimizer adam --lr 0.01 --plot loss.svg --output trained.json
  nettrace train networks/xor.json --epochs 500 --json | jq -c '{epoch, loss}'
  nettrace train networks/xor.json --epochs 3 --trace-every 1 --json
  nettrace train networks/xor.json --epochs 2000 --lr 0.5 --report xor.html
  nettrace train networks/xor.json --epochs 100 --lr 1 --lr-schedule step:25:0.5
  nettrace train networks/digits.json --data networks/data/digits.csv --batch-size 8 --shuffle --seed 3 \\
      --optimizer momentum
  nettrace train mnist.json --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz \\
      --validation t10k-images-idx3-ubyte.gz --validation-labels t10k-labels-idx1-ubyte.gz \\
      --epochs 5 --batch-size 64 --lr 0.1 --output mnist-trained.json
  nettrace train mnist.json --data x_train.npy --labels y_train.npy --holdout 0.1 --seed 1 --epochs 20
  nettrace train mnist.json --data mnist.npz --x x_train --y y_train --epochs 20";

/// Train for many epochs: mini-batches, SGD, momentum or Adam, a loss curve and the trained network.
///
/// Data comes from the network file (input/target or inputs/targets) or from --data FILE: CSV
/// (a header row, then one sample per row; a last column named `label` holds integer classes,
/// one-hot encoded; otherwise the last output-size columns are the targets), IDX as MNIST is
/// downloaded (gzipped or not; unsigned-byte pixels divided by --pixel-scale, 255, so 0..1) with
/// --labels, or NumPy .npy with --labels, or .npz (arrays X and y). The format is told by the
/// file's content. Every step is the step `nettrace run` traces, with the chosen optimizer's
/// update. After each epoch the loss (and the accuracy, for bce and cross_entropy) over the whole
/// data set is measured, and over the validation data of --validation or --holdout.
///
/// Output: a table of epochs and a loss curve, or with --json one line per epoch
/// {"format": "nettrace-epoch/1", "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr",
/// "steps", "grad_norm"} (val_* only with validation data).
/// A progress bar shows on standard error when it is a terminal. A loss that becomes NaN or
/// infinite stops training with exit status 1, naming the epoch and step; with --output the last
/// finite network (as it was after the last complete epoch) is still written.
#[derive(Debug, Args)]
#[command(after_help = TRAIN_EXAMPLES)]
pub struct TrainArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Training data instead of the file's own inputs and targets: CSV, IDX (gzipped or not) or
    /// NumPy .npy/.npz.
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,

    #[command(flatten)]
    pub read: DataArgs,

    /// Validation data, measured after each epoch (val_loss, val_accuracy): any format --data
    /// takes.
    #[arg(long, value_name = "FILE", conflicts_with = "holdout")]
    pub validation: Option<String>,

    /// The labels of IDX or .npy --validation data, as --labels.
    #[arg(long, value_name = "FILE", requires = "validation")]
    pub validation_labels: Option<String>,

    /// Hold out a fraction F (0 < F < 1) of the data as validation data: the first round(F·N)
    /// samples of the order --shuffle --seed S gives its first epoch; the rest trains, in file
    /// order.
    #[arg(long, value_name = "F", value_parser = fraction, allow_hyphen_values = true)]
    pub holdout: Option<f64>,

    /// How many passes over the data.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = at_least_one)]
    pub epochs: u64,

    /// The learning rate η of the first epoch, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Samples per step (default: the whole data set); the last batch of an epoch may be smaller.
    #[arg(long, value_name = "B", value_parser = at_least_one)]
    pub batch_size: Option<u64>,

    /// Threads multiplying the large matrices of a step and of the loss over all samples, and
    /// readying the memory of a large data file as it is read (default: every core); the numbers,
    /// and so the output, are the same for any N.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub threads: Option<u64>,

    /// The optimizer.
    #[arg(long, value_enum, ignore_case = true, default_value_t = OptimizerChoice::Sgd)]
    pub optimizer: OptimizerChoice,

    /// The momentum μ of --optimizer momentum.
    #[arg(long, value_name = "μ", value_parser = momentum, allow_hyphen_values = true)]
    pub momentum: Option<f64>,

    /// Change η after epochs: step:EVERY:GAMMA multiplies it by GAMMA after every EVERY-th epoch
    /// (PyTorch's StepLR), exp:GAMMA after every epoch (ExponentialLR).
    #[arg(long, value_name = "SCHEDULE", default_value = "constant")]
    pub lr_schedule: nettrace::train::schedule::Schedule,

    /// Reorder the samples before each epoch, reproducibly from --seed.
    #[arg(long)]
    pub shuffle: bool,

    /// The seed of --shuffle and --holdout (default 0).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Print one JSON line per epoch (NDJSON) instead of tables.
    #[arg(long)]
    pub json: bool,

    /// Also print the full trace of every K-th step (as `run --json`, plus epoch, step and
    /// total_steps) in the --json stream.
    #[arg(long, value_name = "K", requires = "json", value_parser = at_least_one)]
    pub trace_every: Option<u64>,

    /// Write the trained network (same file format) to FILE.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write an SVG plot of the loss (and the validation loss and accuracies, with validation data)
    /// and of each layer's gradient norm per epoch to FILE.svg.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

    /// Write a self-contained web page of the run to FILE.html: charts of the loss, accuracy,
    /// gradient norms and inactive or saturated units per epoch, and heatmaps of each layer's
    /// weights and gradients with a slider over snapshots of the training.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = digits)]
    pub precision: u8,

    #[command(flatten)]
    pub limits: LimitArg,

    #[command(flatten)]
    pub screen: Screen,
}

/// A fraction strictly between 0 and 1.
fn fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if f > 0.0 && f < 1.0 => Ok(f),
        _ => Err("expected a fraction between 0 and 1 (not included), such as 0.1".to_string()),
    }
}

/// A momentum: a number in [0, 1).
fn momentum(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(m) if (0.0..1.0).contains(&m) => Ok(m),
        _ => Err("expected a number from 0 up to (not including) 1, such as 0.9".to_string()),
    }
}

/// Trains the network in `args.net` as `args` says.
pub fn train(
    args: &TrainArgs,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let method = method(args)?;
    check_paths(args)?;
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let threads = args.threads.map_or_else(Threads::available, |n| n as usize);
    let (samples, validation) = load_samples(args, ctx, &source, &file, threads)?;
    let config = Config {
        epochs: args.epochs,
        lr: args.lr.unwrap_or(file.learning_rate),
        batch_size: args.batch_size.map_or(samples.len(), |b| b.min(samples.len() as u64) as usize),
        method,
        schedule: args.lr_schedule,
        shuffle: args.shuffle.then_some(args.seed.unwrap_or(0)),
        trace_every: args.trace_every,
        threads,
    };
    check_batch_values(&config, &file, &source, ctx)?;
    let outcome = super::epochs::run(args, ctx, &file, &samples, validation.as_ref(), &config, out)?;

    let trained = NetworkFile { network: outcome.network, ..file };
    let mut summary = Summary::new(&source, &trained.network, samples.len(), config);
    summary.validation = validation.as_ref().map(|v| v.len());
    if let (Some(path), Some(recording)) = (&args.report, &outcome.recording) {
        let report = render::html::report::Report {
            summary: &summary,
            name: trained.name.as_deref(),
            network: &trained.network,
            records: &outcome.records,
            recording,
            diverged_after: outcome.diverged.as_ref().map(|d| d.kept_epoch),
            data: &samples,
            input_shape: trained.input_shape,
        };
        write_report(path, &report, ctx, out)?;
    }
    if let Some(d) = &outcome.diverged {
        if let Some(o) = &args.output {
            write_network(o, &trained, out)?;
        }
        out.flush()?;
        for path in [&args.output, &args.report].into_iter().flatten() {
            super::output::wrote(path, err)?;
        }
        let total = config.epochs * epochs::steps_per_epoch(samples.len(), config.batch_size);
        return Err(super::divergence::error(d, &source, &config, total, args.output.as_deref()).into());
    }
    if let Some(o) = &args.output {
        write_network(o, &trained, out)?;
    }
    if let Some(path) = &args.plot {
        let title =
            format!("Training {} ({}, η = {})", source, config.method.name(), number::compact(config.lr));
        let svg = render::plot::svg(&title, &outcome.records)
            .map_err(|e| anyhow::anyhow!("cannot draw the plot: {e}"))?;
        super::capped::check(svg.as_bytes(), ctx.max_output, "the plot")?;
        super::output::write(path, svg.as_bytes(), out)?;
    }
    if !args.json {
        render::training::write(&summary, &outcome.records, args.screen.style(ctx, args.precision), out)?;
    }
    // Which files were written, after what standard output shows (which may be a pipe of JSON).
    out.flush()?;
    for path in [&args.output, &args.plot, &args.report].into_iter().flatten() {
        super::output::wrote(path, err)?;
    }
    Ok(())
}

/// The optimizer `args` choose, refusing options that belong to another, and --seed alone.
fn method(args: &TrainArgs) -> Result<Method, Error> {
    if args.momentum.is_some() && args.optimizer != OptimizerChoice::Momentum {
        return Err(input("--momentum is only for --optimizer momentum"));
    }
    if let Some(seed) = args.seed
        && !args.shuffle
        && args.holdout.is_none()
    {
        return Err(input(format!(
            "--seed {seed} seeds the order of --shuffle and the samples --holdout picks, and without either it changes nothing: add --shuffle or --holdout F, or leave --seed out"
        )));
    }
    Ok(match args.optimizer {
        OptimizerChoice::Sgd => Method::Sgd,
        OptimizerChoice::Momentum => {
            Method::Momentum { mu: args.momentum.unwrap_or(Method::DEFAULT_MOMENTUM) }
        }
        OptimizerChoice::Adam => Method::ADAM,
    })
}

/// Refuses, before any work, an output that cannot be written, or that is one file with an
/// input or another output.
fn check_paths(args: &TrainArgs) -> Result<(), Error> {
    let outputs = [("--output", &args.output), ("--plot", &args.plot), ("--report", &args.report)];
    let mut roles = vec![Role::input("NET.json", &args.net)];
    for (option, path) in [
        ("--data", &args.data),
        ("--labels", &args.read.labels),
        ("--validation", &args.validation),
        ("--validation-labels", &args.validation_labels),
    ] {
        roles.extend(path.as_deref().map(|p| Role::input(option, p)));
    }
    for (option, path) in outputs {
        if let Some(path) = path {
            super::output::check(option, path)?;
            roles.push(Role::output(option, path));
        }
    }
    super::roles::distinct(&roles)
}

/// The training samples, and the validation samples of --validation or --holdout, read with up
/// to `threads` threads.
fn load_samples(
    args: &TrainArgs,
    ctx: &Context,
    source: &str,
    file: &NetworkFile,
    threads: usize,
) -> anyhow::Result<(DataSet, Option<DataSet>)> {
    let samples = match &args.data {
        Some(path) => {
            let options = data::Options {
                shuffled: args.shuffle,
                threads,
                ..args.read.options(args.read.labels.as_deref(), "--labels")
            };
            data::load(path, &options, &file.network, ctx.limits)?
        }
        None => {
            let samples =
                file.require_samples(source).map_err(|e| input(format!("{e}, or give --data FILE.csv")))?;
            DataSet::from(samples.clone())
        }
    };
    Ok(match (&args.validation, args.holdout) {
        (Some(path), _) => {
            let options = data::Options {
                threads,
                ..args.read.options(args.validation_labels.as_deref(), "--validation-labels")
            };
            (samples, Some(data::load(path, &options, &file.network, ctx.limits)?))
        }
        (None, Some(f)) => {
            let from = args.data.as_deref().unwrap_or(source);
            let (kept, held) = nettrace::train::holdout::holdout(samples, f, args.seed.unwrap_or(0), from)?;
            (kept, Some(held))
        }
        (None, None) => (samples, None),
    })
}

/// A step's buffers hold every value of its batch: checked as a traced step is.
fn check_batch_values(config: &Config, file: &NetworkFile, source: &str, ctx: &Context) -> Result<(), Error> {
    let values = config.batch_size.checked_mul(file.network.values_per_sample());
    if values.is_none_or(|v| v > ctx.limits.max_values) {
        return Err(input(format!(
            "{source}: batches of {} samples need {} values to train, over the limit of {} (give a smaller --batch-size, or raise the limit with --max-values)",
            config.batch_size,
            values.map_or("too many".to_string(), |v| v.to_string()),
            ctx.limits.max_values
        )));
    }
    Ok(())
}

fn write_network(path: &Path, file: &NetworkFile, out: &mut dyn Write) -> anyhow::Result<()> {
    super::output::write(path, json::pretty(&network_file::to_value(file)).as_bytes(), out)
}

/// Writes the web page of the run to `path`.
fn write_report(
    path: &Path,
    report: &render::html::report::Report,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let page = super::capped::render(ctx.max_output, "the report", |page| {
        Ok(render::html::report::write(report, page)?)
    })?;
    super::output::write(path, &page, out)
}
