//! A graded answer sheet as a table or JSON.

use super::Style;
use super::cells::{Align, fit, table};
pub use super::grade_mistakes::says;
use super::table::{bold, section};
use crate::nn::network::Layout;
use crate::notation::number::format;
use crate::notation::plural;
use crate::step::{Phase, Value};
use crate::teach::grade::{Answer, Grade, Rule, Verdict};
pub use nettrace_core::grade::report::{AnswerJson, FirstWrongJson, GradeJson, InputJson, symbol, to_json};
use std::io::{self, Write};

/// The same entry as math, counted from 1 (row, then column, as the table shows it): `[2]`,
/// `[1][3]`.
fn entry(value: &Value, i: usize) -> String {
    match value {
        Value::Scalar(_) => String::new(),
        Value::Vector(_) => format!("[{}]", i + 1),
        Value::Matrix(_) => {
            let cols = value.shape().1.max(1);
            format!("[{}][{}]", i / cols + 1, i % cols + 1)
        }
    }
}

/// Texts in the shape of `v`: a number alone, a vector in brackets, a matrix one row per line
/// with its columns aligned.
fn cell(v: &Value, texts: &[String]) -> String {
    match v {
        Value::Scalar(_) => texts.concat(),
        Value::Vector(_) => format!("[{}]", texts.join(", ")),
        Value::Matrix(_) => {
            let cols = v.shape().1.max(1);
            let widths: Vec<usize> = (0..cols)
                .map(|c| texts.iter().skip(c).step_by(cols).map(|t| t.chars().count()).max().unwrap_or(0))
                .collect();
            let rows: Vec<String> = texts
                .chunks(cols)
                .map(|row| {
                    let row: Vec<String> =
                        row.iter().zip(&widths).map(|(t, w)| format!("{t:>w$}", w = *w)).collect();
                    format!("[{}]", row.join(", "))
                })
                .collect();
            rows.join("\n")
        }
    }
}

fn numbers(v: &Value, precision: usize) -> String {
    let texts: Vec<String> = v.numbers().iter().map(|x| format(*x, precision)).collect();
    cell(v, &texts)
}

/// The given value as written, digit for digit.
fn written(a: &Answer) -> String {
    if a.verdict == Verdict::Blank {
        return "(blank)".to_string();
    }
    cell(&a.given, &a.written.iter().map(|w| w.text.clone()).collect::<Vec<_>>())
}

fn verdict(a: &Answer, rule: Rule, layout: Layout, style: Style) -> String {
    let from: Vec<String> = a.inherited_from.iter().map(|q| symbol(*q)).collect();
    let text = match a.verdict {
        Verdict::Right => return "right".to_string(),
        Verdict::Blank => return "blank".to_string(),
        Verdict::Imprecise => match rule {
            Rule::Digits(n) => format!("imprecise: write {}", plural(n as usize, "significant digit")),
            Rule::Tol(_) => "imprecise".to_string(),
        },
        Verdict::Carried => format!("carried from {}", from.join(", ")),
        Verdict::Wrong => {
            let at: Vec<String> = a.wrong.iter().map(|&i| entry(&a.expected, i)).collect();
            let mut text = if at.iter().all(String::is_empty) {
                "WRONG".to_string()
            } else {
                format!("WRONG at {}", at.join(" "))
            };
            if !from.is_empty() {
                text.push_str(&format!(" (follows from wrong {})", from.join(", ")));
            }
            if let Some(m) = a.mistake {
                text.push_str(&format!("\n{}: {}", m.name(), says(m, a, layout)));
            }
            text
        }
    };
    let colour = if a.verdict == Verdict::Wrong { "1;31" } else { "33" };
    if style.color {
        text.lines().map(|l| format!("\x1b[{colour}m{l}\x1b[0m")).collect::<Vec<_>>().join("\n")
    } else {
        text
    }
}

/// The rule, in words.
fn rule_text(rule: Rule) -> String {
    match rule {
        Rule::Digits(n) => format!(
            "right when it is the correct value rounded to the digits written, with at least {}",
            plural(n as usize, "significant digit")
        ),
        Rule::Tol(tol) => format!("right when within {tol} (absolute or relative, whichever is looser)"),
    }
}

