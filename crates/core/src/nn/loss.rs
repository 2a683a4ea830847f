//! Loss functions L(ŷ, y) and the error signal they start: δ[L] = ∂L/∂z[L].
//!
//! ŷ and y are matrices with one row per sample (N rows, K columns). Every
//! loss is a mean over the samples of a batch, exactly as PyTorch defines it,
//! so the gradients below carry the 1/N.

use crate::nn::activation::{Activation, shifted_exps, sigmoid};
use nalgebra::DMatrix;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The loss minimised by a training step.
///
/// Its names (`half_squared_error`, `mse`, `bce`, `cross_entropy`) are the serde derive's; files
/// and the command line read them through [`crate::nn::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// L = (1/N) Σₙ ½ Σₖ (ŷₙₖ − yₙₖ)².
    HalfSquaredError,
    /// L = (1/(N·K)) Σₙₖ (ŷₙₖ − yₙₖ)², PyTorch's `MSELoss`.
    Mse,
    /// L = −(1/(N·K)) Σₙₖ [y·log ŷ + (1 − y)·log(1 − ŷ)], computed from the logits z as
    /// PyTorch's `BCEWithLogitsLoss`: (1/(N·K)) Σₙₖ max(z, 0) − z·y + log(1 + e^−|z|). Needs a
    /// sigmoid output.
    Bce,
    /// L = −(1/N) Σₙ Σₖ yₙₖ·log softmax(z)ₙₖ, PyTorch's `CrossEntropyLoss` on the
    /// logits z. Needs a softmax output.
    CrossEntropy,
}

/// PyTorch's `BCELoss` clamps its logarithms here so that log 0 stays finite.
pub const BCE_LOG_FLOOR: f64 = -100.0;
/// PyTorch's `BCELoss` bounds ŷ(1 − ŷ) below by this in its gradient.
pub const BCE_EPSILON: f64 = 1e-12;

