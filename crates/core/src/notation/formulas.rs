//! Every formula of a step, built once as an expression tree: each quantity for the step's
//! loss, activations, layout and number of samples, the loss, and the update rules of SGD,
//! momentum and Adam.
//!
//! Orientation: in a table every per-sample quantity is a row (one row per sample), so the
//! formulas are written over rows: `z[l] = a[l−1]·W[l]ᵀ + b[l]` for `out_in` (W one row per
//! neuron), `z[l] = a[l−1]·W[l] + b[l]` for `in_out`. A worked solution of one sample in `out_in`
//! writes vectors as columns, `z[l] = W[l]·a[l−1] + b[l]` ([`Form::typeset`]).

use super::expr::{Expr, Over, Params, Sym, num, sym};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::Layout;
use crate::nn::optim::Method;
use crate::step::{Quantity, Step};

/// How per-sample vectors are written: as rows of samples, or (one sample in `out_in`) as
/// columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub layout: Layout,
    pub batch: bool,
    /// Vectors are columns (units down): `z = W·a + b`.
    pub columns: bool,
}

impl Form {
    /// Rows of samples, as tables show every quantity.
    pub fn rows(step: &Step) -> Form {
        Form { layout: step.network.layout, batch: step.batch(), columns: false }
    }

    /// As a worked solution typesets the step: columns for one sample in `out_in`.
    pub fn typeset(step: &Step) -> Form {
        let columns = step.network.layout == Layout::OutIn && !step.batch();
        Form { columns, ..Form::rows(step) }
    }
}

/// `=`, or `←` for a parameter the update changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Equals,
    Becomes,
}

/// One formula: `lhs = rhs₁ = rhs₂`, after the updates it needs first (momentum's and Adam's
/// running averages), with the definition it uses (`ŷ = softmax(z[L])`).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub quantity: Quantity,
    /// Running averages updated first: `v ← μ·v + ∂L/∂W[l]`.
    pub before: Vec<(Expr, Expr)>,
    /// The left-hand side; none where the formula is its right-hand side alone.
    pub lhs: Option<Expr>,
    pub relation: Relation,
    /// Right-hand sides, each equal to the quantity; empty for a given quantity.
    pub rhs: Vec<Expr>,
    /// A definition the right-hand side uses.
    pub given: Option<(Expr, Expr)>,
    /// A parameter the update leaves as it is (`trainable_bias: false`).
    pub unchanged: bool,
}

impl Formula {
    fn new(quantity: Quantity, lhs: Expr, rhs: Vec<Expr>) -> Formula {
        Formula {
            quantity,
            before: Vec::new(),
            lhs: Some(lhs),
            relation: Relation::Equals,
            rhs,
            given: None,
            unchanged: false,
        }
    }
}

/// How `q` is computed in `step`, written in `form`.
pub fn formula(step: &Step, q: Quantity, form: Form) -> Formula {
    let phi_of = |l: usize| step.network.layers[l - 1].activation;
    let loss = step.network.loss;
    use Quantity::*;
    let one = |lhs: Sym, rhs: Expr| Formula::new(q, sym(lhs), vec![rhs]);
    match q {
        Input => one(Sym::A(0), sym(Sym::X)),
        Target => Formula::new(q, sym(Sym::Y), vec![]),
        Weights(l) => Formula::new(q, sym(Sym::W(l)), vec![]),
        Bias(l) => Formula::new(q, sym(Sym::B(l)), vec![]),
        Z(l) => one(Sym::Z(l), z(form, l)),
        A(l) => one(Sym::A(l), activation(phi_of(l), sym(Sym::Z(l)))),
        PhiPrime(l) => Formula::new(q, sym(Sym::Z(l)).phi_prime(phi_of(l)), vec![derivative(phi_of(l), l)]),
        Loss => {
            let given = (loss == crate::nn::loss::Loss::CrossEntropy)
                .then(|| (sym(Sym::YHat), sym(Sym::ZOut).phi(Activation::Softmax)));
            Formula { given, ..one(Sym::Loss, loss_value(loss, form.batch)) }
        }
        GradOutput => one(Sym::GradOut, grad_output(loss, form.batch)),
        GradA(l) => one(Sym::GradA(l), back(form, l)),
        Delta(l) if l == step.depth() => {
            Formula::new(q, sym(Sym::Delta(l)), output_delta(loss, phi_of(l), l, form))
        }
        Delta(l) => {
            let passed = Expr::Named(Sym::GradA(l), Box::new(back(form, l)));
            one(Sym::Delta(l), hidden_delta(phi_of(l), l, passed, form.columns))
        }
        GradWeights(l) => one(Sym::GradW(l), grad_weights(form, l)),
        GradBias(l) if form.batch => one(Sym::GradB(l), Expr::Entry(Sym::Delta(l), Over::N).sum(Over::N)),
        GradBias(l) => one(Sym::GradB(l), sym(Sym::Delta(l))),
        NewWeights(l) => update(q, step.method, Sym::W(l), Sym::GradW(l)),
        NewBias(l) if !step.network.layers[l - 1].trainable_bias => {
            Formula { unchanged: true, ..one(Sym::B(l), sym(Sym::B(l))) }
        }
        NewBias(l) => update(q, step.method, Sym::B(l), Sym::GradB(l)),
        LossAfter => Formula { lhs: None, ..one(Sym::Loss, Expr::LossWith(Params::Updated)) },
    }
}

