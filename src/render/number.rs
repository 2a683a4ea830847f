//! Numbers in tables: a fixed number of significant digits, like C's `%g`.

/// `x` with `precision` significant digits, trailing zeros dropped; scientific
/// notation below 1e-4 and from 10^precision up.
pub fn format(x: f64, precision: usize) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, x);
    let (mantissa, exponent) = sci.split_once('e').expect("{:e} always writes an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} writes an integer exponent");
    if exponent < -4 || exponent >= p as i32 {
        format!("{}e{exponent}", trim(mantissa))
    } else {
        let decimals = (p as i32 - 1 - exponent).max(0) as usize;
        trim(&format!("{x:.decimals$}")).to_string()
    }
}

fn trim(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn six_significant_digits_by_default() {
        assert_eq!(format(0.7, 6), "0.7");
        assert_eq!(format(1.0, 6), "1");
        assert_eq!(format(-0.035, 6), "-0.035");
        assert_eq!(format(0.00125, 6), "0.00125");
        assert_eq!(format(0.000182548, 6), "0.000182548");
        assert_eq!(format(0.593269992, 6), "0.59327");
        assert_eq!(format(123456.7, 6), "123457");
        assert_eq!(format(1234567.0, 6), "1.23457e6");
        assert_eq!(format(0.0000123456, 6), "1.23456e-5");
        assert_eq!(format(f64::NAN, 6), "NaN");
        assert_eq!(format(f64::NEG_INFINITY, 6), "-inf");
        assert_eq!(format(0.0, 6), "0");
        assert_eq!(format(9.9999999, 3), "10");
        assert_eq!(format(0.1 + 0.2, 17), "0.30000000000000004");
    }
}
