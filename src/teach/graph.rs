//! The computational graph of one step, as plain data: nodes for the inputs, parameters and
//! every computed quantity with its value and gradient, forward edges labelled with the local
//! derivative, and backward edges for the flow of the error. Every number is read from the
//! [`Step`] and every label is the notation's ([`crate::notation::graph`]).
//!
//! [`per_layer`] draws whole vectors and matrices (a[l], z[l], W[l], b[l], L); [`per_neuron`]
//! draws every scalar, like micrograd's trace graph, for one sample of a tiny network.

use crate::error::{Error, input};
use crate::nn::activation::{Activation, softmax_jacobian};
use crate::notation::graph::{carried, entry, local, node};
use crate::step::Quantity::{
    self, A, Bias, Delta, GradA, GradBias, GradOutput, GradWeights, Input, Loss, Target, Weights, Z,
};
use crate::step::{Axis, Step, View};

/// Where a node is: a quantity, or one scalar of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub quantity: Quantity,
    /// (row, column) as [`Step::view`] shows it: a vector's entries are in row 0, a weight is at
    /// its row and column in the file's layout. None for the whole quantity.
    pub entry: Option<(usize, usize)>,
}

impl Point {
    fn whole(quantity: Quantity) -> Point {
        Point { quantity, entry: None }
    }

    fn at(quantity: Quantity, row: usize, column: usize) -> Point {
        Point { quantity, entry: Some((row, column)) }
    }
}

/// One node: a quantity, its value, and ∂L/∂(it).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Point,
    /// The symbol and how it is computed: `z[1] = a[0]·W[1]ᵀ + b[1]`, `W[2]₁₂`.
    pub label: String,
    pub value: View,
    /// ∂L/∂(this node), none for the target.
    pub grad: Option<View>,
}

/// One edge: forward (`from` is an input of `to`) or backward (the error flowing back).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: Point,
    pub to: Point,
    /// The local derivative ∂to/∂from (forward) or the gradient carried (backward).
    pub label: String,
    /// The numbers the label equals (φ′(z), ∂L/∂ŷ, one local derivative), if shown.
    pub value: Option<View>,
    pub backward: bool,
}

/// A computational graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// The most nodes `per_neuron` draws: beyond this a picture is no longer readable.
pub(crate) const MAX_NEURON_NODES: usize = 200;

/// a[l−1]: the input for layer 1.
fn prev_a(l: usize) -> Quantity {
    if l == 1 { Input } else { A(l - 1) }
}

fn forward(from: Point, to: Point, label: String, value: Option<View>) -> Edge {
    Edge { from, to, label, value, backward: false }
}

fn backward(step: &Step, from: Quantity, to: Quantity, carries: Quantity) -> Edge {
    let (from, to) = (Point::whole(from), Point::whole(to));
    Edge { from, to, label: carried(step, carries), value: None, backward: true }
}

/// The per-layer graph of `step`, titled `name` (or "network").
pub fn per_layer(step: &Step, name: Option<&str>) -> Graph {
    let depth = step.depth();
    let whole = |q: Quantity, grad: Option<Quantity>| Node {
        at: Point::whole(q),
        label: node(step, q),
        value: step.view(q),
        grad: grad.map(|g| step.view(g)),
    };
    // ∂L/∂a[0] is ∂L/∂x, layer 1's error passed down to the input.
    let mut nodes = vec![whole(Input, Some(GradA(0)))];
    let mut edges = Vec::new();
    for l in 1..=depth {
        let a_grad = if l == depth { GradOutput } else { GradA(l) };
        nodes.extend([
            whole(Weights(l), Some(GradWeights(l))),
            whole(Bias(l), Some(GradBias(l))),
            whole(Z(l), Some(Delta(l))),
            whole(A(l), Some(a_grad)),
        ]);
        // What feeds z[l] and a[l], as the step states it.
        let phi_prime = match step.network.layers[l - 1].activation {
            Activation::Softmax => None,
            _ => Some(step.view(Quantity::PhiPrime(l))),
        };
        for (to, value) in [(Z(l), None), (A(l), phi_prime)] {
            let into = |from: Quantity| {
                forward(Point::whole(from), Point::whole(to), local(step, to, from), value.clone())
            };
            edges.extend(step.inputs(to).into_iter().map(into));
        }
        // a[L] passes no error back where L is computed from z[L].
        if l < depth || step.inputs(Loss).contains(&A(l)) {
            edges.push(backward(step, A(l), Z(l), Delta(l)));
        }
        edges.extend([
            backward(step, Z(l), Weights(l), GradWeights(l)),
            backward(step, Z(l), Bias(l), GradBias(l)),
            backward(step, Z(l), prev_a(l), GradA(l - 1)),
        ]);
    }
    nodes.push(whole(Target, None));
    nodes.push(Node {
        at: Point::whole(Loss),
        label: node(step, Loss),
        value: step.view(Loss),
        grad: Some(View::scalar(1.0)),
    });
    // What L is computed from, as the step states it: ŷ and y, or z[L] and y for the losses
    // taken from the logits; the error flows back along the same edges.
    let loss = Point::whole(Loss);
    let inputs = step.inputs(Loss);
    for &from in &inputs {
        let edge = match from {
            Target => forward(Point::whole(Target), loss, "target".into(), None),
            q => forward(Point::whole(q), loss, local(step, Loss, q), Some(step.view(loss_grad(step, q)))),
        };
        edges.push(edge);
    }
    let back = inputs.into_iter().filter(|&q| q != Target);
    edges.extend(back.map(|q| backward(step, Loss, q, loss_grad(step, q))));
    Graph { title: name.unwrap_or("network").into(), nodes, edges }
}

