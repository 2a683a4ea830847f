//! The backward pass, from the output layer down: ∂L/∂ŷ and δ[L], then for each layer below
//! ∂L/∂a[l] and δ[l], and every layer's gradients.

use super::forward::inactive_note;
use super::{Equation, Values};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::step::Quantity::{Delta, GradA, GradBias, GradOutput, GradWeights, Z};

/// Every layer's error signal and gradients, from the output layer down.
pub(super) fn equations(v: &Values) -> Vec<Equation> {
    let step = v.step;
    let depth = step.depth();
    let mut out = Vec::new();
    for l in (1..=depth).rev() {
        if l == depth {
            out.extend(output_delta(v));
        } else {
            out.extend(hidden_delta(v, l));
        }
        let substituted = v.substitute(GradWeights(l), 0);
        out.push(v.equation(
            GradWeights(l),
            format!("Gradient of the weights of layer {l}"),
            substituted,
            v.get(GradWeights(l)),
            Some(format!(
                "“Error signal” × “input to this layer”: each weight's gradient is the $\\delta$ of the neuron it feeds times the activation it reads{}.",
                if step.batch() { ", summed over the samples" } else { "" }
            )),
        ));
        let substituted = v.substitute(GradBias(l), 0);
        out.push(v.equation(
            GradBias(l),
            format!("Gradient of the bias of layer {l}"),
            substituted,
            v.bias_value(&v.get(GradBias(l))),
            None,
        ));
    }
    out
}

/// ∂L/∂a[l] from the layer above, and δ[l], for a hidden layer.
fn hidden_delta(v: &Values, l: usize) -> [Equation; 2] {
    let step = v.step;
    let grad_a = v.get(GradA(l));
    let substituted = v.substitute(GradA(l), 0);
    let passed = v.equation(
        GradA(l),
        format!("Error passed down to the output of layer {l}"),
        substituted,
        v.units_value(&grad_a),
        Some(format!(
            "Each unit of layer {l} is blamed for the error of the units of layer {} it feeds, weighted by the weights it feeds them through.",
            l + 1
        )),
    );
    let phi = step.network.layers[l - 1].activation;
    let delta = v.equation(
        Delta(l),
        format!("Error signal of layer {l}"),
        v.substitute(Delta(l), 0),
        v.units_value(&v.get(Delta(l))),
        inactive_note(phi, &v.get(Z(l)), l, true),
    );
    [passed, delta]
}

/// ∂L/∂ŷ and δ[L] for the output layer; δ[L] alone for softmax with cross-entropy, written
/// as it is computed, ŷ − y.
fn output_delta(v: &Values) -> Vec<Equation> {
    let step = v.step;
    let l = step.depth();
    let (loss, phi) = (step.network.loss, step.network.layers[l - 1].activation);
    let delta = v.get(Delta(l));
    let label = "Error signal of the output layer".to_string();
    if loss == Loss::CrossEntropy && phi == Activation::Softmax {
        return vec![v.equation(
            Delta(l),
            label,
            v.substitute(Delta(l), 1),
            v.units_value(&delta),
            Some(
                "Softmax followed by cross-entropy simplifies: the error signal of each output is its predicted probability minus its target."
                    .into(),
            ),
        )];
    }
    let substituted = v.substitute(GradOutput, 0);
    let g = v.get(GradOutput);
    let grad_output = v.equation(
        GradOutput,
        "Gradient of the loss with respect to the output".into(),
        substituted,
        v.units_value(&g),
        None,
    );
    let note = match phi {
        Activation::Identity => {
            "The output is linear ($\\phi' = 1$), so the error signal is the output error itself.".to_string()
        }
        Activation::Softmax => {
            "Softmax couples the outputs: its Jacobian $\\operatorname{diag}(\\hat{y}) - \\hat{y}\\hat{y}^{\\top}$ replaces $\\phi'$."
                .to_string()
        }
        _ => "This $\\delta$ tells how much of the error comes from each output neuron.".to_string(),
    };
    let substituted = v.substitute(Delta(l), 0);
    vec![grad_output, v.equation(Delta(l), label, substituted, v.units_value(&delta), Some(note))]
}
