//! JSON Schemas (draft 2020-12) of the formats nettrace reads and writes, generated from types.
//! It describes what the other parts read (io) and write (render, train, teach), so it sits above
//! them all, beside the command line.
//!
//! The trace's schema comes from the very types `run --json` serializes, and the network file's
//! from [`NetworkFileFormat`], the type that reads and writes it; the tests check every example
//! network and thousands of random ones against it.

use crate::io::network_file::NetworkFileFormat;
use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// Where the schemas are published, for `$id`.
const BASE: &str = "https://nettrace.invalid/schema";

/// The names `nettrace schema` accepts, in order.
pub const NAMES: &[&str] = &["network", "trace", "epoch", "answers"];

/// The schema called `name` (one of [`NAMES`]).
pub fn schema(name: &str) -> Option<Value> {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = match name {
        "network" => {
            // An absent field takes its default; null is not accepted in its place.
            let mut s = generator.root_schema_for::<NetworkFileFormat>().to_value();
            drop_null(&mut s);
            Schema::try_from(s).expect("a schema stays a schema")
        }
        "trace" => generator.root_schema_for::<crate::render::trace::Trace>(),
        "epoch" => generator.root_schema_for::<crate::train::epochs::EpochRecord>(),
        "answers" => generator.root_schema_for::<crate::teach::grade::AnswerSheet>(),
        _ => return None,
    };
    schema.insert("$id".into(), format!("{BASE}/{name}.schema.json").into());
    Some(schema.to_value())
}

/// Removes `null` from every `"type": [T, "null"]` and `anyOf: [S, {"type": "null"}]`.
fn drop_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get("anyOf")
                && any.len() == 2
                && any.iter().any(|s| s == &serde_json::json!({ "type": "null" }))
            {
                let keep = any.iter().find(|s| *s != &serde_json::json!({ "type": "null" })).cloned();
                map.remove("anyOf");
                if let Some(Value::Object(inner)) = keep {
                    map.extend(inner);
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}
