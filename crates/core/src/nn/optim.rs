//! Parameter updates: θ ← θ − η·∂L/∂θ.

use crate::nn::backward::Gradients;
use crate::nn::network::Network;
use crate::nn::round::round_opt;

/// One plain gradient-descent step: W[l] ← W[l] − η·∂L/∂W[l], b[l] ← b[l] − η·∂L/∂b[l]
/// (biases marked not trainable stay as they are). Results are rounded to `round` decimal
/// places when given.
pub fn gradient_descent(net: &mut Network, grads: &Gradients, lr: f64, round: Option<u32>) {
    for (l, layer) in net.layers.iter_mut().enumerate() {
        sgd(lr, layer.weights.as_mut_slice(), grads.grad_weights[l].as_slice(), round);
        if layer.trainable_bias {
            sgd(lr, layer.bias.as_mut_slice(), grads.grad_bias[l].as_slice(), round);
        }
    }
}

/// θ ← θ − η·g, rounded to `round` decimal places when given.
pub fn sgd(lr: f64, theta: &mut [f64], g: &[f64], round: Option<u32>) {
    for (p, g) in theta.iter_mut().zip(g) {
        *p = round_opt(*p - lr * g, round);
    }
}

/// An optimizer, as PyTorch's `torch.optim` defines it (no weight decay, no dampening).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// θ ← θ − η·g (`torch.optim.SGD`).
    Sgd,
    /// v ← μ·v + g (v = g at the first step), θ ← θ − η·v (`SGD(momentum=μ)`).
    Momentum { mu: f64 },
    /// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
    /// θ ← θ − η·m̂/(√v̂ + ε) (`torch.optim.Adam`).
    Adam { beta1: f64, beta2: f64, eps: f64 },
}

impl Method {
    /// PyTorch's default momentum μ.
    pub const DEFAULT_MOMENTUM: f64 = 0.9;

    /// Adam with PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    pub const ADAM: Method = Method::Adam { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Method::Sgd => "sgd",
            Method::Momentum { .. } => "momentum",
            Method::Adam { .. } => "adam",
        }
    }
}

/// Per-parameter state: the momentum buffer, or Adam's first and second moments.
#[derive(Debug, Clone)]
struct Moments {
    first: Vec<f64>,
    second: Vec<f64>,
}

/// An optimizer and its state, one buffer per layer's weights and bias, allocated once.
#[derive(Debug, Clone)]
pub struct Optimizer {
    pub method: Method,
    /// Steps taken so far (Adam's t after the next step is `steps + 1`).
    pub steps: u64,
    weights: Vec<Moments>,
    bias: Vec<Moments>,
}

impl Optimizer {
    /// Zeroed state for the parameters of `net`.
    pub fn new(method: Method, net: &Network) -> Self {
        let moments = |n: usize| {
            let second = if matches!(method, Method::Adam { .. }) { n } else { 0 };
            Moments { first: vec![0.0; n], second: vec![0.0; second] }
        };
        Optimizer {
            method,
            steps: 0,
            weights: net.layers.iter().map(|l| moments(l.weights.len())).collect(),
            bias: net.layers.iter().map(|l| moments(l.bias.len())).collect(),
        }
    }

    /// The state of layer `l`'s (from 0) weights, or of its bias: momentum's velocity, or Adam's
    /// first and second moments (momentum has no second), entry by entry as the parameter's
    /// `as_slice` (weights neurons × inputs, column by column).
    pub fn moments(&self, l: usize, bias: bool) -> (&[f64], &[f64]) {
        let m = if bias { &self.bias[l] } else { &self.weights[l] };
        (&m.first, &m.second)
    }

    /// One update of every trainable parameter of `net` from `grads` with learning rate `lr`
    /// (plain SGD computes exactly what [`gradient_descent`] does), which also measures in the
    /// same pass over the numbers: into `squares[l]`, the sum of the squares of layer l + 1's
    /// gradient (its weights' and its bias's, in the order of [`sum_of_squares`]); and whether
    /// every parameter is finite after the update (returned).
    pub fn step(&mut self, net: &mut Network, grads: &Gradients, lr: f64, squares: &mut [f64]) -> bool {
        self.steps += 1;
        let t = self.steps;
        let mut finite = true;
        for (l, layer) in net.layers.iter_mut().enumerate() {
            let g = grads.grad_weights[l].as_slice();
            let (w, weights_finite) =
                update(self.method, t, lr, layer.weights.as_mut_slice(), g, &mut self.weights[l]);
            let g = grads.grad_bias[l].as_slice();
            let (b, bias_finite) = if layer.trainable_bias {
                update(self.method, t, lr, layer.bias.as_mut_slice(), g, &mut self.bias[l])
            } else {
                (sum_of_squares(g), true)
            };
            squares[l] = w + b;
            finite &= weights_finite && bias_finite;
        }
        finite
    }
}

/// Σ xᵢ² in the order the optimizer's step sums a gradient: four running sums, of the entries
/// 0, 4, 8, …, of 1, 5, 9, … and so on, added as (s₀ + s₁) + (s₂ + s₃), then the last entries
/// after the last four in order.
pub fn sum_of_squares(x: &[f64]) -> f64 {
    let (mut sums, mut fours) = ([0.0; 4], x.chunks_exact(4));
    for four in fours.by_ref() {
        for k in 0..4 {
            sums[k] += four[k] * four[k];
        }
    }
    fours.remainder().iter().fold((sums[0] + sums[1]) + (sums[2] + sums[3]), |sum, x| sum + x * x)
}

