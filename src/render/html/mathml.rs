//! Formulas as MathML, which browsers render natively (no math library, no fonts to fetch).
//!
//! The formulas are the TeX that [`notation::tex`](crate::notation::tex) writes, read back into
//! MathML Core elements, so every formula keeps one source. Only that TeX is understood: groups,
//! `^` and `_`, primes, `\frac`, `\hat`, `\operatorname`, `\text`, `\left`/`\right`, the Greek
//! letters and the operators it uses. Anything else shows as its own text, never as markup.
//!
//! ```
//! use nettrace::render::html::mathml::{from_tex, math};
//!
//! assert_eq!(
//!     from_tex("z^{[1]}"),
//!     "<msup><mi>z</mi><mrow><mo stretchy=\"false\">[</mo><mn>1</mn><mo stretchy=\"false\">]</mo></mrow></msup>"
//! );
//! assert_eq!(from_tex("\\frac{1}{N}"), "<mfrac><mn>1</mn><mi>N</mi></mfrac>");
//! assert!(math("\\delta", "δ").starts_with("<math alttext=\"δ\"><mi>δ</mi>"));
//! ```

use crate::notation::escape::html;

/// `<math>` holding the MathML of `tex`, with `alt` (the formula as plain text) for readers that
/// do not render MathML and for copying.
pub fn math(tex: &str, alt: &str) -> String {
    format!("<math alttext=\"{}\">{}</math>", html(alt), from_tex(tex))
}

/// The MathML elements of `tex`, without the `<math>` around them.
pub fn from_tex(tex: &str) -> String {
    let chars: Vec<char> = tex.chars().collect();
    let mut reader = Reader { chars: &chars, at: 0 };
    let mut out = String::new();
    // A `}` without its `{` ends a sequence early: go on after it.
    while reader.at < chars.len() {
        out.push_str(&reader.sequence().concat());
    }
    out
}

/// Reads TeX from left to right.
struct Reader<'a> {
    chars: &'a [char],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// Atoms up to the end or an unmatched `}` (consumed), each with its scripts attached.
    fn sequence(&mut self) -> Vec<String> {
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                None => return items,
                Some('}') => {
                    self.at += 1;
                    return items;
                }
                Some(_) => {
                    if let Some(atom) = self.atom() {
                        let scripted = self.scripts(atom);
                        items.push(scripted);
                    }
                }
            }
        }
    }

    /// `base` with the `'`, `^{…}` and `_{…}` that follow it.
    fn scripts(&mut self, base: String) -> String {
        let (mut sup, mut sub): (Vec<String>, Option<String>) = (Vec::new(), None);
        loop {
            match self.peek() {
                Some('\'') => {
                    self.at += 1;
                    sup.push("<mo>′</mo>".into());
                }
                Some('^') => {
                    self.at += 1;
                    sup.push(self.argument());
                }
                Some('_') => {
                    self.at += 1;
                    sub = Some(self.argument());
                }
                _ => break,
            }
        }
        let sup = match sup.len() {
            0 => None,
            1 => sup.pop(),
            _ => Some(row(sup)),
        };
        // A prime alone sits beside the base at full size: as a superscript, Chromium draws it
        // raised twice and tiny.
        let prime = sup.as_deref() == Some("<mo>′</mo>");
        match (sub, sup) {
            (None, Some(_)) if prime => format!("{base}<mo lspace=\"0\" rspace=\"0\">′</mo>"),
            (None, None) => base,
            (Some(b), None) => format!("<msub>{base}{b}</msub>"),
            (None, Some(p)) => format!("<msup>{base}{p}</msup>"),
            (Some(b), Some(p)) => format!("<msubsup>{base}{b}{p}</msubsup>"),
        }
    }

    /// One argument: a `{…}` group as one element, or a single atom.
    fn argument(&mut self) -> String {
        self.skip_spaces();
        if self.peek() == Some('{') {
            self.at += 1;
            row(self.sequence())
        } else {
            self.atom().unwrap_or_else(|| "<mrow></mrow>".into())
        }
    }

    /// The text of a `{…}` argument as it is written (`\_` read as `_`).
    fn raw_argument(&mut self) -> String {
        self.skip_spaces();
        if self.peek() != Some('{') {
            return String::new();
        }
        self.at += 1;
        let (mut text, mut depth) = (String::new(), 0);
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                '\\' => {
                    if let Some(next) = self.peek() {
                        self.at += 1;
                        text.push(next);
                    }
                    continue;
                }
                _ => {}
            }
            text.push(c);
        }
        text
    }

    /// One element: a group, a command, a number, a letter or an operator.
    fn atom(&mut self) -> Option<String> {
        let c = self.peek()?;
        self.at += 1;
        Some(match c {
            '{' => row(self.sequence()),
            '\\' => self.command(),
            c if c.is_ascii_digit() || c == '.' => {
                let mut digits = c.to_string();
                while let Some(d) = self.peek().filter(|d| d.is_ascii_digit() || *d == '.') {
                    digits.push(d);
                    self.at += 1;
                }
                format!("<mn>{digits}</mn>")
            }
            c if c.is_alphabetic() => format!("<mi>{}</mi>", html(&c.to_string())),
            '-' => "<mo>−</mo>".into(),
            // As TeX sets them: the size of the text, whatever the scripts inside.
            '(' | ')' | '[' | ']' | '|' => format!("<mo stretchy=\"false\">{c}</mo>"),
            c => format!("<mo>{}</mo>", html(&c.to_string())),
        })
    }

    /// The command after a `\`.
    fn command(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        if self.at == start {
            // A one-character command: `\,` `\_` `\{` …
            let Some(c) = self.peek() else { return String::new() };
            self.at += 1;
            return match c {
                ',' | ';' | ' ' => "<mspace width=\"0.1667em\"></mspace>".into(),
                c => format!("<mo>{}</mo>", html(&c.to_string())),
            };
        }
        let name: String = self.chars[start..self.at].iter().collect();
        match name.as_str() {
            "frac" => {
                let (top, bottom) = (self.argument(), self.argument());
                format!("<mfrac>{top}{bottom}</mfrac>")
            }
            // A small circumflex, not the stretched chevron `^` becomes over a letter.
            "hat" => {
                format!("<mover accent=\"true\">{}<mo stretchy=\"false\">ˆ</mo></mover>", self.argument())
            }
            "operatorname" => format!("<mi>{}</mi>", html(&self.raw_argument())),
            "text" => format!("<mtext>{}</mtext>", html(&self.raw_argument())),
            // The delimiter that follows, stretched to what it encloses.
            "left" | "right" => {
                self.skip_spaces();
                let Some(c) = self.peek() else { return String::new() };
                self.at += 1;
                format!("<mo>{}</mo>", html(&c.to_string()))
            }
            name => match symbol(name) {
                Some((tag, text)) => format!("<{tag}>{text}</{tag}>"),
                None => format!("<mtext>\\{}</mtext>", html(name)),
            },
        }
    }
}

