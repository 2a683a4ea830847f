//! The worked solution of one training step: every formula of the trace, the same formula with
//! the numbers substituted, and the result, as a textbook writes it. Plain data: TeX for the
//! symbols and numbers as [`Value`]s, so that the renderers choose how numbers look.
//!
//! Orientation follows the file's layout. For `out_in` and one sample, per-unit vectors are
//! columns and z = W·a + b. For `in_out`, and for every batch, they are rows (one row per
//! sample), so `out_in` batches are written z = a·Wᵀ + b.

use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::network::{Layout, Network};
use crate::render::trace::Trace;
use crate::step::{Phase, Value};
use nalgebra::DMatrix;

/// A piece of a substituted formula: TeX, or numbers to be typeset.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Tex(String),
    /// A scalar, or a matrix (a column vector is n×1, a row vector 1×n).
    Num(Value),
}

/// One equation: `lhs relation formula = substituted = result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// The trace step it explains: (layer, name), or none for derived quantities such as ∂L/∂ŷ.
    pub step: Option<(Option<usize>, &'static str)>,
    /// What it is, in words: "pre-activation of layer 1".
    pub label: String,
    /// TeX of the quantity: `z^{[1]}`.
    pub lhs: String,
    /// `=` or `\leftarrow`.
    pub relation: &'static str,
    /// TeX of the formula.
    pub formula: String,
    /// The formula with numbers in place of symbols; empty where that adds nothing.
    pub substituted: Vec<Piece>,
    /// The value computed.
    pub result: Value,
    /// What this means, where the notes say: text with inline `$…$` math.
    pub note: Option<String>,
}

/// A phase of the step.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub equations: Vec<Equation>,
}

/// The whole worked solution.
#[derive(Debug, Clone, PartialEq)]
pub struct Worked {
    pub title: String,
    pub description: Option<String>,
    /// One line on the conventions (layout, loss, η, samples, rounding), text with inline math.
    pub conventions: String,
    /// The given quantities: (TeX symbol, value).
    pub given: Vec<(String, Value)>,
    pub sections: Vec<Section>,
}

/// The TeX of a symbol of layer `l`: `z^{[1]}`.
fn sym(name: &str, l: usize) -> String {
    format!("{name}^{{[{l}]}}")
}

fn grad(of: &str) -> String {
    format!("\\frac{{\\partial L}}{{\\partial {of}}}")
}

/// φ as TeX.
pub fn phi_tex(phi: Activation) -> &'static str {
    match phi {
        Activation::Identity => "\\operatorname{id}",
        Activation::Relu => "\\operatorname{relu}",
        Activation::LeakyRelu { .. } => "\\operatorname{leaky\\_relu}",
        Activation::Sigmoid => "\\sigma",
        Activation::Tanh => "\\tanh",
        Activation::Softmax => "\\operatorname{softmax}",
    }
}

fn tex(s: impl Into<String>) -> Piece {
    Piece::Tex(s.into())
}

/// The rows of a traced value: a vector is one row, a scalar one row of one.
pub fn rows(v: &Value) -> Vec<Vec<f64>> {
    match v {
        Value::Scalar(x) => vec![vec![*x]],
        Value::Vector(v) => vec![v.clone()],
        Value::Matrix(m) => m.clone(),
    }
}

fn transpose(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let cols = m.first().map_or(0, Vec::len);
    (0..cols).map(|c| m.iter().map(|r| r[c]).collect()).collect()
}

/// How per-unit vectors are written.
#[derive(Clone, Copy)]
struct Orient {
    /// Columns (out_in, one sample) rather than rows.
    column: bool,
}

impl Orient {
    /// Per-sample values (rows of the trace) as typeset numbers.
    fn units(self, v: &Value) -> Piece {
        Piece::Num(self.units_value(v))
    }

    fn units_value(self, v: &Value) -> Value {
        let r = rows(v);
        Value::Matrix(if self.column { transpose(&r) } else { r })
    }
}

fn num(x: f64) -> Piece {
    Piece::Num(Value::Scalar(x))
}

fn matrix(v: &Value) -> Piece {
    Piece::Num(Value::Matrix(rows(v)))
}

