//! An array's values into a matrix: one row per sample, in the order the file stores them (C or
//! Fortran), a slice at a time, with no copy of the whole array; or an array of bytes as it is.

use super::Array;
use super::pages::Pages;
use crate::error::Error;
use crate::train::data_set::Bytes;
use nalgebra::DMatrix;

/// Values read at a time: 512 KiB of f64.
pub const CHUNK: usize = 1 << 16;

/// Rows of a C-order array of `cols` values of `size` bytes read at a time: as many as [`CHUNK`]
/// numbers' bytes hold, a multiple of 512 where there are that many, so that each column's part
/// of a chunk is whole 4 KiB pages (512 numbers) where the column starts on a page.
fn chunk_rows(rows: usize, cols: usize, size: usize) -> usize {
    const PAGE_ROWS: usize = 4096 / size_of::<f64>();
    let fit = CHUNK * size_of::<f64>() / (cols * size).max(1);
    let rounded = if fit >= PAGE_ROWS { fit / PAGE_ROWS * PAGE_ROWS } else { fit };
    rounded.clamp(1, rows.max(1))
}

/// Calls `read` with the first row of each chunk of `rows` rows of `cols` values and the part of
/// `buffer` (whole rows) its values go into.
fn each_chunk<T>(
    rows: usize,
    cols: usize,
    buffer: &mut [T],
    mut read: impl FnMut(usize, &mut [T]) -> Result<(), Error>,
) -> Result<(), Error> {
    let chunk_rows = (buffer.len() / cols.max(1)).max(1);
    (0..rows).step_by(chunk_rows).try_for_each(|start| {
        let k = chunk_rows.min(rows - start);
        read(start, &mut buffer[..k * cols])
    })
}

/// Writes `part`, rows of `cols` values in C order, as `value` of each, into the first rows of
/// `data`: the columns of a matrix of `rows` rows stored column by column.
fn transpose<T: Copy>(part: &[T], cols: usize, data: &mut [f64], rows: usize, value: impl Fn(T) -> f64) {
    // Eight columns at a time: each row's eight numbers share a cache line.
    for c0 in (0..cols).step_by(8) {
        let width = 8.min(cols - c0);
        for (r, row) in part.chunks_exact(cols).enumerate() {
            for (c, &v) in row[c0..c0 + width].iter().enumerate() {
                data[(c0 + c) * rows + r] = value(v);
            }
        }
    }
}

/// Reads an array's values into a `rows` × `cols` matrix (nalgebra's, stored column by column).
/// In C order value p is row p / cols, column p mod cols; in Fortran order each run of `rows`
/// values is one column.
/// `pages`: how its memory is made ready.
pub fn fill(array: &mut Array, rows: usize, cols: usize, pages: Pages) -> Result<DMatrix<f64>, Error> {
    // Zeroed by the allocator (fresh pages, not written twice).
    let mut m = DMatrix::from_vec(rows, cols, vec![0.0; rows * cols]);
    pages.ready(m.as_mut_slice(), |data| read(array, rows, cols, data))?;
    Ok(m)
}

/// The values of a C-order array of bytes, `rows` samples of `cols`, as the file stores them; none
/// for an array of other values or in Fortran order.
pub fn bytes(array: &mut Array, rows: usize, cols: usize) -> Result<Option<Bytes>, Error> {
    if array.fortran {
        return Ok(None);
    }
    let Some(values) = array.values.bytes() else { return Ok(None) };
    // Zeroed by the allocator: each page is first written by the file's bytes.
    let mut data = vec![0u8; rows * cols];
    for part in data.chunks_mut(CHUNK) {
        values.read_bytes(part)?;
    }
    Ok(Some(Bytes::new(data, cols, *values.table(), values.divisor())))
}

/// The values of `array` into `data`, the columns of a `rows` × `cols` matrix.
fn read(array: &mut Array, rows: usize, cols: usize, data: &mut [f64]) -> Result<(), Error> {
    if array.fortran {
        for c in fortran_columns(&array.shape[1..]) {
            for part in data[c * rows..(c + 1) * rows].chunks_mut(CHUNK) {
                array.values.read(part)?;
            }
        }
    } else if let Some(bytes) = array.values.bytes() {
        let table = *bytes.table();
        let mut buffer = vec![0u8; chunk_rows(rows, cols, 1) * cols];
        each_chunk(rows, cols, &mut buffer, |start, part| {
            bytes.read_bytes(part)?;
            transpose(part, cols, &mut data[start..], rows, |b| table[b as usize]);
            Ok(())
        })?;
    } else {
        let mut buffer = vec![0.0; chunk_rows(rows, cols, size_of::<f64>()) * cols];
        each_chunk(rows, cols, &mut buffer, |start, part| {
            array.values.read(part)?;
            transpose(part, cols, &mut data[start..], rows, |v| v);
            Ok(())
        })?;
    }
    Ok(())
}

