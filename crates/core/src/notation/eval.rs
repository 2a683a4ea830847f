//! A formula computed from the step's own values, so that a test can hold every formula to
//! the quantity it defines.
//!
//! Symbols take the values a reader sees ([`Step::value`]): per-sample quantities one row per
//! sample (columns in the [`Form`] that writes them as columns), weights and their gradients
//! in the file's layout, a bias one row (added to every row). Sums, differences, ∘ and
//! fractions are element-wise, with a number or a row (a column) repeated as needed; `·` is the
//! matrix product where the sizes fit it, and a number times a matrix otherwise.

use super::expr::{Expr, Over, Params, Sym};
use super::formulas::Form;
use crate::nn::activation::{Activation, softmax_jacobian};
use crate::nn::optim::Method;
use crate::step::Step;
use nalgebra::{DMatrix, DVector};

type M = DMatrix<f64>;

/// `e` computed from `step`'s values as `form` writes them; none where a symbol has no value
/// in the step (an optimizer's running averages) or a size does not fit.
pub fn eval(step: &Step, form: Form, e: &Expr) -> Option<M> {
    eval_with(step, form, e, &|_| None)
}

/// [`eval`], with the optimizer's state (v, m, m̂, v̂, which the step does not hold) from
/// `state`, written as the parameter they belong to is.
pub fn eval_with(step: &Step, form: Form, e: &Expr, state: &dyn Fn(Sym) -> Option<M>) -> Option<M> {
    let at = |e: &Expr| eval_with(step, form, e, state);
    let value = |s: Sym| match s {
        Sym::V | Sym::M | Sym::MHat | Sym::VHat | Sym::T => state(s),
        s => symbol(step, form, s),
    };
    Some(match e {
        Expr::Sym(s) => value(*s)?,
        Expr::Entry(s, o) => entry(&value(*s)?, *o, form.columns)?,
        Expr::Named(_, e) => at(e)?,
        Expr::Num(x) => M::from_element(1, 1, *x),
        Expr::Half => M::from_element(1, 1, 0.5),
        Expr::Add(a, b) => zip(&at(a)?, &at(b)?, |x, y| x + y)?,
        Expr::Sub(a, b) => zip(&at(a)?, &at(b)?, |x, y| x - y)?,
        Expr::Neg(a) => -at(a)?,
        Expr::Dot(a, b) => product(&at(a)?, &at(b)?)?,
        Expr::Mul(a, b) | Expr::Scale(a, b) | Expr::Hadamard(a, b) => zip(&at(a)?, &at(b)?, |x, y| x * y)?,
        Expr::Div(a, b) => zip(&at(a)?, &at(b)?, |x, y| x / y)?,
        Expr::T(a) => at(a)?.transpose(),
        Expr::Square(a) => at(a)?.map(|x| x * x),
        Expr::Pow(a, s) => zip(&at(a)?, &value(*s)?, f64::powf)?,
        Expr::Sqrt(a) => at(a)?.map(f64::sqrt),
        Expr::Log(a) => at(a)?.map(f64::ln),
        Expr::Sum(over, body) => sum(&at(body)?, *over, form.columns),
        Expr::Phi(f, x) => {
            let z = at(x)?;
            let mut a = z.clone();
            apply(*f, &z, &mut a, form.columns);
            a
        }
        Expr::PhiPrime(Activation::Softmax, _) => return None,
        Expr::PhiPrime(f, x) => {
            let z = at(x)?;
            let mut a = z.clone();
            f.apply(&z, &mut a);
            z.zip_map(&a, |z, a| f.derivative(z, a))
        }
        Expr::Step(z, slope) => at(z)?.map(|z| if z > 0.0 { 1.0 } else { *slope }),
        Expr::SoftmaxJacobian(l, g, columns) => jacobian_t(&step.layers[*l - 1].a, &at(g)?, *columns)?,
        Expr::LossWith(Params::Updated) => {
            let (x, y) = (&step.samples.inputs, &step.samples.targets);
            M::from_element(1, 1, crate::nn::forward::loss(&step.updated, x, y, step.round))
        }
    })
}