/// a = φ(z), with the identity left out.
fn activation(f: Activation, z: Expr) -> Expr {
    if f == Activation::Identity { z } else { z.phi(f) }
}

/// z[l] in `form`.
fn z(form: Form, l: usize) -> Expr {
    let (w, a, b) = (sym(Sym::W(l)), sym(Sym::A(l - 1)), sym(Sym::B(l)));
    match (form.layout, form.columns) {
        (Layout::OutIn, true) => w.dot(a).plus(b),
        (Layout::OutIn, false) => a.dot(w.t()).plus(b),
        (Layout::InOut, _) => a.dot(w).plus(b),
    }
}

/// ∂L/∂a[l] from the layer above: W[l+1]ᵀ·δ[l+1] in the order the form writes it.
fn back(form: Form, l: usize) -> Expr {
    let (w, d) = (sym(Sym::W(l + 1)), sym(Sym::Delta(l + 1)));
    match (form.layout, form.columns) {
        (Layout::OutIn, true) => w.t().dot(d),
        (Layout::OutIn, false) => d.dot(w),
        (Layout::InOut, _) => d.dot(w.t()),
    }
}

/// ∂L/∂W[l], in the layout's orientation.
fn grad_weights(form: Form, l: usize) -> Expr {
    let (d, a) = (sym(Sym::Delta(l)), sym(Sym::A(l - 1)));
    match (form.layout, form.columns) {
        (Layout::OutIn, true) => d.dot(a.t()),
        (Layout::OutIn, false) => d.t().dot(a),
        (Layout::InOut, _) => a.t().dot(d),
    }
}

/// How φ′(z[l]) is computed.
fn derivative(f: Activation, l: usize) -> Expr {
    let a = || sym(Sym::A(l));
    match f {
        Activation::Identity | Activation::Softmax => num(1.0),
        Activation::Relu => Expr::Step(Box::new(sym(Sym::Z(l))), 0.0),
        Activation::LeakyRelu { slope } => Expr::Step(Box::new(sym(Sym::Z(l))), slope),
        Activation::Sigmoid => a().hadamard(num(1.0).minus(a())),
        Activation::Tanh => num(1.0).minus(a().square()),
    }
}

/// δ[l] of a hidden layer from `g` = ∂L/∂a[l], vectors as columns or as rows.
fn hidden_delta(f: Activation, l: usize, g: Expr, columns: bool) -> Expr {
    match f {
        Activation::Softmax => Expr::SoftmaxJacobian(l, Box::new(g), columns),
        f => g.hadamard(sym(Sym::Z(l)).phi_prime(f)),
    }
}

/// The mean's divisor: K for one sample, N·K for a batch.
fn per_output(batch: bool) -> Expr {
    if batch { sym(Sym::N).times(sym(Sym::K)) } else { sym(Sym::K) }
}

/// ŷ − y.
fn error() -> Expr {
    sym(Sym::YHat).minus(sym(Sym::Y))
}

