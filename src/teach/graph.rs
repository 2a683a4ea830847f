//! The computational graph of one step, as plain data: nodes for the inputs, parameters and
//! every computed quantity with its value and gradient, forward edges labelled with the local
//! derivative, and backward edges for the flow of the error.
//!
//! [`per_layer`] draws whole vectors and matrices (a[l], z[l], W[l], b[l], L); [`per_neuron`]
//! draws every scalar, like micrograd's trace graph, for one sample of a tiny network.

use crate::error::{Error, input};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::{Layout, Network};
use crate::render::trace::Trace;
use crate::step::Value;
use crate::teach::worked::{derivatives, rows};
use nalgebra::DMatrix;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// x or y: data.
    Data,
    /// A weight or bias: learned.
    Parameter,
    /// z, a or L: computed.
    Computed,
    /// L.
    Loss,
}

/// One node: a quantity, its value, and ∂L/∂(it).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    /// The symbol: `z[1]`, `W[2]₁₂`.
    pub symbol: String,
    /// How it is computed, if it is.
    pub formula: Option<String>,
    pub kind: Kind,
    pub value: Value,
    /// ∂L/∂(this node), none for the target.
    pub grad: Option<Value>,
}

/// One edge: forward (`from` is an input of `to`) or backward (the error flowing back).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// The local derivative ∂to/∂from (forward) or the gradient carried (backward), in words.
    pub label: String,
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
pub const MAX_NEURON_NODES: usize = 200;

fn mat(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows()).map(|r| m.row(r).iter().copied().collect()).collect()
}

fn from_rows(r: &[Vec<f64>]) -> DMatrix<f64> {
    let cols = r.first().map_or(0, Vec::len);
    DMatrix::from_row_iterator(r.len(), cols, r.iter().flatten().copied())
}

/// Per-sample rows back in the trace's form: a vector for one sample.
fn shaped(r: Vec<Vec<f64>>, batch: bool) -> Value {
    if batch || r.len() != 1 {
        Value::Matrix(r)
    } else {
        Value::Vector(r.into_iter().next().unwrap_or_default())
    }
}

/// ∂L/∂ŷ, one row per sample (for cross-entropy on the softmax output, −y/ŷ/N).
pub fn grad_output(net: &Network, trace: &Trace) -> Vec<Vec<f64>> {
    let depth = net.layers.len();
    let step = trace.step(Some(depth), "a").expect("every trace holds every step");
    let y_hat = from_rows(&rows(&step.value));
    let y = from_rows(&rows(&trace.target));
    let mut g = y_hat.clone();
    if net.loss == Loss::CrossEntropy {
        let n = y_hat.nrows() as f64;
        g.zip_zip_apply(&y_hat, &y, |g, p, t| *g = if t == 0.0 { 0.0 } else { -t / p / n });
    } else {
        net.loss.grad_output(&y_hat.map(|p| (p / (1.0 - p)).ln()), &y_hat, &y, &mut g);
    }
    mat(&g)
}

/// ∂L/∂x = δ[1] through W[1], one row per sample.
fn grad_input(net: &Network, trace: &Trace) -> Vec<Vec<f64>> {
    let delta = from_rows(&rows(&trace.step(Some(1), "delta").expect("every trace holds δ[1]").value));
    mat(&(delta * &net.layers[0].weights))
}

