//! A formula with its values in place of its symbols, as a worked solution writes the line after
//! the formula: TeX around slots that the caller fills with the step's numbers.
//!
//! ```
//! use nettrace_core::notation::expr::{Expr, Sym};
//! use nettrace_core::notation::substituted::{Part, parts};
//!
//! // W[1]·a[0] + b[1]: the matrices side by side, then + and the bias.
//! let z = Expr::Sym(Sym::W(1)).dot(Expr::Sym(Sym::A(0))).plus(Expr::Sym(Sym::B(1)));
//! assert_eq!(
//!     parts(&z),
//!     [Part::Sym(Sym::W(1)), Part::Sym(Sym::A(0)), Part::Tex(" + ".into()), Part::Sym(Sym::B(1))]
//! );
//! ```

use super::expr::{Expr, Over, Sym};
use super::tex;
use crate::nn::activation::Activation;

/// A piece of a substituted formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Tex(String),
    /// The value of a symbol (of a whole vector for an entry: `Σₙ δ[1]ₙ` sums the rows of `δ[1]`).
    Sym(Sym),
    /// The value of `φ′(z[l])`.
    PhiPrime(usize),
}

/// The parts of `e` with every symbol a slot; none for a symbol alone, where substituting adds
/// nothing to the result that follows.
pub fn parts(e: &Expr) -> Vec<Part> {
    if matches!(simplified(e), Expr::Sym(_) | Expr::Named(..)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    write(e, &mut out);
    out
}

/// `e` without a factor φ′ = 1 of the identity, as the TeX leaves it out.
fn simplified(e: &Expr) -> &Expr {
    match e {
        Expr::Hadamard(a, b) if matches!(**b, Expr::PhiPrime(Activation::Identity, _)) => a,
        e => e,
    }
}

fn text(out: &mut Vec<Part>, s: &str) {
    if let Some(Part::Tex(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Part::Tex(s.into()));
    }
}

/// `e` in `\left( … \right)` when `wrap` (values are as tall as their matrices), a named
/// value alone.
fn wrapped(e: &Expr, wrap: bool, out: &mut Vec<Part>) {
    // A named value is one value.
    if wrap && !matches!(e, Expr::Named(..)) {
        text(out, "\\left(");
        write(e, out);
        text(out, "\\right)");
    } else {
        write(e, out);
    }
}

/// True for a number: η, N, K, L, ε, a constant, or what is made of them.
fn number(e: &Expr) -> bool {
    match e {
        Expr::Num(_) | Expr::Half => true,
        Expr::Sym(s) => matches!(s, Sym::Eta | Sym::N | Sym::K | Sym::Loss | Sym::Eps),
        Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Scale(a, b) | Expr::Div(a, b) => {
            number(a) && number(b)
        }
        Expr::Neg(a) | Expr::Sqrt(a) | Expr::Square(a) => number(a),
        _ => false,
    }
}

/// True for a count a mean divides by: N, K, N·K.
fn count(e: &Expr) -> bool {
    match e {
        Expr::Sym(Sym::N | Sym::K) => true,
        Expr::Mul(a, b) => count(a) && count(b),
        _ => false,
    }
}

/// The count `d` with its values: `4 \cdot 2` for N·K.
fn counted(d: &Expr, out: &mut Vec<Part>) {
    match d {
        Expr::Mul(a, b) => {
            counted(a, out);
            text(out, " \\cdot ");
            counted(b, out);
        }
        d => write(d, out),
    }
}

/// `a` over the count `d`, as [`tex`] writes it: `\frac{2}{K}(…)`, `\frac{1}{N} \frac{…}{…}`.
fn mean(a: &Expr, d: &Expr, out: &mut Vec<Part>) {
    let (c, x) = match a {
        Expr::Scale(c, x) => (Some(&**c), &**x),
        a => (None, a),
    };
    if c.is_none() && !x.is_sum() && !matches!(x, Expr::Div(..)) {
        text(out, "\\frac{");
        write(x, out);
        text(out, "}{");
        counted(d, out);
        text(out, "}");
        return;
    }
    text(out, "\\frac{");
    match c {
        Some(c) => write(c, out),
        None => text(out, "1"),
    }
    text(out, "}{");
    counted(d, out);
    text(out, "}");
    if matches!(x, Expr::Div(..)) {
        text(out, " ");
    }
    wrapped(x, x.is_sum(), out);
}

/// `a` times `b`: values side by side, or element-wise where neither side is a number (`y ∘ log
/// ŷ` over the vectors of entries).
fn product(a: &Expr, b: &Expr, elementwise: bool, out: &mut Vec<Part>) {
    if elementwise {
        let plain = |e: &Expr| e.is_atom() || matches!(e, Expr::Log(_));
        wrapped(a, !plain(a), out);
        text(out, " \\circ ");
        wrapped(b, !plain(b), out);
    } else {
        wrapped(a, a.is_sum(), out);
        wrapped(b, b.is_sum(), out);
    }
}

fn write(e: &Expr, out: &mut Vec<Part>) {
    match simplified(e) {
        Expr::Sym(s) | Expr::Entry(s, _) | Expr::Named(s, _) => out.push(Part::Sym(*s)),
        Expr::PhiPrime(f, z) if *f != Activation::Softmax => match **z {
            Expr::Sym(Sym::Z(l)) => out.push(Part::PhiPrime(l)),
            _ => text(out, &tex::expr(e)),
        },
        Expr::Add(a, b) => {
            write(a, out);
            text(out, " + ");
            write(b, out);
        }
        Expr::Sub(a, b) => {
            write(a, out);
            text(out, " - ");
            wrapped(b, b.is_sum(), out);
        }
        Expr::Neg(a) => {
            text(out, "-");
            wrapped(a, a.is_sum(), out);
        }
        Expr::Dot(a, b) => product(a, b, false, out),
        Expr::Mul(a, b) | Expr::Scale(a, b) => product(a, b, !number(a) && !number(b), out),
        // Over a count, the count's reciprocal written first, as the formula writes it.
        Expr::Div(a, d) if count(d) => mean(a, d, out),
        Expr::Hadamard(a, b) => {
            wrapped(a, !a.is_atom(), out);
            text(out, " \\circ ");
            wrapped(b, !b.is_atom(), out);
        }
        Expr::Div(a, b) => {
            text(out, "\\frac{");
            write(a, out);
            text(out, "}{");
            write(b, out);
            text(out, "}");
        }
        Expr::T(a) => {
            wrapped(a, !a.is_atom(), out);
            text(out, "^{\\top}");
        }
        Expr::Square(a) => {
            wrapped(a, !a.is_atom(), out);
            text(out, "^2");
        }
        Expr::Log(a) => {
            text(out, if a.is_atom() { "\\log " } else { "\\log" });
            wrapped(a, !a.is_atom(), out);
        }
        Expr::Sum(o, body) => {
            let o = match o {
                Over::NK => "{n,k}".into(),
                o => tex::over(*o),
            };
            text(out, &format!("\\sum_{o} "));
            wrapped(body, body.is_sum(), out);
        }
        Expr::Phi(f, x) => {
            text(out, tex::phi(*f));
            wrapped(x, true, out);
        }
        Expr::SoftmaxJacobian(l, g, true) => {
            let z = tex::sym(Sym::Z(*l));
            text(out, &format!("J_{{\\operatorname{{softmax}}}}({z})^{{\\top}} "));
            wrapped(g, !g.is_atom(), out);
        }
        Expr::SoftmaxJacobian(l, g, false) => {
            wrapped(g, !g.is_atom(), out);
            text(out, &format!(" \\, J_{{\\operatorname{{softmax}}}}({})", tex::sym(Sym::Z(*l))));
        }
        // Written as the formula writes them.
        e => text(out, &tex::expr(e)),
    }
}
