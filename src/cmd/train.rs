//! `nettrace train`: many epochs, a report, the trained network and an optional plot.

use super::Context;
use crate::cli::{OptimizerChoice, TrainArgs};
use crate::error::{Error, input};
use crate::optim::Method;
use crate::render::{self, json, number};
use crate::spec::{self, NetworkFile};
use crate::train::{self, Config, Event, Summary};
use anyhow::Context as _;
use std::io::Write;
use std::path::Path;

/// Trains the network in `args.net` as `args` says.
pub fn train(
    args: &TrainArgs,
    ctx: &Context,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> anyhow::Result<()> {
    let method = match args.optimizer {
        OptimizerChoice::Sgd => Method::Sgd,
        OptimizerChoice::Momentum => {
            Method::Momentum { mu: args.momentum.unwrap_or(Method::DEFAULT_MOMENTUM) }
        }
        OptimizerChoice::Adam => Method::ADAM,
    };
    if args.momentum.is_some() && args.optimizer != OptimizerChoice::Momentum {
        return Err(input("--momentum is only for --optimizer momentum").into());
    }
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = match &args.data {
        Some(path) => crate::csv::load(path, &file.network, ctx.limits)?,
        None => {
            file.require_samples(&source).map_err(|e| input(format!("{e}, or give --data FILE.csv")))?.clone()
        }
    };
    let config = Config {
        epochs: args.epochs,
        lr: args.lr.unwrap_or(file.learning_rate),
        batch_size: args.batch_size.map_or(samples.len(), |b| b.min(samples.len() as u64) as usize),
        method,
        schedule: args.lr_schedule,
        shuffle: args.shuffle.then_some(args.seed.unwrap_or(0)),
        trace_every: args.trace_every,
    };

    let total = config.epochs * train::steps_per_epoch(samples.len(), config.batch_size);
    let bar = ctx.stderr_is_terminal.then(|| progress_bar(total));
    let outcome = train::train(&file, &samples, &config, &mut |event| {
        match event {
            Event::Step(p) => {
                if let Some(bar) = &bar
                    && (p.total_steps % 64 == 0 || p.total_steps == total)
                {
                    bar.set_position(p.total_steps);
                }
            }
            Event::Epoch(record) if args.json => json::line(record, out)?,
            Event::Epoch(record) => {
                if let Some(bar) = &bar {
                    bar.set_message(format!(
                        "epoch {} · L = {}",
                        record.epoch,
                        number::format(record.loss, 6)
                    ));
                }
            }
            Event::Trace(t) => json::line(t, out)?,
        }
        Ok(())
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let trained = NetworkFile { network: outcome.network, ..file };
    if let Some(d) = &outcome.diverged {
        let p = d.position;
        let kept = match (&args.output, d.kept_epoch) {
            (None, _) => String::new(),
            (Some(o), 0) => {
                format!("; wrote the initial network (no epoch ended with a finite loss) to {}", o.display())
            }
            (Some(o), k) => {
                format!("; wrote the last finite network, as it was after epoch {k}, to {}", o.display())
            }
        };
        if let Some(o) = &args.output {
            write_network(o, &trained)?;
        }
        let place = if d.at_epoch_end {
            format!("after epoch {} (step {} of {total}): the loss over all samples", p.epoch, p.total_steps)
        } else {
            format!(
                "at epoch {}, step {} (step {} of {total}): the batch loss",
                p.epoch, p.step, p.total_steps
            )
        };
        return Err(Error::Numeric(format!(
            "{source}: training diverged {place} became {} (η = {}){kept}; try a smaller learning rate (--lr)",
            d.loss,
            number::format(config.lr, 6)
        ))
        .into());
    }

    if let Some(o) = &args.output {
        write_network(o, &trained)?;
    }
    if let Some(path) = &args.plot {
        let title = format!("Training {} ({}, η = {})", source, config.method.name(), config.lr);
        let svg = render::plot::svg(&title, &outcome.records)
            .map_err(|e| anyhow::anyhow!("cannot draw the plot: {e}"))?;
        write_file(path, svg.as_bytes())?;
    }
    if !args.json {
        let summary = Summary::new(&source, &trained.network, samples.len(), config);
        render::training::write(&summary, &outcome.records, ctx.style(args.precision), out)?;
    }
    Ok(())
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} steps · {msg} · {eta} left")
        .expect("the progress template is valid");
    bar.set_style(style);
    bar
}

fn write_network(path: &Path, file: &NetworkFile) -> anyhow::Result<()> {
    write_file(path, json::pretty(&spec::to_value(file)).as_bytes())
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::atomic::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
