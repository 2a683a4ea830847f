//! Fitting text to a width: how many columns a string takes on a terminal, which columns of a
//! table fit, and lines wrapped at their natural breaks.

use unicode_width::UnicodeWidthChar;

/// Columns `s` takes on a terminal: colour escapes (`ESC [ … m`) take none, wide characters two.
pub fn width(s: &str) -> usize {
    let (mut n, mut chars) = (0, s.chars());
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            n += c.width().unwrap_or(0);
        }
    }
    n
}

/// Columns a table cell of `content` columns takes in nettrace's tables: one space of padding on
/// each side and the rule before it. A whole table is one more (the closing rule).
pub const fn cell(content: usize) -> usize {
    content + 3
}

/// The columns of a table shown within `limit` columns, as numpy abbreviates: all of them when
/// they fit, else the first and last ones that fit around `…` (`None`), at least one of each.
/// `widths[c]` is the widest content of column c; `rest` the columns the table takes besides
/// these (row labels and the closing rule). `edge`, when given, caps the columns kept on each side
/// and abbreviates whenever there are more than twice as many.
pub fn columns(
    widths: &[usize],
    rest: usize,
    limit: Option<usize>,
    edge: Option<usize>,
) -> Vec<Option<usize>> {
    let n = widths.len();
    if n <= 2 {
        return (0..n).map(Some).collect();
    }
    let total = rest + widths.iter().map(|&w| cell(w)).sum::<usize>();
    let capped = edge.is_some_and(|e| n > 2 * e);
    if !capped && limit.is_none_or(|l| total <= l) {
        return (0..n).map(Some).collect();
    }
    let costs: Vec<usize> = widths.iter().map(|&w| cell(w)).collect();
    // The first and last columns and the `…` between them, always.
    let used = rest + cell(1) + costs[0] + costs[n - 1];
    edges(&costs, used, limit.unwrap_or(usize::MAX), edge.unwrap_or(n))
}

