//! The tables of the terminal view as HTML, in the same order and grouping: the given values,
//! then one section per phase and layer, each quantity titled with its formula in MathML.
//!
//! Each section says which state of the phase stepper shows it (`data-phase`, `data-layer`).
//! Each quantity says which value of the trace it shows (`data-phase`, `data-name`,
//! `data-layer`: the given `input`, `target`, `weights` and `bias`, or a step's name), and each
//! number its place in that value (`data-rc`, row and column from 1) and its exact value (`title`);
//! a given number also its name for editing (`data-edit`, see [`edit`](super::edit)).

use super::page::number;
use crate::notation::escape::html;
use crate::notation::number::compact;
use crate::notation::{self, mathml};
use crate::render::{Style, Traced, shown, too_big};
use crate::step::{Axis, Phase, Quantity, Shape, Step};
use crate::teach::diagnostics::Finding;
use std::fmt::Write as _;

/// The stepper's state a quantity is shown in: its phase and layer, ∂L/∂ŷ with the output
/// layer's backward pass, the whole update in one.
pub fn state(step: &Step, q: Quantity) -> (Phase, Option<usize>) {
    match (q.phase(), q.layer()) {
        (Phase::Backward, None) => (Phase::Backward, Some(step.depth())),
        (Phase::Update | Phase::Loss | Phase::Given, _) => (q.phase(), None),
        (p, layer) => (p, layer),
    }
}

/// The heading of a state.
pub fn heading(step: &Step, (phase, layer): (Phase, Option<usize>)) -> String {
    match (phase, layer) {
        (Phase::Update, _) => format!("Update (η = {})", compact(step.learning_rate)),
        (p, Some(l)) => format!("{}, layer {l}", notation::phase(p)),
        (p, None) => notation::phase(p).to_string(),
    }
}

/// Writes every table of the step, grouped by state.
pub fn write(traced: &Traced, style: Style, out: &mut String) {
    let step = traced.step;
    let net = step.network;
    let first = (Phase::Given, None);
    open(step, first, out);
    let given = |q: Quantity, alt: &str| math(&mathml::symbol(step, q, alt));
    quantity(step, Quantity::Input, &given(Quantity::Input, "a[0] = x (input)"), style, out);
    quantity(step, Quantity::Target, &given(Quantity::Target, "y (target)"), style, out);
    for (l, layer) in net.layers.iter().enumerate() {
        let n = l + 1;
        let rows = step.view(Quantity::Weights(n)).axes().0.map_or("", Axis::name);
        let w = format!(
            "{} <span class=\"note\">(rows = {rows}s)</span>",
            given(Quantity::Weights(n), &format!("W[{n}]"))
        );
        quantity(step, Quantity::Weights(n), &w, style, out);
        let fixed = if layer.trainable_bias { "" } else { " <span class=\"note\">(not trainable)</span>" };
        let b = format!("{}{fixed}", given(Quantity::Bias(n), &format!("b[{n}]")));
        quantity(step, Quantity::Bias(n), &b, style, out);
    }
    super::edit::learning_rate(step, out);
    let mut current = first;
    for q in step.computed() {
        let s = state(step, q);
        if s != current {
            out.push_str("</section>\n");
            open(step, s, out);
            current = s;
        }
        quantity(step, q, &math(&mathml::equation(step, q)), style, out);
    }
    let change = step.loss_after - step.loss;
    let _ = writeln!(
        out,
        "<p class=\"after\">Loss after the update: {} · change: {}{} (from {})</p>\n</section>",
        number(step.loss_after, style.precision),
        if change > 0.0 { "+" } else { "" },
        number(change, style.precision),
        number(step.loss, style.precision)
    );
}

/// A formula as the page shows it: its MathML, reaching the accessibility tree as one node of
/// role `math` named by `alt` (the formula as text), the MathML's own parts hidden from it.
pub(super) fn math(formula: &mathml::Math) -> String {
    format!(
        "<span class=\"formula\" role=\"math\" aria-label=\"{}\">{}</span>",
        html(&formula.alt),
        formula.element().replacen("<math ", "<math aria-hidden=\"true\" ", 1)
    )
}

