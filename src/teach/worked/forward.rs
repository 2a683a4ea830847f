//! The forward pass, layer by layer: z[l] and a[l].

use super::{Equation, Values};
use crate::nn::activation::Activation;
use crate::step::Quantity::{A, Z};
use crate::step::{Axis, View};

/// z[l] and a[l] of every layer.
pub(super) fn equations(v: &Values) -> Vec<Equation> {
    let step = v.step;
    let mut out = Vec::new();
    for l in 1..=step.depth() {
        let substituted = v.substitute(Z(l), 0);
        let z = v.get(Z(l));
        out.push(v.equation(
            Z(l),
            format!("Pre-activation of layer {l}"),
            substituted,
            v.units_value(&z),
            None,
        ));
        let phi = step.network.layers[l - 1].activation;
        let substituted = v.substitute(A(l), 0);
        out.push(v.equation(
            A(l),
            format!("Activation of layer {l}"),
            substituted,
            v.units_value(&v.get(A(l))),
            inactive_note(phi, &z, l, false),
        ));
    }
    out
}

/// The ReLU note: which units are inactive (z ≤ 0), and what that does to the gradient.
pub(super) fn inactive_note(phi: Activation, z: &View, layer: usize, backward: bool) -> Option<String> {
    if phi != Activation::Relu {
        return None;
    }
    let (samples, units) = z.size();
    let at = |n: usize, u: usize| z.get(&[(Axis::Sample, n), (Axis::Unit, u)]).expect("a unit of z");
    let inactive: Vec<usize> = (0..units).filter(|&u| (0..samples).any(|n| at(n, u) <= 0.0)).collect();
    if inactive.is_empty() {
        return None;
    }
    let list = inactive.iter().map(|u| (u + 1).to_string()).collect::<Vec<_>>().join(", ");
    let unit = if inactive.len() == 1 { format!("unit {list} is") } else { format!("units {list} are") };
    let many = samples > 1;
    let samples = if many { " for some samples" } else { "" };
    Some(if backward {
        format!(
            "ReLU's derivative is 0 where $z \\le 0$: {unit} inactive{samples}, so its error signal is zeroed and the weights and bias feeding it get no gradient from {}.",
            if many { "those samples" } else { "this sample" }
        )
    } else {
        format!(
            "In layer {layer}, {unit} inactive ($z \\le 0$){samples}: ReLU outputs 0 there, and its derivative 0 will zero the gradient through it."
        )
    })
}
