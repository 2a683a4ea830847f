//! Grading an answer sheet: each given value against the trace, and the first
//! wrong one in computation order with the quantities it is computed from.
//!
//! A value counts as right when |given − expected| ≤ tol·max(1, |expected|):
//! absolute or relative, whichever is looser.

use crate::error::{Error, input};
use crate::render::trace::Trace;
use crate::step::Value;
use serde_json::Value as Json;

/// One value of the answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Where it is in the sheet: `steps[3]` or `loss_after`.
    pub field: String,
    /// Index of the matching step in the trace; the trace's length for `loss_after`.
    pub order: usize,
    /// The quantity: `δ[2]`, `L`, `L after the update`.
    pub symbol: String,
    pub formula: String,
    pub given: Value,
    pub expected: Value,
    /// Flat indices (row by row) of the wrong numbers.
    pub wrong: Vec<usize>,
    /// For a wrong value, the wrong earlier values on the sheet it is computed from: when
    /// empty the mistake is new in this step, otherwise it may be inherited.
    pub inherited_from: Vec<String>,
}

impl Answer {
    pub fn is_right(&self) -> bool {
        self.wrong.is_empty()
    }
}

/// A quantity the first wrong value is computed from, and what the sheet says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub symbol: String,
    /// None when the sheet does not give it; Some(true) when given and right.
    pub right: Option<bool>,
}

/// The first wrong value, in computation order.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstWrong {
    /// Index into [`Grade::answers`].
    pub answer: usize,
    pub inputs: Vec<Input>,
}

/// A graded answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub tol: f64,
    /// In computation order.
    pub answers: Vec<Answer>,
    pub first_wrong: Option<FirstWrong>,
}

impl Grade {
    pub fn wrong(&self) -> usize {
        self.answers.iter().filter(|a| !a.is_right()).count()
    }
}

/// True when `given` is within `tol` of `expected`, absolutely or relatively.
pub fn close(given: f64, expected: f64, tol: f64) -> bool {
    (given - expected).abs() <= tol * expected.abs().max(1.0)
}

/// Grades the answer sheet `sheet` (read from `source`) against `trace`.
pub fn grade(trace: &Trace, sheet: &Json, source: &str, tol: f64) -> Result<Grade, Error> {
    let obj = sheet
        .as_object()
        .ok_or_else(|| input(format!("{source}: expected a JSON object with a \"steps\" array")))?;
    let mut answers = Vec::new();
    if let Some(steps) = obj.get("steps").filter(|s| !s.is_null()) {
        let steps = steps
            .as_array()
            .ok_or_else(|| input(format!("{source}: steps: expected an array, found {}", kind(steps))))?;
        for (i, s) in steps.iter().enumerate() {
            let field = format!("steps[{i}]");
            let s = s
                .as_object()
                .ok_or_else(|| input(format!("{source}: {field}: expected an object, found {}", kind(s))))?;
            let name = s.get("name").and_then(Json::as_str).ok_or_else(|| {
                input(format!("{source}: {field}.name: expected a step name such as \"delta\""))
            })?;
            let layer = match s.get("layer") {
                None | Some(Json::Null) => None,
                Some(v) => Some(v.as_u64().filter(|&n| n >= 1).ok_or_else(|| {
                    input(format!("{source}: {field}.layer: expected a layer number from 1, found {v}"))
                })? as usize),
            };
            let Some(value) = s.get("value").filter(|v| !v.is_null()) else { continue };
            let (order, step) = trace
                .steps
                .iter()
                .enumerate()
                .find(|(_, t)| t.name == name && t.layer == layer)
                .ok_or_else(|| {
                    let at = layer.map_or(String::new(), |l| format!(" of layer {l}"));
                    input(format!(
                        "{source}: {field}: the trace has no step \"{name}\"{at} (names: z, a, loss, grad_a, delta, grad_weights, grad_bias, weights, bias; layers 1..{})",
                        trace.network.layers.len()
                    ))
                })?;
            answers.push(answer(
                &format!("{field}.value"),
                order,
                crate::notation::symbol(
                    crate::step::Quantity::computed(step.name, step.layer)
                        .expect("a trace step is a computed quantity"),
                ),
                &step.formula,
                value,
                &step.value,
                source,
                tol,
            )?);
        }
    }
    for (key, expected, order, symbol, formula) in [
        ("loss", trace.loss, loss_order(trace), "L", loss_formula(trace)),
        (
            "loss_after",
            trace.loss_after,
            trace.steps.len(),
            "L after the update",
            "L(θ after the update)".to_string(),
        ),
    ] {
        if let Some(v) = obj.get(key).filter(|v| !v.is_null()) {
            answers.push(answer(
                key,
                order,
                symbol.to_string(),
                &formula,
                v,
                &Value::Scalar(expected),
                source,
                tol,
            )?);
        }
    }
    answers.sort_by_key(|a| a.order);
    for i in 0..answers.len() {
        if answers[i].is_right() {
            continue;
        }
        let from = inputs_of(trace, answers[i].order)
            .into_iter()
            .filter(|sym| answers[..i].iter().any(|a| &a.symbol == sym && !a.is_right()))
            .collect();
        answers[i].inherited_from = from;
    }
    let first_wrong = answers.iter().position(|a| !a.is_right()).map(|i| FirstWrong {
        answer: i,
        inputs: inputs_of(trace, answers[i].order)
            .into_iter()
            .map(|symbol| {
                let right = answers
                    .iter()
                    .find(|a| a.symbol == symbol && a.order < answers[i].order)
                    .map(Answer::is_right);
                Input { symbol, right }
            })
            .collect(),
    });
    Ok(Grade { tol, answers, first_wrong })
}

