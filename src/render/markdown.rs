//! The worked solution as Markdown: `$$ … $$` display blocks and `$…$` inline math, which render
//! in GitHub, Obsidian and any KaTeX or MathJax viewer.

use super::tex;
use crate::worked::Worked;
use std::io::{self, Write};

/// Writes `worked` as Markdown, numbers with `precision` significant digits.
pub fn write(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Worked solution: {}", worked.title)?;
    writeln!(out)?;
    if let Some(d) = &worked.description {
        writeln!(out, "{d}")?;
        writeln!(out)?;
    }
    writeln!(out, "{}", worked.conventions)?;
    writeln!(out)?;
    writeln!(out, "## Given")?;
    writeln!(out)?;
    for (symbol, value) in &worked.given {
        writeln!(out, "$$\n{symbol} = {}\n$$", tex::value(value, precision))?;
        writeln!(out)?;
    }
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
