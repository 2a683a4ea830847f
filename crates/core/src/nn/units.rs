//! Whether a unit still passes gradient back, judged over a set of samples from the largest z and
//! the largest φ′(z) it reached: the rule a step's diagnostics and training's report share.

use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Network;

/// φ′ below this is saturated.
pub const SATURATED: f64 = 1e-3;

/// A unit that passes (almost) no gradient back over a set of samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// A ReLU unit with z ≤ 0 for every sample: ReLU′ = 0.
    Inactive,
    /// A sigmoid or tanh unit with φ′(z) < [`SATURATED`] for every sample.
    Saturated,
}

/// Whether a unit of layer `l` (from 0) of `net` is inactive or saturated over a set of samples,
/// from the largest z and the largest φ′(z) it reached over them: a ReLU unit with z ≤ 0 for every
/// sample is inactive; a sigmoid or tanh unit with φ′(z) < [`SATURATED`] for every sample is
/// saturated, except a sigmoid output under bce, which passes ŷ − y back whatever its slope.
pub fn unit_state(net: &Network, l: usize, max_z: f64, max_phi_prime: f64) -> Option<UnitState> {
    match net.layers[l].activation {
        Activation::Relu if max_z <= 0.0 => Some(UnitState::Inactive),
        Activation::Sigmoid if l + 1 == net.layers.len() && net.loss == Loss::Bce => None,
        Activation::Sigmoid | Activation::Tanh if max_phi_prime < SATURATED => Some(UnitState::Saturated),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::network::{Layer, Layout};
    use nalgebra::{DMatrix, DVector};

    fn net(activations: &[Activation], loss: Loss) -> Network {
        let layer = |activation| Layer {
            weights: DMatrix::zeros(1, 1),
            bias: DVector::zeros(1),
            activation,
            trainable_bias: true,
        };
        Network { layers: activations.iter().map(|&a| layer(a)).collect(), loss, layout: Layout::OutIn }
    }

    #[test]
    fn relu_at_or_below_zero_is_inactive_and_a_flat_sigmoid_is_saturated() {
        let n = net(&[Activation::Relu, Activation::Sigmoid, Activation::Tanh], Loss::Mse);
        assert_eq!(unit_state(&n, 0, 0.0, 0.0), Some(UnitState::Inactive));
        assert_eq!(unit_state(&n, 0, 1e-300, 1.0), None);
        assert_eq!(unit_state(&n, 1, 9.0, 0.000_999), Some(UnitState::Saturated));
        assert_eq!(unit_state(&n, 1, 9.0, SATURATED), None);
        assert_eq!(unit_state(&n, 2, 9.0, 0.0), Some(UnitState::Saturated));
    }

    #[test]
    fn a_sigmoid_output_under_bce_is_never_saturated() {
        let n = net(&[Activation::Sigmoid, Activation::Sigmoid], Loss::Bce);
        assert_eq!(unit_state(&n, 0, 40.0, 0.0), Some(UnitState::Saturated));
        assert_eq!(unit_state(&n, 1, 40.0, 0.0), None);
    }
}