/// Opens the section of a stepper state.
pub(super) fn open(step: &Step, s: (Phase, Option<usize>), out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"phase\" data-phase=\"{}\" data-layer=\"{}\">\n<h2>{}</h2>",
        s.0.name(),
        s.1.map_or(String::new(), |l| l.to_string()),
        html(&heading(step, s))
    );
}

/// One quantity: its title and its value as a table (a number alone for a scalar).
pub(super) fn quantity(step: &Step, q: Quantity, title: &str, style: Style, out: &mut String) {
    let view = step.view(q);
    let (rows, cols) = view.size();
    let name = q.name();
    let _ = write!(
        out,
        "<figure class=\"q\" data-phase=\"{}\" data-name=\"{name}\" data-layer=\"{}\">\n<figcaption>{title}",
        q.phase().name(),
        q.layer().map_or(String::new(), |l| l.to_string()),
    );
    if view.shape() == Shape::Scalar {
        let _ = writeln!(
            out,
            "</figcaption>\n<p class=\"scalar\">= <span data-rc=\"1,1\"{}</span></p>\n</figure>",
            shown_number(view.at(0, 0), style)
        );
        return;
    }
    let _ = write!(out, " <span class=\"shape\">[{rows}×{cols}]</span></figcaption>\n<table>\n<thead><tr>");
    let (row_axis, col_axis) = view.axes();
    let (row_name, col_name) = (row_axis.map_or("", Axis::name), col_axis.map_or("", Axis::name));
    let matrix = row_axis.is_some();
    let abbreviate = !style.full && too_big(rows, cols);
    let (shown_rows, shown_cols) = (shown(rows, abbreviate), shown(cols, abbreviate));
    if matrix {
        out.push_str("<td></td>");
    }
    for c in &shown_cols {
        match c {
            Some(c) => {
                let _ = write!(out, "<th scope=\"col\">{col_name} {}</th>", c + 1);
            }
            None => out.push_str("<th>…</th>"),
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let per_sample = row_axis == Some(Axis::Sample);
    for r in &shown_rows {
        match (r, per_sample && matrix) {
            (Some(r), true) => {
                let _ = write!(out, "<tr data-sample=\"{}\">", r + 1);
            }
            _ => out.push_str("<tr>"),
        }
        if matrix {
            match r {
                Some(r) => {
                    let _ = write!(out, "<th scope=\"row\">{row_name} {}</th>", r + 1);
                }
                None => out.push_str("<th>…</th>"),
            }
        }
        for c in &shown_cols {
            match (r, c) {
                (Some(r), Some(c)) => {
                    let edit = super::edit::given(step, q, r + 1, c + 1)
                        .map_or(String::new(), |name| format!(" data-edit=\"{name}\""));
                    let _ = write!(
                        out,
                        "<td data-rc=\"{},{}\"{edit}{}</td>",
                        r + 1,
                        c + 1,
                        shown_number(view.at(*r, *c), style)
                    );
                }
                _ => out.push_str("<td>…</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</figure>\n");
}

/// The end of a number's start tag, then the number: with `precision` significant digits, and
/// its exact value in a `title` when those digits are not already exact.
fn shown_number(x: f64, style: Style) -> String {
    let shown = crate::notation::shown::shown(x, style.precision);
    match shown.exact {
        None => format!(">{}", shown.text),
        Some(exact) => format!(" title=\"{exact}\">{}", shown.text),
    }
}

/// The diagnostics as a list, each finding pointing at what it is about.
pub fn diagnostics(findings: &[Finding], out: &mut String) {
    out.push_str("<section class=\"diagnostics\">\n<h2>Diagnostics</h2>\n");
    if findings.is_empty() {
        out.push_str(
            "<p>Nothing unusual: no inactive or saturated units, gradients balanced, loss decreased.</p>\n</section>\n",
        );
        return;
    }
    out.push_str("<ul>\n");
    for (k, f) in findings.iter().enumerate() {
        let at = match (f.layer, f.unit) {
            (Some(l), Some(u)) => {
                format!(" data-quantity=\"{}\" tabindex=\"0\"", crate::notation::index::unit(l, u))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<li data-finding=\"{k}\"{at}><span class=\"warn\">⚠</span> {}<br><span class=\"advice\">→ {}</span></li>",
            html(&f.message),
            html(&f.advice)
        );
    }
    out.push_str("</ul>\n</section>\n");
}
