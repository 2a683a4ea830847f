//! Formulas as MathML Core, which browsers render natively, printed from the same trees as the
//! TeX ([`super::tex`]) and with the Unicode text ([`super::unicode`]) as their alt text.
//!
//! ```
//! use nettrace_core::notation::expr::{Expr, Sym};
//! use nettrace_core::notation::mathml;
//!
//! assert_eq!(mathml::expr(&Expr::Sym(Sym::Eta)), "<mi>η</mi>");
//! ```

use super::escape::html;
use super::expr::{Expr, Over, Params, Sym};
use super::formulas::{self, Form, Relation};
use crate::nn::activation::Activation;
use crate::step::{Quantity, Step};

/// A formula for a page: its MathML elements (without the `<math>` around them) and the same
/// formula as plain text, for readers that do not render MathML and for copying.
#[derive(Debug, Clone, PartialEq)]
pub struct Math {
    pub mathml: String,
    pub alt: String,
}

impl Math {
    /// `<math>` holding the formula, its alt text in `alttext`.
    pub fn element(&self) -> String {
        format!("<math alttext=\"{}\">{}</math>", html(&self.alt), self.mathml)
    }
}

/// The equation of `q` in `step`, over rows of samples as the page's tables show it:
/// `z[1] = a[0]·W[1]ᵀ + b[1]`, its symbol first (`ŷ = a[2]` for the output).
pub fn equation(step: &Step, q: Quantity) -> Math {
    let form = Form::rows(step);
    let f = formulas::formula(step, q, form);
    let mut parts = vec![lhs(step, q)];
    if let (Quantity::PhiPrime(_), Some(named)) = (q, &f.lhs) {
        parts.push(expr(named));
    }
    parts.extend(f.rhs.iter().map(expr));
    let relation = match f.relation {
        Relation::Becomes if !f.unchanged => "<mo>←</mo>",
        _ => "<mo>=</mo>",
    };
    let (first, rest) = parts.split_at(1);
    let mut mathml = first[0].clone();
    for (i, p) in rest.iter().enumerate() {
        mathml.push_str(if i == 0 { relation } else { "<mo>=</mo>" });
        mathml.push_str(p);
    }
    if let Some((a, b)) = &f.given {
        mathml.push_str(&format!(
            "<mo>,</mo><mspace width=\"1em\"></mspace>{}<mo>=</mo>{}",
            expr(a),
            expr(b)
        ));
    }
    Math { mathml, alt: super::formula(step, q) }
}

/// A symbol alone, with its alt text: `W[1]`.
pub fn symbol(step: &Step, q: Quantity, alt: &str) -> Math {
    Math { mathml: lhs(step, q), alt: alt.into() }
}

/// The left-hand side: the quantity's symbol, with the input named x and the output ŷ.
fn lhs(step: &Step, q: Quantity) -> String {
    let s = |s: Sym| sym(s);
    use Quantity::*;
    match q {
        Input => format!("{}<mo>=</mo><mi>x</mi>", s(Sym::A(0))),
        Target => s(Sym::Y),
        Weights(l) | NewWeights(l) => s(Sym::W(l)),
        Bias(l) | NewBias(l) => s(Sym::B(l)),
        Z(l) => s(Sym::Z(l)),
        A(l) if l == step.depth() => format!("{}<mo>=</mo>{}", s(Sym::YHat), s(Sym::A(l))),
        A(l) => s(Sym::A(l)),
        PhiPrime(l) => format!("<mi>φ</mi>{PRIME}{}", paren(&s(Sym::Z(l)))),
        Loss => s(Sym::Loss),
        GradOutput => s(Sym::GradOut),
        GradA(l) => s(Sym::GradA(l)),
        Delta(l) => s(Sym::Delta(l)),
        GradWeights(l) => s(Sym::GradW(l)),
        GradBias(l) => s(Sym::GradB(l)),
        LossAfter => "<msub><mi>L</mi><mtext>after</mtext></msub>".into(),
    }
}

