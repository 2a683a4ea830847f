//! The subcommands. Each reads its input, calls the library and hands the result to a renderer.

pub mod check;
pub mod exercise;
pub mod export;
pub mod grade;
pub mod graph;
pub mod import;
pub mod init;
pub mod pause;
pub mod run;
pub mod schema;
pub mod shell;
pub mod step;
pub mod train;

use crate::cli::{Cli, ColorChoice, Command};
use crate::render::Style;
use crate::spec::Limits;
use std::io::{IsTerminal, Write};

/// Global options, resolved once: nothing below reads the environment or asks about terminals.
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
}

impl Context {
    /// Resolves `--color` against NO_COLOR, TERM and whether standard output is a terminal.
    pub fn from_env(cli: &Cli) -> Context {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|v| v == "dumb");
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && !no_color && !dumb,
        };
        Context {
            color,
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            limits: Limits { max_values: cli.max_values },
        }
    }

    /// The table style for `precision` significant digits.
    pub fn style(&self, precision: u8) -> Style {
        Style { precision: precision as usize, color: self.color }
    }
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
