//! A network as a standalone PyTorch script (float64) that takes the same training step and
//! prints the same quantities as `nettrace run --json`, under the same names.

use crate::io::network_file::{NetworkFile, rows};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Network;
use crate::notation::escape;
use nalgebra::DMatrix;

/// An f64 as Python reads it back to the same bits (Rust's shortest round-trip form).
fn num(x: f64) -> String {
    if x.is_finite() { format!("{x:?}") } else { format!("float({:?})", x.to_string()) }
}

fn list(xs: impl IntoIterator<Item = f64>) -> String {
    let parts: Vec<String> = xs.into_iter().map(num).collect();
    format!("[{}]", parts.join(", "))
}

fn matrix(m: &DMatrix<f64>) -> String {
    let parts: Vec<String> = rows(m).into_iter().map(list).collect();
    format!("[{}]", parts.join(",\n     "))
}

/// The Python expression of φ(z).
fn activation(phi: Activation) -> String {
    match phi {
        Activation::Identity => "lambda z: z".to_string(),
        Activation::Relu => "torch.relu".to_string(),
        Activation::LeakyRelu { slope } => format!("lambda z: F.leaky_relu(z, {})", num(slope)),
        Activation::Sigmoid => "torch.sigmoid".to_string(),
        Activation::Tanh => "torch.tanh".to_string(),
        Activation::Softmax => "lambda z: torch.softmax(z, dim=1)".to_string(),
    }
}

/// The Python body of `loss_of_output(a, y)`: the loss as a function of ŷ alone, for ∂L/∂ŷ.
fn loss_of_output(loss: Loss) -> &'static str {
    match loss {
        Loss::HalfSquaredError => "0.5 * ((a - y) ** 2).sum() / y.shape[0]",
        Loss::Mse => "F.mse_loss(a, y)",
        Loss::Bce => "F.binary_cross_entropy(a, y)",
        Loss::CrossEntropy => "-(y * torch.log(a)).sum() / y.shape[0]",
    }
}

/// The Python body of `loss_of(z, a, y)`: z and a of the output layer, y the targets.
fn loss(loss: Loss) -> &'static str {
    match loss {
        Loss::HalfSquaredError => {
            "0.5 * ((a - y) ** 2).sum() / y.shape[0]  # ½ Σ (ŷ − y)², mean over samples"
        }
        Loss::Mse => "F.mse_loss(a, y)",
        Loss::Bce => "F.binary_cross_entropy_with_logits(z, y)  # on the logits z[L]; ŷ = σ(z[L])",
        Loss::CrossEntropy => "F.cross_entropy(z, y)  # on the logits z[L]; ŷ = softmax(z[L])",
    }
}

/// The step itself, the same for every network but for its loss: the forward pass, the loss,
/// backward, the SGD step, and the printing of every quantity under the trace's names.
const STEP: &str = include_str!("torch_step.py");

/// The script for `file` with learning rate `lr`. `file` must have samples.
pub fn script(file: &NetworkFile, lr: f64) -> String {
    let kind = file.network.loss;
    let step = STEP.replace("@LOSS@", loss(kind)).replace("@LOSS_OF_OUTPUT@", loss_of_output(kind));
    header(file, lr) + &step
}

/// The Python that builds each layer as an `nn.Linear` holding the file's weights.
fn layers(net: &Network) -> String {
    (net.layers.iter().enumerate())
        .map(|(l, layer)| {
            format!(
                "\n# layer {n}: {inputs} inputs → {neurons} neurons
linear = torch.nn.Linear({inputs}, {neurons})
with torch.no_grad():
    linear.weight.copy_(torch.tensor({weights}))
    linear.bias.copy_(torch.tensor({bias}))
layers.append(linear)
",
                n = l + 1,
                inputs = layer.inputs(),
                neurons = layer.neurons(),
                weights = matrix(&layer.weights),
                bias = list(layer.bias.iter().copied()),
            )
        })
        .collect()
}

/// The script up to the step: its docstring, the samples, η and the network.
fn header(file: &NetworkFile, lr: f64) -> String {
    let net = &file.network;
    let samples = file.samples.as_ref().expect("export checks for samples first");
    let activations: Vec<String> = net.layers.iter().map(|l| activation(l.activation)).collect();
    let element_wise: Vec<&str> =
        net.layers.iter().map(|l| py_bool(l.activation != Activation::Softmax)).collect();
    let trainable: Vec<&str> = net.layers.iter().map(|l| py_bool(l.trainable_bias)).collect();
    format!(
        r#"#!/usr/bin/env python3
"""One training step of {name} in PyTorch (float64), written by `nettrace export --torch`.

Prints the same quantities as `nettrace run --json`, under the same names, so the
two can be compared number by number. Layers are numbered from 1; a[0] is the input.
"""
import json

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

LAYOUT = {layout:?}  # how weights are printed: nn.Linear.weight is out_in
BATCH = {batch}  # per-sample values print as rows when the file gives a batch
LR = {lr}  # η
X = torch.tensor({x})  # a[0], one row per sample
Y = torch.tensor({y})  # y

layers = []
{layers}
ACTIVATIONS = [{activations}]
ELEMENT_WISE = [{element_wise}]  # φ′(z) is a vector (softmax's derivative is a Jacobian)
TRAINABLE_BIAS = [{trainable}]
"#,
        layers = layers(net),
        // A Python string literal inside the docstring: the docstring reads its escapes, so its
        // text holds the name exactly, in quotes, and nothing in the name can end it.
        name = escape::python(file.name.as_deref().unwrap_or("network")),
        layout = net.layout.name(),
        batch = py_bool(samples.batch),
        lr = num(lr),
        x = matrix(&samples.inputs),
        y = matrix(&samples.targets),
        activations = activations.join(", "),
        trainable = trainable.join(", "),
        element_wise = element_wise.join(", "),
    )
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}
