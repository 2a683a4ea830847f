//! Value parsers shared by several commands.

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
