//! Renderers: a [`Trace`](crate::step::Trace) in, text out. They compute nothing.

pub mod cells;
pub mod check;
pub mod diagnostics;
pub mod dot;
pub mod grade;
pub mod json;
pub mod latex;
pub mod markdown;
pub mod number;
pub mod plot;
pub mod stream;
pub mod table;
pub mod tex;
pub mod training;
pub mod why;

/// How text output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Significant digits of numbers in tables.
    pub precision: usize,
    /// ANSI colour and bold on headings.
    pub color: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style { precision: 6, color: false }
    }
}
