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
        ($chart:expr, $y_desc:expr) => {{
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
                let line =
                    |piece: &[(f64, f64)]| LineSeries::new(piece.iter().map(|&(x, y)| (x as i64, y)), color);
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
        plot!(builder.build_cartesian_2d(x0..x1, (lo..hi).log_scale())?, format!("{y_label} (log scale)"));
    } else {
        let (lo, hi) = if hi > lo { (lo.min(0.0), hi) } else { (lo - 1.0, hi + 1.0) };
        plot!(builder.build_cartesian_2d(x0..x1, lo..hi * 1.05)?, y_label.to_string());
    }
    Ok(())
}
