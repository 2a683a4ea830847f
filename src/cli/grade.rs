//! `nettrace grade`: hand-worked values against the step.

use super::Context;
use super::args::*;
use clap::Args;
use nettrace::error::{Error, input};
use nettrace::io::network_file;
use nettrace::render;
use nettrace::step::Step;
use nettrace::teach::grade;
use std::io::Write;

const GRADE_EXAMPLES: &str = "\
Examples:
  nettrace grade networks/two_layer.json networks/answers/two_layer.json
  nettrace grade networks/two_layer.json my_answers.json --tol 1e-3
  nettrace run networks/xor.json --json > answers.json && nettrace grade networks/xor.json answers.json

An answer sheet: {\"steps\": [{\"layer\": 2, \"name\": \"delta\", \"value\": [-0.05]}], \"loss\": 0.00125}";

/// Check hand-worked values against the trace and name the first wrong one.
///
/// The answer sheet is JSON with a `steps` array in the trace's form (`layer`, `name`, `value`;
/// `phase` and `formula` are ignored), holding any subset of the trace's steps, and optionally
/// `loss` and `loss_after` at the top level. A trace (`run --json`) is itself a perfect sheet.
/// Steps whose value is null are skipped; other top-level fields are ignored. Each given value
/// is right when every number is within tol·max(1, |expected|) of the trace. The first wrong
/// value in computation order is named with its formula and the quantities it is computed from,
/// each marked right, wrong or not given, so that a mistake inherited from an earlier wrong value
/// can be told from a new one. Exit status 0 when all are right, 1 when any is wrong (a summary
/// line goes to standard error), 2 for bad input.
#[derive(Debug, Args)]
#[command(after_help = GRADE_EXAMPLES)]
pub struct GradeArgs {
    /// The network file the answers were worked out for.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The answer sheet; - reads standard input.
    #[arg(value_name = "ANSWERS.json")]
    pub answers: String,

    /// How close counts as right: absolute or relative, whichever is looser.
    #[arg(long, value_name = "TOL", default_value_t = 1e-4, value_parser = positive)]
    pub tol: f64,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// Round every intermediate to K decimal places before comparing (see `run --round`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(0..=15))]
    pub round: Option<u32>,

    /// Print the grade as JSON (nettrace-grade/1).
    #[arg(long)]
    pub json: bool,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,
    #[command(flatten)]
    pub screen: Screen,
}

/// Grades the answer sheet `args.answers` against the trace of `args.net`; an error (exit 1)
/// when any value is wrong.
pub fn grade(args: &GradeArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.net == "-" && args.answers == "-" {
        return Err(input("the network and the answer sheet cannot both be read from standard input").into());
    }
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let (sheet_source, text) = network_file::read_json(&args.answers)?;
    let sheet = nettrace::io::json::parse(&text, &sheet_source, ctx.limits)?;
    let step = Step::compute(&file.network, samples, args.lr.unwrap_or(file.learning_rate), args.round);
    let g = grade::grade(&step, &sheet, &sheet_source, args.tol)?;
    if args.json {
        out.write_all(render::json::pretty(&render::grade::to_json(&g)).as_bytes())?;
    } else {
        render::grade::write(&g, args.screen.style(ctx, args.precision), out)?;
    }
    if let Some(first) = &g.first_wrong {
        let a = &g.answers[first.answer];
        return Err(Error::Numeric(format!(
            "{sheet_source}: {} of {} wrong; the first is {} ({})",
            g.wrong(),
            network_file::plural(g.answers.len(), "value"),
            nettrace::notation::symbol(a.quantity),
            a.field
        ))
        .into());
    }
    Ok(())
}
