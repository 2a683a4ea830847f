//! The update formulas of momentum and Adam against their numbers: a second step taken with
//! the optimizer (so that its state is not zero), each line of the formula before the update
//! (the running averages from the state before the step, then Adam's m̂ = m/(1 − β₁ᵗ) and v̂ =
//! v/(1 − β₂ᵗ) from the new averages, at t = 2) compared with the state after it, then the new
//! parameter computed from the state after it and compared with the step's, to 1e-12. A tree
//! with one sign flipped fails, and so do averages left uncorrected.

use crate::common::{EXAMPLES, Random, example};
use nalgebra::DMatrix;
use nettrace::io::network_file::{Limits, NetworkFile, parse};
use nettrace::nn::backward::backward;
use nettrace::nn::forward::forward;
use nettrace::nn::network::Network;
use nettrace::nn::optim::{Method, Optimizer};
use nettrace::notation::eval::eval_with;
use nettrace::notation::expr::{Expr, Sym};
use nettrace::notation::formulas::{Form, formula};
use nettrace::notation::unicode;
use nettrace::step::{Quantity, Step};

type M = DMatrix<f64>;

/// One step of `opt` on `net`.
fn take(opt: &mut Optimizer, net: &mut Network, file: &NetworkFile) {
    let s = file.samples.as_ref().unwrap();
    let g = backward(net, &forward(net, &s.inputs, None), &s.targets, None);
    let mut squares = vec![0.0; net.layers.len()];
    assert!(opt.step(net, &g, file.learning_rate, &mut squares), "the parameters stay finite");
}

/// The optimizer's state of the parameter `q` updates (v, m; m̂, v̂ bias-corrected at step t),
/// written as the step writes that parameter in `form`; t, its number of steps.
fn state(opt: &Optimizer, net: &Network, q: Quantity, form: Form, s: Sym) -> Option<M> {
    let l = q.layer().unwrap() - 1;
    let bias = matches!(q, Quantity::NewBias(_));
    let (first, second) = opt.moments(l, bias);
    let t = opt.steps as i32;
    if s == Sym::T {
        return Some(M::from_element(1, 1, t.into()));
    }
    let (raw, beta) = match (s, opt.method) {
        (Sym::V, Method::Momentum { .. }) => (first, None),
        (Sym::M, Method::Adam { .. }) => (first, None),
        (Sym::V, Method::Adam { .. }) => (second, None),
        (Sym::MHat, Method::Adam { beta1, .. }) => (first, Some(beta1)),
        (Sym::VHat, Method::Adam { beta2, .. }) => (second, Some(beta2)),
        _ => return None,
    };
    let m = if bias {
        if form.columns {
            M::from_column_slice(raw.len(), 1, raw)
        } else {
            M::from_row_slice(1, raw.len(), raw)
        }
    } else {
        let w = &net.layers[l].weights;
        net.layout.store(&M::from_column_slice(w.nrows(), w.ncols(), raw))
    };
    Some(beta.map_or(m.clone(), |b| m / (1.0 - b.powi(t))))
}

fn close(got: &M, want: &M) -> bool {
    got.shape() == want.shape()
        && got.iter().zip(want.iter()).all(|(g, w)| (g - w).abs() <= 1e-12 * w.abs().max(1.0))
}

/// What the step computes with `method` at its second step: its optimizer before and after it.
struct Taken {
    before: Optimizer,
    after: Optimizer,
    net: Network,
    updated: Network,
}

fn taken(file: &NetworkFile, method: Method) -> Taken {
    let mut net = file.network.clone();
    let mut opt = Optimizer::new(method, &net);
    take(&mut opt, &mut net, file);
    let before = opt.clone();
    let mut updated = net.clone();
    take(&mut opt, &mut updated, file);
    Taken { before, after: opt, net, updated }
}

