//! Tables in nettrace's style, drawn by comfy-table: box rules, `┆` between cells, `═` under the
//! centred header, one space of padding, no wrapping. Colour is in the cells' text (decided by
//! [`Style::color`](super::Style)): comfy-table's `custom_styling` keeps escapes out of the widths.

use comfy_table::{Cell, Row, Table, presets};

pub use comfy_table::CellAlignment as Align;

/// A table with `header` (centred) over `rows`, column `c` aligned by `align[c]`. It displays
/// without a final newline.
pub fn table(
    header: impl IntoIterator<Item = impl Into<String>>,
    align: &[Align],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Table {
    let mut table = Table::new();
    // No terminal checks: the output is the same wherever it goes.
    table.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    table.set_header(
        header
            .into_iter()
            .map(|h| Cell::new_owned(h.into()).set_alignment(Align::Center))
            .collect::<Vec<_>>(),
    );
    for (column, &a) in table.column_iter_mut().zip(align) {
        column.set_cell_alignment(a);
    }
    for row in rows {
        table.add_row(Row::from(row.into_iter().map(Cell::new_owned).collect::<Vec<_>>()));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns on a terminal: characters, less the colour escapes (`ESC [ … m`).
    fn width(s: &str) -> usize {
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

    #[test]
    #[rustfmt::skip]
    fn header_is_centred_and_columns_aligned() {
        let t = table(
            ["", "unit 1", "unit 2"],
            &[Align::Left, Align::Right, Align::Right],
            [vec!["sample 1".into(), "0.5".into(), "-12.25".into()]],
        );
        assert_eq!(t.to_string(), "\
┌──────────┬────────┬────────┐
│          ┆ unit 1 ┆ unit 2 │
╞══════════╪════════╪════════╡
│ sample 1 ┆    0.5 ┆ -12.25 │
└──────────┴────────┴────────┘");
    }

    #[test]
    fn colour_escapes_take_no_columns() {
        let t = table(
            ["verdict", "δ[1]"],
            &[Align::Left, Align::Right],
            [
                vec!["\x1b[1;31mFAIL\x1b[0m".into(), "1".into()],
                vec!["ok".into(), "\x1b[33mkink\x1b[0m".into()],
            ],
        );
        let text = t.to_string();
        let lines: Vec<usize> = text.lines().map(width).collect();
        assert!(lines.iter().all(|&w| w == lines[0]), "{text}");
        assert!(text.contains("│ \x1b[1;31mFAIL\x1b[0m    ┆    1 │"), "{text}");
    }
}