/// The per-layer graph of `trace`, computed on `net` (the network before the step).
pub fn per_layer(net: &Network, trace: &Trace) -> Graph {
    let batch = matches!(trace.input, Value::Matrix(_));
    let depth = net.layers.len();
    let get =
        |l: usize, name: &str| trace.step(Some(l), name).expect("every trace holds every step").value.clone();
    let mut nodes = vec![Node {
        id: "a0".into(),
        symbol: "a[0] = x".into(),
        formula: None,
        kind: Kind::Data,
        value: trace.input.clone(),
        grad: Some(shaped(grad_input(net, trace), batch)),
    }];
    let mut edges = Vec::new();
    for (i, layer) in net.layers.iter().enumerate() {
        let l = i + 1;
        let info = &trace.network.layers[i];
        let z_formula = match net.layout {
            Layout::OutIn if batch => format!("a[{i}]·W[{l}]ᵀ + b[{l}]"),
            Layout::OutIn => format!("W[{l}]·a[{i}] + b[{l}]"),
            Layout::InOut => format!("a[{i}]·W[{l}] + b[{l}]"),
        };
        nodes.push(Node {
            id: format!("W{l}"),
            symbol: format!("W[{l}]"),
            formula: None,
            kind: Kind::Parameter,
            value: info.weights.clone(),
            grad: Some(get(l, "grad_weights")),
        });
        nodes.push(Node {
            id: format!("b{l}"),
            symbol: format!("b[{l}]"),
            formula: None,
            kind: Kind::Parameter,
            value: info.bias.clone(),
            grad: Some(get(l, "grad_bias")),
        });
        nodes.push(Node {
            id: format!("z{l}"),
            symbol: format!("z[{l}]"),
            formula: Some(z_formula),
            kind: Kind::Computed,
            value: get(l, "z"),
            grad: Some(get(l, "delta")),
        });
        let a_grad = if l == depth { shaped(grad_output(net, trace), batch) } else { get(l, "grad_a") };
        let phi = layer.activation;
        nodes.push(Node {
            id: format!("a{l}"),
            symbol: if l == depth { format!("a[{l}] = ŷ") } else { format!("a[{l}]") },
            formula: Some(format!("{}(z[{l}])", crate::notation::phi(phi))),
            kind: Kind::Computed,
            value: get(l, "a"),
            grad: Some(a_grad),
        });
        let (wt, at) = (format!("W[{l}]ᵀ"), format!("a[{i}]ᵀ"));
        let fwd = |from: String, to: String, label: String| Edge { from, to, label, backward: false };
        edges.push(fwd(format!("a{i}"), format!("z{l}"), format!("∂z[{l}]/∂a[{i}] = W[{l}]")));
        edges.push(fwd(format!("W{l}"), format!("z{l}"), format!("∂z[{l}]/∂W[{l}] = a[{i}]")));
        edges.push(fwd(format!("b{l}"), format!("z{l}"), format!("∂z[{l}]/∂b[{l}] = 1")));
        let derivative = match phi {
            Activation::Softmax => "∂a/∂z = diag(a) − a·aᵀ".to_string(),
            _ => {
                let d = derivatives(phi, &rows(&get(l, "z")), &rows(&get(l, "a")));
                format!(
                    "∂a[{l}]/∂z[{l}] = {}′(z[{l}]) = {}",
                    crate::notation::phi(phi),
                    compact(&shaped(d, batch))
                )
            }
        };
        edges.push(fwd(format!("z{l}"), format!("a{l}"), derivative));
        let back = |from: String, to: String, label: String| Edge { from, to, label, backward: true };
        edges.push(back(format!("a{l}"), format!("z{l}"), format!("δ[{l}] = ∂L/∂z[{l}]")));
        let gw = match net.layout {
            Layout::OutIn => format!("∂L/∂W[{l}] = δ[{l}]ᵀ·a[{i}] summed over samples"),
            Layout::InOut => format!("∂L/∂W[{l}] = {at}·δ[{l}]"),
        };
        let gw = if net.layout == Layout::OutIn && !batch {
            format!("∂L/∂W[{l}] = δ[{l}]·{at}")
        } else {
            gw
        };
        edges.push(back(format!("z{l}"), format!("W{l}"), gw));
        edges.push(back(format!("z{l}"), format!("b{l}"), format!("∂L/∂b[{l}] = δ[{l}]")));
        let down = match (net.layout, batch) {
            (Layout::OutIn, false) => format!("∂L/∂a[{i}] = {wt}·δ[{l}]"),
            (Layout::OutIn, true) => format!("∂L/∂a[{i}] = δ[{l}]·W[{l}]"),
            (Layout::InOut, _) => format!("∂L/∂a[{i}] = δ[{l}]·{wt}"),
        };
        edges.push(back(format!("z{l}"), format!("a{i}"), down));
    }
    nodes.push(Node {
        id: "y".into(),
        symbol: "y".into(),
        formula: None,
        kind: Kind::Data,
        value: trace.target.clone(),
        grad: None,
    });
    nodes.push(Node {
        id: "L".into(),
        symbol: "L".into(),
        formula: Some(net.loss.name().to_string()),
        kind: Kind::Loss,
        value: Value::Scalar(trace.loss),
        grad: Some(Value::Scalar(1.0)),
    });
    let g = shaped(grad_output(net, trace), batch);
    edges.push(Edge {
        from: format!("a{depth}"),
        to: "L".into(),
        label: format!("∂L/∂ŷ = {}", compact(&g)),
        backward: false,
    });
    edges.push(Edge { from: "y".into(), to: "L".into(), label: "target".into(), backward: false });
    edges
        .push(Edge { from: "L".into(), to: format!("a{depth}"), label: "∂L/∂ŷ".into(), backward: true });
    Graph { title: trace.network.name.clone().unwrap_or_else(|| "network".into()), nodes, edges }
}

