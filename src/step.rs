//! The trace of one training step: every quantity in the order it is computed,
//! with its formula. Plain data: the renderers' only input.

use crate::io::network_file::NetworkFile;
use crate::nn::activation::Activation;
use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Layout, Network, Samples};
use crate::nn::optim::gradient_descent;
use crate::nn::round::round_opt;
use crate::teach::diagnostics::{Finding, diagnose};
use nalgebra::{DMatrix, DVector};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::borrow::Cow;

/// The `format` string of a trace.
pub const FORMAT: &str = "nettrace-trace/1";

/// A traced value: a number, a vector or a matrix (rows).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(f64),
    Vector(Vec<f64>),
    Matrix(Vec<Vec<f64>>),
}

impl Value {
    /// Every number in the value, row by row.
    pub fn numbers(&self) -> Vec<f64> {
        match self {
            Value::Scalar(x) => vec![*x],
            Value::Vector(v) => v.clone(),
            Value::Matrix(m) => m.iter().flatten().copied().collect(),
        }
    }

    /// Rows and columns: a scalar is 1×1 and a vector one row.
    pub fn shape(&self) -> (usize, usize) {
        match self {
            Value::Scalar(_) => (1, 1),
            Value::Vector(v) => (1, v.len()),
            Value::Matrix(m) => (m.len(), m.first().map_or(0, Vec::len)),
        }
    }

    fn vector(v: &DVector<f64>) -> Value {
        Value::Vector(v.iter().copied().collect())
    }

    fn matrix(m: &DMatrix<f64>) -> Value {
        Value::Matrix(crate::io::network_file::rows(m))
    }

    /// Per-sample values: a vector for a single sample, rows for a batch.
    fn samples(m: &DMatrix<f64>, batch: bool) -> Value {
        if batch { Value::matrix(m) } else { Value::Vector(m.row(0).iter().copied().collect()) }
    }
}

/// An f64 as JSON: a number, or the string "NaN", "inf" or "-inf".
pub struct Num(pub f64);

/// The schema of a [`Num`]: a number, or one of the strings for non-finite values.
pub struct Number;

impl JsonSchema for Number {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number, or \"NaN\", \"inf\" or \"-inf\" for a non-finite value.",
            "anyOf": [{ "type": "number" }, { "enum": ["NaN", "inf", "-inf"] }]
        })
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let n = generator.subschema_for::<Number>();
        json_schema!({
            "description": "A number, a vector (array) or a matrix (array of rows).",
            "anyOf": [
                n,
                { "type": "array", "items": n },
                { "type": "array", "items": { "type": "array", "items": n } }
            ]
        })
    }
}

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

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            x if x.is_finite() => s.serialize_f64(x),
            x if x.is_nan() => s.serialize_str("NaN"),
            x if x > 0.0 => s.serialize_str("inf"),
            _ => s.serialize_str("-inf"),
        }
    }
}

fn serialize_num<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    Num(*x).serialize(s)
}

struct Row<'a>(&'a [f64]);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0 {
            seq.serialize_element(&Num(*x))?;
        }
        seq.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Scalar(x) => Num(*x).serialize(s),
            Value::Vector(v) => Row(v).serialize(s),
            Value::Matrix(m) => {
                let mut seq = s.serialize_seq(Some(m.len()))?;
                for r in m {
                    seq.serialize_element(&Row(r))?;
                }
                seq.end()
            }
        }
    }
}

/// The phase a step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Forward,
    Loss,
    Backward,
    Update,
}

impl Phase {
    /// The name used in traces.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Forward => "forward",
            Phase::Loss => "loss",
            Phase::Backward => "backward",
            Phase::Update => "update",
        }
    }
}

/// One computed quantity.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Step {
    pub phase: Phase,
    /// The layer, numbered from 1 (a[0] is the input); none for the loss.
    #[schemars(schema_with = "layer_schema")]
    pub layer: Option<usize>,
    /// `z`, `a`, `loss`, `delta`, `grad_weights`, `grad_bias`, `grad_a`, `weights` or `bias`.
    pub name: &'static str,
    /// How it is computed, in the notation of the file's layout.
    pub formula: String,
    pub value: Value,
}

