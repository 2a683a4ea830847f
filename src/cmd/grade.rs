//! `nettrace grade`: hand-worked values against the trace.

use super::Context;
use crate::cli::GradeArgs;
use crate::error::{Error, input};
use crate::grade;
use crate::render;
use crate::spec;
use crate::trace::{self, Options};
use std::io::Write;

/// Grades the answer sheet `args.answers` against the trace of `args.net`; an error (exit 1)
/// when any value is wrong.
pub fn grade(args: &GradeArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.net == "-" && args.answers == "-" {
        return Err(input("the network and the answer sheet cannot both be read from standard input").into());
    }
    let (source, file) = spec::load(&args.net, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let (sheet_source, text) = spec::read_source(&args.answers)?;
    let sheet = spec::parse_json(&text, &sheet_source)?;
    let options = Options {
        learning_rate: args.lr.unwrap_or(file.learning_rate),
        round: args.round,
        diagnostics: false,
    };
    let t = trace::trace(&file, samples, options);
    let g = grade::grade(&t, &sheet, &sheet_source, args.tol)?;
    if args.json {
        out.write_all(render::json::pretty(&render::grade::to_json(&g)).as_bytes())?;
    } else {
        render::grade::write(&g, ctx.style(args.precision), out)?;
    }
    if let Some(first) = &g.first_wrong {
        let a = &g.answers[first.answer];
        return Err(Error::Numeric(format!(
            "{sheet_source}: {} of {} wrong; the first is {} ({})",
            g.wrong(),
            spec::plural(g.answers.len(), "value"),
            a.symbol,
            a.field
        ))
        .into());
    }
    Ok(())
}
