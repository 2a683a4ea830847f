//! Reading an answer sheet: which quantities it gives, each number with the digits written.

use super::answer::value;
use super::digits::Written;
use crate::notation::escape::{cut, quote};
use crate::step::{Quantity, Step, Value};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_json::Value as Json;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// What an answer sheet looks like, for messages.
const OBJECT: char = '{'; // how a JSON object starts
pub const EXAMPLE: &str = r#"{"steps": [{"layer": 1, "name": "z", "value": [0.7, 1.0]}, {"layer": 2, "name": "delta", "value": [-0.05]}], "loss": 0.00125}"#;

/// Hand-worked values to grade: any subset of a trace's steps. A trace is itself an answer sheet
/// (its other fields are ignored); any other field is an error. A value that is null is a blank
/// to fill in. Numbers are graded
/// by the digits written: 0.6680 claims four significant digits, 0.668 three.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "nettrace answer sheet")]
pub struct AnswerSheet {
    pub steps: Option<Vec<SheetStep>>,
    /// L (graded once where a step gives L too, unless the two differ).
    #[schemars(with = "Option<crate::step::Number>")]
    #[serde(default, deserialize_with = "present")]
    pub loss: Option<Box<RawValue>>,
    /// L after the update.
    #[schemars(with = "Option<crate::step::Number>")]
    #[serde(default, deserialize_with = "present")]
    pub loss_after: Option<Box<RawValue>>,
    /// Free text: what the sheet is (read for the schema only; `name` and `description` too).
    #[allow(dead_code)]
    #[schemars(with = "Option<String>")]
    pub about: Option<Json>,
}

/// One answer: which quantity (layer and name) and its value; a trace step's `phase` and
/// `formula` may come along and are ignored.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(rename = "AnswerSchema")]
#[serde(expecting = "an object with a name, a layer and a value")]
pub struct SheetStep {
    /// The layer, from 1; null or absent for `loss`, `grad_output` and `loss_after`.
    #[schemars(with = "Option<u64>", extend("type" = ["integer", "null"]))]
    pub layer: Option<Json>,
    #[schemars(with = "StepName")]
    pub name: Json,
    #[schemars(with = "Option<crate::step::Phase>")]
    pub phase: Option<Json>,
    #[schemars(with = "Option<String>")]
    pub formula: Option<Json>,
    /// A number, a vector, or a matrix (rows): per-sample quantities one row per sample for a
    /// batch, weights in the file's layout (the other orientation is read, and named a mistake).
    #[schemars(with = "crate::step::Value")]
    pub value: Option<Box<RawValue>>,
}

/// The schema of a step's name: one of [`Quantity::NAMES`].
struct StepName;

impl JsonSchema for StepName {
    fn schema_name() -> Cow<'static, str> {
        "StepName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The quantity, as a trace names it; `weights` and `bias` are the values after the update.",
            "enum": Quantity::NAMES
        })
    }
}

/// One value the sheet gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    /// Where it is in the sheet: `steps[3].value` or `loss_after`.
    pub field: String,
    pub quantity: Quantity,
    /// As written, in the learner's orientation.
    pub value: Value,
    /// Its numbers as written, row by row.
    pub written: Vec<Written>,
    /// True when a matrix is written in the other orientation: row r, column c of `value` is
    /// row c, column r of the quantity.
    pub transposed: bool,
    /// True when the other orientation is a convention, not a slip: a batch quantity written
    /// units × samples in out_in.
    pub columns: bool,
    /// True when the sheet leaves the value to fill in (null or absent).
    pub blank: bool,
}

/// The fields of an answer sheet, then those of a trace it may be (ignored).
const SHEET_FIELDS: [&str; 15] = [
    "steps",
    "loss",
    "loss_after",
    "about",
    "name",
    "description",
    // Where a machine-written sheet comes from: free text, not listed in messages.
    "note",
    "source",
    "repository",
    "commit",
    "format",
    "network",
    "input",
    "target",
    "diagnostics",
];

/// The fields of one answer.
const STEP_FIELDS: [&str; 5] = ["layer", "name", "value", "phase", "formula"];

/// A sheet to fill in from a trace in JSON: every step's value, `loss` and `loss_after` null,
/// the diagnostics left out; the given values (input, target, network) stay.
pub fn blank(mut trace: Json) -> Json {
    if let Some(t) = trace.as_object_mut() {
        t.remove("diagnostics");
        for key in ["loss", "loss_after"] {
            if let Some(v) = t.get_mut(key) {
                *v = Json::Null;
            }
        }
        for s in t.get_mut("steps").and_then(Json::as_array_mut).into_iter().flatten() {
            if let Some(v) = s.get_mut("value") {
                *v = Json::Null;
            }
        }
    }
    trace
}

/// A field that is there, null (a blank to fill in) included; an absent field is `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Box<RawValue>>, D::Error> {
    Box::<RawValue>::deserialize(d).map(Some)
}

