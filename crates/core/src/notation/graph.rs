//! The labels of the computational graph, in the same notation as the tables: each node's symbol
//! and how it is computed, each forward edge's local derivative and each backward edge's gradient.

use super::{formula, phi, subscript, symbol};
use crate::nn::activation::Activation;
use crate::step::{Quantity, Step};

/// A node's label: `a[0] = x`, `W[1]`, `z[1] = a[0]·W[1]ᵀ + b[1]`, `a[2] = ŷ = σ(z[2])`, `L = bce`.
pub fn node(step: &Step, q: Quantity) -> String {
    use Quantity::*;
    match q {
        Input | Z(_) => formula(step, q),
        A(l) => {
            let name = if l == step.depth() { format!("a[{l}] = ŷ") } else { symbol(q) };
            format!("{name} = {}(z[{l}])", phi(step.network.layers[l - 1].activation))
        }
        Loss => format!("L = {}", step.network.loss.name()),
        _ => symbol(q),
    }
}

/// The label of one scalar's node, at `column` of `row` of [`Step::value`] (a vector's entries
/// are in row 0; a weight's row and column are the file's): `x₂`, `W[1]₁₂`, `z[1]₂ = +`,
/// `a[1]₂ = relu`, `y₁`.
pub fn entry(step: &Step, q: Quantity, row: usize, column: usize) -> String {
    use Quantity::*;
    let (r, c) = (subscript(row + 1), subscript(column + 1));
    match q {
        Input => format!("x{c}"),
        Target => format!("y{c}"),
        Weights(l) => format!("W[{l}]{r}{c}"),
        Z(l) => format!("z[{l}]{c} = +"),
        A(l) => format!("a[{l}]{c} = {}", phi(step.network.layers[l - 1].activation)),
        Loss => node(step, q),
        _ => format!("{}{c}", symbol(q)),
    }
}

/// The local derivative ∂`of`/∂`wrt` of a forward edge: `∂z[1]/∂a[0] = W[1]`,
/// `∂a[1]/∂z[1] = relu′(z[1])`, `∂L/∂ŷ`, `δ[2] = ∂L/∂z[2]`.
pub fn local(step: &Step, of: Quantity, wrt: Quantity) -> String {
    use Quantity::*;
    let part = format!("∂{}/∂{}", symbol(of), symbol(wrt));
    match (of, wrt) {
        (Z(l), Weights(_)) => format!("{part} = {}", symbol(if l == 1 { Input } else { A(l - 1) })),
        (Z(_), Bias(_)) => format!("{part} = 1"),
        (Z(l), _) => format!("{part} = {}", symbol(Weights(l))),
        (A(l), _) if step.network.layers[l - 1].activation == Activation::Softmax => {
            "∂a/∂z = diag(a) − a·aᵀ".into()
        }
        (A(l), _) => format!("{part} = {}", super::phi_prime(step.network.layers[l - 1].activation, l)),
        (Loss, Z(l)) => format!("{} = {part}", symbol(Delta(l))),
        (Loss, _) => symbol(GradOutput),
        _ => part,
    }
}

/// The gradient a backward edge carries: `δ[1] = ∂L/∂z[1]`, `∂L/∂ŷ`, or the gradient's formula.
pub fn carried(step: &Step, q: Quantity) -> String {
    match q {
        Quantity::Delta(l) => format!("{} = ∂L/∂{}", symbol(q), symbol(Quantity::Z(l))),
        Quantity::GradOutput => symbol(q),
        _ => formula(step, q),
    }
}
