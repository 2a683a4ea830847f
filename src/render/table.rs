//! The trace as tables, grouped by phase, each titled with its formula and shape.

use super::Style;
use super::Traced;
use super::cells::{Align, table};
use crate::nn::network::Layout;
use crate::notation;
use crate::notation::escape::terminal;
use crate::notation::number::{compact, format};
use crate::step::{Phase, Quantity, Value};
use std::io::{self, Write};

/// Writes the traced step as tables.
pub fn write(traced: &Traced, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for chunk in chunks(traced, style)? {
        out.write_all(chunk.text.as_bytes())?;
    }
    Ok(())
}

/// A part of the table output: the given values, one layer of one phase, or the closing loss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// What it shows: "Forward pass, layer 1".
    pub title: String,
    pub text: String,
}

/// The table output in the order it is shown, one chunk per phase and layer (the step-through
/// mode pauses between them); written one after the other they are the whole output.
pub fn chunks(traced: &Traced, style: Style) -> io::Result<Vec<Chunk>> {
    let step = traced.step;
    let net = step.network;
    let mut chunks = Vec::new();
    let mut out: Vec<u8> = Vec::new();
    let title = match (traced.name.map(terminal), traced.description.map(terminal)) {
        (Some(n), Some(d)) => format!("{n}: {d}"),
        (Some(n), None) => n,
        (None, Some(d)) => d,
        (None, None) => "network".to_string(),
    };
    writeln!(out, "{}", bold(&title, style))?;
    let n = step.samples.len();
    let samples = if n == 1 { "1 sample".to_string() } else { format!("{n} samples") };
    let rounding = step.round.map_or(String::new(), |k| format!(" · every value rounded to {k} decimals"));
    writeln!(
        out,
        "layout {} · loss {} · η = {} · {samples}{rounding}",
        net.layout.name(),
        net.loss.name(),
        compact(step.learning_rate)
    )?;

    let units = if step.batch() { Labels::Samples } else { Labels::Units };
    let weights = match net.layout {
        Layout::InOut => Labels::InOut,
        Layout::OutIn => Labels::OutIn,
    };

    section(heading(Phase::Given), style, &mut out)?;
    block("a[0] = x (input)", &step.value(Quantity::Input), units, style, &mut out)?;
    block("y (target)", &step.value(Quantity::Target), units, style, &mut out)?;
    for (l, layer) in net.layers.iter().enumerate() {
        let n = l + 1;
        let kind = match net.layout {
            Layout::InOut => "rows = inputs",
            Layout::OutIn => "rows = units",
        };
        block(&format!("W[{n}] ({kind})"), &step.value(Quantity::Weights(n)), weights, style, &mut out)?;
        let fixed = if layer.trainable_bias { "" } else { " (not trainable)" };
        block(&format!("b[{n}]{fixed}"), &step.value(Quantity::Bias(n)), Labels::Units, style, &mut out)?;
    }

    let mut phase = None;
    let mut group = (None, None);
    let mut current = heading(Phase::Given).to_string();
    for q in step.computed() {
        let (p, layer) = (q.phase(), q.layer());
        if group != (Some(p), layer) {
            group = (Some(p), layer);
            let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
            chunks.push(Chunk { title: std::mem::take(&mut current), text });
            current = match layer {
                Some(l) => format!("{}, layer {l}", heading(p)),
                None => heading(p).to_string(),
            };
        }
        if phase != Some(p) {
            phase = Some(p);
            let heading = match p {
                Phase::Update => format!("Update (η = {})", compact(step.learning_rate)),
                p => heading(p).to_string(),
            };
            section(&heading, style, &mut out)?;
        }
        let labels = match q {
            Quantity::GradWeights(_) | Quantity::NewWeights(_) => weights,
            Quantity::GradBias(_) | Quantity::NewBias(_) => Labels::Units,
            _ => units,
        };
        write_quantity(&notation::formula(step, q), &step.value(q), labels, style, &mut out)?;
    }
    let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
    chunks.push(Chunk { title: current, text });
    writeln!(out)?;
    writeln!(out, "{} {}", bold("Loss after the update:", style), format(step.loss_after, style.precision))?;
    let change = step.loss_after - step.loss;
    writeln!(
        out,
        "change: {} (from {})",
        signed(change, style.precision),
        format(step.loss, style.precision)
    )?;
    let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
    chunks.push(Chunk { title: "Loss after the update".into(), text });
    if let Some(findings) = traced.diagnostics {
        super::diagnostics::write(findings, style, &mut out)?;
        let text = String::from_utf8(out).expect("tables are UTF-8");
        chunks.push(Chunk { title: "Diagnostics".into(), text });
    }
    Ok(chunks)
}

fn heading(phase: Phase) -> &'static str {
    crate::notation::phase(phase)
}

fn signed(x: f64, precision: usize) -> String {
    let s = format(x, precision);
    if x > 0.0 { format!("+{s}") } else { s }
}

fn write_quantity(
    formula: &str,
    value: &Value,
    labels: Labels,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match value {
        Value::Scalar(x) => {
            writeln!(out, "{formula}")?;
            writeln!(out, "  = {}", format(*x, style.precision))
        }
        v => block(formula, v, labels, style, out),
    }
}

/// How rows and columns of a value are labelled.
#[derive(Clone, Copy)]
enum Labels {
    /// A vector over the units (neurons) of a layer: unit k is a[l]ₖ.
    Units,
    /// One row per sample, one column per unit.
    Samples,
    /// Weights with one row per unit of the layer.
    OutIn,
    /// Weights with one row per input.
    InOut,
}

impl Labels {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Labels::Units | Labels::Samples => ("sample", "unit"),
            Labels::OutIn => ("unit", "input"),
            Labels::InOut => ("input", "unit"),
        }
    }
}

fn block(title: &str, value: &Value, labels: Labels, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let (rows, cols) = value.shape();
    writeln!(out, "{}  {}", title, dim(&format!("[{rows}×{cols}]"), style))?;
    let (row_name, col_name) = labels.names();
    let matrix = matches!(value, Value::Matrix(_));
    let abbreviate = !style.full && super::too_big(rows, cols);
    let (shown_rows, shown_cols) = (super::shown(rows, abbreviate), super::shown(cols, abbreviate));
    let (mut header, mut align) = (Vec::new(), Vec::new());
    if matrix {
        header.push(String::new());
        align.push(Align::Left);
    }
    header.extend(shown_cols.iter().map(|c| c.map_or("…".to_string(), |c| format!("{col_name} {}", c + 1))));
    align.extend(std::iter::repeat_n(Align::Right, shown_cols.len()));
    let cells = shown_rows.iter().map(|r| {
        let mut row = Vec::with_capacity(shown_cols.len() + 1);
        if matrix {
            row.push(r.map_or("…".to_string(), |r| format!("{row_name} {}", r + 1)));
        }
        row.extend(shown_cols.iter().map(|c| match (r, c) {
            (Some(r), Some(c)) => format(value.at(*r, *c), style.precision),
            _ => "…".to_string(),
        }));
        row
    });
    writeln!(out, "{}", table(header, &align, cells))
}

pub(crate) fn section(title: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let rule = "─".repeat(60usize.saturating_sub(title.chars().count() + 4));
    writeln!(out)?;
    if style.color {
        writeln!(out, "\x1b[1;36m── {title} {rule}\x1b[0m")
    } else {
        writeln!(out, "── {title} {rule}")
    }
}

pub(crate) fn bold(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() }
}

pub(crate) fn dim(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_string() }
}
