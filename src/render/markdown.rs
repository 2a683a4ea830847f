//! The worked solution as Markdown: `$$ … $$` display blocks and `$…$` inline math, which render
//! in GitHub, Obsidian and any KaTeX or MathJax viewer.

use super::tex;
use crate::notation::escape;
use crate::teach::worked::Worked;
use std::io::{self, Write};

/// Writes `worked` as Markdown, numbers with `precision` significant digits.
pub fn write(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Worked solution: {}", escape::markdown(&worked.title))?;
    writeln!(out)?;
    if let Some(d) = &worked.description {
        writeln!(out, "{}", escape::markdown(d))?;
        writeln!(out)?;
    }
    writeln!(out, "{}", worked.conventions)?;
    writeln!(out)?;
    given(worked, precision, out)?;
    for section in &worked.sections {
        writeln!(out, "## {}", section.title)?;
        writeln!(out)?;
        for eq in &section.equations {
            writeln!(out, "**{}.**", eq.label)?;
            writeln!(out)?;
            writeln!(out, "$$\n\\begin{{aligned}}")?;
            writeln!(out, "{}", tex::aligned_lines(eq, precision).join(" \\\\\n"))?;
            writeln!(out, "\\end{{aligned}}\n$$")?;
            writeln!(out)?;
            if let Some(note) = &eq.note {
                writeln!(out, "> {note}")?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// Writes the question sheet of an exercise: the given values and, phase by phase, each quantity
/// to compute with its formula (the worked solution without its numbers).
pub fn write_questions(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}: questions", escape::markdown(&worked.title))?;
    writeln!(out)?;
    if let Some(d) = &worked.description {
        writeln!(out, "{}", escape::markdown(d))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Work one training step by hand: the forward pass, the loss, the backward pass and the update."
    )?;
    writeln!(out, "{}", worked.conventions)?;
    writeln!(out)?;
    given(worked, precision, out)?;
    writeln!(out, "## Questions")?;
    let mut number = 0;
    for section in &worked.sections {
        writeln!(out)?;
        writeln!(out, "### {}", section.title)?;
        writeln!(out)?;
        for eq in &section.equations {
            number += 1;
            writeln!(out, "{number}. {}: ${} {} {}$", eq.label, eq.lhs, eq.relation, eq.formula)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "## Checking your answers")?;
    writeln!(out)?;
    writeln!(
        out,
        "The worked solution is in `answers.md`, and every value at full precision in `answers.json`."
    )?;
    writeln!(
        out,
        "To check your own numbers, write any of them in a JSON file in the form of `answers.json` (its `steps`) and run `nettrace grade network.json mine.json`."
    )?;
    writeln!(
        out,
        "Or fill in `sheet.json`, which has a blank (`null`) for each value asked above, and also for φ′(z) of each layer with an element-wise activation (`phi_prime`, the factor each δ multiplies by), then run `nettrace grade network.json sheet.json`."
    )
}

/// The "Given" section: the input, target, parameters and η.
fn given(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Given")?;
    writeln!(out)?;
    for (symbol, value) in &worked.given {
        writeln!(out, "$$\n{symbol} = {}\n$$", tex::value(value, precision))?;
        writeln!(out)?;
    }
    Ok(())
}