/// The first and last of the items costing `costs` that fit in `room`, taken from both ends in
/// turn, at most `cap` from each, around `None` for the ones left out; all when all fit. `used`
/// is what the first and last item and the mark between them already take.
pub(crate) fn edges<T>(costs: &[T], mut used: T, room: T, cap: usize) -> Vec<Option<usize>>
where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    let n = costs.len();
    let (mut left, mut right) = (1, 1);
    loop {
        let mut grew = false;
        if left < cap && left + right < n && used + costs[left] <= room {
            used = used + costs[left];
            left += 1;
            grew = true;
        }
        if right < cap && left + right < n && used + costs[n - 1 - right] <= room {
            used = used + costs[n - 1 - right];
            right += 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    if left + right >= n {
        return (0..n).map(Some).collect();
    }
    (0..left).map(Some).chain([None]).chain((n - right..n).map(Some)).collect()
}

/// Words that bind to their neighbours: a line breaks beside them only where what they bind is
/// too long for a line (`η = 0.1`, `z ≤ 0` stay whole).
const GLUE: &[&str] = &["=", "≈", "≤", "≥", "<", ">", "→", "←", "+", "−", "-", "∘", "×", "·", "/"];

/// `line` wrapped to `limit` columns, lines joined by `\n`: broken at ` · ` between items where it
/// can, else between words, and continued after `indent` spaces. A line that fits (or no limit)
/// is returned as it is; a word longer than the limit stays whole.
pub fn wrap(line: &str, limit: Option<usize>, indent: usize) -> String {
    let Some(limit) = limit else { return line.to_string() };
    if width(line) <= limit {
        return line.to_string();
    }
    let lead = line.len() - line.trim_start_matches(' ').len();
    let mut lines =
        Lines { lines: vec![line[..lead].to_string()], fresh: true, limit, pad: " ".repeat(indent) };
    for (i, item) in line[lead..].split(" · ").enumerate() {
        let joint = if i == 0 { "" } else { " · " };
        // An item that fits on a line of its own starts one rather than break.
        if !lines.room(joint, item) && lines.fits_alone(item) {
            lines.newline();
        }
        for (k, unit) in units(item).iter().enumerate() {
            let joint = if k == 0 { joint } else { " " };
            let text = unit.join(" ");
            if lines.room(joint, &text) {
                lines.put(joint, &text);
            } else if lines.fits_alone(&text) {
                lines.newline();
                lines.put(joint, &text);
            } else {
                for (m, word) in unit.iter().enumerate() {
                    lines.place(if m == 0 { joint } else { " " }, word);
                }
            }
        }
    }
    lines.lines.join("\n")
}

/// Lines being filled by [`wrap`].
struct Lines {
    lines: Vec<String>,
    /// Nothing but indentation on the last line yet.
    fresh: bool,
    limit: usize,
    pad: String,
}

impl Lines {
    fn last(&self) -> &str {
        self.lines.last().expect("there is always a line")
    }

    /// Whether `joint` and `text` fit on the last line (always, on a fresh one).
    fn room(&self, joint: &str, text: &str) -> bool {
        self.fresh || width(self.last()) + width(joint) + width(text) <= self.limit
    }

    /// Whether `text` fits on a line of its own.
    fn fits_alone(&self, text: &str) -> bool {
        !self.fresh && width(&self.pad) + width(text) <= self.limit
    }

    fn put(&mut self, joint: &str, text: &str) {
        if self.fresh && text.is_empty() {
            return;
        }
        let last = self.lines.last_mut().expect("there is always a line");
        if !self.fresh {
            last.push_str(joint);
        }
        last.push_str(text);
        self.fresh = false;
    }

    fn place(&mut self, joint: &str, text: &str) {
        if !self.room(joint, text) {
            self.newline();
        }
        self.put(joint, text);
    }

    fn newline(&mut self) {
        let last = self.lines.last_mut().expect("there is always a line");
        last.truncate(last.trim_end_matches(' ').len());
        self.lines.push(self.pad.clone());
        self.fresh = true;
    }
}

/// The words of `text`, glue words grouped with their neighbours: the units a line breaks between.
fn units(text: &str) -> Vec<Vec<&str>> {
    let mut units: Vec<Vec<&str>> = Vec::new();
    let mut glued = false;
    for word in text.split(' ') {
        let glue = GLUE.contains(&word);
        match units.last_mut() {
            Some(last) if glue || glued => last.push(word),
            _ => units.push(vec![word]),
        }
        glued = glue;
    }
    units
}

/// Every line of `text` wrapped to `limit` ([`wrap`]), each continued two spaces further in than
/// it starts: for plain text written whole (no tables).
pub fn wrap_lines(text: &str, limit: Option<usize>) -> String {
    if limit.is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let lead = body.len() - body.trim_start_matches(' ').len();
        out.push_str(&wrap(body, limit, lead + 2));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_terminal_columns() {
        assert_eq!(width("∂L/∂ŷ"), 5);
        assert_eq!(width("\x1b[1;31mFAIL\x1b[0m"), 4);
        assert_eq!(width("数字"), 4);
    }

    #[test]
    fn columns_keep_the_first_and_last_that_fit() {
        // Ten columns of 7: 10 each in a table, 1 + 10·10 = 101 in all.
        let widths = [7; 10];
        assert_eq!(columns(&widths, 1, None, None).len(), 10);
        assert_eq!(columns(&widths, 1, Some(101), None).len(), 10);
        // 1 + 4 (…) + 10·k ≤ 80: seven columns, four first.
        let shown = columns(&widths, 1, Some(80), None);
        assert_eq!(shown, [Some(0), Some(1), Some(2), Some(3), None, Some(7), Some(8), Some(9)]);
        // Never fewer than the first and the last.
        assert_eq!(columns(&widths, 1, Some(5), None), [Some(0), None, Some(9)]);
        // numpy's edge of three, however wide the screen.
        let capped = columns(&widths, 1, None, Some(3));
        assert_eq!(capped, [Some(0), Some(1), Some(2), None, Some(7), Some(8), Some(9)]);
    }

    #[test]
    fn wrap_breaks_between_items_then_words() {
        let line = "layout out_in · loss cross_entropy · η = 0.1 · 1 sample";
        assert_eq!(wrap(line, Some(80), 2), line);
        assert_eq!(wrap(line, None, 2), line);
        assert_eq!(wrap(line, Some(40), 2), "layout out_in · loss cross_entropy\n  η = 0.1 · 1 sample");
        let text = "! ReLU unit 1 of layer 1 is inactive: z ≤ 0 for the sample (largest z = -0.3)";
        assert_eq!(
            wrap(text, Some(30), 2),
            "! ReLU unit 1 of layer 1 is\n  inactive: z ≤ 0 for the\n  sample (largest z = -0.3)"
        );
    }

    #[test]
    fn wrap_lines_indents_each_line_under_itself() {
        let text = "! one two three four\n  → five six seven eight\n";
        assert_eq!(
            wrap_lines(text, Some(12)),
            "! one two\n  three four\n  → five six\n    seven\n    eight\n"
        );
    }
}
