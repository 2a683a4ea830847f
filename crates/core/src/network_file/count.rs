//! Vectors and matrices of numbers, counted against the size limit as they arrive.
//!
//! Every number passes through [`Element`], which refuses the first one past the limit before
//! reading it, so a file far too large is refused after reading the limit's worth of numbers and
//! storing them once: no tree of the text, no copy of the rest.

use super::de::{Kind, Number, read};
use super::format::Matrix;
use super::text::{FIRST_ROW, plural};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess};
use std::cell::Cell;

/// A vector: at least one number.
pub(super) struct Vector(pub(super) Tally);
impl<'de> Kind<'de> for Vector {
    type Value = Vec<f64>;
    const EXPECTED: &'static str = "an array of numbers";
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f64>, A::Error> {
        let mut left = Budget::left(self.0);
        let mut values = Vec::new();
        while let Some(x) = seq.next_element_seed(Element { left: &mut left, tally: self.0 })? {
            values.push(x);
        }
        Budget::set_left(self.0, left);
        if values.is_empty() {
            return Err(de::Error::custom("is empty; expected at least one number"));
        }
        Ok(values)
    }
}

/// A matrix: at least one row, every row as long as the first.
pub(super) struct Rows(pub(super) Tally);
impl<'de> Kind<'de> for Rows {
    type Value = Matrix;
    const EXPECTED: &'static str = "an array of rows";
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Matrix, A::Error> {
        let mut left = Budget::left(self.0);
        let (mut values, mut rows, mut cols) = (Vec::new(), 0, None);
        loop {
            let row = Row { values: &mut values, left: &mut left, cols, tally: self.0 };
            match seq.next_element_seed(row)? {
                Some(n) => (rows, cols) = (rows + 1, Some(n)),
                None => break,
            }
        }
        Budget::set_left(self.0, left);
        match cols {
            Some(cols) => Ok(Matrix::from_row_major(rows, cols, values)),
            None => Err(de::Error::custom("is empty; expected at least one row")),
        }
    }
}

/// One row of a matrix, appended to the values before it; gives its length.
struct Row<'a> {
    values: &'a mut Vec<f64>,
    left: &'a mut usize,
    /// The length of the first row, once it is read.
    cols: Option<usize>,
    tally: Tally,
}

impl<'de> DeserializeSeed<'de> for Row<'_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        read(d, self)
    }
}

impl<'de> Kind<'de> for Row<'_> {
    type Value = usize;
    const EXPECTED: &'static str = "a row (an array of numbers)";
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let start = self.values.len();
        while let Some(x) = seq.next_element_seed(Element { left: self.left, tally: self.tally })? {
            self.values.push(x);
        }
        let n = self.values.len() - start;
        match self.cols {
            _ if n == 0 => Err(de::Error::custom("is empty; expected at least one number")),
            Some(cols) if cols != n => Err(de::Error::custom(format_args!(
                "has {} but {FIRST_ROW} has {cols}; every row needs the same length",
                plural(n, "number")
            ))),
            _ => Ok(n),
        }
    }
}

/// One number of a vector or matrix, counted against the limit before it is read.
struct Element<'a> {
    left: &'a mut usize,
    tally: Tally,
}

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = f64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<f64, D::Error> {
        if *self.left == 0 {
            return Err(Budget::refuse(self.tally));
        }
        *self.left -= 1;
        read(d, Number)
    }
}

/// Which count a number goes to: the network's parameters, or the samples' values.
#[derive(Debug, Clone, Copy)]
pub(super) enum Tally {
    Parameters,
    Samples,
}

/// How many more numbers of each tally the file being read may hold. Kept per thread for the
/// duration of one read (see [`Budget::during`]), because serde's derive hands nothing down to
/// a field's reader.
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    max: usize,
    left: [usize; 2],
    exceeded: bool,
}

thread_local! {
    static BUDGET: Cell<Budget> = const { Cell::new(Budget::new(usize::MAX)) };
}

impl Budget {
    const fn new(max: usize) -> Self {
        Budget { max, left: [max; 2], exceeded: false }
    }

    fn left(t: Tally) -> usize {
        BUDGET.get().left[t as usize]
    }

    fn set_left(t: Tally, n: usize) {
        let mut b = BUDGET.get();
        b.left[t as usize] = n;
        BUDGET.set(b);
    }

    /// The refusal of the number one past the limit, noted so that [`Budget::during`] reports it.
    fn refuse<E: de::Error>(t: Tally) -> E {
        let mut b = BUDGET.get();
        b.exceeded = true;
        BUDGET.set(b);
        let what = match t {
            Tally::Parameters => "parameter",
            Tally::Samples => "sample value",
        };
        E::custom(format_args!(
            "is {what} number {}, over the limit of {} (raise it with --max-values)",
            b.max.saturating_add(1),
            b.max
        ))
    }

    /// Runs `read` with at most `max` numbers of each tally; also says whether the limit was hit.
    pub(super) fn during<R>(max: usize, read: impl FnOnce() -> R) -> (R, bool) {
        /// Puts the budget of an enclosing read back, even if `read` panics.
        struct Restore(Budget);
        impl Drop for Restore {
            fn drop(&mut self) {
                BUDGET.set(self.0);
            }
        }
        let _restore = Restore(BUDGET.replace(Budget::new(max)));
        let result = read();
        (result, BUDGET.get().exceeded)
    }
}
