//! Diagnostic findings as text after the trace's tables, or as a Markdown section.

use super::Style;
use super::fit;
use super::table::section;
use crate::teach::diagnostics::Finding;
use std::io::{self, Write};

/// Writes `findings` as a section of plain text lines.
pub fn write(findings: &[Finding], style: Style, out: &mut dyn Write) -> io::Result<()> {
    section("Diagnostics", style, out)?;
    if findings.is_empty() {
        let text = "nothing unusual: no inactive or saturated units, gradients balanced, loss decreased";
        return writeln!(out, "{}", fit::wrap(text, style.width, 2));
    }
    for (i, f) in findings.iter().enumerate() {
        let mark = if style.color { "\x1b[33m!\x1b[0m" } else { "!" };
        writeln!(out, "{}", fit::wrap(&format!("{mark} {}", f.message), style.width, 2))?;
        // Findings in a row with the same advice (one per inactive unit) share it.
        if findings.get(i + 1).is_none_or(|next| next.advice != f.advice) {
            writeln!(out, "{}", fit::wrap(&format!("  → {}", f.advice), style.width, 4))?;
        }
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
