//! Rounding every intermediate to K decimal places, as hand-worked solutions do.

use nalgebra::DMatrix;

/// x rounded to `places` decimal places (halves away from zero).
pub fn round(x: f64, places: u32) -> f64 {
    let scale = 10f64.powi(places as i32);
    let r = (x * scale).round() / scale;
    if r.is_finite() { r } else { x }
}

/// Rounds every entry of `m` in place when `places` is given.
pub fn round_matrix(m: &mut DMatrix<f64>, places: Option<u32>) {
    if let Some(k) = places {
        m.apply(|x| *x = round(*x, k));
    }
}

/// `x` rounded when `places` is given.
pub fn round_opt(x: f64, places: Option<u32>) -> f64 {
    places.map_or(x, |k| round(x, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_decimal_places() {
        assert_eq!(round(0.593269992, 4), 0.5933);
        assert_eq!(round(-0.0087713546, 5), -0.00877);
        assert_eq!(round(2.5, 0), 3.0);
        assert_eq!(round(1e300, 4), 1e300);
    }
}
