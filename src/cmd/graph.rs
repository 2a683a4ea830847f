//! `nettrace graph`: the computational graph of one step, as Graphviz DOT.

use super::Context;
use crate::cli::GraphArgs;
use crate::render;
use crate::spec;
use crate::trace::{self, Options};
use std::io::Write;

/// Traces one step of `args.net` and writes its graph to `out`.
pub fn graph(args: &GraphArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let options = Options { learning_rate: args.lr.unwrap_or(file.learning_rate), round: None };
    let trace = trace::trace(&file, samples, options);
    super::run::check_finite(&trace, &source)?;
    let graph = if args.per_neuron {
        crate::graph::per_neuron(&file.network, &trace, &source)?
    } else {
        crate::graph::per_layer(&file.network, &trace)
    };
    let mut text = Vec::new();
    render::dot::write(&graph, args.precision as usize, &mut text)?;
    out.write_all(&text)?;
    Ok(())
}
