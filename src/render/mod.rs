//! Renderers: a [`Step`](crate::step::Step) or a teaching tool's result in, text out. They compute nothing.

pub mod check;
pub mod diagnostics;
pub mod dot;
pub mod grade;
pub mod grid;
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
