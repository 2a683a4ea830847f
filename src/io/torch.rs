//! A network as a standalone PyTorch script (float64) that takes the same training step and
//! prints the same quantities as `nettrace run --json`, under the same names.

use crate::io::network_file::{NetworkFile, rows};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
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

/// The script for `file` with learning rate `lr`. `file` must have samples.
pub fn script(file: &NetworkFile, lr: f64) -> String {
    let net = &file.network;
    let samples = file.samples.as_ref().expect("export checks for samples first");
    let layers: String = (net.layers.iter().enumerate())
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
        .collect();
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


def forward(x):
    """z[l] = W[l]·a[l−1] + b[l] and a[l] = φ(z[l]) for every layer."""
    zs, acts = [], [x]
    for linear, phi in zip(layers, ACTIVATIONS):
        z = linear(acts[-1])
        zs.append(z)
        acts.append(phi(z))
    return zs, acts


def loss_of(z, a, y):
    return {loss}


def loss_of_output(a, y):
    return {loss_of_output}


def grad_output(a, y):
    """∂L/∂ŷ, by autograd on the loss as a function of ŷ."""
    a = a.detach().requires_grad_()
    return torch.autograd.grad(loss_of_output(a, y), a)[0]


def phi_prime(phi, z):
    """φ′(z) of an element-wise φ, by autograd."""
    z = z.detach().requires_grad_()
    return torch.autograd.grad(phi(z).sum(), z)[0]


zs, acts = forward(X)
for t in zs + acts[1:]:
    t.retain_grad()
loss = loss_of(zs[-1], acts[-1], Y)
loss.backward()
params = [l.weight for l in layers] + [l.bias for l, t in zip(layers, TRAINABLE_BIAS) if t]
torch.optim.SGD(params, lr=LR).step()  # θ ← θ − η·∂L/∂θ
with torch.no_grad():
    zs_after, acts_after = forward(X)
    loss_after = loss_of(zs_after[-1], acts_after[-1], Y)


def per_sample(t):
    rows = t.detach().tolist()
    return rows if BATCH else rows[0]


def stored(w):
    return (w if LAYOUT == "out_in" else w.t()).detach().tolist()


def step(phase, layer, name, value):
    return {{"phase": phase, "layer": layer, "name": name, "value": value}}


L = len(layers)
steps = []
for l in range(1, L + 1):
    steps.append(step("forward", l, "z", per_sample(zs[l - 1])))
    steps.append(step("forward", l, "a", per_sample(acts[l])))
steps.append(step("loss", None, "loss", loss.item()))
steps.append(step("backward", None, "grad_output", per_sample(grad_output(acts[L], Y))))
for l in range(L, 0, -1):
    if l < L:
        steps.append(step("backward", l, "grad_a", per_sample(acts[l].grad)))
    if ELEMENT_WISE[l - 1]:
        steps.append(step("backward", l, "phi_prime", per_sample(phi_prime(ACTIVATIONS[l - 1], zs[l - 1]))))
    steps.append(step("backward", l, "delta", per_sample(zs[l - 1].grad)))  # δ[l] = ∂L/∂z[l]
    steps.append(step("backward", l, "grad_weights", stored(layers[l - 1].weight.grad)))
    steps.append(step("backward", l, "grad_bias", layers[l - 1].bias.grad.tolist()))
for l in range(1, L + 1):
    steps.append(step("update", l, "weights", stored(layers[l - 1].weight)))
    steps.append(step("update", l, "bias", layers[l - 1].bias.detach().tolist()))
print(json.dumps({{"steps": steps, "loss": loss.item(), "loss_after": loss_after.item()}}, indent=1))
"#,
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
        loss = loss(net.loss),
        loss_of_output = loss_of_output(net.loss),
    )
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}
