//! Numbers in tables: a fixed number of significant digits, like C's `%g`.

/// `x` exactly (the shortest form that reads back as the same f64), and in scientific notation
/// where the decimal form would be long: η = 0.1, η = 5e-324.
pub fn compact(x: f64) -> String {
    let plain = x.to_string();
    if plain.len() <= 16 { plain } else { format!("{x:e}") }
}

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
    // {:e} into a buffer on the stack: 17 digits, a sign, a point and an exponent fit in 32 bytes.
    let mut buf = Stack { bytes: [0; 32], len: 0 };
    std::fmt::Write::write_fmt(&mut buf, format_args!("{:.*e}", p.min(17) - 1, x))
        .expect("a formatted f64 fits in 32 bytes");
    let sci = std::str::from_utf8(&buf.bytes[..buf.len]).expect("{:e} writes ASCII");
    let (mantissa, exponent) = sci.split_once('e').expect("{:e} always writes an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} writes an integer exponent");
    if exponent < -4 || exponent >= p as i32 {
        format!("{}e{exponent}", trim(mantissa))
    } else {
        // The same digits, placed around the point: x rounded to p significant digits.
        let (sign, digits) = match mantissa.strip_prefix('-') {
            Some(m) => ("-", m),
            None => ("", mantissa),
        };
        let mut out = String::with_capacity(mantissa.len() + 8);
        out.push_str(sign);
        let mut digits = digits.bytes().filter(|b| *b != b'.').map(char::from);
        if exponent >= 0 {
            out.extend(digits.by_ref().take(exponent as usize + 1));
            out.push('.');
            out.extend(digits);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exponent - 1) as usize));
            out.extend(digits);
        }
        let kept = trim(&out).len();
        out.truncate(kept);
        out
    }
}

/// A fixed buffer to format into without allocating.
struct Stack {
    bytes: [u8; 32],
    len: usize,
}

impl std::fmt::Write for Stack {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn trim(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

#[cfg(test)]
mod tests {
    use super::{format, trim};

    /// The plain way: print again with the right number of decimals.
    fn reference(x: f64, p: usize) -> String {
        let sci = format!("{:.*e}", p - 1, x);
        let exponent: i32 = sci.split_once('e').unwrap().1.parse().unwrap();
        if x == 0.0 || exponent < -4 || exponent >= p as i32 {
            return format(x, p);
        }
        let decimals = (p as i32 - 1 - exponent).max(0) as usize;
        trim(&format!("{x:.decimals$}")).to_string()
    }

    #[test]
    fn digits_placed_by_hand_equal_printing_with_decimals() {
        let mut state = 0x9e3779b97f4a7c15u64;
        for i in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let scale = 10f64.powi((state % 14) as i32 - 6);
            let x = ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * scale;
            let x = if i % 7 == 0 { (x * 1000.0).round() / 1000.0 } else { x };
            for p in [1, 3, 6, 10, 17] {
                assert_eq!(format(x, p), reference(x, p), "{x:e} at {p}");
            }
        }
        for x in [9.9999996, 0.99999995, 99999.95, -0.00999999996, 1e-4, 123456.5] {
            for p in 1..=17 {
                assert_eq!(format(x, p), reference(x, p), "{x:e} at {p}");
            }
        }
    }

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
