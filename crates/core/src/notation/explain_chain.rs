//! The chain rule of one unit, weight or bias for the explain panel ([`explain`](super::explain)):
//! the forward sum and φ of a unit, the backward factors ∂L/∂a, φ′ and δ, the gradient and the
//! update, each line from the trees of [`chain`](super::chain) with the step's numbers.

use super::chain;
use super::explain::{Line, equation, letter, partial, sample_note, side, words};
use super::expr::{Expr, Over, Sym, num};
use super::formulas::{self, Form};
use super::unicode;
use crate::nn::activation::Activation;
use crate::nn::network::Layout;
use crate::nn::optim::Method;
use crate::step::{Quantity, Step};

/// `∂L/∂a[l]ᵢ` as the chain names it (∂L/∂ŷᵢ at the output layer, where it comes from the loss).
fn upstream(step: &Step, l: usize, i: usize) -> Expr {
    if l == step.depth() { chain::entry(Sym::GradOut, i) } else { chain::entry(Sym::GradA(l), i) }
}

/// ∂L/∂a[l]ᵢ, φ′ and δ[l]ᵢ of unit i for sample n: the backward factors every parameter of
/// the unit shares; returns them with δ.
pub fn backward(step: &Step, l: usize, i: usize, n: usize) -> (Vec<Line>, f64) {
    let layer = &step.layers[l - 1];
    let f = step.network.layers[l - 1].activation;
    let delta = layer.delta[(n, i - 1)];
    let mut out = Vec::new();
    let g = if f == Activation::Softmax {
        None
    } else if l == step.depth() {
        let (lhs, rhs) = chain::from_loss(l, i);
        let g = step.grad_output[(n, i - 1)];
        let from = unicode::expr(&formulas::grad_output(step.network.loss, step.batch()));
        out.push(equation(side(&lhs), &rhs, None, g, Some(format!("{from}, from the loss"))));
        Some(g)
    } else {
        let (lhs, rhs) = chain::from_above(l, i, step.network.layout);
        let (above, w) = (&step.layers[l], &step.network.layers[l].weights);
        let numbers = (0..above.delta.ncols())
            .map(|k| num(above.delta[(n, k)]).times(num(w[(k, i - 1)])))
            .reduce(Expr::plus)
            .unwrap_or(num(0.0));
        let g = step.layers[l].grad_input[(n, i - 1)];
        let why = format!("the δ of layer {} through the weights out of unit {i}", l + 1);
        out.push(equation(side(&lhs), &rhs, Some(numbers), g, Some(why)));
        Some(g)
    };
    let (z, d) = (chain::entry(Sym::Z(l), i), chain::delta(l, i));
    match (g, &layer.phi_prime) {
        (Some(g), Some(phi)) => {
            let (zv, p) = (layer.z[(n, i - 1)], phi[(n, i - 1)]);
            let derivative = chain::derivative(f, l, i);
            let lhs = partial(side(&chain::entry(Sym::A(l), i)), side(&z));
            out.push(equation(lhs, &derivative, Some(num(zv).phi_prime(f)), p, None));
            let rhs = upstream(step, l, i).times(derivative);
            let why = "∂L/∂z: the factors above multiplied".to_string();
            out.push(equation(side(&d), &rhs, Some(num(g).times(num(p))), delta, Some(why)));
        }
        _ => {
            let why =
                format!("∂L/∂z; softmax couples the outputs, so ∂L/∂z is taken whole{}", fused(step, l));
            out.push(equation(side(&d), &d, None, delta, Some(why)));
        }
    }
    (out, delta)
}

/// How softmax's δ simplifies with cross-entropy: `: ŷ − y with cross-entropy`.
fn fused(step: &Step, l: usize) -> String {
    let delta = formulas::output_delta(step.network.loss, Activation::Softmax, l, Form::rows(step));
    match (l == step.depth(), delta.as_slice()) {
        (true, [_, fused]) => format!(": {} with cross-entropy", unicode::expr(fused)),
        _ => String::new(),
    }
}

/// Unit i of layer l for sample n: z as the sum of its inputs, a = φ(z), then its backward
/// factors.
pub fn unit(step: &Step, l: usize, i: usize, n: usize) -> Vec<Line> {
    let net = step.network;
    let layer = &net.layers[l - 1];
    let mut out: Vec<Line> = sample_note(step, n).into_iter().collect();
    out.push(words("Forward".into(), None, true));
    // The weights into unit i over the inputs k: a row of W[l] in out_in, a column in in_out.
    let w = match net.layout {
        Layout::OutIn => Over::UnitK(i),
        Layout::InOut => Over::KUnit(i),
    };
    let rhs = Expr::Entry(Sym::W(l), w)
        .times(Expr::Entry(Sym::A(l - 1), Over::K))
        .sum(Over::K)
        .plus(chain::entry(Sym::B(l), i));
    let input = |k: usize| if l == 1 { step.samples.inputs[(n, k)] } else { step.layers[l - 2].a[(n, k)] };
    let numbers = (0..layer.inputs())
        .map(|k| num(layer.weights[(i - 1, k)]).times(num(input(k))))
        .reduce(Expr::plus)
        .unwrap_or(num(0.0))
        .plus(num(layer.bias[i - 1]));
    let (z, a) = (step.layers[l - 1].z[(n, i - 1)], step.layers[l - 1].a[(n, i - 1)]);
    out.push(equation(side(&chain::entry(Sym::Z(l), i)), &rhs, Some(numbers), z, None));
    let f = layer.activation;
    let lhs = side(&chain::entry(Sym::A(l), i));
    if f == Activation::Softmax {
        let mut line = words(format!("{} = softmax(z[{l}])ᵢ", lhs.0), Some(a), false);
        line.why = Some("every output of the layer divided by their sum".into());
        out.push(line);
    } else {
        let phi = chain::entry(Sym::Z(l), i).phi(f);
        out.push(equation(lhs, &phi, Some(num(z).phi(f)), a, None));
    }
    if l == step.depth() {
        let y = step.samples.targets[(n, i - 1)];
        out.push(equation(
            side(&chain::entry(Sym::Y, i)),
            &chain::entry(Sym::Y, i),
            None,
            y,
            Some("the target".into()),
        ));
    }
    out.push(words("Backward".into(), None, true));
    out.extend(backward(step, l, i, n).0);
    out
}

