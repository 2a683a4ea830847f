//! The trace as tables, grouped by phase, each titled with its formula and shape.

use super::Style;
use super::Traced;
use super::cells::{Align, table};
use super::fit;
use crate::notation;
use crate::notation::escape::terminal;
use crate::notation::number::{compact, format};
use crate::step::{Axis, Phase, Quantity, Shape, Step, View};
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
    let mut chunks = Vec::new();
    let mut out: Vec<u8> = Vec::new();
    header(traced, style, &mut out)?;
    given(step, style, &mut out)?;
    computed(step, style, &mut out, &mut chunks)?;
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

/// The title and the conventions line.
fn header(traced: &Traced, style: Style, out: &mut Vec<u8>) -> io::Result<()> {
    let step = traced.step;
    let title = match (traced.name.map(terminal), traced.description.map(terminal)) {
        (Some(n), Some(d)) => format!("{n}: {d}"),
        (Some(n), None) => n,
        (None, Some(d)) => d,
        (None, None) => "network".to_string(),
    };
    writeln!(out, "{}", bold(&fit::wrap(&title, style.width, 2), style))?;
    let n = step.samples.len();
    let samples = if n == 1 { "1 sample".to_string() } else { format!("{n} samples") };
    let rounding = step.round.map_or(String::new(), |k| format!(" · every value rounded to {k} decimals"));
    let conventions = format!(
        "layout {} · loss {} · η = {} · {samples}{rounding}",
        step.network.layout.name(),
        step.network.loss.name(),
        compact(step.learning_rate)
    );
    writeln!(out, "{}", fit::wrap(&conventions, style.width, 2))
}

/// The given values: a[0], y, and each layer's W and b.
fn given(step: &Step, style: Style, out: &mut Vec<u8>) -> io::Result<()> {
    section(heading(Phase::Given), style, out)?;
    block("a[0] = x (input)", &step.view(Quantity::Input), style, out)?;
    block("y (target)", &step.view(Quantity::Target), style, out)?;
    for (l, layer) in step.network.layers.iter().enumerate() {
        let n = l + 1;
        let w = step.view(Quantity::Weights(n));
        let rows = w.axes().0.map_or("", Axis::name);
        block(&format!("W[{n}] (rows = {rows}s)"), &w, style, out)?;
        let fixed = if layer.trainable_bias { "" } else { " (not trainable)" };
        block(&format!("b[{n}]{fixed}"), &step.view(Quantity::Bias(n)), style, out)?;
    }
    Ok(())
}

/// Every computed quantity under its formula, a chunk ending where the phase or layer changes;
/// the last chunk is left in `out`.
fn computed(step: &Step, style: Style, out: &mut Vec<u8>, chunks: &mut Vec<Chunk>) -> io::Result<()> {
    let mut phase = None;
    let mut group = (None, None);
    let mut current = heading(Phase::Given).to_string();
    for q in step.computed() {
        let (p, layer) = (q.phase(), q.layer());
        if group != (Some(p), layer) {
            group = (Some(p), layer);
            let text = String::from_utf8(std::mem::take(out)).expect("tables are UTF-8");
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
            section(&heading, style, out)?;
        }
        write_quantity(&notation::formula(step, q), &step.view(q), style, out)?;
    }
    let text = String::from_utf8(std::mem::take(out)).expect("tables are UTF-8");
    chunks.push(Chunk { title: current, text });
    Ok(())
}

fn heading(phase: Phase) -> &'static str {
    crate::notation::phase(phase)
}

fn signed(x: f64, precision: usize) -> String {
    let s = format(x, precision);
    if x > 0.0 { format!("+{s}") } else { s }
}

fn write_quantity(formula: &str, view: &View, style: Style, out: &mut dyn Write) -> io::Result<()> {
    if view.shape() == Shape::Scalar {
        writeln!(out, "{}", fit::wrap(formula, style.width, 2))?;
        return writeln!(out, "  = {}", format(view.at(0, 0), style.precision));
    }
    block(formula, view, style, out)
}

/// A vector or a matrix under its title, rows and columns named by what they run over (a
/// vector's one row unnamed).
fn block(title: &str, view: &View, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let (rows, cols) = view.size();
    let title = format!("{}  {}", title, dim(&format!("[{rows}×{cols}]"), style));
    writeln!(out, "{}", fit::wrap(&title, style.width, 2))?;
    let (row_axis, col_axis) = view.axes();
    let (row_name, col_name) = (row_axis.map_or("", Axis::name), col_axis.map_or("", Axis::name));
    let matrix = row_axis.is_some();
    let shown_rows = super::rows_shown(rows, cols, style);
    let col_label = |c: usize| format!("{col_name} {}", c + 1);
    let row_label = |r: &Option<usize>| r.map_or("…".to_string(), |r| format!("{row_name} {}", r + 1));
    // Every column of the rows shown, to measure them before choosing the columns that fit.
    let grid: Vec<Vec<String>> = shown_rows
        .iter()
        .map(|r| match r {
            Some(r) => (0..cols).map(|c| format(view.at(*r, c), style.precision)).collect(),
            None => vec!["…".to_string(); cols],
        })
        .collect();
    let widths: Vec<usize> = (0..cols)
        .map(|c| grid.iter().map(|row| fit::width(&row[c])).max().unwrap_or(0).max(fit::width(&col_label(c))))
        .collect();
    let labels_width = shown_rows.iter().map(|r| fit::width(&row_label(r))).max().unwrap_or(0);
    let rest = if matrix { fit::cell(labels_width) + 1 } else { 1 };
    let edge = (!style.full && super::too_big(rows, cols)).then_some(super::EDGE);
    let limit = if style.full { None } else { style.width };
    let shown_cols = fit::columns(&widths, rest, limit, edge);
    let (mut header, mut align) = (Vec::new(), Vec::new());
    if matrix {
        header.push(String::new());
        align.push(Align::Left);
    }
    header.extend(shown_cols.iter().map(|c| c.map_or("…".to_string(), col_label)));
    align.extend(std::iter::repeat_n(Align::Right, shown_cols.len()));
    let cells = shown_rows.iter().zip(&grid).map(|(r, row)| {
        let mut cells = Vec::with_capacity(shown_cols.len() + 1);
        if matrix {
            cells.push(row_label(r));
        }
        cells.extend(shown_cols.iter().map(|c| c.map_or("…".to_string(), |c| row[c].clone())));
        cells
    });
    writeln!(out, "{}", table(header, &align, cells))
}

pub(crate) fn section(title: &str, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let rule = "─".repeat(style.width.unwrap_or(60).min(60).saturating_sub(fit::width(title) + 4));
    let line = fit::wrap(&format!("── {title} {rule}"), style.width, 3);
    writeln!(out)?;
    if style.color { writeln!(out, "\x1b[1;36m{line}\x1b[0m") } else { writeln!(out, "{line}") }
}

pub(crate) fn bold(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() }
}

pub(crate) fn dim(s: &str, style: Style) -> String {
    if style.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_string() }
}
