//! The trace as tables, grouped by phase, each titled with its formula and shape.

use super::Style;
use super::cells::{Align, table};
use super::number::format;
use crate::step::{Phase, Step, Trace, Value};
use std::io::{self, Write};

/// Writes `trace` as tables.
pub fn write(trace: &Trace, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for chunk in chunks(trace, style)? {
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
pub fn chunks(trace: &Trace, style: Style) -> io::Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    let mut out: Vec<u8> = Vec::new();
    let info = &trace.network;
    let title = match (&info.name, &info.description) {
        (Some(n), Some(d)) => format!("{n}: {d}"),
        (Some(n), None) => n.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "network".to_string(),
    };
    writeln!(out, "{}", bold(&title, style))?;
    let samples =
        if info.batch_size == 1 { "1 sample".to_string() } else { format!("{} samples", info.batch_size) };
    let rounding = info.round.map_or(String::new(), |k| format!(" · every value rounded to {k} decimals"));
    writeln!(
        out,
        "layout {} · loss {} · η = {} · {samples}{rounding}",
        info.layout, info.loss, info.learning_rate
    )?;

    let batch = info.batch_size > 1 || matches!(trace.input, Value::Matrix(_));
    let units = if batch { Labels::Samples } else { Labels::Units };
    let weights = if info.layout == "in_out" { Labels::InOut } else { Labels::OutIn };

    section("Given", style, &mut out)?;
    block("a[0] = x (input)", &trace.input, units, style, &mut out)?;
    block("y (target)", &trace.target, units, style, &mut out)?;
    for (l, layer) in info.layers.iter().enumerate() {
        let n = l + 1;
        let kind = if info.layout == "in_out" { "rows = inputs" } else { "rows = neurons" };
        block(&format!("W[{n}] ({kind})"), &layer.weights, weights, style, &mut out)?;
        let fixed = if layer.trainable_bias { "" } else { " (not trainable)" };
        block(&format!("b[{n}]{fixed}"), &layer.bias, Labels::Units, style, &mut out)?;
    }

    let mut phase = None;
    let mut group = (None, None);
    let mut current = "Given".to_string();
    for step in &trace.steps {
        if group != (Some(step.phase), step.layer) {
            group = (Some(step.phase), step.layer);
            let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
            chunks.push(Chunk { title: std::mem::take(&mut current), text });
            current = match step.layer {
                Some(l) => format!("{}, layer {l}", heading(step.phase)),
                None => heading(step.phase).to_string(),
            };
        }
        if phase != Some(step.phase) {
            phase = Some(step.phase);
            let heading = match step.phase {
                Phase::Update => format!("Update (η = {})", info.learning_rate),
                p => heading(p).to_string(),
            };
            section(&heading, style, &mut out)?;
        }
        let labels = match step.name {
            "grad_weights" | "weights" => weights,
            "grad_bias" | "bias" => Labels::Units,
            _ => units,
        };
        write_step(step, labels, style, &mut out)?;
    }
    let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
    chunks.push(Chunk { title: current, text });
    writeln!(out)?;
    writeln!(
        out,
        "{}  {}",
        bold("Loss after the update:", style),
        format(trace.loss_after, style.precision)
    )?;
    let change = trace.loss_after - trace.loss;
    writeln!(
        out,
        "change: {} (from {})",
        signed(change, style.precision),
        format(trace.loss, style.precision)
    )?;
    let text = String::from_utf8(std::mem::take(&mut out)).expect("tables are UTF-8");
    chunks.push(Chunk { title: "Loss after the update".into(), text });
    if let Some(findings) = &trace.diagnostics {
        super::diagnostics::write(findings, style, &mut out)?;
        let text = String::from_utf8(out).expect("tables are UTF-8");
        chunks.push(Chunk { title: "Diagnostics".into(), text });
    }
    Ok(chunks)
}

fn heading(phase: Phase) -> &'static str {
    match phase {
        Phase::Forward => "Forward pass",
        Phase::Loss => "Loss",
        Phase::Backward => "Backward pass",
        Phase::Update => "Update",
    }
}

fn signed(x: f64, precision: usize) -> String {
    let s = format(x, precision);
    if x > 0.0 { format!("+{s}") } else { s }
}

fn write_step(step: &Step, labels: Labels, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match &step.value {
        Value::Scalar(x) => {
            writeln!(out, "{}", step.formula)?;
            writeln!(out, "  = {}", format(*x, style.precision))
        }
        v => block(&step.formula, v, labels, style, out),
    }
}

/// How rows and columns of a value are labelled.
#[derive(Clone, Copy)]
enum Labels {
    /// A vector over the neurons of a layer.
    Units,
    /// One row per sample, one column per neuron.
    Samples,
    /// Weights with one row per neuron.
    OutIn,
    /// Weights with one row per input.
    InOut,
}

impl Labels {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Labels::Units | Labels::Samples => ("sample", "unit"),
            Labels::OutIn => ("neuron", "input"),
            Labels::InOut => ("input", "neuron"),
        }
    }
}

fn block(title: &str, value: &Value, labels: Labels, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let (rows, cols) = value.shape();
    writeln!(out, "{}  {}", title, dim(&format!("[{rows}×{cols}]"), style))?;
    let (row_name, col_name) = labels.names();
    let matrix = matches!(value, Value::Matrix(_));
    let (mut header, mut align) = (Vec::new(), Vec::new());
    if matrix {
        header.push(String::new());
        align.push(Align::Left);
    }
    header.extend((1..=cols).map(|c| format!("{col_name} {c}")));
    align.extend(std::iter::repeat_n(Align::Right, cols));
    let numbers = value.numbers();
    let cells = (0..rows).map(|r| {
        let mut row = Vec::with_capacity(cols + 1);
        if matrix {
            row.push(format!("{row_name} {}", r + 1));
        }
        row.extend(numbers[r * cols..(r + 1) * cols].iter().map(|x| format(*x, style.precision)));
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
