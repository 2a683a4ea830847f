//! The network as an SVG diagram: a column of units per layer (a[0], the input, on the left),
//! a line for every weight, a small square for every bias, and the loss on the right.
//!
//! Every weight, bias and unit carries `data-quantity` with its 1-based name (`W[2][1][1]`,
//! `b[1][2]`, `a[1][2]`), and every given number `data-edit` with its name in the notes' math
//! ([`edit`](super::edit): `W[2][1][1]` is the weight into unit 1, whatever the layout). The page's script makes them focusable (a `tabindex` on each of the
//! thousands of weights of a big network would cost more bytes than it is worth without the
//! script, which is what explains them), colours them for the phase shown and explains the one
//! clicked. Units the diagnostics name are marked here,
//! with the finding as their tooltip.

use crate::nn::network::{Layout, Network};
use crate::notation::escape::html;
use crate::notation::index::{self, Parameter};
use crate::render::Traced;
use crate::teach::diagnostics::{Finding, Kind};
use std::fmt::Write as _;

/// Where the units are.
struct Geometry {
    /// Units per column: the input, then each layer.
    sizes: Vec<usize>,
    /// Vertical distance between units.
    spacing: f64,
    radius: f64,
    height: f64,
}

const TOP: f64 = 58.0;
const BOTTOM: f64 = 28.0;
const LEFT: f64 = 70.0;
const COLUMN: f64 = 210.0;
/// From the output layer to the loss.
const TO_LOSS: f64 = 130.0;
/// Value labels are written for columns of at most this many units.
const LABELLED: usize = 16;

impl Geometry {
    fn new(sizes: Vec<usize>) -> Geometry {
        let most = sizes.iter().copied().max().unwrap_or(1).max(1);
        let spacing = (560.0 / most as f64).clamp(12.0, 64.0).round();
        let radius = (spacing * 0.36).clamp(4.0, 16.0);
        Geometry { sizes, spacing, radius, height: TOP + most as f64 * spacing + BOTTOM }
    }

    fn x(&self, column: usize) -> f64 {
        LEFT + column as f64 * COLUMN
    }

    /// Vertical distance between the units of a column: a column of fewer units than the
    /// largest spreads them out, up to 64 apart, so that each has room for a finger.
    fn step(&self, column: usize) -> f64 {
        let n = self.sizes[column].max(1) as f64;
        ((self.height - TOP - BOTTOM) / n).min(64.0).max(self.spacing).floor()
    }

    fn y(&self, column: usize, unit: usize) -> f64 {
        let step = self.step(column);
        let free = self.height - TOP - BOTTOM - self.sizes[column] as f64 * step;
        TOP + free / 2.0 + (unit as f64 + 0.5) * step
    }

    fn loss_x(&self) -> f64 {
        self.x(self.sizes.len() - 1) + TO_LOSS
    }

    fn width(&self) -> f64 {
        self.loss_x() + 60.0
    }

    /// Whether column `c` gets value labels.
    fn labelled(&self, column: usize) -> bool {
        self.sizes[column] <= LABELLED && self.step(column) >= 24.0
    }
}

/// A coordinate: to a tenth, without a trailing `.0`.
fn px(x: f64) -> String {
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Over this many weights, the diagram draws only the strongest lines: as many as this in all.
pub const LINES: usize = 200;
/// The side of the smallest target a finger or a pointer is given (WCAG 2.5.8), where the units
/// are far enough apart.
const TARGET: f64 = 24.0;

/// Which weights of each layer are drawn, by (neuron, input): all of them up to [`LINES`] in
/// all; beyond, the strongest of each layer (largest |w| before the step), a layer's share of
/// [`LINES`] in proportion to its number of weights, at least one.
pub fn drawn(net: &Network) -> Vec<Vec<bool>> {
    let total: usize = net.layers.iter().map(|l| l.weights.len()).sum();
    net.layers
        .iter()
        .map(|layer| {
            let w = &layer.weights;
            if total <= LINES {
                return vec![true; w.len()];
            }
            let quota = ((LINES * w.len()) as f64 / total as f64).round().max(1.0) as usize;
            let mut order: Vec<usize> = (0..w.len()).collect();
            order.sort_by(|&a, &b| w[b].abs().total_cmp(&w[a].abs()));
            let mut keep = vec![false; w.len()];
            order.into_iter().take(quota).for_each(|k| keep[k] = true);
            keep
        })
        .collect()
}

/// Invisible targets under the diagram, at least [`TARGET`] wide where there is room, for the
/// small squares of the biases, the units and the lines drawn (`data-hit` names each one's
/// element): the page's script passes a click on one to that element.
fn hits(net: &Network, g: &Geometry, keep: &[Vec<bool>], out: &mut String) {
    out.push_str("<g class=\"hits\" aria-hidden=\"true\">");
    for (l, layer) in net.layers.iter().enumerate() {
        for i in 0..layer.neurons() {
            for j in (0..layer.inputs()).filter(|&j| keep[l][j * layer.neurons() + i]) {
                let q = stored_name(net, l, i, j);
                let (a, b) = ((g.x(l), g.y(l, j)), (g.x(l + 1), g.y(l + 1, i)));
                let _ = write!(
                    out,
                    "<path d=\"M{} {}L{} {}\" data-hit=\"{q}\"/>",
                    px(a.0),
                    px(a.1),
                    px(b.0),
                    px(b.1)
                );
            }
        }
    }
    for (column, &n) in g.sizes.iter().enumerate() {
        let side = TARGET.min(g.step(column));
        for i in 0..n {
            let (x, y) = (g.x(column), g.y(column, i));
            let r = g.radius.max(side / 2.0);
            let unit = index::unit(column, i + 1);
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" data-hit=\"{unit}\"/>",
                px(x),
                px(y),
                px(r)
            );
            if column > 0 {
                let (bx, by) = bias_centre(g, x, y);
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-hit=\"{}\"/>",
                    px(bx - side / 2.0),
                    px(by - side / 2.0),
                    px(side),
                    px(side),
                    Parameter::bias(column, i).math()
                );
            }
        }
    }
    out.push_str("</g>\n");
}

