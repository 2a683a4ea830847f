//! The page of one step (`nettrace run NET.json --format html`): the network as a diagram, a
//! phase stepper, the panel explaining the weight, bias or unit clicked, every table of the
//! terminal view, the diagnostics, and the trace itself embedded as JSON.
//!
//! The page's script reads every number it shows from the embedded trace and computes none:
//! the explanations are built in the browser from the trace's δ, a, φ′, gradients and new
//! parameters, so a page of a big network stays small. What it recomputes comes from nettrace's
//! core, embedded as WebAssembly with the network file ([`core`], `window.nettrace`).

use super::tables::{self, heading};
use super::{boundary, core, diagram, page};
use crate::notation::escape::html;
use crate::notation::number::compact;
use crate::render::{Style, Traced};
use crate::step::{Num, Phase, Step};
use std::fmt::Write as _;

/// The step page's own style sheet (the diagram, the stepper, the panel).
const CSS: &str = include_str!("assets/step.css");
/// The step page's script, after the pictures it shares with the report.
/// The loader of the page's core (`window.nettrace`, see [`core`]) comes first; then the
/// refresh of every view from a trace, and the editing of the given numbers.
const JS: &str = concat!(
    include_str!("assets/core.js"),
    include_str!("assets/views.js"),
    include_str!("assets/step.js"),
    include_str!("assets/explain.js"),
    include_str!("assets/refresh.js"),
    include_str!("assets/edit.js")
);

/// Writes the page of `traced`, whose trace as `run --json` prints it is `trace_json`; numbers
/// in tables have `style.precision` significant digits (every entry with `style.full`). The input
/// is drawn as an image of `input_shape` (rows, columns) when given, else of a square when its
/// length is a square number of 16 or more.
pub fn write(
    traced: &Traced,
    trace_json: &str,
    style: Style,
    input_shape: Option<(usize, usize)>,
    out: &mut String,
) {
    let step = traced.step;
    let net = step.network;
    let title = traced.name.map_or("One training step".to_string(), |n| format!("{n}: one training step"));
    let precision = style.precision.to_string();
    // The page's core traces with the same rounding (`data-round`).
    let round = step.round.map(|k| k.to_string());
    let mut attributes =
        vec![("data-layer", ""), ("data-precision", precision.as_str()), ("data-sample", "1")];
    attributes.extend(round.as_deref().map(|k| ("data-round", k)));
    let n = step.samples.len();
    let mut facts = vec![
        format!("layout {}", net.layout.name()),
        format!("loss {}", net.loss.name()),
        format!("η = {}", compact(step.learning_rate)),
        crate::notation::plural(n, "sample"),
    ];
    facts.extend(step.round.map(|k| format!("every value rounded to {k} decimals")));
    page::begin(
        &page::Shell {
            title: &title,
            class: "nettrace-step",
            state: &[("data-phase", "given")],
            attributes: &attributes,
            css: CSS,
            heading: traced.name.unwrap_or("network"),
            description: traced.description,
            facts: &facts,
            noscript: None,
        },
        out,
    );
    stepper(traced, out);
    super::edit::tools(step, out);
    samples(step, style, out);
    stage(traced, out);
    views(traced, input_shape.or_else(|| image_side(step.network.input_size()).map(|s| (s, s))), out);
    page::embed_json("nettrace-after", &activations_after(traced), out);
    out.push_str("<div class=\"tables\">\n");
    tables::write(traced, style, out);
    out.push_str("</div>\n");
    if let Some(findings) = traced.diagnostics {
        tables::diagnostics(findings, out);
    }
    out.push_str(
        "<footer><p>Keys: ← and → step through the phases; Tab moves between the weights, biases and units; \
         Enter or Space explains the one focused. The trace is embedded as JSON \
         (<code>script#nettrace-trace</code>), exactly as <code>nettrace run --json</code> prints it.</p></footer>\n",
    );
    page::embed_json("nettrace-trace", trace_json, out);
    core::embed(traced, input_shape, out);
    page::end(JS, out);
}

/// The line above the diagram: exact numbers, the change in the update, and for a batch the
/// sample shown.
fn samples(step: &Step, style: Style, out: &mut String) {
    let n = step.samples.len();
    out.push_str("<p class=\"samples\">");
    page::exact_switch(style.precision, out);
    out.push_str(
        " <label class=\"exact\"><input type=\"checkbox\" data-part=\"change\"> the change in the update \
         <span class=\"note\">(lines and squares: θ after − θ before)</span></label>",
    );
    if step.batch() {
        out.push_str(" <label>Sample shown <select class=\"sample\">");
        for k in 1..=n {
            let _ = write!(out, "<option value=\"{k}\">sample {k} of {n}</option>");
        }
        out.push_str(
            "</select></label> <span class=\"note\">values per sample change with it; gradients are sums over the batch, as the trace holds them</span>",
        );
    }
    out.push_str("</p>\n");
}