/// A prime beside its letter at full size: as a superscript, Chromium draws it raised twice and
/// tiny.
const PRIME: &str = "<mo lspace=\"0\" rspace=\"0\">′</mo>";

/// A thin space, as TeX puts around an operator name such as log.
const THIN: &str = "<mspace width=\"0.1667em\"></mspace>";

fn mi(s: &str) -> String {
    format!("<mi>{}</mi>", html(s))
}

fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}

/// Elements as one.
fn row(inner: &str) -> String {
    format!("<mrow>{inner}</mrow>")
}

/// `(inner)`, the parentheses as TeX sets them: the size of the text.
fn paren(inner: &str) -> String {
    format!("<mo stretchy=\"false\">(</mo>{inner}<mo stretchy=\"false\">)</mo>")
}

/// A symbol of layer `l`: z with a superscript [l].
fn layer(name: &str, l: &str) -> String {
    let index = format!("<mo stretchy=\"false\">[</mo>{l}<mo stretchy=\"false\">]</mo>");
    format!("<msup>{}{}</msup>", mi(name), row(&index))
}

fn hat(name: &str) -> String {
    // A small circumflex, not the stretched chevron `^` becomes over a letter.
    format!("<mover accent=\"true\">{}<mo stretchy=\"false\">ˆ</mo></mover>", mi(name))
}

fn grad(of: &str) -> String {
    format!("<mfrac>{}{}</mfrac>", row("<mi>∂</mi><mi>L</mi>"), row(&format!("<mi>∂</mi>{of}")))
}

/// A symbol.
pub fn sym(s: Sym) -> String {
    let n = |l: usize| format!("<mn>{l}</mn>");
    match s {
        Sym::X => mi("x"),
        Sym::Y => mi("y"),
        Sym::YHat => hat("y"),
        Sym::Z(l) => layer("z", &n(l)),
        Sym::ZOut => layer("z", "<mi>L</mi>"),
        Sym::A(l) => layer("a", &n(l)),
        Sym::W(l) => layer("W", &n(l)),
        Sym::B(l) => layer("b", &n(l)),
        Sym::Delta(l) => layer("δ", &n(l)),
        Sym::GradOut => grad(&hat("y")),
        Sym::GradA(l) => grad(&layer("a", &n(l))),
        Sym::GradW(l) => grad(&layer("W", &n(l))),
        Sym::GradB(l) => grad(&layer("b", &n(l))),
        Sym::Loss => mi("L"),
        Sym::Eta => mi("η"),
        Sym::N => mi("N"),
        Sym::K => mi("K"),
        Sym::V => mi("v"),
        Sym::M => mi("m"),
        Sym::MHat => hat("m"),
        Sym::VHat => hat("v"),
        Sym::Eps => mi("ε"),
        Sym::T => mi("t"),
    }
}

fn over(o: Over) -> String {
    match o {
        Over::K => mi("k"),
        Over::N => mi("n"),
        Over::NK => row("<mi>n</mi><mi>k</mi>"),
        Over::Unit(i) => format!("<mn>{i}</mn>"),
        Over::KUnit(i) => row(&format!("<mi>k</mi><mn>{i}</mn>")),
        Over::UnitK(i) => row(&format!("<mn>{i}</mn><mi>k</mi>")),
    }
}

fn wrapped(e: &Expr, wrap: bool) -> String {
    if wrap { paren(&expr(e)) } else { expr(e) }
}

/// φ's name.
fn phi(f: Activation) -> String {
    mi(super::phi(f))
}

/// True for a count a mean divides by: N, K, N·K.
fn count(e: &Expr) -> bool {
    match e {
        Expr::Sym(Sym::N | Sym::K) => true,
        Expr::Mul(a, b) => count(a) && count(b),
        _ => false,
    }
}

/// `a` over a count `d`, the count written as a coefficient, as the TeX writes it.
fn mean(a: &Expr, d: &Expr) -> String {
    let over = |top: String| format!("<mfrac>{top}{}</mfrac>", row(&expr(d)));
    match a {
        Expr::Scale(c, x) => format!("{}{}", over(expr(c)), wrapped(x, x.is_sum())),
        a if a.is_sum() => format!("{}{}", over("<mn>1</mn>".into()), paren(&expr(a))),
        Expr::Div(..) => format!("{}{}", over("<mn>1</mn>".into()), expr(a)),
        a => over(row(&expr(a))),
    }
}

