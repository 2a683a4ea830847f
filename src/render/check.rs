//! A gradient check as a table or JSON.

use super::Style;
use super::cells::{self, Align};
use super::fit;
use super::table::{bold, section};
use crate::nn::network::Layout;
use crate::notation::index::Parameter;
use crate::notation::number::format;
use crate::teach::check::{Check, Param, Verdict};
use serde_json::json;
use std::io::{self, Write};

/// The parameter's math name, counted from 1, rows and columns as the file stores the matrix:
/// `W[1][1][2]`, `b[2][1]`.
pub fn parameter(layer: usize, param: Param, layout: Layout) -> String {
    match param {
        Param::Weight { neuron, input } => Parameter::weight(layer, neuron, input, layout).math(),
        Param::Bias { neuron } => Parameter::bias(layer, neuron).math(),
    }
}

/// Writes `check` as a table.
pub fn write(check: &Check, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let title = "Gradient check: ∂L/∂θ by backpropagation against (L(θ + ε) − L(θ − ε)) / 2ε";
    writeln!(out, "{}", bold(&fit::wrap(title, style.width, 2), style))?;
    let settings = format!(
        "ε = {} · tol = {} · L = {} · W[l][i][j] counted from 1, in the file's layout ({})",
        check.eps,
        check.tol,
        format(check.loss, style.precision),
        check.layout.name()
    );
    writeln!(out, "{}", fit::wrap(&settings, style.width, 2))?;
    let mut layer = 0;
    let header = ["parameter", "backprop ∂L/∂θ", "numeric", "relative error", "verdict"];
    let align = [Align::Left, Align::Right, Align::Right, Align::Right, Align::Left];
    let mut rows = Vec::new();
    for r in &check.rows {
        if r.layer != layer {
            if layer != 0 {
                writeln!(
                    out,
                    "{}",
                    cells::fit(cells::table(header, &align, std::mem::take(&mut rows)), style.width)
                )?;
            }
            layer = r.layer;
            section(&format!("Layer {layer}"), style, out)?;
        }
        let verdict = match r.verdict {
            Verdict::Fail if style.color => format!("\x1b[1;31m{}\x1b[0m", r.verdict.name()),
            Verdict::Kink if style.color => format!("\x1b[33m{}\x1b[0m", r.verdict.name()),
            v => v.name().to_string(),
        };
        rows.push(vec![
            parameter(r.layer, r.param, check.layout),
            format(r.analytic, style.precision),
            format(r.numeric, style.precision),
            format(r.relative_error, 3),
            verdict,
        ]);
    }
    if layer != 0 {
        writeln!(out, "{}", cells::fit(cells::table(header, &align, rows), style.width))?;
    }
    let mut text = Vec::new();
    for k in &check.kinks {
        writeln!(
            text,
            "warning: unit {} of layer {} has z = {} (sample {}), within reach of the ReLU kink: rows of layers 1..{} are marked kink, not checked",
            k.unit,
            k.layer,
            format(k.z, style.precision),
            k.sample,
            k.layer
        )?;
    }
    writeln!(text)?;
    writeln!(
        text,
        "{} of {} parameters within tol · worst relative error {} (gradients above the rounding noise)",
        check.rows.iter().filter(|r| r.verdict == Verdict::Pass).count(),
        check.rows.len(),
        format(check.worst_meaningful(), 3)
    )?;
    let text = String::from_utf8(text).expect("the check's text is UTF-8");
    out.write_all(fit::wrap_lines(&text, style.width).as_bytes())
}

/// `check` as a JSON value (nettrace-check/1).
pub fn to_json(check: &Check) -> serde_json::Value {
    let rows: Vec<_> = check
        .rows
        .iter()
        .map(|r| {
            json!({
                "parameter": parameter(r.layer, r.param, check.layout),
                "layer": r.layer,
                "kind": match r.param { Param::Weight { .. } => "weights", Param::Bias { .. } => "bias" },
                "analytic": r.analytic,
                "numeric": r.numeric,
                "relative_error": r.relative_error,
                "verdict": match r.verdict { Verdict::Pass => "pass", Verdict::Fail => "fail", Verdict::Kink => "kink" },
            })
        })
        .collect();
    let kinks: Vec<_> = check
        .kinks
        .iter()
        .map(|k| json!({"layer": k.layer, "unit": k.unit, "sample": k.sample, "z": k.z}))
        .collect();
    json!({
        "format": "nettrace-check/1",
        "eps": check.eps,
        "tol": check.tol,
        "loss": check.loss,
        "passed": check.failures() == 0,
        "worst_relative_error": check.worst_meaningful(),
        "rows": rows,
        "kinks": kinks,
    })
}