/// The chain of a weight into unit i from input j of layer l (a bias when `j` is none), then
/// its gradient over the batch and its update.
pub fn parameter(step: &Step, l: usize, i: usize, j: Option<usize>, n: usize) -> Vec<Line> {
    let net = step.network;
    let layer = &net.layers[l - 1];
    let (traced, updated) = (&step.layers[l - 1], &step.updated.layers[l - 1]);
    let (p, before, g, after) = match j {
        Some(j) => (
            "w",
            layer.weights[(i - 1, j - 1)],
            traced.grad_weights[(i - 1, j - 1)],
            updated.weights[(i - 1, j - 1)],
        ),
        None => ("b", layer.bias[i - 1], traced.grad_bias[i - 1], updated.bias[i - 1]),
    };
    let z = side(&chain::entry(Sym::Z(l), i));
    let a = side(&chain::entry(Sym::A(l), i));
    let first = match j {
        Some(j) => {
            let (r, c) = if net.layout == Layout::OutIn { (i - 1, j - 1) } else { (j - 1, i - 1) };
            let input = unicode::expr(&chain::input(l, Some(j)));
            let (file, layout) = (l - 1, net.layout.name());
            format!(
                "layers[{file}].weights[{r}][{c}] in the file ({layout}), the weight from input {j} ({input}) to unit {i} of layer {l}: w"
            )
        }
        None => {
            format!("layers[{}].bias[{}] in the file, the bias of unit {i} of layer {l}: b", l - 1, i - 1)
        }
    };
    let mut out = vec![words(first, Some(before), false)];
    out.extend(sample_note(step, n));
    let rule = match layer.activation {
        Activation::Softmax => format!("∂L/∂{p} = ∂L/∂{z} · ∂{z}/∂{p}", z = z.0),
        _ => format!("∂L/∂{p} = ∂L/∂{a} · ∂{a}/∂{z} · ∂{z}/∂{p}", a = a.0, z = z.0),
    };
    out.push(words(rule, None, true));
    let (factors, delta) = backward(step, l, i, n);
    out.extend(factors);
    let x = |n: usize| match j {
        Some(j) if l == 1 => step.samples.inputs[(n, j - 1)],
        Some(j) => step.layers[l - 2].a[(n, j - 1)],
        None => 1.0,
    };
    let why = if j.is_some() { "the input the weight multiplies" } else { "z = … + b" };
    out.push(equation(partial(z, letter(p)), &chain::input(l, j), None, x(n), Some(why.into())));
    out.push(gradient(step, (l, i, j), p, (delta, &x), g));
    out.push(update(step, l, j, p, (before, g, after)));
    out
}

/// ∂L/∂w: δ·a for one sample, the sum over the samples of a batch.
fn gradient(
    step: &Step,
    (l, i, j): (usize, usize, Option<usize>),
    p: &str,
    (delta, x): (f64, &dyn Fn(usize) -> f64),
    g: f64,
) -> Line {
    let factor = |e: Expr, x: Expr| if j.is_some() { e.times(x) } else { e };
    let (rhs, numbers) = if step.batch() {
        let body = factor(chain::delta(l, i), chain::input(l, j));
        let numbers = (0..step.samples.len())
            .map(|n| factor(num(step.layers[l - 1].delta[(n, i - 1)]), num(x(n))))
            .reduce(Expr::plus)
            .unwrap_or(num(0.0));
        (body.sum(Over::N), numbers)
    } else {
        (factor(chain::delta(l, i), chain::input(l, j)), factor(num(delta), num(x(0))))
    };
    let of = if j.is_some() { "W" } else { "b" };
    let mut line = equation(
        partial(letter("L"), letter(p)),
        &rhs,
        Some(numbers),
        g,
        Some(format!("the traced ∂L/∂{of}[{l}]")),
    );
    line.part = true;
    line
}

/// The update of the parameter: `w ← w − η·∂L/∂w` with its numbers for SGD; the value after
/// the file's optimizer otherwise, with its rule.
fn update(step: &Step, l: usize, j: Option<usize>, p: &str, (before, g, after): (f64, f64, f64)) -> Line {
    let q = if j.is_some() { Quantity::NewWeights(l) } else { Quantity::NewBias(l) };
    let rule = unicode::formula(&formulas::formula(step, q, Form::rows(step)));
    let mut line = if j.is_none() && !step.network.layers[l - 1].trainable_bias {
        words(format!("{p} unchanged (trainable_bias: false)"), Some(after), true)
    } else if step.method == Method::Sgd {
        let numbers = num(before).minus(num(step.learning_rate).times(num(g)));
        let mut line = words(format!("{p} ← {p} − η·∂L/∂{p}"), Some(after), true);
        line.numbers = super::pieces::pieces(&numbers);
        line.checks = vec![numbers];
        line
    } else {
        words(format!("{p} after the update ({})", step.method.name()), Some(after), true)
    };
    line.why = Some(rule);
    line
}
