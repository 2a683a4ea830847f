//! Renderers: a [`Step`](crate::step::Step) or a teaching tool's result in, text out. They compute nothing.

mod braille;
pub mod cells;
pub mod check;
pub mod diagnostics;
pub mod dot;
pub mod fit;
pub mod grade;
pub mod grade_class;
mod grade_mistakes;
pub mod html;
pub mod json;
pub mod latex;
pub mod markdown;
pub mod plot;
pub mod stream;
pub mod table;
pub mod tex;
pub mod trace;
pub mod training;
pub mod why;

/// A traced step as a renderer shows it: the step, the file's name and description, and the
/// diagnostics when asked for.
#[derive(Debug, Clone, Copy)]
pub struct Traced<'a> {
    pub step: &'a crate::step::Step<'a>,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub diagnostics: Option<&'a [crate::teach::diagnostics::Finding]>,
}

/// How text output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Significant digits of numbers in tables.
    pub precision: usize,
    /// ANSI colour and bold on headings.
    pub color: bool,
    /// Every entry of big matrices, rather than their corners.
    pub full: bool,
    /// The columns text is fitted to: tables, titles and diagnostics (None: no limit).
    pub width: Option<usize>,
}

impl Default for Style {
    fn default() -> Self {
        Style { precision: 6, color: false, full: false, width: None }
    }
}

impl Style {
    /// This style fitted to `width` columns when it is given (0: no limit).
    pub fn fitted(self, width: Option<usize>) -> Style {
        match width {
            Some(0) => Style { width: None, ..self },
            Some(w) => Style { width: Some(w), ..self },
            None => self,
        }
    }
}

/// Matrices with more entries than this are abbreviated, as numpy prints them: the first and
/// last [`EDGE`] rows and columns around `…` (tables unless [`Style::full`]; worked solutions).
const THRESHOLD: usize = 1000;
const EDGE: usize = 3;

/// On a screen (a width is known), a matrix with more rows than this shows its first and last
/// [`EDGE`] rows.
const SCREEN_ROWS: usize = 24;

/// The rows shown of a matrix with `rows` rows and `cols` columns in tables: all of them with
/// [`Style::full`]; else the first and last [`EDGE`] when it is too big or, on a screen, too tall.
fn rows_shown(rows: usize, cols: usize, style: Style) -> Vec<Option<usize>> {
    let tall = style.width.is_some() && rows > SCREEN_ROWS;
    shown(rows, !style.full && (too_big(rows, cols) || tall))
}

/// Whether a `rows`×`cols` matrix is abbreviated.
fn too_big(rows: usize, cols: usize) -> bool {
    rows.saturating_mul(cols) > THRESHOLD
}

/// The indices shown of `n`, with `None` where `…` stands for the ones left out.
fn shown(n: usize, abbreviate: bool) -> Vec<Option<usize>> {
    if abbreviate && n > 2 * EDGE {
        (0..EDGE).map(Some).chain([None]).chain((n - EDGE..n).map(Some)).collect()
    } else {
        (0..n).map(Some).collect()
    }
}
