//! `nettrace import --from FORMAT FILE`: a network saved by another tool, as a network file.

use super::Context;
use super::args::*;
use clap::{Args, ValueEnum};
use nettrace::io::network_file;
use nettrace::render::json;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A format to import a network from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The JSON saved by network2.py (Nielsen, Neural Networks and Deep Learning).
    Nielsen,
    /// A PyTorch state_dict of nn.Linear layers as JSON ({name: tensor.tolist()}).
    TorchStateDict,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  nettrace import --from nielsen networks/import/nielsen.json > net.json
  nettrace import --from torch-state-dict networks/import/state_dict.json --activations relu,relu,identity -o net.json
  Make such a file (sd.json) from a PyTorch model in Python:
    json.dump({k: v.tolist() for k, v in model.state_dict().items()}, open(\"sd.json\", \"w\"))";

/// Convert a network saved by another tool into a nettrace network file.
///
/// The result has the weights and biases (layout out_in, as both tools store them), the
/// activations and the loss, and "input_size" but no data: add "input"/"target" to trace it.
/// nielsen: every layer is sigmoid; the cost QuadraticCost becomes half_squared_error and
/// CrossEntropyCost bce. torch-state-dict: layers are the `*.weight`/`*.bias` pairs in file order.
#[derive(Debug, Args)]
#[command(after_help = IMPORT_EXAMPLES)]
pub struct ImportArgs {
    /// The file to convert; - reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// What FILE is.
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: ImportFormat,

    /// The activation of each layer, comma-separated (torch-state-dict; default relu then identity).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub activations: Vec<String>,

    /// The loss to write (default: from the file for nielsen, half_squared_error otherwise).
    #[arg(long, value_name = "LOSS")]
    pub loss: Option<String>,

    /// Write the network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// Converts `args.file` and writes the network file.
pub fn import(args: &ImportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(path) = &args.output {
        super::output::check("--output", path)?;
        super::roles::distinct(&[
            super::roles::Role::input("FILE", &args.file),
            super::roles::Role::output("--output", path),
        ])?;
    }
    let (source, text) = network_file::read_json(&args.file)?;
    let doc = nettrace::io::json::parse(&text, &source, ctx.limits)?;
    let loss = args.loss.as_deref();
    let file = match args.from {
        ImportFormat::Nielsen => {
            if !args.activations.is_empty() {
                return Err(
                    nettrace::error::input("--activations: network2.py networks are all sigmoid").into()
                );
            }
            nettrace::io::import::nielsen(&doc, &source, loss, ctx.limits)?
        }
        ImportFormat::TorchStateDict => {
            nettrace::io::import::torch_state_dict(&doc, &source, &args.activations, loss, ctx.limits)?
        }
    };
    let mut value = network_file::to_value(&file);
    value["input_size"] = file.network.input_size().into();
    let text = json::pretty(&value);
    super::output::write(args.output.as_deref().unwrap_or(Path::new("-")), text.as_bytes(), out)?;
    Ok(())
}
