//! Activation functions φ and their backward pass.
//!
//! Every function works on a matrix with one row per sample. Element-wise
//! activations treat each entry alone; softmax normalises each row.

use crate::nn::exp::exp_in_place;
use nalgebra::DMatrix;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The activation φ of a layer: `a[l] = φ(z[l])`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    /// φ(z) = z.
    Identity,
    /// φ(z) = max(0, z); φ′(0) = 0, as in PyTorch.
    Relu,
    /// φ(z) = z for z > 0, slope·z otherwise; φ′(0) = slope, as in PyTorch.
    LeakyRelu { slope: f64 },
    /// φ(z) = 1 / (1 + e^(−z)), evaluated without overflow for any finite z.
    Sigmoid,
    /// φ(z) = tanh(z).
    Tanh,
    /// φ(z)ₖ = e^(zₖ) / Σⱼ e^(zⱼ) over each row; only for the output layer.
    Softmax,
}

/// Which activation, without its parameters: the name a file or the command line gives.
///
/// Its names (`identity`, `relu`, `leaky_relu`, `sigmoid`, `tanh`, `softmax`) are the serde
/// derive's; files and the command line read them through [`crate::nn::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivationKind {
    /// [`Activation::Identity`].
    Identity,
    /// [`Activation::Relu`].
    Relu,
    /// [`Activation::LeakyRelu`], with a slope.
    LeakyRelu,
    /// [`Activation::Sigmoid`].
    Sigmoid,
    /// [`Activation::Tanh`].
    Tanh,
    /// [`Activation::Softmax`].
    Softmax,
}

impl ActivationKind {
    /// The name used in network files, traces and on the command line.
    pub fn name(self) -> &'static str {
        crate::nn::names::name::<ActivationKind>(self as usize)
    }
}

impl From<ActivationKind> for Activation {
    /// The activation of that kind; `leaky_relu` takes [`Activation::DEFAULT_SLOPE`].
    fn from(kind: ActivationKind) -> Self {
        Activation::new(kind, None)
    }
}

impl Activation {
    /// The slope of `leaky_relu` when the file gives none (PyTorch's default).
    pub const DEFAULT_SLOPE: f64 = 0.01;

    /// The activation of `kind`; `slope` is leaky_relu's (default [`Activation::DEFAULT_SLOPE`])
    /// and is not used by the others.
    pub fn new(kind: ActivationKind, slope: Option<f64>) -> Self {
        match kind {
            ActivationKind::Identity => Activation::Identity,
            ActivationKind::Relu => Activation::Relu,
            ActivationKind::LeakyRelu => {
                Activation::LeakyRelu { slope: slope.unwrap_or(Activation::DEFAULT_SLOPE) }
            }
            ActivationKind::Sigmoid => Activation::Sigmoid,
            ActivationKind::Tanh => Activation::Tanh,
            ActivationKind::Softmax => Activation::Softmax,
        }
    }

    /// Which activation this is, without its parameters.
    pub fn kind(self) -> ActivationKind {
        match self {
            Activation::Identity => ActivationKind::Identity,
            Activation::Relu => ActivationKind::Relu,
            Activation::LeakyRelu { .. } => ActivationKind::LeakyRelu,
            Activation::Sigmoid => ActivationKind::Sigmoid,
            Activation::Tanh => ActivationKind::Tanh,
            Activation::Softmax => ActivationKind::Softmax,
        }
    }

