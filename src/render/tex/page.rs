//! LaTeX that fits the page: matrices keep the first and last columns that fit the text width
//! around `\cdots` (and, when tall, their first and last rows around `\vdots`), as numpy
//! abbreviates; substituted formulas break over several lines before an operator or between the
//! factors of a product. Widths are estimated in points from Computer Modern at 10pt, generously.

use super::width::{CDOTS, number_width, width};
use super::{bmatrix, number, piece_texs};
use crate::render::{EDGE, shown, too_big};
use crate::step::{View, rows};
use crate::teach::worked::{Equation, Piece};

/// The text width of LaTeX's `article` class at 10pt (345pt), less a margin for the estimates.
const TEXT_WIDTH: f64 = 335.0;
/// Matrices with more rows than this show their first and last [`EDGE`] rows around `\vdots`.
const MAX_ROWS: usize = 16;
/// The most columns of amsmath's matrices (its counter MaxMatrixCols).
const MAX_COLS: usize = 10;
/// Two `\arraycolsep`s between the columns of a matrix.
const COLUMN_GAP: f64 = 10.0;
/// A matrix's brackets with their spacing.
const BRACKETS: f64 = 12.0;
/// `=` or `\leftarrow` with its spacing, at the start of a line.
const RELATION: f64 = 16.0;

/// The lines of an equation for LaTeX's `align*`, as [`super::aligned_lines`] writes them but
/// fitted to the page: `lhs &= formula`, the substituted formula over as many lines as it needs
/// (continued lines start with `\quad`), `&= result`.
pub(crate) fn aligned_lines(eq: &Equation, precision: usize) -> Vec<String> {
    let room = TEXT_WIDTH - width(&eq.lhs) - RELATION;
    let mut lines = vec![format!("{} &{} {}", eq.lhs, eq.relation, eq.formula)];
    if !eq.substituted.is_empty() {
        let broken = substituted(&eq.substituted, precision, room);
        for (i, line) in broken.iter().enumerate() {
            lines.push(if i == 0 { format!("&= {line}") } else { format!("&\\quad {{}}{line}") });
        }
    }
    lines.push(format!("&= {}", value(&eq.result, precision, room).0));
    lines
}

/// The lines `symbol &= value` of one `align*`, each value fitted to the page beside the widest
/// symbol (the column of symbols is as wide as it).
pub(crate) fn given(given: &[(String, View)], precision: usize) -> Vec<String> {
    let symbols = given.iter().map(|(s, _)| width(s)).fold(0.0, f64::max);
    let room = TEXT_WIDTH - symbols - RELATION;
    given.iter().map(|(s, v)| format!("{s} &= {}", value(v, precision, room).0)).collect()
}

/// A value as [`super::value`] writes it, abbreviated to fit `room` points, and its width.
fn value(v: &View, precision: usize, room: f64) -> (String, f64) {
    let scalar = |x: f64| {
        let s = number(x, precision);
        let w = number_width(&s);
        (s, w)
    };
    match v.size() {
        (1, 1) => scalar(v.at(0, 0)),
        _ => matrix(&rows(v.numbers()), precision, room),
    }
}

/// A `bmatrix` of the columns that fit `room`, and of the first and last rows of a tall one.
fn matrix(rows: &[Vec<f64>], precision: usize, room: f64) -> (String, f64) {
    let cols = rows.first().map_or(0, Vec::len);
    let big = too_big(rows.len(), cols);
    let shown_rows = shown(rows.len(), big || rows.len() > MAX_ROWS);
    let widths: Vec<f64> = (0..cols)
        .map(|c| {
            let cells = shown_rows.iter().flatten().map(|&r| number_width(&number(rows[r][c], precision)));
            cells.fold(0.0, f64::max)
        })
        .collect();
    // amsmath's matrices take at most 10 columns (MaxMatrixCols): four each side of `\cdots`.
    let edge = if big { Some(EDGE) } else { (cols > MAX_COLS).then_some((MAX_COLS - 1) / 2) };
    let shown_cols = columns(&widths, room, edge);
    let content: f64 = shown_cols.iter().map(|c| c.map_or(CDOTS, |c| widths[c]) + COLUMN_GAP).sum();
    (bmatrix(rows, &shown_rows, &shown_cols, precision), BRACKETS + content - COLUMN_GAP)
}

