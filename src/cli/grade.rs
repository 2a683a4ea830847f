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
  nettrace grade networks/two_layer.json networks/answers/class/ --csv   # a class
  nettrace run networks/xor.json --json > answers.json && nettrace grade networks/xor.json answers.json --tol 1e-12

An answer sheet: {\"steps\": [{\"layer\": 2, \"name\": \"delta\", \"value\": [-0.05]}], \"loss\": 0.00125}";

/// Check hand-worked values against the trace, naming the first wrong one and the slip behind it;
/// several sheets (or a directory) grade a class.
///
/// The answer sheet is JSON with a `steps` array in the trace's form (`layer`, `name`, `value`;
/// `phase` and `formula` are ignored), holding any subset of the trace's steps, and optionally
/// `loss` and `loss_after` at the top level. A trace (`run --json`) is itself a perfect sheet.
/// A null value is a blank to fill in; an unknown field is bad input. A number written with d
/// significant digits is right when it is the correct value rounded to d significant digits
/// (0.6680 claims 4, 0.668 claims 3; a zero is right only for zero), with at least --digits
/// significant digits unless the correct value has fewer; the correct value is computed from the
/// sheet's own earlier values where it gives them, so rounding carried forward is not punished.
/// A column vector, a batch written units × samples (out_in) and grad_output with the output
/// layer's number are read. Verdicts: right, imprecise (right but too few digits), carried
/// (follows from an earlier wrong value on the sheet), wrong, blank, with the classic slip that
/// reproduces a wrong value (sign, transposed, missing_derivative, derivative_at_a,
/// updated_weights, missing_mean, ascent, missing_learning_rate, missing_half, layout,
/// missing_jacobian, single_sample, z_for_a, log_base). A class: a row per sheet and the slips
/// counted, as --json (nettrace-grade-class/1) or --csv for a gradebook. Exit status 0 when every value is right,
/// 1 otherwise (a summary line goes to standard error), 2 for bad input or an unreadable sheet.
#[derive(Debug, Args)]
#[command(after_help = GRADE_EXAMPLES)]
pub struct GradeArgs {
    /// The network file the answers were worked out for.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The answer sheet; - reads standard input. Several sheets, or a directory of them
    /// (its .json files), grade a class.
    #[arg(value_name = "ANSWERS.json", num_args = 1.., required = true)]
    pub answers: Vec<String>,

    /// The fewest significant digits a number may have and be right (unless the correct value
    /// has fewer).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=17))]
    pub digits: u32,

    /// Instead of the digits written, right when within TOL (absolute or relative, whichever
    /// is looser): for machine-written sheets.
    #[arg(long, value_name = "TOL", value_parser = positive, allow_hyphen_values = true)]
    pub tol: Option<f64>,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Round every intermediate to K decimal places before comparing (see `run --round`).
    #[arg(long, value_name = "K", value_parser = decimals)]
    pub round: Option<u32>,

    /// Print the grade as JSON (nettrace-grade/1; for a class nettrace-grade-class/1).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// Print one CSV line per sheet, for a gradebook (a class, even of one sheet).
    #[arg(long)]
    pub csv: bool,

    /// Significant digits of the expected numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = digits)]
    pub precision: u8,

    #[command(flatten)]
    pub limits: LimitArg,

    #[command(flatten)]
    pub screen: Screen,
}

/// Grades the answer sheets `args.answers` against the trace of `args.net`: one sheet, or a
/// class when there are several (or a directory, or `--csv`).
pub fn grade(args: &GradeArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.net == "-" && args.answers.iter().any(|a| a == "-") {
        return Err(input("the network and the answer sheet cannot both be read from standard input").into());
    }
    if args.answers.iter().filter(|a| *a == "-").count() > 1 {
        return Err(input("standard input can be read once; name - once among the answer sheets").into());
    }
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let step = Step::compute(&file.network, samples, args.lr.unwrap_or(file.learning_rate), args.round);
    let rule = args.tol.map_or(Rule::Digits(args.digits), Rule::Tol);
    let is_dir = |a: &String| std::path::Path::new(a).is_dir();
    if args.answers.len() > 1 || args.csv || args.answers.iter().any(is_dir) {
        return super::grade_class::class(args, &step, rule, ctx, out);
    }
    one(args, &step, rule, ctx, out)
}

/// Reads and grades the sheet `path`.
pub(super) fn sheet(
    path: &str,
    step: &Step,
    rule: Rule,
    ctx: &Context,
) -> Result<(String, grade::Grade), Error> {
    let (sheet_source, text) = network_file::read_json(path)?;
    // Checked against the size limit before it is read for its digits.
    nettrace::io::json::parse(&text, &sheet_source, ctx.limits)?;
    Ok((sheet_source.clone(), grade::grade(step, &text, &sheet_source, rule)?))
}

/// Grades one sheet; an error (exit 1) when any value is not right.
fn one(args: &GradeArgs, step: &Step, rule: Rule, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (sheet_source, g) = sheet(&args.answers[0], step, rule, ctx)?;
    let style = args.screen.style(ctx, args.precision);
    super::check::report(
        args.json,
        || render::grade::to_json(&g),
        |out| render::grade::write(&g, style, out),
        out,
    )?;
    if g.all_right() {
        return Ok(());
    }
    let counts: Vec<String> = [
        (Verdict::Wrong, "wrong"),
        (Verdict::Carried, "carried"),
        (Verdict::Imprecise, "imprecise"),
        (Verdict::Blank, "blank"),
    ]
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
            Rule::Digits(n) if g.count(Verdict::Imprecise) > 0 => {
                format!(" (fewer than {})", nettrace::notation::plural(n as usize, "significant digit"))
            }
            _ => String::new(),
        },
    };
    Err(Error::Numeric(format!(
        "{sheet_source}: {} of {}{first}",
        counts.join(", "),
        network_file::plural(g.answers.len(), "value"),
    ))
    .into())
}
