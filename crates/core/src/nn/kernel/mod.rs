//! Training's matrix product on x86-64 processors with AVX-512, or AVX2 and FMA: `c ← a·b` with
//! each entry one chain of fused multiply-adds, `cᵢⱼ = fma(aᵢₖ, bₖⱼ, … fma(aᵢ₂, b₂ⱼ, aᵢ₁·b₁ⱼ))`, k
//! from 1 up. An entry's bits depend on its row of `a` and column of `b` alone, not on where the
//! entry falls in a block or a thread's band, nor on which of the two instruction sets computes it.
//!
//! `b` is read where it is, one number at a time, broadcast, whatever its strides, and `a` down
//! its columns, a vector of rows at a time (so its rows must be adjacent in memory, as in a batch
//! of a data set's rows, a stored δ or a). With AVX-512 ([`avx512`]) `a` too is read where it is:
//! packing (copying the operands into the layout a kernel reads fastest) was a seventh of an
//! epoch's time with the general kernel, and training's operands are read once or twice per
//! product. With AVX2 ([`avx2`]), whose tiles are half as tall, `a` is copied a block at a time
//! into panels as tall as a tile (see [`tiles`]): read where it is, a batch's columns, which lie
//! pages apart, fall into a few sets of the first-level cache and push each other out of it.
//!
//! Elsewhere (another processor, or operands laid out otherwise) the product is nalgebra's general
//! kernel, whose bits depend on the processor.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;

use crate::nn::product::View;
use nalgebra::DMatrixViewMut;

/// nalgebra multiplies matrices with a side of this many or fewer term by term in order, a
/// multiply then an add, as one step of the core does: so does training, and a full batch of a
/// small network trains with exactly the numbers of `nettrace step`.
pub const SMALL_SIDE: usize = 5;

/// `c ← a·b`: by the kernel above when the processor has AVX-512 or AVX2 and FMA, the rows of `a`
/// and of `c` are adjacent in memory and no side is small, else by nalgebra. Every band of a product's columns
/// wider than [`SMALL_SIDE`] is multiplied the same way as the whole.
pub fn multiply(c: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    multiply_with(available(), c, a, b);
}

/// [`multiply`] with the instructions `isa`, which the processor has.
fn multiply_with(isa: Isa, c: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    assert!(b.nrows() == k && c.nrows() == m && c.ncols() == n, "{m}×{k} by {}×{n}", b.nrows());
    let small = m <= SMALL_SIDE || k <= SMALL_SIDE || n <= SMALL_SIDE;
    if small || isa == Isa::None || a.strides().0 != 1 || c.strides().0 != 1 {
        return c.gemm(1.0, a, b, 0.0);
    }
    #[cfg(target_arch = "x86_64")]
    {
        let (rsb, csb) = b.strides();
        let shape = Shape { m, n, k, lda: a.strides().1, rsb, csb, ldc: c.strides().1 };
        let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
        // SAFETY: the processor has the instructions, and every address the kernel reads or
        // writes is that of an entry of a, b or c, whose views hold them with these strides.
        unsafe {
            match isa {
                Isa::Avx512 => avx512::multiply(&shape, a, b, c),
                _ => avx2::multiply(&shape, a, b, c),
            }
        }
    }
}

/// The instructions the kernel uses on this processor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
enum Isa {
    Avx512,
    Avx2,
    None,
}

/// Which of the kernel's instruction sets this processor has.
fn available() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        static ISA: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
        *ISA.get_or_init(|| {
            if std::arch::is_x86_feature_detected!("avx512f") {
                Isa::Avx512
            } else if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                Isa::Avx2
            } else {
                Isa::None
            }
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    Isa::None
}

/// c (m × n) ← a (m × k) · b (k × n), with the strides of each: `lda` between a's columns (its
/// rows are adjacent), `rsb` and `csb` between b's rows and columns, `ldc` between c's columns
/// (its rows are adjacent).
#[cfg(target_arch = "x86_64")]
struct Shape {
    m: usize,
    n: usize,
    k: usize,
    lda: usize,
    rsb: usize,
    csb: usize,
    ldc: usize,
}

/// Rows of `c` per block: a's 64 × 256 slice of them, 128 KiB, stays in the second-level cache
/// while every column's tiles reuse it.
#[cfg(target_arch = "x86_64")]
const MC: usize = 64;
/// Terms of each sum per pass over a tile, so that a tile's slices of `a` and `b` stay in the
/// first-level cache while the next tiles reuse them. Between passes an entry's running sum is
/// stored in `c` and read back exactly.
#[cfg(target_arch = "x86_64")]
const KC: usize = 256;

