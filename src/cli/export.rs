//! `nettrace export --torch NET.json`: the network as a PyTorch script.

use super::Context;
use super::args::*;
use clap::Args;
use nettrace::io::network_file;
use std::io::Write;
use std::path::{Path, PathBuf};

const EXPORT_EXAMPLES: &str = "\
Examples:
  nettrace export --torch networks/two_layer.json > step.py && python3 step.py
  nettrace export --torch networks/xor.json --lr 0.5 -o xor_step.py
  python3 step.py | jq '.steps[] | select(.name == \"delta\") | .value'";

/// Write a standalone PyTorch script that takes the same step.
///
/// The script (float64) builds the network from nn.Linear layers with the same weights,
/// activations and loss, runs one forward pass, loss.backward() and an SGD step, and prints
/// z, a, loss, δ, gradients and the new weights as JSON under the names `run --json` uses, so the
/// two can be compared number by number.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_EXAMPLES)]
pub struct ExportArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Write a PyTorch script (the only target so far, and the default).
    #[arg(long)]
    pub torch: bool,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Write the script to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// Writes the PyTorch script of the network in `args.net`.
pub fn export(args: &ExportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(path) = &args.output {
        super::output::check("--output", path)?;
        super::roles::distinct(&[
            super::roles::Role::input("NET.json", &args.net),
            super::roles::Role::output("--output", path),
        ])?;
    }
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    file.require_samples(&source)?;
    let script = nettrace::io::torch::script(&file, args.lr.unwrap_or(file.learning_rate));
    super::capped::check(script.as_bytes(), ctx.max_output, "the script")?;
    super::output::write(args.output.as_deref().unwrap_or(Path::new("-")), script.as_bytes(), out)?;
    Ok(())
}
