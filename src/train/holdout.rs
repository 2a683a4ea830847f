//! Holding out part of the data for validation, reproducibly from a seed.

use crate::error::{Error, input};
use crate::train::data_set::{DataSet, Inputs};
use crate::train::shuffle::Order;
use nalgebra::DMatrix;

/// Splits `samples` into (training, validation): the validation samples are the first
/// round(F·N) positions (at least 1, at most N − 1) of the order `train --shuffle --seed S` gives
/// its first epoch (Fisher–Yates driven by ChaCha8 seeded with S). Both parts keep file order.
/// The matrices are split in place: no second copy of the data set is made.
pub fn holdout(
    samples: DataSet,
    fraction: f64,
    seed: u64,
    source: &str,
) -> Result<(DataSet, DataSet), Error> {
    let n = samples.len();
    if n < 2 {
        return Err(input(format!(
            "{source}: --holdout needs at least 2 samples (one to train on, one to hold out); the data has {n}"
        )));
    }
    let k = ((fraction * n as f64).round() as usize).clamp(1, n - 1);
    let mut order = Order::new(n, Some(seed));
    order.next_epoch();
    let mut held = vec![false; n];
    for &i in &order.indices[..k] {
        held[i] = true;
    }
    let (x, x_held) = match samples.inputs {
        Inputs::Values(m) => {
            let (x, x_held) = split_rows(m, &held);
            (Inputs::Values(x), Inputs::Values(x_held))
        }
        Inputs::Bytes(b) => {
            let (x, x_held) = b.split(&held);
            (Inputs::Bytes(x), Inputs::Bytes(x_held))
        }
    };
    let (y, y_held) = split_rows(samples.targets, &held);
    Ok((DataSet { inputs: x, targets: y }, DataSet { inputs: x_held, targets: y_held }))
}

/// (the rows not held, the rows held), each in their order in `m`.
fn split_rows(m: DMatrix<f64>, held: &[bool]) -> (DMatrix<f64>, DMatrix<f64>) {
    let (n, cols) = m.shape();
    let k = held.iter().filter(|&&h| h).count();
    let mut out = DMatrix::zeros(k, cols);
    let mut data: Vec<f64> = m.data.into();
    // Column by column (nalgebra stores columns), the kept values move forward: the write
    // position never passes the read position.
    let mut w = 0;
    for c in 0..cols {
        let mut h = 0;
        for (r, &is_held) in held.iter().enumerate() {
            let v = data[c * n + r];
            if is_held {
                out[(h, c)] = v;
                h += 1;
            } else {
                data[w] = v;
                w += 1;
            }
        }
    }
    data.truncate(w);
    data.shrink_to_fit();
    (DMatrix::from_vec(n - k, cols, data), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::network::Samples;
    use crate::train::data_set::Bytes;

    #[test]
    #[rustfmt::skip]
    fn held_rows_leave_and_the_rest_keep_their_order() {
        let m = DMatrix::from_row_slice(4, 2, &[1.0, 10.0,
                                                2.0, 20.0,
                                                3.0, 30.0,
                                                4.0, 40.0]);
        let (kept, held) = split_rows(m, &[false, true, false, true]);
        assert_eq!(kept, DMatrix::from_row_slice(2, 2, &[1.0, 10.0,
                                                         3.0, 30.0]));
        assert_eq!(held, DMatrix::from_row_slice(2, 2, &[2.0, 20.0,
                                                         4.0, 40.0]));
    }

    #[test]
    fn the_same_seed_holds_out_the_same_samples() {
        let samples = || {
            DataSet::from(Samples {
                inputs: DMatrix::from_fn(10, 1, |r, _| r as f64),
                targets: DMatrix::zeros(10, 1),
                batch: true,
            })
        };
        let (train, held) = holdout(samples(), 0.2, 5, "d").unwrap();
        assert_eq!((train.len(), held.len()), (8, 2));
        assert_eq!(holdout(samples(), 0.2, 5, "d").unwrap().1, held);
        assert_ne!(holdout(samples(), 0.2, 6, "d").unwrap().1, held);
    }

    #[test]
    fn samples_stored_as_bytes_are_held_out_as_their_numbers_are() {
        // 10 samples of 3 inputs, byte 10·r + c; byte b stands for b / 4.
        let data = (0..10u8).flat_map(|r| (0..3).map(move |c| 10 * r + c)).collect();
        let bytes = Bytes::new(data, 3, std::array::from_fn(|b| b as f64 / 4.0), Some(4.0));
        let targets = DMatrix::from_fn(10, 2, |r, c| (r * 2 + c) as f64);
        let stored = DataSet { inputs: Inputs::Bytes(bytes), targets };
        let numbers = DataSet::from(stored.clone().into_samples());
        let (kept, held) = holdout(stored, 0.3, 7, "d").unwrap();
        let (kept_numbers, held_numbers) = holdout(numbers, 0.3, 7, "d").unwrap();
        assert!(matches!(kept.inputs, Inputs::Bytes(_)), "still bytes");
        assert_eq!((kept.len(), held.len()), (7, 3));
        assert_eq!(kept.into_samples(), kept_numbers.into_samples());
        assert_eq!(held.into_samples(), held_numbers.into_samples());
    }
}
