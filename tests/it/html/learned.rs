//! What the pages show of what the network learned, and how they read without a mouse: the
//! decision boundary nettrace computes for two inputs (each point the network's own output, on
//! the step page before and after the step, in the report at every snapshot), the input as an
//! image, the strongest lines of a big network, and formulas as one named math node.

use super::{DIGITS_CSV, stdout};
use crate::common::{example, nettrace};
use serde_json::Value;

const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The JSON of the page's `<script type="application/json" id="{id}">`.
fn script(html: &str, id: &str) -> Option<Value> {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).unwrap())
}

/// ŷ of the XOR network (2 → 4 tanh → 1 sigmoid, out_in) with the layers `layers` of a file or a
/// trace, at (x₁, x₂), computed here by hand.
fn xor_output(layers: &Value, x: [f64; 2]) -> f64 {
    let f = |v: &Value| v.as_f64().unwrap();
    let (w1, b1, w2, b2) =
        (&layers[0]["weights"], &layers[0]["bias"], &layers[1]["weights"], &layers[1]["bias"]);
    let z2: f64 = (0..4)
        .map(|i| f(&w2[0][i]) * (f(&w1[i][0]) * x[0] + f(&w1[i][1]) * x[1] + f(&b1[i])).tanh())
        .sum::<f64>()
        + f(&b2[0]);
    1.0 / (1.0 + (-z2).exp())
}

/// The point of row `r`, column `c` of an n × n grid over the square from −0.25 to 1.25 (the XOR
/// samples' span, widened by a quarter), rows from the top.
fn point(r: usize, c: usize, n: usize) -> [f64; 2] {
    let at = |k: usize| -0.25 + (k as f64 + 0.5) * 1.5 / n as f64;
    [at(c), at(n - 1 - r)]
}

fn level(y: f64) -> char {
    ALPHABET.as_bytes()[(y * 63.0).round() as usize] as char
}

