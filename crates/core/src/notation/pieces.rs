//! A formula with numbers in place of its symbols, as pieces a page lays out: text, and numbers
//! that the page shows at its own precision (exactly on demand). The expression is one of
//! numbers ([`Expr::Num`]) under sums, products and φ, so that [`eval`](super::eval) computes
//! it and a test holds it to the value it names.
//!
//! ```
//! use nettrace_core::notation::expr::num;
//! use nettrace_core::notation::pieces::{Piece, pieces};
//!
//! let e = num(0.5).times(num(-2.0)).plus(num(1.0));
//! assert_eq!(
//!     pieces(&e),
//!     [Piece::Number { x: 0.5, paren: false }, Piece::Text("·".into()),
//!      Piece::Number { x: -2.0, paren: true }, Piece::Text(" + ".into()), Piece::Number { x: 1.0, paren: false }]
//! );
//! ```

use super::expr::Expr;
use serde::Serialize;

/// A piece of a line: text, or a number (in parentheses when negative and a factor).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Piece {
    Text(String),
    Number {
        #[serde(serialize_with = "named")]
        x: f64,
        paren: bool,
    },
}

/// Terms of a sum shown in full up to this many; beyond, the first three, "…", the last two.
const SHOWN: usize = 8;

/// The pieces of `e`, an expression of numbers.
pub fn pieces(e: &Expr) -> Vec<Piece> {
    let mut out = Vec::new();
    write(e, false, &mut out);
    out
}

fn text(out: &mut Vec<Piece>, s: &str) {
    if let Some(Piece::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Piece::Text(s.into()));
    }
}

/// The terms of a sum `a + b + …`, in order.
fn terms(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Add(a, b) => {
            let mut t = terms(a);
            t.push(b);
            t
        }
        e => vec![e],
    }
}

fn write(e: &Expr, factor: bool, out: &mut Vec<Piece>) {
    match e {
        Expr::Num(x) => out.push(Piece::Number { x: *x, paren: factor && *x < 0.0 }),
        Expr::Add(..) => {
            let all = terms(e);
            let n = all.len();
            for (k, t) in all.iter().enumerate() {
                let elided = n > SHOWN && (3..n - 2).contains(&k);
                match (k, elided) {
                    (3, true) => text(out, &format!(" + … ({n} terms) ")),
                    (_, true) => {}
                    (0, false) => write(t, false, out),
                    (_, false) => {
                        if !(n > SHOWN && k == n - 2) {
                            text(out, " + ");
                        } else {
                            text(out, "+ ");
                        }
                        write(t, false, out);
                    }
                }
            }
        }
        Expr::Sub(a, b) => {
            write(a, false, out);
            text(out, " − ");
            write(b, true, out);
        }
        Expr::Mul(a, b) | Expr::Dot(a, b) | Expr::Scale(a, b) => {
            write(a, true, out);
            text(out, "·");
            write(b, true, out);
        }
        Expr::Phi(f, x) => {
            text(out, &format!("{}(", super::phi(*f)));
            write(x, false, out);
            text(out, ")");
        }
        Expr::PhiPrime(f, x) => {
            text(out, &format!("{}′(", super::phi(*f)));
            write(x, false, out);
            text(out, ")");
        }
        e => text(out, &super::unicode::expr(e)),
    }
}

/// A number as the trace writes it: "NaN", "inf", "-inf" where not finite.
fn named<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&crate::step::Num(*x), s)
}
