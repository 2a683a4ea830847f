//! A line chart of values per epoch as a figure of the report: heading, caption, legend and the
//! chart drawn by plotters as SVG inside the page, so that it shows with scripts off too. The
//! page's script (`assets/chart.js`) adds what a picture cannot: a marker at the snapshot shown
//! and a readout of the values there, placed with the plotting area's frame written on the `<svg>`.

use crate::notation::escape::html;
use crate::notation::number::format;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;

/// The chart's size in SVG units (CSS scales it to the page).
const WIDTH: u32 = 560;
const HEIGHT: u32 = 220;
/// Okabe–Ito: series told apart with every common colour blindness.
const COLORS: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xb2),
    (0xe6, 0x9f, 0x00),
    (0x00, 0x9e, 0x73),
    (0xcc, 0x79, 0xa7),
    (0x56, 0xb4, 0xe9),
    (0xd5, 0x5e, 0x00),
    (0x00, 0x00, 0x00),
    (0xf0, 0xe4, 0x42),
];
/// The dashes of a dashed series, and their gaps.
const DASH: (u32, u32) = (6, 4);

/// One line: its legend, the name the page's script reads its values by, and its points.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    /// `loss`, `val_loss`, `accuracy`, `val_accuracy`, `grad_norm.L`, `inactive.L` or
    /// `saturated.L` (L the layer's index from 0), as `chart.js` reads the embedded data.
    pub key: String,
    pub points: Vec<(i64, f64)>,
    pub dashed: bool,
}

/// A chart: its heading, caption and lines over the epochs `domain`.
#[derive(Debug, Clone)]
pub struct LineChart {
    pub title: &'static str,
    pub caption: String,
    pub series: Vec<Series>,
    /// A log scale: the y axis runs over whole decades; values ≤ 0 leave a gap.
    pub log: bool,
    /// Bounds of the y axis, else those of the values rounded out to ticks.
    pub y_range: Option<(f64, f64)>,
    /// Each value held until the next epoch's (counts), rather than joined by a slope.
    pub step: bool,
}

/// Where the plotting area lies in the SVG: the x of the domain's first and last epoch, the y
/// of its top and bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x0: i32,
    pub x1: i32,
    pub top: i32,
    pub bottom: i32,
}

/// Writes the chart as a `<figure>`: heading, caption, legend, SVG and an empty readout.
pub fn figure(chart: &LineChart, domain: (i64, i64), out: &mut String) {
    let _ = write!(
        out,
        "<figure><h2>{}</h2><figcaption>{}</figcaption>\n<ul class=\"key\">",
        chart.title,
        html(&chart.caption)
    );
    for (i, s) in chart.series.iter().enumerate() {
        let (r, g, b) = COLORS[i % COLORS.len()];
        let dash = if s.dashed { format!("{} {}", DASH.0, DASH.1) } else { "none".into() };
        let _ = write!(
            out,
            "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" \
             stroke=\"#{r:02x}{g:02x}{b:02x}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/></svg>{}</li>",
            html(&s.label)
        );
    }
    out.push_str("</ul>\n");
    out.push_str(&svg(chart, domain));
    out.push_str("<p class=\"readout\" data-part=\"readout\" aria-live=\"off\"></p></figure>\n");
}