/// For each position of the trailing dimensions `dims` in Fortran order (the first index
/// fastest), its column: the same position counted in C order (the last index fastest).
fn fortran_columns(dims: &[usize]) -> Vec<usize> {
    // C-order strides: the last dimension's is 1.
    let mut strides = vec![1; dims.len()];
    for i in (0..dims.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * dims[i + 1];
    }
    let count: usize = dims.iter().product();
    (0..count)
        .map(|f| {
            let mut rest = f;
            dims.iter()
                .zip(&strides)
                .map(|(d, s)| {
                    let i = rest % d;
                    rest /= d;
                    i * s
                })
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortran_positions_map_to_c_columns() {
        // A 2×3 trailing block: Fortran order visits (0,0) (1,0) (0,1) (1,1) (0,2) (1,2).
        assert_eq!(fortran_columns(&[2, 3]), vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(fortran_columns(&[4]), vec![0, 1, 2, 3]);
        assert_eq!(fortran_columns(&[]), vec![0]);
    }

    /// Values 0, 1, 2, ... in C order.
    struct Counting(f64);

    impl crate::io::data::Values for Counting {
        fn read(&mut self, out: &mut [f64]) -> Result<(), Error> {
            for v in out {
                *v = self.0;
                self.0 += 1.0;
            }
            Ok(())
        }
    }

    fn counting(rows: usize, cols: usize) -> Array<'static> {
        let values = Box::new(Counting(0.0));
        let shape = vec![rows, cols];
        Array { name: "x".into(), shape, fortran: false, floats: false, idx_magic: None, values }
    }

    /// Bytes 0, 1, 2, ... (wrapping at 256) in C order, each standing for its value plus ½.
    struct CountingBytes(u8, [f64; 256]);

    impl crate::io::data::Values for CountingBytes {
        fn read(&mut self, _: &mut [f64]) -> Result<(), Error> {
            panic!("values stored as bytes are read as bytes");
        }

        fn bytes(&mut self) -> Option<&mut dyn crate::io::data::ByteValues> {
            Some(self)
        }
    }

    impl crate::io::data::ByteValues for CountingBytes {
        fn table(&self) -> &[f64; 256] {
            &self.1
        }

        fn divisor(&self) -> Option<f64> {
            None
        }

        fn read_bytes(&mut self, out: &mut [u8]) -> Result<(), Error> {
            for b in out {
                *b = self.0;
                self.0 = self.0.wrapping_add(1);
            }
            Ok(())
        }
    }

    #[test]
    fn bytes_fill_the_matrix_as_their_numbers_would() {
        // Rows across one and several chunks (512 rows of 784 bytes), a part chunk, and columns
        // that are not a multiple of the eight written together.
        for (rows, cols) in [(1, 1), (7, 13), (1300, 784), (513, 30), (3, 5000)] {
            let table = std::array::from_fn(|b| b as f64 + 0.5);
            let values = Box::new(CountingBytes(0, table));
            let shape = vec![rows, cols];
            let mut array =
                Array { name: "x".into(), shape, fortran: false, floats: false, idx_magic: None, values };
            let m = fill(&mut array, rows, cols, Pages::default()).unwrap();
            for r in 0..rows {
                for c in 0..cols {
                    let expected = ((r * cols + c) % 256) as f64 + 0.5;
                    assert_eq!(m[(r, c)], expected, "{rows}×{cols}: row {r}, column {c}");
                }
            }
        }
    }

    #[test]
    fn numbers_fill_the_matrix_from_c_order() {
        // Rows across chunks of 83 rows of 784 numbers, and columns not a multiple of eight.
        for (rows, cols) in [(1, 1), (7, 13), (200, 784), (3, 70000)] {
            let m = fill(&mut counting(rows, cols), rows, cols, Pages::default()).unwrap();
            for r in 0..rows {
                for c in 0..cols {
                    assert_eq!(m[(r, c)], (r * cols + c) as f64, "{rows}×{cols}: row {r}, column {c}");
                }
            }
        }
    }

    #[test]
    fn chunks_hold_whole_pages_of_each_column_where_they_fit() {
        // MNIST's 784 inputs: 512 rows of bytes, 83 rows of numbers (512 KiB).
        assert_eq!(chunk_rows(60000, 784, 1), 512);
        assert_eq!(chunk_rows(60000, 784, 8), 83);
        assert_eq!(chunk_rows(100, 784, 1), 100);
        assert_eq!(chunk_rows(10, 1 << 20, 8), 1);
        assert_eq!(chunk_rows(0, 3, 8), 1);
    }
}
