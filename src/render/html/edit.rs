//! What a learner can change on the step page: every given number (weights, biases, inputs,
//! targets, η) carries `data-edit` with its name in the notes' math, the name the page's core
//! takes (`window.nettrace.set`): `W[l][i][j]` for the weight into unit i from input j of layer
//! l whatever the file's layout, `b[l][i]`, `x[j]` and `y[k]` for one sample, `x[n][j]` and
//! `y[n][k]` for sample n of a batch, and `η`. The tools to step, reset, download and train
//! are written here too; the page's script (`assets/edit.js`) gives them their behaviour.

use crate::nn::network::Layout;
use crate::step::{Quantity, Step};
use std::fmt::Write as _;

/// The name of the weight into unit `neuron` from input `input` of layer `layer` (all from 1).
pub fn weight(layer: usize, neuron: usize, input: usize) -> String {
    format!("W[{layer}][{neuron}][{input}]")
}

/// The name of the number at row `r`, column `c` (from 1) of a given quantity's table, none for
/// a quantity the step computes.
pub fn given(step: &Step, q: Quantity, r: usize, c: usize) -> Option<String> {
    let sample = |letter: &str| match step.batch() {
        true => format!("{letter}[{r}][{c}]"),
        false => format!("{letter}[{c}]"),
    };
    Some(match q {
        Quantity::Input => sample("x"),
        Quantity::Target => sample("y"),
        Quantity::Weights(l) => match step.network.layout {
            Layout::OutIn => weight(l, r, c),
            Layout::InOut => weight(l, c, r),
        },
        Quantity::Bias(l) => format!("b[{l}][{c}]"),
        _ => return None,
    })
}

/// The learning rate as a given number of its own, under the given tables, exactly.
pub fn learning_rate(step: &Step, out: &mut String) {
    let _ = writeln!(
        out,
        "<p class=\"scalar eta\">learning rate η = <span data-edit=\"η\">{}</span></p>",
        crate::notation::number::compact(step.learning_rate)
    );
}

/// The tools that change the network: Step (key S), Reset, Download, and Train where the page
/// can train live; with the line that says what was changed and the status read to screen
/// readers.
pub fn tools(step: &Step, out: &mut String) {
    let parameters: usize = step.network.layers.iter().map(|l| l.weights.len() + l.bias.len()).sum();
    let live = parameters < TRAIN_PARAMETERS && step.samples.len() < TRAIN_SAMPLES;
    out.push_str(
        "<div class=\"tools\" role=\"toolbar\" aria-label=\"Change the network\" hidden>\
         <button type=\"button\" data-tool=\"step\" aria-keyshortcuts=\"S\">Step</button>\
         <button type=\"button\" data-tool=\"reset\">Reset</button>\
         <button type=\"button\" data-tool=\"download\">Download</button>",
    );
    if live {
        out.push_str("<button type=\"button\" data-tool=\"train\" aria-pressed=\"false\">Train</button>");
    }
    out.push_str(
        " <span class=\"status\" role=\"status\" aria-live=\"polite\"></span>\
         <canvas class=\"curve\" width=\"240\" height=\"48\" role=\"img\" aria-label=\"The loss at each step\" hidden></canvas></div>\n",
    );
}

/// The page trains live below this many parameters…
pub const TRAIN_PARAMETERS: usize = 10_000;
/// …and this many samples.
pub const TRAIN_SAMPLES: usize = 1_000;