#[test]
fn the_step_page_of_two_inputs_embeds_the_output_over_the_plane_before_and_after_the_step() {
    let html = stdout(&["run", &example("xor"), "--format", "html"]);
    assert!(html.contains("data-view=\"decision-boundary\""));
    let b = script(&html, "nettrace-boundary").unwrap();
    assert_eq!(
        (b["n"].as_u64(), b["kind"].as_str(), b["threshold"].as_f64()),
        (Some(64), Some("value"), Some(0.5))
    );
    assert_eq!(b["plane"], serde_json::json!({"x": [-0.25, 1.25], "y": [-0.25, 1.25]}));
    assert_eq!(
        b["samples"],
        serde_json::json!([[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(example("xor")).unwrap()).unwrap();
    let trace: Value = serde_json::from_str(&stdout(&["run", &example("xor"), "--json"])).unwrap();
    let updated: Vec<Value> = (1..=2)
        .map(|l| {
            let value = |name: &str| {
                trace["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["name"] == name && s["layer"] == l)
                    .unwrap()["value"]
                    .clone()
            };
            serde_json::json!({"weights": value("weights"), "bias": value("bias")})
        })
        .collect();
    let (before, after) = (b["grids"][0].as_str().unwrap(), b["grids"][1].as_str().unwrap());
    assert_eq!((before.len(), after.len()), (4096, 4096));
    assert_ne!(before, after);
    // The units' activations after the update: ŷ after, for each sample.
    let later = script(&html, "nettrace-after").unwrap();
    for (n, x) in [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]].into_iter().enumerate() {
        let y = later["a"][1][n][0].as_f64().unwrap();
        assert!((y - xor_output(&Value::from(updated.clone()), x)).abs() < 1e-12, "{n}: {y}");
    }
    for (r, c) in [(0, 0), (0, 63), (63, 0), (63, 63), (31, 32), (10, 50)] {
        let k = r * 64 + c;
        let x = point(r, c, 64);
        assert_eq!(before.as_bytes()[k] as char, level(xor_output(&file["layers"], x)), "{r},{c}");
        assert_eq!(
            after.as_bytes()[k] as char,
            level(xor_output(&Value::from(updated.clone()), x)),
            "{r},{c}"
        );
    }
}

#[test]
fn the_report_of_two_inputs_shows_the_boundary_of_every_snapshot_and_xor_learned() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "300", "--report"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    let data = script(&html, "nettrace-report").unwrap();
    let b = &data["boundary"];
    let grids = b["grids"].as_array().unwrap();
    assert_eq!(grids.len(), data["snapshots"].as_array().unwrap().len());
    assert_eq!(b["n"], 32);
    // The last snapshot's network at the grid points nearest the samples: XOR, learned.
    let last = &data["snapshots"][grids.len() - 1]["layers"];
    let grid = grids.last().unwrap().as_str().unwrap();
    for (x, target) in [([0.0f64, 0.0], false), ([0.0, 1.0], true), ([1.0, 0.0], true), ([1.0, 1.0], false)] {
        let (c, r) = ((x[0] + 0.25) / 1.5 * 32.0, 31.0 - (x[1] + 0.25) / 1.5 * 32.0);
        let (r, c) = (r.ceil() as usize, c.floor() as usize);
        let y = xor_output(last, point(r, c, 32));
        assert_eq!(grid.as_bytes()[r * 32 + c] as char, level(y), "{x:?}");
        assert_eq!(y >= 0.5, target, "{x:?}: {y}");
    }
    // Epoch 0's boundary is not XOR's: the network learned it.
    assert_ne!(grids[0], grids[grids.len() - 1]);
}

#[test]
fn a_square_input_is_drawn_as_an_image_and_a_big_network_as_its_strongest_lines() {
    let html =
        stdout(&["run", &example("digits"), "--data", DIGITS_CSV, "--sample", "1", "--format", "html"]);
    assert!(html.contains("data-view=\"input-image\" data-rows=\"8\" data-cols=\"8\""));
    assert!(script(&html, "nettrace-boundary").is_none());
    // 64-32-10: 2,368 weights, of which 200 lines, 173 and 27 by the layers' shares.
    assert!(html.contains("The diagram draws 200 of the 2368 weights, the strongest of each layer"));
    let trace: Value = serde_json::from_str(&stdout(&[
        "run",
        &example("digits"),
        "--data",
        DIGITS_CSV,
        "--sample",
        "1",
        "--json",
    ]))
    .unwrap();
    let w2 = &trace["network"]["layers"][1]["weights"];
    let group =
        html.split("<g class=\"edges\" data-layer=\"2\">").nth(1).unwrap().split("</g>").next().unwrap();
    let drawn: Vec<(usize, usize)> = group
        .split("data-quantity=\"W[2][")
        .skip(1)
        .map(|s| {
            let rc: Vec<usize> =
                s.split(']').take(2).map(|n| n.trim_start_matches('[').parse().unwrap()).collect();
            (rc[0] - 1, rc[1] - 1)
        })
        .collect();
    assert_eq!(drawn.len(), 27);
    let abs = |(r, c): (usize, usize)| w2[r][c].as_f64().unwrap().abs();
    let weakest_drawn = drawn.iter().map(|&p| abs(p)).fold(f64::INFINITY, f64::min);
    for r in 0..10 {
        for c in 0..32 {
            if !drawn.contains(&(r, c)) {
                assert!(abs((r, c)) <= weakest_drawn, "W[2][{}][{}]", r + 1, c + 1);
            }
        }
    }
    // A small network draws every line, with no note.
    let small = stdout(&["run", &example("two_layer"), "--format", "html"]);
    assert!(!small.contains("data-part=\"lines\""));
    // Three inputs: neither an image nor a plane.
    let page = stdout(&["run", &example("softmax_ce"), "--format", "html"]);
    assert!(!page.contains("<figure class=\"view\"") && script(&page, "nettrace-boundary").is_none());
}

#[test]
fn formulas_are_one_math_node_named_by_their_text_and_tables_say_unit() {
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    let formulas = html.matches("<math ").count();
    assert!(formulas > 10, "{formulas}");
    assert_eq!(html.matches("<span class=\"formula\" role=\"math\" aria-label=\"").count(), formulas);
    assert_eq!(html.matches("<math aria-hidden=\"true\" alttext=\"").count(), formulas);
    assert!(html.contains(
        "<span class=\"formula\" role=\"math\" aria-label=\"W[1]\"><math aria-hidden=\"true\" alttext=\"W[1]\">"
    ));
    assert!(html.contains("<th scope=\"col\">unit 1</th>") && !html.contains(">neuron "));
    assert!(html.contains("<input type=\"checkbox\" data-part=\"exact\"> exact values"));
}

/// The digits network with `"input_shape": shape`, written into `dir`.
fn shaped(dir: &std::path::Path, shape: Value) -> String {
    let mut net: Value = serde_json::from_str(&std::fs::read_to_string(example("digits")).unwrap()).unwrap();
    net["input_shape"] = shape;
    let path = dir.join("shaped.json");
    std::fs::write(&path, net.to_string()).unwrap();
    path.display().to_string()
}

#[test]
fn a_file_gives_the_inputs_image_shape_the_pages_draw_and_training_writes_back() {
    let dir = tempfile::tempdir().unwrap();
    let net = shaped(dir.path(), serde_json::json!([4, 16]));
    let html = stdout(&["run", &net, "--data", DIGITS_CSV, "--sample", "1", "--format", "html"]);
    assert!(html.contains("data-view=\"input-image\" data-rows=\"4\" data-cols=\"16\""));
    let (page, output) = (dir.path().join("r.html"), dir.path().join("out.json"));
    let out = nettrace()
        .args(["train", &net, "--data", DIGITS_CSV, "--epochs", "1", "--report"])
        .arg(&page)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let data = script(&std::fs::read_to_string(&page).unwrap(), "nettrace-report").unwrap();
    assert_eq!(data["network"]["input_shape"], serde_json::json!([4, 16]));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(written["input_shape"], serde_json::json!([4, 16]));
}

#[test]
fn an_input_shape_that_is_not_the_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (shape, why) in [
        (serde_json::json!([3, 5]), "is [3, 5] but the input has 64 values; expected rows × columns = 64"),
        (serde_json::json!([8]), "is an array of 1 value; expected [rows, columns], two whole numbers ≥ 1"),
        (serde_json::json!([0, 64]), "is [0, 64]; expected [rows, columns], two whole numbers ≥ 1"),
        (serde_json::json!("8x8"), "is the string \"8x8\"; expected [rows, columns], two whole numbers ≥ 1"),
    ] {
        let net = shaped(dir.path(), shape);
        let out = nettrace().args(["run", &net, "--data", DIGITS_CSV, "--format", "html"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("nettrace: error: {net}: input_shape {why}\n")
        );
    }
}
