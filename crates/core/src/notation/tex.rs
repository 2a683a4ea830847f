//! The notation in TeX, for Markdown and LaTeX: each quantity's symbol and formula, written for
//! the step's layout, batch, loss and activations, as a worked solution shows them.
//!
//! Orientation follows the file's layout. For `out_in` and one sample, per-unit vectors are
//! columns and z = W·a + b. For `in_out`, and for every batch, they are rows (one row per
//! sample), so `out_in` batches are written z = a·Wᵀ + b. The update is plain gradient descent.

use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Layout;
use crate::step::{Quantity, Step};

/// η.
pub const LEARNING_RATE: &str = "\\eta";

/// A symbol of layer `l`: `z^{[1]}`.
fn layer(name: &str, l: usize) -> String {
    format!("{name}^{{[{l}]}}")
}

/// ∂L/∂`of`.
fn grad(of: &str) -> String {
    format!("\\frac{{\\partial L}}{{\\partial {of}}}")
}

/// φ as TeX.
pub fn phi(a: Activation) -> &'static str {
    match a {
        Activation::Identity => "\\operatorname{id}",
        Activation::Relu => "\\operatorname{relu}",
        Activation::LeakyRelu { .. } => "\\operatorname{leaky\\_relu}",
        Activation::Sigmoid => "\\sigma",
        Activation::Tanh => "\\tanh",
        Activation::Softmax => "\\operatorname{softmax}",
    }
}

/// The quantity's symbol: `z^{[1]}`, `\delta^{[2]}`, `\frac{\partial L}{\partial W^{[1]}}`.
pub fn symbol(q: Quantity) -> String {
    use Quantity::*;
    match q {
        Input => "a^{[0]}".into(),
        Target => "y".into(),
        Weights(l) | NewWeights(l) => layer("W", l),
        Bias(l) | NewBias(l) => layer("b", l),
        Z(l) => layer("z", l),
        A(l) => layer("a", l),
        PhiPrime(l) => format!("\\phi'({})", layer("z", l)),
        Loss => "L".into(),
        GradOutput => grad("\\hat{y}"),
        GradA(l) => grad(&layer("a", l)),
        Delta(l) => layer("\\delta", l),
        GradWeights(l) => grad(&layer("W", l)),
        GradBias(l) => grad(&layer("b", l)),
        LossAfter => "L_{\\text{after}}".into(),
    }
}

/// The left-hand side of the quantity's equation: its symbol, with the input named x and the
/// output ŷ (`\hat{y} = a^{[2]}`).
pub fn lhs(step: &Step, q: Quantity) -> String {
    match q {
        Quantity::Input => "a^{[0]} = x".into(),
        Quantity::A(l) if l == step.depth() => format!("\\hat{{y}} = {}", layer("a", l)),
        _ => symbol(q),
    }
}

/// `\leftarrow` for a parameter the update changes, `=` otherwise.
pub fn relation(step: &Step, q: Quantity) -> &'static str {
    match q {
        Quantity::NewWeights(_) => "\\leftarrow",
        Quantity::NewBias(l) if step.network.layers[l - 1].trainable_bias => "\\leftarrow",
        _ => "=",
    }
}