/// The columns of a matrix within `room` points: all when they fit, else the first and last that
/// fit around `\cdots` (`None`), at least one of each; at most `edge` on each side when given.
fn columns(widths: &[f64], room: f64, edge: Option<usize>) -> Vec<Option<usize>> {
    let n = widths.len();
    let total = BRACKETS + widths.iter().map(|w| w + COLUMN_GAP).sum::<f64>() - COLUMN_GAP;
    let capped = edge.is_some_and(|e| n > 2 * e);
    if n <= 2 || (!capped && total <= room) {
        return (0..n).map(Some).collect();
    }
    let costs: Vec<f64> = widths.iter().map(|w| w + COLUMN_GAP).collect();
    let used = BRACKETS + widths[0] + CDOTS + widths[n - 1] + 2.0 * COLUMN_GAP;
    crate::render::fit::edges(&costs, used, room, edge.unwrap_or(n))
}

/// A piece of a substituted line: its TeX and width, whether the line may break before it, and
/// for a value, the value with the TeX around it (a dot, parentheses) to write it again smaller.
struct Atom<'a> {
    tex: String,
    width: f64,
    breaks: bool,
    /// The line may break before it where nothing else fits (outside braces, not before `^`).
    splits: bool,
    value: Option<(&'a View, String, String)>,
}

impl Atom<'_> {
    /// Writes the value again within `room` points, with what is around it.
    fn fit(&mut self, precision: usize, room: f64) {
        if let Some((v, before, after)) = &self.value {
            let beside = width(before) + width(after);
            let (tex, w) = value(v, precision, room - beside);
            self.tex = format!("{before}{tex}{after}");
            self.width = w + beside;
        }
    }
}

/// The substituted formula in lines of at most `room` points, broken before an operator or
/// between the matrices of a product (outside braces); a matrix is abbreviated to fit its line
/// with what cannot break from it. A break inside `\left … \right` closes the line with
/// `\right.` and opens the next with `\left.`, so that every line is TeX on its own.
fn substituted(pieces: &[Piece], precision: usize, room: f64) -> Vec<String> {
    let mut atoms = atoms(pieces, precision, room);
    let runs = runs(&mut atoms, precision, room);
    lines(&atoms, &runs, room)
}

/// The pieces as atoms: each value fitted to the line, TeX cut before its operators.
fn atoms<'a>(pieces: &'a [Piece], precision: usize, room: f64) -> Vec<Atom<'a>> {
    let mut values = Vec::new();
    let texs = piece_texs(pieces, |v| {
        values.push(value(v, precision, room).0);
        values.last().expect("just written").clone()
    });
    let mut values = values.into_iter();
    let mut atoms: Vec<Atom> = Vec::new();
    let (mut after_matrix, mut braces) = (false, 0i32);
    for (piece, tex) in pieces.iter().zip(texs) {
        match piece {
            Piece::Num(v) => {
                // The dot or parentheses put around the value.
                let written = values.next().expect("a value for every number");
                let at = tex.find(&written).expect("the value is in its piece");
                let (before, after) = (&tex[..at], &tex[at + written.len()..]);
                let matrix = v.numbers().len() > 1;
                // Matrices side by side are a product: the line may break between them.
                let breaks = matrix && after_matrix && braces == 0;
                let value = Some((v, before.to_string(), after.to_string()));
                let splits = braces == 0;
                let mut atom = Atom { tex: String::new(), width: 0.0, breaks, splits, value };
                atom.fit(precision, room);
                atoms.push(atom);
                after_matrix = matrix;
            }
            Piece::Tex(_) => {
                for part in operators(&tex) {
                    let operator = OPERATORS.iter().any(|op| part.starts_with(op));
                    after_matrix = after_matrix && part.trim() == "^{\\top}";
                    let breaks = operator && braces == 0;
                    let splits = braces == 0 && !part.starts_with(['^', '_']);
                    braces += part.matches('{').count() as i32 - part.matches('}').count() as i32;
                    atoms.push(Atom { width: width(&part), tex: part, breaks, splits, value: None });
                }
            }
        }
    }
    atoms
}

/// Runs of atoms that cannot break, as (start, end): a matrix in one too wide for a line gives
/// up columns; a run still too wide (long numbers) splits wherever it may, between a factor and
/// a matrix.
fn runs(atoms: &mut [Atom], precision: usize, room: f64) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = (0..atoms.len()).filter(|&i| i == 0 || atoms[i].breaks).collect();
    let runs: Vec<(usize, usize)> =
        starts.iter().zip(starts.iter().skip(1).chain([&atoms.len()])).map(|(&a, &b)| (a, b)).collect();
    for &(start, end) in &runs {
        for i in start..end {
            let run: f64 = atoms[start..end].iter().map(|a| a.width).sum();
            if run > room && atoms[i].value.is_some() {
                let others = run - atoms[i].width;
                atoms[i].fit(precision, room - others);
            }
        }
    }
    runs.into_iter()
        .flat_map(|(start, end)| {
            let run: f64 = atoms[start..end].iter().map(|a| a.width).sum();
            let cuts: Vec<usize> = if run > room {
                (start..end).filter(|&i| i == start || atoms[i].splits).collect()
            } else {
                vec![start]
            };
            let ends: Vec<usize> = cuts.iter().skip(1).copied().chain([end]).collect();
            cuts.into_iter().zip(ends).collect::<Vec<_>>()
        })
        .collect()
}

