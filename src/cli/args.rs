//! Value parsers and options shared by several commands.

use super::ColorChoice;
use super::Context;
use clap::Args;
use nettrace::io::data::Options;
use nettrace::io::network_file::Limits;
use nettrace::render::Style;

/// `--max-values`, for the commands that read a network, data or an answer sheet.
#[derive(Debug, Args)]
pub struct LimitArg {
    /// The most numbers a network may hold (parameters, and per-sample values over a batch).
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_VALUES)]
    pub max_values: usize,

    /// The most bytes a table, trace, worked solution, page, plot, graph or script may take;
    /// past it nothing is written.
    #[arg(long, value_name = "BYTES", default_value_t = super::capped::DEFAULT_MAX_OUTPUT_BYTES)]
    pub max_output_bytes: u64,
}

/// How tables and text show on the screen: `--color` and `--width`, for the commands that print
/// tables (run, train, check, grade).
#[derive(Debug, Clone, Args)]
pub struct Screen {
    /// When to colour output: auto colours only a terminal, and never under NO_COLOR or TERM=dumb.
    #[arg(long = "color", value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

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

/// A count that must be at least 1 (epochs, steps, a batch size, a sample number).
pub fn at_least_one(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number, at least 1".to_string()),
    }
}

/// Significant digits in tables: 1 to 17 (an f64 has no more).
pub fn digits(s: &str) -> Result<u8, String> {
    whole(s, 1, 17).map(|n| n as u8)
}

/// Decimal places to round to: 0 to 15.
pub fn decimals(s: &str) -> Result<u32, String> {
    whole(s, 0, 15).map(|n| n as u32)
}

/// A whole number from `lo` to `hi`.
fn whole(s: &str, lo: u64, hi: u64) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from {lo} to {hi}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_what_is_wrong_without_the_type_range() {
        assert_eq!(at_least_one("3"), Ok(3));
        assert_eq!(at_least_one("0"), Err("must be at least 1".to_string()));
        assert_eq!(at_least_one("-2"), Err("expected a whole number, at least 1".to_string()));
        assert_eq!(digits("17"), Ok(17));
        assert_eq!(digits("18"), Err("expected a whole number from 1 to 17".to_string()));
        assert_eq!(decimals("0"), Ok(0));
        assert_eq!(decimals("x"), Err("expected a whole number from 0 to 15".to_string()));
    }
}

/// How --data files other than CSV are read: the options `train`, `init` and `run` share.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The labels of IDX or .npy --data: an IDX label file (such as train-labels-idx1-ubyte.gz),
    /// or a .npy array of integer classes (1-D, one-hot encoded) or of targets (2-D).
    #[arg(long, value_name = "FILE", requires = "data")]
    pub labels: Option<String>,

    /// IDX unsigned bytes (pixels 0..255) are divided by S: the default 255 gives inputs in 0..1;
    /// 1 keeps 0..255.
    #[arg(long, value_name = "S", default_value_t = 255.0, value_parser = positive, allow_hyphen_values = true)]
    pub pixel_scale: f64,

    /// The array of inputs in an .npz archive (default X).
    #[arg(long, value_name = "NAME", requires = "data")]
    pub x: Option<String>,

    /// The array of labels (or targets) in an .npz archive (default y).
    #[arg(long, value_name = "NAME", requires = "data")]
    pub y: Option<String>,
}

impl DataArgs {
    /// The reading options, with `labels` named by `option` in messages.
    pub fn options<'a>(&'a self, labels: Option<&'a str>, option: &'a str) -> Options<'a> {
        Options {
            labels,
            labels_option: option,
            pixel_scale: self.pixel_scale,
            x: self.x.as_deref(),
            y: self.y.as_deref(),
            shuffled: false,
            threads: 1,
        }
    }
}
