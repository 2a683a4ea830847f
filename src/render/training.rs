//! A training run as text: a table of epochs and the loss curve drawn in the terminal.

use super::Style;
use super::cells::{Align, fit, table};
use super::fit::wrap;
use super::table::{bold, dim, section};
use crate::notation::escape::terminal;
use crate::notation::number::{compact, format};
use crate::train::epochs::{EpochRecord, Summary, steps_per_epoch};
use std::io::{self, Write};
use textplots::{Chart, LabelBuilder, LabelFormat, Plot, Shape};

/// The most epochs listed in the table; longer runs show evenly spaced ones.
const TABLE_ROWS: usize = 11;

/// Writes the heading, a table of (some) epochs, the loss curve and the final figures.
pub fn write(
    summary: &Summary,
    records: &[EpochRecord],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let c = &summary.config;
    let title = format!("Training {}: {}", terminal(&summary.source), summary.architecture);
    writeln!(out, "{}", bold(&wrap(&title, style.width, 2), style))?;
    let batch = c.batch_size.min(summary.samples);
    let per_epoch = steps_per_epoch(summary.samples, batch);
    let order = match c.shuffle {
        Some(seed) => format!("shuffled (seed {seed})"),
        None => "file order".to_string(),
    };
    let settings = format!(
        "loss {} · {} samples · batch {batch} ({} per epoch, {order}) · {} · η = {}{}",
        summary.loss,
        summary.samples,
        if per_epoch == 1 { "1 step".to_string() } else { format!("{per_epoch} steps") },
        c.method.name(),
        compact(c.lr),
        match c.schedule {
            crate::train::schedule::Schedule::Constant => String::new(),
            s => format!(" · schedule {s}"),
        }
    );
    writeln!(out, "{}", wrap(&settings, style.width, 2))?;
    if let Some(n) = summary.validation {
        let validation = format!("validation: {n} samples, measured after each epoch (val L, val accuracy)");
        writeln!(out, "{}", wrap(&validation, style.width, 2))?;
    }
    let Some(last) = records.last() else {
        return Ok(());
    };

    section("Epochs (L and accuracy over all samples, after the epoch)", style, out)?;
    let layers = last.grad_norm.len();
    let mut header: Vec<String> = ["epoch", "η", "L"].map(String::from).to_vec();
    if last.accuracy.is_some() {
        header.push("accuracy".to_string());
    }
    header.extend(validation_columns(last).map(String::from));
    header.extend((1..=layers).map(|l| format!("mean ‖∂L/∂θ[{l}]‖")));
    let align = vec![Align::Right; header.len()];
    let mut rows = Vec::new();
    for r in shown(records.len()).map(|i| &records[i]) {
        let mut row =
            vec![r.epoch.to_string(), format(r.lr, style.precision), format(r.loss, style.precision)];
        if let Some(a) = r.accuracy {
            row.push(format!("{:.2}%", 100.0 * a));
        }
        row.extend(r.val_loss.map(|l| format(l, style.precision)));
        row.extend(r.val_accuracy.map(|a| format!("{:.2}%", 100.0 * a)));
        row.extend(r.grad_norm.iter().map(|g| format(*g, style.precision)));
        rows.push(row);
    }
    writeln!(out, "{}", fit(table(header, &align, rows), style.width))?;
    let note = "θ[l] is layer l's weights and bias together; the norm is of each step's batch gradient.";
    writeln!(out, "{}", dim(&wrap(note, style.width, 0), style))?;

    if records.len() > 1 {
        let scale = Scale::of(records);
        section(scale.title(), style, out)?;
        write!(out, "{}", chart(records, scale))?;
    }

    writeln!(out)?;
    let accuracy = match last.accuracy {
        Some(a) => {
            let right = (a * summary.samples as f64).round() as usize;
            format!("; accuracy {right}/{} = {:.2}%", summary.samples, 100.0 * a)
        }
        None => String::new(),
    };
    let accuracy = match (last.val_loss, summary.validation) {
        (Some(l), Some(n)) => {
            let right = last.val_accuracy.map_or(String::new(), |a| {
                format!(", accuracy {}/{n} = {:.2}%", (a * n as f64).round() as usize, 100.0 * a)
            });
            format!("{accuracy}; validation L = {}{right}", format(l, style.precision))
        }
        _ => accuracy,
    };
    let steps = last.epoch * per_epoch;
    let result = format!(
        "After {} epochs ({steps} steps): L = {}{accuracy}",
        last.epoch,
        format(last.loss, style.precision)
    );
    writeln!(out, "{}", bold(&wrap(&result, style.width, 2), style))
}

/// The headers of the validation columns `record` fills.
fn validation_columns(record: &EpochRecord) -> impl Iterator<Item = &'static str> {
    let loss = record.val_loss.map(|_| "val L");
    loss.into_iter().chain(record.val_accuracy.map(|_| "val accuracy"))
}

/// The indices of the epochs listed: all of a short run, else the first, the last and evenly spaced ones.
fn shown(n: usize) -> impl Iterator<Item = usize> {
    let rows = n.min(TABLE_ROWS);
    let mut last = usize::MAX;
    (0..rows).filter_map(move |k| {
        let i = if rows == 1 { 0 } else { k * (n - 1) / (rows - 1) };
        (i != last).then(|| {
            last = i;
            i
        })
    })
}

/// How the loss curve's height is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Linear,
    /// log₁₀ L, when the loss is positive and spans more than two decades.
    Log,
}

impl Scale {
    fn of(records: &[EpochRecord]) -> Scale {
        let (lo, hi) =
            records.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), r| (lo.min(r.loss), hi.max(r.loss)));
        if lo > 0.0 && hi / lo > 100.0 { Scale::Log } else { Scale::Linear }
    }

    /// The heading over the chart: a log scale is said, as its labels alone would not show it.
    fn title(self) -> &'static str {
        match self {
            Scale::Linear => "Loss curve",
            Scale::Log => "Loss curve (log scale)",
        }
    }
}

/// The loss per epoch as a Braille chart, its height scaled by `scale`.
fn chart(records: &[EpochRecord], scale: Scale) -> String {
    let log = scale == Scale::Log;
    let points: Vec<(f32, f32)> = records
        .iter()
        .map(|r| (r.epoch as f32, if log { r.loss.log10() as f32 } else { r.loss as f32 }))
        .collect();
    let shape = Shape::Lines(&points);
    let first = records[0].epoch as f32;
    let last = records[records.len() - 1].epoch as f32;
    let mut chart = Chart::new(120, 40, first, last);
    let chart = chart
        .x_label_format(LabelFormat::Custom(Box::new(|x| format!("epoch {}", x.round()))))
        .y_label_format(LabelFormat::Custom(Box::new(move |y| {
            let v = if log { 10f64.powf(y as f64) } else { y as f64 };
            format!("L = {}", format(v, 3))
        })))
        .lineplot(&shape);
    chart.figures();
    let text = chart.to_string();
    // Braille blanks keep columns aligned in a terminal but are not spaces: keep plain spaces at line ends.
    text.lines().map(|l| format!("{}\n", l.trim_end_matches('\u{2800}'))).collect()
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn long_runs_show_the_first_last_and_evenly_spaced_epochs() {
        assert_eq!(shown(3).collect::<Vec<_>>(), vec![0, 1, 2]);
        let many: Vec<usize> = shown(2000).collect();
        assert_eq!(many.len(), 11);
        assert_eq!((many[0], many[10]), (0, 1999));
    }
}
