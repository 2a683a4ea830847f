//! The practice page of one step (`nettrace run NET.json --format html --practice`): the given
//! values shown, and an answer field in place of every value the learner computes, graded as it
//! is typed by the same code as `nettrace grade`, running in the page.
//!
//! Each field is `input[data-answer]`, named as `grade` and its answer sheets name the number:
//! the quantity's symbol, then its place counted from 1: `z[1][2]` (unit 2), `δ[2][1]`, for a
//! batch `δ[2][3][1]` (sample 3, unit 1), `W[1][2][1]` (the weight after the update from input 1
//! to unit 2, neurons × inputs whatever the file's layout), `∂L/∂b[2][1]`, `L`. The page holds
//! none of these values: only the network, which the page's core computes from.

use super::tables::{self, math, state};
use super::{core, page};
use crate::nn::network::Layout;
use crate::notation::escape::html;
use crate::notation::number::compact;
use crate::notation::{self, mathml};
use crate::render::{Style, Traced};
use crate::step::{Phase, Quantity, Step, Value};
use std::fmt::Write as _;

/// The practice page's own style sheet.
const CSS: &str = include_str!("assets/practice.css");
/// The page's script: the loader of its core (`window.nettrace`, see [`core`]), then grading
/// each field, Show, Download my answers.
const JS: &str = concat!(include_str!("assets/core.js"), include_str!("assets/practice.js"));

/// Writes the practice page of `traced`; given numbers have `style.precision` significant digits.
pub fn write(traced: &Traced, style: Style, out: &mut String) {
    let step = traced.step;
    let net = step.network;
    let title = traced.name.map_or("Practice: one training step".to_string(), |n| format!("{n}: practice"));
    let facts = [
        format!("layout {}", net.layout.name()),
        format!("loss {}", net.loss.name()),
        format!("η = {}", compact(step.learning_rate)),
        notation::plural(step.samples.len(), "sample"),
    ];
    page::begin(
        &page::Shell {
            title: &title,
            class: "nettrace-practice",
            state: &[],
            attributes: &[
                ("data-layout", net.layout.name()),
                ("data-precision", &style.precision.to_string()),
            ],
            css: CSS,
            heading: traced.name.unwrap_or("network"),
            description: traced.description,
            facts: &facts,
            noscript: Some(
                "Answers are graded by the page's script; without it, download nothing and grade with nettrace grade.",
            ),
        },
        out,
    );
    out.push_str(INTRO);
    out.push_str("<div class=\"tables\">\n");
    given(step, style, out);
    let mut current = (Phase::Given, None);
    let mut order = step.computed();
    order.push(Quantity::LossAfter);
    for q in order {
        let s = match q {
            Quantity::LossAfter => (Phase::Update, None),
            q => state(step, q),
        };
        if s != current {
            out.push_str("</section>\n");
            tables::open(step, s, out);
            current = s;
        }
        answers(step, q, out);
    }
    out.push_str("</section>\n</div>\n");
    out.push_str(
        "<footer><p>The page grades with nettrace's own code, compiled to WebAssembly and embedded in this file: \
         it makes no network request. <code>nettrace grade NET.json answers.json</code> gives the same verdicts.</p></footer>\n",
    );
    core::embed(traced, None, out);
    page::end(JS, out);
}

/// What the page is for and how it grades, above the tables.
const INTRO: &str = "<section class=\"practice-intro\">\n<p>Work out every value of one training step and type it in its field: \
each is graded as you type, by the significant digits you write (0.6680 claims four, 0.668 three; at least three), \
against the correct value computed from your own earlier answers, so an error carried forward is told from a new one. \
<b>Show</b> reveals one value.</p>\n<p class=\"actions\"><button type=\"button\" data-part=\"download\">Download my answers</button> \
<span class=\"note\">an answer sheet that <code>nettrace grade</code> reads</span> \
<span class=\"tally\" data-part=\"tally\" aria-live=\"polite\"></span></p>\n</section>\n";

/// The given values, shown as the step page shows them.
fn given(step: &Step, style: Style, out: &mut String) {
    tables::open(step, (Phase::Given, None), out);
    let symbol = |q: Quantity, alt: &str| math(&mathml::symbol(step, q, alt));
    tables::quantity(step, Quantity::Input, &symbol(Quantity::Input, "a[0] = x (input)"), style, out);
    tables::quantity(step, Quantity::Target, &symbol(Quantity::Target, "y (target)"), style, out);
    for l in 1..=step.depth() {
        let kind = match step.network.layout {
            Layout::InOut => "rows = inputs",
            Layout::OutIn => "rows = units",
        };
        let w = format!(
            "{} <span class=\"note\">({kind})</span>",
            symbol(Quantity::Weights(l), &format!("W[{l}]"))
        );
        tables::quantity(step, Quantity::Weights(l), &w, style, out);
        tables::quantity(step, Quantity::Bias(l), &symbol(Quantity::Bias(l), &format!("b[{l}]")), style, out);
    }
}

/// The name of entry (`r`, `c`) of `q` (a place in the trace's value, from 0), as the answer
/// sheet's grading names it: the symbol, then the place counted from 1; a weight matrix as
/// neurons × inputs.
pub fn answer_name(step: &Step, q: Quantity, r: usize, c: usize) -> String {
    use Quantity::*;
    let symbol = match q {
        LossAfter => return "L after the update".to_string(),
        q => notation::symbol(q),
    };
    match (q, step.value(q)) {
        (_, Value::Scalar(_)) => symbol,
        (_, Value::Vector(_)) => format!("{symbol}[{}]", c + 1),
        (Weights(_) | GradWeights(_) | NewWeights(_), _) if step.network.layout == Layout::InOut => {
            format!("{symbol}[{}][{}]", c + 1, r + 1)
        }
        _ => format!("{symbol}[{}][{}]", r + 1, c + 1),
    }
}

/// One computed quantity: its equation and a field for each of its numbers, in the tables'
/// arrangement.
fn answers(step: &Step, q: Quantity, out: &mut String) {
    let value = step.value(q);
    let (rows, cols) = value.shape();
    let title = match q {
        Quantity::LossAfter => "L after the update".to_string(),
        q => math(&mathml::equation(step, q)),
    };
    let _ = writeln!(
        out,
        "<figure class=\"q\" data-phase=\"{}\" data-name=\"{}\" data-layer=\"{}\" data-shape=\"{}\">\n<figcaption>{title} \
         <span class=\"shape\">[{rows}×{cols}]</span> <span class=\"says\" data-part=\"quantity\"></span></figcaption>",
        q.phase().name(),
        q.name(),
        q.layer().map_or(String::new(), |l| l.to_string()),
        match value {
            Value::Scalar(_) => "scalar",
            Value::Vector(_) => "vector",
            Value::Matrix(_) => "matrix",
        },
    );
    out.push_str("<table>\n<tbody>\n");
    for r in 0..rows {
        out.push_str("<tr>");
        for c in 0..cols {
            let name = html(&answer_name(step, q, r, c));
            let _ = write!(
                out,
                "<td data-rc=\"{},{}\"><span class=\"field\"><input type=\"text\" inputmode=\"decimal\" \
                 autocomplete=\"off\" spellcheck=\"false\" data-answer=\"{name}\" aria-label=\"{name}\"> \
                 <button type=\"button\" class=\"show\" data-show=\"{name}\">Show</button></span>\
                 <span class=\"says\" aria-live=\"polite\"></span></td>",
                r + 1,
                c + 1
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</figure>\n");
}
