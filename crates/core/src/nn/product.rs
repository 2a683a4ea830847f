//! How the matrix products of a pass are carried out. The passes here multiply one product after
//! another on the calling thread ([`Serial`]), each entry summed term by term in the order of its
//! index, one multiply then one add, so that every machine and WebAssembly give the same bits: the
//! step page recomputes in the browser exactly what `nettrace run` prints. Training hands the
//! passes [`Fast`], the fast kernels ([`kernel`]: chains of fused multiply-adds with AVX-512 or
//! AVX2, else nalgebra's, whose sums are cut into blocks), or a [`Products`] that splits each
//! product into bands of its result's columns and multiplies the bands at the same time. Every
//! entry of a product is one sum, and a band computes each of its entries exactly as the whole
//! product would, so the numbers do not depend on how the work was split.
use crate::nn::kernel;
use nalgebra::{DMatrix, DMatrixView, DMatrixViewMut, Dyn};

/// A matrix operand of a product: a whole matrix or a strided view of one (such as Wᵀ).
pub type View<'a> = DMatrixView<'a, f64, Dyn, Dyn>;

/// `m` as an operand.
pub fn view(m: &DMatrix<f64>) -> View<'_> {
    View::from_slice_with_strides(m.as_slice(), m.nrows(), m.ncols(), 1, m.nrows())
}

/// The rows `first..first + count` of `m` as an operand, read where they are.
pub fn rows(m: &DMatrix<f64>, first: usize, count: usize) -> View<'_> {
    assert!(first + count <= m.nrows(), "rows {first}..{} of {}", first + count, m.nrows());
    View::from_slice_with_strides(&m.as_slice()[first..], count, m.ncols(), 1, m.nrows())
}

/// Carries out `out ← a·b`.
pub trait Products: Sync {
    /// `out ← a·b`; `out` has the shape of the product. Every entry is a sum started from +0, so
    /// an entry that is zero is +0.
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View);
}

/// One product after another, on the calling thread, each entry summed in order: the same bits
/// on every machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct Serial;

impl Products for Serial {
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View) {
        in_order(&mut out.as_view_mut(), a, b);
    }
}

/// `out ← a·b`, each entry 0 + Σₖ aᵢₖ·bₖⱼ summed from +0 and k = 1 up, each term multiplied then
/// added (no fused multiply-add), as IEEE 754 defines for every machine. Starting from +0 changes
/// no sum but one of zeros only: it is +0, never −0. A column of `out` at a time, so each column
/// is an independent band.
pub fn in_order(out: &mut DMatrixViewMut<f64>, a: &View, b: &View) {
    // nalgebra's product of a matrix and a vector adds a's columns into the result one after
    // another, with a multiply and an add per term: the order above, for every entry at once.
    out.fill(0.0);
    for j in 0..out.ncols() {
        out.column_mut(j).gemv(1.0, a, &b.column(j), 1.0);
    }
}

/// One product after another, on the calling thread, by the fast kernels ([`kernel::multiply`]):
/// faster, and their bits depend on the processor. Training uses them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fast;

impl Products for Fast {
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View) {
        kernel::multiply(&mut out.as_view_mut(), a, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_is_summed_in_order_with_a_multiply_and_an_add() {
        // 0.1·0.1 rounds; added to 1e16 term by term it is lost, which a fused multiply-add or
        // another order would keep.
        let (m, k, n) = (7, 9, 6);
        let a = DMatrix::from_fn(m, k, |i, p| if p == 0 { 1e16 } else { 0.1 + (i + p) as f64 * 1e-3 });
        let b = DMatrix::from_fn(k, n, |p, j| if p == 0 { 1.0 } else { 0.1 - (p * j) as f64 * 1e-4 });
        let mut out = DMatrix::from_element(m, n, f64::NAN);
        Serial.product(&mut out, &view(&a), &view(&b));
        for i in 0..m {
            for j in 0..n {
                let mut sum = a[(i, 0)] * b[(0, j)];
                for p in 1..k {
                    let term = a[(i, p)] * b[(p, j)];
                    sum += term;
                }
                assert_eq!(out[(i, j)].to_bits(), sum.to_bits(), "entry ({i}, {j})");
            }
        }
    }

    #[test]
    fn a_sum_of_zeros_is_positive_zero() {
        // Every term is −1·0 = −0, and −0 + −0 is −0: only a sum started from +0 is +0. Shapes
        // the kernels take and shapes with a short side, which nalgebra multiplies.
        for (m, k, n) in [(16, 20, 12), (3, 4, 2), (9, 3, 8)] {
            let a = DMatrix::from_element(m, k, -1.0);
            let b = DMatrix::zeros(k, n);
            for products in [&Serial as &dyn Products, &Fast] {
                let mut out = DMatrix::from_element(m, n, f64::NAN);
                products.product(&mut out, &view(&a), &view(&b));
                assert!(out.iter().all(|x| x.to_bits() == 0), "{m}×{k}×{n}: {out}");
            }
        }
    }
}
