//! The network file format, defined once: serde reads and writes it, schemars describes it.
//!
//! [`NetworkFileFormat`] is the file as written; [`validate`](NetworkFileFormat::validate) turns
//! it into a checked [`NetworkFile`], and `From<&NetworkFile>` turns one back. Each field is read
//! by its own reader in `de.rs` (for the messages, and to count numbers as they arrive); `null`
//! is never taken for an absent field.

use super::NetworkFile;
use super::de;
use crate::nn::activation::{Activation, ActivationKind};
use crate::nn::init::Scheme;
use crate::nn::loss::Loss;
use crate::nn::names::names;
use crate::nn::network::Layout;
use nalgebra::DMatrix;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize, Serializer};

/// A network file: layers, loss and optionally one sample or a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "nettrace network file")]
#[schemars(extend("dependentRequired" = {
    "input": ["target"], "target": ["input"], "inputs": ["targets"], "targets": ["inputs"]
}))]
#[schemars(extend("not" = { "anyOf": [{ "required": ["input", "inputs"] }, { "required": ["target", "targets"] }] }))]
pub struct NetworkFileFormat {
    /// A schema for editors; ignored by nettrace.
    #[serde(
        rename = "$schema",
        default,
        deserialize_with = "de::ignore",
        skip_serializing_if = "Option::is_none"
    )]
    pub schema: Option<String>,
    /// Optional text, carried into traces and written files.
    #[serde(default, deserialize_with = "de::text", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Optional text, carried like the name.
    #[serde(default, deserialize_with = "de::text", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::choice", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "layout")]
    pub layout: Option<Layout>,
    /// One sample's input a[0]; with `target`.
    #[serde(default, deserialize_with = "de::sample", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "vector")]
    pub input: Option<Vec<f64>>,
    /// One sample's target y; with `input`.
    #[serde(default, deserialize_with = "de::sample", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "vector")]
    pub target: Option<Vec<f64>>,
    /// A batch: one row per sample; with `targets`.
    #[serde(default, deserialize_with = "de::sample_matrix", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "matrix")]
    pub inputs: Option<Matrix>,
    /// One target row per input row; with `inputs`.
    #[serde(default, deserialize_with = "de::sample_matrix", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "matrix")]
    pub targets: Option<Matrix>,
    /// The length of the input, for files without data whose first layer is generated.
    #[serde(default, deserialize_with = "de::count", skip_serializing_if = "Option::is_none")]
    pub input_size: Option<u64>,
    /// The input as an image, `[rows, columns]` (rows × columns = the input's length): web pages
    /// draw the input, and each first-layer unit's weights, as an image of that shape.
    #[serde(default, deserialize_with = "de::shape", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "shape")]
    pub input_shape: Option<[u64; 2]>,
    #[serde(default, deserialize_with = "de::choice", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "loss")]
    pub loss: Option<Loss>,
    /// η for gradient descent (default 0.1).
    #[serde(default, deserialize_with = "de::number", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "positive")]
    pub learning_rate: Option<f64>,
    /// The seed of generated layers (default 0).
    #[serde(default, deserialize_with = "de::count", skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Layers 1..L.
    #[serde(deserialize_with = "de::layers")]
    #[schemars(length(min = 1))]
    pub layers: Vec<LayerFormat>,
}

/// One layer: given weights, or `units` and `init` to generate them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LayerSchema")]
pub struct LayerFormat {
    /// W[l] in the file's layout.
    #[serde(default, deserialize_with = "de::parameter_matrix", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "matrix")]
    pub weights: Option<Matrix>,
    /// b[l], one number per neuron (zeros when absent).
    #[serde(default, deserialize_with = "de::parameters", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "vector")]
    pub bias: Option<Vec<f64>>,
    #[serde(default, deserialize_with = "de::choice", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "activation")]
    pub activation: Option<ActivationKind>,
    /// The slope of leaky_relu for negative inputs (default 0.01).
    #[serde(default, deserialize_with = "de::number", skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
    /// False: the bias is used but never updated.
    #[serde(default, deserialize_with = "de::flag", skip_serializing_if = "Option::is_none")]
    pub trainable_bias: Option<bool>,
    /// Neurons of a generated layer.
    #[serde(default, deserialize_with = "de::count", skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub units: Option<u64>,
    #[serde(default, deserialize_with = "de::choice", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "scheme")]
    pub init: Option<Scheme>,
    #[serde(default, deserialize_with = "de::choice", skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "scheme")]
    pub bias_init: Option<Scheme>,
}

/// A matrix as the file writes it, rows of numbers, held row-major in one vector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    values: Vec<f64>,
}

