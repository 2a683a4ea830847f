//! The worked solution as a standalone LaTeX document that compiles with `pdflatex` and needs
//! only amsmath. It fits the page: big matrices abbreviated, long lines broken ([`tex::page`]).

use super::tex;
use crate::notation::escape;
use crate::teach::worked::Worked;
use std::io::{self, Write};

/// Writes `worked` as a LaTeX document, numbers with `precision` significant digits.
pub fn write(worked: &Worked, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\\documentclass{{article}}")?;
    writeln!(out, "\\usepackage{{amsmath}}")?;
    writeln!(out, "\\allowdisplaybreaks")?;
    writeln!(out, "\\begin{{document}}")?;
    writeln!(out, "\\section*{{Worked solution: {}}}", escape::latex(&worked.title))?;
    if let Some(d) = &worked.description {
        writeln!(out, "{}\n", escape::latex(d))?;
    }
    writeln!(out, "{}\n", text(&worked.conventions))?;
    writeln!(out, "\\subsection*{{Given}}")?;
    writeln!(out, "\\begin{{align*}}")?;
    let given = tex::page::given(&worked.given, precision);
    writeln!(out, "{}", given.join(" \\\\\n"))?;
    writeln!(out, "\\end{{align*}}")?;
    for section in &worked.sections {
        writeln!(out, "\\subsection*{{{}}}", text(&section.title))?;
        for eq in &section.equations {
            writeln!(out, "\\paragraph{{{}.}}", text(&eq.label))?;
            writeln!(out, "\\begin{{align*}}")?;
            writeln!(out, "{}", tex::page::aligned_lines(eq, precision).join(" \\\\\n"))?;
            writeln!(out, "\\end{{align*}}")?;
            if let Some(note) = &eq.note {
                writeln!(out, "{}\n", text(note))?;
            }
        }
    }
    writeln!(out, "\\end{{document}}")
}

/// Text with inline `$…$` math for LaTeX: math kept, the text around it escaped by
/// [`escape::latex`], `code` set in typewriter. Only for text nettrace writes: the user's own
/// text (a name, a description) goes through [`escape::latex`] alone, so its `$` is a dollar.
pub fn text(s: &str) -> String {
    let mut out = String::new();
    let (mut math, mut code) = (false, false);
    let mut run = String::new();
    for c in s.chars() {
        if c == '$' && !code {
            out.push_str(&if math {
                std::mem::take(&mut run)
            } else {
                escape::latex(&std::mem::take(&mut run))
            });
            math = !math;
            out.push('$');
        } else if c == '`' && !math {
            out.push_str(&escape::latex(&std::mem::take(&mut run)));
            code = !code;
            out.push_str(if code { "\\texttt{" } else { "}" });
        } else {
            run.push(c);
        }
    }
    if math {
        out.push_str(&run);
        out.push('$');
    } else {
        out.push_str(&escape::latex(&run));
    }
    if code {
        out.push('}');
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
