//! `nettrace run`: one training step, traced.

use super::Context;
use crate::cli::{Format, RunArgs};
use crate::error::Error;
use crate::render;
use crate::spec;
use crate::trace::{self, Options, Trace};
use std::io::Write;

/// Traces one step of the network in `args.net` and renders it to `out`.
pub fn run(args: &RunArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let options = Options {
        learning_rate: args.lr.unwrap_or(file.learning_rate),
        round: args.round,
        diagnostics: !args.no_diagnostics,
    };
    let trace = trace::trace(&file, samples, options);
    if let Some(param) = &args.why {
        let target = crate::why::parse_target(param)?;
        let why = crate::why::explain(&file.network, &trace, target, &source)?;
        check_finite(&trace, &source)?;
        render::why::write(&why, args.precision as usize, out)?;
        return Ok(());
    }
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Table if args.pause && ctx.stdin_is_terminal && ctx.stdout_is_terminal => {
            check_finite(&trace, &source)?;
            let chunks = render::table::chunks(&trace, ctx.style(args.precision))?;
            super::pause::step_through(&chunks, out, err, &mut std::io::stdin().lock())?;
        }
        Format::Table => render::table::write(&trace, ctx.style(args.precision), out)?,
        Format::Json => render::stream::write(&trace, out)?,
        Format::Markdown | Format::Latex => {
            let worked = crate::worked::build(&file.network, &trace);
            let precision = args.precision as usize;
            let mut text = Vec::new();
            if format == Format::Markdown {
                render::markdown::write(&worked, precision, &mut text)?;
                if let Some(findings) = &trace.diagnostics {
                    render::diagnostics::write_markdown(findings, &mut text)?;
                }
            } else {
                render::latex::write(&worked, precision, &mut text)?;
            }
            out.write_all(&text)?;
        }
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