impl Step {
    /// The step's quantity in the notation: `z[1]`, `δ[2]`, `∂L/∂W[1]`, `L`.
    pub fn symbol(&self) -> String {
        let l = self.layer.unwrap_or(0);
        match self.name {
            "z" | "a" => format!("{}[{l}]", self.name),
            "delta" => format!("δ[{l}]"),
            "grad_weights" => format!("∂L/∂W[{l}]"),
            "grad_bias" => format!("∂L/∂b[{l}]"),
            "grad_a" => format!("∂L/∂a[{l}]"),
            "weights" => format!("W[{l}]"),
            "bias" => format!("b[{l}]"),
            _ => "L".to_string(),
        }
    }
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
    pub steps: Vec<Step>,
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
    /// The first step holding a NaN or an infinity, if any.
    pub fn first_non_finite(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.value.numbers().iter().any(|x| !x.is_finite()))
    }

    /// Replaces the update phase with the values of `updated` (the network after
    /// the step), written with `formula(parameter, layer)`, for optimizers other than
    /// plain gradient descent.
    pub fn replace_update(&mut self, updated: &Network, formula: impl Fn(&str, usize) -> String) {
        for step in self.steps.iter_mut().filter(|s| s.phase == Phase::Update) {
            let n = step.layer.expect("update steps belong to a layer");
            let layer = &updated.layers[n - 1];
            match step.name {
                "weights" => {
                    step.value = Value::matrix(&updated.layout.store(&layer.weights));
                    step.formula = formula("W", n);
                }
                _ => {
                    step.value = Value::vector(&layer.bias);
                    if layer.trainable_bias {
                        step.formula = formula("b", n);
                    }
                }
            }
        }
    }

    /// The step called `name` of `layer`.
    pub fn step(&self, layer: Option<usize>, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.layer == layer && s.name == name)
    }
}

/// How to trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// η.
    pub learning_rate: f64,
    /// Round every intermediate to this many decimal places.
    pub round: Option<u32>,
    /// Add the diagnostics of the step.
    pub diagnostics: bool,
}

/// One training step of `file`'s network on `samples`: forward, loss, backward,
/// update, and the loss after the update.
pub fn trace(file: &NetworkFile, samples: &Samples, options: Options) -> Trace {
    let net = &file.network;
    let (x, y, batch) = (&samples.inputs, &samples.targets, samples.batch);
    let round = options.round;
    let depth = net.layers.len();
    let f = Formulas { layout: net.layout, batch };
    let mut steps = Vec::new();

    let mut fwd = Forward::new(net, x.nrows());
    fwd.compute(net, x, round);
    for (l, layer) in net.layers.iter().enumerate() {
        let n = l + 1;
        steps.push(step(Phase::Forward, n, "z", f.z(n), Value::samples(&fwd.z[l], batch)));
        steps.push(step(Phase::Forward, n, "a", f.a(n, layer.activation), Value::samples(&fwd.a[n], batch)));
    }

    let loss = round_opt(net.loss.value(fwd.logits(), fwd.output(), y), round);
    steps.push(Step {
        phase: Phase::Loss,
        layer: None,
        name: "loss",
        formula: net.loss.formula(batch).to_string(),
        value: Value::Scalar(loss),
    });

    let mut grads = Gradients::new(net, x.nrows());
    grads.compute(net, &fwd, y, round);
    for l in (0..depth).rev() {
        let n = l + 1;
        let phi = net.layers[l].activation;
        if n < depth {
            steps.push(step(
                Phase::Backward,
                n,
                "grad_a",
                f.grad_a(n),
                Value::samples(&grads.grad_a[l], batch),
            ));
        }
        let delta_formula = if n == depth { net.loss.delta_formula(phi, n, batch) } else { f.delta(n, phi) };
        steps.push(step(Phase::Backward, n, "delta", delta_formula, Value::samples(&grads.delta[l], batch)));
        let gw = Value::matrix(&net.layout.store(&grads.grad_weights[l]));
        steps.push(step(Phase::Backward, n, "grad_weights", f.grad_weights(n), gw));
        steps.push(step(Phase::Backward, n, "grad_bias", f.grad_bias(n), Value::vector(&grads.grad_bias[l])));
    }

    let mut updated: Network = net.clone();
    gradient_descent(&mut updated, &grads, options.learning_rate, round);
    for (l, layer) in updated.layers.iter().enumerate() {
        let n = l + 1;
        let w = Value::matrix(&net.layout.store(&layer.weights));
        steps.push(step(Phase::Update, n, "weights", format!("W[{n}] ← W[{n}] − η·∂L/∂W[{n}]"), w));
        let bias_formula = if layer.trainable_bias {
            format!("b[{n}] ← b[{n}] − η·∂L/∂b[{n}]")
        } else {
            format!("b[{n}] unchanged (trainable_bias: false)")
        };
        steps.push(step(Phase::Update, n, "bias", bias_formula, Value::vector(&layer.bias)));
    }
    let loss_after = crate::nn::forward::loss(&updated, x, y, round);

    Trace {
        format: FORMAT,
        network: info(file, net, options, x.nrows()),
        input: Value::samples(x, batch),
        target: Value::samples(y, batch),
        steps,
        loss,
        loss_after,
        diagnostics: options
            .diagnostics
            .then(|| diagnose(net, &fwd, &grads, loss, loss_after, options.learning_rate)),
    }
}

