//! `nettrace exercise`: a network with round numbers, its question sheet, worked answer sheet and
//! answer file, written into a directory.

use super::Context;
use crate::cli::ExerciseArgs;
use crate::error::input;
use crate::exercise::{self, Options};
use crate::render;
use crate::spec;
use crate::trace::{self, Options as TraceOptions};
use anyhow::Context as _;
use std::io::Write;

/// The files an exercise writes, in the order they are written.
pub const FILES: [&str; 4] = ["network.json", "questions.md", "answers.md", "answers.json"];

/// Generates the exercise `args` describes and writes its files, each atomically.
pub fn exercise(args: &ExerciseArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let options = Options {
        seed: args.seed,
        sizes: args.sizes.clone(),
        activations: args.activations.clone(),
        loss: args.loss.loss(),
        layout: args.layout.name(),
        learning_rate: args.lr,
    };
    let json = exercise::generate(&options)?;
    let text = render::json::pretty(&json);
    let source = format!("exercise {}", args.seed);
    let file = spec::parse(&text, &source, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let trace = trace::trace(&file, samples, TraceOptions { learning_rate: file.learning_rate, round: None });
    super::run::check_finite(&trace, &source)?;
    let worked = crate::worked::build(&file.network, &trace);
    let precision = args.precision as usize;
    let mut questions = Vec::new();
    render::markdown::write_questions(&worked, precision, &mut questions)?;
    let mut answers = Vec::new();
    render::markdown::write(&worked, precision, &mut answers)?;
    let contents = [text.into_bytes(), questions, answers, render::json::pretty(&trace).into_bytes()];

    let dir = &args.out_dir;
    if dir.exists() && !dir.is_dir() {
        return Err(input(format!("--out-dir {}: exists and is not a directory", dir.display())).into());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, bytes) in FILES.iter().zip(&contents) {
        let path = dir.join(name);
        crate::atomic::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for name in FILES {
        writeln!(out, "{}", dir.join(name).display())?;
    }
    Ok(())
}
