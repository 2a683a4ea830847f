//! Training's matrix product on x86-64 processors with AVX-512, or AVX2 and FMA: `c ← a·b` with
//! each entry one chain of fused multiply-adds from +0, `cᵢⱼ = fma(aᵢₖ, bₖⱼ, … fma(aᵢ₁, b₁ⱼ, +0))`,
//! k from 1 up (so an entry that is zero is +0). An entry's bits depend on its row of `a` and
//! column of `b` alone, not on where the entry falls in a block or a thread's band, nor on which of
//! the two instruction sets computes it.
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
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
#[cfg(target_arch = "x86_64")]
mod tiles;

use crate::nn::product::View;
use nalgebra::DMatrixViewMut;

/// nalgebra multiplies matrices with a side of this many or fewer term by term in order, a
/// multiply then an add, as one step of the core does: so does training, and a full batch of a
/// small network trains with exactly the numbers of `nettrace step`.
pub const SMALL_SIDE: usize = 5;

/// `c ← a·b`: by the kernel above when the processor has AVX-512 or AVX2 and FMA, the rows of `a`
/// and of `c` are adjacent in memory and no side is small, else by nalgebra. Every band of a
/// product's columns wider than [`SMALL_SIDE`] is multiplied the same way as the whole.
pub fn multiply(c: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    multiply_with(available(), c, a, b);
}

/// [`multiply`] with the instructions `isa`, which the processor has.
fn multiply_with(isa: Isa, c: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    assert!(b.nrows() == k && c.nrows() == m && c.ncols() == n, "{m}×{k} by {}×{n}", b.nrows());
    let small = m <= SMALL_SIDE || k <= SMALL_SIDE || n <= SMALL_SIDE;
    if small || isa == Isa::None || a.strides().0 != 1 || c.strides().0 != 1 {
        // Added to +0, as the kernel's sums start: no sum is −0.
        c.fill(0.0);
        return c.gemm(1.0, a, b, 1.0);
    }
    #[cfg(target_arch = "x86_64")]
    {
        let (rsb, csb) = b.strides();
        let shape = tiles::Shape { m, n, k, lda: a.strides().1, rsb, csb, ldc: c.strides().1 };
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

/// Which of the kernel's instruction sets this processor has, the widest first.
fn available() -> Isa {
    static ISA: std::sync::OnceLock<Isa> = std::sync::OnceLock::new();
    *ISA.get_or_init(|| [Isa::Avx512, Isa::Avx2].into_iter().find(|&isa| has(isa)).unwrap_or(Isa::None))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::Draws;
    use crate::nn::product::view;
    use nalgebra::DMatrix;

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
                let (tall, b, bt) = (
                    Draws::new(1).normal_matrix(m + 7, k),
                    Draws::new(2).normal_matrix(k, n),
                    Draws::new(3).normal_matrix(n, k),
                );
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