/// Calls `f(i, θᵢ, gᵢ)` for each parameter of `theta` and its gradient, and returns Σ gᵢ² (in
/// the order [`sum_of_squares`] describes) and whether every θᵢ is finite after `f`.
fn measured(theta: &mut [f64], g: &[f64], mut f: impl FnMut(usize, &mut f64, f64)) -> (f64, bool) {
    // A NaN or an infinity has every exponent bit set; testing every value with no early exit
    // vectorizes.
    const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
    let (mut sums, mut non_finite) = ([0.0; 4], false);
    let done = theta.len().min(g.len()) / 4 * 4;
    let (fours, rest) = theta.split_at_mut(done);
    for (c, (theta, g)) in fours.chunks_exact_mut(4).zip(g.chunks_exact(4)).enumerate() {
        for k in 0..4 {
            sums[k] += g[k] * g[k];
            f(4 * c + k, &mut theta[k], g[k]);
            non_finite |= theta[k].to_bits() & EXPONENT == EXPONENT;
        }
    }
    let mut sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    for (i, (p, &g)) in rest.iter_mut().zip(&g[done..]).enumerate() {
        sum += g * g;
        f(done + i, p, g);
        non_finite |= p.to_bits() & EXPONENT == EXPONENT;
    }
    (sum, !non_finite)
}

/// The update of one parameter tensor at step `t` (from 1), in PyTorch's order of operations;
/// returns Σ g² and whether every parameter is finite after it ([`measured`]).
fn update(method: Method, t: u64, lr: f64, theta: &mut [f64], g: &[f64], state: &mut Moments) -> (f64, bool) {
    match method {
        Method::Sgd => measured(theta, g, |_, p, g| *p -= lr * g),
        Method::Momentum { mu } => {
            let v = &mut state.first;
            measured(theta, g, |i, p, g| {
                v[i] = if t == 1 { g } else { mu * v[i] + g };
                *p -= lr * v[i];
            })
        }
        Method::Adam { beta1, beta2, eps } => {
            // As torch.optim.Adam's single-tensor path: m.lerp_(g, 1 − β₁),
            // v.mul_(β₂).addcmul_(g, g, 1 − β₂), θ.addcdiv_(m, √v/√(1 − β₂ᵗ) + ε, −η/(1 − β₁ᵗ)).
            let step = t as f64;
            let step_size = lr / (1.0 - libm::pow(beta1, step));
            let correction2_sqrt = (1.0 - libm::pow(beta2, step)).sqrt();
            let (w1, w2) = (1.0 - beta1, 1.0 - beta2);
            let (m, v) = (&mut state.first, &mut state.second);
            measured(theta, g, |i, p, g| {
                m[i] += w1 * (g - m[i]);
                v[i] = v[i] * beta2 + w2 * g * g;
                let denom = v[i].sqrt() / correction2_sqrt + eps;
                *p += -step_size * (m[i] / denom);
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(n: usize) -> Moments {
        Moments { first: vec![0.0; n], second: vec![0.0; n] }
    }

    #[test]
    fn a_step_measures_the_gradients_squares_and_the_parameters_finiteness() {
        // 4n + 3 entries: the four running sums and the last three; 1e16 + 1 loses the 1, so the
        // order shows in the bits.
        let g: Vec<f64> = (0..11).map(|i| if i == 5 { 1e8 } else { 0.5 + i as f64 }).collect();
        let mut theta: Vec<f64> = (0..11).map(|i| i as f64).collect();
        let (squares, finite) = update(Method::Sgd, 1, 0.1, &mut theta, &g, &mut state(11));
        let lanes = |k: usize| (k..8).step_by(4).fold(0.0, |s, i| s + g[i] * g[i]);
        let expected = g[8..].iter().fold((lanes(0) + lanes(1)) + (lanes(2) + lanes(3)), |s, x| s + x * x);
        assert_eq!(squares.to_bits(), expected.to_bits());
        assert_eq!(sum_of_squares(&g).to_bits(), expected.to_bits());
        assert!(finite);
        assert_eq!(theta[5], 5.0 - 0.1 * 1e8);
        // A parameter that overflows, past the last four, is seen.
        let mut theta = vec![0.0; 11];
        theta[10] = -f64::MAX;
        let (_, finite) = update(Method::Sgd, 1, 1.0, &mut theta, &[f64::MAX; 11], &mut state(11));
        assert!(!finite && theta[10] == f64::NEG_INFINITY);
    }

    #[test]
    fn momentum_first_step_takes_v_equal_to_g() {
        let mut theta = [1.0, -2.0];
        let mut s = state(2);
        update(Method::Momentum { mu: 0.9 }, 1, 0.1, &mut theta, &[0.5, 0.25], &mut s);
        assert_eq!(s.first, vec![0.5, 0.25]);
        assert_eq!(theta, [1.0 - 0.1 * 0.5, -2.0 - 0.1 * 0.25]);
        update(Method::Momentum { mu: 0.9 }, 2, 0.1, &mut theta, &[0.5, 0.25], &mut s);
        assert_eq!(s.first, vec![0.9 * 0.5 + 0.5, 0.9 * 0.25 + 0.25]);
    }

    #[test]
    fn adam_first_step_moves_each_parameter_by_about_lr() {
        // With bias correction m̂ = g and v̂ = g², so the first step is η·g/(|g| + ε).
        let mut theta = [1.0, -2.0, 3.0];
        let g = [0.5, -0.001, 40.0];
        update(Method::ADAM, 1, 0.01, &mut theta, &g, &mut state(3));
        for (p, (before, g)) in theta.iter().zip([1.0, -2.0, 3.0].iter().zip(g)) {
            let expected = before - 0.01 * g / (g.abs() + 1e-8);
            assert!((p - expected).abs() < 1e-15, "{p} vs {expected}");
        }
    }
}
