//! The decision boundary of a network of two inputs: its output over a square of the input
//! plane, one forward pass per point of an n × n grid, for a page to draw with the samples
//! marked on it. nettrace computes every point; the page only colours them.
//!
//! A grid is written as one character per point, row by row from the top (the largest x₂) and
//! left to right (x₁ growing): the digit of the point's level in the base-64 alphabet
//! `A–Z a–z 0–9 + /`. For one output unit the level is ŷ₁ placed on `range` in 64 steps
//! (0 = the range's low end, 63 = its high end); for several outputs it is the class predicted,
//! the index of the largest ŷ.
//!
//! ```
//! use nettrace::render::html::boundary::{Plane, digits};
//!
//! let plane = Plane::around(&nalgebra::DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 1.0, 1.0]));
//! assert_eq!((plane.x, plane.y), ((-0.25, 1.25), (-0.25, 1.25)));
//! assert_eq!(digits(&[0.0, 0.5, 1.0], (0.0, 1.0)), "Ag/");
//! ```

use crate::nn::activation::Activation;
use crate::nn::forward::forward;
use crate::nn::network::Network;
use nalgebra::DMatrix;
use serde::Serialize;

/// The base-64 alphabet of a grid's levels.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// At most this many samples are marked on the plane.
pub const MARKED: usize = 400;

/// The part of the input plane shown: x₁ from `x.0` to `x.1`, x₂ from `y.0` to `y.1`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Plane {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Plane {
    /// The samples' span in each input, widened by a quarter of it on both sides (by 1 where
    /// every sample has the same value).
    pub fn around(inputs: &DMatrix<f64>) -> Plane {
        let span = |c: usize| {
            let column = inputs.column(c);
            let finite = || column.iter().copied().filter(|v| v.is_finite());
            let lo = finite().fold(f64::INFINITY, f64::min);
            let hi = finite().fold(f64::NEG_INFINITY, f64::max);
            match (lo.is_finite(), hi - lo) {
                (false, _) => (-1.0, 1.0),
                (true, w) if w > 0.0 => (lo - w / 4.0, hi + w / 4.0),
                _ => (lo - 1.0, hi + 1.0),
            }
        };
        Plane { x: span(0), y: span(1) }
    }

    /// The n × n points, row by row from the top: (x₁, x₂) at the centre of each cell.
    fn points(&self, n: usize) -> DMatrix<f64> {
        let at = |(lo, hi): (f64, f64), k: usize| lo + (k as f64 + 0.5) * (hi - lo) / n as f64;
        DMatrix::from_fn(n * n, 2, |p, c| if c == 0 { at(self.x, p % n) } else { at(self.y, n - 1 - p / n) })
    }
}

/// The outputs of `net` over the n × n points of `plane`: one row per point.
pub fn outputs(net: &Network, plane: &Plane, n: usize) -> DMatrix<f64> {
    forward(net, &plane.points(n), None).output().clone()
}

/// Each of `values` placed on `range` in 64 levels, as base-64 digits.
pub fn digits(values: &[f64], (lo, hi): (f64, f64)) -> String {
    let level = |v: f64| {
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        ALPHABET[(t * 63.0).round() as usize] as char
    };
    values.iter().map(|&v| level(v)).collect()
}

/// The class each row of `outputs` predicts (its largest entry), as base-64 digits.
fn classes(outputs: &DMatrix<f64>) -> String {
    (0..outputs.nrows())
        .map(|r| {
            let row = outputs.row(r);
            let best = (0..row.len()).fold(0, |b, k| if row[k] > row[b] { k } else { b });
            ALPHABET[best.min(63)] as char
        })
        .collect()
}

/// The decision boundary of one network or of many (the snapshots of a training run), as a page
/// embeds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Boundary {
    /// Points per side of the grid.
    pub n: usize,
    pub plane: Plane,
    /// `value`: one output, levels on `range`; `class`: the class predicted of `classes`.
    pub kind: &'static str,
    pub classes: usize,
    pub range: (f64, f64),
    /// The output where the prediction changes class (0.5 for a sigmoid output, 0 for tanh, the
    /// middle of the targets' span otherwise); none for classes.
    pub threshold: Option<f64>,
    /// The samples marked: (x₁, x₂, the target's class or value).
    pub samples: Vec<(f64, f64, f64)>,
    /// One grid per network.
    pub grids: Vec<String>,
}

/// The decision boundary of each of `nets` (all of one shape, of two inputs) over the plane of
/// the samples (`inputs`, `targets`), on an `n` × `n` grid; none for a network of other than two
/// inputs.
pub fn boundary(
    nets: &[&Network],
    inputs: &DMatrix<f64>,
    targets: &DMatrix<f64>,
    n: usize,
) -> Option<Boundary> {
    let first = nets.first()?;
    if first.input_size() != 2 || inputs.ncols() != 2 {
        return None;
    }
    let plane = Plane::around(inputs);
    let outputs: Vec<DMatrix<f64>> = nets.iter().map(|net| outputs(net, &plane, n)).collect();
    let k = first.output_size();
    let marked: Vec<(f64, f64, f64)> = (0..inputs.nrows().min(MARKED))
        .map(|r| {
            let t = if k == 1 { targets[(r, 0)] } else { class_of(targets, r) as f64 };
            (inputs[(r, 0)], inputs[(r, 1)], t)
        })
        .collect();
    if k > 1 {
        return Some(Boundary {
            n,
            plane,
            kind: "class",
            classes: k,
            range: (0.0, (k - 1) as f64),
            threshold: None,
            samples: marked,
            grids: outputs.iter().map(classes).collect(),
        });
    }
    let range = value_range(first.layers.last()?.activation, &outputs);
    let column = |t: &DMatrix<f64>| t.column(0).iter().copied().collect::<Vec<f64>>();
    let threshold = threshold(first.layers.last()?.activation, &column(targets), range);
    Some(Boundary {
        n,
        plane,
        kind: "value",
        classes: 1,
        range,
        threshold: Some(threshold),
        samples: marked,
        grids: outputs.iter().map(|o| digits(&column(o), range)).collect(),
    })
}

