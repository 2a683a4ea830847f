//! The worked solution as a standalone LaTeX document that compiles with `pdflatex` and needs
//! only amsmath.

use super::tex;
use crate::teach::worked::Worked;
use std::io::{self, Write};

/// Writes `worked` as a LaTeX document, numbers with `precision` significant digits.
pub fn write(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\\documentclass{{article}}")?;
    writeln!(out, "\\usepackage{{amsmath}}")?;
    writeln!(out, "\\allowdisplaybreaks")?;
    writeln!(out, "\\begin{{document}}")?;
    writeln!(out, "\\section*{{Worked solution: {}}}", text(&worked.title))?;
    if let Some(d) = &worked.description {
        writeln!(out, "{}\n", text(d))?;
    }
    writeln!(out, "{}\n", text(&worked.conventions))?;
    writeln!(out, "\\subsection*{{Given}}")?;
    writeln!(out, "\\begin{{align*}}")?;
    let given: Vec<String> =
        worked.given.iter().map(|(s, v)| format!("{s} &= {}", tex::value(v, precision))).collect();
    writeln!(out, "{}", given.join(" \\\\\n"))?;
    writeln!(out, "\\end{{align*}}")?;
    for section in &worked.sections {
        writeln!(out, "\\subsection*{{{}}}", text(&section.title))?;
        for eq in &section.equations {
            writeln!(out, "\\paragraph{{{}.}}", text(&eq.label))?;
            writeln!(out, "\\begin{{align*}}")?;
            writeln!(out, "{}", tex::aligned_lines(eq, precision).join(" \\\\\n"))?;
            writeln!(out, "\\end{{align*}}")?;
            if let Some(note) = &eq.note {
                writeln!(out, "{}\n", text(note))?;
            }
        }
    }
    writeln!(out, "\\end{{document}}")
}

/// Text with inline `$…$` math for LaTeX: math kept, special characters outside it escaped,
/// `code` set in typewriter, and characters outside ASCII written as TeX or, failing that, `?`.
pub fn text(s: &str) -> String {
    let mut out = String::new();
    let (mut math, mut code) = (false, false);
    for c in s.chars() {
        if c == '$' && !code {
            math = !math;
            out.push('$');
            continue;
        }
        if math {
            out.push(c);
            continue;
        }
        if c == '`' {
            code = !code;
            out.push_str(if code { "\\texttt{" } else { "}" });
            continue;
        }
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '#' | '%' | '&' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' => out.push_str("$<$"),
            '>' => out.push_str("$>$"),
            '“' => out.push_str("``"),
            '”' => out.push_str("''"),
            '‘' | '’' => out.push('\''),
            '—' => out.push_str("---"),
            '–' => out.push_str("--"),
            '·' => out.push_str("$\\cdot$"),
            '×' => out.push_str("$\\times$"),
            '→' => out.push_str("$\\to$"),
            '≤' => out.push_str("$\\le$"),
            '≥' => out.push_str("$\\ge$"),
            'δ' => out.push_str("$\\delta$"),
            'η' => out.push_str("$\\eta$"),
            'σ' => out.push_str("$\\sigma$"),
            'φ' => out.push_str("$\\phi$"),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    if code {
        out.push('}');
    }
    if math {
        out.push('$');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_escapes_outside_math_only() {
        assert_eq!(
            super::text("a_b 50% $z_1 \\le 0$ `out_in` → ☃"),
            "a\\_b 50\\% $z_1 \\le 0$ \\texttt{out\\_in} $\\to$ ?"
        );
    }
}
