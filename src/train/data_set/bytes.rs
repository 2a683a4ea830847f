//! Inputs stored a byte each, as IDX files store pixels, and their numbers, a batch of samples at
//! a time. Byte b stands for `table[b]`; when every byte stands for b / d (pixels divided by
//! `--pixel-scale`), AVX2 gives the numbers of four samples at a time by arithmetic, each equal to
//! its table entry (checked for all 256 bytes when the inputs are read).

/// N samples of `cols` inputs, a byte each, sample after sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Bytes {
    data: Vec<u8>,
    cols: usize,
    table: Box<[f64; 256]>,
    /// 1/d split in two, when each byte b stands for b / d and [`quotient`] gives it.
    reciprocal: Option<(f64, f64)>,
}

/// x / d from 1/d = hi + lo (hi rounded, lo what rounding left out): x·hi + x·lo, rounded once.
/// Not the quotient for every x and d, which is why [`Bytes::new`] checks it.
fn quotient(x: f64, (hi, lo): (f64, f64)) -> f64 {
    x.mul_add(hi, x * lo)
}

/// 1/d as hi + lo, for [`quotient`].
fn reciprocal(d: f64) -> (f64, f64) {
    let hi = 1.0 / d;
    (hi, (-hi).mul_add(d, 1.0) / d)
}

impl Bytes {
    /// Inputs of `cols` values a sample; `divisor`: d when each byte b stands for b / d.
    pub fn new(data: Vec<u8>, cols: usize, table: [f64; 256], divisor: Option<f64>) -> Self {
        let reciprocal = divisor
            .map(reciprocal)
            .filter(|&r| (0..256).all(|b| quotient(b as f64, r).to_bits() == table[b].to_bits()));
        Bytes { data, cols, table: Box::new(table), reciprocal }
    }

    /// The number of samples.
    pub fn rows(&self) -> usize {
        self.data.len() / self.cols.max(1)
    }

    /// The inputs of a sample.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `to` row i ← the numbers of sample `sample(i)`, for i below `count`: `to` holds the
    /// columns of a matrix of `count` rows.
    pub fn convert(&self, count: usize, sample: impl Fn(usize) -> usize, to: &mut [f64]) {
        let cols = self.cols;
        // The rows and columns whose numbers are computed four samples at a time.
        let (mut rows, mut columns) = (0, 0);
        #[cfg(target_arch = "x86_64")]
        if let Some(reciprocal) = self.reciprocal
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
        {
            (rows, columns) = (count / 4 * 4, cols / 16 * 16);
            // SAFETY: the processor has AVX2 and FMA.
            unsafe { avx2::quotients(&self.data, cols, &sample, (rows, columns), reciprocal, to, count) };
        }
        for i in 0..count {
            let row = &self.data[sample(i) * cols..][..cols];
            let first = if i < rows { columns } else { 0 };
            for (c, &b) in row.iter().enumerate().skip(first) {
                to[c * count + i] = self.table[b as usize];
            }
        }
    }