/// The worked solution of `trace`, computed on `net` (the network before the step).
pub fn build(net: &Network, trace: &Trace) -> Worked {
    let info = &trace.network;
    let batch = matches!(trace.input, Value::Matrix(_));
    let out_in = net.layout == Layout::OutIn;
    let o = Orient { column: out_in && !batch };
    let depth = net.layers.len();
    let value = |layer: Option<usize>, name: &str| -> Value {
        trace.step(layer, name).map(|s| s.value.clone()).expect("every trace holds every step")
    };

    let n = info.batch_size;
    let layout_text = match (out_in, batch) {
        (true, false) => "layout `out_in`: one row of $W$ per neuron, vectors are columns and $z = W a + b$",
        (true, true) => {
            "layout `out_in` with a batch: one row of $W$ per neuron, one row per sample, so $z = a W^{\\top} + b$ with $b$ added to every row"
        }
        (false, _) => {
            "layout `in_out`: one row of $W$ per input, vectors are rows (one per sample) and $z = a W + b$"
        }
    };
    let rounding = info.round.map_or(String::new(), |k| format!("; every value rounded to {k} decimals"));
    let samples = if batch {
        format!("a batch of $N = {n}$ samples (the loss is their mean)")
    } else {
        "one sample".into()
    };
    let conventions = format!(
        "Loss `{}`, learning rate $\\eta = {}$, {samples}; {layout_text}{rounding}. Layers are numbered from 1; $a^{{[0]}} = x$ is the input.",
        info.loss, info.learning_rate
    );

    let mut given = vec![
        ("a^{[0]} = x".to_string(), o.units_value(&trace.input)),
        ("y".to_string(), o.units_value(&trace.target)),
    ];
    for (l, layer) in info.layers.iter().enumerate() {
        given.push((sym("W", l + 1), Value::Matrix(rows(&layer.weights))));
        let b = if batch { Value::Matrix(rows(&layer.bias)) } else { o.units_value(&layer.bias) };
        given.push((sym("b", l + 1), b));
    }
    given.push(("\\eta".to_string(), Value::Scalar(info.learning_rate)));

    // Forward.
    let mut forward = Vec::new();
    for (l, layer) in net.layers.iter().enumerate() {
        let k = l + 1;
        let (w, b) = (&info.layers[l].weights, &info.layers[l].bias);
        let a_prev = if l == 0 { trace.input.clone() } else { value(Some(l), "a") };
        let bias = if batch { matrix(b) } else { o.units(b) };
        let (formula, substituted) = match (out_in, batch) {
            (true, false) => (
                format!("{} {} + {}", sym("W", k), sym("a", l), sym("b", k)),
                vec![matrix(w), o.units(&a_prev), tex(" + "), bias],
            ),
            (true, true) => (
                format!("{} ({})^{{\\top}} + {}", sym("a", l), sym("W", k), sym("b", k)),
                vec![o.units(&a_prev), matrix(w), tex("^{\\top} + "), bias],
            ),
            (false, _) => (
                format!("{} {} + {}", sym("a", l), sym("W", k), sym("b", k)),
                vec![o.units(&a_prev), matrix(w), tex(" + "), bias],
            ),
        };
        let z = value(Some(k), "z");
        forward.push(Equation {
            step: Some((Some(k), "z")),
            label: format!("Pre-activation of layer {k}"),
            lhs: sym("z", k),
            relation: "=",
            formula,
            substituted,
            result: o.units_value(&z),
            note: None,
        });
        let a = value(Some(k), "a");
        let phi = layer.activation;
        let (formula, substituted) = match phi {
            Activation::Identity => (sym("z", k), vec![]),
            _ => (
                format!("{}({})", phi_tex(phi), sym("z", k)),
                vec![tex(format!("{}\\left(", phi_tex(phi))), o.units(&z), tex("\\right)")],
            ),
        };
        forward.push(Equation {
            step: Some((Some(k), "a")),
            label: format!("Activation of layer {k}"),
            lhs: if k == depth { format!("\\hat{{y}} = {}", sym("a", k)) } else { sym("a", k) },
            relation: "=",
            formula,
            substituted,
            result: o.units_value(&a),
            note: inactive_note(phi, &rows(&z), k, false),
        });
    }

    // Loss.
    let y_hat = value(Some(depth), "a");
    let loss = loss_equation(net.loss, o, batch, n, &y_hat, &trace.target, trace.loss);

    // Backward.
    let mut backward = Vec::new();
    for l in (1..=depth).rev() {
        let layer = &net.layers[l - 1];
        let phi = layer.activation;
        let z = value(Some(l), "z");
        let a = value(Some(l), "a");
        let delta = value(Some(l), "delta");
        let derivative = derivatives(phi, &rows(&z), &rows(&a));
        if l == depth {
            backward.extend(output_delta(
                l,
                net.loss,
                phi,
                o,
                batch,
                n,
                &y_hat,
                &trace.target,
                &derivative,
                &delta,
            ));
        } else {
            let above = value(Some(l + 1), "delta");
            let w_above = &info.layers[l].weights;
            let grad_a = value(Some(l), "grad_a");
            let (formula, substituted) = if o.column {
                (
                    format!("({})^{{\\top}} {}", sym("W", l + 1), sym("\\delta", l + 1)),
                    vec![matrix(w_above), tex("^{\\top}"), o.units(&above)],
                )
            } else if out_in {
                (
                    format!("{} {}", sym("\\delta", l + 1), sym("W", l + 1)),
                    vec![o.units(&above), matrix(w_above)],
                )
            } else {
                (
                    format!("{} ({})^{{\\top}}", sym("\\delta", l + 1), sym("W", l + 1)),
                    vec![o.units(&above), matrix(w_above), tex("^{\\top}")],
                )
            };
            backward.push(Equation {
                step: Some((Some(l), "grad_a")),
                label: format!("Error passed down to the output of layer {l}"),
                lhs: grad(&sym("a", l)),
                relation: "=",
                formula,
                substituted,
                result: o.units_value(&grad_a),
                note: Some(format!(
                    "Each unit of layer {l} is blamed for the error of the units of layer {} it feeds, weighted by the weights it feeds them through.",
                    l + 1
                )),
            });
            let (formula, substituted) = match phi {
                Activation::Identity => (grad(&sym("a", l)), vec![]),
                _ => (
                    format!("{} \\circ {}'({})", grad(&sym("a", l)), phi_tex(phi), sym("z", l)),
                    vec![o.units(&grad_a), tex(" \\circ "), o.units(&Value::Matrix(derivative.clone()))],
                ),
            };
            backward.push(Equation {
                step: Some((Some(l), "delta")),
                label: format!("Error signal of layer {l}"),
                lhs: sym("\\delta", l),
                relation: "=",
                formula,
                substituted,
                result: o.units_value(&delta),
                note: inactive_note(phi, &rows(&z), l, true),
            });
        }
        let a_prev = if l == 1 { trace.input.clone() } else { value(Some(l - 1), "a") };
        let gw = value(Some(l), "grad_weights");
        let (formula, substituted) = match (out_in, batch) {
            (true, false) => (
                format!("{} ({})^{{\\top}}", sym("\\delta", l), sym("a", l - 1)),
                vec![o.units(&delta), o.units(&a_prev), tex("^{\\top}")],
            ),
            (true, true) => (
                format!("({})^{{\\top}} {}", sym("\\delta", l), sym("a", l - 1)),
                vec![o.units(&delta), tex("^{\\top}"), o.units(&a_prev)],
            ),
            (false, _) => (
                format!("({})^{{\\top}} {}", sym("a", l - 1), sym("\\delta", l)),
                vec![o.units(&a_prev), tex("^{\\top}"), o.units(&delta)],
            ),
        };
        backward.push(Equation {
            step: Some((Some(l), "grad_weights")),
            label: format!("Gradient of the weights of layer {l}"),
            lhs: grad(&sym("W", l)),
            relation: "=",
            formula,
            substituted,
            result: Value::Matrix(rows(&gw)),
            note: Some(format!(
                "“Error signal” × “input to this layer”: each weight's gradient is the $\\delta$ of the neuron it feeds times the activation it reads{}.",
                if batch { ", summed over the samples" } else { "" }
            )),
        });
        let gb = value(Some(l), "grad_bias");
        let bias_result = if batch { Value::Matrix(rows(&gb)) } else { o.units_value(&gb) };
        let (formula, substituted) = if batch {
            (format!("\\sum_n {}_n", sym("\\delta", l)), vec![tex("\\sum_n "), o.units(&delta)])
        } else {
            (sym("\\delta", l), vec![])
        };
        backward.push(Equation {
            step: Some((Some(l), "grad_bias")),
            label: format!("Gradient of the bias of layer {l}"),
            lhs: grad(&sym("b", l)),
            relation: "=",
            formula,
            substituted,
            result: bias_result,
            note: None,
        });
    }

    // Update.
    let mut update = Vec::new();
    let eta = info.learning_rate;
    for (l, layer) in info.layers.iter().enumerate() {
        let k = l + 1;
        update.push(Equation {
            step: Some((Some(k), "weights")),
            label: format!("New weights of layer {k}"),
            lhs: sym("W", k),
            relation: "\\leftarrow",
            formula: format!("{} - \\eta \\, {}", sym("W", k), grad(&sym("W", k))),
            substituted: vec![
                matrix(&layer.weights),
                tex(" - "),
                num(eta),
                matrix(&value(Some(k), "grad_weights")),
            ],
            result: Value::Matrix(rows(&value(Some(k), "weights"))),
            note: None,
        });
        let show = |v: &Value| if batch { matrix(v) } else { o.units(v) };
        let new_bias = value(Some(k), "bias");
        let new_bias = if batch { Value::Matrix(rows(&new_bias)) } else { o.units_value(&new_bias) };
        if layer.trainable_bias {
            update.push(Equation {
                step: Some((Some(k), "bias")),
                label: format!("New bias of layer {k}"),
                lhs: sym("b", k),
                relation: "\\leftarrow",
                formula: format!("{} - \\eta \\, {}", sym("b", k), grad(&sym("b", k))),
                substituted: vec![
                    show(&layer.bias),
                    tex(" - "),
                    num(eta),
                    show(&value(Some(k), "grad_bias")),
                ],
                result: new_bias,
                note: None,
            });
        } else {
            update.push(Equation {
                step: Some((Some(k), "bias")),
                label: format!("Bias of layer {k} (not trainable)"),
                lhs: sym("b", k),
                relation: "=",
                formula: sym("b", k),
                substituted: vec![],
                result: new_bias,
                note: Some("This bias takes part in the forward pass but is never updated (`trainable_bias: false`).".into()),
            });
        }
    }
    update[0].note = Some(
        "Every parameter moves against its gradient, in proportion to the learning rate $\\eta$: downhill on the loss."
            .into(),
    );
    let change = if trace.loss_after < trace.loss {
        "lower than before: the step went downhill"
    } else {
        "not lower than before: the step overshot; a smaller $\\eta$ would help"
    };
    update.push(Equation {
        step: None,
        label: "Loss after the update".into(),
        lhs: "L_{\\text{after}}".into(),
        relation: "=",
        formula: "L(\\text{forward pass with the new parameters})".to_string(),
        substituted: vec![],
        result: Value::Scalar(trace.loss_after),
        note: Some(format!("The loss is {change}.")),
    });

    let title = crate::notation::phase;
    Worked {
        title: info.name.clone().unwrap_or_else(|| "network".into()),
        description: info.description.clone(),
        conventions,
        given,
        sections: vec![
            Section { title: title(Phase::Forward).into(), equations: forward },
            Section { title: title(Phase::Loss).into(), equations: vec![loss] },
            Section { title: title(Phase::Backward).into(), equations: backward },
            Section { title: title(Phase::Update).into(), equations: update },
        ],
    }
}

