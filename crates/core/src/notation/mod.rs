//! The notation: every formula as text, in one place, keyed by quantity, layer, layout and
//! whether the step is over one sample or a batch. Layers are numbered from 1; a[0] is the input.
//!
//! [`symbol`] and [`formula`] write Unicode (tables, JSON, answer sheets); [`graph`] labels the
//! computational graph with them; [`tex`] writes the same in TeX (Markdown and LaTeX); [`number`]
//! formats numbers; [`escape`] makes the user's own text (names, descriptions, keys) inert where it
//! is written; [`index`] names entries: math counted from 1, JSON paths from 0, paired.

pub mod escape;
pub mod graph;
pub mod index;
pub mod number;
pub mod tex;

use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Layout;
use crate::nn::optim::Method;
use crate::step::{Phase, Quantity, Step};

/// φ's symbol in formulas: `a[1] = relu(z[1])`, `δ = … ∘ σ′(z)`.
pub fn phi(a: Activation) -> &'static str {
    match a {
        Activation::Identity => "id",
        Activation::Relu => "relu",
        Activation::LeakyRelu { .. } => "leaky_relu",
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Softmax => "softmax",
    }
}

/// "1 neuron", "2 neurons".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The heading of a phase.
pub fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Given => "Given",
        Phase::Forward => "Forward pass",
        Phase::Loss => "Loss",
        Phase::Backward => "Backward pass",
        Phase::Update => "Update",
    }
}

/// `n` as subscript digits, for an entry of a vector or matrix: 12 → ₁₂.
pub fn subscript(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// The quantity's symbol: `z[1]`, `δ[2]`, `∂L/∂W[1]`, `L`.
pub fn symbol(q: Quantity) -> String {
    use Quantity::*;
    match q {
        Input => "a[0]".into(),
        Target => "y".into(),
        Weights(l) | NewWeights(l) => format!("W[{l}]"),
        Bias(l) | NewBias(l) => format!("b[{l}]"),
        Z(l) => format!("z[{l}]"),
        A(l) => format!("a[{l}]"),
        PhiPrime(l) => format!("φ′(z[{l}])"),
        Loss => "L".into(),
        GradOutput => "∂L/∂ŷ".into(),
        GradA(l) => format!("∂L/∂a[{l}]"),
        Delta(l) => format!("δ[{l}]"),
        GradWeights(l) => format!("∂L/∂W[{l}]"),
        GradBias(l) => format!("∂L/∂b[{l}]"),
        LossAfter => "L after the update".into(),
    }
}

/// How `q` is computed in `step`, written for the file's layout: `z[1] = W[1]·a[0] + b[1]`.
pub fn formula(step: &Step, q: Quantity) -> String {
    let (layout, batch) = (step.network.layout, step.batch());
    let phi_of = |l: usize| step.network.layers[l - 1].activation;
    use Quantity::*;
    match q {
        Input => "a[0] = x".into(),
        Target => "y".into(),
        Weights(l) => format!("W[{l}]"),
        Bias(l) => format!("b[{l}]"),
        Z(l) => match layout {
            Layout::OutIn => format!("z[{l}] = W[{l}]·a[{}] + b[{l}]", l - 1),
            Layout::InOut => format!("z[{l}] = a[{}]·W[{l}] + b[{l}]", l - 1),
        },
        A(l) => match phi_of(l) {
            Activation::Identity => format!("a[{l}] = z[{l}]"),
            f => format!("a[{l}] = {}(z[{l}])", phi(f)),
        },
        PhiPrime(l) => format!("{} = {}", phi_prime(phi_of(l), l), derivative(phi_of(l), l)),
        Loss => loss(step.network.loss, batch).into(),
        GradOutput => format!("∂L/∂ŷ = {}", grad_output(step.network.loss, batch)),
        GradA(l) => format!("∂L/∂a[{l}] = {}", back(layout, l)),
        Delta(l) if l == step.depth() => output_delta(step.network.loss, phi_of(l), l, batch),
        Delta(l) => match phi_of(l) {
            Activation::Softmax => format!("δ[{l}] = J_softmax(z[{l}])ᵀ·({})", back(layout, l)),
            f => format!("δ[{l}] = ({}) ∘ {}′(z[{l}])", back(layout, l), phi(f)),
        },
        GradWeights(l) => match (layout, batch) {
            (Layout::OutIn, false) => format!("∂L/∂W[{l}] = δ[{l}]·a[{}]ᵀ", l - 1),
            (Layout::OutIn, true) => format!("∂L/∂W[{l}] = Σₙ δ[{l}]ₙ·a[{}]ₙᵀ", l - 1),
            (Layout::InOut, _) => format!("∂L/∂W[{l}] = a[{}]ᵀ·δ[{l}]", l - 1),
        },
        GradBias(l) if batch => format!("∂L/∂b[{l}] = Σₙ δ[{l}]ₙ"),
        GradBias(l) => format!("∂L/∂b[{l}] = δ[{l}]"),
        NewWeights(l) => update(step.method, "W", l),
        NewBias(l) if !step.network.layers[l - 1].trainable_bias => {
            format!("b[{l}] unchanged (trainable_bias: false)")
        }
        NewBias(l) => update(step.method, "b", l),
        LossAfter => "L(θ after the update)".into(),
    }
}

/// φ′(z[l]) with φ named: `relu′(z[1])`.
pub fn phi_prime(f: Activation, l: usize) -> String {
    format!("{}′(z[{l}])", phi(f))
}

/// How φ′(z[l]) is computed.
fn derivative(f: Activation, l: usize) -> String {
    match f {
        Activation::Identity => "1".to_string(),
        Activation::Relu => format!("1 where z[{l}] > 0, else 0"),
        Activation::LeakyRelu { slope } => format!("1 where z[{l}] > 0, else {slope}"),
        Activation::Sigmoid => format!("a[{l}] ∘ (1 − a[{l}])"),
        Activation::Tanh => format!("1 − a[{l}]²"),
        Activation::Softmax => format!("J_softmax(z[{l}])"),
    }
}

/// W[l+1]ᵀ·δ[l+1], in the order the layout writes it.
fn back(layout: Layout, l: usize) -> String {
    match layout {
        Layout::OutIn => format!("W[{}]ᵀ·δ[{}]", l + 1, l + 1),
        Layout::InOut => format!("δ[{}]·W[{}]ᵀ", l + 1, l + 1),
    }
}

/// The loss as a formula, for one sample or a batch.
pub fn loss(loss: Loss, batch: bool) -> &'static str {
    match (loss, batch) {
        (Loss::HalfSquaredError, false) => "L = ½ Σₖ (ŷₖ − yₖ)²",
        (Loss::HalfSquaredError, true) => "L = (1/N) Σₙ ½ Σₖ (ŷₙₖ − yₙₖ)²",
        (Loss::Mse, false) => "L = (1/K) Σₖ (ŷₖ − yₖ)²",
        (Loss::Mse, true) => "L = (1/(N·K)) Σₙₖ (ŷₙₖ − yₙₖ)²",
        (Loss::Bce, false) => "L = −(1/K) Σₖ [yₖ·log ŷₖ + (1 − yₖ)·log(1 − ŷₖ)]",
        (Loss::Bce, true) => "L = −(1/(N·K)) Σₙₖ [y·log ŷ + (1 − y)·log(1 − ŷ)]",
        (Loss::CrossEntropy, false) => "L = −Σₖ yₖ·log ŷₖ,  ŷ = softmax(z[L])",
        (Loss::CrossEntropy, true) => "L = −(1/N) Σₙ Σₖ yₙₖ·log ŷₙₖ,  ŷ = softmax(z[L])",
    }
}

