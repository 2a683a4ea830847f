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
use crate::step::{Quantity, Step};

/// The parameter asked about, as the user wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The layer number, from 1.
    pub layer: usize,
    /// `weights[row][column]` in the file's layout, or `bias[index]` (column none), from 0.
    pub row: usize,
    pub column: Option<usize>,
}

const SYNTAX: &str = "expected layers[L].weights[i][j] or layers[L].bias[i], with L the layer number from 1 and i, j counted from 0 as in the file";

/// Reads `layers[L].weights[i][j]` or `layers[L].bias[i]`.
pub fn parse_target(text: &str) -> Result<Target, Error> {
    let bad = || input(format!("--why '{}': {SYNTAX}", cut(text)));
    let rest = text.trim().strip_prefix("layers[").ok_or_else(bad)?;
    let (layer, rest) = rest.split_once("].").ok_or_else(bad)?;
    let layer: usize = layer.trim().parse().map_err(|_| bad())?;
    let index = |s: &str| -> Result<(usize, String), Error> {
        let s = s.strip_prefix('[').ok_or_else(bad)?;
        let (i, rest) = s.split_once(']').ok_or_else(bad)?;
        Ok((i.trim().parse().map_err(|_| bad())?, rest.to_string()))
    };
    if let Some(rest) = rest.strip_prefix("weights") {
        let (row, rest) = index(rest)?;
        let (column, rest) = index(&rest)?;
        if !rest.is_empty() {
            return Err(bad());
        }
        Ok(Target { layer, row, column: Some(column) })
    } else if let Some(rest) = rest.strip_prefix("bias") {
        let (row, rest) = index(rest)?;
        if !rest.is_empty() {
            return Err(bad());
        }
        Ok(Target { layer, row, column: None })
    } else {
        Err(bad())
    }
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
    if target.layer == 0 || target.layer > depth {
        return Err(fail(format!(
            "layers[{}] is out of range: the network has {} (numbered from 1)",
            target.layer,
            crate::notation::plural(depth, "layer")
        )));
    }
    let l = target.layer;
    let layer = &net.layers[l - 1];
    let stored = net.layout.store(&layer.weights);
    let (neuron, input_unit) = match target.column {
        Some(c) => {
            if target.row >= stored.nrows() || c >= stored.ncols() {
                return Err(fail(format!(
                    "layers[{l}].weights[{}][{c}] is out of range: the matrix is {}×{} ({})",
                    target.row,
                    stored.nrows(),
                    stored.ncols(),
                    net.layout.name()
                )));
            }
            match net.layout {
                Layout::OutIn => (target.row, Some(c)),
                Layout::InOut => (c, Some(target.row)),
            }
        }
        None => {
            if target.row >= layer.neurons() {
                return Err(fail(format!(
                    "layers[{l}].bias[{}] is out of range: layer {l} has {}",
                    target.row,
                    crate::notation::plural(layer.neurons(), "neuron")
                )));
            }
            (target.row, None)
        }
    };
    let rows = |q: Quantity| step.value(q).rows();
    let (z, delta) = (rows(Quantity::Z(l)), rows(Quantity::Delta(l)));
    let a_prev = rows(if l == 1 { Quantity::Input } else { Quantity::A(l - 1) });
    let phi = layer.activation;
    let phi_prime = (phi != Activation::Softmax).then(|| rows(Quantity::PhiPrime(l)));
    // ∂L/∂a[l]: from the loss at the output (none for softmax, taken whole), else from above.
    let grad_output = (l == depth && phi != Activation::Softmax).then(|| rows(Quantity::GradOutput));
    let above =
        (l < depth).then(|| (rows(Quantity::Delta(l + 1)), &net.layers[l].weights, rows(Quantity::GradA(l))));

    let mut samples = Vec::new();
    for n in 0..z.len() {
        let upstream = match (&grad_output, &above) {
            (Some(g), _) => Upstream::Loss { value: g[n][neuron] },
            (None, Some((d, w, grad_a))) => Upstream::Above {
                layer: l + 1,
                terms: (0..w.nrows()).map(|k| (k, d[n][k], w[(k, neuron)])).collect(),
                value: grad_a[n][neuron],
            },
            (None, None) => Upstream::Coupled,
        };
        let derivative = phi_prime.as_ref().map(|d| d[n][neuron]);
        let input = input_unit.map_or(1.0, |j| a_prev[n][j]);
        let delta = delta[n][neuron];
        samples.push(Chain { upstream, z: z[n][neuron], derivative, delta, input, product: delta * input });
    }
    let total = samples.iter().map(|c| c.product).sum();
    let traced = match target.column {
        Some(c) => rows(Quantity::GradWeights(l))[target.row][c],
        None => rows(Quantity::GradBias(l))[0][target.row],
    };
    Ok(Why {
        target,
        layout: net.layout,
        neuron,
        input: input_unit,
        value: match target.column {
            Some(c) => stored[(target.row, c)],
            None => layer.bias[target.row],
        },
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
    fn targets_parse_and_bad_ones_say_the_syntax() {
        assert_eq!(
            parse_target("layers[1].weights[0][1]").unwrap(),
            Target { layer: 1, row: 0, column: Some(1) }
        );
        assert_eq!(parse_target("layers[2].bias[0]").unwrap(), Target { layer: 2, row: 0, column: None });
        for bad in [
            "layers[1].weights[0]",
            "W[1]",
            "layers[x].bias[0]",
            "layers[1].bias[0][1]",
            "layers[1].gamma[0]",
        ] {
            let e = parse_target(bad).unwrap_err().to_string();
            assert!(e.contains(SYNTAX), "{e}");
        }
    }
}