impl Loss {
    /// The name used in network files, traces and on the command line.
    pub fn name(self) -> &'static str {
        crate::nn::names::name::<Loss>(self as usize)
    }

    /// Whether targets are classes (accuracy is then meaningful).
    pub fn is_classification(self) -> bool {
        matches!(self, Loss::Bce | Loss::CrossEntropy)
    }

    /// L for outputs `a` = ŷ (with logits `z`, used by bce and cross-entropy) and targets `y`.
    pub fn value(self, z: &DMatrix<f64>, a: &DMatrix<f64>, y: &DMatrix<f64>) -> f64 {
        let n = a.nrows() as f64;
        let elements = a.len() as f64;
        match self {
            Loss::HalfSquaredError => 0.5 * squared_error(a, y) / n,
            Loss::Mse => squared_error(a, y) / elements,
            Loss::Bce => {
                let total: f64 = z
                    .iter()
                    .zip(y.iter())
                    .map(|(&z, &t)| z.max(0.0) - z * t + libm::log1p(libm::exp(-z.abs())))
                    .sum();
                total / elements
            }
            Loss::CrossEntropy => {
                // Each row's log Σ e^(z − max), the sum added from +0 along the row.
                let (max, sums) = shifted_exps(z, &mut DMatrix::zeros(z.nrows(), z.ncols()));
                let mut total = 0.0;
                for (r, (max, sum)) in max.iter().zip(sums).enumerate() {
                    let log_sum = libm::log(sum);
                    for c in 0..z.ncols() {
                        let t = y[(r, c)];
                        // A zero target contributes nothing, even where log softmax is −∞.
                        if t != 0.0 {
                            total += t * (z[(r, c)] - max - log_sum);
                        }
                    }
                }
                -total / n
            }
        }
    }

    /// ∂L/∂ŷ into `g`, from the logits `z`, the outputs `a` = ŷ and the targets `y`. BCE's
    /// ŷ(1 − ŷ) is σ(z)·σ(−z), which stays positive where ŷ rounds to 0 or 1; cross-entropy's is
    /// −y/ŷ/N (0 where y = 0). The backward pass uses neither: with their output activations
    /// both take δ[L] on the logits (see [`Loss::output_delta`]).
    pub fn grad_output(self, z: &DMatrix<f64>, a: &DMatrix<f64>, y: &DMatrix<f64>, g: &mut DMatrix<f64>) {
        let n = a.nrows() as f64;
        let elements = a.len() as f64;
        for i in 0..a.len() {
            let (p, t) = (a[i], y[i]);
            g[i] = match self {
                Loss::HalfSquaredError => (p - t) / n,
                Loss::Mse => 2.0 * (p - t) / elements,
                Loss::Bce => (p - t) / (sigmoid(z[i]) * sigmoid(-z[i])) / elements,
                Loss::CrossEntropy if t == 0.0 => 0.0,
                Loss::CrossEntropy => -t / p / n,
            };
        }
    }

    /// True when δ[L] is taken from the logits for output activation `phi` (softmax with
    /// cross-entropy, sigmoid with bce), not through ∂L/∂ŷ.
    pub fn fused_with(self, phi: Activation) -> bool {
        matches!((self, phi), (Loss::CrossEntropy, Activation::Softmax) | (Loss::Bce, Activation::Sigmoid))
    }

    /// δ[L] = ∂L/∂z[L] for an output layer with activation `phi`, into `delta`.
    ///
    /// Softmax with cross-entropy uses the fused form δ = (ŷ·Σₖyₖ − y)/N (which is (ŷ − y)/N
    /// for one-hot or probability rows), and sigmoid with BCE δ = (ŷ − y)/(N·K), exactly as the
    /// chain rule gives it from the logits; every other pair goes through ∂L/∂ŷ, kept in `g`,
    /// and φ's backward pass.
    pub fn output_delta(
        self,
        phi: Activation,
        z: &DMatrix<f64>,
        a: &DMatrix<f64>,
        y: &DMatrix<f64>,
        g: &mut DMatrix<f64>,
        delta: &mut DMatrix<f64>,
    ) {
        let n = a.nrows() as f64;
        match (self, phi) {
            (Loss::CrossEntropy, Activation::Softmax) => {
                for r in 0..a.nrows() {
                    let mass: f64 = y.row(r).sum();
                    for c in 0..a.ncols() {
                        delta[(r, c)] = (a[(r, c)] * mass - y[(r, c)]) / n;
                    }
                }
            }
            (Loss::Bce, Activation::Sigmoid) => {
                let elements = a.len() as f64;
                delta.zip_zip_apply(a, y, |d, p, t| *d = (p - t) / elements);
            }
            _ => {
                self.grad_output(z, a, y, g);
                phi.backward(z, a, g, delta);
            }
        }
    }

    /// What PyTorch's `nn.BCELoss` reports for outputs `a` = ŷ and targets `y`: L with each log
    /// clamped at −100, and δ[L] = (ŷ − y)/max(ŷ(1 − ŷ), 1e-12)/(N·K) · ŷ(1 − ŷ). Where no clamp
    /// bites, these equal [`Loss::Bce`]'s value and δ.
    pub fn clamped_bce(a: &DMatrix<f64>, y: &DMatrix<f64>) -> (f64, DMatrix<f64>) {
        let elements = a.len() as f64;
        let total: f64 = a
            .iter()
            .zip(y.iter())
            .map(|(&p, &t)| {
                t * libm::log(p).max(BCE_LOG_FLOOR) + (1.0 - t) * libm::log(1.0 - p).max(BCE_LOG_FLOOR)
            })
            .sum();
        let delta = a.zip_map(y, |p, t| {
            let slope = p * (1.0 - p);
            (p - t) / slope.max(BCE_EPSILON) / elements * slope
        });
        (-total / elements, delta)
    }
}