impl Matrix {
    /// `rows` rows of `cols` numbers, one row after another.
    pub(super) fn from_row_major(rows: usize, cols: usize, values: Vec<f64>) -> Self {
        debug_assert_eq!(rows * cols, values.len(), "a matrix holds rows × cols numbers");
        Matrix { rows, cols, values }
    }

    /// The rows of `m`.
    pub(crate) fn from_dmatrix(m: &DMatrix<f64>) -> Self {
        // nalgebra is column-major: the transpose's storage is `m` row by row.
        Matrix { rows: m.nrows(), cols: m.ncols(), values: m.transpose().as_slice().to_vec() }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The length of each row.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The matrix as written (`transpose` false) or transposed, without copying in the second case.
    pub(super) fn into_dmatrix(self, transpose: bool) -> DMatrix<f64> {
        // Row-major rows × cols is the column-major storage of its cols × rows transpose.
        let t = DMatrix::from_vec(self.cols, self.rows, self.values);
        if transpose { t } else { t.transpose() }
    }
}

impl Serialize for Matrix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.values.chunks(self.cols.max(1)))
    }
}

impl From<&NetworkFile> for NetworkFileFormat {
    /// The file in its network's layout, as `to_value` writes it: no `$schema`, `input_size` or
    /// `seed` (the weights are written out), `slope` only for leaky_relu, `trainable_bias` only
    /// when false.
    fn from(file: &NetworkFile) -> Self {
        let net = &file.network;
        let vector = |m: &DMatrix<f64>| m.row(0).iter().copied().collect::<Vec<f64>>();
        let (mut input, mut target, mut inputs, mut targets) = (None, None, None, None);
        match &file.samples {
            Some(s) if s.batch => {
                inputs = Some(Matrix::from_dmatrix(&s.inputs));
                targets = Some(Matrix::from_dmatrix(&s.targets));
            }
            Some(s) => {
                input = Some(vector(&s.inputs));
                target = Some(vector(&s.targets));
            }
            None => {}
        }
        let layers = net
            .layers
            .iter()
            .map(|l| LayerFormat {
                weights: Some(Matrix::from_dmatrix(&net.layout.store(&l.weights))),
                bias: Some(l.bias.iter().copied().collect()),
                activation: Some(l.activation.kind()),
                slope: match l.activation {
                    Activation::LeakyRelu { slope } => Some(slope),
                    _ => None,
                },
                trainable_bias: if l.trainable_bias { None } else { Some(false) },
                ..LayerFormat::default()
            })
            .collect();
        NetworkFileFormat {
            name: file.name.clone(),
            description: file.description.clone(),
            layout: Some(net.layout),
            input,
            target,
            inputs,
            targets,
            input_shape: file.input_shape.map(|(r, c)| [r as u64, c as u64]),
            loss: Some(net.loss),
            learning_rate: Some(file.learning_rate),
            layers,
            ..NetworkFileFormat::default()
        }
    }
}

// The schemas of the fields whose JSON is not their Rust type's, or whose names list the enum's.

/// A string that is one of the names of `T`.
fn one_of<T: serde::de::DeserializeOwned>(description: &str) -> Schema {
    json_schema!({ "type": "string", "enum": names::<T>(), "description": description })
}

fn layout(_: &mut SchemaGenerator) -> Schema {
    one_of::<Layout>("How weights are stored: out_in (one row per neuron, the default) or in_out.")
}

fn loss(_: &mut SchemaGenerator) -> Schema {
    one_of::<Loss>("The loss L minimised by training (default half_squared_error).")
}

fn activation(_: &mut SchemaGenerator) -> Schema {
    one_of::<ActivationKind>("φ (default identity); softmax only on the output layer.")
}

fn scheme(_: &mut SchemaGenerator) -> Schema {
    one_of::<Scheme>("How generated numbers are drawn.")
}

/// A positive number.
fn positive(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "exclusiveMinimum": 0 })
}

/// An image's shape: [rows, columns], each at least 1.
fn shape(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": { "type": "integer", "minimum": 1 },
        "minItems": 2,
        "maxItems": 2,
        "description": "The input as an image, [rows, columns] (rows × columns = the input's length): web pages draw the input, and each first-layer unit's weights, as an image of that shape."
    })
}

/// A vector: at least one number.
fn vector(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "array", "items": { "type": "number" }, "minItems": 1 })
}

/// A matrix: at least one row of at least one number.
fn matrix(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "items": { "type": "array", "items": { "type": "number" }, "minItems": 1 },
        "minItems": 1
    })
}
