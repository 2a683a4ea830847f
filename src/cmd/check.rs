//! `nettrace check`: gradient check by central finite differences.

use super::Context;
use crate::check;
use crate::cli::CheckArgs;
use crate::error::{Error, input};

/// The most multiply-adds a check may take: about a minute.
const MAX_WORK: f64 = 1e11;
use crate::render;
use crate::spec;
use std::io::Write;

/// Checks every gradient of the network in `args.net`; an error (exit 1) when any fails.
pub fn check(
    args: &CheckArgs,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    // Two forward passes per parameter, each about (parameters × samples) multiply-adds.
    let p = file.network.parameter_count() as f64;
    let work = 2.0 * p * p * samples.len() as f64;
    if work > MAX_WORK {
        return Err(input(format!(
            "{source}: {} parameters and {}: the gradient check would need about {work:.1e} multiply-adds (two forward passes per parameter), more than the {MAX_WORK:.0e} it allows; check a smaller network or fewer samples",
            file.network.parameter_count(),
            spec::plural(samples.len(), "sample"),
        ))
        .into());
    }
    let c = check::check(&file.network, samples, args.eps, args.tol);
    let layout = file.network.layout.name();
    if args.json {
        out.write_all(render::json::pretty(&render::check::to_json(&c, layout)).as_bytes())?;
    } else {
        render::check::write(&c, layout, ctx.style(args.precision), out)?;
    }
    if !c.kinks.is_empty() && args.json {
        writeln!(err, "warning: {} near a ReLU kink: see \"kinks\"", spec::plural(c.kinks.len(), "unit"))?;
    }
    if c.failures() > 0 || !c.loss.is_finite() {
        return Err(Error::Numeric(format!(
            "{source}: {} of {} failed the gradient check (worst relative error {:.3e}, tol {})",
            c.failures(),
            spec::plural(c.rows.len(), "parameter"),
            c.worst_meaningful(),
            args.tol
        ))
        .into());
    }
    Ok(())
}
