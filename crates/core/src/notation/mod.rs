//! The notation: every formula built once as an expression tree ([`expr`], [`formulas`]), keyed
//! by quantity, layer, layout and whether the step is over one sample or a batch, and printed as
//! Unicode ([`unicode`]: tables, JSON, answer sheets, `--why`), TeX ([`tex`]: Markdown and
//! LaTeX), MathML ([`mathml`]: the pages, the Unicode as alt text) and with the step's numbers in
//! place of its symbols ([`substituted`]: worked solutions; [`pieces`] and [`explain`]: the step
//! page's explain panel); [`eval`] computes a tree from the
//! step's values, so that a test holds every formula to its numbers. Layers are numbered from 1;
//! `a[0]` is the input.
//!
//! [`symbol`] and [`formula`] write Unicode; [`graph`] labels the computational graph with them;
//! [`number`] formats numbers; [`escape`] makes the user's own text (names, descriptions, keys)
//! inert where it is written; [`index`] names entries: math counted from 1, JSON paths from 0,
//! paired.

pub mod chain;
pub mod escape;
pub mod eval;
pub mod explain;
mod explain_chain;
pub mod expr;
pub mod formulas;
pub mod graph;
pub mod index;
pub mod mathml;
pub mod number;
pub mod pieces;
pub mod shown;
pub mod substituted;
pub mod tex;
pub mod unicode;

use crate::nn::activation::Activation;
use crate::step::{Phase, Quantity, Step};
use formulas::Form;

/// φ's symbol in formulas: `a[1] = relu(z[1])`, `δ = … ∘ σ′(z)`.
pub fn phi(a: Activation) -> &'static str {
    match a {
        Activation::Identity => "id",
        Activation::Relu => "relu",
        Activation::LeakyRelu { .. } => "leaky_relu",
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Softmax => "softmax",
    }
}

/// "1 neuron", "2 neurons".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The heading of a phase.
pub fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Given => "Given",
        Phase::Forward => "Forward pass",
        Phase::Loss => "Loss",
        Phase::Backward => "Backward pass",
        Phase::Update => "Update",
    }
}

/// `n` as subscript digits, for an entry of a vector or matrix: 12 → ₁₂.
pub fn subscript(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// The quantity's symbol: `z[1]`, `δ[2]`, `∂L/∂W[1]`, `L`.
pub fn symbol(q: Quantity) -> String {
    use Quantity::*;
    match q {
        Input => "a[0]".into(),
        Target => "y".into(),
        Weights(l) | NewWeights(l) => format!("W[{l}]"),
        Bias(l) | NewBias(l) => format!("b[{l}]"),
        Z(l) => format!("z[{l}]"),
        A(l) => format!("a[{l}]"),
        PhiPrime(l) => format!("φ′(z[{l}])"),
        Loss => "L".into(),
        GradOutput => "∂L/∂ŷ".into(),
        GradA(l) => format!("∂L/∂a[{l}]"),
        Delta(l) => format!("δ[{l}]"),
        GradWeights(l) => format!("∂L/∂W[{l}]"),
        GradBias(l) => format!("∂L/∂b[{l}]"),
        LossAfter => "L after the update".into(),
    }
}

/// How `q` is computed in `step`, over rows of samples as tables show it:
/// `z[1] = a[0]·W[1]ᵀ + b[1]`.
pub fn formula(step: &Step, q: Quantity) -> String {
    unicode::formula(&formulas::formula(step, q, Form::rows(step)))
}

/// φ′(z[l]) with φ named: `relu′(z[1])`.
pub fn phi_prime(f: Activation, l: usize) -> String {
    unicode::expr(&expr::sym(expr::Sym::Z(l)).phi_prime(f))
}