    /// The name used in network files and traces.
    pub fn name(self) -> &'static str {
        self.kind().name()
    }

    /// a = φ(z), written into `a` (same shape as `z`, one row per sample).
    pub fn apply(self, z: &DMatrix<f64>, a: &mut DMatrix<f64>) {
        match self {
            Activation::Softmax => {
                let (_, sums) = shifted_exps(z, a);
                for column in a.as_mut_slice().chunks_exact_mut(z.nrows().max(1)) {
                    column.iter_mut().zip(&sums).for_each(|(e, sum)| *e /= sum);
                }
            }
            // Slices rather than nalgebra's iterators: the loop runs on every step of training.
            _ => a.as_mut_slice().iter_mut().zip(z.as_slice()).for_each(|(a, z)| *a = self.scalar(*z)),
        }
    }

    /// φ(z) for one element-wise activation.
    fn scalar(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu { slope } => {
                if z > 0.0 {
                    z
                } else {
                    slope * z
                }
            }
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => libm::tanh(z),
            Activation::Softmax => unreachable!("softmax is not element-wise"),
        }
    }

    /// φ′ of one element-wise activation, from z and a = φ(z).
    ///
    /// Sigmoid and tanh use the output, as PyTorch's backward does:
    /// σ′ = a(1 − a), tanh′ = 1 − a².
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu { slope } => {
                if z > 0.0 {
                    1.0
                } else {
                    slope
                }
            }
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Softmax => unreachable!("softmax has a Jacobian, not a derivative"),
        }
    }

    /// φ′(z) entry by entry, from z and a = φ(z); none for softmax, whose derivative is a
    /// Jacobian.
    pub fn derivatives(self, z: &DMatrix<f64>, a: &DMatrix<f64>) -> Option<DMatrix<f64>> {
        (self != Activation::Softmax).then(|| z.zip_map(a, |z, a| self.derivative(z, a)))
    }

    /// The backward pass through φ: δ = ∂L/∂z from g = ∂L/∂a.
    ///
    /// Element-wise: δ = g ∘ φ′(z). Softmax, per row: δᵢ = aᵢ·(gᵢ − Σⱼ aⱼ·gⱼ),
    /// the product of g with the softmax Jacobian diag(a) − a·aᵀ.
    pub fn backward(self, z: &DMatrix<f64>, a: &DMatrix<f64>, g: &DMatrix<f64>, delta: &mut DMatrix<f64>) {
        match self {
            Activation::Softmax => {
                for r in 0..a.nrows() {
                    let dot: f64 = (0..a.ncols()).map(|c| a[(r, c)] * g[(r, c)]).sum();
                    for c in 0..a.ncols() {
                        delta[(r, c)] = a[(r, c)] * (g[(r, c)] - dot);
                    }
                }
            }
            _ => {
                // Slices rather than indexing: the loop runs on every step of training.
                let (z, a, g) = (z.as_slice(), a.as_slice(), g.as_slice());
                let entries = delta.as_mut_slice().iter_mut().zip(z).zip(a).zip(g);
                match self {
                    // ReLU, the hidden layers' usual φ, in a loop of its own, where its φ′ is known
                    // at compile time: the loop vectorizes.
                    Activation::Relu => {
                        let relu = Activation::Relu;
                        entries.for_each(|(((d, z), a), g)| *d = chain(*g, relu.derivative(*z, *a)))
                    }
                    _ => entries.for_each(|(((d, z), a), g)| *d = chain(*g, self.derivative(*z, *a))),
                }
            }
        }
    }
}

/// One entry of δ = g ∘ φ′(z): the error g = ∂L/∂a arriving at a unit, times φ′ there.
#[inline]
pub fn chain(g: f64, phi_prime: f64) -> f64 {
    g * phi_prime
}

/// The Jacobian of softmax at one sample, from its output a = softmax(z):
/// J = diag(a) − a·aᵀ, Jₖᵤ = ∂aₖ/∂zᵤ = aₖ(1 − aₖ) for k = u and −aₖ·aᵤ otherwise (K × K).
pub fn softmax_jacobian(a: &[f64]) -> DMatrix<f64> {
    DMatrix::from_fn(a.len(), a.len(), |k, u| if k == u { a[k] * (1.0 - a[k]) } else { -a[k] * a[u] })
}

