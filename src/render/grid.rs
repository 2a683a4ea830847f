//! A table grid drawn by hand: the UTF-8 condensed style (box rules, `┆` between cells, `═` under
//! the header) with one space of padding. For a 256×512 matrix this is several times faster than
//! a general table crate; `tests/grid.rs` checks it against comfy-table byte for byte.

/// How a column's cells are aligned (the header is always centred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: a header row, then rows of cells (each as wide as the header), no wrapping.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub header: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
}

/// The columns `s` takes on a terminal: its characters, less the colour escapes (`ESC [ … m`).
fn width(s: &str) -> usize {
    if !s.contains('\x1b') {
        return if s.is_ascii() { s.len() } else { s.chars().count() };
    }
    let (mut n, mut chars) = (0, s.chars());
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            n += 1;
        }
    }
    n
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn rule(out: &mut String, widths: &[usize], left: char, line: char, join: char, right: char) {
    out.push(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            out.push(join);
        }
        out.extend(std::iter::repeat_n(line, w + 2));
    }
    out.push(right);
    out.push('\n');
}

impl Grid {
    /// The grid as text, each line ending with a newline except the last.
    pub fn render(&self) -> String {
        // A column is at least one character wide, even when every cell is empty.
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h).max(1)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let cells: usize = widths.iter().map(|w| w + 3).sum::<usize>() + 2;
        let mut out = String::with_capacity(cells * 3 * (self.rows.len() + 4));
        rule(&mut out, &widths, '┌', '─', '┬', '┐');
        out.push('│');
        for (c, (h, w)) in self.header.iter().zip(&widths).enumerate() {
            if c > 0 {
                out.push('┆');
            }
            let space = w - width(h);
            // The odd space goes on the left, as comfy-table does it.
            pad(&mut out, 1 + space - space / 2);
            out.push_str(h);
            pad(&mut out, 1 + space / 2);
        }
        out.push_str("│\n");
        rule(&mut out, &widths, '╞', '═', '╪', '╡');
        for row in &self.rows {
            out.push('│');
            for (c, w) in widths.iter().enumerate() {
                if c > 0 {
                    out.push('┆');
                }
                let cell = row.get(c).map_or("", String::as_str);
                let space = w - width(cell);
                match self.align.get(c).copied().unwrap_or(Align::Left) {
                    Align::Left => {
                        out.push(' ');
                        out.push_str(cell);
                        pad(&mut out, space + 1);
                    }
                    Align::Right => {
                        pad(&mut out, space + 1);
                        out.push_str(cell);
                        out.push(' ');
                    }
                }
            }
            out.push_str("│\n");
        }
        rule(&mut out, &widths, '└', '─', '┴', '┘');
        out.pop();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_escapes_take_no_columns() {
        assert_eq!(width("\x1b[1;31mFAIL\x1b[0m"), 4);
        assert_eq!(width("δ[1]"), 4);
        let grid = Grid {
            header: vec!["verdict".into()],
            align: vec![Align::Left],
            rows: vec![vec!["\x1b[33mkink\x1b[0m".into()], vec!["ok".into()]],
        };
        let lines: Vec<usize> = grid.render().lines().map(width).collect();
        assert!(lines.iter().all(|&w| w == lines[0]), "{}", grid.render());
    }
}