/// Every update formula of `method` on `file`, in both forms; `tree` may change each right-hand
/// side (of the running averages' lines and of the update). Returns the formulas that do not compute their numbers.
fn wrong(file: &NetworkFile, method: Method, tree: impl Fn(Expr) -> Expr) -> Vec<String> {
    let t = taken(file, method);
    let samples = file.samples.as_ref().unwrap();
    let step =
        Step::compute(&t.net, samples, file.learning_rate, None).with_update(method, t.updated.clone());
    let mut wrong = Vec::new();
    for q in step.computed().into_iter().filter(|q| q.phase() == nettrace::step::Phase::Update) {
        for form in [Form::rows(&step), Form::typeset(&step)] {
            let f = formula(&step, q, form);
            let text = unicode::formula(&f);
            let net = &t.net;
            // Each line reads what the lines before it assigned, and the rest (and t, this
            // step's number) as they are during the step.
            let mut assigned = vec![Sym::T];
            for (lhs, rhs) in &f.before {
                let Expr::Sym(s) = lhs else { panic!("{text}: {lhs:?} is not a running average") };
                let during = |s: Sym| {
                    let opt = if assigned.contains(&s) { &t.after } else { &t.before };
                    state(opt, net, q, form, s)
                };
                let got = eval_with(&step, form, &tree(rhs.clone()), &during);
                assigned.push(*s);
                let want = state(&t.after, net, q, form, *s).unwrap();
                if !got.is_some_and(|g| close(&g, &want)) {
                    wrong.push(format!("{text}: {s:?}"));
                }
            }
            let got = eval_with(&step, form, &tree(f.rhs[0].clone()), &|s| state(&t.after, net, q, form, s));
            let view = step.view(q);
            // A bias is a column where the form writes columns; weights keep the file's layout.
            let bias = matches!(q, Quantity::NewBias(_));
            let want = if form.columns && bias { view.transposed() } else { view }.numbers().clone();
            if !got.as_ref().is_some_and(|g| close(g, &want)) {
                wrong.push(format!("{text}: {got:?} against {want}"));
            }
        }
    }
    wrong
}

const METHODS: [Method; 2] = [Method::Momentum { mu: 0.9 }, Method::ADAM];

#[test]
fn momentum_and_adam_compute_their_own_numbers() {
    let mut files: Vec<(String, NetworkFile)> = EXAMPLES
        .iter()
        .map(|&name| {
            let text = std::fs::read_to_string(example(name)).unwrap();
            (name.to_string(), parse(&text, name, Limits::default()).unwrap())
        })
        .collect();
    let mut rng = Random::new(1907);
    for case in 0..100 {
        let text = rng.network(false).to_string();
        files.push((format!("case {case}: {text}"), parse(&text, "random.json", Limits::default()).unwrap()));
    }
    for (name, file) in &files {
        for method in METHODS {
            let wrong = wrong(file, method, |e| e);
            assert!(wrong.is_empty(), "{name} {method:?}: {wrong:#?}");
        }
    }
}

/// The check fails on a wrong formula: θ + η·v for θ − η·v.
#[test]
fn a_flipped_sign_in_the_update_fails() {
    let flip = |e: Expr| match e {
        Expr::Sub(a, b) => Expr::Add(a, b),
        e => e,
    };
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let file = parse(&text, "two_layer", Limits::default()).unwrap();
    for method in METHODS {
        let wrong = wrong(&file, method, flip);
        // Each parameter (W[1], b[1], W[2], b[2]) in both forms.
        assert_eq!(wrong.len(), 8, "{method:?}: {wrong:#?}");
    }
}

/// The check fails on Adam's averages left uncorrected: m̂ ← m for m̂ ← m/(1 − β₁ᵗ).
#[test]
fn an_uncorrected_average_fails() {
    let uncorrected = |e: Expr| match e {
        Expr::Div(m, _) => *m,
        e => e,
    };
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let file = parse(&text, "two_layer", Limits::default()).unwrap();
    let wrong = wrong(&file, Method::ADAM, uncorrected);
    // m̂ and v̂ of each parameter (W[1], b[1], W[2], b[2]) in both forms.
    assert_eq!(wrong.len(), 16, "{wrong:#?}");
    assert!(wrong.iter().all(|w| w.ends_with("MHat") || w.ends_with("VHat")), "{wrong:#?}");
}