fn step(phase: Phase, layer: usize, name: &'static str, formula: String, value: Value) -> Step {
    Step { phase, layer: Some(layer), name, formula, value }
}

fn info(file: &NetworkFile, net: &Network, options: Options, batch_size: usize) -> NetworkInfo {
    NetworkInfo {
        name: file.name.clone(),
        description: file.description.clone(),
        layout: net.layout.name(),
        loss: net.loss.name(),
        learning_rate: options.learning_rate,
        batch_size,
        round: options.round,
        layers: net
            .layers
            .iter()
            .map(|l| LayerInfo {
                activation: l.activation.name(),
                slope: match l.activation {
                    Activation::LeakyRelu { slope } => Some(slope),
                    _ => None,
                },
                inputs: l.inputs(),
                neurons: l.neurons(),
                trainable_bias: l.trainable_bias,
                weights: Value::matrix(&net.layout.store(&l.weights)),
                bias: Value::vector(&l.bias),
            })
            .collect(),
    }
}

/// The formulas of each step, written for a layout and for one sample or a batch.
struct Formulas {
    layout: Layout,
    batch: bool,
}

/// `∘ φ′(z[l])`, or nothing for the identity (whose derivative is 1).
fn times_derivative(phi: Activation, l: usize) -> String {
    match phi {
        Activation::Identity => String::new(),
        _ => format!(" ∘ {}′(z[{l}])", phi.symbol()),
    }
}

impl Formulas {
    fn z(&self, l: usize) -> String {
        match self.layout {
            Layout::OutIn => format!("z[{l}] = W[{l}]·a[{}] + b[{l}]", l - 1),
            Layout::InOut => format!("z[{l}] = a[{}]·W[{l}] + b[{l}]", l - 1),
        }
    }

    fn a(&self, l: usize, phi: Activation) -> String {
        match phi {
            Activation::Identity => format!("a[{l}] = z[{l}]"),
            _ => format!("a[{l}] = {}(z[{l}])", phi.symbol()),
        }
    }

    fn grad_a(&self, l: usize) -> String {
        match self.layout {
            Layout::OutIn => format!("∂L/∂a[{l}] = W[{}]ᵀ·δ[{}]", l + 1, l + 1),
            Layout::InOut => format!("∂L/∂a[{l}] = δ[{}]·W[{}]ᵀ", l + 1, l + 1),
        }
    }

    fn delta(&self, l: usize, phi: Activation) -> String {
        let back = match self.layout {
            Layout::OutIn => format!("W[{}]ᵀ·δ[{}]", l + 1, l + 1),
            Layout::InOut => format!("δ[{}]·W[{}]ᵀ", l + 1, l + 1),
        };
        match phi {
            Activation::Identity => format!("δ[{l}] = {back}"),
            _ => format!("δ[{l}] = ({back}){}", times_derivative(phi, l)),
        }
    }

    fn grad_weights(&self, l: usize) -> String {
        match (self.layout, self.batch) {
            (Layout::OutIn, false) => format!("∂L/∂W[{l}] = δ[{l}]·a[{}]ᵀ", l - 1),
            (Layout::OutIn, true) => format!("∂L/∂W[{l}] = Σₙ δ[{l}]ₙ·a[{}]ₙᵀ", l - 1),
            (Layout::InOut, _) => format!("∂L/∂W[{l}] = a[{}]ᵀ·δ[{l}]", l - 1),
        }
    }

    fn grad_bias(&self, l: usize) -> String {
        if self.batch {
            format!("∂L/∂b[{l}] = Σₙ δ[{l}]ₙ")
        } else {
            format!("∂L/∂b[{l}] = δ[{l}]")
        }
    }
}
