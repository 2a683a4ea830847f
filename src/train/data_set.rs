//! A data set as training reads it: the targets, and the inputs either as numbers or, where the
//! file stores them as bytes (IDX pixels), as those bytes, each standing for the number its file's
//! table gives it. Bytes take an eighth of the memory and are read from the file with no
//! conversion; training converts the rows it reads, a batch at a time, into a buffer.

use crate::nn::network::Samples;
use crate::nn::product::{View, rows, view};
pub use bytes::Bytes;
use nalgebra::DMatrix;
use std::borrow::Cow;
use std::ops::Range;

mod bytes;

/// The samples of a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    pub inputs: Inputs,
    /// N × (output size).
    pub targets: DMatrix<f64>,
}

/// A data set's inputs, N × (input size).
#[derive(Debug, Clone, PartialEq)]
pub enum Inputs {
    /// The numbers, stored column by column.
    Values(DMatrix<f64>),
    /// One byte per number.
    Bytes(Bytes),
}

impl DataSet {
    /// The number of samples N.
    pub fn len(&self) -> usize {
        self.targets.nrows()
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Samples `first..first + count`, every input a number; `batch`: given as a batch (a file's
    /// `inputs`) rather than one `input`.
    pub fn samples(&self, first: usize, count: usize, batch: bool) -> Samples {
        let mut buffer = DMatrix::zeros(0, 0);
        let inputs = self.inputs.rows(first, count, &mut buffer).clone_owned();
        Samples { inputs, targets: self.targets.rows(first, count).into_owned(), batch }
    }

    /// The samples, every input a number (a batch, as a data file gives them).
    pub fn into_samples(self) -> Samples {
        let inputs = match self.inputs {
            Inputs::Values(m) => m,
            bytes => bytes.values().into_owned(),
        };
        Samples { inputs, targets: self.targets, batch: true }
    }
}

impl From<Samples> for DataSet {
    fn from(samples: Samples) -> Self {
        DataSet { inputs: Inputs::Values(samples.inputs), targets: samples.targets }
    }
}

impl Inputs {
    /// The number of samples N.
    pub fn nrows(&self) -> usize {
        match self {
            Inputs::Values(m) => m.nrows(),
            Inputs::Bytes(b) => b.rows(),
        }
    }

    /// The inputs of a sample.
    pub fn ncols(&self) -> usize {
        match self {
            Inputs::Values(m) => m.ncols(),
            Inputs::Bytes(b) => b.cols(),
        }
    }

    /// The numbers, where they are stored as numbers: rows can be read in place.
    pub fn in_place(&self) -> Option<&DMatrix<f64>> {
        match self {
            Inputs::Values(m) => Some(m),
            Inputs::Bytes(_) => None,
        }
    }

    /// Every input as a number: converted into a matrix when stored as bytes.
    pub fn values(&self) -> Cow<'_, DMatrix<f64>> {
        match self {
            Inputs::Values(m) => Cow::Borrowed(m),
            Inputs::Bytes(b) => {
                let mut m = DMatrix::zeros(self.nrows(), b.cols());
                b.convert(m.nrows(), |i| i, m.as_mut_slice());
                Cow::Owned(m)
            }
        }
    }

    /// `to` row r ← the inputs of sample `rows[r]`.
    pub fn copy_rows(&self, rows: &[usize], to: &mut DMatrix<f64>) {
        match self {
            Inputs::Values(from) => copy_rows(from, rows, to),
            Inputs::Bytes(b) => b.convert(rows.len(), |i| rows[i], to.as_mut_slice()),
        }
    }

    /// The inputs of samples `first..first + count` as an operand: read in place when stored as
    /// numbers, converted into `buffer` (resized to `count` rows) when stored as bytes.
    pub fn rows<'a>(&'a self, first: usize, count: usize, buffer: &'a mut DMatrix<f64>) -> View<'a> {
        match self {
            Inputs::Values(m) => rows(m, first, count),
            Inputs::Bytes(b) => {
                if buffer.shape() != (count, b.cols()) {
                    *buffer = DMatrix::zeros(count, b.cols());
                }
                b.convert(count, |i| first + i, buffer.as_mut_slice());
                view(buffer)
            }
        }
    }
}

/// `to` row r ← `from` row `rows[r]`.
pub(crate) fn copy_rows(from: &DMatrix<f64>, rows: &[usize], to: &mut DMatrix<f64>) {
    // Consecutive rows (file order) are a slice of each column: copied whole.
    if let Some(r) = consecutive(rows) {
        for c in 0..from.ncols() {
            let column = &from.as_slice()[c * from.nrows()..];
            to.column_mut(c).as_mut_slice().copy_from_slice(&column[r.clone()]);
        }
        return;
    }
    for c in 0..from.ncols() {
        let (src, mut dst) = (from.column(c), to.column_mut(c));
        for (r, &i) in rows.iter().enumerate() {
            dst[r] = src[i];
        }
    }
}

/// `rows` as a range, when they are consecutive.
pub(crate) fn consecutive(rows: &[usize]) -> Option<Range<usize>> {
    let (&first, &last) = (rows.first()?, rows.last()?);
    let consecutive = last + 1 == first + rows.len() && rows.windows(2).all(|w| w[1] == w[0] + 1);
    consecutive.then_some(first..last + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 5 samples of 3 inputs, byte 10·r + c at sample r, input c; byte b stands for b + ½.
    fn bytes() -> Inputs {
        let data = (0..5).flat_map(|r| (0..3).map(move |c| (10 * r + c) as u8)).collect();
        Inputs::Bytes(Bytes::new(data, 3, std::array::from_fn(|b| b as f64 + 0.5), None))
    }

    #[test]
    fn bytes_give_the_numbers_of_their_table() {
        let inputs = bytes();
        let expected = DMatrix::from_fn(5, 3, |r, c| (10 * r + c) as f64 + 0.5);
        assert_eq!((inputs.nrows(), inputs.ncols()), (5, 3));
        assert_eq!(*inputs.values(), expected);
        let values = Inputs::Values(expected.clone());
        // Rows in any order, consecutive or not, and a range read through a buffer.
        for rows in [vec![1, 2, 3], vec![4, 0, 2]] {
            let want = DMatrix::from_fn(3, 3, |r, c| expected[(rows[r], c)]);
            for inputs in [&inputs, &values] {
                let mut to = DMatrix::zeros(3, 3);
                inputs.copy_rows(&rows, &mut to);
                assert_eq!(to, want, "{rows:?}");
            }
        }
        let mut buffer = DMatrix::zeros(0, 0);
        assert_eq!(inputs.rows(2, 3, &mut buffer), expected.rows(2, 3));
        assert_eq!(values.rows(2, 3, &mut buffer), expected.rows(2, 3));
    }

    #[test]
    fn consecutive_rows_are_a_range() {
        assert_eq!(consecutive(&[4, 5, 6]), Some(4..7));
        assert_eq!(consecutive(&[4, 6, 5]), None);
        assert_eq!(consecutive(&[]), None);
    }
}