/// ∂L/∂ŷ.
pub fn grad_output(loss: Loss, batch: bool) -> Expr {
    let over_n = |e: Expr| if batch { e.over(sym(Sym::N)) } else { e };
    match loss {
        Loss::HalfSquaredError => over_n(error()),
        Loss::Mse => num(2.0).scale(error()).over(per_output(batch)),
        Loss::Bce => {
            let spread = sym(Sym::YHat).scale(num(1.0).minus(sym(Sym::YHat)));
            error().over(spread).over(per_output(batch))
        }
        Loss::CrossEntropy => over_n(sym(Sym::Y).negated().over(sym(Sym::YHat))),
    }
}

/// `δ[L]`: ∂L/∂ŷ through φ, then the simpler form the two fused pairs (σ with bce, softmax with
/// cross-entropy) are computed by.
pub fn output_delta(loss: Loss, f: Activation, l: usize, form: Form) -> Vec<Expr> {
    let (through, batch) = (hidden_delta(f, l, sym(Sym::GradOut), form.columns), form.batch);
    match (loss, f) {
        (Loss::CrossEntropy, Activation::Softmax) => {
            vec![through, if batch { error().over(sym(Sym::N)) } else { error() }]
        }
        (Loss::Bce, Activation::Sigmoid) => vec![through, error().over(per_output(batch))],
        _ => vec![through],
    }
}

/// The loss, for one sample or a batch.
pub fn loss_value(loss: Loss, batch: bool) -> Expr {
    let entry = |s: Sym| Expr::Entry(s, if batch { Over::NK } else { Over::K });
    let squares = entry(Sym::YHat).minus(entry(Sym::Y)).square();
    let mean = |e: Expr, over: Expr| num(1.0).over(over).scale(e);
    match (loss, batch) {
        (Loss::HalfSquaredError, false) => Expr::Half.scale(squares.sum(Over::K)),
        (Loss::HalfSquaredError, true) => {
            mean(Expr::Half.scale(squares.sum(Over::K)).sum(Over::N), sym(Sym::N))
        }
        (Loss::Mse, false) => mean(squares.sum(Over::K), sym(Sym::K)),
        (Loss::Mse, true) => mean(squares.sum(Over::NK), per_output(true)),
        (Loss::Bce, _) => {
            let (y, p) =
                if batch { (sym(Sym::Y), sym(Sym::YHat)) } else { (entry(Sym::Y), entry(Sym::YHat)) };
            let likelihood =
                y.clone().times(p.clone().log()).plus(num(1.0).minus(y).times(num(1.0).minus(p).log()));
            let over = if batch { Over::NK } else { Over::K };
            mean(likelihood.sum(over), per_output(batch)).negated()
        }
        (Loss::CrossEntropy, false) => entry(Sym::Y).times(entry(Sym::YHat).log()).sum(Over::K).negated(),
        (Loss::CrossEntropy, true) => {
            let sum = entry(Sym::Y).times(entry(Sym::YHat).log()).sum(Over::K).sum(Over::N);
            mean(sum, sym(Sym::N)).negated()
        }
    }
}

/// The update of parameter `p` with gradient `g` by `method`.
fn update(q: Quantity, method: Method, p: Sym, g: Sym) -> Formula {
    let step = |by: Expr| sym(p).minus(sym(Sym::Eta).times(by));
    let (before, rhs) = match method {
        Method::Sgd => (vec![], step(sym(g))),
        Method::Momentum { mu } => {
            (vec![(sym(Sym::V), num(mu).times(sym(Sym::V)).plus(sym(g)))], step(sym(Sym::V)))
        }
        Method::Adam { beta1, beta2, .. } => {
            let average = |s: Sym, beta: f64, x: Expr| {
                (sym(s), num(beta).times(sym(s)).plus(num(1.0).minus(num(beta)).times(x)))
            };
            // m̂ and v̂: the averages corrected for starting at 0.
            let corrected = |s: Sym, beta: f64| sym(s).over(num(1.0).minus(num(beta).pow(Sym::T)));
            let before = vec![
                average(Sym::M, beta1, sym(g)),
                average(Sym::V, beta2, sym(g).square()),
                (sym(Sym::MHat), corrected(Sym::M, beta1)),
                (sym(Sym::VHat), corrected(Sym::V, beta2)),
            ];
            (before, step(sym(Sym::MHat).over(sym(Sym::VHat).sqrt().plus(sym(Sym::Eps)))))
        }
    };
    Formula { before, relation: Relation::Becomes, ..Formula::new(q, sym(p), vec![rhs]) }
}
