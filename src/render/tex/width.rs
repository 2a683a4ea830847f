//! The width of math TeX as pdflatex sets it, estimated from Computer Modern's glyphs at 10pt
//! (digits 5pt, a binary operator with its spaces about 13pt), erring wide.

/// `\cdots`.
pub(super) const CDOTS: f64 = 13.4;

/// The width of a number as [`super::number`] writes it: `-0.05`, `1.5 \times 10^{-5}`.
pub(super) fn number_width(s: &str) -> f64 {
    let glyphs = |s: &str| -> f64 {
        s.chars()
            .map(|c| match c {
                '.' | ',' => 2.8,
                '-' => 7.8,
                _ => 5.0,
            })
            .sum()
    };
    match s.split_once(" \\times 10^{") {
        Some((mantissa, exponent)) => {
            glyphs(mantissa) + 12.2 + 10.0 + 0.7 * glyphs(exponent.trim_end_matches('}'))
        }
        None => glyphs(s),
    }
}

/// The width of a line of math TeX, estimated.
pub(super) fn width(tex: &str) -> f64 {
    let chars: Vec<char> = tex.chars().collect();
    let mut i = 0;
    let mut w = 0.0;
    while i < chars.len() {
        w += token(&chars, &mut i);
    }
    w
}

/// The width of the token at `i` (a group in braces counts whole), moving past it.
fn token(c: &[char], i: &mut usize) -> f64 {
    let Some(&ch) = c.get(*i) else { return 0.0 };
    *i += 1;
    match ch {
        '{' => {
            let mut w = 0.0;
            while *i < c.len() && c[*i] != '}' {
                w += token(c, i);
            }
            *i += 1;
            w
        }
        '^' | '_' => 0.7 * token(c, i),
        '\\' => command(c, i),
        ' ' | '&' | '}' => 0.0,
        '0'..='9' => 5.0,
        '+' | '-' | '=' | '<' | '>' => 13.0,
        '(' | ')' | '[' | ']' => 3.9,
        '.' | ',' | ';' | '\'' | '|' => 2.8,
        _ => 5.7,
    }
}

/// The width of the command after a backslash at `i`, with its arguments, moving past them.
fn command(c: &[char], i: &mut usize) -> f64 {
    let start = *i;
    while *i < c.len() && c[*i].is_ascii_alphabetic() {
        *i += 1;
    }
    if *i == start {
        // \\, \, \{ and the like.
        *i += 1;
        return 3.0;
    }
    let name: String = c[start..*i].iter().collect();
    while c.get(*i) == Some(&' ') {
        *i += 1;
    }
    match name.as_str() {
        "frac" => {
            let numerator = token(c, i);
            while c.get(*i) == Some(&' ') {
                *i += 1;
            }
            numerator.max(token(c, i)) + 2.0
        }
        "left" | "right" => {
            // The delimiter: one character or a command such as \lVert.
            if c.get(*i) == Some(&'\\') {
                *i += 1;
                command(c, i);
            } else {
                *i += 1;
            }
            5.0
        }
        "operatorname" | "text" | "mathrm" | "texttt" => token(c, i) + 3.0,
        "hat" | "bar" | "tilde" | "vec" => token(c, i),
        "quad" => 10.0,
        "qquad" => 20.0,
        "sum" => 12.0,
        "log" | "exp" => 15.0,
        "tanh" => 22.0,
        "leftarrow" | "rightarrow" | "times" => 15.0,
        "cdots" | "ddots" => CDOTS,
        "circ" | "cdot" => 10.0,
        _ => 8.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_estimated_from_the_glyphs() {
        assert_eq!(number_width("-0.05"), 7.8 + 2.8 + 15.0);
        assert_eq!(width("z^{[1]}"), 5.7 + 0.7 * (3.9 + 5.0 + 3.9));
        assert_eq!(width("\\frac{1}{8}"), 7.0);
    }
}
