//! Training's matrix product on processors with AVX-512: `c ← a·b` with each entry one chain of
//! fused multiply-adds, `cᵢⱼ = fma(aᵢₖ, bₖⱼ, … fma(aᵢ₂, b₂ⱼ, aᵢ₁·b₁ⱼ))`, k from 1 up. An entry's
//! bits depend on its row of `a` and column of `b` alone, not on where the entry falls in a block
//! or a thread's band.
//!
//! The operands are read where they are, with no packing ([`avx512`]): `a` down its columns, eight
//! rows to a vector (so its rows must be adjacent in memory, as in a batch of a data set's rows,
//! a stored δ or a), and `b` one number at a time, broadcast, whatever its strides. Packing
//! (copying the operands into the layout a kernel reads fastest) was a seventh of an epoch's time
//! with the general kernel, and training's operands are read once or twice per product.
//!
//! Elsewhere (another processor, or operands laid out otherwise) the product is nalgebra's general
//! kernel, whose bits depend on the processor.

#[cfg(target_arch = "x86_64")]
mod avx512;

use crate::nn::product::View;
use nalgebra::DMatrixViewMut;

/// nalgebra multiplies matrices with a side of this many or fewer term by term in order, a
/// multiply then an add, as one step of the core does: so does training, and a full batch of a
/// small network trains with exactly the numbers of `nettrace step`.
pub const SMALL_SIDE: usize = 5;

/// `c ← a·b`: by the kernel above when the processor has AVX-512, the rows of `a` and of `c` are
/// adjacent in memory and no side is small, else by nalgebra. Every band of a product's columns
/// wider than [`SMALL_SIDE`] is multiplied the same way as the whole.
pub fn multiply(c: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    assert!(b.nrows() == k && c.nrows() == m && c.ncols() == n, "{m}×{k} by {}×{n}", b.nrows());
    let small = m <= SMALL_SIDE || k <= SMALL_SIDE || n <= SMALL_SIDE;
    if small || !available() || a.strides().0 != 1 || c.strides().0 != 1 {
        return c.gemm(1.0, a, b, 0.0);
    }
    #[cfg(target_arch = "x86_64")]
    {
        let (rsb, csb) = b.strides();
        let shape = Shape { m, n, k, lda: a.strides().1, rsb, csb, ldc: c.strides().1 };
        // SAFETY: the processor has AVX-512 (`available`), and every address the kernel reads or
        // writes is that of an entry of a, b or c, whose views hold them with these strides.
        unsafe { avx512::multiply(&shape, a.as_ptr(), b.as_ptr(), c.as_mut_ptr()) };
    }
}

/// Whether this processor runs the kernel.
fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        static AVX512: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *AVX512.get_or_init(|| std::arch::is_x86_feature_detected!("avx512f"))
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::{Draws, Scheme};
    use crate::nn::product::view;
    use nalgebra::DMatrix;

    fn random(rows: usize, cols: usize, seed: u64) -> DMatrix<f64> {
        DMatrix::from_vec(rows, cols, Draws::new(seed).sample(Scheme::Normal, 1, 1, rows * cols))
    }

    #[test]
    fn each_entry_is_one_chain_of_fused_multiply_adds_in_order() {
        // Sizes from the smallest the kernel takes, at and around its tiles (16 × 12), blocks of
        // rows (64) and passes (256 terms), and two with a short side, which nalgebra keeps; b
        // whole, and b as a transposed view (its rows adjacent instead of its columns).
        let sizes = [(6, 6, 6), (16, 256, 12), (17, 257, 13), (64, 784, 128), (10, 600, 25), (130, 70, 140)];
        for (m, k, n) in sizes.into_iter().chain([(4, 30, 9), (9, 30, 5)]) {
            let (a, b, bt) = (random(m, k, 1), random(k, n, 2), random(n, k, 3));
            let bt_view = View::from_slice_with_strides(bt.as_slice(), k, n, n, 1);
            for b in [view(&b), bt_view] {
                let mut c = DMatrix::from_element(m, n, f64::NAN);
                multiply(&mut c.as_view_mut(), &view(&a), &b);
                // Without AVX-512, or with a short side, nalgebra's product, bit for bit.
                let mut general = DMatrix::zeros(m, n);
                general.gemm(1.0, &view(&a), &b, 0.0);
                let ours = available() && m.min(k).min(n) > SMALL_SIDE;
                for i in 0..m {
                    for j in 0..n {
                        let chain = (0..k).fold(0.0, |sum, p| a[(i, p)].mul_add(b[(p, j)], sum));
                        let expected = if ours { chain } else { general[(i, j)] };
                        assert_eq!(c[(i, j)].to_bits(), expected.to_bits(), "{m}×{k}×{n}: entry ({i}, {j})");
                    }
                }
            }
        }
    }
}
