//! `nettrace run`: one training step, traced.

use super::Context;
use super::args::*;
use super::capped;
use super::roles::Role;
use clap::{Args, ValueEnum};
use nettrace::error::{Error, input};
use nettrace::io::network_file;
use nettrace::nn::network::Samples;
use nettrace::notation;
use nettrace::render::{self, Style, Traced};
use nettrace::step::{Quantity, Step};
use nettrace::teach::diagnostics::diagnose;
use nettrace::train::data_set::DataSet;
use nettrace::train::threads::Threads;
use std::borrow::Cow;
use std::io::Write;

/// The output format of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables grouped by phase.
    Table,
    /// The trace as one JSON object (nettrace-trace/1).
    Json,
    /// A worked solution in Markdown: each formula, the same with the numbers substituted, and
    /// the result, in `$$ … $$` blocks that render in GitHub, Obsidian, KaTeX and MathJax.
    Markdown,
    /// The same worked solution as a standalone LaTeX document (pdflatex, amsmath only).
    Latex,
    /// A self-contained web page: the network as a diagram, a phase stepper, every table with
    /// its formula in MathML, click any weight, bias or unit to see its chain rule; edit any
    /// given number, Step, Reset, Download or Train, every value recomputed by nettrace's core,
    /// embedded as WebAssembly (window.nettrace); the trace is embedded as JSON. No network
    /// requests; opens from a file.
    Html,
}

const RUN_EXAMPLES: &str = "\
Examples:
  nettrace run networks/two_layer.json
  nettrace run networks/two_layer.json --precision 10
  nettrace run networks/xor.json --json | jq '.steps[] | select(.name == \"delta\") | .value'
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace run -
  nettrace run docs/mazur.json --round 4
  nettrace run networks/sequential_bce.json --json | jq '.diagnostics'
  nettrace run networks/two_layer.json --format markdown > step.md
  nettrace run networks/two_layer.json --format latex > step.tex && pdflatex step.tex
  nettrace run networks/two_layer.json --format html > step.html
  nettrace run networks/two_layer.json --format html --practice > practice.html
  nettrace run networks/two_layer.json --why 'W[1][1][2]'
  nettrace run networks/two_layer.json --pause
  nettrace run networks/digits.json --data networks/data/digits.csv --sample 3
  nettrace run mnist.json --data t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz --samples 1..4";

/// Trace one full training step: forward, loss, backward, update, and the loss after it.
///
/// Tables are grouped by phase; each is titled with the quantity's formula (written for the
/// file's layout) and its shape. With --json the trace is printed as one JSON object with every
/// number at full f64 precision. --format markdown or latex writes a worked solution: each formula,
/// the same with the numbers substituted, and the result; --format html a web page of the step
/// (with --practice, a page to practise on: every value to compute is an answer field, graded as
/// it is typed).
/// --why explains one gradient entry by the chain rule; --pause steps through the tables on a
/// terminal. --data traces a sample (--sample K) or a batch (--samples A..B) of a data file
/// instead of the file's own. A NaN or infinity anywhere exits with status 1, naming the first
/// step where it appeared.
#[derive(Debug, Args)]
#[command(after_help = RUN_EXAMPLES)]
pub struct RunArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Trace samples of a data file instead of the file's own: CSV, IDX (gzipped or not) or NumPy
    /// .npy/.npz, as `train --data` reads it.
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,

    #[command(flatten)]
    pub read: super::args::DataArgs,

    /// Trace sample K alone (counted from 1) of the data.
    #[arg(long, value_name = "K", conflicts_with = "samples", value_parser = at_least_one)]
    pub sample: Option<u64>,

    /// Trace samples A to B (counted from 1, both included) of the data as one batch.
    #[arg(long, value_name = "A..B", value_parser = sample_range)]
    pub samples: Option<(u64, u64)>,

    /// Threads multiplying the large matrices of a batch of many samples, and readying the memory
    /// of a large data file as it is read (default: every core); the numbers are the same for any N.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub threads: Option<u64>,

    /// Print the trace as JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// With --format html: a practice page instead. The given values are shown and every value
    /// to compute is an answer field, graded as it is typed by the code of `nettrace grade`;
    /// Show reveals one value, and the answers download as a sheet `nettrace grade` reads.
    #[arg(long, conflicts_with_all = ["json", "why", "pause"])]
    pub practice: bool,

    /// Significant digits of the numbers in tables and worked solutions.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = digits)]
    pub precision: u8,

    /// Show every entry of every matrix in tables, however wide. By default a matrix shows its
    /// first and last columns around … where it is wider than the screen (--width), and its first
    /// and last three rows and columns where it has more than 1,000 entries (as numpy prints it)
    /// or, on a screen, more than 24 rows.
    #[arg(long)]
    pub full: bool,

    #[command(flatten)]
    pub screen: Screen,

    /// Round every intermediate (z, a, loss, δ, gradients, new weights) to K decimal places as
    /// it is computed, as hand-worked solutions do.
    #[arg(long, value_name = "K", value_parser = decimals)]
    pub round: Option<u32>,
    /// Leave out the diagnostics (inactive ReLU units, saturated sigmoid/tanh units, vanishing or
    /// exploding gradients, a step that increased the loss) printed after the trace and included
    /// in the JSON under "diagnostics".
    #[arg(long)]
    pub no_diagnostics: bool,

    /// Instead of the trace, explain one gradient entry by the chain rule:
    /// ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w, each factor with its value and where it comes from.
    /// PARAM is W[l][i][j] or b[l][i], counted from 1 as the tables show (row i, column j of
    /// layer l's matrix as the file stores it; unit i), or the same as the file's JSON path,
    /// counted from 0: layers[l-1].weights[i-1][j-1] or layers[l-1].bias[i-1].
    #[arg(long, value_name = "PARAM", conflicts_with_all = ["json", "format"])]
    pub why: Option<String>,

    /// Step through the trace: show one phase of one layer at a time and wait for Enter (q shows
    /// the rest). Only when standard input and output are terminals; otherwise it prints the
    /// whole trace like plain `run`.
    #[arg(long, conflicts_with_all = ["json", "format", "why"])]
    pub pause: bool,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// Refuses, before anything is read, two inputs that both name standard input, which holds one file.
