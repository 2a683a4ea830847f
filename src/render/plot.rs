//! A training run as an SVG picture: the loss per epoch and each layer's gradient norm per epoch.

use crate::notation::escape::terminal;
use crate::notation::number::format;
use crate::train::epochs::EpochRecord;
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 700;

/// The SVG text of two charts, one above the other: L over all samples after each epoch, and
/// the mean gradient norm of each layer. Either uses a log scale when its values are positive
/// and span more than two decades, and then says so in its axis label ("L (log scale)"). Ticks
/// are numbers as tables print them: epochs as integers, "0" rather than "0.0".
pub fn svg(title: &str, records: &[EpochRecord]) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, title, records).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(text)
}

/// A log axis from `lo` to `hi`, raised at the bottom to 300 decades under `hi` when it spans more:
/// past the largest f64 ratio, plotters would look for ticks without end (a diverged run's loss
/// can go from 1e-3 to 1e307).
pub fn log_span(lo: f64, hi: f64) -> (f64, f64) {
    (lo.max(hi * 1e-300), hi)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn draw(root: &Area, title: &str, records: &[EpochRecord]) -> Result<(), Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    // plotters writes `<`, `&` and quotes as XML entities; the characters XML has no place for
    // (controls, ESC, NUL; U+FFFE and U+FFFF) are shown as escapes or replaced.
    let title = terminal(title).replace(['\u{fffe}', '\u{ffff}'], "\u{fffd}");
    let root = root.titled(&title, ("sans-serif", 22))?;
    // With validation data: the accuracies too, in a third chart.
    let validated = records.iter().any(|r| r.val_accuracy.is_some());
    let (top, bottom) = root.split_vertically(if validated { HEIGHT / 3 - 14 } else { HEIGHT / 2 - 20 });
    let (bottom, accuracy) = match validated {
        true => {
            let (b, a) = bottom.split_vertically(HEIGHT / 3 - 14);
            (b, Some(a))
        }
        false => (bottom, None),
    };
    let loss: Vec<(f64, f64)> = records.iter().map(|r| (r.epoch as f64, r.loss)).collect();
    let val_loss: Vec<(f64, f64)> =
        records.iter().filter_map(|r| r.val_loss.map(|l| (r.epoch as f64, l))).collect();
    let losses = if val_loss.is_empty() {
        vec![("L".to_string(), loss)]
    } else {
        vec![("L".to_string(), loss), ("validation L".to_string(), val_loss)]
    };
    series(&top, "Loss L over all samples, after each epoch", "L", &losses)?;
    if let Some(area) = accuracy {
        let of = |f: fn(&EpochRecord) -> Option<f64>| -> Vec<(f64, f64)> {
            records.iter().filter_map(|r| f(r).map(|a| (r.epoch as f64, a))).collect()
        };
        let lines = [
            ("accuracy".to_string(), of(|r| r.accuracy)),
            ("validation accuracy".to_string(), of(|r| r.val_accuracy)),
        ];
        series(&area, "Accuracy after each epoch", "accuracy", &lines)?;
    }
    let layers = records.first().map_or(0, |r| r.grad_norm.len());
    let norms: Vec<(String, Vec<(f64, f64)>)> = (0..layers)
        .map(|l| {
            let points = records.iter().map(|r| (r.epoch as f64, r.grad_norm[l])).collect();
            (format!("layer {}", l + 1), points)
        })
        .collect();
    series(&bottom, "Gradient norm per layer, mean over each epoch's steps", "mean ‖∂L/∂θ[l]‖", &norms)
}

fn series(
    area: &Area,
    caption: &str,
    y_label: &str,
    lines: &[(String, Vec<(f64, f64)>)],
) -> Result<(), Box<dyn std::error::Error>> {
    // A NaN or infinity leaves a gap: plotters cannot scale to it.
    let points = lines.iter().flat_map(|(_, p)| p.iter()).filter(|(_, y)| y.is_finite());
    let (x0, x1, lo, hi) = points
        .fold((f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY), |a, &(x, y)| {
            (a.0.min(x), a.1.max(x), a.2.min(y), a.3.max(y))
        });
    if !x0.is_finite() {
        return Ok(());
    }
    // Epochs are whole numbers: an integer axis puts its ticks on them and prints "200", not "200.0".
    let (x0, x1) = (x0 as i64, x1 as i64);
    let x1 = if x1 > x0 { x1 } else { x0 + 1 };
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, ("sans-serif", 16))
        .margin(10)
        .margin_right(40)
        .x_label_area_size(40)
        .y_label_area_size(80);
    let colors = [&BLUE, &RED, &GREEN, &MAGENTA, &CYAN, &BLACK];
    macro_rules! plot {
        ($chart:expr, $y_desc:expr, $floor:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .x_desc("epoch")
                .y_desc($y_desc)
                .y_label_formatter(&|y: &f64| format(*y, 6))
                .draw()?;
            for (i, (name, p)) in lines.iter().enumerate() {
                let color = colors[i % colors.len()];
                let mut pieces = p.split(|(_, y)| !y.is_finite()).filter(|piece| !piece.is_empty());
                let line = |piece: &[(f64, f64)]| {
                    LineSeries::new(piece.iter().map(|&(x, y)| (x as i64, y.max($floor))), color)
                };
                if let Some(first) = pieces.next() {
                    chart
                        .draw_series(line(first))?
                        .label(name.as_str())
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
                }
                for piece in pieces {
                    chart.draw_series(line(piece))?;
                }
            }
            chart.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
        }};
    }
    if lo > 0.0 && hi / lo > 100.0 {
        let (lo, hi) = log_span(lo, hi);
        plot!(
            builder.build_cartesian_2d(x0..x1, (lo..hi).log_scale())?,
            format!("{y_label} (log scale)"),
            lo
        );
    } else {
        let (lo, hi) = if hi > lo { (lo.min(0.0), hi) } else { (lo - 1.0, hi + 1.0) };
        plot!(builder.build_cartesian_2d(x0..x1, lo..hi * 1.05)?, y_label.to_string(), lo);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::svg;
    use crate::train::epochs::EpochRecord;

    #[test]
    fn a_log_axis_spans_at_most_300_decades() {
        assert_eq!(super::log_span(1e-3, 1e307), (1e7, 1e307));
        assert_eq!(super::log_span(0.5, 80.0), (0.5, 80.0));
    }

    #[test]
    fn the_loss_line_has_a_vertex_at_each_epoch() {
        let record = |epoch: u64, loss: f64| EpochRecord::plain(epoch, loss, vec![1.0 / epoch as f64]);
        let records: Vec<EpochRecord> =
            [0.8, 0.6, 0.4, 0.3, 0.25].iter().zip(1..).map(|(&l, e)| record(e, l)).collect();
        let svg = svg("xor", &records).unwrap();
        // plotters draws the first series in blue: the loss in the top chart, layer 1's norm below.
        let lines: Vec<&str> = svg
            .split("<polyline")
            .filter(|p| p.contains("stroke=\"#0000FF\""))
            .filter_map(|p| {
                p.split_once("points=\"")
                    .and_then(|(_, rest)| rest.split_once('"'))
                    .map(|(pts, _)| pts.trim())
            })
            .collect();
        // The loss over epochs 1 to 5, its legend's swatch, layer 1's norm 1/epoch, its swatch.
        insta::assert_snapshot!(lines.join("\n"), @r"
        90,71 282,130 474,189 666,218 859,233
        810,183 830,183
        90,402 282,526 474,567 666,588 859,600
        777,519 797,519
        ");
    }
}