/// The value of a symbol.
fn symbol(step: &Step, form: Form, s: Sym) -> Option<M> {
    let layout = step.network.layout;
    let units = |m: &M| if form.columns { m.transpose() } else { m.clone() };
    let bias = |b: &DVector<f64>| {
        if form.columns {
            M::from_column_slice(b.len(), 1, b.as_slice())
        } else {
            M::from_row_slice(1, b.len(), b.as_slice())
        }
    };
    let layer = |l: usize| &step.layers[l - 1];
    let scalar = |x: f64| M::from_element(1, 1, x);
    Some(match s {
        Sym::X | Sym::A(0) => units(&step.samples.inputs),
        Sym::Y => units(&step.samples.targets),
        Sym::YHat => units(&layer(step.depth()).a),
        Sym::Z(l) => units(&layer(l).z),
        Sym::ZOut => units(&layer(step.depth()).z),
        Sym::A(l) => units(&layer(l).a),
        Sym::W(l) => layout.store(&step.network.layers[l - 1].weights),
        Sym::B(l) => bias(&step.network.layers[l - 1].bias),
        Sym::Delta(l) => units(&layer(l).delta),
        Sym::GradOut => units(&step.grad_output),
        Sym::GradA(l) => units(&layer(l + 1).grad_input),
        Sym::GradW(l) => layout.store(&layer(l).grad_weights),
        Sym::GradB(l) => bias(&layer(l).grad_bias),
        Sym::Loss => scalar(step.loss),
        Sym::Eta => scalar(step.learning_rate),
        Sym::N => scalar(step.samples.inputs.nrows() as f64),
        Sym::K => scalar(step.samples.targets.ncols() as f64),
        Sym::Eps => match step.method {
            Method::Adam { eps, .. } => scalar(eps),
            Method::Sgd | Method::Momentum { .. } => return None,
        },
        Sym::V | Sym::M | Sym::MHat | Sym::VHat | Sym::T => return None,
    })
}

/// The entries of `m` an index names: unit i's column of a quantity with a row per sample
/// (its row where samples are columns), a weight matrix's column i over the rows k (`W ₖᵢ`,
/// out_in) or its row i over the columns k (`W ᵢₖ`, in_out) as a vector over k written the way
/// the quantity's units are; the whole of `m` for k and n, which run over all of it.
fn entry(m: &M, o: Over, columns: bool) -> Option<M> {
    let fits = |i: usize, n: usize| (1..=n).contains(&i);
    let vector = |v: Vec<f64>| {
        if columns { M::from_column_slice(v.len(), 1, &v) } else { M::from_row_slice(1, v.len(), &v) }
    };
    Some(match o {
        Over::K | Over::N | Over::NK => m.clone(),
        Over::Unit(i) if columns => fits(i, m.nrows()).then(|| m.rows(i - 1, 1).into_owned())?,
        Over::Unit(i) => fits(i, m.ncols()).then(|| m.columns(i - 1, 1).into_owned())?,
        Over::KUnit(i) => vector(fits(i, m.ncols()).then(|| m.column(i - 1).iter().copied().collect())?),
        Over::UnitK(i) => vector(fits(i, m.nrows()).then(|| m.row(i - 1).iter().copied().collect())?),
    })
}

/// `f` applied entry by entry, with a number, a row or a column repeated to the other's size.
fn zip(a: &M, b: &M, f: impl Fn(f64, f64) -> f64) -> Option<M> {
    let rows = a.nrows().max(b.nrows());
    let cols = a.ncols().max(b.ncols());
    let fits = |m: &M| (m.nrows() == rows || m.nrows() == 1) && (m.ncols() == cols || m.ncols() == 1);
    if !fits(a) || !fits(b) {
        return None;
    }
    let get = |m: &M, r: usize, c: usize| m[(r.min(m.nrows() - 1), c.min(m.ncols() - 1))];
    Some(M::from_fn(rows, cols, |r, c| f(get(a, r, c), get(b, r, c))))
}

/// The matrix product, or a number times a matrix.
fn product(a: &M, b: &M) -> Option<M> {
    if a.ncols() == b.nrows() {
        Some(a * b)
    } else if a.len() == 1 || b.len() == 1 {
        zip(a, b, |x, y| x * y)
    } else {
        None
    }
}

/// A sum over the outputs k (across a row, or down a column), the samples n, or both.
fn sum(m: &M, over: Over, columns: bool) -> M {
    let across = |m: &M| M::from_fn(m.nrows(), 1, |r, _| m.row(r).sum());
    let down = |m: &M| M::from_fn(1, m.ncols(), |_, c| m.column(c).sum());
    match (over, columns) {
        (Over::NK, _) => M::from_element(1, 1, m.sum()),
        (Over::K | Over::KUnit(_) | Over::UnitK(_), false) | (Over::N, true) => across(m),
        (Over::N, false) | (Over::K | Over::KUnit(_) | Over::UnitK(_), true) => down(m),
        // A single unit's entry sums to itself.
        (Over::Unit(_), _) => m.clone(),
    }
}

/// φ(z) with one sample per row, or per column.
fn apply(f: Activation, z: &M, a: &mut M, columns: bool) {
    if columns {
        let mut t = z.transpose();
        f.apply(&z.transpose(), &mut t);
        *a = t.transpose();
    } else {
        f.apply(z, a);
    }
}

/// J_softmax ᵀ·g sample by sample, with J from the layer's output a = softmax(z).
fn jacobian_t(a: &M, g: &M, columns: bool) -> Option<M> {
    let g = if columns { g.transpose() } else { g.clone() };
    if g.shape() != a.shape() {
        return None;
    }
    let mut out = g.clone();
    for r in 0..a.nrows() {
        let row: Vec<f64> = a.row(r).iter().copied().collect();
        let j = softmax_jacobian(&row);
        let d = j.transpose() * g.row(r).transpose();
        out.set_row(r, &d.transpose());
    }
    Some(if columns { out.transpose() } else { out })
}
