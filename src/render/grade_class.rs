//! A graded class as a table, JSON (nettrace-grade-class/1) or CSV: a row per sheet, then how
//! often each slip was made.

use super::Style;
use super::cells::{Align, fit, table};
use super::table::{bold, section};
use crate::step::Quantity;
use crate::teach::grade::class::{Count, Sheet, mistakes};
use crate::teach::grade::{Grade, Mistake, Verdict};
use serde::Serialize;
use std::io::{self, Write};

/// The counts of a sheet, in the order of the columns: right, imprecise, carried, wrong, blank.
const COUNTED: [Verdict; 5] =
    [Verdict::Right, Verdict::Imprecise, Verdict::Carried, Verdict::Wrong, Verdict::Blank];

fn symbol(q: Quantity) -> String {
    super::grade::symbol(q)
}

/// The first wrong quantity of a sheet, or `-`.
fn first_wrong(g: &Grade) -> String {
    g.first_wrong.as_ref().map_or("-".to_string(), |f| symbol(g.answers[f.answer].quantity))
}

/// A mistake's name, or `-` for a wrong value no slip explains.
fn name(m: Option<Mistake>) -> &'static str {
    m.map_or("-", Mistake::name)
}

/// Writes the class as two tables: the sheets, then the mistakes, most frequent first.
pub fn write(sheets: &[Sheet], unreadable: &[String], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let n = sheets.len() + unreadable.len();
    writeln!(out, "{}", bold(&format!("A class of {}", crate::notation::plural(n, "answer sheet")), style))?;
    section("Sheets", style, out)?;
    let header = ["sheet", "right", "imprecise", "carried", "wrong", "blank", "first wrong"];
    let mut align = [Align::Right; 7];
    (align[0], align[6]) = (Align::Left, Align::Left);
    let mut rows: Vec<Vec<String>> = (sheets.iter())
        .map(|s| {
            let mut row = vec![s.file.clone()];
            row.extend(COUNTED.iter().map(|&v| s.grade.count(v).to_string()));
            row.push(first_wrong(&s.grade));
            row
        })
        .collect();
    rows.extend(unreadable.iter().map(|f| {
        let mut row = vec![f.clone()];
        row.extend(["-"; 5].map(String::from));
        row.push("unreadable".to_string());
        row
    }));
    writeln!(out, "{}", fit(table(header, &align, rows), style.width))?;
    let counts = mistakes(sheets);
    section("Wrong values, most frequent first", style, out)?;
    if counts.is_empty() {
        return writeln!(out, "None.");
    }
    let rows =
        counts.iter().map(|c| vec![symbol(c.quantity), name(c.mistake).to_string(), c.count.to_string()]);
    let align = [Align::Left, Align::Left, Align::Right];
    writeln!(out, "{}", fit(table(["quantity", "mistake", "count"], &align, rows), style.width))
}

/// One sheet of the class in JSON.
#[derive(Debug, Serialize)]
pub struct SheetJson {
    pub file: String,
    pub right: usize,
    pub imprecise: usize,
    pub carried: usize,
    pub wrong: usize,
    pub blank: usize,
    /// As `grade --json` gives them.
    pub answers: Vec<super::grade::AnswerJson>,
}

/// One (quantity, mistake) of the class; mistake null for wrong values no slip explains.
#[derive(Debug, Serialize)]
pub struct CountJson {
    pub quantity: String,
    pub mistake: Option<Mistake>,
    pub count: usize,
}

/// The class in JSON: nettrace-grade-class/1.
#[derive(Debug, Serialize)]
pub struct ClassJson {
    pub format: &'static str,
    pub sheets: Vec<SheetJson>,
    pub mistakes: Vec<CountJson>,
    /// The sheets that could not be read, as named.
    pub unreadable: Vec<String>,
}

/// The class as JSON (nettrace-grade-class/1).
pub fn to_json(sheets: &[Sheet], unreadable: &[String]) -> ClassJson {
    let sheets_json = (sheets.iter())
        .map(|s| {
            let g = super::grade::to_json(&s.grade);
            SheetJson {
                file: s.file.clone(),
                right: g.right,
                imprecise: g.imprecise,
                carried: g.carried,
                wrong: g.wrong,
                blank: g.blank,
                answers: g.answers,
            }
        })
        .collect();
    let counts = mistakes(sheets).into_iter().map(|Count { quantity, mistake, count }| CountJson {
        quantity: symbol(quantity),
        mistake,
        count,
    });
    ClassJson {
        format: "nettrace-grade-class/1",
        sheets: sheets_json,
        mistakes: counts.collect(),
        unreadable: unreadable.to_vec(),
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    match s.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", s.replace('"', "\"\"")),
        false => s.to_string(),
    }
}

/// The class as CSV for a gradebook: a header, then one line per sheet.
pub fn write_csv(sheets: &[Sheet], unreadable: &[String], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "file,right,imprecise,carried,wrong,blank,first_wrong,mistake")?;
    for s in sheets {
        let counts: Vec<String> = COUNTED.iter().map(|&v| s.grade.count(v).to_string()).collect();
        let first = s.grade.first_wrong.as_ref().map(|f| &s.grade.answers[f.answer]);
        let (quantity, mistake) = match first {
            Some(a) => (symbol(a.quantity), a.mistake.map_or("", Mistake::name)),
            None => (String::new(), ""),
        };
        writeln!(out, "{},{},{},{}", field(&s.file), counts.join(","), field(&quantity), mistake)?;
    }
    for f in unreadable {
        writeln!(out, "{},,,,,,unreadable,", field(f))?;
    }
    Ok(())
}