/// A named symbol: its element and character.
fn symbol(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "delta" => ("mi", "δ"),
        "eta" => ("mi", "η"),
        "sigma" => ("mi", "σ"),
        "phi" => ("mi", "φ"),
        "partial" => ("mi", "∂"),
        "top" => ("mi", "⊤"),
        "infty" => ("mi", "∞"),
        // An operator, so that it is spaced from its neighbours: y log ŷ, not ylogŷ.
        "log" => ("mo", "log"),
        "tanh" => ("mi", "tanh"),
        "circ" => ("mo", "∘"),
        "cdot" => ("mo", "·"),
        "times" => ("mo", "×"),
        "leftarrow" => ("mo", "←"),
        "sum" => ("mo", "∑"),
        "cdots" => ("mo", "⋯"),
        _ => return None,
    })
}

/// Elements as one: itself when there is one, else an `<mrow>`.
fn row(mut items: Vec<String>) -> String {
    if items.len() == 1 {
        items.pop().unwrap_or_default()
    } else {
        format!("<mrow>{}</mrow>", items.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_fractions_and_accents() {
        assert_eq!(
            from_tex("\\frac{\\partial L}{\\partial W^{[2]}}"),
            "<mfrac><mrow><mi>∂</mi><mi>L</mi></mrow><mrow><mi>∂</mi>\
             <msup><mi>W</mi><mrow><mo stretchy=\"false\">[</mo><mn>2</mn><mo stretchy=\"false\">]</mo></mrow></msup></mrow></mfrac>"
        );
        assert_eq!(
            from_tex("\\hat{y}_k - y_k"),
            "<msub><mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">ˆ</mo></mover><mi>k</mi></msub><mo>−</mo><msub><mi>y</mi><mi>k</mi></msub>"
        );
        assert_eq!(
            from_tex("J_{\\operatorname{softmax}}^{\\top}"),
            "<msubsup><mi>J</mi><mi>softmax</mi><mi>⊤</mi></msubsup>"
        );
        assert_eq!(
            from_tex("\\phi'(z)"),
            "<mi>φ</mi><mo lspace=\"0\" rspace=\"0\">′</mo><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo>"
        );
        assert_eq!(from_tex("\\operatorname{leaky\\_relu}"), "<mi>leaky_relu</mi>");
        assert_eq!(from_tex("\\text{a < b}"), "<mtext>a &lt; b</mtext>");
        assert_eq!(from_tex("\\left[ x \\right]"), "<mo>[</mo><mi>x</mi><mo>]</mo>");
        assert_eq!(from_tex("\\eta \\, g"), "<mi>η</mi><mspace width=\"0.1667em\"></mspace><mi>g</mi>");
    }

    #[test]
    fn anything_else_is_text_never_markup() {
        assert_eq!(from_tex("\\unknown"), "<mtext>\\unknown</mtext>");
        assert_eq!(from_tex("<&"), "<mo>&lt;</mo><mo>&amp;</mo>");
        assert_eq!(from_tex("}{x"), "<mi>x</mi>");
        assert_eq!(from_tex("x^"), "<msup><mi>x</mi><mrow></mrow></msup>");
        assert_eq!(math("x", "<b>"), "<math alttext=\"&lt;b&gt;\"><mi>x</mi></math>");
    }
}
