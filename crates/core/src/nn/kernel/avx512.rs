//! The kernel in AVX-512: tiles of 16 rows × 12 columns of `c`, each entry's sum held in a vector
//! lane while `a`'s columns stream through two vectors and `b`'s numbers are broadcast.

use super::tiles::{AHEAD, Shape, Tile, Tiling, tiles};
use std::arch::x86_64::*;

/// Rows of `c` per tile: two vectors of eight.
const MR: usize = 16;
/// Columns of `c` per tile: 24 accumulators of the 32 vector registers.
const NR: usize = 12;

/// # Safety
/// The processor has AVX-512F, and a, b and c hold the entries `s` describes.
#[target_feature(enable = "avx512f")]
pub unsafe fn multiply(s: &Shape, a: *const f64, b: *const f64, c: *mut f64) {
    // SAFETY: as for multiply.
    unsafe { tiles::<MR>(s, &Tiling { nr: NR, packed: false }, a, b, c, |t, n| columns(t, s, n)) };
}

/// The lanes of a vector of eight that hold the first `rows` of them.
fn mask(rows: usize) -> __mmask8 {
    ((1u16 << rows.min(8)) - 1) as u8
}

/// A tile of `n` columns, with the number of accumulators fixed at compile time.
#[target_feature(enable = "avx512f")]
unsafe fn columns(t: &Tile, s: &Shape, n: usize) {
    // SAFETY: as for multiply.
    unsafe {
        match n {
            12 => tile::<12>(t, s),
            11 => tile::<11>(t, s),
            10 => tile::<10>(t, s),
            9 => tile::<9>(t, s),
            8 => tile::<8>(t, s),
            7 => tile::<7>(t, s),
            6 => tile::<6>(t, s),
            5 => tile::<5>(t, s),
            4 => tile::<4>(t, s),
            3 => tile::<3>(t, s),
            2 => tile::<2>(t, s),
            _ => tile::<1>(t, s),
        }
    }
}

#[target_feature(enable = "avx512f")]
unsafe fn tile<const N: usize>(t: &Tile, s: &Shape) {
    let [m0, m1] = [mask(t.rows), mask(t.rows.saturating_sub(8))];
    let mut acc = [[_mm512_setzero_pd(); 2]; N];
    // SAFETY (every block below): the addresses are entries of the tile, within the shape; the
    // masked lanes are neither read nor written.
    if !t.first {
        for (j, acc) in acc.iter_mut().enumerate() {
            let c = unsafe { t.c.add(j * s.ldc) };
            *acc = unsafe { [_mm512_maskz_loadu_pd(m0, c), _mm512_maskz_loadu_pd(m1, c.add(8))] };
        }
    }
    for p in 0..t.terms {
        // A prefetch only asks, and never faults, even past the tile's rows.
        let ahead = (p + AHEAD).min(t.terms - 1);
        _mm_prefetch::<_MM_HINT_T0>(t.a.wrapping_add(ahead * t.lda).cast());
        _mm_prefetch::<_MM_HINT_T0>(t.a.wrapping_add(ahead * t.lda + 8).cast());
        _mm_prefetch::<_MM_HINT_T0>(t.b.wrapping_add(ahead * s.rsb).cast());
        let a = unsafe { t.a.add(p * t.lda) };
        let (a0, a1) = unsafe { (_mm512_maskz_loadu_pd(m0, a), _mm512_maskz_loadu_pd(m1, a.add(8))) };
        let b = unsafe { t.b.add(p * s.rsb) };
        for (j, acc) in acc.iter_mut().enumerate() {
            let bj = _mm512_set1_pd(unsafe { *b.add(j * s.csb) });
            acc[0] = _mm512_fmadd_pd(a0, bj, acc[0]);
            acc[1] = _mm512_fmadd_pd(a1, bj, acc[1]);
        }
    }
    for (j, acc) in acc.iter().enumerate() {
        let c = unsafe { t.c.add(j * s.ldc) };
        unsafe {
            _mm512_mask_storeu_pd(c, m0, acc[0]);
            _mm512_mask_storeu_pd(c.add(8), m1, acc[1]);
        }
    }
}
