//! A graded answer sheet as JSON: nettrace-grade/1, what `nettrace grade --json` prints and the
//! page's practice grading reads.

use super::{Grade, Mistake, Rule, Verdict};
use crate::step::{Quantity, Value};
use serde::Serialize;

/// The quantity's symbol, the new parameters told from the given ones: `W[2] after the update`.
pub fn symbol(q: Quantity) -> String {
    match q {
        Quantity::NewWeights(l) => format!("W[{l}] after the update"),
        Quantity::NewBias(l) => format!("b[{l}] after the update"),
        q => crate::notation::symbol(q),
    }
}

/// The position of flat index `i` (row by row) in `value` as a JSON index, counted from 0: `[1]`,
/// `[0][2]`, or nothing for a number.
fn position(value: &Value, i: usize) -> String {
    match value {
        Value::Scalar(_) => String::new(),
        Value::Vector(_) => format!("[{i}]"),
        Value::Matrix(_) => {
            let cols = value.shape().1.max(1);
            format!("[{}][{}]", i / cols, i % cols)
        }
    }
}

/// `grade` as JSON: nettrace-grade/1.
#[derive(Debug, Serialize)]
pub struct GradeJson {
    pub format: &'static str,
    /// The significant digits asked for (the digits rule), or null with `--tol`.
    pub digits: Option<u32>,
    /// `--tol`, or null for the digits rule.
    pub tol: Option<f64>,
    pub right: usize,
    pub imprecise: usize,
    pub carried: usize,
    pub wrong: usize,
    pub blank: usize,
    pub answers: Vec<AnswerJson>,
    pub first_wrong: Option<FirstWrongJson>,
    /// What was read differently from the trace's form (a batch written units × samples).
    pub notes: Vec<String>,
}

/// One graded value.
#[derive(Debug, Serialize)]
pub struct AnswerJson {
    pub field: String,
    pub quantity: String,
    pub formula: String,
    /// As written (numbers; in the learner's orientation); null for a blank.
    pub given: Option<Value>,
    /// The trace's value.
    pub expected: Value,
    /// What the sheet's own earlier values give.
    pub from_sheet: Value,
    pub verdict: Verdict,
    pub mistake: Option<Mistake>,
    /// True when the verdict is right.
    pub right: bool,
    /// Positions (in the quantity's orientation) of the numbers wrong or carried.
    pub wrong_at: Vec<String>,
    pub inherited_from: Vec<String>,
}

/// The first wrong value and what it is computed from.
#[derive(Debug, Serialize)]
pub struct FirstWrongJson {
    pub field: String,
    pub quantity: String,
    pub formula: String,
    pub inputs: Vec<InputJson>,
}

#[derive(Debug, Serialize)]
pub struct InputJson {
    pub quantity: String,
    /// Null when the sheet does not give it.
    pub right: Option<bool>,
}

/// `grade` as JSON (nettrace-grade/1).
pub fn to_json(grade: &Grade) -> GradeJson {
    let answers = (grade.answers.iter())
        .map(|a| AnswerJson {
            field: a.field.clone(),
            quantity: symbol(a.quantity),
            formula: a.formula.clone(),
            given: (a.verdict != Verdict::Blank).then(|| a.given.clone()),
            expected: a.expected.clone(),
            from_sheet: a.from_sheet.clone(),
            verdict: a.verdict,
            mistake: a.mistake,
            right: a.is_right(),
            wrong_at: a.wrong.iter().map(|&i| position(&a.expected, i)).collect(),
            inherited_from: a.inherited_from.iter().map(|q| symbol(*q)).collect(),
        })
        .collect();
    let first_wrong = grade.first_wrong.as_ref().map(|f| {
        let a = &grade.answers[f.answer];
        FirstWrongJson {
            field: a.field.clone(),
            quantity: symbol(a.quantity),
            formula: a.formula.clone(),
            inputs: (f.inputs.iter())
                .map(|i| InputJson { quantity: symbol(i.quantity), right: i.right })
                .collect(),
        }
    });
    let (digits, tol) = match grade.rule {
        Rule::Digits(n) => (Some(n), None),
        Rule::Tol(t) => (None, Some(t)),
    };
    GradeJson {
        format: "nettrace-grade/1",
        digits,
        tol,
        right: grade.count(Verdict::Right),
        imprecise: grade.count(Verdict::Imprecise),
        carried: grade.count(Verdict::Carried),
        wrong: grade.wrong(),
        blank: grade.count(Verdict::Blank),
        answers,
        first_wrong,
        notes: grade.notes.clone(),
    }
}