/// The class of target row `r`: the index of its largest entry.
fn class_of(targets: &DMatrix<f64>, r: usize) -> usize {
    let row = targets.row(r);
    (0..row.len()).fold(0, |b, k| if row[k] > row[b] { k } else { b })
}

/// The span of the output: the activation's own where it is bounded, else that of every grid.
fn value_range(activation: Activation, outputs: &[DMatrix<f64>]) -> (f64, f64) {
    match activation {
        Activation::Sigmoid | Activation::Softmax => (0.0, 1.0),
        Activation::Tanh => (-1.0, 1.0),
        _ => {
            let finite = || outputs.iter().flat_map(|o| o.iter().copied()).filter(|v| v.is_finite());
            let lo = finite().fold(f64::INFINITY, f64::min);
            let hi = finite().fold(f64::NEG_INFINITY, f64::max);
            if lo < hi {
                (lo, hi)
            } else if lo.is_finite() {
                (lo - 1.0, lo + 1.0)
            } else {
                (0.0, 1.0)
            }
        }
    }
}

/// Where the prediction of one output changes class.
fn threshold(activation: Activation, targets: &[f64], range: (f64, f64)) -> f64 {
    match activation {
        Activation::Sigmoid | Activation::Softmax => 0.5,
        Activation::Tanh => 0.0,
        _ => {
            let finite = || targets.iter().copied().filter(|v| v.is_finite());
            let lo = finite().fold(f64::INFINITY, f64::min);
            let hi = finite().fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() && hi.is_finite() { (lo + hi) / 2.0 } else { (range.0 + range.1) / 2.0 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss::Loss;
    use crate::nn::network::{Layer, Layout, Samples};
    use nalgebra::DVector;

    /// ŷ = σ(10·(x₁ − x₂)): above 0.5 exactly where x₁ > x₂.
    fn diagonal() -> Network {
        Network {
            layers: vec![Layer {
                weights: DMatrix::from_row_slice(1, 2, &[10.0, -10.0]),
                bias: DVector::from_vec(vec![0.0]),
                activation: Activation::Sigmoid,
                trainable_bias: true,
            }],
            loss: Loss::Bce,
            layout: Layout::OutIn,
        }
    }

    #[test]
    fn the_grid_is_the_networks_output_at_each_point() {
        let samples = Samples {
            inputs: DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 1.0, 1.0]),
            targets: DMatrix::from_row_slice(2, 1, &[0.0, 1.0]),
            batch: true,
        };
        let net = diagonal();
        let b = boundary(&[&net], &samples.inputs, &samples.targets, 4).unwrap();
        assert_eq!((b.kind, b.n, b.threshold), ("value", 4, Some(0.5)));
        // The points' x₁ and x₂ are −0.0625, 0.3125, 0.6875, 1.0625 and the top row has the
        // largest x₂: ŷ = 0.5 (level 32, g) on the diagonal x₁ = x₂, from the bottom left to the
        // top right; σ(−3.75) = 0.023 (level 1, B) beside it above, σ(3.75) (62, +) below.
        assert_eq!(b.grids[0], "AABgABg+Bg+/g+//");
        assert_eq!(b.samples, vec![(0.0, 0.0, 0.0), (1.0, 1.0, 1.0)]);
    }

    #[test]
    fn several_outputs_give_the_class_predicted_at_each_point() {
        // ŷ = softmax(x): class 1 (B) where x₂ > x₁, class 0 (A) elsewhere, ties included.
        let net = Network {
            layers: vec![Layer {
                weights: DMatrix::identity(2, 2),
                bias: DVector::zeros(2),
                activation: Activation::Softmax,
                trainable_bias: true,
            }],
            loss: Loss::CrossEntropy,
            layout: Layout::OutIn,
        };
        let samples = Samples {
            inputs: DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 1.0, 1.0]),
            targets: DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 1.0]),
            batch: true,
        };
        let b = boundary(&[&net], &samples.inputs, &samples.targets, 2).unwrap();
        assert_eq!((b.kind, b.classes, b.threshold), ("class", 2, None));
        // Points at 0.125 and 0.875 in each input, the top row at x₂ = 0.875.
        assert_eq!(b.grids[0], "BAAA");
        assert_eq!(b.samples, vec![(0.0, 0.0, 0.0), (1.0, 1.0, 1.0)]);
    }

    #[test]
    fn only_networks_of_two_inputs_have_one() {
        let mut net = diagonal();
        net.layers[0].weights = DMatrix::from_row_slice(1, 3, &[1.0, 2.0, 3.0]);
        let samples = Samples { inputs: DMatrix::zeros(1, 3), targets: DMatrix::zeros(1, 1), batch: false };
        assert!(boundary(&[&net], &samples.inputs, &samples.targets, 4).is_none());
    }
}