/// A value in one line: `0.7`, `[0.7, 1]`, `[0.1, 0.2; 0.3, 0.4]`, with `precision` digits.
pub fn compact_with(v: &Value, precision: usize) -> String {
    let f = |x: &f64| crate::notation::number::format(*x, precision);
    match v {
        Value::Scalar(x) => f(x),
        Value::Vector(r) => format!("[{}]", r.iter().map(f).collect::<Vec<_>>().join(", ")),
        Value::Matrix(m) => format!(
            "[{}]",
            m.iter().map(|r| r.iter().map(f).collect::<Vec<_>>().join(", ")).collect::<Vec<_>>().join("; ")
        ),
    }
}

fn compact(v: &Value) -> String {
    compact_with(v, 4)
}

fn sub(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// Every scalar of one sample as its own node, like micrograd's trace graph. Refuses a batch and
/// a network of more than [`MAX_NEURON_NODES`] nodes.
pub fn per_neuron(net: &Network, trace: &Trace, source: &str) -> Result<Graph, Error> {
    if matches!(trace.input, Value::Matrix(_)) {
        return Err(input(format!(
            "{source}: --per-neuron draws one sample, but the file has a batch of {} (\"inputs\"); give \"input\" and \"target\", or drop --per-neuron",
            trace.network.batch_size
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
    let get =
        |l: usize, name: &str| rows(&trace.step(Some(l), name).expect("every trace holds every step").value);
    let s = |x: f64| Value::Scalar(x);
    let x = rows(&trace.input);
    let gx = grad_input(net, trace);
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (j, v) in x[0].iter().enumerate() {
        nodes.push(Node {
            id: format!("a0_{j}"),
            symbol: format!("x{}", sub(j + 1)),
            formula: None,
            kind: Kind::Data,
            value: s(*v),
            grad: Some(s(gx[0][j])),
        });
    }
    let depth = net.layers.len();
    let g_out = grad_output(net, trace);
    for (i, layer) in net.layers.iter().enumerate() {
        let l = i + 1;
        let (z, a, delta, gw, gb) =
            (get(l, "z"), get(l, "a"), get(l, "delta"), get(l, "grad_weights"), get(l, "grad_bias"));
        let a_prev = if l == 1 { x.clone() } else { get(i, "a") };
        let ga = if l == depth { g_out.clone() } else { get(l, "grad_a") };
        for u in 0..layer.neurons() {
            for (j, input) in a_prev[0].iter().enumerate() {
                let (r, c) = match net.layout {
                    Layout::OutIn => (u, j),
                    Layout::InOut => (j, u),
                };
                let id = format!("w{l}_{r}_{c}");
                nodes.push(Node {
                    id: id.clone(),
                    symbol: format!("W[{l}]{}{}", sub(r + 1), sub(c + 1)),
                    formula: None,
                    kind: Kind::Parameter,
                    value: s(layer.weights[(u, j)]),
                    grad: Some(s(gw[r][c])),
                });
                edges.push(Edge {
                    from: id.clone(),
                    to: format!("z{l}_{u}"),
                    label: format!("∂ = {}", crate::notation::number::format(*input, 4)),
                    backward: false,
                });
                edges.push(Edge {
                    from: format!("a{i}_{j}"),
                    to: format!("z{l}_{u}"),
                    label: format!("∂ = {}", crate::notation::number::format(layer.weights[(u, j)], 4)),
                    backward: false,
                });
            }
            nodes.push(Node {
                id: format!("b{l}_{u}"),
                symbol: format!("b[{l}]{}", sub(u + 1)),
                formula: None,
                kind: Kind::Parameter,
                value: s(layer.bias[u]),
                grad: Some(s(gb[0][u])),
            });
            edges.push(Edge {
                from: format!("b{l}_{u}"),
                to: format!("z{l}_{u}"),
                label: "∂ = 1".into(),
                backward: false,
            });
            nodes.push(Node {
                id: format!("z{l}_{u}"),
                symbol: format!("z[{l}]{}", sub(u + 1)),
                formula: Some("+".into()),
                kind: Kind::Computed,
                value: s(z[0][u]),
                grad: Some(s(delta[0][u])),
            });
            nodes.push(Node {
                id: format!("a{l}_{u}"),
                symbol: format!("a[{l}]{}", sub(u + 1)),
                formula: Some(crate::notation::phi(layer.activation).to_string()),
                kind: Kind::Computed,
                value: s(a[0][u]),
                grad: Some(s(ga[0][u])),
            });
            if layer.activation == Activation::Softmax {
                for k in 0..layer.neurons() {
                    let jac = if k == u { a[0][k] * (1.0 - a[0][k]) } else { -a[0][k] * a[0][u] };
                    edges.push(Edge {
                        from: format!("z{l}_{u}"),
                        to: format!("a{l}_{k}"),
                        label: format!("∂ = {}", crate::notation::number::format(jac, 4)),
                        backward: false,
                    });
                }
            } else {
                let d = layer.activation.derivative(z[0][u], a[0][u]);
                edges.push(Edge {
                    from: format!("z{l}_{u}"),
                    to: format!("a{l}_{u}"),
                    label: format!("∂ = {}", crate::notation::number::format(d, 4)),
                    backward: false,
                });
            }
        }
    }
    let y = rows(&trace.target);
    for (k, v) in y[0].iter().enumerate() {
        nodes.push(Node {
            id: format!("y_{k}"),
            symbol: format!("y{}", sub(k + 1)),
            formula: None,
            kind: Kind::Data,
            value: s(*v),
            grad: None,
        });
        edges.push(Edge { from: format!("y_{k}"), to: "L".into(), label: String::new(), backward: false });
        edges.push(Edge {
            from: format!("a{depth}_{k}"),
            to: "L".into(),
            label: format!("∂ = {}", crate::notation::number::format(g_out[0][k], 4)),
            backward: false,
        });
    }
    nodes.push(Node {
        id: "L".into(),
        symbol: "L".into(),
        formula: Some(net.loss.name().to_string()),
        kind: Kind::Loss,
        value: s(trace.loss),
        grad: Some(s(1.0)),
    });
    Ok(Graph { title: trace.network.name.clone().unwrap_or_else(|| "network".into()), nodes, edges })
}
