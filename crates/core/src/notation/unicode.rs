//! Formulas as Unicode text, for tables, `--json`'s `formula`, answer sheets and `--why`:
//! `z[1] = a[0]·W[1]ᵀ + b[1]`.

use super::expr::{Expr, Over, Params, Sym};
use super::formulas::{Formula, Relation};
use super::phi;

/// A symbol: `z[1]`, `∂L/∂W[2]`, `ŷ`.
pub fn sym(s: Sym) -> String {
    match s {
        Sym::X => "x".into(),
        Sym::Y => "y".into(),
        Sym::YHat => "ŷ".into(),
        Sym::Z(l) => format!("z[{l}]"),
        Sym::ZOut => "z[L]".into(),
        Sym::A(l) => format!("a[{l}]"),
        Sym::W(l) => format!("W[{l}]"),
        Sym::B(l) => format!("b[{l}]"),
        Sym::Delta(l) => format!("δ[{l}]"),
        Sym::GradOut => "∂L/∂ŷ".into(),
        Sym::GradA(l) => format!("∂L/∂a[{l}]"),
        Sym::GradW(l) => format!("∂L/∂W[{l}]"),
        Sym::GradB(l) => format!("∂L/∂b[{l}]"),
        Sym::Loss => "L".into(),
        Sym::Eta => "η".into(),
        Sym::N => "N".into(),
        Sym::K => "K".into(),
        Sym::V => "v".into(),
        Sym::M => "m".into(),
        Sym::MHat => "m̂".into(),
        Sym::VHat => "v̂".into(),
        Sym::Eps => "ε".into(),
        Sym::T => "t".into(),
    }
}

/// The subscript of what a sum or an entry runs over.
fn over(o: Over) -> String {
    match o {
        Over::K => "ₖ".into(),
        Over::N => "ₙ".into(),
        Over::NK => "ₙₖ".into(),
        Over::Unit(i) => super::subscript(i),
        Over::KUnit(i) => format!("ₖ{}", super::subscript(i)),
        Over::UnitK(i) => format!("{}ₖ", super::subscript(i)),
    }
}

/// `e` in parentheses when `wrap`.
fn wrapped(e: &Expr, wrap: bool) -> String {
    if wrap { format!("({})", expr(e)) } else { expr(e) }
}

/// An expression.
pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Named(_, e) => expr(e),
        Expr::Sym(s) => sym(*s),
        Expr::Entry(s, o) => format!("{}{}", sym(*s), over(*o)),
        Expr::Num(x) => x.to_string(),
        Expr::Half => "½".into(),
        Expr::Add(a, b) => format!("{} + {}", expr(a), expr(b)),
        Expr::Sub(a, b) => format!("{} − {}", expr(a), wrapped(b, b.is_sum())),
        Expr::Neg(a) => format!("−{}", wrapped(a, a.is_sum())),
        Expr::Dot(a, b) | Expr::Mul(a, b) => {
            format!("{}·{}", wrapped(a, a.is_sum()), wrapped(b, b.is_sum()))
        }
        Expr::Scale(c, x) => {
            let c = wrapped(c, matches!(**c, Expr::Div(..)));
            if x.is_sum() { format!("{c}({})", expr(x)) } else { format!("{c} {}", expr(x)) }
        }
        Expr::Hadamard(a, b) => format!("{} ∘ {}", wrapped(a, !a.is_atom()), wrapped(b, !b.is_atom())),
        Expr::Div(a, b) => format!("{}/{}", wrapped(a, a.is_sum()), wrapped(b, !b.is_atom())),
        Expr::T(a) => format!("{}ᵀ", wrapped(a, !a.is_atom())),
        Expr::Square(a) => format!("{}²", wrapped(a, !a.is_atom())),
        Expr::Pow(a, Sym::T) => format!("{}ᵗ", wrapped(a, !a.is_atom())),
        Expr::Pow(a, s) => format!("{}^{}", wrapped(a, !a.is_atom()), sym(*s)),
        Expr::Sqrt(a) => format!("√{}", wrapped(a, !a.is_atom())),
        Expr::Log(a) if a.is_atom() => format!("log {}", expr(a)),
        Expr::Log(a) => format!("log({})", expr(a)),
        Expr::Sum(o, body) if body.is_sum() => format!("Σ{} [{}]", over(*o), expr(body)),
        Expr::Sum(o, body) => format!("Σ{} {}", over(*o), expr(body)),
        Expr::Phi(f, x) => format!("{}({})", phi(*f), expr(x)),
        Expr::PhiPrime(f, x) => format!("{}′({})", phi(*f), expr(x)),
        Expr::Step(z, slope) => format!("1 where {} > 0, else {slope}", expr(z)),
        Expr::SoftmaxJacobian(l, g, true) => format!("J_softmax(z[{l}])ᵀ·{}", wrapped(g, !g.is_atom())),
        Expr::SoftmaxJacobian(l, g, false) => format!("{}·J_softmax(z[{l}])", wrapped(g, !g.is_atom())),
        Expr::LossWith(Params::Updated) => "L(θ after the update)".into(),
    }
}

/// A whole formula: `δ[2] = J_softmax(z[2])ᵀ·∂L/∂ŷ = ŷ − y`, `v ← 0.9·v + ∂L/∂W[1], W[1] ← …`.
pub fn formula(f: &Formula) -> String {
    let mut parts: Vec<String> = f.before.iter().map(|(v, e)| format!("{} ← {}", expr(v), expr(e))).collect();
    let lhs = f.lhs.as_ref().map(expr);
    let main = match (lhs, f.rhs.is_empty()) {
        (Some(lhs), _) if f.unchanged => format!("{lhs} unchanged (trainable_bias: false)"),
        (Some(lhs), true) => lhs,
        (lhs, false) => {
            let rel = match f.relation {
                Relation::Equals => " = ",
                Relation::Becomes => " ← ",
            };
            let rhs = f.rhs.iter().map(expr).collect::<Vec<_>>().join(" = ");
            lhs.map_or(rhs.clone(), |lhs| format!("{lhs}{rel}{rhs}"))
        }
        (None, true) => String::new(),
    };
    parts.push(main);
    let mut text = parts.join(", ");
    if let Some((a, b)) = &f.given {
        text.push_str(&format!(",  {} = {}", expr(a), expr(b)));
    }
    text
}
