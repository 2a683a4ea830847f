//! How the matrix products of a pass are carried out. The passes here multiply one product after
//! another on the calling thread ([`Serial`]); a caller may hand them a [`Products`] that splits
//! each product into bands of its result's columns and multiplies the bands at the same time.
//! Every entry of a product is one sum, and a band computes each of its entries exactly as the
//! whole product would, so the numbers do not depend on how the work was split.

use nalgebra::{DMatrix, DMatrixView, Dyn};

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
    /// `out ← a·b`; `out` has the shape of the product.
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View);
}

/// One product after another, on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Serial;

impl Products for Serial {
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View) {
        out.gemm(1.0, a, b, 0.0);
    }
}