/// ∂L/∂ŷ's right-hand side: `(ŷ − y)/N`.
pub fn grad_output(loss: Loss, batch: bool) -> &'static str {
    match (loss, batch) {
        (Loss::HalfSquaredError, false) => "ŷ − y",
        (Loss::HalfSquaredError, true) => "(ŷ − y)/N",
        (Loss::Mse, false) => "2(ŷ − y)/K",
        (Loss::Mse, true) => "2(ŷ − y)/(N·K)",
        (Loss::Bce, false) => "(ŷ − y)/(ŷ(1 − ŷ))/K",
        (Loss::Bce, true) => "(ŷ − y)/(ŷ(1 − ŷ))/(N·K)",
        (Loss::CrossEntropy, false) => "−y/ŷ",
        (Loss::CrossEntropy, true) => "−y/ŷ/N",
    }
}

/// δ[L] for this loss and output activation: ∂L/∂ŷ through φ, and the simpler form the two
/// fused pairs (σ with bce, softmax with cross-entropy) are computed by.
fn output_delta(loss: Loss, f: Activation, l: usize, batch: bool) -> String {
    let k = if batch { "(N·K)" } else { "K" };
    let n = if batch { "/N" } else { "" };
    match (loss, f) {
        (Loss::CrossEntropy, Activation::Softmax) => {
            format!("δ[{l}] = J_softmax(z[{l}])ᵀ·∂L/∂ŷ = (ŷ − y){n}")
        }
        (_, Activation::Softmax) => format!("δ[{l}] = J_softmax(z[{l}])ᵀ·∂L/∂ŷ"),
        (Loss::Bce, Activation::Sigmoid) => format!("δ[{l}] = ∂L/∂ŷ ∘ σ′(z[{l}]) = (ŷ − y)/{k}"),
        _ => format!("δ[{l}] = ∂L/∂ŷ ∘ {}′(z[{l}])", phi(f)),
    }
}

/// The update of parameter `p` (`W` or `b`) of layer `l` by `method`.
pub fn update(method: Method, p: &str, l: usize) -> String {
    let (p, g) = (format!("{p}[{l}]"), format!("∂L/∂{p}[{l}]"));
    match method {
        Method::Sgd => format!("{p} ← {p} − η·{g}"),
        Method::Momentum { mu } => format!("v ← {mu}·v + {g}, {p} ← {p} − η·v"),
        Method::Adam { beta1, beta2, .. } => format!(
            "m ← {beta1}·m + (1 − {beta1})·{g}, v ← {beta2}·v + (1 − {beta2})·{g}², {p} ← {p} − η·m̂/(√v̂ + ε)"
        ),
    }
}
