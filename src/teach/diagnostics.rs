//! Diagnostics: what the numbers of one step say about training. Plain findings,
//! each naming the layer (from 1) and unit (from 1) and what a user might do.
//!
//! - an inactive ReLU unit: z ≤ 0 for every sample, so ReLU′ = 0 and no gradient
//!   reaches its weights (a "dead" unit if it stays that way);
//! - a saturated sigmoid or tanh unit: φ′(z) < 1e-3 for every sample;
//! - vanishing or exploding gradients: ‖∂L/∂W[1]‖ / ‖∂L/∂W[L]‖ (Frobenius norms)
//!   below 1e-3 or above 1e3;
//! - a learning rate for which the step increased the loss;
//! - a bce output saturated so far that PyTorch's `nn.BCELoss` clamps would change its numbers.

use crate::nn::loss::{BCE_EPSILON, BCE_LOG_FLOOR, Loss};
use crate::nn::units::{SATURATED, UnitState, unit_state};
use crate::step::Step;
use schemars::JsonSchema;
use serde::Serialize;

/// Gradient-norm ratios beyond [1/RATIO, RATIO] vanish or explode.
pub(crate) const RATIO: f64 = 1e3;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    InactiveRelu,
    SaturatedUnit,
    VanishingGradient,
    ExplodingGradient,
    LossIncreased,
    /// A bce output saturated past the clamps of PyTorch's `nn.BCELoss`.
    BceClamped,
}

/// One diagnostic finding.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    pub kind: Kind,
    /// The layer, numbered from 1; none for the whole network.
    pub layer: Option<usize>,
    /// The unit, numbered from 1; none for a whole layer.
    pub unit: Option<usize>,
    /// The measured value: max z, max φ′, the norm ratio, or the loss change.
    pub value: f64,
    /// What was found.
    pub message: String,
    /// What a user might do.
    pub advice: String,
}

/// The findings of one step.
pub fn diagnose(step: &Step) -> Vec<Finding> {
    let (net, loss, loss_after, lr) = (step.network, step.loss, step.loss_after, step.learning_rate);
    let mut out = Vec::new();
    let samples = step.samples.len();
    let all = if samples == 1 { "for the sample".to_string() } else { format!("for all {samples} samples") };
    for (l, layer) in net.layers.iter().enumerate() {
        let (z, phi_prime) = (&step.layers[l].z, &step.layers[l].phi_prime);
        for u in 0..layer.neurons() {
            let top = z.column(u).max();
            let d = phi_prime.as_ref().map_or(0.0, |d| d.column(u).iter().copied().fold(0.0, f64::max));
            match unit_state(net, l, top, d) {
                Some(UnitState::Inactive) => out.push(Finding {
                    kind: Kind::InactiveRelu,
                    layer: Some(l + 1),
                    unit: Some(u + 1),
                    value: top,
                    message: format!(
                        "ReLU unit {} of layer {} is inactive: z ≤ 0 {all} (largest z = {}), so ReLU′ = 0 and its weights get no gradient",
                        u + 1,
                        l + 1,
                        crate::notation::number::format(top, 6)
                    ),
                    advice: "if it stays inactive it is dead: try a positive bias, He initialisation, leaky_relu, or a smaller learning rate".to_string(),
                }),
                Some(UnitState::Saturated) => out.push(Finding {
                    kind: Kind::SaturatedUnit,
                    layer: Some(l + 1),
                    unit: Some(u + 1),
                    value: d,
                    message: format!(
                        "{} unit {} of layer {} is saturated: {}′(z) < {SATURATED} {all} (largest {d:.3e}), so little gradient passes through it",
                        layer.activation.name(),
                        u + 1,
                        l + 1,
                        crate::notation::phi(layer.activation)
                    ),
                    advice: "scale the inputs, start from smaller weights (xavier initialisation), or use relu in hidden layers".to_string(),
                }),
                None => {}
            }
        }
    }
    let depth = net.layers.len();
    if depth >= 2 {
        let first = step.layers[0].grad_weights.norm();
        let last = step.layers[depth - 1].grad_weights.norm();
        if last > 0.0 && first.is_finite() && last.is_finite() {
            let ratio = first / last;
            let kind = if ratio < 1.0 / RATIO {
                Some((
                    Kind::VanishingGradient,
                    "vanishing",
                    "use relu in hidden layers, xavier/he initialisation, or fewer layers",
                ))
            } else if ratio > RATIO {
                Some((
                    Kind::ExplodingGradient,
                    "exploding",
                    "use smaller initial weights, a smaller learning rate, or normalise the inputs",
                ))
            } else {
                None
            };
            if let Some((kind, word, advice)) = kind {
                out.push(Finding {
                    kind,
                    layer: None,
                    unit: None,
                    value: ratio,
                    message: format!(
                        "{word} gradients: ‖∂L/∂W[1]‖ / ‖∂L/∂W[{depth}]‖ = {ratio:.3e} (‖∂L/∂W[1]‖ = {first:.3e}, ‖∂L/∂W[{depth}]‖ = {last:.3e})"
                    ),
                    advice: advice.to_string(),
                });
            }
        }
    }
    if net.loss == Loss::Bce {
        out.extend(bce_clamped(step));
    }
    if loss_after > loss {
        out.push(Finding {
            kind: Kind::LossIncreased,
            layer: None,
            unit: None,
            value: loss_after - loss,
            message: format!(
                "the step increased the loss from {loss:.6e} to {loss_after:.6e} with η = {}",
                crate::notation::number::compact(lr)
            ),
            advice: "the learning rate overshoots: try a smaller --lr".to_string(),
        });
    }
    out
}

/// Where `nn.BCELoss`'s clamps bite (a log below −100, ŷ(1 − ŷ) below 1e-12 in its gradient),
/// what it would report instead of the chain rule's value that nettrace computes.
fn bce_clamped(step: &Step) -> Option<Finding> {
    let out = &step.layers[step.depth() - 1];
    let y = &step.samples.targets;
    let bites = |p: f64, t: f64| {
        p * (1.0 - p) < BCE_EPSILON
            || (t > 0.0 && p.ln() < BCE_LOG_FLOOR)
            || (t < 1.0 && (1.0 - p).ln() < BCE_LOG_FLOOR)
    };
    let saturated = out.a.iter().zip(y.iter()).filter(|(p, t)| bites(**p, **t)).count();
    if saturated == 0 {
        return None;
    }
    let (clamped_loss, clamped_delta) = Loss::clamped_bce(&out.a, y);
    let (worst, ours) = clamped_delta
        .iter()
        .zip(out.delta.iter())
        .max_by(|a, b| (a.0 - a.1).abs().total_cmp(&(b.0 - b.1).abs()))
        .map(|(c, d)| (*c, *d))
        .unwrap_or_default();
    let n = |x: f64| crate::notation::number::format(x, 6);
    Some(Finding {
        kind: Kind::BceClamped,
        layer: Some(step.depth()),
        unit: None,
        value: clamped_loss,
        message: format!(
            "{saturated} of {} sigmoid outputs are saturated past the clamps of PyTorch's nn.BCELoss (a log below −100, or ŷ(1 − ŷ) below 1e-12): nn.BCELoss would report L = {} (here {}) and δ[{}] = {} where the chain rule gives {}",
            out.a.len(),
            n(clamped_loss),
            n(step.loss),
            step.depth(),
            n(worst),
            n(ours)
        ),
        advice: "nettrace computes bce from the logit z, as BCEWithLogitsLoss does, so the gradient does not vanish here; use nn.BCEWithLogitsLoss in PyTorch to get the same numbers".to_string(),
    })
}