/// The name of the weight from input `j` to neuron `i` of layer `l` + 1, in the file's layout.
fn stored_name(net: &Network, l: usize, i: usize, j: usize) -> String {
    let (row, column) = match net.layout {
        Layout::OutIn => (i, j),
        Layout::InOut => (j, i),
    };
    Parameter { layer: l + 1, row, column: Some(column) }.math()
}

/// The side of a bias's square, and its centre beside the unit at (x, y).
fn bias_side(g: &Geometry) -> f64 {
    (g.radius * 0.7).max(3.0)
}

fn bias_centre(g: &Geometry, x: f64, y: f64) -> (f64, f64) {
    (x - g.radius - 3.0 - bias_side(g) / 2.0, y)
}

/// Writes the diagram of `traced`; returns how many weight lines it draws, of how many.
pub fn write(traced: &Traced, out: &mut String) -> (usize, usize) {
    let net = traced.step.network;
    let depth = net.layers.len();
    let sizes: Vec<usize> =
        std::iter::once(net.layers[0].inputs()).chain(net.layers.iter().map(|l| l.neurons())).collect();
    let g = Geometry::new(sizes);
    let findings = traced.diagnostics.unwrap_or(&[]);
    let scale = px((g.radius / 16.0).max(0.35));
    let _ = writeln!(
        out,
        "<svg class=\"net\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" style=\"--k:{scale}\" role=\"group\" \
         aria-label=\"The network: {} units per layer; every weight, bias and unit can be focused and explained\">",
        px(g.width()),
        px(g.height),
        px(g.width()),
        px(g.height),
        g.sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
    );
    labels(traced, &g, findings, out);
    let keep = drawn(net);
    hits(net, &g, &keep, out);
    for (l, layer) in net.layers.iter().enumerate() {
        let stored = net.layout.store(&layer.weights);
        let _ = write!(out, "<g class=\"edges\" data-layer=\"{}\">", l + 1);
        for r in 0..stored.nrows() {
            for c in 0..stored.ncols() {
                let (neuron, input) = match net.layout {
                    Layout::OutIn => (r, c),
                    Layout::InOut => (c, r),
                };
                if !keep[l][input * layer.neurons() + neuron] {
                    continue;
                }
                let _ = write!(
                    out,
                    "<path d=\"M{} {}L{} {}\" data-quantity=\"{}\" data-edit=\"{}\"/>",
                    px(g.x(l)),
                    px(g.y(l, input)),
                    px(g.x(l + 1)),
                    px(g.y(l + 1, neuron)),
                    Parameter { layer: l + 1, row: r, column: Some(c) }.math(),
                    super::edit::weight(l + 1, neuron + 1, input + 1)
                );
            }
        }
        out.push_str("</g>\n");
    }
    let (lx, ly) = (g.loss_x(), g.height / 2.0 + (TOP - BOTTOM) / 2.0);
    out.push_str("<g class=\"to-loss\">");
    for i in 0..g.sizes[depth] {
        let _ = write!(out, "<path d=\"M{} {}L{} {}\"/>", px(g.x(depth)), px(g.y(depth, i)), px(lx), px(ly));
    }
    out.push_str("</g>\n");
    for (column, &n) in g.sizes.iter().enumerate() {
        units(traced, &g, column, n, findings, out);
    }
    let _ = writeln!(
        out,
        "<g class=\"loss\"><circle cx=\"{}\" cy=\"{}\" r=\"16\" data-quantity=\"L\"/>\
         <text x=\"{}\" y=\"{}\" class=\"sym\">L</text><text class=\"val\" x=\"{}\" y=\"{}\" data-for=\"L\"></text></g>\n</svg>",
        px(lx),
        px(ly),
        px(lx),
        px(ly + 5.0),
        px(lx),
        px(ly + 32.0)
    );
    let total = keep.iter().flatten().count();
    (keep.iter().flatten().filter(|&&k| k).count(), total)
}

