//! `nettrace run`: one training step, traced.

use super::Context;
use crate::cli::{Format, RunArgs};
use crate::error::Error;
use crate::render;
use crate::spec;
use crate::trace::{self, Options, Trace};
use std::io::Write;

/// Traces one step of the network in `args.net` and renders it to `out`.
pub fn run(args: &RunArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let options = Options { learning_rate: args.lr.unwrap_or(file.learning_rate), round: args.round };
    let trace = trace::trace(&file, samples, options);
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Table => render::table::write(&trace, ctx.style(args.precision), out)?,
        Format::Json => render::stream::write(&trace, out)?,
    }
    check_finite(&trace, &source)?;
    Ok(())
}

/// An error naming the first step of `trace` that holds a NaN or an infinity.
pub fn check_finite(trace: &Trace, source: &str) -> Result<(), Error> {
    match trace.first_non_finite() {
        None if trace.loss_after.is_finite() => Ok(()),
        None => Err(Error::Numeric(format!(
            "{source}: the loss after the update is {}; the step overshot: try a smaller learning rate (--lr)",
            trace.loss_after
        ))),
        Some(step) => Err(Error::Numeric(format!(
            "{source}: {} is {} in the {} phase ({}): the numbers overflowed f64; try smaller weights, inputs or learning rate",
            step.symbol(),
            step.value.numbers().into_iter().find(|x| !x.is_finite()).unwrap_or(f64::NAN),
            step.phase.name(),
            step.formula
        ))),
    }
}
