//! Grading an answer sheet: each given value against the step, and the first
//! wrong one in computation order with the quantities it is computed from.
//!
//! A value counts as right when |given − expected| ≤ tol·max(1, |expected|):
//! absolute or relative, whichever is looser.

use crate::error::{Error, input};
use crate::notation;
use crate::notation::escape::{cut, quote};
use crate::step::{Quantity, Step, Value};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value as Json;

/// Hand-worked values to grade: any subset of a trace's steps. A trace is itself an answer sheet.
/// Other fields are ignored, and a value that is null counts as not given.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "nettrace answer sheet")]
pub(crate) struct AnswerSheet {
    pub steps: Option<Vec<SheetStep>>,
    #[schemars(with = "Option<crate::step::Number>")]
    pub loss: Option<Json>,
    #[schemars(with = "Option<crate::step::Number>")]
    pub loss_after: Option<Json>,
}

/// One answer: which quantity (layer and name) and its value; a trace step's `phase` and
/// `formula` may come along and are ignored.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "AnswerSchema")]
#[serde(expecting = "an object with a name, a layer and a value")]
pub struct SheetStep {
    /// The layer, from 1; null or absent for the loss.
    #[schemars(with = "Option<u64>", extend("type" = ["integer", "null"]))]
    pub layer: Option<Json>,
    #[schemars(with = "String")]
    pub name: Json,
    #[schemars(with = "Option<crate::step::Phase>")]
    pub phase: Option<Json>,
    #[schemars(with = "Option<String>")]
    pub formula: Option<Json>,
    #[schemars(with = "crate::step::Value")]
    pub value: Option<Json>,
}

/// One value of the answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Where it is in the sheet: `steps[3]` or `loss_after`.
    pub field: String,
    /// Its place in computation order ([`Step::computed`]); after them all for `loss_after`.
    pub order: usize,
    pub quantity: Quantity,
    /// How it is computed, in the notation.
    pub formula: String,
    pub given: Value,
    pub expected: Value,
    /// Flat indices (row by row) of the wrong numbers.
    pub wrong: Vec<usize>,
    /// For a wrong value, the wrong earlier values on the sheet it is computed from: when
    /// empty the mistake is new in this step, otherwise it may be inherited.
    pub inherited_from: Vec<Quantity>,
}

impl Answer {
    pub fn is_right(&self) -> bool {
        self.wrong.is_empty()
    }
}

/// A quantity the first wrong value is computed from, and what the sheet says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub quantity: Quantity,
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

/// Grades the answer sheet `sheet` (read from `source`) against `step`.
pub fn grade(step: &Step, sheet: &Json, source: &str, tol: f64) -> Result<Grade, Error> {
    if !sheet.is_object() {
        return Err(input(format!("{source}: expected a JSON object with a \"steps\" array")));
    }
    let sheet: AnswerSheet = serde_path_to_error::deserialize(sheet).map_err(|e| {
        let at = match e.path().to_string() {
            p if p == "." => String::new(),
            p => format!("{p}: "),
        };
        input(format!("{source}: {at}{}", e.inner()))
    })?;
    let computed = step.computed();
    let mut answers = Vec::new();
    if let Some(steps) = &sheet.steps {
        for (i, s) in steps.iter().enumerate() {
            let field = format!("steps[{i}]");
            let name = s.name.as_str().ok_or_else(|| {
                input(format!("{source}: {field}.name: expected a step name such as \"delta\""))
            })?;
            let layer = match &s.layer {
                None | Some(Json::Null) => None,
                Some(v) => Some(v.as_u64().filter(|&n| n >= 1).ok_or_else(|| {
                    input(format!(
                        "{source}: {field}.layer: expected a layer number from 1, found {}",
                        cut(&v.to_string())
                    ))
                })? as usize),
            };
            let Some(value) = s.value.as_ref().filter(|v| !v.is_null()) else { continue };
            let order = Quantity::computed(name, layer)
                .and_then(|q| computed.iter().position(|c| *c == q))
                .ok_or_else(|| {
                    let at = layer.map_or(String::new(), |l| format!(" of layer {l}"));
                    input(format!(
                        "{source}: {field}: the trace has no step {}{at} (names: z, a, loss, grad_a, delta, grad_weights, grad_bias, weights, bias; layers 1..{})",
                        quote(name),
                        step.depth()
                    ))
                })?;
            answers.push(answer(
                step,
                &format!("{field}.value"),
                order,
                computed[order],
                value,
                source,
                tol,
            )?);
        }
    }
    let loss_order = computed.iter().position(|q| *q == Quantity::Loss).unwrap_or(0);
    for (key, q, order, given) in [
        ("loss", Quantity::Loss, loss_order, &sheet.loss),
        ("loss_after", Quantity::LossAfter, computed.len(), &sheet.loss_after),
    ] {
        if let Some(v) = given.as_ref().filter(|v| !v.is_null()) {
            answers.push(answer(step, key, order, q, v, source, tol)?);
        }
    }
    answers.sort_by_key(|a| a.order);
    for i in 0..answers.len() {
        if answers[i].is_right() {
            continue;
        }
        let from = (step.inputs(answers[i].quantity).into_iter())
            .filter(|q| answers[..i].iter().any(|a| a.quantity == *q && !a.is_right()))
            .collect();
        answers[i].inherited_from = from;
    }
    let first_wrong = answers.iter().position(|a| !a.is_right()).map(|i| FirstWrong {
        answer: i,
        inputs: (step.inputs(answers[i].quantity).into_iter())
            .map(|quantity| {
                let right = answers
                    .iter()
                    .find(|a| a.quantity == quantity && a.order < answers[i].order)
                    .map(Answer::is_right);
                Input { quantity, right }
            })
            .collect(),
    });
    Ok(Grade { tol, answers, first_wrong })
}

/// The answer `given` for `q` (at `order`), against the step's value.
fn answer(
    step: &Step,
    field: &str,
    order: usize,
    q: Quantity,
    given: &Json,
    source: &str,
    tol: f64,
) -> Result<Answer, Error> {
    let expected = step.value(q);
    let given = value(given, &expected, field, source)?;
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
        quantity: q,
        formula: notation::formula(step, q),
        given,
        expected,
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
