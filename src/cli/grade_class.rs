//! `nettrace grade NET SHEET…`: a class of answer sheets against one step.

use super::Context;
use super::grade::{GradeArgs, sheet};
use nettrace::error::{Error, input};
use nettrace::render;
use nettrace::step::Step;
use nettrace::teach::grade::Rule;
use nettrace::teach::grade::class::{Sheet, all_right};
use std::io::Write;

/// The sheets `answers` name: files as given, a directory's .json files in name order.
fn files(answers: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for a in answers {
        let path = std::path::Path::new(a);
        if !path.is_dir() {
            out.push(a.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(path).map_err(|e| input(format!("{a}: cannot read the directory: {e}")))?;
        let mut found: Vec<String> = (entries.filter_map(Result::ok))
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if found.is_empty() {
            return Err(input(format!("{a}: the directory has no .json answer sheets")));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Grades every sheet, writes the class, and fails with exit 2 naming an unreadable sheet (the
/// others graded), else exit 1 when a sheet is not all right.
pub fn class(
    args: &GradeArgs,
    step: &Step,
    rule: Rule,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (mut sheets, mut unreadable, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for path in files(&args.answers)? {
        match sheet(&path, step, rule, ctx) {
            Ok((file, grade)) => sheets.push(Sheet { file, grade }),
            Err(e) => {
                unreadable.push(path);
                errors.push(e.to_string());
            }
        }
    }
    if args.json {
        out.write_all(render::json::pretty(&render::grade_class::to_json(&sheets, &unreadable)).as_bytes())?;
    } else if args.csv {
        render::grade_class::write_csv(&sheets, &unreadable, out)?;
    } else {
        render::grade_class::write(&sheets, &unreadable, args.screen.style(ctx, args.precision), out)?;
    }
    if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" ({} more unreadable: {})", n - 1, unreadable[1..].join(", ")),
        };
        return Err(input(format!("{first}{more}")).into());
    }
    if all_right(&sheets) {
        return Ok(());
    }
    let not = sheets.iter().filter(|s| !s.grade.all_right()).count();
    Err(Error::Numeric(format!(
        "{not} of {} have values that are not right",
        nettrace::notation::plural(sheets.len(), "sheet")
    ))
    .into())
}
