//! Why one gradient entry has the value it has: the chain rule for a single weight or bias,
//!
//! ∂L/∂w = ∂L/∂a[l]ᵢ · ∂a[l]ᵢ/∂z[l]ᵢ · ∂z[l]ᵢ/∂w,
//!
//! each factor with its value and where it comes from: ∂L/∂a from the loss (output layer) or
//! from the δ of the layer above through the weights out of unit i; ∂a/∂z = φ′(z); and ∂z/∂w
//! the input the weight multiplies (1 for a bias). For a batch the product is summed over the
//! samples. Every factor is read from the [`Step`]; plain data, which `render::why` writes.

use crate::error::{Error, input};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Layout;
use crate::notation::escape::cut;
use crate::notation::index::Parameter;
use crate::step::{Axis, Quantity, Step, View};

/// The parameter asked about: its layer from 1, its row and column in the matrix as the file
/// stores it from 0 (a bias: its unit as the row, no column).
pub type Target = Parameter;

/// Reads the parameter named in the math form (`W[2][1][1]`, `b[1][2]`, counted from 1) or as the
/// file's JSON path (`layers[1].weights[0][0]`, `layers[0].bias[1]`, counted from 0).
pub fn parse_target(text: &str) -> Result<Target, Error> {
    Parameter::parse(text).map_err(|e| input(format!("--why '{}': {e}", cut(text))))
}

/// Where ∂L/∂a[l]ᵢ comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Upstream {
    /// The output layer: ∂L/∂ŷᵢ from the loss.
    Loss { value: f64 },
    /// Softmax output: ∂L/∂z is taken whole (the outputs are coupled), so there is no separate
    /// ∂L/∂a·∂a/∂z; with cross-entropy it is (ŷ − y)/N.
    Coupled,
    /// A hidden layer: Σₖ δ[l+1]ₖ · W[l+1]ₖᵢ over the units k of the layer above: the terms
    /// (k, δ, w), and the step's ∂L/∂a[l]ᵢ they sum to.
    Above { layer: usize, terms: Vec<(usize, f64, f64)>, value: f64 },
}

/// The chain for one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub upstream: Upstream,
    /// z[l]ᵢ.
    pub z: f64,
    /// φ′(z[l]ᵢ), none for softmax.
    pub derivative: Option<f64>,
    /// δ[l]ᵢ = ∂L/∂z[l]ᵢ, as traced.
    pub delta: f64,
    /// ∂z[l]ᵢ/∂w: a[l−1]ⱼ for a weight, 1 for a bias.
    pub input: f64,
    /// δ[l]ᵢ · ∂z/∂w.
    pub product: f64,
}

/// The explanation of one gradient entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    pub target: Target,
    pub layout: Layout,
    /// The neuron i the parameter feeds, from 0.
    pub neuron: usize,
    /// The input j a weight reads (a[l−1]ⱼ), from 0; none for a bias.
    pub input: Option<usize>,
    /// The parameter's value before the step.
    pub value: f64,
    pub activation: Activation,
    pub output_layer: bool,
    pub loss: Loss,
    /// One chain per sample.
    pub samples: Vec<Chain>,
    /// Σ over samples of the products.
    pub total: f64,
    /// The gradient entry the step holds.
    pub traced: f64,
}

