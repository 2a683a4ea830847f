//! `nettrace check`: gradient check by central finite differences.

use super::Context;
use crate::check;
use crate::cli::CheckArgs;
use crate::error::Error;
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