/// An expression's elements.
pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Named(_, e) => expr(e),
        Expr::Sym(s) => sym(*s),
        Expr::Entry(s, o) => format!("<msub>{}{}</msub>", sym(*s), over(*o)),
        Expr::Num(x) => format!("<mn>{x}</mn>"),
        Expr::Half => "<mfrac><mn>1</mn><mn>2</mn></mfrac>".into(),
        Expr::Add(a, b) => format!("{}{}{}", expr(a), mo("+"), expr(b)),
        Expr::Sub(a, b) => format!("{}{}{}", expr(a), mo("−"), wrapped(b, b.is_sum())),
        Expr::Neg(a) => format!("{}{}", mo("−"), wrapped(a, a.is_sum())),
        Expr::Dot(a, b) | Expr::Mul(a, b) => format!("{}{}", wrapped(a, a.is_sum()), wrapped(b, b.is_sum())),
        Expr::Scale(c, x) => format!("{}{}", expr(c), wrapped(x, x.is_sum())),
        // φ′ = 1 for the identity: the factor is left out.
        Expr::Hadamard(a, b) if matches!(**b, Expr::PhiPrime(Activation::Identity, _)) => expr(a),
        Expr::Hadamard(a, b) => {
            format!("{}{}{}", wrapped(a, !a.is_atom()), mo("∘"), wrapped(b, !b.is_atom()))
        }
        Expr::Div(a, d) if count(d) => mean(a, d),
        Expr::Div(a, b) => format!("<mfrac>{}{}</mfrac>", row(&expr(a)), row(&expr(b))),
        Expr::T(a) => format!("<msup>{}<mi>⊤</mi></msup>", row(&paren(&expr(a)))),
        Expr::Square(a) => format!("<msup>{}<mn>2</mn></msup>", row(&wrapped(a, !a.is_atom()))),
        Expr::Pow(a, s) => format!("<msup>{}{}</msup>", row(&wrapped(a, !a.is_atom())), sym(*s)),
        Expr::Sqrt(a) => format!("<msqrt>{}</msqrt>", expr(a)),
        Expr::Log(a) => format!("{THIN}{}{THIN}{}", mi("log"), wrapped(a, !a.is_atom())),
        Expr::Sum(o, body) => {
            let body = if body.is_sum() { format!("<mo>[</mo>{}<mo>]</mo>", expr(body)) } else { expr(body) };
            let under = if *o == Over::NK { row("<mi>n</mi><mo>,</mo><mi>k</mi>") } else { over(*o) };
            format!("<msub><mo>∑</mo>{under}</msub>{body}")
        }
        Expr::Phi(f, x) => format!("{}{}", phi(*f), paren(&expr(x))),
        Expr::PhiPrime(f, x) => format!("{}{PRIME}{}", phi(*f), paren(&expr(x))),
        Expr::Step(z, slope) => format!(
            "<mn>1</mn><mtext>&#160;where&#160;</mtext>{}<mo>&gt;</mo><mn>0</mn><mtext>,&#160;else&#160;</mtext><mn>{slope}</mn>",
            expr(z)
        ),
        Expr::SoftmaxJacobian(l, g, true) => format!(
            "<msubsup><mi>J</mi><mi>softmax</mi><mi>⊤</mi></msubsup>{}{}",
            paren(&sym(Sym::Z(*l))),
            wrapped(g, !g.is_atom())
        ),
        Expr::SoftmaxJacobian(l, g, false) => format!(
            "{}<msub><mi>J</mi><mi>softmax</mi></msub>{}",
            wrapped(g, !g.is_atom()),
            paren(&sym(Sym::Z(*l)))
        ),
        Expr::LossWith(Params::Updated) => {
            format!("{}{}", mi("L"), paren("<mtext>forward pass with the new parameters</mtext>"))
        }
    }
}