fn check_inputs(args: &RunArgs) -> Result<(), Error> {
    let mut roles = vec![Role::input("NET.json", &args.net)];
    roles.extend(args.data.as_deref().map(|p| Role::input("--data", p)));
    roles.extend(args.read.labels.as_deref().map(|p| Role::input("--labels", p)));
    super::roles::distinct(&roles)
}

/// Traces one step of the network in `args.net` and renders it to `out`.
pub fn run(args: &RunArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    if args.practice && args.format != Format::Html {
        let found = args.format.to_possible_value().map_or(String::new(), |v| v.get_name().to_string());
        return Err(input(format!(
            "--practice: a practice page is a web page; expected --format html, found --format {found}"
        ))
        .into());
    }
    check_inputs(args)?;
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let threads = args.threads.map_or_else(Threads::available, |n| n as usize);
    let samples = &*traced_samples(args, ctx, &file, &source, threads)?;
    nettrace::io::data::check_trace(
        samples,
        &file.network,
        ctx.limits,
        args.data.as_deref().unwrap_or(&source),
    )?;
    let threads = Threads::in_order(threads);
    let lr = args.lr.unwrap_or(file.learning_rate);
    let step = Step::compute_with(&file.network, samples, lr, args.round, &threads);
    if let Some(param) = &args.why {
        let target = nettrace::teach::why::parse_target(param)?;
        let why = nettrace::teach::why::explain(&step, target, &source)?;
        check_finite(&step, &source)?;
        render::why::write(&why, args.precision as usize, args.screen.style(ctx, args.precision).width, out)?;
        return Ok(());
    }
    let diagnostics = (!args.no_diagnostics).then(|| diagnose(&step));
    let traced = Traced {
        step: &step,
        name: file.name.as_deref(),
        description: file.description.as_deref(),
        diagnostics: diagnostics.as_deref(),
    };
    let format = if args.json { Format::Json } else { args.format };
    if format == Format::Table && args.pause && ctx.stdin_is_terminal && ctx.stdout_is_terminal {
        check_finite(&step, &source)?;
        let chunks = render::table::chunks(
            &traced,
            Style { full: args.full, ..args.screen.style(ctx, args.precision) },
        )?;
        super::pause::step_through(&chunks, out, err, &mut std::io::stdin().lock())?;
    } else {
        let what = match format {
            Format::Table => "the tables",
            Format::Json => "the trace",
            Format::Html => "the web page",
            Format::Markdown | Format::Latex => "the worked solution",
        };
        let bytes = capped::render(ctx.max_output, what, |text| {
            write_format(format, &traced, file.input_shape, args, ctx, text)
        })?;
        out.write_all(&bytes)?;
    }
    check_finite(&step, &source)?;
    Ok(())
}

