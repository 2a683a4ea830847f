//! `nettrace graph`: the computational graph of one step, as Graphviz DOT.

use super::Context;
use super::args::*;
use clap::Args;
use nettrace::io::network_file;
use nettrace::render;
use nettrace::step::Step;
use std::io::Write;

const GRAPH_EXAMPLES: &str = "\
Examples:
  nettrace graph networks/two_layer.json > g.dot && dot -Tsvg g.dot > g.svg
  nettrace graph networks/two_layer.json --per-neuron | dot -Tpng > g.png
  nettrace graph networks/xor.json --precision 3 | dot -Tpdf > xor.pdf
  nettrace graph networks/xor.json --sample 2 --per-neuron | dot -Tsvg > xor2.svg";

/// Write the computational graph of one training step as Graphviz DOT.
///
/// One node per quantity (a[0] = x, W[l], b[l], z[l], a[l], y, L), each with its value and its
/// gradient ∂L/∂(node). Solid edges are the forward pass, labelled with the local derivative
/// (∂z/∂a = W, ∂z/∂W = a, ∂z/∂b = 1, ∂a/∂z = φ′(z), ∂L/∂ŷ); dashed red edges are the backward
/// pass, labelled with the gradient they carry. --per-neuron draws every scalar instead, like
/// micrograd's trace graph: for one sample and at most 200 nodes. --sample K draws sample K of a
/// batch alone (its step, as `run --sample K` traces it). Long vectors and matrices in labels keep
/// their first and last entries around …; a matrix takes a line per row. Render it with
/// Graphviz's dot.
#[derive(Debug, Args)]
#[command(after_help = GRAPH_EXAMPLES)]
pub struct GraphArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Draw every scalar (weight, bias, z, a) as its own node (one sample, at most 200 nodes).
    #[arg(long)]
    pub per_neuron: bool,

    /// Draw sample K alone (counted from 1) of the file's batch: the step of that sample, as
    /// `run --sample K` traces it, per layer or --per-neuron.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub sample: Option<u64>,

    /// Significant digits of the numbers in the graph.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = digits)]
    pub precision: u8,

    /// The learning rate η, overriding the file's learning_rate (it does not change the graph's
    /// values, only whether the step is finite).
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// Traces one step of `args.net` and writes its graph to `out`.
pub fn graph(args: &GraphArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let (source, file) = network_file::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let picked;
    let (samples, title) = match args.sample {
        Some(k) => {
            let all = nettrace::train::data_set::DataSet::from(samples.clone());
            picked = super::run::pick(&all, k, k, false, &source)?;
            let name = file.name.as_deref().unwrap_or("network");
            (&picked, Some(format!("{name}, sample {k} of {}", samples.len())))
        }
        None => (samples, None),
    };
    let step = Step::compute(&file.network, samples, args.lr.unwrap_or(file.learning_rate), None);
    super::run::check_finite(&step, &source)?;
    let name = title.as_deref().or(file.name.as_deref());
    let graph = if args.per_neuron {
        nettrace::teach::graph::per_neuron(&step, name, &source)?
    } else {
        nettrace::teach::graph::per_layer(&step, name)
    };
    let text = super::capped::render(ctx.max_output, "the graph", |text| {
        Ok(render::dot::write(&graph, args.precision as usize, text)?)
    })?;
    out.write_all(&text)?;
    Ok(())
}