/// How many terms ahead a tile asks for the cache lines of a's columns and b's rows: a's columns
/// lie a page or more apart in a data set, and the processor does not fetch across pages by
/// itself. Four took 6–8% less time per epoch than none at MNIST's size with AVX-512; with AVX2,
/// two to eight do alike.
#[cfg(target_arch = "x86_64")]
const AHEAD: usize = 4;

/// How a kernel's tiles of `MR` rows are laid over `c`.
#[cfg(target_arch = "x86_64")]
struct Tiling {
    /// Columns of `c` per tile.
    nr: usize,
    /// Whether the tiles read `a` from a copy of each block in panels of `MR` rows, each panel
    /// one run of memory, term after term; else where it is.
    packed: bool,
}

/// One tile of `c`: `terms` terms of each entry of its first `rows` rows, added to what c holds,
/// or written over it for the first terms. `a`, `b` and `c` point at the tile's first entries;
/// `lda` is the distance between the tile's columns of `a`.
#[cfg(target_arch = "x86_64")]
struct Tile {
    a: *const f64,
    lda: usize,
    b: *const f64,
    c: *mut f64,
    terms: usize,
    rows: usize,
    first: bool,
}

/// Calls `each` with every tile of `c` (smaller at its edges) and the tile's number of columns:
/// in passes of [`KC`] terms, then blocks of [`MC`] rows, then down the block's rows for each tile
/// of columns, so that the tile's slice of `b` stays in the first-level cache while `a`'s block is
/// read again from the second. Packed, `a`'s block is first copied in panels of `MR` rows, each
/// one run of memory: a batch of a data set's rows, whose columns lie pages apart, would fall into
/// a few of the first-level cache's sets, and its copy spreads over all of them.
///
/// # Safety
/// a, b and c hold the entries `s` describes.
#[cfg(target_arch = "x86_64")]
unsafe fn tiles<const MR: usize>(
    s: &Shape,
    t: &Tiling,
    a: *const f64,
    b: *const f64,
    c: *mut f64,
    mut each: impl FnMut(&Tile, usize),
) {
    let size = MC.min(s.m).next_multiple_of(MR) * KC.min(s.k);
    let mut panels = if t.packed { vec![0.0; size] } else { Vec::new() };
    for p in (0..s.k).step_by(KC) {
        let terms = KC.min(s.k - p);
        for i0 in (0..s.m).step_by(MC) {
            let rows = i0..s.m.min(i0 + MC);
            if t.packed {
                // SAFETY: as for tiles.
                unsafe { pack::<MR>(s, a.add(i0 + p * s.lda), rows.len(), terms, &mut panels) };
            }
            for j in (0..s.n).step_by(t.nr) {
                for i in rows.clone().step_by(MR) {
                    // The tile's first entries of a, b and c (wrapping_add: computing them reads
                    // nothing; the tile reads the entries within the shape).
                    let (a, lda) = match t.packed {
                        true => (panels.as_ptr().wrapping_add((i - i0) * terms), MR),
                        false => (a.wrapping_add(i + p * s.lda), s.lda),
                    };
                    let tile = Tile {
                        a,
                        lda,
                        b: b.wrapping_add(p * s.rsb + j * s.csb),
                        c: c.wrapping_add(i + j * s.ldc),
                        terms,
                        rows: MR.min(s.m - i),
                        first: p == 0,
                    };
                    each(&tile, t.nr.min(s.n - j));
                }
            }
        }
    }
}

