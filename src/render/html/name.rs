//! The 1-based names of single entries that diagram elements carry in `data-quantity`.

/// Entry (`row`, `column`) of W[`layer`], as the file's layout stores the matrix, all from 1:
/// `W[2][1][1]`.
pub(super) fn weight(layer: usize, row: usize, column: usize) -> String {
    format!("W[{layer}][{row}][{column}]")
}

/// Entry `unit` of b[`layer`], from 1: `b[1][2]`.
pub(super) fn bias(layer: usize, unit: usize) -> String {
    format!("b[{layer}][{unit}]")
}

/// Unit `unit` of layer `layer`, from 1 (layer 0 is the input): `a[1][2]`.
pub(super) fn unit(layer: usize, unit: usize) -> String {
    format!("a[{layer}][{unit}]")
}