/// Writes `grade` as a table and names the first wrong value.
pub fn write(grade: &Grade, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", bold("Answer sheet against the trace", style))?;
    writeln!(out, "{}", super::fit::wrap(&rule_text(grade.rule), style.width, 2))?;
    section("Values, in computation order", style, out)?;
    let header = ["quantity", "given", "expected", "verdict"];
    let rows = grade.answers.iter().map(|a| {
        let expected = numbers(&a.expected, style.precision);
        vec![symbol(a.quantity), written(a), expected, verdict(a, grade.rule, grade.layout, style)]
    });
    writeln!(out, "{}", fit(table(header, &[Align::Left; 4], rows), style.width))?;
    let mut text = Vec::new();
    summary(grade, style, &mut text)?;
    let text = String::from_utf8(text).expect("the grade's text is UTF-8");
    out.write_all(super::fit::wrap_lines(&text, style.width).as_bytes())
}

/// After the table: all right, or the first wrong value, its mistake and where it comes from.
fn summary(grade: &Grade, style: Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    for note in &grade.notes {
        writeln!(out, "Note: {note}")?;
    }
    let Some(first) = &grade.first_wrong else {
        return all_right(grade, out);
    };
    let a = &grade.answers[first.answer];
    let name = symbol(a.quantity);
    writeln!(out, "{} {name} ({})", bold("First wrong value:", style), a.field)?;
    writeln!(out, "  computed as {}", a.formula)?;
    let texts = oriented_texts(a);
    for &i in &a.wrong {
        writeln!(
            out,
            "  {name}{}: given {}, expected {}",
            entry(&a.expected, i),
            texts[i],
            format(a.expected.numbers()[i], style.precision)
        )?;
    }
    if let Some(m) = a.mistake {
        writeln!(out, "  {}: {}", m.name(), says(m, a, grade.layout))?;
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
    let (later, carried) = (grade.wrong() - 1, grade.count(Verdict::Carried));
    if later + carried > 0 {
        writeln!(
            out,
            "  After it: {later} more wrong, {carried} carried forward from wrong values on the sheet."
        )?;
    }
    Ok(())
}

/// The summary of a sheet with no wrong value: all right, some imprecise, some blank.
fn all_right(grade: &Grade, out: &mut dyn Write) -> io::Result<()> {
    let (n, blank) = (grade.answers.len(), grade.count(Verdict::Blank));
    if blank > 0 {
        let right = grade.count(Verdict::Right);
        let verb = |k: usize| if k == 1 { "is" } else { "are" };
        return writeln!(
            out,
            "{blank} of {} {} blank, to fill in; {right} of the {} filled in {} right.",
            plural(n, "value"),
            verb(blank),
            n - blank,
            verb(right)
        );
    }
    let imprecise = grade.count(Verdict::Imprecise);
    match (imprecise, grade.rule) {
        (0, _) if n == 1 => writeln!(out, "1 value is right."),
        (0, _) => writeln!(out, "All {n} values are right."),
        (k, Rule::Digits(d)) => writeln!(
            out,
            "Every value is right at the digits written, but {} of {n} {} fewer than {}.",
            k,
            if k == 1 { "has" } else { "have" },
            plural(d as usize, "significant digit")
        ),
        (k, Rule::Tol(_)) => writeln!(out, "{}.", are(k, "value is imprecise", "values are imprecise")),
    }
}

/// `1 value is …` or `3 values are …`.
fn are(k: usize, one: &str, many: &str) -> String {
    if k == 1 { format!("1 {one}") } else { format!("{k} {many}") }
}

/// The written texts in the quantity's orientation.
fn oriented_texts(a: &Answer) -> Vec<String> {
    let texts: Vec<String> = a.written.iter().map(|w| w.text.clone()).collect();
    if !a.transposed {
        return texts;
    }
    let (rows, cols) = a.given.shape();
    (0..texts.len()).map(|i| texts[(i % rows) * cols + i / rows].clone()).collect()
}
