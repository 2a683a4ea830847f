//! The sentence that names a slip in a graded answer: what the learner did, in the notation.

use super::grade::symbol;
use crate::nn::network::Layout;
use crate::step::Quantity;
use crate::teach::grade::{Answer, Mistake};

/// The `layout` slip's sentence: which product was computed, and which the file's layout asks for.
fn layout_says(q: Quantity, layout: Layout) -> String {
    let s = symbol(q);
    let (done, file) = match (q, layout) {
        (Quantity::Z(l), Layout::InOut) => (format!("W[{l}]·a[{}]", l - 1), format!("a[{}]·W[{l}]", l - 1)),
        (Quantity::Z(l), Layout::OutIn) => (format!("a[{}]·W[{l}]", l - 1), format!("W[{l}]·a[{}]", l - 1)),
        (q, Layout::InOut) => {
            let l = q.layer().unwrap_or(0) + 1;
            (format!("δ[{l}]·W[{l}]"), format!("δ[{l}]·W[{l}]ᵀ"))
        }
        (q, Layout::OutIn) => {
            let l = q.layer().unwrap_or(0) + 1;
            (format!("W[{l}]·δ[{l}]"), format!("W[{l}]ᵀ·δ[{l}]"))
        }
    };
    let rows = match layout {
        Layout::InOut => "one row of W per input",
        Layout::OutIn => "one row of W per neuron",
    };
    format!(
        "{s} is computed as {done}, but this file's layout is \"{}\" ({rows}), so it is {file}; the notes write both forms, the file says which.",
        layout.name()
    )
}

/// One plain sentence on what the slip `m` in answer `a` was.
pub fn says(m: Mistake, a: &Answer, layout: Layout) -> String {
    use Quantity::*;
    let q = a.quantity;
    let s = symbol(q);
    match (m, q) {
        (Mistake::Sign, _) => format!("the sign of {s} is flipped."),
        (Mistake::Transposed, _) => {
            let ((r, c), (er, ec)) = (a.given.shape(), a.expected.shape());
            format!("{s} is written transposed, {r}×{c} for {er}×{ec}: rows for columns.")
        }
        (Mistake::MissingDerivative, _) => {
            let l = q.layer().unwrap_or(0);
            format!("{s} is missing its factor ∘ φ′(z[{l}]).")
        }
        (Mistake::DerivativeAtA, _) => {
            let l = q.layer().unwrap_or(0);
            format!("φ′ is taken at a[{l}] instead of z[{l}].")
        }
        (Mistake::UpdatedWeights, _) => {
            let l = q.layer().unwrap_or(0) + 1;
            format!("{s} is computed with W[{l}] after the update instead of before it.")
        }
        (Mistake::MissingMean, _) => format!("{s} is missing the 1/N of the mean over the batch."),
        (Mistake::Ascent, NewWeights(l) | NewBias(l)) => {
            let p = if matches!(q, NewWeights(_)) { "W" } else { "b" };
            format!("{p}[{l}] + η·∂L/∂{p}[{l}], a step up the gradient instead of down.")
        }
        (Mistake::MissingLearningRate, NewWeights(l) | NewBias(l)) => {
            let p = if matches!(q, NewWeights(_)) { "W" } else { "b" };
            format!("{p}[{l}] − ∂L/∂{p}[{l}], without the learning rate η.")
        }
        (Mistake::MissingHalf, _) => {
            format!("{s} is doubled: the ½ of ½(ŷ − y)² cancels the 2 of its derivative, so ∂L/∂ŷ = ŷ − y.")
        }
        (Mistake::Layout, _) => layout_says(q, layout),
        (Mistake::MissingJacobian, _) => {
            let l = q.layer().unwrap_or(0);
            format!(
                "{s} is ∂L/∂ŷ without the softmax's Jacobian: softmax has no element-wise φ′, δ[{l}] = J·∂L/∂ŷ."
            )
        }
        (Mistake::SingleSample, _) => {
            format!("{s} is one sample's term δₙ·aₙᵀ; the batch gradient is the sum over the samples.")
        }
        (Mistake::ZForA, _) => {
            let l = q.layer().unwrap_or(0);
            let below = l.saturating_sub(1);
            format!("{s} is computed from z[{below}] where a[{below}] = φ(z[{below}]) belongs.")
        }
        (Mistake::LogBase, _) => {
            format!("{s} is computed with log10 or log2; the loss uses the natural log ln.")
        }
        (Mistake::Ascent, _) => "a step up the gradient (θ + η·g).".to_string(),
        (Mistake::MissingLearningRate, _) => "the learning rate is left out (θ − g).".to_string(),
    }
}
