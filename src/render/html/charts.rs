//! The report's charts per epoch: the loss, the accuracy, each layer's gradient norm and the
//! inactive and saturated units, each a [`LineChart`] of the run's records.

use super::line_chart::{LineChart, Series, figure};
use super::report::Report;
use crate::notation::plural;

/// Writes the charts (after a warning when training diverged) into the charts section.
pub fn write(report: &Report, out: &mut String) {
    if let Some(epoch) = report.diverged_after {
        out.push_str(&format!(
            "<p class=\"warn\">Training diverged after epoch {epoch}: the report ends with the last epoch whose numbers were finite.</p>\n"
        ));
    }
    let initial = report.recording.snapshots.first().filter(|s| s.epoch == 0);
    let first = if initial.is_some() { 0 } else { 1 };
    let last = report.records.last().map_or(1, |r| r.epoch as i64);
    let domain = (first, last.max(first + 1));
    figure(&loss(report), domain, out);
    if let Some(chart) = accuracy(report) {
        figure(&chart, domain, out);
    }
    figure(&norms(report), domain, out);
    match units(report) {
        Some(chart) => figure(&chart, domain, out),
        None => out.push_str(
            "<h2>Inactive and saturated units</h2>\n<p class=\"note\">No layer is ReLU, sigmoid or tanh \
             (a bce sigmoid output does not count): no unit can be inactive or saturated.</p>\n",
        ),
    }
}

fn series(label: &str, key: &str, points: Vec<(i64, f64)>, dashed: bool) -> Series {
    Series { label: label.to_string(), key: key.to_string(), points, dashed }
}

/// L per epoch, from the initial network's when there is a snapshot of it; on a log scale when
/// it is positive and spans more than two decades.
fn loss(report: &Report) -> LineChart {
    let initial = report.recording.snapshots.first().filter(|s| s.epoch == 0);
    let mut points: Vec<(i64, f64)> = initial.map(|s| (0, s.loss)).into_iter().collect();
    points.extend(report.records.iter().map(|r| (r.epoch as i64, r.loss)));
    let positive = points.iter().all(|p| p.1 > 0.0);
    let ys: Vec<f64> = points.iter().map(|p| p.1).filter(|y| y.is_finite()).collect();
    let (lo, hi) = ys.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| (a.min(y), b.max(y)));
    let log = positive && ys.len() > 1 && hi / lo > 100.0;
    let mut lines = vec![series("L over the training data", "loss", points, false)];
    if report.records.iter().any(|r| r.val_loss.is_some()) {
        let val = report.records.iter().filter_map(|r| r.val_loss.map(|l| (r.epoch as i64, l))).collect();
        lines.push(series("L over the validation data", "val_loss", val, true));
    }
    let caption = format!(
        "L after each epoch, with the epoch's final parameters{}{}.",
        if initial.is_some() { " (epoch 0: the initial network)" } else { "" },
        if log { "; log scale" } else { "" }
    );
    LineChart { title: "Loss", caption, series: lines, log, y_range: None, step: false }
}

/// The fraction classified right, for bce and cross-entropy.
fn accuracy(report: &Report) -> Option<LineChart> {
    let records = report.records;
    let of = |f: fn(&crate::train::epochs::EpochRecord) -> Option<f64>| -> Vec<(i64, f64)> {
        records.iter().filter_map(|r| f(r).map(|a| (r.epoch as i64, a))).collect()
    };
    if !records.iter().any(|r| r.accuracy.is_some()) {
        return None;
    }
    let mut lines = vec![series("accuracy on the training data", "accuracy", of(|r| r.accuracy), false)];
    if records.iter().any(|r| r.val_accuracy.is_some()) {
        lines.push(series("accuracy on the validation data", "val_accuracy", of(|r| r.val_accuracy), true));
    }
    let caption = "The fraction of samples classified right after each epoch.".to_string();
    Some(LineChart { title: "Accuracy", caption, series: lines, log: false, y_range: None, step: false })
}

/// Each layer's mean gradient norm, on a log scale.
fn norms(report: &Report) -> LineChart {
    let lines = (0..report.network.layers.len())
        .map(|l| {
            let points = report.records.iter().map(|r| (r.epoch as i64, r.grad_norm[l])).collect();
            series(&format!("layer {}", l + 1), &format!("grad_norm.{l}"), points, false)
        })
        .collect();
    LineChart {
        title: "Gradient norms",
        caption: "Per layer, the mean over the epoch's steps of ‖(∂L/∂W[l], ∂L/∂b[l])‖₂; log scale, so vanishing and exploding gradients show as lines falling or rising by decades.".to_string(),
        series: lines,
        log: true,
        y_range: None,
        step: false,
    }
}

/// The counts of inactive ReLU units and saturated sigmoid or tanh units per layer; none when no
/// layer can have them.
fn units(report: &Report) -> Option<LineChart> {
    let counts = &report.recording.units;
    let layers = &report.network.layers;
    let mut lines = Vec::new();
    for (l, layer) in layers.iter().enumerate() {
        let (activation, units) = (layer.activation.name(), plural(layer.neurons(), "unit"));
        let of = |f: fn(&crate::train::snapshots::Units) -> &Vec<usize>| -> Vec<(i64, f64)> {
            counts.iter().map(|u| (u.epoch as i64, f(u)[l] as f64)).collect()
        };
        if activation == "relu" {
            let label = format!("inactive, layer {} (relu, {units})", l + 1);
            lines.push(series(&label, &format!("inactive.{l}"), of(|u| &u.inactive), false));
        }
        let bce_output = l + 1 == layers.len() && report.summary.loss == "bce";
        if (activation == "sigmoid" && !bce_output) || activation == "tanh" {
            let label = format!("saturated, layer {} ({activation}, {units})", l + 1);
            lines.push(series(&label, &format!("saturated.{l}"), of(|u| &u.saturated), true));
        }
    }
    if lines.is_empty() {
        return None;
    }
    // Room above the highest count, so that a line at it stays clear of the frame.
    let top = lines.iter().flat_map(|s| s.points.iter().map(|p| p.1)).fold(1.0, f64::max);
    Some(LineChart {
        title: "Inactive and saturated units",
        caption: "After each epoch, over the training data: ReLU units with z ≤ 0 for every sample (no gradient reaches their weights), and sigmoid or tanh units with φ′(z) < 0.001 for every sample.".to_string(),
        series: lines,
        log: false,
        y_range: Some((0.0, top + (top / 10.0).ceil().max(1.0))),
        step: true,
    })
}
