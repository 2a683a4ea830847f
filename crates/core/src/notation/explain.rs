//! The lines that explain one weight, bias, unit or the loss on the step page: each a formula
//! from the chain rule's trees ([`chain`](super::chain)) in MathML with its text, the same
//! with the step's numbers in place ([`pieces`](super::pieces)), and the value it comes to.
//! A test evaluates each line's formula and numbers ([`eval`](super::eval)) against its value.
//!
//! ```
//! use nettrace_core::notation::explain::Key;
//!
//! assert_eq!(Key::parse("W[2][1][1]"), Some(Key::Weight { layer: 2, row: 1, column: 1 }));
//! assert_eq!(Key::parse("a[0][2]"), Some(Key::Unit { layer: 0, unit: 2 }));
//! assert_eq!(Key::parse("b[0][1]"), None);
//! ```

use super::chain;
use super::eval::eval;
use super::expr::{Expr, Sym};
use super::formulas::{self, Form};
use super::mathml;
use super::pieces::{Piece, pieces};
use super::unicode;
use crate::nn::network::Layout;
use crate::step::{Num, Step};
use serde::Serialize;

/// What is explained: a weight or bias by its place in the file (`W[l][r][c]` in the file's
/// layout, `b[l][i]`, as the diagram names them), a unit `a[l][i]`, or the loss `L`; all from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Weight { layer: usize, row: usize, column: usize },
    Bias { layer: usize, unit: usize },
    Unit { layer: usize, unit: usize },
    Loss,
}

impl Key {
    /// Reads `W[2][1][1]`, `b[1][2]`, `a[1][2]` or `L`.
    pub fn parse(text: &str) -> Option<Key> {
        if text == "L" {
            return Some(Key::Loss);
        }
        let (letter, rest) = text.split_at(text.find('[')?);
        let index: Vec<usize> = rest
            .strip_prefix('[')?
            .strip_suffix(']')?
            .split("][")
            .map(|s| s.parse().ok().filter(|&n| n > 0 || letter == "a"))
            .collect::<Option<_>>()?;
        Some(match (letter, index.as_slice()) {
            ("W", &[layer, row, column]) => Key::Weight { layer, row, column },
            ("b", &[layer, unit]) => Key::Bias { layer, unit },
            ("a", &[layer, unit]) if unit > 0 => Key::Unit { layer, unit },
            _ => return None,
        })
    }
}

/// One line of the explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// A step of the chain (the rule, the gradient, the update) rather than one of its factors.
    pub part: bool,
    /// The formula as a `<math>` element, its text in `alt`; none for a line of words.
    pub math: Option<String>,
    /// The formula's text, or the line's words.
    pub alt: String,
    /// The formula with the step's numbers in place.
    pub numbers: Vec<Piece>,
    /// What the line comes to ("NaN", "inf", "-inf" in JSON where it is not finite).
    #[serde(serialize_with = "finite_or_named")]
    pub value: Option<f64>,
    /// Why, in words.
    pub why: Option<String>,
    /// The formula's right-hand side and the numbers, for a test to evaluate.
    #[serde(skip)]
    pub checks: Vec<Expr>,
}

/// A symbol of a line as text and as MathML.
pub(super) type Side = (String, String);

/// `e` as a side of a line.
pub(super) fn side(e: &Expr) -> Side {
    (unicode::expr(e), mathml::expr(e))
}

/// `∂top/∂bottom`.
pub(super) fn partial(top: Side, bottom: Side) -> Side {
    (
        format!("∂{}/∂{}", top.0, bottom.0),
        format!("<mfrac><mrow><mi>∂</mi>{}</mrow><mrow><mi>∂</mi>{}</mrow></mfrac>", top.1, bottom.1),
    )
}

/// A letter as a side: `w`, `L`.
pub(super) fn letter(s: &str) -> Side {
    (s.into(), format!("<mi>{s}</mi>"))
}

