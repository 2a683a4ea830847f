//! The trace as tables, grouped by phase, each titled with its formula and shape.

use super::Style;
use super::grid::{Align, Grid};
use super::number::format;
use crate::trace::{Phase, Step, Trace, Value};
use std::io::{self, Write};

/// Writes `trace` as tables.
pub fn write(trace: &Trace, style: Style, out: &mut dyn Write) -> io::Result<()> {
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

    section("Given", style, out)?;
    block("a[0] = x (input)", &trace.input, units, style, out)?;
    block("y (target)", &trace.target, units, style, out)?;
    for (l, layer) in info.layers.iter().enumerate() {
        let n = l + 1;
        let kind = if info.layout == "in_out" { "rows = inputs" } else { "rows = neurons" };
        block(&format!("W[{n}] ({kind})"), &layer.weights, weights, style, out)?;
        let fixed = if layer.trainable_bias { "" } else { " (not trainable)" };
        block(&format!("b[{n}]{fixed}"), &layer.bias, Labels::Units, style, out)?;
    }

    let mut phase = None;
    for step in &trace.steps {
        if phase != Some(step.phase) {
            phase = Some(step.phase);
            let heading = match step.phase {
                Phase::Forward => "Forward pass".to_string(),
                Phase::Loss => "Loss".to_string(),
                Phase::Backward => "Backward pass".to_string(),
                Phase::Update => format!("Update (η = {})", info.learning_rate),
            };
            section(&heading, style, out)?;
        }
        let labels = match step.name {
            "grad_weights" | "weights" => weights,
            "grad_bias" | "bias" => Labels::Units,
            _ => units,
        };
        write_step(step, labels, style, out)?;
    }
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
    )
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
    let mut grid = Grid::default();
    if matrix {
        grid.header.push(String::new());
        grid.align.push(Align::Left);
    }
    grid.header.extend((1..=cols).map(|c| format!("{col_name} {c}")));
    grid.align.extend(std::iter::repeat_n(Align::Right, cols));
    let numbers = value.numbers();
    grid.rows.reserve(rows);
    for r in 0..rows {
        let mut row = Vec::with_capacity(cols + 1);
        if matrix {
            row.push(format!("{row_name} {}", r + 1));
        }
        row.extend(numbers[r * cols..(r + 1) * cols].iter().map(|x| format(*x, style.precision)));
        grid.rows.push(row);
    }
    writeln!(out, "{}", grid.render())
}

fn section(title: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let rule = "─".repeat(60usize.saturating_sub(title.chars().count() + 4));
    writeln!(out)?;
    if style.color {
        writeln!(out, "\x1b[1;36m── {title} {rule}\x1b[0m")
    } else {
        writeln!(out, "── {title} {rule}")
    }
}

fn bold(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() }
}

fn dim(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_string() }
}