/// `panels` ← the `rows` × `terms` block of `a` at `a`, in panels of `MR` rows: panel q holds
/// term after term the rows q·MR.. of each (zeros past the last row).
///
/// # Safety
/// The block's entries are a's, with s.lda between its columns.
#[cfg(target_arch = "x86_64")]
unsafe fn pack<const MR: usize>(s: &Shape, a: *const f64, rows: usize, terms: usize, panels: &mut [f64]) {
    let height = |q: usize| MR.min(rows - q * MR);
    for p in 0..terms {
        // A column of a data set's batch is a few cache lines on a page of its own: ask for the
        // lines of the columns ahead, which the processor would not fetch by itself.
        let ahead = a.wrapping_add((p + AHEAD) * s.lda);
        for line in (0..rows).step_by(8) {
            // SAFETY: a prefetch only asks, and never faults.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(ahead.wrapping_add(line).cast()) };
        }
        for q in 0..rows.div_ceil(MR) {
            let (from, to) = (a.wrapping_add(q * MR + p * s.lda), &mut panels[(q * terms + p) * MR..][..MR]);
            // SAFETY: rows q·MR.. q·MR + height of column p of the block. A whole panel's column
            // is copied as one value, which a call to memcpy would take longer to set up.
            unsafe {
                if height(q) == MR {
                    *<&mut [f64; MR]>::try_from(to).expect("MR numbers") =
                        from.cast::<[f64; MR]>().read_unaligned();
                } else {
                    copy_short(from, &mut to[..height(q)]);
                }
            }
        }
    }
}

/// `to` ← the numbers at `from`: the last panel's rows, kept apart from the whole panels' copy,
/// which would otherwise be merged into it as a call to memcpy.
///
/// # Safety
/// `from` holds `to.len()` numbers.
#[cold]
#[inline(never)]
#[cfg(target_arch = "x86_64")]
unsafe fn copy_short(from: *const f64, to: &mut [f64]) {
    // SAFETY: as for copy_short.
    to.copy_from_slice(unsafe { std::slice::from_raw_parts(from, to.len()) });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::{Draws, Scheme};
    use crate::nn::product::view;
    use nalgebra::DMatrix;

    fn random(rows: usize, cols: usize, seed: u64) -> DMatrix<f64> {
        DMatrix::from_vec(rows, cols, Draws::new(seed).sample(Scheme::Normal, 1, 1, rows * cols))
    }

    /// Whether this processor has `isa`.
    fn has(isa: Isa) -> bool {
        #[cfg(target_arch = "x86_64")]
        let has = match isa {
            Isa::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            Isa::Avx2 => {
                std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
            }
            Isa::None => true,
        };
        #[cfg(not(target_arch = "x86_64"))]
        let has = isa == Isa::None;
        has
    }

    #[test]
    fn each_entry_is_one_chain_of_fused_multiply_adds_in_order() {
        // Sizes from the smallest the kernels take, at and around their tiles (16 × 12 and 8 × 6),
        // blocks of rows (64) and passes (256 terms), and two with a short side, which nalgebra
        // keeps. a whole, and a as rows of a taller matrix (a batch of a data set's rows); b
        // whole, and b as a transposed view (its rows adjacent instead of its columns).
        let sizes = [(6, 6, 6), (16, 256, 12), (17, 257, 13), (64, 784, 128), (10, 600, 25), (130, 70, 140)];
        let isas = [Isa::Avx512, Isa::Avx2, Isa::None].into_iter().filter(|&isa| has(isa));
        for isa in isas {
            for (m, k, n) in sizes.into_iter().chain([(4, 30, 9), (9, 30, 5)]) {
                let (tall, b, bt) = (random(m + 7, k, 1), random(k, n, 2), random(n, k, 3));
                let band = View::from_slice_with_strides(&tall.as_slice()[3..], m, k, 1, m + 7);
                let a = band.clone_owned();
                let bt_view = View::from_slice_with_strides(bt.as_slice(), k, n, n, 1);
                for (a_view, b) in
                    [(view(&a), view(&b)), (band, bt_view), (view(&a), bt_view), (band, view(&b))]
                {
                    let mut c = DMatrix::from_element(m, n, f64::NAN);
                    multiply_with(isa, &mut c.as_view_mut(), &a_view, &b);
                    // Without the kernels, or with a short side, nalgebra's product, bit for bit.
                    let mut general = DMatrix::zeros(m, n);
                    general.gemm(1.0, &view(&a), &b, 0.0);
                    let ours = isa != Isa::None && m.min(k).min(n) > SMALL_SIDE;
                    for i in 0..m {
                        for j in 0..n {
                            let chain = (0..k).fold(0.0, |sum, p| a[(i, p)].mul_add(b[(p, j)], sum));
                            let expected = if ours { chain } else { general[(i, j)] };
                            let at = format!("{isa:?}, {m}×{k}×{n}: entry ({i}, {j})");
                            assert_eq!(c[(i, j)].to_bits(), expected.to_bits(), "{at}");
                        }
                    }
                }
            }
        }
    }
}
