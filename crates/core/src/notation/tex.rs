//! The notation in TeX, for Markdown and LaTeX: each quantity's symbol and formula, written for
//! the step's layout, batch, loss and activations, as a worked solution shows them.
//!
//! Each formula is the tree of [`formulas`] printed. Orientation follows [`Form`]: a worked
//! solution of one sample in `out_in` writes vectors as columns and z = W·a + b; otherwise they
//! are rows (one row per sample), so `out_in` is written z = a·Wᵀ + b.

use super::expr::{Expr, Over, Params, Sym};
use super::formulas::{self, Form};
use crate::nn::activation::Activation;
use crate::step::{Quantity, Step};

/// η.
pub const LEARNING_RATE: &str = "\\eta";

/// A symbol of layer `l`: `z^{[1]}`.
fn layer(name: &str, l: usize) -> String {
    format!("{name}^{{[{l}]}}")
}

/// ∂L/∂`of`.
fn grad(of: &str) -> String {
    format!("\\frac{{\\partial L}}{{\\partial {of}}}")
}

/// φ as TeX.
pub fn phi(a: Activation) -> &'static str {
    match a {
        Activation::Identity => "\\operatorname{id}",
        Activation::Relu => "\\operatorname{relu}",
        Activation::LeakyRelu { .. } => "\\operatorname{leaky\\_relu}",
        Activation::Sigmoid => "\\sigma",
        Activation::Tanh => "\\tanh",
        Activation::Softmax => "\\operatorname{softmax}",
    }
}

/// The quantity's symbol: `z^{[1]}`, `\delta^{[2]}`, `\frac{\partial L}{\partial W^{[1]}}`.
pub fn symbol(q: Quantity) -> String {
    use Quantity::*;
    match q {
        Input => "a^{[0]}".into(),
        Target => "y".into(),
        Weights(l) | NewWeights(l) => layer("W", l),
        Bias(l) | NewBias(l) => layer("b", l),
        Z(l) => layer("z", l),
        A(l) => layer("a", l),
        PhiPrime(l) => format!("\\phi'({})", layer("z", l)),
        Loss => "L".into(),
        GradOutput => grad("\\hat{y}"),
        GradA(l) => grad(&layer("a", l)),
        Delta(l) => layer("\\delta", l),
        GradWeights(l) => grad(&layer("W", l)),
        GradBias(l) => grad(&layer("b", l)),
        LossAfter => "L_{\\text{after}}".into(),
    }
}

/// The left-hand side of the quantity's equation: its symbol, with the input named x and the
/// output ŷ (`\hat{y} = a^{[2]}`).
pub fn lhs(step: &Step, q: Quantity) -> String {
    match q {
        Quantity::Input => "a^{[0]} = x".into(),
        Quantity::A(l) if l == step.depth() => format!("\\hat{{y}} = {}", layer("a", l)),
        _ => symbol(q),
    }
}

/// `\leftarrow` for a parameter the update changes, `=` otherwise.
pub fn relation(step: &Step, q: Quantity) -> &'static str {
    match q {
        Quantity::NewWeights(_) => "\\leftarrow",
        Quantity::NewBias(l) if step.network.layers[l - 1].trainable_bias => "\\leftarrow",
        _ => "=",
    }
}

/// How `q` is computed in `step`, as TeX, written as a worked solution typesets it (columns
/// for one sample in `out_in`).
pub fn formula(step: &Step, q: Quantity) -> String {
    formula_in(step, q, Form::typeset(step))
}

/// How `q` is computed in `step`, as TeX, in `form`: each right-hand side, the definition it
/// uses, and for φ′ the derivative named first.
pub fn formula_in(step: &Step, q: Quantity, form: Form) -> String {
    let f = formulas::formula(step, q, form);
    let mut chain: Vec<String> = Vec::new();
    if let (Quantity::PhiPrime(_), Some(lhs)) = (q, &f.lhs) {
        chain.push(expr(lhs));
    }
    chain.extend(f.rhs.iter().map(expr));
    if chain.is_empty() {
        return symbol(q);
    }
    let mut text = chain.join(" = ");
    if let Some((a, b)) = &f.given {
        text.push_str(&format!(", \\quad {} = {}", expr(a), expr(b)));
    }
    text
}

/// A symbol: `z^{[1]}`, `\frac{\partial L}{\partial W^{[2]}}`, `\hat{y}`.
pub fn sym(s: Sym) -> String {
    match s {
        Sym::X => "x".into(),
        Sym::Y => "y".into(),
        Sym::YHat => "\\hat{y}".into(),
        Sym::Z(l) => layer("z", l),
        Sym::ZOut => "z^{[L]}".into(),
        Sym::A(l) => layer("a", l),
        Sym::W(l) => layer("W", l),
        Sym::B(l) => layer("b", l),
        Sym::Delta(l) => layer("\\delta", l),
        Sym::GradOut => grad("\\hat{y}"),
        Sym::GradA(l) => grad(&layer("a", l)),
        Sym::GradW(l) => grad(&layer("W", l)),
        Sym::GradB(l) => grad(&layer("b", l)),
        Sym::Loss => "L".into(),
        Sym::Eta => LEARNING_RATE.into(),
        Sym::N => "N".into(),
        Sym::K => "K".into(),
        Sym::V => "v".into(),
        Sym::M => "m".into(),
        Sym::MHat => "\\hat{m}".into(),
        Sym::VHat => "\\hat{v}".into(),
        Sym::Eps => "\\epsilon".into(),
        Sym::T => "t".into(),
    }
}

