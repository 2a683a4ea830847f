//! `nettrace import --from FORMAT FILE`: a network saved by another tool, as a network file.

use super::Context;
use crate::cli::{ImportArgs, ImportFormat};
use crate::render::json;
use crate::spec;
use anyhow::Context as _;
use std::io::Write;

/// Converts `args.file` and writes the network file.
pub fn import(args: &ImportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (source, text) = spec::read_source(&args.file)?;
    let doc = spec::parse_json(&text, &source)?;
    let loss = args.loss.as_deref();
    let file = match args.from {
        ImportFormat::Nielsen => {
            if !args.activations.is_empty() {
                return Err(crate::error::input("--activations: network2.py networks are all sigmoid").into());
            }
            crate::import::nielsen(&doc, &source, loss, ctx.limits)?
        }
        ImportFormat::TorchStateDict => {
            crate::import::torch_state_dict(&doc, &source, &args.activations, loss, ctx.limits)?
        }
    };
    let mut value = spec::to_value(&file);
    value["input_size"] = file.network.input_size().into();
    let text = json::pretty(&value);
    match &args.output {
        Some(path) => crate::atomic::write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
