//! `nettrace export --torch NET.json`: the network as a PyTorch script.

use super::Context;
use crate::cli::ExportArgs;
use crate::spec;
use anyhow::Context as _;
use std::io::Write;

/// Writes the PyTorch script of the network in `args.net`.
pub fn export(args: &ExportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    file.require_samples(&source)?;
    let script = crate::torch::script(&file, args.lr.unwrap_or(file.learning_rate));
    match &args.output {
        Some(path) => crate::atomic::write(path, script.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => out.write_all(script.as_bytes())?,
    }
    Ok(())
}
