//! TeX shared by the Markdown and LaTeX renderers: numbers, matrices, substituted formulas; and
//! for LaTeX, the same fitted to the page ([`page`]).

pub(crate) mod page;
mod width;

use crate::notation::number;
use crate::step::{View, rows};
use crate::teach::worked::{Equation, Piece};

/// `x` in TeX with `precision` significant digits: `-0.05`, `1.5 \times 10^{-5}`.
pub fn number(x: f64, precision: usize) -> String {
    if x.is_nan() {
        return "\\text{NaN}".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "\\infty" } else { "-\\infty" }.into();
    }
    let s = number::format(x, precision);
    match s.split_once('e') {
        Some((mantissa, exponent)) => format!("{mantissa} \\times 10^{{{exponent}}}"),
        None => s,
    }
}

/// A value in TeX: a scalar (or a 1×1 matrix) as a number, anything else as a `bmatrix` (a
/// vector as one row).
pub fn value(v: &View, precision: usize) -> String {
    match v.size() {
        (1, 1) => number(v.at(0, 0), precision),
        _ => matrix(&rows(v.numbers()), precision),
    }
}

/// A `bmatrix`; a big one shows its corners around `\cdots`, `\vdots` and `\ddots`.
fn matrix(rows: &[Vec<f64>], precision: usize) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let abbreviate = super::too_big(rows.len(), cols);
    bmatrix(rows, &super::shown(rows.len(), abbreviate), &super::shown(cols, abbreviate), precision)
}

/// A `bmatrix` of the rows and columns shown of `rows`, `None` standing for the ones left out.
fn bmatrix(
    rows: &[Vec<f64>],
    shown_rows: &[Option<usize>],
    shown_cols: &[Option<usize>],
    precision: usize,
) -> String {
    let body: Vec<String> = shown_rows
        .iter()
        .map(|r| {
            let cells = shown_cols.iter().map(|c| match (r, c) {
                (Some(r), Some(c)) => number(rows[*r][*c], precision),
                (Some(_), None) => "\\cdots".to_string(),
                (None, Some(_)) => "\\vdots".to_string(),
                (None, None) => "\\ddots".to_string(),
            });
            cells.collect::<Vec<_>>().join(" & ")
        })
        .collect();
    format!("\\begin{{bmatrix}} {} \\end{{bmatrix}}", body.join(" \\\\ "))
}

/// A substituted formula: TeX pieces as they are, numbers typeset (negative scalars in parentheses,
/// as they sit inside a formula).
pub(crate) fn pieces(pieces: &[Piece], precision: usize) -> String {
    piece_texs(pieces, |v| value(v, precision)).concat()
}

/// The TeX of each piece of a substituted formula, values written by `write`: negative scalars
/// in parentheses, and a dot before a scalar that would otherwise read as one number with what
/// comes before it.
pub(crate) fn piece_texs(pieces: &[Piece], mut write: impl FnMut(&View) -> String) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let before = out.iter().rev().find_map(|t| t.chars().last());
        out.push(match p {
            Piece::Tex(t) => t.clone(),
            Piece::Num(v) if v.numbers().len() == 1 && v.numbers()[0] < 0.0 => format!("({})", write(v)),
            Piece::Num(v) => {
                // Two numbers side by side would read as one: a product gets a dot.
                let scalar = v.numbers().len() == 1;
                let dot = scalar && before.is_some_and(|c| c.is_ascii_digit() || c == ')' || c == '}');
                format!("{}{}", if dot { " \\cdot " } else { "" }, write(v))
            }
        });
    }
    out
}

/// The lines of an equation for an `aligned` (Markdown) or `align*` (LaTeX) environment:
/// `lhs &= formula`, `&= substituted`, `&= result`.
pub(crate) fn aligned_lines(eq: &Equation, precision: usize) -> Vec<String> {
    let mut lines = vec![format!("{} &{} {}", eq.lhs, eq.relation, eq.formula)];
    if !eq.substituted.is_empty() {
        lines.push(format!("&= {}", pieces(&eq.substituted, precision)));
    }
    lines.push(format!("&= {}", value(&eq.result, precision)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_matrices() {
        use crate::step::Axis;
        use nalgebra::DMatrix;
        assert_eq!(number(-0.05, 6), "-0.05");
        assert_eq!(number(0.0000125, 6), "1.25 \\times 10^{-5}");
        assert_eq!(
            value(
                &View::matrix(Axis::Unit, Axis::Input, DMatrix::from_row_slice(2, 2, &[0.1, 0.2, 0.3, 0.4])),
                6
            ),
            "\\begin{bmatrix} 0.1 & 0.2 \\\\ 0.3 & 0.4 \\end{bmatrix}"
        );
        assert_eq!(pieces(&[Piece::Tex("1 + ".into()), Piece::Num(View::scalar(-2.0))], 6), "1 + (-2)");
    }
}