/// The subscript of what a sum or an entry runs over.
pub(crate) fn over(o: Over) -> String {
    match o {
        Over::K => "k".into(),
        Over::N => "n".into(),
        Over::NK => "{nk}".into(),
        Over::Unit(i) => format!("{{{i}}}"),
        Over::KUnit(i) => format!("{{k{i}}}"),
        Over::UnitK(i) => format!("{{{i}k}}"),
    }
}

/// `e` in parentheses when `wrap`.
fn wrapped(e: &Expr, wrap: bool) -> String {
    if wrap { format!("({})", expr(e)) } else { expr(e) }
}

/// True where TeX writes a fraction: a gradient's symbol or a quotient.
fn fraction(e: &Expr) -> bool {
    matches!(e, Expr::Div(..) | Expr::Sym(Sym::GradOut | Sym::GradA(_) | Sym::GradW(_) | Sym::GradB(_)))
}

/// True for a count a mean divides by: N, K, N·K.
fn count(e: &Expr) -> bool {
    match e {
        Expr::Sym(Sym::N | Sym::K) => true,
        Expr::Mul(a, b) => count(a) && count(b),
        _ => false,
    }
}

/// True for a symbol that takes a superscript as it is (no layer's `^{[l]}` already).
fn bare(e: &Expr) -> bool {
    matches!(e, Expr::Entry(..) | Expr::Num(_) | Expr::Sym(Sym::X | Sym::Y | Sym::YHat | Sym::N | Sym::K))
}

/// `a` over a count `d`, the count written as a coefficient: `\frac{2}{K}(\hat{y} - y)`.
fn mean(a: &Expr, d: &Expr) -> String {
    let d = expr(d);
    match a {
        Expr::Scale(c, x) => format!("\\frac{{{}}}{{{d}}}{}", expr(c), wrapped(x, x.is_sum())),
        Expr::Div(..) => format!("\\frac{{1}}{{{d}}} {}", expr(a)),
        a if a.is_sum() => format!("\\frac{{1}}{{{d}}}({})", expr(a)),
        a => format!("\\frac{{{}}}{{{d}}}", expr(a)),
    }
}

/// True for what needs no parentheses here: an atom, or a named value written by its name.
fn atom(e: &Expr) -> bool {
    matches!(e, Expr::Named(..)) || e.is_atom()
}

/// An expression.
pub fn expr(e: &Expr) -> String {
    match e {
        // A worked solution computes the named value on the line before: written by its name.
        Expr::Named(s, _) => sym(*s),
        Expr::Sym(s) => sym(*s),
        Expr::Entry(s, o) => format!("{}_{}", sym(*s), over(*o)),
        Expr::Num(x) => x.to_string(),
        Expr::Half => "\\frac{1}{2}".into(),
        Expr::Add(a, b) => format!("{} + {}", expr(a), expr(b)),
        Expr::Sub(a, b) => format!("{} - {}", expr(a), wrapped(b, b.is_sum())),
        Expr::Neg(a) => format!("-{}", wrapped(a, a.is_sum())),
        Expr::Dot(a, b) => format!("{} {}", wrapped(a, a.is_sum()), wrapped(b, b.is_sum())),
        Expr::Mul(a, b) => {
            let gap = if fraction(b) { " \\, " } else { " " };
            format!("{}{gap}{}", wrapped(a, a.is_sum()), wrapped(b, b.is_sum()))
        }
        Expr::Scale(c, x) if x.is_sum() => format!("{}({})", expr(c), expr(x)),
        Expr::Scale(c, x) => format!("{} {}", expr(c), expr(x)),
        // φ′ = 1 for the identity: the factor is left out.
        Expr::Hadamard(a, b) if matches!(**b, Expr::PhiPrime(Activation::Identity, _)) => expr(a),
        Expr::Hadamard(a, b) => format!("{} \\circ {}", wrapped(a, !atom(a)), wrapped(b, !atom(b))),
        Expr::Div(a, d) if count(d) => mean(a, d),
        Expr::Div(a, b) => format!("\\frac{{{}}}{{{}}}", expr(a), expr(b)),
        Expr::T(a) => format!("({})^{{\\top}}", expr(a)),
        Expr::Square(a) => format!("{}^2", wrapped(a, !bare(a))),
        Expr::Pow(a, s) => format!("{}^{{{}}}", wrapped(a, !bare(a)), sym(*s)),
        Expr::Sqrt(a) => format!("\\sqrt{{{}}}", expr(a)),
        Expr::Log(a) if a.is_atom() => format!("\\log {}", expr(a)),
        Expr::Log(a) => format!("\\log({})", expr(a)),
        Expr::Sum(Over::NK, body) => sum("{n,k}", body),
        Expr::Sum(o, body) => sum(&over(*o), body),
        Expr::Phi(f, x) => format!("{}({})", phi(*f), expr(x)),
        Expr::PhiPrime(f, x) => format!("{}'({})", phi(*f), expr(x)),
        Expr::Step(z, slope) => format!("1 \\text{{ where }} {} > 0 \\text{{, else }} {slope}", expr(z)),
        Expr::SoftmaxJacobian(l, g, true) => format!(
            "J_{{\\operatorname{{softmax}}}}({})^{{\\top}} {}",
            sym(Sym::Z(*l)),
            wrapped(g, !g.is_atom())
        ),
        Expr::SoftmaxJacobian(l, g, false) => {
            format!("{} \\, J_{{\\operatorname{{softmax}}}}({})", wrapped(g, !g.is_atom()), sym(Sym::Z(*l)))
        }
        Expr::LossWith(Params::Updated) => "L(\\text{forward pass with the new parameters})".into(),
    }
}

/// `\sum_o body`, a sum of terms in brackets.
fn sum(o: &str, body: &Expr) -> String {
    if body.is_sum() {
        format!("\\sum_{o} \\left[ {} \\right]", expr(body))
    } else {
        format!("\\sum_{o} {}", expr(body))
    }
}
