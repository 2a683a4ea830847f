//! The trace of one step as JSON (nettrace-trace/1): every quantity of the [`Step`] in the order
//! it is computed, with its formula. What `run --json` prints and answer sheets are read against.

use crate::diagnostics::Finding;
use crate::nn::activation::Activation;
use crate::notation;
use crate::step::{Num, Number, Phase, Quantity, Step, Value};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::Serializer;

/// The `format` string of a trace.
pub const FORMAT: &str = "nettrace-trace/1";

/// A layer number from 1, or null.
fn layer_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["integer", "null"], "minimum": 1 })
}

/// A string or null.
fn text_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"] })
}

/// The trace's format string.
fn format_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "const": FORMAT })
}

fn serialize_num<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    Num(*x).serialize(s)
}

/// One computed quantity.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "Step")]
pub struct TraceStep {
    pub phase: Phase,
    /// The layer, numbered from 1 (a[0] is the input); none for the loss.
    #[schemars(schema_with = "layer_schema")]
    pub layer: Option<usize>,
    /// `z`, `a`, `loss`, `grad_output`, `grad_a`, `phi_prime`, `delta`, `grad_weights`,
    /// `grad_bias`, `weights` or `bias`.
    pub name: &'static str,
    /// How it is computed, in the notation of the file's layout.
    pub formula: String,
    pub value: Value,
}

/// A layer as it was before the step.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LayerInfo {
    pub activation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
    pub inputs: usize,
    pub neurons: usize,
    pub trainable_bias: bool,
    /// W[l] in the file's layout.
    pub weights: Value,
    pub bias: Value,
}

/// What was traced.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NetworkInfo {
    #[schemars(schema_with = "text_schema")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub layout: &'static str,
    pub loss: &'static str,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Decimal places every intermediate was rounded to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    pub layers: Vec<LayerInfo>,
}

/// One training step, traced.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "nettrace trace")]
pub struct Trace {
    #[schemars(schema_with = "format_schema")]
    pub format: &'static str,
    pub network: NetworkInfo,
    /// a[0]: a vector for one sample, rows for a batch.
    pub input: Value,
    /// y, shaped like the input.
    pub target: Value,
    pub steps: Vec<TraceStep>,
    #[serde(serialize_with = "serialize_num")]
    #[schemars(with = "Number")]
    pub loss: f64,
    #[serde(serialize_with = "serialize_num")]
    #[schemars(with = "Number")]
    pub loss_after: f64,
    /// What the step's numbers say about training (see the diagnostics); none when
    /// not asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<Finding>>,
}

impl Trace {
    /// The step called `name` of `layer`.
    pub fn step(&self, layer: Option<usize>, name: &str) -> Option<&TraceStep> {
        self.steps.iter().find(|s| s.layer == layer && s.name == name)
    }
}

/// The trace of a step: every computed quantity with its formula, in computation order; the
/// network's name and description as the file gives them, and the diagnostics when asked for.
pub fn trace(
    step: &Step,
    name: Option<&str>,
    description: Option<&str>,
    diagnostics: Option<&[Finding]>,
) -> Trace {
    let net = step.network;
    let steps = step
        .computed()
        .into_iter()
        .map(|q| TraceStep {
            phase: q.phase(),
            layer: q.layer(),
            name: q.name(),
            formula: notation::formula(step, q),
            value: step.value(q),
        })
        .collect();
    Trace {
        format: FORMAT,
        network: NetworkInfo {
            name: name.map(str::to_string),
            description: description.map(str::to_string),
            layout: net.layout.name(),
            loss: net.loss.name(),
            learning_rate: step.learning_rate,
            batch_size: step.samples.len(),
            round: step.round,
            layers: net
                .layers
                .iter()
                .enumerate()
                .map(|(l, layer)| LayerInfo {
                    activation: layer.activation.name(),
                    slope: match layer.activation {
                        Activation::LeakyRelu { slope } => Some(slope),
                        _ => None,
                    },
                    inputs: layer.inputs(),
                    neurons: layer.neurons(),
                    trainable_bias: layer.trainable_bias,
                    weights: step.value(Quantity::Weights(l + 1)),
                    bias: step.value(Quantity::Bias(l + 1)),
                })
                .collect(),
        },
        input: step.value(Quantity::Input),
        target: step.value(Quantity::Target),
        steps,
        loss: step.loss,
        loss_after: step.loss_after,
        diagnostics: diagnostics.map(<[Finding]>::to_vec),
    }
}
