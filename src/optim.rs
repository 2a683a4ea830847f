//! Parameter updates: θ ← θ − η·∂L/∂θ.

use crate::backward::Gradients;
use crate::network::Network;
use crate::round::round_matrix;

/// One plain gradient-descent step: W[l] ← W[l] − η·∂L/∂W[l], b[l] ← b[l] − η·∂L/∂b[l]
/// (biases marked not trainable stay as they are). Results are rounded to
/// `round` decimal places when given.
pub fn gradient_descent(net: &mut Network, grads: &Gradients, lr: f64, round: Option<u32>) {
    for (l, layer) in net.layers.iter_mut().enumerate() {
        layer.weights.zip_apply(&grads.grad_weights[l], |w, g| *w -= lr * g);
        round_matrix(&mut layer.weights, round);
        if layer.trainable_bias {
            layer.bias.zip_apply(&grads.grad_bias[l], |b, g| *b -= lr * g);
            if let Some(k) = round {
                layer.bias.apply(|b| *b = crate::round::round(*b, k));
            }
        }
    }
}
