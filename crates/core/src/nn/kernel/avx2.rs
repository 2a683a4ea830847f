//! The kernel in AVX2 with FMA: tiles of 8 rows × 6 columns of `c`, each entry's sum held in a
//! vector lane while `a`'s columns stream through two vectors and `b`'s numbers are broadcast.

use super::tiles::{AHEAD, Shape, Tile, Tiling, tiles};
use std::arch::x86_64::*;

/// Rows of `c` per tile: two vectors of four.
const MR: usize = 8;
/// Columns of `c` per tile: 12 accumulators of the 16 vector registers, beside a's two vectors
/// and b's broadcast number.
const NR: usize = 6;

/// # Safety
/// The processor has AVX2 and FMA, and a, b and c hold the entries `s` describes.
#[target_feature(enable = "avx2,fma")]
pub unsafe fn multiply(s: &Shape, a: *const f64, b: *const f64, c: *mut f64) {
    // SAFETY: as for multiply.
    unsafe { tiles::<MR>(s, &Tiling { nr: NR, packed: true }, a, b, c, |t, n| columns(t, s, n)) };
}

/// A tile of `n` columns, with whether every row is there fixed at compile time.
#[target_feature(enable = "avx2,fma")]
unsafe fn columns(t: &Tile, s: &Shape, n: usize) {
    // SAFETY: as for multiply.
    unsafe { if t.rows == MR { width::<true>(t, s, n) } else { width::<false>(t, s, n) } }
}

/// A tile of `n` columns, with the number of accumulators fixed at compile time.
#[target_feature(enable = "avx2,fma")]
unsafe fn width<const FULL: bool>(t: &Tile, s: &Shape, n: usize) {
    // SAFETY: as for multiply.
    unsafe {
        match n {
            6 => tile::<6, FULL>(t, s),
            5 => tile::<5, FULL>(t, s),
            4 => tile::<4, FULL>(t, s),
            3 => tile::<3, FULL>(t, s),
            2 => tile::<2, FULL>(t, s),
            _ => tile::<1, FULL>(t, s),
        }
    }
}

/// The lanes of the two vectors of four that hold the first `rows`, as AVX2's masked loads and
/// stores take them: all bits set in a lane that is read or written.
#[target_feature(enable = "avx2")]
fn masks(rows: usize) -> [__m256i; 2] {
    let lane = |r: usize| if r < rows { -1 } else { 0 };
    [
        _mm256_setr_epi64x(lane(0), lane(1), lane(2), lane(3)),
        _mm256_setr_epi64x(lane(4), lane(5), lane(6), lane(7)),
    ]
}

#[target_feature(enable = "avx2,fma")]
unsafe fn tile<const N: usize, const FULL: bool>(t: &Tile, s: &Shape) {
    let [m0, m1] = masks(t.rows);
    // SAFETY (every block below): the addresses are entries of the tile, within the shape; the
    // masked lanes are neither read nor written.
    let load = |p: *const f64| unsafe {
        if FULL {
            [_mm256_loadu_pd(p), _mm256_loadu_pd(p.add(4))]
        } else {
            [_mm256_maskload_pd(p, m0), _mm256_maskload_pd(p.add(4), m1)]
        }
    };
    let mut acc = [[_mm256_setzero_pd(); 2]; N];
    if !t.first {
        for (j, acc) in acc.iter_mut().enumerate() {
            *acc = load(t.c.wrapping_add(j * s.ldc));
        }
    }
    // b's numbers of a term: at these distances from its first, kept in registers.
    let columns: [usize; N] = std::array::from_fn(|j| j * s.csb);
    let (mut a, mut b) = (t.a, t.b);
    for _ in 0..t.terms {
        // A prefetch only asks, and never faults, even past the shape.
        _mm_prefetch::<_MM_HINT_T0>(a.wrapping_add(AHEAD * t.lda).cast());
        _mm_prefetch::<_MM_HINT_T0>(b.wrapping_add(AHEAD * s.rsb).cast());
        let [a0, a1] = load(a);
        for (acc, &j) in acc.iter_mut().zip(&columns) {
            let bj = _mm256_set1_pd(unsafe { *b.add(j) });
            acc[0] = _mm256_fmadd_pd(a0, bj, acc[0]);
            acc[1] = _mm256_fmadd_pd(a1, bj, acc[1]);
        }
        (a, b) = (a.wrapping_add(t.lda), b.wrapping_add(s.rsb));
    }
    for (j, acc) in acc.iter().enumerate() {
        let c = t.c.wrapping_add(j * s.ldc);
        unsafe {
            if FULL {
                _mm256_storeu_pd(c, acc[0]);
                _mm256_storeu_pd(c.add(4), acc[1]);
            } else {
                _mm256_maskstore_pd(c, m0, acc[0]);
                _mm256_maskstore_pd(c.add(4), m1, acc[1]);
            }
        }
    }
}