fn squared_error(a: &DMatrix<f64>, y: &DMatrix<f64>) -> f64 {
    a.iter().zip(y.iter()).map(|(p, t)| (p - t) * (p - t)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn m(rows: usize, v: &[f64]) -> DMatrix<f64> {
        DMatrix::from_row_slice(rows, v.len() / rows, v)
    }

    #[test]
    fn half_squared_error_of_the_notes_example() {
        // ŷ = 0.95, y = 1: L = ½·0.05² = 0.00125, ∂L/∂ŷ = −0.05
        let (a, y) = (m(1, &[0.95]), m(1, &[1.0]));
        assert_relative_eq!(Loss::HalfSquaredError.value(&a, &a, &y), 0.00125, max_relative = 1e-13);
        let (mut g, mut d) = (a.clone(), a.clone());
        Loss::HalfSquaredError.output_delta(Activation::Identity, &a, &a, &y, &mut g, &mut d);
        assert_relative_eq!(d[0], -0.05, max_relative = 1e-13);
    }

    #[test]
    fn half_squared_error_averages_over_samples_not_outputs() {
        let (a, y) = (m(2, &[1.0, 2.0, 3.0, 4.0]), m(2, &[0.0, 0.0, 0.0, 0.0]));
        // (½(1+4) + ½(9+16)) / 2 = 7.5
        assert_eq!(Loss::HalfSquaredError.value(&a, &a, &y), 7.5);
    }

    #[test]
    fn mse_averages_over_every_element() {
        let (a, y) = (m(2, &[1.0, 2.0, 3.0, 4.0]), m(2, &[0.0, 0.0, 0.0, 1.0]));
        // (1 + 4 + 9 + 9) / 4
        assert_eq!(Loss::Mse.value(&a, &a, &y), 5.75);
        let (mut g, mut d) = (a.clone(), a.clone());
        Loss::Mse.output_delta(Activation::Identity, &a, &a, &y, &mut g, &mut d);
        assert_eq!(d.as_slice(), &[0.5, 1.5, 1.0, 1.5]); // column-major: 2·(ŷ−y)/4
    }

    #[test]
    fn bce_from_logits_matches_hand_values() {
        // σ(ln 4) = 0.8 and σ(ln(3/7)) = 0.3: L = −(ln 0.8 + ln 0.7)/2
        let z = m(1, &[4f64.ln(), (3.0f64 / 7.0).ln()]);
        let mut a = z.clone();
        Activation::Sigmoid.apply(&z, &mut a);
        let y = m(1, &[1.0, 0.0]);
        assert_relative_eq!(Loss::Bce.value(&z, &a, &y), 0.289_909_247_626_471_1, max_relative = 1e-14);
        let (clamped, _) = Loss::clamped_bce(&a, &y);
        assert_relative_eq!(clamped, Loss::Bce.value(&z, &a, &y), max_relative = 1e-14);
    }

    #[test]
    fn bce_on_a_saturated_output_follows_the_chain_rule_where_bce_loss_clamps() {
        // z = −46.65, y = 0.23: ŷ = σ(z) ≈ 5.5e-21, L = 0.23·46.65 + log(1 + e^−46.65),
        // δ = ŷ − y ≈ −0.23, where BCELoss's 1e-12 floor on ŷ(1 − ŷ) gives about −1.3e-9.
        let z = m(1, &[-46.65]);
        let mut a = z.clone();
        Activation::Sigmoid.apply(&z, &mut a);
        let y = m(1, &[0.23]);
        assert_relative_eq!(
            Loss::Bce.value(&z, &a, &y),
            0.23 * 46.65 + (-46.65f64).exp(),
            max_relative = 1e-14
        );
        let (mut g, mut d) = (z.clone(), z.clone());
        Loss::Bce.output_delta(Activation::Sigmoid, &z, &a, &y, &mut g, &mut d);
        assert_eq!(d[0], a[0] - 0.23);
        let (_, clamped) = Loss::clamped_bce(&a, &y);
        assert!(clamped[0].abs() < 1e-8, "BCELoss's δ vanishes: {}", clamped[0]);
        // A certain wrong answer: BCELoss clamps log 0 at −100.
        let (l, _) = Loss::clamped_bce(&m(1, &[0.0]), &m(1, &[1.0]));
        assert_eq!(l, 100.0);
    }

    #[test]
    fn bce_with_sigmoid_gives_yhat_minus_y() {
        let z = m(1, &[0.4, -1.1]);
        let mut a = z.clone();
        Activation::Sigmoid.apply(&z, &mut a);
        let y = m(1, &[1.0, 0.0]);
        let (mut g, mut d) = (z.clone(), z.clone());
        Loss::Bce.output_delta(Activation::Sigmoid, &z, &a, &y, &mut g, &mut d);
        assert_relative_eq!(d[0], (a[0] - 1.0) / 2.0, max_relative = 1e-14);
        assert_relative_eq!(d[1], a[1] / 2.0, max_relative = 1e-14);
    }

    #[test]
    fn cross_entropy_uses_log_softmax_of_the_logits() {
        let z = m(1, &[1.0, 2.0, 3.0]);
        let mut a = z.clone();
        Activation::Softmax.apply(&z, &mut a);
        let y = m(1, &[0.0, 0.0, 1.0]);
        // −log(e³ / (e + e² + e³)) = 0.40760596444438013
        assert_relative_eq!(
            Loss::CrossEntropy.value(&z, &a, &y),
            0.407_605_964_444_380_1,
            max_relative = 1e-14
        );
        let (mut g, mut d) = (z.clone(), z.clone());
        Loss::CrossEntropy.output_delta(Activation::Softmax, &z, &a, &y, &mut g, &mut d);
        assert_eq!(d[2], a[2] - 1.0);
        // Huge logits stay finite.
        let z = m(1, &[1e300, 0.0]);
        let y = m(1, &[0.0, 1.0]);
        assert_eq!(Loss::CrossEntropy.value(&z, &z, &y), 1e300);
    }
}
