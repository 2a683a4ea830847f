//! `nettrace init`: a network file with seeded initial weights.

use super::Context;
use crate::cli::InitArgs;
use crate::error::input;
use crate::render::json;
use crate::spec::{self, plural};
use anyhow::Context as _;
use serde_json::{Map, Value, json};
use std::io::Write;

/// The name `init`'s arguments go by in messages.
const SOURCE: &str = "nettrace init";

/// Writes the network `args` describe.
pub fn init(args: &InitArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let layers = args.sizes.len().saturating_sub(1);
    if layers == 0 {
        return Err(
            input("--sizes needs at least two sizes (the input and the output), such as 2,4,1").into()
        );
    }
    if let Some(i) = args.sizes.iter().position(|&s| s == 0) {
        return Err(input(format!("--sizes: size {} is 0; every size must be at least 1", i + 1)).into());
    }
    if args.activations.len() != layers {
        return Err(input(format!(
            "--activations has {} but --sizes {} describes {}; expected one activation per layer",
            plural(args.activations.len(), "activation"),
            args.sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(","),
            plural(layers, "layer")
        ))
        .into());
    }
    // The generated-layer form of the file, drawn by the same code that reads such files.
    let mut top = Map::new();
    if let Some(name) = &args.name {
        top.insert("name".into(), json!(name));
    }
    top.insert("layout".into(), json!(args.layout));
    top.insert("input_size".into(), json!(args.sizes[0]));
    top.insert("loss".into(), json!(args.loss));
    if let Some(lr) = args.lr {
        top.insert("learning_rate".into(), json!(lr));
    }
    top.insert("seed".into(), json!(args.seed));
    let layer_values: Vec<Value> = (0..layers)
        .map(|l| {
            let mut m = Map::new();
            m.insert("units".into(), json!(args.sizes[l + 1]));
            m.insert("init".into(), json!(args.init));
            if let Some(b) = &args.bias_init {
                m.insert("bias_init".into(), json!(b));
            }
            m.insert("activation".into(), json!(args.activations[l]));
            Value::Object(m)
        })
        .collect();
    top.insert("layers".into(), Value::Array(layer_values));
    let mut file = spec::from_value(&Value::Object(top), SOURCE, ctx.limits)?;
    if let Some(path) = &args.data {
        file.samples = Some(crate::csv::load(path, &file.network, ctx.limits)?);
    }
    let text = json::pretty(&spec::to_value(&file));
    match &args.output {
        Some(path) => crate::atomic::write(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
