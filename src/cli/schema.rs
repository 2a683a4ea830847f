//! `nettrace schema NAME`: the JSON Schema of a format.

use clap::{Args, ValueEnum};
use nettrace::render::json;
use std::io::Write;

/// A JSON format nettrace reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The network file (input of every command).
    Network,
    /// The trace of `run --json` (nettrace-trace/1).
    Trace,
    /// One line of `train --json` (nettrace-epoch/1).
    Epoch,
    /// An answer sheet for `grade`.
    Answers,
}

const SCHEMA_EXAMPLES: &str = "\
Examples:
  nettrace schema network > network.schema.json
  nettrace schema trace | jq '.properties | keys'
  In a network file, \"$schema\": \"docs/schema/network.schema.json\" lets editors check and complete it.";

/// Print the JSON Schema (draft 2020-12) of one of nettrace's formats.
///
/// The schemas are generated from the same Rust types that read and write the formats; copies
/// are under docs/schema/ for editors.
#[derive(Debug, Args)]
#[command(after_help = SCHEMA_EXAMPLES)]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub name: SchemaName,
}

/// Prints the schema `args.name` names.
pub fn schema(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let name = match args.name {
        SchemaName::Network => "network",
        SchemaName::Trace => "trace",
        SchemaName::Epoch => "epoch",
        SchemaName::Answers => "answers",
    };
    let schema = nettrace::schema::schema(name).expect("every SchemaName has a schema");
    out.write_all(json::pretty(&schema).as_bytes())?;
    Ok(())
}