/// The column headings, and the findings about a whole layer or the network under them.
fn labels(traced: &Traced, g: &Geometry, findings: &[Finding], out: &mut String) {
    let net = traced.step.network;
    for column in 0..g.sizes.len() {
        let (title, kind) = match column {
            0 => ("input a[0]".to_string(), format!("{} inputs", g.sizes[0])),
            l => (
                format!("layer {l}"),
                format!(
                    "{} · {}",
                    crate::notation::plural(g.sizes[l], "unit"),
                    net.layers[l - 1].activation.name()
                ),
            ),
        };
        let x = px(g.x(column));
        let _ = writeln!(
            out,
            "<text class=\"head\" x=\"{x}\" y=\"16\">{}</text><text class=\"kind\" x=\"{x}\" y=\"30\">{}</text>",
            html(&title),
            html(&kind)
        );
    }
    let _ = writeln!(out, "<text class=\"head\" x=\"{}\" y=\"16\">loss</text>", px(g.loss_x()));
    let mut under: Vec<(f64, usize)> = Vec::new();
    for (k, f) in findings.iter().enumerate() {
        let x = match (f.kind, f.layer, f.unit) {
            (_, Some(_), Some(_)) => continue,
            (Kind::VanishingGradient | Kind::ExplodingGradient, _, _) => g.x(1),
            (Kind::LossIncreased, _, _) => g.loss_x(),
            (_, Some(l), None) => g.x(l),
            (_, None, _) => g.loss_x(),
        };
        let row = under.iter().filter(|(at, _)| *at == x).count();
        under.push((x, k));
        let word = match f.kind {
            Kind::VanishingGradient => "vanishing gradients",
            Kind::ExplodingGradient => "exploding gradients",
            Kind::LossIncreased => "loss increased",
            Kind::BceClamped => "beyond BCELoss's clamps",
            Kind::InactiveRelu => "inactive",
            Kind::SaturatedUnit => "saturated",
        };
        let _ = writeln!(
            out,
            "<text class=\"flag\" x=\"{}\" y=\"{}\" data-finding=\"{k}\">⚠ {word}<title>{}</title></text>",
            px(x),
            px(44.0 + 12.0 * row as f64),
            html(&f.message)
        );
    }
}

/// The name of entry `k` of the input or target (`letter` x or y) of the sample the diagram
/// shows first (the page's script renames them for the sample chosen).
fn given(traced: &Traced, letter: &str, k: usize) -> String {
    if traced.step.batch() { format!("{letter}[1][{k}]") } else { format!("{letter}[{k}]") }
}

/// The units of one column, their biases, value labels and marks.
fn units(traced: &Traced, g: &Geometry, column: usize, n: usize, findings: &[Finding], out: &mut String) {
    let net = traced.step.network;
    let phi = (column > 0).then(|| crate::notation::phi(net.layers[column - 1].activation));
    let _ = write!(out, "<g class=\"units\" data-layer=\"{column}\"");
    if let Some(phi) = phi {
        let _ = write!(out, " data-phi=\"{}\"", html(phi));
    }
    out.push('>');
    let (r, side) = (g.radius, (g.radius * 0.7).max(3.0));
    for i in 0..n {
        let (x, y) = (g.x(column), g.y(column, i));
        let unit = index::unit(column, i + 1);
        let marks: Vec<(usize, &Finding)> = findings
            .iter()
            .enumerate()
            .filter(|(_, f)| column > 0 && f.layer == Some(column) && f.unit == Some(i + 1))
            .collect();
        let class = match marks.first().map(|(_, f)| f.kind) {
            Some(Kind::InactiveRelu) => " class=\"inactive\"",
            Some(Kind::SaturatedUnit) => " class=\"saturated\"",
            _ => "",
        };
        let edit = match column {
            0 => format!(" data-edit=\"{}\"", given(traced, "x", i + 1)),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" data-quantity=\"{unit}\"{edit}{class}>",
            px(x),
            px(y),
            px(r)
        );
        for (_, f) in &marks {
            let _ = write!(out, "<title>{}</title>", html(&f.message));
        }
        out.push_str("</circle>");
        for (k, f) in &marks {
            let word = if f.kind == Kind::InactiveRelu { "off" } else { "sat" };
            let _ = write!(
                out,
                "<text class=\"mark\" x=\"{}\" y=\"{}\" data-finding=\"{k}\">{word}</text>",
                px(x + r + 2.0),
                px(y - r + 2.0)
            );
        }
        if column > 0 {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-quantity=\"{b}\" data-edit=\"{b}\"/>",
                px(x - r - 3.0 - side),
                px(y - side / 2.0),
                px(side),
                px(side),
                b = Parameter::bias(column, i).math()
            );
        }
        if g.labelled(column) {
            let _ = write!(
                out,
                "<text class=\"val\" x=\"{}\" y=\"{}\" data-for=\"{unit}\"></text>",
                px(x),
                px(y + r + 12.0)
            );
            if column + 1 == g.sizes.len() {
                let _ = write!(
                    out,
                    "<text class=\"val target\" x=\"{}\" y=\"{}\" data-for=\"y[{}]\" data-edit=\"{}\"></text>",
                    px(x + r + 6.0),
                    px(y + 4.0),
                    i + 1,
                    given(traced, "y", i + 1)
                );
            }
        }
    }
    out.push_str("</g>\n");
}
