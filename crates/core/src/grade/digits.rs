//! The rounding rule: a number as the learner wrote it, and whether a correct value gives it.
//!
//! `0.6680` has 4 significant digits; `0.668` has 3; `1.5e-4` has 2. A written number with d
//! significant digits is right for a correct value c when c, rounded to d significant digits,
//! gives exactly the written number: −0.1 is not −0.05, and 1.00 is 0.9996.

/// A number as written in the answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The text, as in the sheet: `0.6680`, `-1.5e-4`.
    pub text: String,
    /// Its value, the f64 nearest to the text.
    pub value: f64,
    /// The decimal place of the last written digit: 4 for `0.6680`, 5 for `1.5e-4`, −2 for `1e2`.
    pub decimals: i32,
    /// Significant digits: from the first nonzero digit to the last written one, trailing zeros
    /// included (`0.6680`: 4, `100`: 3); 0 for a zero.
    pub significant: u32,
}

impl Written {
    /// Reads a JSON number's text; none when it is not one.
    pub fn parse(text: &str) -> Option<Written> {
        let value: f64 = text.parse().ok()?;
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i32>().ok()?),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits: String = whole.chars().chain(fraction.chars()).collect();
        let significant = digits.trim_start_matches('0').len() as u32;
        let decimals = (fraction.len() as i32).saturating_sub(exponent);
        Some(Written { text: text.to_string(), value, decimals, significant })
    }

    /// The decimal place of the `significant`-th significant digit of `correct`: where it is
    /// rounded to as many significant digits as written (3 for 0.05 with two digits).
    fn place(&self, correct: f64) -> i32 {
        // The exponent of `correct` as its shortest decimal text gives it, free of the rounding
        // of a logarithm: 3 for 1234.5, −2 for 0.05.
        let text = format!("{:e}", correct.abs());
        let exponent: i32 = text.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0));
        self.significant as i32 - 1 - exponent
    }

    /// True when `correct`, rounded to as many significant digits as written, gives this number.
    /// A zero is right only for a value that is zero. A value that is a tie (…5 exactly) rounds
    /// either way, and a value within a billionth of a unit of a tie counts as one: hand
    /// rounding and floating point disagree on ties.
    pub fn rounds_from(&self, correct: f64) -> bool {
        if !correct.is_finite() {
            return false;
        }
        if self.significant == 0 || correct == 0.0 {
            return self.is_exactly(correct);
        }
        let place = self.place(correct);
        let h = 0.5 * 10f64.powi(-place);
        // The slack covers the rounding of the text to f64 and of `correct` itself.
        let slack = (h * 1e-9).max(correct.abs().max(self.value.abs()) * 4.5e-16);
        // Written no finer than that place (−0.07 is not −0.1 rounded; 1.00 is 0.9996 rounded,
        // one place coarser), and within half a unit of it.
        self.decimals <= place && (correct - self.value).abs() <= h + slack
    }

    /// True when `correct` has no more digits than written: it is this number, to floating
    /// point (`0.1` written for 0.1, `0.7` for 0.7000000000000001).
    pub fn is_exactly(&self, correct: f64) -> bool {
        (correct - self.value).abs() <= 1e-9 * correct.abs() + 1e-15
    }
}

/// When a number counts as right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Right when it is the correct value rounded to the digits written, with at least this
    /// many significant digits unless the correct value has fewer.
    Digits(u32),
    /// Right when within this much of the correct value, absolute or relative, whichever is
    /// looser (for machine-written sheets).
    Tol(f64),
}

/// True when `given` is within `tol` of `expected`, absolutely or relatively.
pub fn close(given: f64, expected: f64, tol: f64) -> bool {
    (given - expected).abs() <= tol * expected.abs().max(1.0)
}

impl Rule {
    /// True when the written number is `correct` by this rule, whatever its precision.
    pub fn fits(self, w: &Written, correct: f64) -> bool {
        match self {
            Rule::Digits(_) => w.rounds_from(correct),
            Rule::Tol(tol) => close(w.value, correct, tol),
        }
    }

