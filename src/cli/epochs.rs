//! Training's epochs as they go: a progress bar on standard error when it is a terminal, and the
//! --json lines (epochs and traced steps) on standard output as each comes.

use super::Context;
use super::train::TrainArgs;
use nettrace::io::network_file::NetworkFile;
use nettrace::notation::number;
use nettrace::render::{self, json};
use nettrace::train::data_set::DataSet;
use nettrace::train::epochs::{self, Config, Event};
use std::io::Write;

/// Trains, showing progress on a terminal and printing --json lines (and traces) as they come.
pub fn run(
    args: &TrainArgs,
    ctx: &Context,
    file: &NetworkFile,
    samples: &DataSet,
    validation: Option<&DataSet>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<epochs::Outcome> {
    let total = config.epochs * epochs::steps_per_epoch(samples.len(), config.batch_size);
    let bar = ctx.stderr_is_terminal.then(|| progress_bar(total));
    let record = args.report.is_some();
    let outcome = epochs::train_with(&file.network, samples, validation, record, config, &mut |event| {
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
            Event::Trace(step, position) => {
                let trace = render::trace::trace(&render::Traced {
                    step,
                    name: file.name.as_deref(),
                    description: file.description.as_deref(),
                    diagnostics: None,
                });
                json::line(&render::trace::Positioned { trace, position }, out)?
            }
        }
        Ok(())
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(outcome)
}

/// The progress line on standard error: the message (epoch and loss) is cut to the terminal's width.
fn progress_bar(total: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    let style =
        indicatif::ProgressStyle::with_template("{bar:20} {pos}/{len} steps · {eta} left · {wide_msg}")
            .expect("the progress template is valid");
    bar.set_style(style);
    bar
}
