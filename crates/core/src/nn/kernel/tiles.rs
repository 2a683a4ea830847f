//! How the kernels lay their tiles over a product: passes of [`KC`] terms, blocks of [`MC`] rows,
//! and for AVX2 the copy of `a`'s blocks into panels ([`pack`]). An instruction set's file
//! multiplies one tile.

use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};

/// c (m × n) ← a (m × k) · b (k × n), with the strides of each: `lda` between a's columns (its
/// rows are adjacent), `rsb` and `csb` between b's rows and columns, `ldc` between c's columns
/// (its rows are adjacent).
pub(super) struct Shape {
    pub(super) m: usize,
    pub(super) n: usize,
    pub(super) k: usize,
    pub(super) lda: usize,
    pub(super) rsb: usize,
    pub(super) csb: usize,
    pub(super) ldc: usize,
}

/// Rows of `c` per block: a's 64 × 256 slice of them, 128 KiB, stays in the second-level cache
/// while every column's tiles reuse it.
const MC: usize = 64;
/// Terms of each sum per pass over a tile, so that a tile's slices of `a` and `b` stay in the
/// first-level cache while the next tiles reuse them. Between passes an entry's running sum is
/// stored in `c` and read back exactly.
const KC: usize = 256;

/// How many terms ahead a tile asks for the cache lines of a's columns and b's rows: a's columns
/// lie a page or more apart in a data set, and the processor does not fetch across pages by
/// itself. Four took 6–8% less time per epoch than none at MNIST's size with AVX-512; with AVX2,
/// two to eight do alike.
pub(super) const AHEAD: usize = 4;

/// How a kernel's tiles of `MR` rows are laid over `c`.
pub(super) struct Tiling {
    /// Columns of `c` per tile.
    pub(super) nr: usize,
    /// Whether the tiles read `a` from a copy of each block in panels of `MR` rows, each panel
    /// one run of memory, term after term; else where it is.
    pub(super) packed: bool,
}

/// One tile of `c`: `terms` terms of each entry of its first `rows` rows, added to what c holds,
/// or written over it for the first terms. `a`, `b` and `c` point at the tile's first entries;
/// `lda` is the distance between the tile's columns of `a`.
pub(super) struct Tile {
    pub(super) a: *const f64,
    pub(super) lda: usize,
    pub(super) b: *const f64,
    pub(super) c: *mut f64,
    pub(super) terms: usize,
    pub(super) rows: usize,
    pub(super) first: bool,
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
pub(super) unsafe fn tiles<const MR: usize>(
    s: &Shape,
    t: &Tiling,
    a: *const f64,
    b: *const f64,
    c: *mut f64,
    each: impl FnMut(&Tile, usize),
) {
    let size = if t.packed { MC.min(s.m).next_multiple_of(MR) * KC.min(s.k) } else { 0 };
    PANELS.with_borrow_mut(|panels| {
        if panels.len() < size {
            // The largest block there is, once per thread.
            *panels = vec![0.0; MC.next_multiple_of(MR) * KC];
        }
        // SAFETY: as for tiles.
        unsafe { tiles_in::<MR>(s, t, a, b, c, &mut panels[..size], each) }
    })
}

thread_local! {
    /// The copy of a block of `a` in panels, kept for the thread's next product: a new one per
    /// product was 128 KiB to allocate, fill with zeros and fault in, about 1.5% of an epoch at
    /// MNIST's size.
    static PANELS: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`tiles`] with `panels` to copy a's blocks into.
///
/// # Safety
/// As for [`tiles`].
unsafe fn tiles_in<const MR: usize>(
    s: &Shape,
    t: &Tiling,
    a: *const f64,
    b: *const f64,
    c: *mut f64,
    panels: &mut [f64],
    mut each: impl FnMut(&Tile, usize),
) {
    for p in (0..s.k).step_by(KC) {
        let terms = KC.min(s.k - p);
        for i0 in (0..s.m).step_by(MC) {
            let rows = i0..s.m.min(i0 + MC);
            if t.packed {
                // SAFETY: as for tiles; only the AVX2 kernel packs, on a processor with AVX2.
                unsafe { pack::<MR>(s, a.add(i0 + p * s.lda), rows.len(), terms, panels) };
            }
            let next = t.packed.then(|| Next::after(s, t, i0, p)).flatten();
            for (jt, j) in (0..s.n).step_by(t.nr).enumerate() {
                if let Some(next) = &next {
                    next.ask(s, a, jt);
                }
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

/// The block of `a` packed after the one at row `i0` and term `p` (the next block of rows, else
/// the next pass's first), whose lines are asked for a share at a time while this block's tiles
/// run, so that its copy reads the second-level cache rather than memory.
struct Next {
    first_row: usize,
    first_term: usize,
    terms: usize,
    /// Terms asked for per tile of columns.
    share: usize,
}

impl Next {
    fn after(s: &Shape, t: &Tiling, i0: usize, p: usize) -> Option<Next> {
        let (first_row, first_term) = if i0 + MC < s.m { (i0 + MC, p) } else { (0, p + KC) };
        let terms = KC.min(s.k.checked_sub(first_term).filter(|&n| n > 0)?);
        Some(Next { first_row, first_term, terms, share: terms.div_ceil(s.n.div_ceil(t.nr)) })
    }

    /// Asks for the lines of the next block's terms that fall to the `jt`-th tile of columns.
    fn ask(&self, s: &Shape, a: *const f64, jt: usize) {
        let rows = MC.min(s.m - self.first_row);
        for q in jt * self.share..self.terms.min((jt + 1) * self.share) {
            let column = a.wrapping_add(self.first_row + (self.first_term + q) * s.lda);
            // Every line the column's rows touch, wherever the first falls in its line.
            for line in (0..rows + 7).step_by(8) {
                // SAFETY: a prefetch only asks, and never faults.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(column.wrapping_add(line).cast()) };
            }
        }
    }
}

/// `panels` ← the `rows` × `terms` block of `a` at `a`, in panels of `MR` rows: panel q holds
/// term after term the rows q·MR.. of each. Past the last row the panel keeps what it held, which
/// a tile of fewer rows does not read (its loads are masked).
///
/// # Safety
/// The processor has AVX2 (a whole panel's column is copied as two of its vectors), and the
/// block's entries are a's, with s.lda between its columns.
#[target_feature(enable = "avx2")]
unsafe fn pack<const MR: usize>(s: &Shape, a: *const f64, rows: usize, terms: usize, panels: &mut [f64]) {
    let height = |q: usize| MR.min(rows - q * MR);
    for p in 0..terms {
        // A column of a data set's batch is a few cache lines on a page of its own: ask for the
        // lines of the columns ahead, which the processor would not fetch by itself.
        let ahead = a.wrapping_add((p + AHEAD) * s.lda);
        for line in (0..rows).step_by(8) {
            // A prefetch only asks, and never faults.
            _mm_prefetch::<_MM_HINT_T0>(ahead.wrapping_add(line).cast());
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
unsafe fn copy_short(from: *const f64, to: &mut [f64]) {
    // SAFETY: as for copy_short.
    to.copy_from_slice(unsafe { std::slice::from_raw_parts(from, to.len()) });
}
