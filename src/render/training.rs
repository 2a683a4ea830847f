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
    heading(summary, style, out)?;
    let Some(last) = records.last() else {
        return Ok(());
    };
    section("Epochs (L and accuracy over all samples, after the epoch)", style, out)?;
    epochs(summary, records, style, out)?;
    if records.len() > 1 {
        let scale = Scale::of(records);
        section(scale.title(), style, out)?;
        write!(out, "{}", chart(records, scale))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", bold(&wrap(&result(summary, last, style), style.width, 2), style))
}

/// The title, the settings and the validation set.
fn heading(summary: &Summary, style: Style, out: &mut dyn Write) -> io::Result<()> {
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
        let validation = format!("validation: {n} samples, measured after each epoch (val L, val acc)");
        writeln!(out, "{}", wrap(&validation, style.width, 2))?;
    }
    Ok(())
}

/// The table of (some) epochs. Headers are short words, so that no header word or number is
/// split at 80 columns: η only when a schedule changes it, `val acc`, and `‖g[l]‖` for the mean
/// gradient norm of layer l, said under the table.
fn epochs(summary: &Summary, records: &[EpochRecord], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let last = records.last().expect("a run with epochs");
    let scheduled = !matches!(summary.config.schedule, crate::train::schedule::Schedule::Constant);
    let mut header: Vec<String> = vec!["epoch".to_string()];
    if scheduled {
        header.push("η".to_string());
    }
    header.push("L".to_string());
    if last.accuracy.is_some() {
        header.push("accuracy".to_string());
    }
    header.extend(validation_columns(last).map(String::from));
    header.extend((1..=last.grad_norm.len()).map(|l| format!("‖g[{l}]‖")));
    let p = style.precision;
    let rows: Vec<Vec<String>> = shown(records.len())
        .map(|i| &records[i])
        .map(|r| {
            let mut row = vec![r.epoch.to_string()];
            row.extend(scheduled.then(|| format(r.lr, p)));
            row.push(format(r.loss, p));
            row.extend(r.accuracy.map(|a| format!("{:.2}%", 100.0 * a)));
            row.extend(r.val_loss.map(|l| format(l, p)));
            row.extend(r.val_accuracy.map(|a| format!("{:.2}%", 100.0 * a)));
            row.extend(r.grad_norm.iter().map(|g| format(*g, p)));
            row
        })
        .collect();
    // Where the numbers alone are wider than the screen, the gradient norms (the least read)
    // are left out rather than a number split.
    let norms = last.grad_norm.len();
    let mut keep = header.len();
    while style.width.is_some_and(|w| least_width(&header[..keep], &rows, keep) > w)
        && keep + norms > header.len()
    {
        keep -= 1;
    }
    let rows_len = header.len();
    let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r[..keep].to_vec()).collect();
    header.truncate(keep);
    let align = vec![Align::Right; keep];
    writeln!(out, "{}", fit(table(header, &align, rows), style.width))?;
    let mut note = "‖g[l]‖ is the mean, over the epoch's steps, of the norm of the batch gradient of layer l's weights and bias together.".to_string();
    if keep < rows_len {
        let shown = norms - (rows_len - keep);
        note.push_str(&match shown {
            0 => " They are left out at this width: see a wider --width, or --json.".to_string(),
            k if k + 1 == norms => {
                format!(" That of layer {norms} is left out at this width: see a wider --width, or --json.")
            }
            k => format!(
                " Those of layers {} to {norms} are left out at this width: see a wider --width, or --json.",
                k + 1
            ),
        });
    }
    writeln!(out, "{}", dim(&wrap(&note, style.width, 0), style))
}

/// The columns the first `keep` columns of a table of `header` over `rows` need with no word or
/// number split: each column's widest cell or header word, a space either side and a rule.
fn least_width(header: &[String], rows: &[Vec<String>], keep: usize) -> usize {
    let word = |c: usize| header[c].split_whitespace().map(super::fit::width).max().unwrap_or(0);
    let widths =
        (0..keep).map(|c| rows.iter().map(|r| super::fit::width(&r[c])).max().unwrap_or(0).max(word(c)) + 3);
    1 + widths.sum::<usize>()
}

/// The final line: the loss and accuracy after the last epoch, and on the validation set.
fn result(summary: &Summary, last: &EpochRecord, style: Style) -> String {
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
    let per_epoch = steps_per_epoch(summary.samples, summary.config.batch_size.min(summary.samples));
    let steps = last.epoch * per_epoch;
    format!(
        "After {} ({}): L = {}{accuracy}",
        crate::notation::plural(last.epoch as usize, "epoch"),
        crate::notation::plural(steps as usize, "step"),
        format(last.loss, style.precision)
    )
}

/// The headers of the validation columns `record` fills.
fn validation_columns(record: &EpochRecord) -> impl Iterator<Item = &'static str> {
    let loss = record.val_loss.map(|_| "val L");
    loss.into_iter().chain(record.val_accuracy.map(|_| "val acc"))
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