    /// True when a number that [`Rule::fits`] `correct` is written precisely enough.
    pub fn precise(self, w: &Written, correct: f64) -> bool {
        match self {
            Rule::Digits(n) => w.significant >= n || w.is_exactly(correct),
            Rule::Tol(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Written {
        Written::parse(text).unwrap()
    }

    #[test]
    fn decimals_and_significant_digits_are_read_from_the_text() {
        for (text, decimals, significant) in [
            ("0.6680", 4, 4),
            ("0.668", 3, 3),
            ("-0.05", 2, 1),
            ("1e-4", 4, 1),
            ("1.5E-4", 5, 2),
            ("-2.50e+2", 0, 3),
            ("1e2", -2, 1),
            ("100", 0, 3),
            ("0", 0, 0),
            ("0.000", 3, 0),
            ("0.00009", 5, 1),
        ] {
            let x = w(text);
            assert_eq!((x.decimals, x.significant), (decimals, significant), "{text}");
        }
        assert_eq!(w("-2.50e+2").value, -250.0);
        assert!(Written::parse("x").is_none());
        assert!(Written::parse(".5").is_none());
    }

    #[test]
    fn the_correct_value_rounded_at_the_last_written_digit_gives_the_written_number() {
        // σ(0.7) = 0.66818777…
        let s = 0.668_187_772_168_166;
        assert!(w("0.668").rounds_from(s));
        assert!(w("0.6682").rounds_from(s));
        assert!(!w("0.6680").rounds_from(s), "trailing zeros count");
        assert!(!w("0.669").rounds_from(s));
        assert!(w("0.7").rounds_from(s));
        assert!(!w("-0.668").rounds_from(s));
        // 0.000182548 to 5 decimals is 0.00018, not 0.00009.
        assert!(!w("0.00009").rounds_from(0.000_182_548_28));
        assert!(w("0.000183").rounds_from(0.000_182_548_28));
        assert!(w("1.83e-4").rounds_from(0.000_182_548_28));
        // A tie rounds either way.
        assert!(w("0.013").rounds_from(0.0125));
        assert!(w("0.012").rounds_from(0.0125));
        assert!(!w("0.012").rounds_from(0.012_500_1));
        // Shortest round-trip text of the value itself.
        assert!(w("0.050000000000000044").rounds_from(0.050000000000000044));
        assert!(!w("1").rounds_from(f64::NAN));
    }

    #[test]
    fn fewer_digits_than_asked_are_imprecise_unless_the_value_has_no_more() {
        let rule = Rule::Digits(3);
        assert!(!rule.precise(&w("0.7"), 0.668_187_772_168_166));
        assert!(rule.precise(&w("0.668"), 0.668_187_772_168_166));
        assert!(rule.precise(&w("0.1"), 0.1));
        assert!(rule.precise(&w("0.7"), 0.700_000_000_000_000_1));
        assert!(rule.precise(&w("0"), 0.0));
        assert!(Rule::Tol(1e-4).precise(&w("0.7"), 0.668));
        assert!(Rule::Tol(1e-3).fits(&w("-0.0501"), -0.05));
        assert!(!Rule::Tol(1e-5).fits(&w("-0.0501"), -0.05));
    }

    #[test]
    fn a_number_is_the_correct_value_rounded_to_its_significant_digits() {
        // −0.05 to one significant digit is −0.05, not −0.1 (the ½ not cancelled).
        assert!(!w("-0.1").rounds_from(-0.05));
        assert!(w("-0.05").rounds_from(-0.05));
        // A zero is right only for a value that is zero.
        assert!(!w("0").rounds_from(0.00125));
        assert!(!w("0.0").rounds_from(-0.05));
        assert!(w("0").rounds_from(0.0));
        // Rounding may carry into a new decade.
        assert!(w("1.00").rounds_from(0.9996));
        assert!(w("1").rounds_from(0.96));
        assert!(!w("1.0").rounds_from(0.96));
        assert!(w("0.7").rounds_from(0.731_058_578_630_004_9));
        // −0.1 to one significant digit is −0.1, not −0.07.
        assert!(!w("-0.07").rounds_from(-0.1));
        assert!(w("0.1").rounds_from(0.096));
        assert!(!w("0.10").rounds_from(0.096));
    }
}