/// How `q` is computed in `step`, as TeX.
pub fn formula(step: &Step, q: Quantity) -> String {
    let (layout, batch) = (step.network.layout, step.batch());
    // One sample in `out_in`: columns; otherwise rows.
    let column = layout == Layout::OutIn && !batch;
    let phi_of = |l: usize| step.network.layers[l - 1].activation;
    let w = |l: usize| layer("W", l);
    let b = |l: usize| layer("b", l);
    let a = |l: usize| layer("a", l);
    let z = |l: usize| layer("z", l);
    let d = |l: usize| layer("\\delta", l);
    use Quantity::*;
    match q {
        Input => "x".into(),
        Target => "y".into(),
        Weights(l) => w(l),
        Bias(l) => b(l),
        Z(l) if column => format!("{} {} + {}", w(l), a(l - 1), b(l)),
        Z(l) if layout == Layout::OutIn => format!("{} ({})^{{\\top}} + {}", a(l - 1), w(l), b(l)),
        Z(l) => format!("{} {} + {}", a(l - 1), w(l), b(l)),
        A(l) if phi_of(l) == Activation::Identity => z(l),
        A(l) => format!("{}({})", phi(phi_of(l)), z(l)),
        PhiPrime(l) => format!("{}'({})", phi(phi_of(l)), z(l)),
        Loss => loss(step.network.loss, batch).into(),
        GradOutput => grad_output(step.network.loss, batch).into(),
        Delta(l) if l == step.depth() => output_delta(step.network.loss, phi_of(l), l, batch),
        Delta(l) if phi_of(l) == Activation::Identity => symbol(GradA(l)),
        Delta(l) => format!("{} \\circ {}'({})", symbol(GradA(l)), phi(phi_of(l)), z(l)),
        GradA(l) if column => format!("({})^{{\\top}} {}", w(l + 1), d(l + 1)),
        GradA(l) if layout == Layout::OutIn => format!("{} {}", d(l + 1), w(l + 1)),
        GradA(l) => format!("{} ({})^{{\\top}}", d(l + 1), w(l + 1)),
        GradWeights(l) if column => format!("{} ({})^{{\\top}}", d(l), a(l - 1)),
        GradWeights(l) if layout == Layout::OutIn => format!("({})^{{\\top}} {}", d(l), a(l - 1)),
        GradWeights(l) => format!("({})^{{\\top}} {}", a(l - 1), d(l)),
        GradBias(l) if batch => format!("\\sum_n {}_n", d(l)),
        GradBias(l) => d(l),
        NewWeights(l) => format!("{} - {LEARNING_RATE} \\, {}", w(l), symbol(GradWeights(l))),
        NewBias(l) if !step.network.layers[l - 1].trainable_bias => b(l),
        NewBias(l) => format!("{} - {LEARNING_RATE} \\, {}", b(l), symbol(GradBias(l))),
        LossAfter => "L(\\text{forward pass with the new parameters})".into(),
    }
}

/// The loss, for one sample or a batch.
fn loss(loss: Loss, batch: bool) -> &'static str {
    match (loss, batch) {
        (Loss::HalfSquaredError, false) => "\\frac{1}{2} \\sum_k (\\hat{y}_k - y_k)^2",
        (Loss::HalfSquaredError, true) => {
            "\\frac{1}{N} \\sum_n \\frac{1}{2} \\sum_k (\\hat{y}_{nk} - y_{nk})^2"
        }
        (Loss::Mse, false) => "\\frac{1}{K} \\sum_k (\\hat{y}_k - y_k)^2",
        (Loss::Mse, true) => "\\frac{1}{N K} \\sum_{n,k} (\\hat{y}_{nk} - y_{nk})^2",
        (Loss::Bce, false) => {
            "-\\frac{1}{K} \\sum_k \\left[ y_k \\log \\hat{y}_k + (1 - y_k) \\log(1 - \\hat{y}_k) \\right]"
        }
        (Loss::Bce, true) => {
            "-\\frac{1}{N K} \\sum_{n,k} \\left[ y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y}) \\right]"
        }
        (Loss::CrossEntropy, false) => "-\\sum_k y_k \\log \\hat{y}_k",
        (Loss::CrossEntropy, true) => "-\\frac{1}{N} \\sum_n \\sum_k y_{nk} \\log \\hat{y}_{nk}",
    }
}

/// ∂L/∂ŷ. Cross-entropy meets it only without softmax, where it is written as bce's.
fn grad_output(loss: Loss, batch: bool) -> &'static str {
    match (loss, batch) {
        (Loss::HalfSquaredError, false) => "\\hat{y} - y",
        (Loss::HalfSquaredError, true) => "\\frac{1}{N}(\\hat{y} - y)",
        (Loss::Mse, false) => "\\frac{2}{K}(\\hat{y} - y)",
        (Loss::Mse, true) => "\\frac{2}{N K}(\\hat{y} - y)",
        (Loss::Bce | Loss::CrossEntropy, false) => {
            "\\frac{1}{K} \\frac{\\hat{y} - y}{\\hat{y}(1 - \\hat{y})}"
        }
        (Loss::Bce | Loss::CrossEntropy, true) => {
            "\\frac{1}{N K} \\frac{\\hat{y} - y}{\\hat{y}(1 - \\hat{y})}"
        }
    }
}

/// δ[L] for this loss and output activation.
fn output_delta(loss: Loss, f: Activation, l: usize, batch: bool) -> String {
    let g = symbol(Quantity::GradOutput);
    match (loss, f) {
        (Loss::CrossEntropy, Activation::Softmax) if batch => "\\frac{1}{N}(\\hat{y} - y)".into(),
        (Loss::CrossEntropy, Activation::Softmax) => "\\hat{y} - y".into(),
        (_, Activation::Identity) => g,
        (_, Activation::Softmax) => format!("J_{{\\operatorname{{softmax}}}}^{{\\top}} {g}"),
        _ => format!("{g} \\circ {}'({})", phi(f), layer("z", l)),
    }
}