/// A line `lhs = rhs = numbers = value`.
pub(super) fn equation(
    lhs: Side,
    rhs: &Expr,
    numbers: Option<Expr>,
    value: f64,
    why: Option<String>,
) -> Line {
    let alt = format!("{} = {}", lhs.0, unicode::expr(rhs));
    let math = mathml::Math { mathml: format!("{}<mo>=</mo>{}", lhs.1, mathml::expr(rhs)), alt };
    let mut checks = vec![rhs.clone()];
    checks.extend(numbers.clone());
    Line {
        part: false,
        math: Some(math.element()),
        alt: math.alt,
        numbers: numbers.map_or(Vec::new(), |n| pieces(&n)),
        value: Some(value),
        why,
        checks,
    }
}

/// A line of words, with a value when it names one.
pub(super) fn words(alt: String, value: Option<f64>, part: bool) -> Line {
    Line { part, math: None, alt, numbers: Vec::new(), value, why: None, checks: Vec::new() }
}

/// The explanation of `key` in `step` for sample `n` (from 0) of a batch; none for a key the
/// network does not have.
pub fn lines(step: &Step, key: Key, n: usize) -> Option<Vec<Line>> {
    let net = step.network;
    let sizes = |l: usize| net.layers.get(l.checked_sub(1)?).map(|layer| (layer.neurons(), layer.inputs()));
    if n >= step.samples.len() {
        return None;
    }
    Some(match key {
        Key::Loss => loss(step),
        Key::Unit { layer: 0, unit } if unit <= net.input_size() => {
            let x = step.samples.inputs[(n, unit - 1)];
            let lhs = side(&chain::entry(Sym::A(0), unit));
            let mut out = vec![equation(lhs, &chain::entry(Sym::X, unit), None, x, None)];
            out[0].why = Some("an input: what the step starts from".into());
            out.extend(sample_note(step, n));
            out
        }
        Key::Unit { layer, unit } if sizes(layer)?.0 >= unit => {
            super::explain_chain::unit(step, layer, unit, n)
        }
        Key::Weight { layer, row, column } => {
            let (neurons, inputs) = sizes(layer)?;
            let (i, j) = match net.layout {
                Layout::OutIn => (row, column),
                Layout::InOut => (column, row),
            };
            (i <= neurons && j <= inputs)
                .then(|| super::explain_chain::parameter(step, layer, i, Some(j), n))?
        }
        Key::Bias { layer, unit } if sizes(layer)?.0 >= unit => {
            super::explain_chain::parameter(step, layer, unit, None, n)
        }
        _ => return None,
    })
}

/// For a batch: which sample the factors are of.
pub(super) fn sample_note(step: &Step, n: usize) -> Option<Line> {
    let count = step.samples.len();
    step.batch().then(|| {
        words(
            format!(
                "Sample {} of {count} (choose another above); the gradient is summed over the {count} samples, δ carrying the batch's 1/N.",
                n + 1
            ),
            None,
            false,
        )
    })
}

/// The loss, and the loss after the update.
fn loss(step: &Step) -> Vec<Line> {
    let rhs = formulas::loss_value(step.network.loss, step.batch());
    let mut first = equation(letter("L"), &rhs, None, step.loss, None);
    first.why = step.batch().then(|| "the mean over the batch".into());
    let mut after = words("L after the update".into(), Some(step.loss_after), false);
    after.why = Some("the same forward pass with the new parameters".into());
    vec![first, after]
}

/// The value of an expression of `step` for sample `n` (a line's formula or numbers), as a
/// test compares it with the line's value.
pub fn value_at(step: &Step, e: &Expr, n: usize) -> Option<f64> {
    let m = eval(step, Form::rows(step), e)?;
    Some(if m.len() == 1 { m[(0, 0)] } else { m[(n, 0)] })
}

/// A value as the trace writes numbers: "NaN", "inf", "-inf" where not finite.
fn finite_or_named<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_some(&v.map(Num))
}