/// The diagram of the network beside the panel that explains what is clicked.
fn stage(traced: &Traced, out: &mut String) {
    out.push_str("<div class=\"stage\">\n<figure class=\"diagram\">\n");
    let (drawn, total) = diagram::write(traced, out);
    if drawn < total {
        let _ = writeln!(
            out,
            "<p class=\"note\" data-part=\"lines\">The diagram draws {drawn} of the {total} weights, \
             the strongest of each layer (largest |W| before the step), so that it stays readable; \
             every weight is in the tables below.</p>"
        );
    }
    page::legend("lines: weights W; squares: biases b; units: the input a[0]", out);
    out.push_str("</figure>\n");
    out.push_str(
        "<aside id=\"explain\" class=\"explain\" aria-live=\"polite\" tabindex=\"-1\">\n<h2>Explain</h2>\n\
         <p class=\"hint\">Click a weight (a line), a bias (a square) or a unit (a circle), or focus one with Tab and press Enter, \
         to see its chain rule with the numbers substituted and its update.</p>\n</aside>\n</div>\n",
    );
}

/// Points per side of the decision boundary's grid.
const GRID: usize = 64;

/// What the network sees and does, drawn by the page's script: the input as an image when it
/// is one, and for two inputs the output over the input plane (before the step and after it),
/// computed here on a grid.
fn views(traced: &Traced, image: Option<(usize, usize)>, out: &mut String) {
    let step = traced.step;
    let boundary =
        boundary::boundary(&[step.network, &step.updated], &step.samples.inputs, &step.samples.targets, GRID);
    if image.is_none() && boundary.is_none() {
        return;
    }
    out.push_str("<div class=\"views\">\n");
    if let Some((rows, cols)) = image {
        let _ = writeln!(
            out,
            "<figure class=\"view\" data-view=\"input-image\" data-rows=\"{rows}\" data-cols=\"{cols}\">\
             <figcaption>The input a[0] as a {rows}×{cols} image</figcaption><canvas role=\"img\"></canvas>\
             <p class=\"note\"></p></figure>"
        );
    }
    if let Some(b) = boundary {
        out.push_str(
            "<figure class=\"view\" data-view=\"decision-boundary\"><figcaption>The output over the input plane, \
             computed by nettrace at 64×64 points, with the samples marked</figcaption>\
             <canvas role=\"img\" width=\"256\" height=\"256\"></canvas><p class=\"note\"></p></figure>\n",
        );
        out.push_str("</div>\n");
        page::embed_json("nettrace-boundary", &serde_json::to_string(&b).unwrap_or_default(), out);
        return;
    }
    out.push_str("</div>\n");
}

/// The activations of every layer after the update, `{"a": [a[1], …, a[L]]}` with each a[l]
/// shaped as the trace's (a row per sample for a batch): the forward pass that gives L after,
/// for the diagram's units in the update phase.
fn activations_after(traced: &Traced) -> String {
    let step = traced.step;
    let f = crate::nn::forward::forward(&step.updated, &step.samples.inputs, step.round);
    let rows = |m: &nalgebra::DMatrix<f64>| -> Vec<Vec<Num>> {
        m.row_iter().map(|r| r.iter().map(|&x| Num(x)).collect()).collect()
    };
    let a: Vec<serde_json::Value> = f.a[1..]
        .iter()
        .map(|m| {
            let r = rows(m);
            let v = if step.batch() { serde_json::to_value(r) } else { serde_json::to_value(&r[0]) };
            v.unwrap_or_default()
        })
        .collect();
    serde_json::json!({ "a": a }).to_string()
}

/// The side of the square image `inputs` numbers make: a square number of 16 or more.
pub fn image_side(inputs: usize) -> Option<usize> {
    let side = (inputs as f64).sqrt().round() as usize;
    (inputs >= 16 && side * side == inputs).then_some(side)
}

/// The phase stepper: a button per state, in order, with Back and Next.
fn stepper(traced: &Traced, out: &mut String) {
    let step = traced.step;
    let depth = step.depth();
    let mut states = vec![(Phase::Given, None)];
    states.extend((1..=depth).map(|l| (Phase::Forward, Some(l))));
    states.push((Phase::Loss, None));
    states.extend((1..=depth).rev().map(|l| (Phase::Backward, Some(l))));
    states.push((Phase::Update, None));
    out.push_str(
        "<nav class=\"stepper\" aria-label=\"Phases of the step\">\n\
         <button type=\"button\" class=\"prev\" aria-keyshortcuts=\"ArrowLeft\">← <span class=\"label\">Back</span></button>\n<ol>",
    );
    for s in states {
        let _ = write!(
            out,
            "<li><button type=\"button\" data-phase=\"{}\" data-layer=\"{}\">{}</button></li>",
            s.0.name(),
            s.1.map_or(String::new(), |l| l.to_string()),
            html(&heading(step, s))
        );
    }
    out.push_str(
        "</ol>\n<button type=\"button\" class=\"next\" aria-keyshortcuts=\"ArrowRight\"><span class=\"label\">Next</span> →</button>\n</nav>\n",
    );
}