/// ∂L/∂(`q`) for the output a quantity L is computed from: ∂L/∂ŷ, or δ[L] for z[L].
fn loss_grad(step: &Step, q: Quantity) -> Quantity {
    if q == Z(step.depth()) { Delta(step.depth()) } else { GradOutput }
}

/// Every scalar of one sample as its own node, like micrograd's trace graph. Refuses a batch and
/// a network of more than [`MAX_NEURON_NODES`] nodes.
pub fn per_neuron(step: &Step, name: Option<&str>, source: &str) -> Result<Graph, Error> {
    let net = step.network;
    if step.batch() {
        return Err(input(format!(
            "{source}: --per-neuron draws one sample, but the file has a batch of {} (\"inputs\"); give --sample K to draw sample K, or drop --per-neuron",
            step.samples.len()
        )));
    }
    let count = net.input_size()
        + net.output_size()
        + 1
        + net.layers.iter().map(|l| l.weights.len() + 3 * l.neurons()).sum::<usize>();
    if count > MAX_NEURON_NODES {
        return Err(input(format!(
            "{source}: --per-neuron would draw {count} nodes, more than {MAX_NEURON_NODES} (too many to read); drop --per-neuron for the per-layer graph"
        )));
    }
    let depth = step.depth();
    // One sample: every per-sample quantity is one row.
    let row = |q: Quantity| step.view(q).row_at(0);
    let s = View::scalar;
    let partial = |from: Point, to: Point, x: f64| forward(from, to, "∂".into(), Some(s(x)));
    let scalar = |q: Quantity, r: usize, c: usize, value: f64, grad: Option<f64>| Node {
        at: Point::at(q, r, c),
        label: entry(step, q, r, c),
        value: s(value),
        grad: grad.map(s),
    };
    let (x, grad_x) = (row(Input), row(GradA(0)));
    let mut nodes: Vec<Node> = (0..x.len()).map(|j| scalar(Input, 0, j, x[j], Some(grad_x[j]))).collect();
    let mut edges = Vec::new();
    let g_out = row(GradOutput);
    for (i, layer) in net.layers.iter().enumerate() {
        let l = i + 1;
        let (z, a, delta, gb) = (row(Z(l)), row(A(l)), row(Delta(l)), row(GradBias(l)));
        let (w, gw) = (step.view(Weights(l)), step.view(GradWeights(l)));
        // A weight's place as shown: (unit, input) with rows over the units, else (input, unit).
        let place = |u: usize, j: usize| if w.axes().0 == Some(Axis::Unit) { (u, j) } else { (j, u) };
        let a_prev = row(prev_a(l));
        let ga = if l == depth { g_out.clone() } else { row(GradA(l)) };
        let b = row(Bias(l));
        // Softmax couples its outputs: ∂aₖ/∂zᵤ for every k, from its Jacobian; φ′ otherwise.
        let jacobian = (layer.activation == Activation::Softmax).then(|| softmax_jacobian(&a));
        let phi_prime = row(Quantity::PhiPrime(l));
        for u in 0..layer.neurons() {
            let z_u = Point::at(Z(l), 0, u);
            for (j, input) in a_prev.iter().enumerate() {
                let (r, c) = place(u, j);
                nodes.push(scalar(Weights(l), r, c, w.at(r, c), Some(gw.at(r, c))));
                edges.push(partial(Point::at(Weights(l), r, c), z_u, *input));
                edges.push(partial(Point::at(prev_a(l), 0, j), z_u, w.at(r, c)));
            }
            nodes.push(scalar(Bias(l), 0, u, b[u], Some(gb[u])));
            edges.push(partial(Point::at(Bias(l), 0, u), z_u, 1.0));
            nodes.push(scalar(Z(l), 0, u, z[u], Some(delta[u])));
            nodes.push(scalar(A(l), 0, u, a[u], Some(ga[u])));
            match &jacobian {
                Some(j) => {
                    edges.extend((0..layer.neurons()).map(|k| partial(z_u, Point::at(A(l), 0, k), j[(k, u)])))
                }
                None => edges.push(partial(z_u, Point::at(A(l), 0, u), phi_prime[u])),
            }
        }
    }
    let y = row(Target);
    let loss = Point::whole(Loss);
    // L from ŷ, or from z[L] (then ∂L/∂z[L] = δ[L]), as the step computes it.
    let from = step.inputs(Loss).into_iter().find(|&q| q != Target).expect("L reads an output");
    let grad = row(loss_grad(step, from));
    for (k, v) in y.iter().enumerate() {
        nodes.push(scalar(Target, 0, k, *v, None));
        edges.push(forward(Point::at(Target, 0, k), loss, String::new(), None));
        edges.push(partial(Point::at(from, 0, k), loss, grad[k]));
    }
    nodes.push(Node { at: loss, label: node(step, Loss), value: s(step.loss), grad: Some(s(1.0)) });
    Ok(Graph { title: name.unwrap_or("network").into(), nodes, edges })
}
