//! JSON Schemas (draft 2020-12) of the formats nettrace reads and writes, generated from types.
//!
//! The trace's schema comes from the very types `run --json` serializes. The network file is read
//! by hand (for its error messages), so its schema comes from the description types below, whose
//! choices (`layout`, `loss`, `activation`, `init`) are the reader's own name lists; the tests check
//! every example network and thousands of random ones against it.

use crate::nn::activation::Activation;
use crate::nn::init::Scheme;
use crate::nn::loss::Loss;
use crate::nn::network::Layout;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

/// Where the schemas are published, for `$id`.
const BASE: &str = "https://nettrace.invalid/schema";

/// A string that is one of `names`.
fn one_of(names: &[&str], description: &str) -> Schema {
    json_schema!({ "type": "string", "enum": names, "description": description })
}

fn layout(_: &mut SchemaGenerator) -> Schema {
    one_of(Layout::NAMES, "How weights are stored: out_in (one row per neuron, the default) or in_out.")
}

fn loss(_: &mut SchemaGenerator) -> Schema {
    one_of(Loss::NAMES, "The loss L minimised by training (default half_squared_error).")
}

fn activation(_: &mut SchemaGenerator) -> Schema {
    one_of(Activation::NAMES, "φ (default identity); softmax only on the output layer.")
}

fn scheme(_: &mut SchemaGenerator) -> Schema {
    one_of(Scheme::NAMES, "How generated numbers are drawn.")
}

/// A positive number.
fn positive(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "exclusiveMinimum": 0 })
}

/// A vector: at least one number.
type Vector = Vec<f64>;
/// A matrix: at least one row of at least one number.
type Matrix = Vec<Vec<f64>>;

fn vector(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "number" }, "minItems": 1 })
}

fn matrix(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": { "type": "array", "items": { "type": "number" }, "minItems": 1 },
        "minItems": 1
    })
}

/// A network file: layers, loss and optionally one sample or a batch.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(title = "nettrace network file", deny_unknown_fields)]
#[schemars(extend("dependentRequired" = {
    "input": ["target"], "target": ["input"], "inputs": ["targets"], "targets": ["inputs"]
}))]
#[schemars(extend("not" = { "anyOf": [{ "required": ["input", "inputs"] }, { "required": ["target", "targets"] }] }))]
pub struct NetworkFileSchema {
    /// A schema for editors; ignored by nettrace.
    #[serde(rename = "$schema")]
    schema: Option<String>,
    /// Optional text, carried into traces and written files.
    name: Option<String>,
    /// Optional text, carried like the name.
    description: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "layout")]
    layout: Option<String>,
    /// One sample's input a[0]; with `target`.
    #[serde(default)]
    #[schemars(schema_with = "vector")]
    input: Option<Vector>,
    /// One sample's target y; with `input`.
    #[serde(default)]
    #[schemars(schema_with = "vector")]
    target: Option<Vector>,
    /// A batch: one row per sample; with `targets`.
    #[serde(default)]
    #[schemars(schema_with = "matrix")]
    inputs: Option<Matrix>,
    /// One target row per input row; with `inputs`.
    #[serde(default)]
    #[schemars(schema_with = "matrix")]
    targets: Option<Matrix>,
    /// The length of the input, for files without data whose first layer is generated.
    input_size: Option<u64>,
    #[serde(default)]
    #[schemars(schema_with = "loss")]
    loss: Option<String>,
    /// η for gradient descent (default 0.1).
    #[serde(default)]
    #[schemars(schema_with = "positive")]
    learning_rate: Option<f64>,
    /// The seed of generated layers (default 0).
    seed: Option<u64>,
    /// Layers 1..L.
    #[schemars(length(min = 1))]
    layers: Vec<LayerSchema>,
}

/// One layer: given weights, or `units` and `init` to generate them.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LayerSchema {
    /// W[l] in the file's layout.
    #[serde(default)]
    #[schemars(schema_with = "matrix")]
    weights: Option<Matrix>,
    /// b[l], one number per neuron (zeros when absent).
    #[serde(default)]
    #[schemars(schema_with = "vector")]
    bias: Option<Vector>,
    #[serde(default)]
    #[schemars(schema_with = "activation")]
    activation: Option<String>,
    /// The slope of leaky_relu for negative inputs (default 0.01).
    slope: Option<f64>,
    /// False: the bias is used but never updated.
    trainable_bias: Option<bool>,
    /// Neurons of a generated layer.
    #[schemars(range(min = 1))]
    units: Option<u64>,
    #[serde(default)]
    #[schemars(schema_with = "scheme")]
    init: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "scheme")]
    bias_init: Option<String>,
}

/// One line of `train --json`. More fields may follow these.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(title = "nettrace epoch line")]
pub struct EpochSchema {
    #[schemars(extend("const" = "nettrace-epoch/1"))]
    format: String,
    /// Epochs count from 1.
    #[schemars(range(min = 1))]
    epoch: u64,
    /// The loss over the whole data set after the epoch.
    #[schemars(with = "crate::step::Number")]
    loss: f64,
}

/// Hand-worked values to grade: any subset of a trace's steps. A trace is itself an answer sheet.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(title = "nettrace answer sheet")]
pub struct AnswersSchema {
    steps: Vec<AnswerSchema>,
    #[schemars(with = "Option<crate::step::Number>")]
    loss: Option<f64>,
    #[schemars(with = "Option<crate::step::Number>")]
    loss_after: Option<f64>,
}

/// One answer: which quantity (layer and name) and its value.
#[allow(dead_code)]
#[derive(JsonSchema)]
pub struct AnswerSchema {
    /// The layer, from 1; null or absent for the loss.
    #[schemars(with = "Option<u64>", extend("type" = ["integer", "null"]))]
    layer: Option<u64>,
    name: String,
    phase: Option<crate::step::Phase>,
    formula: Option<String>,
    value: crate::step::Value,
}

/// The names `nettrace schema` accepts, in order.
pub const NAMES: &[&str] = &["network", "trace", "epoch", "answers"];

/// The schema called `name` (one of [`NAMES`]).
pub fn schema(name: &str) -> Option<Value> {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = match name {
        "network" => {
            // An absent field takes its default; null is not accepted in its place.
            let mut s = generator.root_schema_for::<NetworkFileSchema>().to_value();
            drop_null(&mut s);
            Schema::try_from(s).expect("a schema stays a schema")
        }
        "trace" => generator.root_schema_for::<crate::render::trace::Trace>(),
        "epoch" => generator.root_schema_for::<EpochSchema>(),
        "answers" => generator.root_schema_for::<AnswersSchema>(),
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
