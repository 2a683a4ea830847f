//! Value parsers and options shared by several commands.

use super::Context;
use nettrace::render::Style;

/// How text output fits the screen.
#[derive(Debug, Clone, clap::Args)]
pub struct Screen {
    /// Fit tables and text to N columns (0: no limit). By default, the terminal's width when
    /// standard output is a terminal, else the COLUMNS variable, else no limit.
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

impl Screen {
    /// The table style for `precision` significant digits, fitted to this width.
    pub fn style(&self, ctx: &Context, precision: u8) -> Style {
        ctx.style(precision).fitted(self.width)
    }
}

/// A learning rate: a positive finite number.
pub fn learning_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(lr) if lr.is_finite() && lr > 0.0 => Ok(lr),
        _ => Err("expected a positive number such as 0.1".to_string()),
    }
}

/// A positive finite number.
pub fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err("expected a positive number such as 1e-6".to_string()),
    }
}
