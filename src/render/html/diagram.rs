//! The network as an SVG diagram: a column of units per layer (a[0], the input, on the left),
//! a line for every weight, a small square for every bias, and the loss on the right.
//!
//! Every weight, bias and unit carries `data-quantity` with its 1-based name (`W[2][1][1]`,
//! `b[1][2]`, `a[1][2]`). The page's script makes them focusable (a `tabindex` on each of the
//! thousands of weights of a big network would cost more bytes than it is worth without the
//! script, which is what explains them), colours them for the phase shown and explains the one
//! clicked. Units the diagnostics name are marked here,
//! with the finding as their tooltip.

use crate::nn::network::Layout;
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

    fn y(&self, column: usize, unit: usize) -> f64 {
        let free = self.height - TOP - BOTTOM - self.sizes[column] as f64 * self.spacing;
        TOP + free / 2.0 + (unit as f64 + 0.5) * self.spacing
    }

    fn loss_x(&self) -> f64 {
        self.x(self.sizes.len() - 1) + TO_LOSS
    }

    fn width(&self) -> f64 {
        self.loss_x() + 60.0
    }

    /// Whether column `c` gets value labels.
    fn labelled(&self, column: usize) -> bool {
        self.sizes[column] <= LABELLED && self.spacing >= 24.0
    }
}

/// A coordinate: to a tenth, without a trailing `.0`.
fn px(x: f64) -> String {
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Writes the diagram of `traced`.
pub fn write(traced: &Traced, out: &mut String) {
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
    for (l, layer) in net.layers.iter().enumerate() {
        let stored = net.layout.store(&layer.weights);
        let _ = write!(out, "<g class=\"edges\" data-layer=\"{}\">", l + 1);
        for r in 0..stored.nrows() {
            for c in 0..stored.ncols() {
                let (neuron, input) = match net.layout {
                    Layout::OutIn => (r, c),
                    Layout::InOut => (c, r),
                };
                let _ = write!(
                    out,
                    "<path d=\"M{} {}L{} {}\" data-quantity=\"{}\"/>",
                    px(g.x(l)),
                    px(g.y(l, input)),
                    px(g.x(l + 1)),
                    px(g.y(l + 1, neuron)),
                    Parameter { layer: l + 1, row: r, column: Some(c) }.math()
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
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" data-quantity=\"{unit}\"{class}>",
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
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-quantity=\"{}\"/>",
                px(x - r - 3.0 - side),
                px(y - side / 2.0),
                px(side),
                px(side),
                Parameter::bias(column, i).math()
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
                    "<text class=\"val target\" x=\"{}\" y=\"{}\" data-for=\"y[{}]\"></text>",
                    px(x + r + 6.0),
                    px(y + 4.0),
                    i + 1
                );
            }
        }
    }
    out.push_str("</g>\n");
}