fn loss_order(trace: &Trace) -> usize {
    trace.steps.iter().position(|s| s.name == "loss").unwrap_or(0)
}

fn loss_formula(trace: &Trace) -> String {
    trace.steps.iter().find(|s| s.name == "loss").map_or_else(String::new, |s| s.formula.clone())
}

#[allow(clippy::too_many_arguments)]
fn answer(
    field: &str,
    order: usize,
    symbol: String,
    formula: &str,
    given: &Json,
    expected: &Value,
    source: &str,
    tol: f64,
) -> Result<Answer, Error> {
    let given = value(given, expected, field, source)?;
    let wrong = given
        .numbers()
        .iter()
        .zip(expected.numbers())
        .enumerate()
        .filter(|(_, (g, e))| !close(**g, *e, tol))
        .map(|(i, _)| i)
        .collect();
    Ok(Answer {
        field: field.to_string(),
        order,
        symbol,
        formula: formula.to_string(),
        given,
        expected: expected.clone(),
        wrong,
        inherited_from: Vec::new(),
    })
}

fn number(v: &Json, field: &str, source: &str) -> Result<f64, Error> {
    v.as_f64().ok_or_else(|| input(format!("{source}: {field}: expected a number, found {}", kind(v))))
}

/// `v` read in the shape of `expected`.
fn value(v: &Json, expected: &Value, field: &str, source: &str) -> Result<Value, Error> {
    let shape = |found: String| {
        let (r, c) = expected.shape();
        let want = match expected {
            Value::Scalar(_) => "a number".to_string(),
            Value::Vector(_) => format!("an array of {c} numbers"),
            Value::Matrix(_) => format!("{r} rows of {c} numbers"),
        };
        input(format!("{source}: {field}: expected {want}, found {found}"))
    };
    match expected {
        Value::Scalar(_) => Ok(Value::Scalar(number(v, field, source)?)),
        Value::Vector(e) => {
            let a = v.as_array().ok_or_else(|| shape(kind(v).to_string()))?;
            if a.len() != e.len() {
                return Err(shape(format!("{} numbers", a.len())));
            }
            let xs = a.iter().enumerate().map(|(i, x)| number(x, &format!("{field}[{i}]"), source));
            Ok(Value::Vector(xs.collect::<Result<_, _>>()?))
        }
        Value::Matrix(e) => {
            let rows = v.as_array().ok_or_else(|| shape(kind(v).to_string()))?;
            if rows.len() != e.len() {
                return Err(shape(format!("{} rows", rows.len())));
            }
            let mut out = Vec::with_capacity(rows.len());
            for (r, (row, want)) in rows.iter().zip(e).enumerate() {
                let row = row.as_array().ok_or_else(|| shape(format!("row {r} {}", kind(row))))?;
                if row.len() != want.len() {
                    return Err(shape(format!("{} numbers in row {r}", row.len())));
                }
                let xs =
                    row.iter().enumerate().map(|(c, x)| number(x, &format!("{field}[{r}][{c}]"), source));
                out.push(xs.collect::<Result<Vec<_>, _>>()?);
            }
            Ok(Value::Matrix(out))
        }
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The symbols of the quantities the step at `order` is computed from.
pub fn inputs_of(trace: &Trace, order: usize) -> Vec<String> {
    let depth = trace.network.layers.len();
    let Some(step) = trace.steps.get(order) else {
        return (1..=depth).flat_map(|l| [format!("W[{l}]"), format!("b[{l}]")]).collect();
    };
    let l = step.layer.unwrap_or(depth);
    let prev_a = |l: usize| if l == 1 { "a[0]".to_string() } else { format!("a[{}]", l - 1) };
    match step.name {
        "z" => vec![prev_a(l), format!("W[{l}] (given)"), format!("b[{l}] (given)")],
        "a" => vec![format!("z[{l}]")],
        "loss" => vec![format!("a[{depth}]"), "y".to_string()],
        "delta" if l == depth => vec![format!("a[{l}]"), "y".to_string(), format!("z[{l}]")],
        "delta" if l < depth => vec![format!("∂L/∂a[{l}]"), format!("z[{l}]")],
        "grad_a" => vec![format!("δ[{}]", l + 1), format!("W[{}] (given)", l + 1)],
        "grad_weights" => vec![format!("δ[{l}]"), prev_a(l)],
        "grad_bias" => vec![format!("δ[{l}]")],
        "weights" => vec![format!("∂L/∂W[{l}]")],
        "bias" => vec![format!("∂L/∂b[{l}]")],
        _ => Vec::new(),
    }
}