/// The chain of factors of `target` in `step`; `source` names the file in errors.
pub fn explain(step: &Step, target: Target, source: &str) -> Result<Why, Error> {
    let net = step.network;
    let depth = step.depth();
    let fail = |what: String| input(format!("{source}: --why: {what}"));
    target.check(net).map_err(fail)?;
    let l = target.layer;
    let layer = &net.layers[l - 1];
    let view = |q: Quantity| step.view(q);
    let weights = view(Quantity::Weights(l));
    // The file's row and column of a weight, as the unit it feeds and the input it reads.
    let (neuron, input_unit) = match target.column {
        Some(c) => {
            let along = |axis: Axis| if weights.axes().0 == Some(axis) { target.row } else { c };
            (along(Axis::Unit), Some(along(Axis::Input)))
        }
        None => (target.row, None),
    };
    let checked = "an entry of a parameter --why was checked against";
    let unit = |v: &View, n: usize, k: usize| v.get(&[(Axis::Sample, n), (Axis::Unit, k)]).expect(checked);
    let (z, delta) = (view(Quantity::Z(l)), view(Quantity::Delta(l)));
    let a_prev = view(if l == 1 { Quantity::Input } else { Quantity::A(l - 1) });
    let phi = layer.activation;
    let phi_prime = (phi != Activation::Softmax).then(|| view(Quantity::PhiPrime(l)));
    // ∂L/∂a[l]: from the loss at the output (none for softmax, taken whole), else from above.
    let grad_output = (l == depth && phi != Activation::Softmax).then(|| view(Quantity::GradOutput));
    let above = (l < depth)
        .then(|| (view(Quantity::Delta(l + 1)), view(Quantity::Weights(l + 1)), view(Quantity::GradA(l))));

    let mut samples = Vec::new();
    for n in 0..step.samples.len() {
        let upstream = match (&grad_output, &above) {
            (Some(g), _) => Upstream::Loss { value: unit(g, n, neuron) },
            (None, Some((d, w, grad_a))) => Upstream::Above {
                layer: l + 1,
                terms: (0..net.layers[l].neurons())
                    .map(|k| {
                        let w = w.get(&[(Axis::Unit, k), (Axis::Input, neuron)]).expect(checked);
                        (k, unit(d, n, k), w)
                    })
                    .collect(),
                value: unit(grad_a, n, neuron),
            },
            (None, None) => Upstream::Coupled,
        };
        let derivative = phi_prime.as_ref().map(|d| unit(d, n, neuron));
        let input = input_unit.map_or(1.0, |j| unit(&a_prev, n, j));
        let delta = unit(&delta, n, neuron);
        samples.push(Chain {
            upstream,
            z: unit(&z, n, neuron),
            derivative,
            delta,
            input,
            product: delta * input,
        });
    }
    let total = samples.iter().map(|c| c.product).sum();
    let parameter = |q: Quantity| {
        let index = [(Axis::Unit, neuron), (Axis::Input, input_unit.unwrap_or(0))];
        view(q).get(&index).expect(checked)
    };
    let (traced, value) = match input_unit {
        Some(_) => (parameter(Quantity::GradWeights(l)), parameter(Quantity::Weights(l))),
        None => (parameter(Quantity::GradBias(l)), parameter(Quantity::Bias(l))),
    };
    Ok(Why {
        target,
        layout: net.layout,
        neuron,
        input: input_unit,
        value,
        activation: phi,
        output_layer: l == depth,
        loss: net.loss,
        samples,
        total,
        traced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_in_both_forms_and_bad_ones_say_the_syntax() {
        let w = Target { layer: 1, row: 0, column: Some(1) };
        assert_eq!(parse_target("layers[0].weights[0][1]").unwrap(), w);
        assert_eq!(parse_target("W[1][1][2]").unwrap(), w);
        assert_eq!(parse_target("layers[1].bias[0]").unwrap(), Target { layer: 2, row: 0, column: None });
        assert_eq!(parse_target("b[2][1]").unwrap(), Target { layer: 2, row: 0, column: None });
        for bad in [
            "layers[1].weights[0]",
            "W[1]",
            "layers[x].bias[0]",
            "layers[1].bias[0][1]",
            "layers[1].gamma[0]",
        ] {
            let e = parse_target(bad).unwrap_err().to_string();
            assert!(e.starts_with(&format!("--why '{bad}': ")), "{e}");
            assert!(e.contains(crate::notation::index::SYNTAX), "{e}");
        }
    }
}