/// φ′(z) entry by entry (softmax has a Jacobian instead: its entries are left at 1, unused).
pub fn derivatives(phi: Activation, z: &[Vec<f64>], a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    z.iter()
        .zip(a)
        .map(|(zr, ar)| {
            zr.iter()
                .zip(ar)
                .map(|(&z, &a)| if phi == Activation::Softmax { 1.0 } else { phi.derivative(z, a) })
                .collect()
        })
        .collect()
}

/// The ReLU note: which units are inactive (z ≤ 0), and what that does to the gradient.
fn inactive_note(phi: Activation, z: &[Vec<f64>], layer: usize, backward: bool) -> Option<String> {
    if phi != Activation::Relu {
        return None;
    }
    let units = z.first().map_or(0, Vec::len);
    let inactive: Vec<usize> = (0..units).filter(|&u| z.iter().any(|r| r[u] <= 0.0)).collect();
    if inactive.is_empty() {
        return None;
    }
    let list = inactive.iter().map(|u| (u + 1).to_string()).collect::<Vec<_>>().join(", ");
    let unit = if inactive.len() == 1 { format!("unit {list} is") } else { format!("units {list} are") };
    let samples = if z.len() > 1 { " for some samples" } else { "" };
    Some(if backward {
        format!(
            "ReLU's derivative is 0 where $z \\le 0$: {unit} inactive{samples}, so its error signal is zeroed and the weights and bias feeding it get no gradient from {}.",
            if z.len() > 1 { "those samples" } else { "this sample" }
        )
    } else {
        format!(
            "In layer {layer}, {unit} inactive ($z \\le 0$){samples}: ReLU outputs 0 there, and its derivative 0 will zero the gradient through it."
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn loss_equation(
    loss: Loss,
    o: Orient,
    batch: bool,
    n: usize,
    y_hat: &Value,
    y: &Value,
    value: f64,
) -> Equation {
    let k = rows(y_hat).first().map_or(0, Vec::len);
    let scalar = !batch && k == 1;
    let (yh, yy) = (rows(y_hat)[0][0], rows(y)[0][0]);
    let mean = |over: usize| if over == 1 { String::new() } else { format!("\\frac{{1}}{{{over}}}") };
    let (formula, substituted) = match loss {
        Loss::HalfSquaredError => {
            let formula = if batch {
                "\\frac{1}{N} \\sum_n \\frac{1}{2} \\sum_k (\\hat{y}_{nk} - y_{nk})^2"
            } else {
                "\\frac{1}{2} \\sum_k (\\hat{y}_k - y_k)^2"
            };
            let sub = if scalar {
                vec![tex("\\frac{1}{2}("), num(yh), tex(" - "), num(yy), tex(")^2")]
            } else {
                vec![
                    tex(format!("\\frac{{1}}{{{}}} \\left\\lVert ", 2 * n)),
                    o.units(y_hat),
                    tex(" - "),
                    o.units(y),
                    tex(" \\right\\rVert^2"),
                ]
            };
            (formula.to_string(), sub)
        }
        Loss::Mse => {
            let formula = if batch {
                "\\frac{1}{N K} \\sum_{n,k} (\\hat{y}_{nk} - y_{nk})^2"
            } else {
                "\\frac{1}{K} \\sum_k (\\hat{y}_k - y_k)^2"
            };
            let sub = if scalar {
                vec![tex("("), num(yh), tex(" - "), num(yy), tex(")^2")]
            } else {
                vec![
                    tex(format!("{} \\left\\lVert ", mean(n * k))),
                    o.units(y_hat),
                    tex(" - "),
                    o.units(y),
                    tex(" \\right\\rVert^2"),
                ]
            };
            (formula.to_string(), sub)
        }
        Loss::Bce => {
            let formula = if batch {
                "-\\frac{1}{N K} \\sum_{n,k} \\left[ y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y}) \\right]"
            } else {
                "-\\frac{1}{K} \\sum_k \\left[ y_k \\log \\hat{y}_k + (1 - y_k) \\log(1 - \\hat{y}_k) \\right]"
            };
            let sub = if scalar {
                vec![
                    tex("-\\left["),
                    num(yy),
                    tex(" \\log "),
                    num(yh),
                    tex(" + (1 - "),
                    num(yy),
                    tex(") \\log(1 - "),
                    num(yh),
                    tex(")\\right]"),
                ]
            } else {
                vec![
                    tex(format!("-{} \\sum \\left[ ", mean(n * k))),
                    o.units(y),
                    tex(" \\circ \\log "),
                    o.units(y_hat),
                    tex(" + \\left(1 - "),
                    o.units(y),
                    tex("\\right) \\circ \\log\\left(1 - "),
                    o.units(y_hat),
                    tex("\\right) \\right]"),
                ]
            };
            (formula.to_string(), sub)
        }
        Loss::CrossEntropy => {
            let formula = if batch {
                "-\\frac{1}{N} \\sum_n \\sum_k y_{nk} \\log \\hat{y}_{nk}"
            } else {
                "-\\sum_k y_k \\log \\hat{y}_k"
            };
            let sub =
                vec![tex(format!("-{} \\sum ", mean(n))), o.units(y), tex(" \\circ \\log "), o.units(y_hat)];
            (formula.to_string(), sub)
        }
    };
    Equation {
        step: Some((None, "loss")),
        label: "Loss".into(),
        lhs: "L".into(),
        relation: "=",
        formula,
        substituted,
        result: Value::Scalar(value),
        note: None,
    }
}

/// ∂L/∂ŷ and δ[L] for the output layer.
#[allow(clippy::too_many_arguments)]
fn output_delta(
    layer: usize,
    loss: Loss,
    phi: Activation,
    o: Orient,
    batch: bool,
    n: usize,
    y_hat: &Value,
    y: &Value,
    derivative: &[Vec<f64>],
    delta: &Value,
) -> Vec<Equation> {
    let depth_sym = |d: &Value| o.units(d);
    let k = rows(y_hat).first().map_or(0, Vec::len);
    let per = |over: usize| if over == 1 { String::new() } else { format!("\\frac{{1}}{{{over}}}") };
    if loss == Loss::CrossEntropy && phi == Activation::Softmax {
        let formula = if batch { "\\frac{1}{N}(\\hat{y} - y)" } else { "\\hat{y} - y" };
        return vec![Equation {
            step: Some((Some(layer), "delta")),
            label: "Error signal of the output layer".into(),
            lhs: sym("\\delta", layer),
            relation: "=",
            formula: formula.into(),
            substituted: vec![tex(format!("{}\\left(", per(n))), depth_sym(y_hat), tex(" - "), depth_sym(y), tex("\\right)")],
            result: o.units_value(delta),
            note: Some(
                "Softmax followed by cross-entropy simplifies: the error signal of each output is its predicted probability minus its target."
                    .into(),
            ),
        }];
    }
    let yh = rows(y_hat);
    let yy = rows(y);
    let g: Vec<Vec<f64>> = {
        let a = DMatrix::from_row_iterator(yh.len(), k, yh.iter().flatten().copied());
        let t = DMatrix::from_row_iterator(yy.len(), k, yy.iter().flatten().copied());
        let mut g = a.clone();
        loss.grad_output(&a, &t, &mut g);
        (0..g.nrows()).map(|r| g.row(r).iter().copied().collect()).collect()
    };
    let (formula, substituted) = match loss {
        Loss::HalfSquaredError => (
            if batch { "\\frac{1}{N}(\\hat{y} - y)" } else { "\\hat{y} - y" }.to_string(),
            vec![tex(format!("{}\\left(", per(n))), o.units(y_hat), tex(" - "), o.units(y), tex("\\right)")],
        ),
        Loss::Mse => (
            if batch { "\\frac{2}{N K}(\\hat{y} - y)" } else { "\\frac{2}{K}(\\hat{y} - y)" }.to_string(),
            vec![
                tex(format!("\\frac{{2}}{{{}}}\\left(", n * k)),
                o.units(y_hat),
                tex(" - "),
                o.units(y),
                tex("\\right)"),
            ],
        ),
        Loss::Bce | Loss::CrossEntropy => (
            if batch {
                "\\frac{1}{N K} \\frac{\\hat{y} - y}{\\hat{y}(1 - \\hat{y})}"
            } else {
                "\\frac{1}{K} \\frac{\\hat{y} - y}{\\hat{y}(1 - \\hat{y})}"
            }
            .to_string(),
            if yh.len() == 1 && k == 1 {
                let (p, t) = (yh[0][0], yy[0][0]);
                vec![
                    tex("\\frac{"),
                    num(p),
                    tex(" - "),
                    num(t),
                    tex("}{"),
                    num(p),
                    tex("(1 - "),
                    num(p),
                    tex(")}"),
                ]
            } else {
                vec![]
            },
        ),
    };
    let grad_eq = Equation {
        step: None,
        label: "Gradient of the loss with respect to the output".into(),
        lhs: grad("\\hat{y}"),
        relation: "=",
        formula,
        substituted,
        result: o.units_value(&Value::Matrix(g.clone())),
        note: None,
    };
    let (formula, substituted, note) = match phi {
        Activation::Identity => (grad("\\hat{y}"), vec![], Some("The output is linear ($\\phi' = 1$), so the error signal is the output error itself.".to_string())),
        Activation::Softmax => (
            format!("J_{{\\operatorname{{softmax}}}}^{{\\top}} {}", grad("\\hat{y}")),
            vec![],
            Some("Softmax couples the outputs: its Jacobian $\\operatorname{diag}(\\hat{y}) - \\hat{y}\\hat{y}^{\\top}$ replaces $\\phi'$.".to_string()),
        ),
        _ => (
            format!("{} \\circ {}'({})", grad("\\hat{y}"), phi_tex(phi), sym("z", layer)),
            vec![o.units(&Value::Matrix(g)), tex(" \\circ "), o.units(&Value::Matrix(derivative.to_vec()))],
            Some("This $\\delta$ tells how much of the error comes from each output neuron.".to_string()),
        ),
    };
    vec![
        grad_eq,
        Equation {
            step: Some((Some(layer), "delta")),
            label: "Error signal of the output layer".into(),
            lhs: sym("\\delta", layer),
            relation: "=",
            formula,
            substituted,
            result: o.units_value(delta),
            note,
        },
    ]
}
