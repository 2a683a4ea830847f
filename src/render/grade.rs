//! A graded answer sheet as a table or JSON.

use super::Style;
use super::cells::{Align, fit, table};
use super::table::{bold, section};
use crate::notation::number::format;
use crate::notation::symbol;
use crate::step::{Phase, Value};
use crate::teach::grade::{Answer, Grade};
use serde_json::json;
use std::io::{self, Write};

/// The position of flat index `i` in `value`: `[1]`, `[0][2]`, or nothing for a number.
pub fn position(value: &Value, i: usize) -> String {
    match value {
        Value::Scalar(_) => String::new(),
        Value::Vector(_) => format!("[{i}]"),
        Value::Matrix(_) => {
            let cols = value.shape().1.max(1);
            format!("[{}][{}]", i / cols, i % cols)
        }
    }
}

fn numbers(v: &Value, precision: usize) -> String {
    let xs: Vec<String> = v.numbers().iter().map(|x| format(*x, precision)).collect();
    match v {
        Value::Scalar(_) => xs.join(""),
        _ => format!("[{}]", xs.join(", ")),
    }
}

fn verdict(a: &Answer, style: Style) -> String {
    if a.is_right() {
        "right".to_string()
    } else {
        let at: Vec<String> = a.wrong.iter().map(|&i| position(&a.given, i)).collect();
        let mut text = if at.iter().all(String::is_empty) {
            "WRONG".to_string()
        } else {
            format!("WRONG at {}", at.join(" "))
        };
        if !a.inherited_from.is_empty() {
            let from: Vec<String> = a.inherited_from.iter().map(|q| symbol(*q)).collect();
            text.push_str(&format!(" (follows from wrong {})", from.join(", ")));
        }
        if style.color { format!("\x1b[1;31m{text}\x1b[0m") } else { text }
    }
}

/// Writes `grade` as a table and names the first wrong value.
pub fn write(grade: &Grade, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", bold("Answer sheet against the trace", style))?;
    let rule = format!("right when within {} (absolute or relative, whichever is looser)", grade.tol);
    writeln!(out, "{}", super::fit::wrap(&rule, style.width, 2))?;
    section("Values, in computation order", style, out)?;
    let header = ["quantity", "given", "expected", "verdict"];
    let rows = grade.answers.iter().map(|a| {
        let (given, expected) = (numbers(&a.given, style.precision), numbers(&a.expected, style.precision));
        vec![symbol(a.quantity), given, expected, verdict(a, style)]
    });
    writeln!(out, "{}", fit(table(header, &[Align::Left; 4], rows), style.width))?;
    let mut text = Vec::new();
    summary(grade, style, &mut text)?;
    let text = String::from_utf8(text).expect("the grade's text is UTF-8");
    out.write_all(super::fit::wrap_lines(&text, style.width).as_bytes())
}

/// After the table: all right, or the first wrong value and where its mistake comes from.
fn summary(grade: &Grade, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    match &grade.first_wrong {
        None => writeln!(out, "All {} values are right.", grade.answers.len()),
        Some(first) => {
            let a = &grade.answers[first.answer];
            let name = symbol(a.quantity);
            writeln!(out, "{} {name} ({})", bold("First wrong value:", style), a.field)?;
            writeln!(out, "  computed as {}", a.formula)?;
            for &i in &a.wrong {
                let (g, e) = (a.given.numbers()[i], a.expected.numbers()[i]);
                writeln!(
                    out,
                    "  {name}{}: given {}, expected {}",
                    position(&a.given, i),
                    format(g, style.precision),
                    format(e, style.precision)
                )?;
            }
            let wrong: Vec<String> =
                first.inputs.iter().filter(|i| i.right == Some(false)).map(|i| symbol(i.quantity)).collect();
            let inputs: Vec<String> = first
                .inputs
                .iter()
                .map(|i| {
                    let state = match i.right {
                        Some(true) => "right",
                        Some(false) => "wrong",
                        // The input, the target and the parameters before the step.
                        None if i.quantity.phase() == Phase::Given => "given",
                        None => "not on the sheet",
                    };
                    format!("{} ({state})", symbol(i.quantity))
                })
                .collect();
            if !inputs.is_empty() {
                writeln!(out, "  computed from: {}", inputs.join(", "))?;
            }
            if wrong.is_empty() {
                writeln!(out, "  Every input on the sheet is right, so the mistake is in this step.")?;
            } else {
                writeln!(out, "  The mistake is inherited from {}.", wrong.join(", "))?;
            }
            let later = grade.wrong() - 1;
            if later > 0 {
                let own =
                    grade.answers.iter().filter(|a| !a.is_right() && a.inherited_from.is_empty()).count() - 1;
                writeln!(
                    out,
                    "  {later} later value(s) also wrong: {} computed from a wrong value on the sheet, {own} from right inputs (a new mistake).",
                    later - own
                )?;
            }
            Ok(())
        }
    }
}

/// `grade` as a JSON value (nettrace-grade/1).
pub fn to_json(grade: &Grade) -> serde_json::Value {
    let answers: Vec<_> = grade
        .answers
        .iter()
        .map(|a| {
            json!({
                "field": a.field,
                "quantity": symbol(a.quantity),
                "formula": a.formula,
                "given": a.given,
                "expected": a.expected,
                "right": a.is_right(),
                "wrong_at": a.wrong.iter().map(|&i| position(&a.given, i)).collect::<Vec<_>>(),
                "inherited_from": a.inherited_from.iter().map(|q| symbol(*q)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let first = grade.first_wrong.as_ref().map(|f| {
        let a = &grade.answers[f.answer];
        json!({
            "field": a.field,
            "quantity": symbol(a.quantity),
            "formula": a.formula,
            "inputs": f.inputs.iter().map(|i| json!({"quantity": symbol(i.quantity), "right": i.right})).collect::<Vec<_>>(),
        })
    });
    json!({
        "format": "nettrace-grade/1",
        "tol": grade.tol,
        "right": grade.answers.len() - grade.wrong(),
        "wrong": grade.wrong(),
        "answers": answers,
        "first_wrong": first,
    })
}
