//! The command line: the top-level clap type, global options resolved once, and dispatch.
//! Each command's arguments live beside its handler.

use check::CheckArgs;
use clap::{Parser, Subcommand, ValueEnum};
use exercise::ExerciseArgs;
use export::ExportArgs;
use grade::GradeArgs;
use graph::GraphArgs;
use import::ImportArgs;
use init::InitArgs;
use nettrace::io::network_file::Limits;
use nettrace::render::Style;
use run::RunArgs;
use schema::SchemaArgs;
use shell::CompletionsArgs;
use std::io::{IsTerminal, Write};
use step::StepArgs;
use train::TrainArgs;

mod args;
mod capped;
mod check;
mod choice;
mod divergence;
mod epochs;
mod exercise;
mod export;
mod grade;
mod grade_class;
mod graph;
mod import;
mod init;
mod init_samples;
pub mod output;
mod pause;
mod roles;
mod run;
mod schema;
mod shell;
pub mod signals;
mod step;
mod train;

const EXAMPLES: &str = "\
Examples:
  nettrace run networks/two_layer.json
  nettrace run networks/two_layer.json --json | jq '.steps[] | select(.name == \"delta\")'
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace step --lr 0.1 | nettrace run -
  nettrace step networks/xor.json -n 100 --lr 0.5 --output trained.json
  nettrace check networks/sequential_bce.json
  nettrace grade networks/two_layer.json networks/answers/two_layer.json
  nettrace run networks/two_layer.json --format markdown > step.md
  nettrace run networks/two_layer.json --why 'W[1][1][2]'
  nettrace graph networks/two_layer.json | dot -Tsvg > graph.svg
  nettrace exercise --seed 3 --sizes 2,2,1 --out-dir ex3/
  nettrace train networks/xor.json --epochs 2000 --lr 0.5
  nettrace init --sizes 2,4,1 --activations tanh,sigmoid --init xavier_uniform --seed 7 --loss bce";

/// Trace backpropagation through a small neural network, one formula at a time.
///
/// nettrace reads a network (weights, biases, activations, an input and a target) from a JSON
/// file and shows one training step: the forward pass z[l] = W[l]·a[l−1] + b[l], a[l] = φ(z[l]),
/// the loss, the error signals δ[l] from the output back to the input, the gradients ∂L/∂W and
/// ∂L/∂b, and the update θ ← θ − η·∂L/∂θ. Layers are numbered from 1; a[0] is the input.
#[derive(Debug, Parser)]
#[command(name = "nettrace", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(RunArgs),
    Step(StepArgs),
    Train(TrainArgs),
    Init(InitArgs),
    Check(CheckArgs),
    Grade(GradeArgs),
    Graph(GraphArgs),
    Exercise(ExerciseArgs),
    Schema(SchemaArgs),
    Export(ExportArgs),
    Import(ImportArgs),
    Completions(CompletionsArgs),
    /// Print the manual page (roff), every command on one page.
    ///
    /// Example: nettrace man > nettrace.1 && man ./nettrace.1
    Man,
}

impl Command {
    /// `--color`, on the commands that print tables; `None` on the others.
    fn color(&self) -> Option<ColorChoice> {
        match self {
            Command::Run(a) => Some(a.screen.color),
            Command::Train(a) => Some(a.screen.color),
            Command::Check(a) => Some(a.screen.color),
            Command::Grade(a) => Some(a.screen.color),
            _ => None,
        }
    }

    /// Whether the command writes files besides standard output (so that a pipe closed early
    /// must not stop it before they are written).
    pub fn writes_files(&self) -> bool {
        match self {
            Command::Train(a) => a.output.is_some() || a.plot.is_some() || a.report.is_some(),
            Command::Step(a) => a.output.is_some() || a.in_place,
            Command::Init(a) => a.output.is_some(),
            Command::Export(a) => a.output.is_some(),
            Command::Import(a) => a.output.is_some(),
            Command::Exercise(_) => true,
            _ => false,
        }
    }