/// Renders the step in `format` to `out`; a web page draws the input as an image of
/// `input_shape` when the file gives one.
fn write_format(
    format: Format,
    traced: &Traced,
    input_shape: Option<(usize, usize)>,
    args: &RunArgs,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Table => render::table::write(
            traced,
            Style { full: args.full, ..args.screen.style(ctx, args.precision) },
            out,
        )?,
        Format::Json => render::stream::write(&render::trace::trace(traced), out)?,
        Format::Html => {
            let json = capped::render(ctx.max_output, "the web page", |json| {
                Ok(render::stream::write(&render::trace::trace(traced), json)?)
            })?;
            let json = String::from_utf8(json).expect("serde_json writes UTF-8");
            let mut page = String::new();
            let style = Style { full: args.full, ..ctx.style(args.precision) };
            match args.practice {
                true => render::html::practice::write(traced, style, &mut page),
                false => render::html::step::write(traced, &json, style, input_shape, &mut page),
            }
            out.write_all(page.as_bytes())?;
        }
        Format::Markdown | Format::Latex => {
            let worked = nettrace::teach::worked::build(traced.step, traced.name, traced.description);
            let precision = args.precision as usize;
            if format == Format::Markdown {
                render::markdown::write(&worked, precision, out)?;
                if let Some(findings) = traced.diagnostics {
                    render::diagnostics::write_markdown(findings, out)?;
                }
            } else {
                render::latex::write(&worked, precision, out)?;
            }
        }
    }
    Ok(())
}

/// `A..B`: samples A to B, counted from 1, both included.
fn sample_range(s: &str) -> Result<(u64, u64), String> {
    let range = s
        .split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?)));
    match range {
        Some((a, b)) if 1 <= a && a <= b => Ok((a, b)),
        _ => Err("expected samples A..B, counted from 1 with A ≤ B, such as 1..8".to_string()),
    }
}

/// The samples to trace: those of the data file (`--data`) or of the network file, all of them or
/// those `--sample` or `--samples` pick; of a data file, only these become numbers.
fn traced_samples<'a>(
    args: &RunArgs,
    ctx: &Context,
    file: &'a network_file::NetworkFile,
    source: &str,
    threads: usize,
) -> anyhow::Result<Cow<'a, Samples>> {
    let picked = match (args.sample, args.samples) {
        (None, None) => None,
        (k, range) => {
            let (a, b) = range.unwrap_or((k.unwrap_or(1), k.unwrap_or(1)));
            Some((a, b, range.is_some()))
        }
    };
    Ok(match (&args.data, picked) {
        (Some(path), _) => {
            let options = nettrace::io::data::Options {
                threads,
                ..args.read.options(args.read.labels.as_deref(), "--labels")
            };
            let data = nettrace::io::data::load(path, &options, &file.network, ctx.limits)?;
            Cow::Owned(match picked {
                Some((a, b, batch)) => pick(&data, a, b, batch, path)?,
                None => data.into_samples(),
            })
        }
        (None, Some((a, b, batch))) => {
            let all = DataSet::from(file.require_samples(source)?.clone());
            Cow::Owned(pick(&all, a, b, batch, source)?)
        }
        (None, None) => Cow::Borrowed(file.require_samples(source)?),
    })
}

/// Samples `a` to `b` (from 1, both included) of `samples`: a batch, or one sample alone.
pub fn pick(samples: &DataSet, a: u64, b: u64, batch: bool, source: &str) -> Result<Samples, Error> {
    let n = samples.len() as u64;
    if b > n {
        let asked = if batch { format!("--samples {a}..{b}") } else { format!("--sample {a}") };
        return Err(input(format!("{asked}: {source} holds {n} samples (1 to {n})")));
    }
    Ok(samples.samples((a - 1) as usize, (b - a + 1) as usize, batch))
}

/// An error naming the first quantity of `step` that holds a NaN or an infinity.
pub fn check_finite(step: &Step, source: &str) -> Result<(), Error> {
    match step.first_non_finite() {
        None => Ok(()),
        Some((Quantity::LossAfter, x)) => Err(Error::Numeric(format!(
            "{source}: the loss after the update is {x}; the step overshot: try a smaller learning rate (--lr)"
        ))),
        Some((q, x)) => Err(Error::Numeric(format!(
            "{source}: {} is {x} in the {} phase ({}): the numbers overflowed f64; try smaller weights, inputs or learning rate",
            notation::symbol(q),
            q.phase().name(),
            notation::formula(step, q)
        ))),
    }
}