/// e^(z − m) of each entry of `z` into `e`, m the largest entry of its row, as softmax and
/// cross-entropy take them; returns each row's m and the sum of its row of `e`, added from +0
/// along the row. eˣ is taken a column at a time ([`exp_in_place`]).
pub(crate) fn shifted_exps(z: &DMatrix<f64>, e: &mut DMatrix<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = z.nrows();
    let max: Vec<f64> = (0..n).map(|r| z.row(r).max()).collect();
    let mut sums = vec![0.0; n];
    let columns = z.as_slice().chunks_exact(n.max(1)).zip(e.as_mut_slice().chunks_exact_mut(n.max(1)));
    for (z, e) in columns {
        e.iter_mut().zip(z).zip(&max).for_each(|((e, z), m)| *e = z - m);
        exp_in_place(e);
        sums.iter_mut().zip(e.iter()).for_each(|(sum, e)| *sum += e);
    }
    (max, sums)
}

/// σ(z) = 1 / (1 + e^(−z)), never overflowing: for z < 0 it is e^z / (1 + e^z).
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::exp(-z))
    } else {
        let e = libm::exp(z);
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn relus_backward_loop_multiplies_by_its_derivative() {
        let z = row(&[-1.0, 0.0, -0.0, 2.0, f64::NAN, f64::INFINITY, 1e-300]);
        let g = row(&[0.5, -0.25, f64::INFINITY, -3.0, 1.0, 2.0, -0.0]);
        let mut a = z.clone();
        Activation::Relu.apply(&z, &mut a);
        let mut delta = DMatrix::zeros(1, 7);
        Activation::Relu.backward(&z, &a, &g, &mut delta);
        for c in 0..7 {
            let expected = chain(g[c], Activation::Relu.derivative(z[c], a[c]));
            assert_eq!(delta[c].to_bits(), expected.to_bits(), "z = {}, g = {}", z[c], g[c]);
        }
    }

    #[test]
    fn softmax_and_cross_entropy_take_libms_exp_row_by_row() {
        // Logits spread so wide that some of e^(z − max) are subnormal or 0, in rows of ten
        // (two vectors of four and two more), and the row-by-row formulas as the reference.
        let z = crate::nn::init::Draws::new(8).normal_matrix(37, 10).map(|v| v * 300.0);
        let y = DMatrix::from_fn(37, 10, |r, c| if c == r % 10 { 1.0 } else { 0.0 });
        let mut a = DMatrix::zeros(37, 10);
        Activation::Softmax.apply(&z, &mut a);
        let mut total = 0.0;
        for r in 0..37 {
            let max = z.row(r).max();
            let e: Vec<f64> = z.row(r).iter().map(|v| libm::exp(v - max)).collect();
            let sum = e.iter().fold(0.0, |s, e| s + e);
            for c in 0..10 {
                assert_eq!(a[(r, c)].to_bits(), (e[c] / sum).to_bits(), "a({r}, {c})");
            }
            total += z[(r, r % 10)] - max - libm::log(sum);
        }
        let loss = crate::nn::loss::Loss::CrossEntropy.value(&z, &a, &y);
        assert_eq!(loss.to_bits(), (-total / 37.0).to_bits());
        assert!(a.iter().any(|&v| v > 0.0 && v < f64::MIN_POSITIVE), "a subnormal output");
    }

    fn row(v: &[f64]) -> DMatrix<f64> {
        DMatrix::from_row_slice(1, v.len(), v)
    }

    fn apply(f: Activation, z: &[f64]) -> Vec<f64> {
        let z = row(z);
        let mut a = z.clone();
        f.apply(&z, &mut a);
        a.iter().copied().collect()
    }

    #[test]
    fn relu_clips_negatives_and_has_zero_slope_at_the_kink() {
        assert_eq!(apply(Activation::Relu, &[-1.5, 0.0, 2.0]), vec![0.0, 0.0, 2.0]);
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::Relu.derivative(1e-300, 1e-300), 1.0);
        assert_eq!(Activation::Relu.derivative(-3.0, 0.0), 0.0);
    }

    #[test]
    fn leaky_relu_scales_negatives_and_takes_the_slope_at_zero() {
        let f = Activation::LeakyRelu { slope: 0.1 };
        assert_eq!(apply(f, &[-2.0, 0.0, 3.0]), vec![-0.2, 0.0, 3.0]);
        assert_eq!(f.derivative(0.0, 0.0), 0.1);
        assert_eq!(f.derivative(0.5, 0.5), 1.0);
    }

    #[test]
    fn kind_and_slope_make_the_activation_back() {
        for kind in crate::nn::names::choices::<ActivationKind>() {
            assert_eq!(Activation::new(kind, Some(0.2)).kind(), kind);
            assert_eq!(Activation::from(kind).name(), kind.name());
        }
        assert_eq!(
            Activation::new(ActivationKind::LeakyRelu, Some(0.2)),
            Activation::LeakyRelu { slope: 0.2 }
        );
        assert_eq!(Activation::from(ActivationKind::LeakyRelu), Activation::LeakyRelu { slope: 0.01 });
    }

    #[test]
    fn sigmoid_matches_hand_values_and_never_overflows() {
        assert_eq!(sigmoid(0.0), 0.5);
        // 1 / (1 + e^-1) = 0.7310585786300049 (to f64)
        assert_relative_eq!(sigmoid(1.0), 0.731_058_578_630_004_9, max_relative = 1e-15);
        assert_relative_eq!(sigmoid(-1.0), 0.268_941_421_369_995_1, max_relative = 1e-15);
        assert_eq!(sigmoid(1e300), 1.0);
        assert_eq!(sigmoid(-1e300), 0.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert!(sigmoid(-700.0) > 0.0);
        // σ′(0) = ¼
        assert_eq!(Activation::Sigmoid.derivative(0.0, 0.5), 0.25);
    }

    #[test]
    fn tanh_derivative_is_one_minus_a_squared() {
        let a = 0.5f64.tanh();
        assert_relative_eq!(Activation::Tanh.derivative(0.5, a), 1.0 - a * a, max_relative = 1e-15);
        assert_relative_eq!(
            Activation::Tanh.derivative(0.5, a),
            0.786_447_732_965_927_4,
            max_relative = 1e-14
        );
    }

    #[test]
    fn softmax_rows_sum_to_one_and_survive_huge_logits() {
        let a = apply(Activation::Softmax, &[1.0, 2.0, 3.0]);
        // e^k / (e + e² + e³)
        assert_relative_eq!(a[0], 0.090_030_573_170_380_46, max_relative = 1e-14);
        assert_relative_eq!(a[1], 0.244_728_471_054_797_64, max_relative = 1e-14);
        assert_relative_eq!(a[2], 0.665_240_955_774_821_9, max_relative = 1e-14);
        assert_eq!(apply(Activation::Softmax, &[1e300, 0.0, -1e300]), vec![1.0, 0.0, 0.0]);
    }

    #[test]
    fn softmax_backward_is_the_jacobian_product() {
        let z = row(&[0.3, -1.2, 2.0]);
        let mut a = z.clone();
        Activation::Softmax.apply(&z, &mut a);
        let g = row(&[0.5, -1.0, 2.0]);
        let mut delta = z.clone();
        Activation::Softmax.backward(&z, &a, &g, &mut delta);
        let jacobian = softmax_jacobian(a.as_slice());
        // Symmetric, so Jᵀ·g = J·g; each column sums to 0 because the outputs sum to 1.
        assert_eq!(jacobian, jacobian.transpose());
        for u in 0..3 {
            assert_relative_eq!(jacobian.column(u).sum(), 0.0, epsilon = 1e-15);
        }
        let expected = &jacobian * g.transpose();
        for i in 0..3 {
            assert_relative_eq!(delta[i], expected[i], max_relative = 1e-13);
        }
        // ∂a₁/∂z₁ = a₁(1 − a₁) and ∂a₁/∂z₂ = −a₁a₂: exact, as both sides are the same expression.
        assert_eq!(jacobian[(0, 0)], a[0] * (1.0 - a[0]));
        assert_eq!(jacobian[(0, 1)], -a[0] * a[1]);
    }
}
