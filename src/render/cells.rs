//! Tables in nettrace's style, drawn by comfy-table: box rules, `┆` between cells, `═` under the
//! centred header, one space of padding, no wrapping. Colour is in the cells' text (decided by
//! [`Style::color`](super::Style)): comfy-table's `custom_styling` keeps escapes out of the widths.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Row, Table, Width, presets};

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

/// `table` fitted to `width` columns: where it is wider, comfy-table wraps the text of its widest
/// cells between words, never inside a word where the words fit (a number stays whole; then a
/// header's words). For tables of words, numbers and short lists: a matrix chooses its columns
/// instead.
pub fn fit(mut table: Table, width: Option<usize>) -> Table {
    let Some(w) = width else { return table };
    let longest = |row: &Row, words: &mut Vec<usize>| {
        for (c, cell) in row.cell_iter().enumerate().take(words.len()) {
            let longest = cell.content().split_whitespace().map(super::fit::width).max().unwrap_or(0);
            words[c] = words[c].max(longest);
        }
    };
    let mut body = vec![0; table.column_count()];
    table.row_iter().for_each(|row| longest(row, &mut body));
    let mut all = body.clone();
    table.header().into_iter().for_each(|row| longest(row, &mut all));
    let used = |words: &[usize]| 1 + words.iter().map(|&w| super::fit::cell(w)).sum::<usize>();
    // The cells' words first; then the header words, shortest first (a short word split reads
    // worst), while they fit.
    let bounds = (used(&body) <= w).then(|| {
        let mut bounds = body.clone();
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&c| (all[c], all[c] - body[c]));
        for c in order {
            let before = bounds[c];
            bounds[c] = all[c];
            if used(&bounds) > w {
                bounds[c] = before;
            }
        }
        bounds
    });
    for (c, column) in table.column_iter_mut().enumerate() {
        if let Some(word) = bounds.as_ref().map(|b| b[c]) {
            // comfy-table's lower boundary counts the padding.
            let word = u16::try_from(word + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(word)));
        }
    }
    table
        .set_width(u16::try_from(w).unwrap_or(u16::MAX))
        .set_content_arrangement(ContentArrangement::Dynamic);
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