    /// `--max-values` and `--max-output-bytes`, on the commands that read a network, data or an
    /// answer sheet.
    fn limits(&self) -> Option<&args::LimitArg> {
        match self {
            Command::Run(a) => Some(&a.limits),
            Command::Step(a) => Some(&a.limits),
            Command::Train(a) => Some(&a.limits),
            Command::Init(a) => Some(&a.limits),
            Command::Check(a) => Some(&a.limits),
            Command::Grade(a) => Some(&a.limits),
            Command::Graph(a) => Some(&a.limits),
            Command::Exercise(a) => Some(&a.limits),
            Command::Export(a) => Some(&a.limits),
            Command::Import(a) => Some(&a.limits),
            Command::Schema(_) | Command::Completions(_) | Command::Man => None,
        }
    }
}

/// Options, resolved once: nothing below reads the environment or asks about terminals.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Colour on standard output.
    pub color: bool,
    /// Standard output is a terminal (so a person is reading it as it comes).
    pub stdout_is_terminal: bool,
    /// Colour and progress on standard error.
    pub stderr_is_terminal: bool,
    /// Standard input is a terminal (so reading it would wait for typing).
    pub stdin_is_terminal: bool,
    pub limits: Limits,
    /// The most bytes an output may take (`--max-output-bytes`).
    pub max_output: u64,
    /// The columns output is fitted to: the terminal's width when standard output is one, else
    /// COLUMNS, else none (no limit). A command's --width overrides it.
    pub width: Option<usize>,
}

impl Context {
    /// Resolves `--color` (where the command has it) against NO_COLOR, TERM and whether standard output is a terminal.
    pub fn from_env(cli: &Cli) -> Context {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|v| v == "dumb");
        let color = match cli.command.color() {
            Some(ColorChoice::Always) => true,
            Some(ColorChoice::Never) | None => false,
            Some(ColorChoice::Auto) => std::io::stdout().is_terminal() && !no_color && !dumb,
        };
        Context {
            color,
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            limits: Limits {
                max_values: cli.command.limits().map_or(Limits::DEFAULT_MAX_VALUES, |l| l.max_values),
            },
            max_output: cli.command.limits().map_or(capped::DEFAULT_MAX_OUTPUT_BYTES, |l| l.max_output_bytes),
            width: screen_width(std::env::var("COLUMNS").ok().as_deref()),
        }
    }

    /// The table style for `precision` significant digits.
    pub fn style(&self, precision: u8) -> Style {
        Style { precision: precision as usize, color: self.color, full: false, width: self.width }
    }
}

/// The width of the terminal on standard output, else `columns` (the COLUMNS variable) when it
/// is a positive number, else none.
fn screen_width(columns: Option<&str>) -> Option<usize> {
    terminal_width().or_else(|| columns?.trim().parse().ok().filter(|&w| w > 0))
}

#[cfg(unix)]
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    // SAFETY: TIOCGWINSZ only fills the winsize it is given.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_width() -> Option<usize> {
    None
}

/// Runs the command `cli` names, writing results to `out` and messages to `err`.
pub fn dispatch(cli: &Cli, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    match &cli.command {
        Command::Run(args) => run::run(args, ctx, out, err),
        Command::Step(args) => step::step(args, ctx, out, err),
        Command::Train(args) => train::train(args, ctx, out, err),
        Command::Init(args) => init::init(args, ctx, out),
        Command::Check(args) => check::check(args, ctx, out, err),
        Command::Grade(args) => grade::grade(args, ctx, out),
        Command::Schema(args) => schema::schema(args, out),
        Command::Export(args) => export::export(args, ctx, out),
        Command::Import(args) => import::import(args, ctx, out),
        Command::Completions(args) => shell::completions(args, out),
        Command::Man => shell::man(out),
        Command::Graph(args) => graph::graph(args, ctx, out),
        Command::Exercise(args) => exercise::exercise(args, ctx, out),
    }
}