/// The values of the answer sheet `text` (read from `source`) for the quantities of `step`.
pub fn read(step: &Step, text: &str, source: &str) -> Result<Vec<Given>, String> {
    if !text.trim_start().starts_with(OBJECT) {
        return Err(format!("{source}: expected a JSON object such as {EXAMPLE}"));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let sheet: AnswerSheet = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = match e.path().to_string() {
            p if p == "." => String::new(),
            p => format!("{p}: "),
        };
        format!("{source}: {at}{}", e.inner())
    })?;
    known_fields(text, source)?;
    let mut given = Vec::new();
    for (i, s) in sheet.steps.iter().flatten().enumerate() {
        let field = format!("steps[{i}]");
        let quantity = quantity(step, s, &field, source)?;
        given.push(value(step, quantity, format!("{field}.value"), s.value.as_deref(), source)?);
    }
    for (key, q, raw) in
        [("loss", Quantity::Loss, &sheet.loss), ("loss_after", Quantity::LossAfter, &sheet.loss_after)]
    {
        if let Some(raw) = raw.as_ref() {
            let top = value(step, q, key.to_string(), Some(raw), source)?;
            // L may be both a step and a field of its own (as in a trace): one value, unless
            // the sheet writes two different ones. A blank step takes the field's value.
            match given.iter_mut().find(|g| g.quantity == q) {
                Some(same) if top.blank || same.written == top.written => {}
                Some(same) if same.blank => *same = top,
                _ => given.push(top),
            }
        }
    }
    if given.is_empty() {
        return Err(nothing_to_grade(text, source));
    }
    Ok(given)
}

/// Refuses a field that is not one of the sheet's (a misspelt `"valeu"` would leave its value
/// ungraded and the sheet passing), with the field it most likely meant.
fn known_fields(text: &str, source: &str) -> Result<(), String> {
    let Ok(Json::Object(top)) = serde_json::from_str::<Json>(text) else { return Ok(()) };
    let unknown = |at: String, key: &str, fields: &[&str]| {
        let guess = crate::nn::names::closest(key, fields.iter().copied())
            .map_or("expected".to_string(), |g| format!("did you mean {}? Expected", quote(g)));
        format!(
            "{source}: {at} is not a known field of an answer sheet; {guess} one of {}",
            fields.join(", ")
        )
    };
    if let Some(key) = top.keys().find(|k| !SHEET_FIELDS.contains(&k.as_str())) {
        return Err(unknown(cut(key), key, &SHEET_FIELDS[..6]));
    }
    let steps = top.get("steps").and_then(Json::as_array).into_iter().flatten();
    for (i, s) in steps.enumerate() {
        let keys = s.as_object().into_iter().flat_map(|o| o.keys());
        if let Some(key) = keys.into_iter().find(|k| !STEP_FIELDS.contains(&k.as_str())) {
            return Err(unknown(format!("steps[{i}].{}", cut(key)), key, &STEP_FIELDS));
        }
    }
    Ok(())
}

/// The quantity answer `s` (at `field`) gives: its name at its layer. `grad_output` may carry the
/// output layer's number, as ∂L/∂a[L].
fn quantity(step: &Step, s: &SheetStep, field: &str, source: &str) -> Result<Quantity, String> {
    let name = s
        .name
        .as_str()
        .ok_or_else(|| format!("{source}: {field}.name: expected a step name such as \"delta\""))?;
    let layer = match &s.layer {
        None | Some(Json::Null) => None,
        Some(v) => Some(v.as_u64().filter(|&n| n >= 1).ok_or_else(|| {
            format!("{source}: {field}.layer: expected a layer number from 1, found {}", cut(&v.to_string()))
        })? as usize),
    };
    let layer = match (name, layer) {
        ("grad_output", Some(l)) if l == step.depth() => None,
        _ => layer,
    };
    Quantity::computed(name, layer)
        .filter(|q| *q == Quantity::LossAfter || step.computed().contains(q))
        .ok_or_else(|| {
            let at = layer.map_or(String::new(), |l| format!(" of layer {l}"));
            let lower = name.to_lowercase();
            let prefix = Quantity::NAMES.iter().copied().find(|n| lower.len() >= 3 && n.starts_with(&lower));
            let guess =
                match prefix.or_else(|| crate::nn::names::closest(name, Quantity::NAMES.iter().copied())) {
                    Some(g) if g != name => format!("; did you mean {}?", quote(g)),
                    _ => String::new(),
                };
            format!(
                "{source}: {field}: the trace has no step {}{at}{guess} (names: {}; layers 1..{})",
                quote(name),
                Quantity::NAMES.join(", "),
                step.depth()
            )
        })
}

/// A sheet with nothing to grade: what it holds instead.
fn nothing_to_grade(text: &str, source: &str) -> String {
    let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Json>>(text)
        .map(|m| m.keys().take(5).map(|k| quote(k)).collect())
        .unwrap_or_default();
    let found = match keys.is_empty() {
        true => String::new(),
        false => format!(" (its fields: {})", keys.join(", ")),
    };
    format!("{source}: no value to grade{found}; an answer sheet gives steps of the trace, such as {EXAMPLE}")
}
