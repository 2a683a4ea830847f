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

/// More units than this of one kind in one layer are one finding for the layer.
pub(crate) const GROUPED: usize = 3;

/// The findings of one step.
pub fn diagnose(step: &Step) -> Vec<Finding> {
    let (loss, loss_after, lr) = (step.loss, step.loss_after, step.learning_rate);
    let mut out = units(step);
    out.extend(gradient_ratio(step));
    if step.network.loss == Loss::Bce {
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

const INACTIVE_ADVICE: &str = "if it stays inactive it is dead: try a positive bias, He initialisation, leaky_relu, or a smaller learning rate";
const SATURATED_ADVICE: &str =
    "scale the inputs, start from smaller weights (xavier initialisation), or use relu in hidden layers";

/// The inactive and saturated units, layer by layer: one finding per unit, or one for the layer
/// when more than [`GROUPED`] of its units are in the same state.
fn units(step: &Step) -> Vec<Finding> {
    let net = step.network;
    let samples = step.samples.len();
    let all = if samples == 1 { "for the sample".to_string() } else { format!("for all {samples} samples") };
    let mut out = Vec::new();
    for (l, layer) in net.layers.iter().enumerate() {
        let (z, phi_prime) = (&step.layers[l].z, &step.layers[l].phi_prime);
        let mut found: Vec<(Kind, usize, f64)> = Vec::new();
        for u in 0..layer.neurons() {
            let top = z.column(u).max();
            let d = phi_prime.as_ref().map_or(0.0, |d| d.column(u).iter().copied().fold(0.0, f64::max));
            match unit_state(net, l, top, d) {
                Some(UnitState::Inactive) => found.push((Kind::InactiveRelu, u, top)),
                Some(UnitState::Saturated) => found.push((Kind::SaturatedUnit, u, d)),
                None => {}
            }
        }
        for kind in [Kind::InactiveRelu, Kind::SaturatedUnit] {
            let these: Vec<(usize, f64)> = found.iter().filter(|f| f.0 == kind).map(|f| (f.1, f.2)).collect();
            if these.len() > GROUPED {
                out.push(layer_finding(step, l, kind, &these, &all));
            } else {
                out.extend(these.iter().map(|&(u, v)| unit_finding(step, l, kind, u, v, &all)));
            }
        }
    }
    out.sort_by_key(|f| f.layer);
    out
}

/// One unit `u` of layer `l` (both from 0), inactive or saturated, with its largest z or φ′.
fn unit_finding(step: &Step, l: usize, kind: Kind, u: usize, value: f64, all: &str) -> Finding {
    let layer = &step.network.layers[l];
    let (message, advice) = match kind {
        Kind::InactiveRelu => (
            format!(
                "ReLU unit {} of layer {} is inactive: z ≤ 0 {all} (largest z = {}), so ReLU′ = 0 and its weights get no gradient",
                u + 1,
                l + 1,
                crate::notation::number::format(value, 6)
            ),
            INACTIVE_ADVICE,
        ),
        _ => (
            format!(
                "{} unit {} of layer {} is saturated: {}′(z) < {SATURATED} {all} (largest {value:.3e}), so little gradient passes through it",
                layer.activation.name(),
                u + 1,
                l + 1,
                crate::notation::phi(layer.activation)
            ),
            SATURATED_ADVICE,
        ),
    };
    Finding { kind, layer: Some(l + 1), unit: Some(u + 1), value, message, advice: advice.to_string() }
}

/// The units `these` (unit from 0, largest z or φ′) of layer `l`, in one state, as one finding:
/// how many, which (the first few), and the largest value among them.
fn layer_finding(step: &Step, l: usize, kind: Kind, these: &[(usize, f64)], all: &str) -> Finding {
    let layer = &step.network.layers[l];
    let first: Vec<String> = these.iter().take(5).map(|(u, _)| (u + 1).to_string()).collect();
    let which = match these.len() > 5 {
        true => format!("units {} and {} more", first.join(", "), these.len() - 5),
        false => format!("units {}", first.join(", ")),
    };
    let (n, of) = (these.len(), layer.neurons());
    let value = these.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max);
    let (message, advice) = match kind {
        Kind::InactiveRelu => (
            format!(
                "{n} of {of} ReLU units of layer {} are inactive ({which}): z ≤ 0 {all} (largest z = {}), so ReLU′ = 0 and their weights get no gradient",
                l + 1,
                crate::notation::number::format(value, 6)
            ),
            INACTIVE_ADVICE,
        ),
        _ => (
            format!(
                "{n} of {of} {} units of layer {} are saturated ({which}): {}′(z) < {SATURATED} {all} (largest {value:.3e}), so little gradient passes through them",
                layer.activation.name(),
                l + 1,
                crate::notation::phi(layer.activation)
            ),
            SATURATED_ADVICE,
        ),
    };
    Finding { kind, layer: Some(l + 1), unit: None, value, message, advice: advice.to_string() }
}

/// Vanishing or exploding gradients: ‖∂L/∂W[1]‖ / ‖∂L/∂W[L]‖ beyond [1/RATIO, RATIO].
fn gradient_ratio(step: &Step) -> Option<Finding> {
    let depth = step.network.layers.len();
    if depth < 2 {
        return None;
    }
    let first = step.layers[0].grad_weights.norm();
    let last = step.layers[depth - 1].grad_weights.norm();
    if !(last > 0.0 && first.is_finite() && last.is_finite()) {
        return None;
    }
    let ratio = first / last;
    let (kind, word, advice) = if ratio < 1.0 / RATIO {
        (
            Kind::VanishingGradient,
            "vanishing",
            "use relu in hidden layers, xavier/he initialisation, or fewer layers",
        )
    } else if ratio > RATIO {
        (
            Kind::ExplodingGradient,
            "exploding",
            "use smaller initial weights, a smaller learning rate, or normalise the inputs",
        )
    } else {
        return None;
    };
    Some(Finding {
        kind,
        layer: None,
        unit: None,
        value: ratio,
        message: format!(
            "{word} gradients: ‖∂L/∂W[1]‖ / ‖∂L/∂W[{depth}]‖ = {ratio:.3e} (‖∂L/∂W[1]‖ = {first:.3e}, ‖∂L/∂W[{depth}]‖ = {last:.3e})"
        ),
        advice: advice.to_string(),
    })
}

/// Where `nn.BCELoss`'s clamps bite (a log below −100, ŷ(1 − ŷ) below 1e-12 in its gradient),
/// what it would report instead of the chain rule's value that nettrace computes.
fn bce_clamped(step: &Step) -> Option<Finding> {
    let out = &step.layers[step.depth() - 1];
    let y = &step.samples.targets;
    let bites = |p: f64, t: f64| {
        p * (1.0 - p) < BCE_EPSILON
            || (t > 0.0 && libm::log(p) < BCE_LOG_FLOOR)
            || (t < 1.0 && libm::log(1.0 - p) < BCE_LOG_FLOOR)
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
