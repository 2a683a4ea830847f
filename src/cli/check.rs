//! `nettrace check`: gradient check by central finite differences.

use super::Context;
use super::args::*;
use clap::Args;
use nettrace::error::{Error, input};
use nettrace::io::network_file;
use nettrace::render;
use nettrace::step::Step;
use nettrace::teach::check;
use serde::Serialize;
use std::io::Write;

const CHECK_EXAMPLES: &str = "\
Examples:
  nettrace check networks/sequential_bce.json
  nettrace check networks/xor.json --eps 1e-5 --tol 1e-7
  nettrace check networks/softmax_ce.json --json | jq '.worst_relative_error'";

/// Gradient check: every backpropagated gradient against a central finite difference.
///
/// For each weight and bias θ, the numeric gradient is (L(θ + ε) − L(θ − ε)) / 2ε. The relative
/// error is |analytic − numeric| / max(|analytic|, |numeric|, floor), with floor =
/// 10·ε_mach·max(|L|, 1) / (ε·tol), so that gradients at the level of the difference's own
/// rounding error are compared absolutely. Where a ReLU or leaky ReLU input is within
/// ε·(1 + ‖a[l−1]‖₁) of its kink, a warning names the unit and the rows of that layer and the
/// layers below are marked `kink` instead of failing. Exit status 1 when any row fails.
#[derive(Debug, Args)]
#[command(after_help = CHECK_EXAMPLES)]
pub struct CheckArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The step ε of the central difference.
    #[arg(long, value_name = "ε", default_value_t = 1e-6, value_parser = positive, allow_hyphen_values = true)]
    pub eps: f64,

    /// The largest relative error that passes.
    #[arg(long, value_name = "TOL", default_value_t = 1e-6, value_parser = positive, allow_hyphen_values = true)]
    pub tol: f64,

    /// Print the check as JSON (nettrace-check/1).
    #[arg(long)]
    pub json: bool,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = digits)]
    pub precision: u8,

    #[command(flatten)]
    pub limits: LimitArg,

    #[command(flatten)]
    pub screen: Screen,
}

/// The most multiply-adds a check may take: about a minute.
const MAX_WORK: f64 = 1e11;

/// Checks every gradient of the network in `args.net`; an error (exit 1) when any fails.
pub fn check(
    args: &CheckArgs,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let work = check::cost(&file.network, samples.len());
    if work > MAX_WORK {
        return Err(input(format!(
            "{source}: {} parameters and {}: the gradient check would need about {work:.1e} multiply-adds (two forward passes per parameter, each with a fixed cost per layer and per unit), more than the {MAX_WORK:.0e} it allows; check a smaller network or fewer samples",
            file.network.parameter_count(),
            network_file::plural(samples.len(), "sample"),
        ))
        .into());
    }
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    let c = check::check(&step, args.eps, args.tol);
    let style = args.screen.style(ctx, args.precision);
    report(args.json, || render::check::to_json(&c), |out| render::check::write(&c, style, out), out)?;
    if !c.kinks.is_empty() && args.json {
        writeln!(
            err,
            "warning: {} near a ReLU kink: see \"kinks\"",
            network_file::plural(c.kinks.len(), "unit")
        )?;
    }
    if c.failures() > 0 || !c.loss.is_finite() {
        return Err(Error::Numeric(format!(
            "{source}: {} of {} failed the gradient check (worst relative error {:.3e}, tol {})",
            c.failures(),
            network_file::plural(c.rows.len(), "parameter"),
            c.worst_meaningful(),
            args.tol
        ))
        .into());
    }
    Ok(())
}

/// A report of check or grade on `out`: its JSON with `--json` (`json`), else its table.
pub(super) fn report<T: Serialize>(
    json: bool,
    to_json: impl FnOnce() -> T,
    table: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match json {
        true => out.write_all(render::json::pretty(&to_json()).as_bytes()),
        false => table(out),
    }
}
