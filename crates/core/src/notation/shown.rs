//! A number as the page's tables show it: its significant digits, and its exact value when those
//! digits are not already exact. The page's module shows numbers with the same function.

use crate::notation::number::format;
use crate::step::Num;
use serde::Serialize;

/// A number as a table cell shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// `precision` significant digits.
    pub text: String,
    /// The exact value ([`exact`]) when `text` does not read back as the number; none otherwise.
    pub exact: Option<String>,
}

/// `x` with `precision` significant digits, and its exact value when they are not exact.
pub fn shown(x: f64, precision: usize) -> Shown {
    let text = format(x, precision);
    let exact = (x.is_finite() && !text.parse::<f64>().is_ok_and(|y| y == x)).then(|| exact(x));
    Shown { text, exact }
}

/// `x` exactly, as the trace's JSON writes it: the shortest decimal that reads back as the same
/// f64 (`0.7000000000000001`, `1e-7`), or `NaN`, `inf`, `-inf`.
pub fn exact(x: f64) -> String {
    match serde_json::to_value(Num(x)) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => x.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_that_are_exact_carry_no_exact_value() {
        assert_eq!(shown(0.5, 4), Shown { text: "0.5".to_string(), exact: None });
        assert_eq!(
            shown(0.1 + 0.2, 4),
            Shown { text: "0.3".to_string(), exact: Some("0.30000000000000004".to_string()) }
        );
        assert_eq!(shown(f64::NAN, 4).exact, None);
        assert_eq!(exact(1e-7), "1e-7");
    }
}