/// The runs in lines of at most `room` points, delimiters closed and reopened at each break.
fn lines(atoms: &[Atom], runs: &[(usize, usize)], room: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let (mut used, mut delimiters) = (0.0, 0usize);
    for &(start, end) in runs {
        let run: f64 = atoms[start..end].iter().map(|a| a.width).sum();
        if used > 0.0 && used + run > room {
            let line = lines.last_mut().expect("there is always a line");
            line.push_str(&" \\right.".repeat(delimiters));
            lines.push("\\left. ".repeat(delimiters));
            used = 0.0;
        }
        for atom in &atoms[start..end] {
            let (opened, closed) = (atom.tex.matches("\\left").count(), atom.tex.matches("\\right").count());
            delimiters = (delimiters + opened).saturating_sub(closed);
            lines.last_mut().expect("there is always a line").push_str(&atom.tex);
        }
        used += run;
    }
    lines
}

/// The operators a substituted line may break before.
const OPERATORS: [&str; 3] = [" + ", " - ", " \\circ "];

/// `tex` cut before each operator it holds outside braces (` + `, ` - `, ` \circ `).
fn operators(tex: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    let mut rest = tex;
    while let Some(c) = rest.chars().next() {
        let at_operator = depth == 0 && !parts.last().is_some_and(String::is_empty);
        if let Some(op) = OPERATORS.iter().find(|op| at_operator && rest.starts_with(**op)) {
            parts.push(op.to_string());
            rest = &rest[op.len()..];
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        parts.last_mut().expect("there is always a part").push(c);
        rest = &rest[c.len_utf8()..];
    }
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::step::Axis;
    use nalgebra::DMatrix;

    /// Numbers given as rows, as typeset.
    fn m(rows: &[Vec<f64>]) -> View {
        let (r, c) = (rows.len(), rows[0].len());
        View::matrix(Axis::Sample, Axis::Unit, DMatrix::from_fn(r, c, |i, j| rows[i][j]))
    }

    #[test]
    fn wide_matrices_keep_their_first_and_last_columns() {
        let row: Vec<f64> = (1..=12).map(|i| -0.123456 * i as f64).collect();
        let (tex, w) = value(&m(&[row.clone(), row]), 6, 250.0);
        assert!(w <= 250.0, "{w}: {tex}");
        assert!(tex.starts_with("\\begin{bmatrix} -0.123456 & -0.246912 & "), "{tex}");
        assert!(tex.contains(" & \\cdots & ") && tex.ends_with("-1.48147 \\end{bmatrix}"), "{tex}");
        // Narrow ones stay whole.
        let (tex, _) = value(&View::row(Axis::Unit, &[0.1, 0.2]), 6, 250.0);
        assert_eq!(tex, "\\begin{bmatrix} 0.1 & 0.2 \\end{bmatrix}");
    }

    #[test]
    fn tall_matrices_keep_their_first_and_last_rows() {
        let rows: Vec<Vec<f64>> = (0..20).map(|r| vec![r as f64]).collect();
        let (tex, _) = value(&m(&rows), 6, 250.0);
        assert_eq!(
            tex,
            "\\begin{bmatrix} 0 \\\\ 1 \\\\ 2 \\\\ \\vdots \\\\ 17 \\\\ 18 \\\\ 19 \\end{bmatrix}"
        );
    }

    #[test]
    fn long_lines_break_before_an_operator_and_close_their_delimiters() {
        let m = m(&vec![(0..4).map(|i| -0.0123456 * i as f64).collect(); 4]);
        let pieces = [
            Piece::Tex("\\left(".into()),
            Piece::Num(m.clone()),
            Piece::Tex(" \\circ ".into()),
            Piece::Num(m),
            Piece::Tex("\\right)".into()),
        ];
        let lines = substituted(&pieces, 6, 300.0);
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].starts_with("\\left(\\begin{bmatrix}") && lines[0].ends_with("\\end{bmatrix} \\right.")
        );
        assert!(lines[1].starts_with("\\left.  \\circ \\begin{bmatrix}") && lines[1].ends_with("\\right)"));
        // Short ones stay on one line.
        let short = [Piece::Num(View::scalar(0.5)), Piece::Tex(" + ".into()), Piece::Num(View::scalar(1.0))];
        assert_eq!(substituted(&short, 6, 300.0), ["0.5 + 1"]);
    }
}