    /// (the samples not held, the samples held), each in their order.
    pub fn split(self, held: &[bool]) -> (Bytes, Bytes) {
        let (mut data, cols) = (self.data, self.cols);
        let mut out = Vec::with_capacity(held.iter().filter(|&&h| h).count() * cols);
        // The kept samples move forward: the write position never passes the read position.
        let mut w = 0;
        for (r, &is_held) in held.iter().enumerate() {
            if is_held {
                out.extend_from_slice(&data[r * cols..][..cols]);
            } else {
                data.copy_within(r * cols..(r + 1) * cols, w * cols);
                w += 1;
            }
        }
        data.truncate(w * cols);
        data.shrink_to_fit();
        let kept = Bytes { data, cols, table: self.table.clone(), reciprocal: self.reciprocal };
        (kept, Bytes { data: out, cols, table: self.table, reciprocal: self.reciprocal })
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// Rows `0..rows` and columns `0..columns` (multiples of 4 and 16) of a matrix of `ld` rows
    /// stored column by column ← the numbers of samples `sample(i)` of `data` (`cols` bytes
    /// each), each byte b as b / d (`reciprocal`: 1/d as hi + lo) by the operations of
    /// [`quotient`](super::quotient). Sixteen columns at a time, so that the lines they are written
    /// to stay in the cache while the rows fill them.
    ///
    /// # Safety
    /// The processor has AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn quotients(
        data: &[u8],
        cols: usize,
        sample: &impl Fn(usize) -> usize,
        (rows, columns): (usize, usize),
        (hi, lo): (f64, f64),
        to: &mut [f64],
        ld: usize,
    ) {
        let (hi, lo) = (_mm256_set1_pd(hi), _mm256_set1_pd(lo));
        for c in (0..columns).step_by(16) {
            for i in (0..rows).step_by(4) {
                // SAFETY: sixteen bytes of each sample.
                let [a, b, e, f] = std::array::from_fn::<_, 4, _>(|k| unsafe {
                    _mm_loadu_si128(data[sample(i + k) * cols + c..][..16].as_ptr().cast())
                });
                // The bytes interleaved: each column's four samples, four columns to a vector.
                let (ab, ef) = (
                    [_mm_unpacklo_epi8(a, b), _mm_unpackhi_epi8(a, b)],
                    [_mm_unpacklo_epi8(e, f), _mm_unpackhi_epi8(e, f)],
                );
                let fours = [
                    _mm_unpacklo_epi16(ab[0], ef[0]),
                    _mm_unpackhi_epi16(ab[0], ef[0]),
                    _mm_unpacklo_epi16(ab[1], ef[1]),
                    _mm_unpackhi_epi16(ab[1], ef[1]),
                ];
                for (k, four) in fours.into_iter().enumerate() {
                    for (h, pair) in [four, _mm_srli_si128::<8>(four)].into_iter().enumerate() {
                        let ints = _mm256_cvtepu8_epi32(pair);
                        for (j, half) in [_mm256_castsi256_si128(ints), _mm256_extracti128_si256::<1>(ints)]
                            .into_iter()
                            .enumerate()
                        {
                            let x = _mm256_cvtepi32_pd(half);
                            let y = _mm256_fmadd_pd(x, hi, _mm256_mul_pd(x, lo));
                            let column = c + 4 * k + 2 * h + j;
                            // SAFETY: four numbers of the slice.
                            unsafe { _mm256_storeu_pd(to[column * ld + i..][..4].as_mut_ptr(), y) };
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples of 37 inputs (two groups of sixteen and five more), byte 7·r + 3·c (wrapping).
    fn samples(n: usize, table: [f64; 256], divisor: Option<f64>) -> Bytes {
        let data = (0..n).flat_map(|r| (0..37).map(move |c| (7 * r + 3 * c) as u8)).collect();
        Bytes::new(data, 37, table, divisor)
    }

    #[test]
    fn every_byte_gets_its_tables_bits() {
        // Pixels over 255 and over 1, over other scales, and a table that is not a quotient
        // (signed bytes).
        for d in [255.0, 1.0, 3.0, 10.0, 0.7, 1e-3] {
            let table = std::array::from_fn(|b| b as f64 / d);
            let bytes = samples(23, table, Some(d));
            assert!(bytes.reciprocal.is_some(), "{d}: the quotients are the table's");
            check(&bytes);
        }
        let signed = std::array::from_fn(|b| f64::from(b as u8 as i8));
        let bytes = samples(23, signed, Some(1.0));
        assert!(bytes.reciprocal.is_none(), "signed bytes are looked up");
        check(&bytes);
    }

    /// Every sample's numbers, converted in every order and count, are its table's entries.
    fn check(bytes: &Bytes) {
        for rows in [(0..23).collect::<Vec<_>>(), vec![5, 0, 22, 9, 9, 1, 17]] {
            let count = rows.len();
            let mut to = vec![f64::NAN; count * 37];
            bytes.convert(count, |i| rows[i], &mut to);
            for (i, &r) in rows.iter().enumerate() {
                for c in 0..37 {
                    let b = bytes.data[r * 37 + c];
                    assert_eq!(to[c * count + i].to_bits(), bytes.table[b as usize].to_bits(), "{r}, {c}");
                }
            }
        }
    }

    #[test]
    fn a_divisor_whose_quotients_differ_from_the_table_is_not_used() {
        let table = std::array::from_fn(|b| b as f64 / 255.0);
        assert!(samples(1, table, Some(254.0)).reciprocal.is_none());
    }
}
