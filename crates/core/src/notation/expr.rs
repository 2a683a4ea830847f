//! A formula as data: a small expression tree of the step's symbols, which the printers
//! ([`unicode`](super::unicode), [`tex`](super::tex), [`mathml`](super::mathml),
//! [`substituted`](super::substituted)) write and [`eval`](super::eval) computes.
//!
//! ```
//! use nettrace_core::notation::expr::{Expr, Sym};
//! use nettrace_core::notation::unicode;
//!
//! // z[1] = a[0]·W[1]ᵀ + b[1]
//! let z = Expr::Sym(Sym::A(0)).dot(Expr::Sym(Sym::W(1)).t()).plus(Expr::Sym(Sym::B(1)));
//! assert_eq!(unicode::expr(&z), "a[0]·W[1]ᵀ + b[1]");
//! ```

use crate::nn::activation::Activation;

/// A symbol of the step, with its layer where it has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sym {
    /// x, the input.
    X,
    /// y, the target.
    Y,
    /// ŷ, the output `a[L]`.
    YHat,
    Z(usize),
    /// `z[L]`, the output layer's z named by its letter.
    ZOut,
    /// `a[l]`; `a[0]` is the input.
    A(usize),
    W(usize),
    B(usize),
    Delta(usize),
    /// ∂L/∂ŷ.
    GradOut,
    /// `∂L/∂a[l]`.
    GradA(usize),
    GradW(usize),
    GradB(usize),
    /// L.
    Loss,
    /// η.
    Eta,
    /// N, the number of samples.
    N,
    /// K, the number of outputs.
    K,
    /// An optimizer's running average: v (momentum's velocity, Adam's second moment) or m.
    V,
    M,
    /// Adam's bias-corrected moments m̂ and v̂.
    MHat,
    VHat,
    /// ε.
    Eps,
    /// t, the optimizer's step, counted from 1.
    T,
}

/// What a sum or a subscript runs over: the outputs k, the samples n, or both; or, for an
/// entry, one unit i (counted from 1: `z[1]₂`), or a weight's row over k of unit i (`W[2]ₖ₂` in
/// out_in, `W[2]₂ₖ` in in_out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    K,
    N,
    NK,
    Unit(usize),
    KUnit(usize),
    UnitK(usize),
}

/// Which parameters a loss is computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Params {
    Updated,
}

/// An expression. Products are matrix products (`·`), element-wise ones (`∘`, and `Mul` where
/// one side is a number or both are entries), or a coefficient written before its operand
/// (`Scale`: `2(ŷ − y)`, `(1/N) Σₙ …`).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Sym(Sym),
    /// An entry of a symbol: `ŷₖ`, `δ[1]ₙ`.
    Entry(Sym, Over),
    Num(f64),
    /// ½.
    Half,
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    /// The matrix product `·`.
    Dot(Box<Expr>, Box<Expr>),
    /// An element-wise product written `·` (a number times a matrix, or entries).
    Mul(Box<Expr>, Box<Expr>),
    /// A coefficient before its operand, element-wise.
    Scale(Box<Expr>, Box<Expr>),
    /// The element-wise product ∘.
    Hadamard(Box<Expr>, Box<Expr>),
    /// An element-wise fraction.
    Div(Box<Expr>, Box<Expr>),
    /// ᵀ.
    T(Box<Expr>),
    Square(Box<Expr>),
    /// A power whose exponent is a symbol: β₁ᵗ.
    Pow(Box<Expr>, Sym),
    Sqrt(Box<Expr>),
    Log(Box<Expr>),
    Sum(Over, Box<Expr>),
    /// φ(x).
    Phi(Activation, Box<Expr>),
    /// φ′(x).
    PhiPrime(Activation, Box<Expr>),
    /// 1 where x > 0, else the slope: ReLU's and leaky ReLU's derivative.
    Step(Box<Expr>, f64),
    /// Softmax's Jacobian at layer l applied to g, sample by sample, in the order the vectors'
    /// orientation multiplies: `J_softmax(z[l])ᵀ·g` for columns (`true`), `g·J_softmax(z[l])`
    /// for rows of samples.
    SoftmaxJacobian(usize, Box<Expr>, bool),
    /// L computed with other parameters.
    LossWith(Params),
    /// An expression that is the value of a symbol computed before: `W[2]ᵀ·δ[2]`, which is
    /// `∂L/∂a[1]`. Printed as the expression; a substitution writes the symbol's value.
    Named(Sym, Box<Expr>),
}

impl Expr {
    pub fn plus(self, b: Expr) -> Expr {
        Expr::Add(Box::new(self), Box::new(b))
    }
    pub fn minus(self, b: Expr) -> Expr {
        Expr::Sub(Box::new(self), Box::new(b))
    }
    pub fn negated(self) -> Expr {
        Expr::Neg(Box::new(self))
    }
    pub fn dot(self, b: Expr) -> Expr {
        Expr::Dot(Box::new(self), Box::new(b))
    }
    pub fn times(self, b: Expr) -> Expr {
        Expr::Mul(Box::new(self), Box::new(b))
    }
    pub fn scale(self, b: Expr) -> Expr {
        Expr::Scale(Box::new(self), Box::new(b))
    }
    pub fn hadamard(self, b: Expr) -> Expr {
        Expr::Hadamard(Box::new(self), Box::new(b))
    }
    pub fn over(self, b: Expr) -> Expr {
        Expr::Div(Box::new(self), Box::new(b))
    }
    pub fn t(self) -> Expr {
        Expr::T(Box::new(self))
    }
    pub fn square(self) -> Expr {
        Expr::Square(Box::new(self))
    }
    pub fn pow(self, exponent: Sym) -> Expr {
        Expr::Pow(Box::new(self), exponent)
    }
    pub fn sqrt(self) -> Expr {
        Expr::Sqrt(Box::new(self))
    }
    pub fn log(self) -> Expr {
        Expr::Log(Box::new(self))
    }
    pub fn sum(self, over: Over) -> Expr {
        Expr::Sum(over, Box::new(self))
    }
    pub fn phi(self, f: Activation) -> Expr {
        Expr::Phi(f, Box::new(self))
    }
    pub fn phi_prime(self, f: Activation) -> Expr {
        Expr::PhiPrime(f, Box::new(self))
    }

    /// True for a sum or difference, which an operand of a product writes in parentheses.
    pub(crate) fn is_sum(&self) -> bool {
        match self {
            Expr::Named(_, e) => e.is_sum(),
            e => matches!(e, Expr::Add(..) | Expr::Sub(..)),
        }
    }

    /// True for what needs no parentheses anywhere: a symbol, an entry, a number, a function
    /// applied to its argument.
    pub(crate) fn is_atom(&self) -> bool {
        if let Expr::Named(_, e) = self {
            return e.is_atom();
        }
        matches!(
            self,
            Expr::Sym(_)
                | Expr::Entry(..)
                | Expr::Num(_)
                | Expr::Half
                | Expr::Phi(..)
                | Expr::PhiPrime(..)
                | Expr::Sqrt(_)
                | Expr::LossWith(_)
        )
    }
}

/// The symbol `s` as an expression.
pub fn sym(s: Sym) -> Expr {
    Expr::Sym(s)
}

/// The number `x` as an expression.
pub fn num(x: f64) -> Expr {
    Expr::Num(x)
}
