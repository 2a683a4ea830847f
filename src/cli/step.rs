//! `nettrace step`: gradient-descent steps, writing the updated network.

use super::Context;
use super::args::*;
use super::roles::Role;
use clap::Args;
use nettrace::error::{Error, input};
use nettrace::io::{atomic, network_file};
use nettrace::notation::number;
use nettrace::render::json;
use nettrace::train::accumulate;
use std::io::Write;
use std::path::{Path, PathBuf};

const STEP_EXAMPLES: &str = "\
Examples:
  nettrace step networks/two_layer.json --lr 0.1
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace step --lr 0.1 | nettrace run -
  nettrace step networks/xor.json -n 100 --lr 0.5 --output trained.json
  nettrace step networks/xor.json -n 10 --in-place
  nettrace step networks/two_layer.json -n 3 --accumulate > /dev/null";

/// Apply gradient-descent steps and write the updated network.
///
/// The network is written in the same file format (name, description, layout, data, loss and
/// activations kept) to standard output, to --output, or back into the file with --in-place, so
/// that steps chain through pipes. A summary line per step (the loss before and after it) goes to
/// standard error. Files are replaced atomically and never touched on error.
#[derive(Debug, Args)]
#[command(after_help = STEP_EXAMPLES)]
pub struct StepArgs {
    /// The network file; - or nothing reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: Option<String>,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// How many steps to take.
    #[arg(short = 'n', long = "steps", value_name = "STEPS", default_value_t = 1,
          value_parser = at_least_one)]
    pub steps: u64,

    /// Write the updated network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,

    /// Replace the input file with the updated network.
    #[arg(long)]
    pub in_place: bool,

    /// Round every intermediate to K decimal places (see `run --round`).
    #[arg(long, value_name = "K", value_parser = decimals)]
    pub round: Option<u32>,

    /// Do not print the per-step summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    /// Keep adding gradients across the steps instead of zeroing them before each one (what a
    /// PyTorch loop does without optimizer.zero_grad()); the summary compares the losses with
    /// those of zeroed steps.
    #[arg(long)]
    pub accumulate: bool,

    #[command(flatten)]
    pub limits: LimitArg,
}

const USAGE_HINT: &str = "standard input is a terminal: give a network file, or pipe one in:
  nettrace step networks/two_layer.json --lr 0.1
  nettrace step --lr 0.1 < networks/two_layer.json";

/// Takes `args.steps` steps and writes the network where `args` says.
pub fn step(args: &StepArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    if args.net.is_none() && ctx.stdin_is_terminal {
        return Err(input(USAGE_HINT).into());
    }
    let path = args.net.as_deref().unwrap_or("-");
    if args.in_place && path == "-" {
        return Err(
            input("--in-place needs a file to replace; standard input has none (use --output FILE)").into()
        );
    }
    let target = match (&args.output, args.in_place) {
        (Some(o), _) => o.as_path(),
        (None, true) => Path::new(path),
        (None, false) => Path::new("-"),
    };
    super::output::check(if args.in_place { "--in-place" } else { "--output" }, target)?;
    if !args.in_place {
        super::roles::distinct(&[Role::input("NET.json", path), Role::output("--output", target)])?;
    }
    // Concurrent --in-place steps on one file take turns, so that none is lost.
    let lock = match args.in_place {
        true => Some(
            atomic::lock(target)
                .map_err(|e| input(format!("{path}: cannot lock: {}", network_file::io_reason(&e))))?,
        ),
        false => None,
    };
    let (source, mut file) = network_file::load(path, ctx.limits)?;
    let samples = file.require_samples(&source)?.clone();
    let lr = args.lr.unwrap_or(file.learning_rate);
    let net = &mut file.network;
    let mut last = None;
    accumulate::train(net, &samples, lr, args.steps, args.round, args.accumulate, |s, net| {
        if !args.quiet {
            let compare = s.zeroed.map_or(String::new(), |z| {
                format!(" (accumulated gradients; with zeroed gradients {})", number::format(z, 9))
            });
            writeln!(
                err,
                "step {}: loss {} -> {}{compare}",
                s.step,
                number::format(s.before, 9),
                number::format(s.after, 9)
            )?;
        }
        let finite = s.after.is_finite()
            && net.layers.iter().all(|l| l.weights.iter().chain(l.bias.iter()).all(|v| v.is_finite()));
        if !finite {
            return Err(anyhow::Error::from(Error::Numeric(format!(
                "{source}: step {}: the loss became {} (η = {}); nothing was written: try a smaller learning rate (--lr)",
                s.step,
                s.after,
                number::compact(lr)
            ))));
        }
        last = Some(*s);
        Ok(())
    })?;
    if let (Some(s), true, false) = (last, args.accumulate, args.quiet) {
        accumulated_verdict(&s, err)?;
    }

    let text = json::pretty(&network_file::to_value(&file));
    super::output::write(target, text.as_bytes(), out)?;
    drop(lock);
    Ok(())
}

/// After accumulated steps, how their loss compares with zeroed steps', and what to do.
fn accumulated_verdict(s: &accumulate::StepLosses, err: &mut dyn Write) -> std::io::Result<()> {
    let Some(z) = s.zeroed else { return Ok(()) };
    let verdict = if s.after > z {
        "accumulating made the loss worse: the sum of stale gradients overshoots; zero the gradients before each step (optimizer.zero_grad())"
    } else {
        "accumulating did not hurt here, but each update is the sum of every gradient so far: zero the gradients before each step (optimizer.zero_grad())"
    };
    writeln!(
        err,
        "after {} steps: loss {} with accumulated gradients, {} with zeroed gradients: {verdict}",
        s.step,
        number::format(s.after, 9),
        number::format(z, 9)
    )
}