/// The chart's `<svg>` element, of class `chart`, its frame and series in data attributes.
pub fn svg(chart: &LineChart, domain: (i64, i64)) -> String {
    let mut text = String::new();
    let frame = {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        let frame = draw(&root, chart, domain).unwrap_or(Frame { x0: 0, x1: 0, top: 0, bottom: 0 });
        let _ = root.present();
        frame
    };
    // plotters' own opening tag, replaced by one the page styles and its script reads.
    let body = text.split_once('>').map_or("", |(_, rest)| rest);
    let labels: Vec<&str> = chart.series.iter().map(|s| s.label.as_str()).collect();
    let series: Vec<serde_json::Value> =
        chart.series.iter().map(|s| serde_json::json!({"label": s.label, "key": s.key})).collect();
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\" data-from=\"{}\" \
         data-to=\"{}\" data-x0=\"{}\" data-x1=\"{}\" data-top=\"{}\" data-bottom=\"{}\" data-series=\"{}\">{body}",
        html(&format!("{}: {}", chart.title, labels.join(", "))),
        domain.0,
        domain.1,
        frame.x0,
        frame.x1,
        frame.top,
        frame.bottom,
        html(&serde_json::Value::from(series).to_string()),
    )
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn draw(root: &Area, chart: &LineChart, domain: (i64, i64)) -> Result<Frame, Box<dyn std::error::Error>> {
    let (lo, hi) = y_range(chart);
    let mut builder = ChartBuilder::on(root);
    builder.margin_top(10).margin_right(20).x_label_area_size(36).y_label_area_size(58);
    let axis = RGBColor(0x5c, 0x5f, 0x66);
    let grid = RGBColor(0xec, 0xec, 0xec);
    // Counts are ticked at whole numbers: no more ticks than there are.
    let y_labels = if chart.step { (hi as usize + 1).min(6) } else { 6 };
    macro_rules! plot {
        ($chart:expr) => {{
            let mut c = $chart;
            c.configure_mesh()
                .disable_x_mesh()
                .bold_line_style(grid)
                .light_line_style(TRANSPARENT)
                .axis_style(axis)
                .label_style(("sans-serif", 13))
                .x_labels(8)
                .y_labels(y_labels)
                .x_desc("epoch")
                .y_label_formatter(&|y: &f64| format(*y, 3))
                .draw()?;
            for (i, s) in chart.series.iter().enumerate() {
                let (r, g, b) = COLORS[i % COLORS.len()];
                let style = RGBColor(r, g, b).stroke_width(2);
                for piece in pieces(&s.points, chart.log, chart.step, lo) {
                    if s.dashed {
                        c.draw_series(DashedLineSeries::new(piece, DASH.0, DASH.1, style))?;
                    } else {
                        c.draw_series(LineSeries::new(piece, style))?;
                    }
                }
            }
            let (x0, top) = c.backend_coord(&(domain.0, hi));
            let (x1, bottom) = c.backend_coord(&(domain.1, lo));
            Frame { x0, x1, top, bottom }
        }};
    }
    let x = domain.0..domain.1;
    Ok(if chart.log {
        plot!(builder.build_cartesian_2d(x, (lo..hi).log_scale())?)
    } else {
        plot!(builder.build_cartesian_2d(x, lo..hi)?)
    })
}

/// The runs of drawable points of a series: a NaN or infinity (or a value ≤ 0 on a log scale)
/// leaves a gap, and a value under the y axis's `lo` is drawn on it; in a step chart each value
/// is held until the next epoch.
fn pieces(points: &[(i64, f64)], log: bool, step: bool, lo: f64) -> Vec<Vec<(i64, f64)>> {
    let drawable = |y: f64| y.is_finite() && (!log || y > 0.0);
    let mut out: Vec<Vec<(i64, f64)>> = Vec::new();
    let mut run: Vec<(i64, f64)> = Vec::new();
    for &(x, y) in points {
        if !drawable(y) {
            out.extend((!run.is_empty()).then(|| std::mem::take(&mut run)));
            continue;
        }
        if let (true, Some(&(_, previous))) = (step, run.last()) {
            run.push((x, previous));
        }
        run.push((x, y.max(lo)));
    }
    out.extend((!run.is_empty()).then_some(run));
    out
}

