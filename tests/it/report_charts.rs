//! The report's line charts are SVG in the page as written (drawn by nettrace, shown with scripts
//! off too): one per chart, each stating its plotting area and the keys of its lines for the
//! script's marker and readout, the loss line with a vertex per epoch from epoch 0.

use crate::common::{example, nettrace};

fn report(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    nettrace()
        .args(["train", &example("xor"), "--lr", "0.5"])
        .args(args)
        .arg("--report")
        .arg(&page)
        .assert()
        .success();
    std::fs::read_to_string(page).unwrap()
}

/// The `points` of the polylines drawn in `colour` in the first `<svg class="chart">` after `title`.
fn lines(page: &str, title: &str, colour: &str) -> Vec<String> {
    let chart = page.split(&format!("<h2>{title}</h2>")).nth(1).unwrap().split("</svg>\n<p").next().unwrap();
    chart
        .split("<polyline")
        .filter(|p| p.contains(&format!("stroke=\"{colour}\"")))
        .filter_map(|p| Some(p.split_once("points=\"")?.1.split_once('"')?.0.trim().to_string()))
        .collect()
}

#[test]
fn the_charts_are_svg_in_the_page_with_their_frame_and_keys() {
    let page = report(&["--epochs", "3"]);
    assert_eq!(page.matches("<svg class=\"chart\"").count(), 4, "loss, accuracy, gradient norms, units");
    for title in ["Loss", "Accuracy", "Gradient norms", "Inactive and saturated units"] {
        assert!(page.contains(&format!("<figure><h2>{title}</h2>")), "{title}");
    }
    assert!(page.contains(
        "aria-label=\"Loss: L over the training data\" data-from=\"0\" data-to=\"3\" data-x0=\"58\" data-x1=\"539\" \
         data-top=\"10\" data-bottom=\"183\" data-series=\"[{&quot;label&quot;:&quot;L over the training data&quot;,&quot;key&quot;:&quot;loss&quot;}]\""
    ));
    assert!(page.contains("&quot;key&quot;:&quot;grad_norm.1&quot;"));
    assert!(page.contains("&quot;key&quot;:&quot;saturated.0&quot;"));
    // Epochs 0 to 3 at x = 58, 218, 378, 539 (the frame's x0 to x1 in thirds).
    let loss = lines(&page, "Loss", "#0072B2");
    assert_eq!(loss.len(), 1, "{loss:?}");
    let xs: Vec<&str> = loss[0].split(' ').map(|p| p.split(',').next().unwrap()).collect();
    assert_eq!(xs, ["58", "218", "378", "539"], "{loss:?}");
    assert!(!page.contains("<noscript><p>This page draws its charts"));
}

#[test]
fn validation_lines_are_dashed_in_the_chart_and_its_legend() {
    let page = report(&["--epochs", "4", "--holdout", "0.5", "--seed", "1"]);
    assert!(page.contains("stroke=\"#e69f00\" stroke-width=\"3\" stroke-dasharray=\"6 4\"/></svg>L over the validation data</li>"));
    // A dashed line is drawn as dashes: many short polylines in the second colour.
    assert!(lines(&page, "Loss", "#E69F00").len() > 10);
}
