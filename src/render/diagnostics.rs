//! Diagnostic findings as text after the trace's tables, or as a Markdown section.

use super::Style;
use super::table::section;
use crate::teach::diagnostics::Finding;
use std::io::{self, Write};

/// Writes `findings` as a section of plain text lines.
pub fn write(findings: &[Finding], style: Style, out: &mut dyn Write) -> io::Result<()> {
    section("Diagnostics", style, out)?;
    if findings.is_empty() {
        return writeln!(
            out,
            "nothing unusual: no inactive or saturated units, gradients balanced, loss decreased"
        );
    }
    for f in findings {
        let mark = if style.color { "\x1b[33m!\x1b[0m" } else { "!" };
        writeln!(out, "{mark} {}", f.message)?;
        writeln!(out, "  → {}", f.advice)?;
    }
    Ok(())
}

/// Writes `findings` as a Markdown section (a heading and a list).
pub fn write_markdown(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Diagnostics\n")?;
    if findings.is_empty() {
        return writeln!(
            out,
            "Nothing unusual: no inactive or saturated units, gradients balanced, loss decreased."
        );
    }
    for f in findings {
        writeln!(out, "- {}. What to try: {}.", f.message, f.advice)?;
    }
    Ok(())
}
