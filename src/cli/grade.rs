//! `nettrace grade`: hand-worked values against the step.

use super::Context;
use super::args::*;
use clap::Args;
use nettrace::error::{Error, input};
use nettrace::io::network_file;
use nettrace::render;
use nettrace::step::Step;
use nettrace::teach::grade::{self, Rule, Verdict};
use std::io::Write;

const GRADE_EXAMPLES: &str = "\
Examples:
  nettrace grade networks/two_layer.json networks/answers/two_layer.json
  nettrace grade networks/two_layer.json networks/answers/two_layer_learner.json   # a slip, named
  nettrace grade networks/two_layer.json my_answers.json --digits 4
  nettrace run networks/xor.json --json > answers.json && nettrace grade networks/xor.json answers.json --tol 1e-12

An answer sheet: {\"steps\": [{\"layer\": 2, \"name\": \"delta\", \"value\": [-0.05]}], \"loss\": 0.00125}";

/// Check hand-worked values against the trace, naming the first wrong one and the slip behind it.
///
/// The answer sheet is JSON with a `steps` array in the trace's form (`layer`, `name`, `value`;
/// `phase` and `formula` are ignored), holding any subset of the trace's steps, and optionally
/// `loss` and `loss_after` at the top level. A trace (`run --json`) is itself a perfect sheet.
/// Steps whose value is null are skipped; other top-level fields are ignored; a sheet with no
/// value to grade is bad input. A number is right when it is the correct value rounded to the
/// digits written (0.6680 claims 4 significant digits, 0.668 claims 3), with at least --digits
/// significant digits unless the correct value has fewer; the correct value is computed from
/// the sheet's own earlier values where it gives them, so rounding carried forward is not
/// punished. Verdicts: right, imprecise (right but too few digits), carried (follows from an
/// earlier wrong value on the sheet), wrong, with the classic slip that reproduces it (sign,
/// transposed, missing_derivative, derivative_at_a, updated_weights, missing_mean, ascent,
/// missing_learning_rate). Exit status 0 when every value is right, 1 otherwise (a summary line
/// goes to standard error), 2 for bad input.
#[derive(Debug, Args)]
#[command(after_help = GRADE_EXAMPLES)]
pub struct GradeArgs {
    /// The network file the answers were worked out for.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The answer sheet; - reads standard input.
    #[arg(value_name = "ANSWERS.json")]
    pub answers: String,

    /// The fewest significant digits a number may have and be right (unless the correct value
    /// has fewer).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=17))]
    pub digits: u32,

    /// Instead of the digits written, right when within TOL (absolute or relative, whichever
    /// is looser): for machine-written sheets.
    #[arg(long, value_name = "TOL", value_parser = positive)]
    pub tol: Option<f64>,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Round every intermediate to K decimal places before comparing (see `run --round`).
    #[arg(long, value_name = "K", value_parser = decimals)]
    pub round: Option<u32>,

    /// Print the grade as JSON (nettrace-grade/1).
    #[arg(long)]
    pub json: bool,

    /// Significant digits of the expected numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = digits)]
    pub precision: u8,

    #[command(flatten)]
    pub limits: LimitArg,

    #[command(flatten)]
    pub screen: Screen,
}

/// Grades the answer sheet `args.answers` against the trace of `args.net`; an error (exit 1)
/// when any value is not right.
pub fn grade(args: &GradeArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.net == "-" && args.answers == "-" {
        return Err(input("the network and the answer sheet cannot both be read from standard input").into());
    }
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let (sheet_source, text) = network_file::read_json(&args.answers)?;
    // Checked against the size limit before it is read for its digits.
    nettrace::io::json::parse(&text, &sheet_source, ctx.limits)?;
    let step = Step::compute(&file.network, samples, args.lr.unwrap_or(file.learning_rate), args.round);
    let rule = args.tol.map_or(Rule::Digits(args.digits), Rule::Tol);
    let g = grade::grade(&step, &text, &sheet_source, rule)?;
    if args.json {
        out.write_all(render::json::pretty(&render::grade::to_json(&g)).as_bytes())?;
    } else {
        render::grade::write(&g, args.screen.style(ctx, args.precision), out)?;
    }
    if g.all_right() {
        return Ok(());
    }
    let counts: Vec<String> =
        [(Verdict::Wrong, "wrong"), (Verdict::Carried, "carried"), (Verdict::Imprecise, "imprecise")]
            .into_iter()
            .filter(|(v, _)| g.count(*v) > 0)
            .map(|(v, name)| format!("{} {name}", g.count(v)))
            .collect();
    let first = match &g.first_wrong {
        Some(first) => {
            let a = &g.answers[first.answer];
            format!("; the first wrong is {} ({})", nettrace::notation::symbol(a.quantity), a.field)
        }
        None => match rule {
            Rule::Digits(n) => format!(" (fewer than {n} significant digits)"),
            Rule::Tol(_) => String::new(),
        },
    };
    Err(Error::Numeric(format!(
        "{sheet_source}: {} of {}{first}",
        counts.join(", "),
        network_file::plural(g.answers.len(), "value"),
    ))
    .into())
}
