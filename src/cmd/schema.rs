//! `nettrace schema NAME`: the JSON Schema of a format.

use crate::cli::{SchemaArgs, SchemaName};
use crate::render::json;
use std::io::Write;

/// Prints the schema `args.name` names.
pub fn schema(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let name = match args.name {
        SchemaName::Network => "network",
        SchemaName::Trace => "trace",
        SchemaName::Epoch => "epoch",
        SchemaName::Answers => "answers",
    };
    let schema = crate::schema::schema(name).expect("every SchemaName has a schema");
    out.write_all(json::pretty(&schema).as_bytes())?;
    Ok(())
}
