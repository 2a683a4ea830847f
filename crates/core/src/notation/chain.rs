//! The chain rule of one gradient entry, as `--why` writes it, built as expression trees of
//! entries (unit i counted from 1), so that the printers write each line and a test evaluates it:
//!
//! ```
//! use nettrace_core::nn::network::Layout;
//! use nettrace_core::notation::{chain, unicode};
//!
//! // ∂L/∂a[1]₂ = Σₖ δ[2]ₖ·W[2]₂ₖ: the δ of layer 2 through the weights out of unit 2.
//! let (lhs, rhs) = chain::from_above(1, 2, Layout::InOut);
//! assert_eq!(format!("{} = {}", unicode::expr(&lhs), unicode::expr(&rhs)), "∂L/∂a[1]₂ = Σₖ δ[2]ₖ·W[2]₂ₖ");
//! ```

use super::expr::{Expr, Over, Sym};
use crate::nn::activation::Activation;
use crate::nn::network::Layout;

/// Unit `i` of `s`: `z[1]₂`.
pub fn entry(s: Sym, i: usize) -> Expr {
    Expr::Entry(s, Over::Unit(i))
}

/// `∂L/∂a[l]ᵢ = Σₖ δ[l+1]ₖ·W[l+1]ₖᵢ` for a hidden layer l: the weights out of unit i are a
/// column of W[l+1] in out_in and a row in in_out.
pub fn from_above(l: usize, i: usize, layout: Layout) -> (Expr, Expr) {
    let w = match layout {
        Layout::OutIn => Over::KUnit(i),
        Layout::InOut => Over::UnitK(i),
    };
    let term = Expr::Entry(Sym::Delta(l + 1), Over::K).times(Expr::Entry(Sym::W(l + 1), w));
    (entry(Sym::GradA(l), i), term.sum(Over::K))
}

/// `∂L/∂a[L]ᵢ = ∂L/∂ŷᵢ` at the output layer L.
pub fn from_loss(l: usize, i: usize) -> (Expr, Expr) {
    (entry(Sym::GradA(l), i), entry(Sym::GradOut, i))
}

/// `φ′(z[l]ᵢ)`, the factor ∂a[l]ᵢ/∂z[l]ᵢ.
pub fn derivative(f: Activation, l: usize, i: usize) -> Expr {
    entry(Sym::Z(l), i).phi_prime(f)
}

/// `∂z[l]ᵢ/∂w`: the input `a[l−1]ⱼ` a weight multiplies, or 1 for a bias.
pub fn input(l: usize, j: Option<usize>) -> Expr {
    j.map_or(Expr::Num(1.0), |j| entry(Sym::A(l - 1), j))
}

/// `δ[l]ᵢ`, ∂L/∂z[l]ᵢ.
pub fn delta(l: usize, i: usize) -> Expr {
    entry(Sym::Delta(l), i)
}

/// The product of the factors for one sample: `∂L/∂a[l]ᵢ · φ′(z[l]ᵢ) · ∂z[l]ᵢ/∂w`, with
/// ∂L/∂a[l]ᵢ as `upstream` computes it; `δ[l]ᵢ · ∂z[l]ᵢ/∂w` where softmax takes ∂L/∂z whole
/// (`upstream` none).
pub fn product(upstream: Option<Expr>, f: Activation, l: usize, i: usize, j: Option<usize>) -> Expr {
    match upstream {
        Some(g) => g.times(derivative(f, l, i)).times(input(l, j)),
        None => delta(l, i).times(input(l, j)),
    }
}
