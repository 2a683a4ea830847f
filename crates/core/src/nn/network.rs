//! The network: layers of weights, biases and activations, and the loss they are trained on.

use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use nalgebra::{DMatrix, DVector};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a weight matrix is stored in files and shown in output: `out_in` or `in_out` (the serde
/// derive's names; files and the command line read them through [`crate::nn::names`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per neuron: `z = W·x + b`, as in the notation and PyTorch's `nn.Linear.weight`.
    OutIn,
    /// One row per input: `z = x·W + b`, as in code that writes `x @ W`.
    InOut,
}

impl Layout {
    /// The name used in network files, traces and on the command line.
    pub fn name(self) -> &'static str {
        crate::nn::names::name::<Layout>(self as usize)
    }

    /// A weight matrix (neurons × inputs) as this layout stores it.
    pub fn store(self, weights: &DMatrix<f64>) -> DMatrix<f64> {
        match self {
            Layout::OutIn => weights.clone(),
            Layout::InOut => weights.transpose(),
        }
    }
}

/// One layer: z = W·a + b, a = φ(z).
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// W, neurons × inputs whatever the file's layout (converted once, at the file boundary).
    pub weights: DMatrix<f64>,
    /// b, one number per neuron.
    pub bias: DVector<f64>,
    /// φ.
    pub activation: Activation,
    /// False when the bias takes part in the forward pass but is never updated.
    pub trainable_bias: bool,
}

impl Layer {
    /// The number of neurons: the length of z and a.
    pub fn neurons(&self) -> usize {
        self.weights.nrows()
    }

    /// The number of inputs: the length of a[l−1].
    pub fn inputs(&self) -> usize {
        self.weights.ncols()
    }
}

/// A feed-forward network and the loss it is trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Layers 1..L (index 0 is layer 1).
    pub layers: Vec<Layer>,
    /// The loss L minimised by training.
    pub loss: Loss,
    /// How weights are read, written and shown.
    pub layout: Layout,
}

impl Network {
    /// The length of the input a[0].
    pub fn input_size(&self) -> usize {
        self.layers[0].inputs()
    }

    /// The length of the output ŷ = a[L].
    pub fn output_size(&self) -> usize {
        self.layers[self.layers.len() - 1].neurons()
    }

    /// The numbers one sample takes to trace or train: its input, and about four per unit (z, a,
    /// δ, ∂L/∂a).
    pub fn values_per_sample(&self) -> usize {
        self.input_size() + self.layers.iter().map(|l| 4 * l.neurons()).sum::<usize>()
    }

    /// The number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.weights.len() + l.bias.len()).sum()
    }
}

/// Training samples: one row per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// N × (input size).
    pub inputs: DMatrix<f64>,
    /// N × (output size).
    pub targets: DMatrix<f64>,
    /// True when the file gave `inputs`/`targets` (a batch), false for `input`/`target`.
    pub batch: bool,
}

impl Samples {
    /// The number of samples N.
    pub fn len(&self) -> usize {
        self.inputs.nrows()
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.inputs.nrows() == 0
    }
}