/// The y axis: the chart's own bounds, else whole decades around the values on a log scale,
/// else the values rounded out to round ticks (about five).
fn y_range(chart: &LineChart) -> (f64, f64) {
    if let Some(range) = chart.y_range {
        return range;
    }
    let values = chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let values: Vec<f64> = values.filter(|y| y.is_finite() && (!chart.log || *y > 0.0)).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if chart.log {
        let (mut a, mut b) =
            if values.is_empty() { (0.0, 1.0) } else { (lo.log10().floor(), hi.log10().ceil()) };
        if a == b {
            (a, b) = (a - 1.0, b + 1.0);
        }
        // A hair past each decade, so that plotters, finding ticks by logarithms, ticks both ends.
        return crate::render::plot::log_span(10f64.powf(a) * (1.0 - 1e-9), 10f64.powf(b) * (1.0 + 1e-9));
    }
    let (lo, hi) = if values.is_empty() { (0.0, 1.0) } else { (lo, hi) };
    let (lo, hi) = if lo == hi { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let mut step = 10f64.powf(((hi - lo) / 5.0).log10().floor());
    if let Some(f) = [1.0, 2.0, 5.0, 10.0].into_iter().find(|f| (hi - lo) / (step * f) <= 5.0) {
        step *= f;
    }
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_and_steps() {
        let points = [(1, 1.0), (2, f64::NAN), (3, 2.0), (4, 0.0), (5, 3.0)];
        assert_eq!(
            pieces(&points, false, false, 0.0),
            vec![vec![(1, 1.0)], vec![(3, 2.0), (4, 0.0), (5, 3.0)]]
        );
        assert_eq!(pieces(&points, true, false, 0.1), vec![vec![(1, 1.0)], vec![(3, 2.0)], vec![(5, 3.0)]]);
        assert_eq!(
            pieces(&points, false, false, 1.5),
            vec![vec![(1, 1.5)], vec![(3, 2.0), (4, 1.5), (5, 3.0)]]
        );
        assert_eq!(
            pieces(&points[2..], false, true, 0.0),
            vec![vec![(3, 2.0), (4, 2.0), (4, 0.0), (5, 0.0), (5, 3.0)]]
        );
    }
}

#[cfg(test)]
mod drawn {
    use super::*;

    /// The `points` of each `<polyline>` drawn in `colour`.
    fn polylines(svg: &str, colour: &str) -> Vec<String> {
        svg.split("<polyline")
            .skip(1)
            .filter(|p| p.contains(&format!("stroke=\"{colour}\"")))
            .filter_map(|p| Some(p.split_once("points=\"")?.1.split_once('"')?.0.trim().to_string()))
            .collect()
    }

    fn chart(points: Vec<(i64, f64)>, log: bool) -> LineChart {
        let series = Series { label: "L".into(), key: "loss".into(), points, dashed: false };
        LineChart {
            title: "Loss",
            caption: String::new(),
            series: vec![series],
            log,
            y_range: None,
            step: false,
        }
    }

    #[test]
    fn each_epoch_is_a_vertex_where_the_frame_puts_it() {
        // L from 1 to 0 over epochs 0..4, then back to ½: the y axis runs 0..1, the x axis 0..5.
        let svg =
            svg(&chart(vec![(0, 1.0), (1, 0.75), (2, 0.5), (3, 0.25), (4, 0.0), (5, 0.5)], false), (0, 5));
        assert!(svg.contains("data-x0=\"58\" data-x1=\"539\" data-top=\"10\" data-bottom=\"183\""), "{svg}");
        insta::assert_snapshot!(polylines(&svg, "#0072B2").join("\n"), @"58,10 154,54 250,97 346,140 442,183 539,97");
    }

    #[test]
    fn a_log_chart_spans_whole_decades_a_decade_to_a_step() {
        let svg =
            svg(&chart(vec![(1, 0.5), (2, 0.05), (3, 0.005), (4, f64::NAN), (5, 0.0005)], true), (1, 5));
        // 0.5 to 0.0005 on decades 1e-4 to 1: 43 pixels a decade; the NaN at epoch 4 is a gap.
        insta::assert_snapshot!(polylines(&svg, "#0072B2").join("\n"), @r"
        58,24 178,67 298,110
        539,153
        ");
    }

    #[test]
    fn a_log_axis_is_ticked_at_both_ends_of_its_decades() {
        let svg = svg(&chart(vec![(1, 0.8), (2, 0.2)], true), (1, 2));
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim()))
            .collect();
        assert!(texts.contains(&"0.1") && texts.contains(&"1"), "{texts:?}");
    }
}
