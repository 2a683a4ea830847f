//! A training run as text: a table of epochs and the loss curve drawn in the terminal.

use super::Style;
use super::braille::{Braille, Grid};
use super::cells::{Align, fit, table};
use super::fit::wrap;
use super::table::{bold, dim, section};
use crate::notation::escape::terminal;
use crate::notation::number::{compact, format};
use crate::train::epochs::{EpochRecord, Summary, steps_per_epoch};
use plotters::prelude::*;
use std::io::{self, Write};

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
        write!(out, "{}", chart(records, scale, style))?;
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

/// The columns of the loss curve when the output has no width, and the fewest it is drawn in.
const CHART_COLUMNS: usize = 80;
const CHART_MIN_COLUMNS: usize = 24;
/// Its rows: 10 of dots, the axis, the epochs under it and the word "epoch".
const CHART_ROWS: usize = 13;

/// The loss per epoch as a chart of Braille dots (plotters on [`Braille`]) `style.width` columns
/// wide, its height scaled by `scale`, L ticked on the left as tables print it (3 significant
/// digits) and the epochs under it; the line in blue when `style.color`.
fn chart(records: &[EpochRecord], scale: Scale, style: Style) -> String {
    let columns = style.width.unwrap_or(CHART_COLUMNS).max(CHART_MIN_COLUMNS);
    let mut grid = Grid::new(columns, CHART_ROWS);
    let _ = draw_curve(&mut grid, records, scale);
    grid.text(style.color)
}

fn draw_curve(
    grid: &mut Grid,
    records: &[EpochRecord],
    scale: Scale,
) -> Result<(), Box<dyn std::error::Error>> {
    let area = Braille(grid).into_drawing_area();
    let points: Vec<(i64, f64)> =
        records.iter().filter(|r| r.loss.is_finite()).map(|r| (r.epoch as i64, r.loss)).collect();
    let (lo, hi) =
        points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, y)| (lo.min(y), hi.max(y)));
    let (first, last) = (records[0].epoch as i64, records[records.len() - 1].epoch as i64);
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 1.0, hi + 1.0) };
    let labels: Vec<String> = [lo, hi].iter().map(|&y| format(y, 3)).collect();
    // The labels' columns, a space and the axis: two pixels a column, four a row.
    let left = 2 * (labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as u32 + 2);
    let mut builder = ChartBuilder::on(&area);
    builder.x_label_area_size(12).y_label_area_size(left).margin_right(6).margin_top(2);
    let (columns, _) = area.dim_in_pixel();
    let x_labels = (columns as usize / 2 / 10).max(3);
    let font = ("monospace", 1).into_font();
    macro_rules! plot {
        ($chart:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .disable_mesh()
                .set_all_tick_mark_size(0)
                .x_labels(x_labels)
                .y_labels(4)
                .label_style(font.clone())
                .axis_desc_style(font.clone())
                .x_desc("epoch")
                .y_label_formatter(&|y: &f64| format(*y, 3))
                .draw()?;
            chart.draw_series(LineSeries::new(points.iter().copied(), &BLUE))?;
        }};
    }
    match scale {
        Scale::Log => {
            let (lo, hi) = super::plot::log_span(lo, hi);
            plot!(builder.build_cartesian_2d(first..last.max(first + 1), (lo..hi).log_scale())?)
        }
        Scale::Linear => plot!(builder.build_cartesian_2d(first..last.max(first + 1), lo..hi)?),
    }
    Ok(())
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

    use super::{Scale, Style, chart};
    use crate::train::epochs::EpochRecord;

    /// Records of these losses, epochs counted from 1.
    fn history(losses: &[f64]) -> Vec<EpochRecord> {
        losses.iter().zip(1..).map(|(&loss, epoch)| EpochRecord::plain(epoch, loss, vec![])).collect()
    }

    fn plain(width: usize) -> Style {
        Style { width: Some(width), ..Style::default() }
    }

    #[test]
    fn the_loss_curve_puts_each_epoch_on_its_dot() {
        // L falls by 0.1 an epoch from 2 to 0: a straight line, then flat for five epochs.
        let mut losses: Vec<f64> = (0..=20).map(|k| (20 - k) as f64 / 10.0).collect();
        losses.extend([0.0; 5]);
        let records = history(&losses);
        insta::assert_snapshot!("loss_curve_linear_40", chart(&records, Scale::of(&records), plain(40)));
    }

    #[test]
    fn a_log_loss_curve_falls_a_decade_a_step() {
        let losses: Vec<f64> = (0..=6).map(|k| 10f64.powi(-k)).collect();
        let records = history(&losses);
        assert_eq!(Scale::of(&records), Scale::Log);
        insta::assert_snapshot!("loss_curve_log_30", chart(&records, Scale::Log, plain(30)));
    }

    #[test]
    fn the_loss_curve_fills_the_width_and_is_blue_only_in_colour() {
        let records = history(&[0.9, 0.5, 0.3, 0.2, 0.15, 0.1]);
        for width in [24, 50, 80, 131] {
            let text = chart(&records, Scale::Linear, plain(width));
            let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
            assert!(widest <= width && widest + 4 >= width, "{width}:\n{text}");
            assert!(!text.contains('\x1b'), "{text}");
        }
        let coloured = chart(&records, Scale::Linear, Style { color: true, ..plain(50) });
        assert!(coloured.contains("\x1b[34m") && coloured.contains("\x1b[39m"), "{coloured}");
        let stripped = coloured.replace("\x1b[34m", "").replace("\x1b[39m", "");
        assert_eq!(stripped, chart(&records, Scale::Linear, plain(50)));
    }

    #[test]
    fn a_loss_curve_with_no_width_fits_80_columns() {
        let records = history(&[0.9, 0.5, 0.3]);
        let text = chart(&records, Scale::Linear, Style::default());
        assert_eq!(text.lines().map(|l| l.chars().count()).max(), Some(77), "{text}");
    }
}
