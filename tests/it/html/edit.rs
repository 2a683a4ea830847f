//! The step page's editable numbers: every given number (weights, biases, inputs, targets, η)
//! carries `data-edit` with its name in the notes' math, in the tables and the diagram, and the
//! tools to change the network are there.

use super::markup::{Tag, parse, text_of};
use super::{DIGITS_CSV, stdout};
use crate::common::example;
use std::collections::BTreeMap;

/// `data-edit` name → text, of every table cell (or η) that has one, in page order.
fn table_names(html: &str, tags: &[Tag]) -> Vec<(String, String)> {
    tags.iter()
        .filter(|t| t.name != "path" && t.name != "rect" && t.name != "circle" && t.name != "text")
        .filter_map(|t| t.attributes.get("data-edit").map(|n| (n.clone(), text_of(html, t).to_string())))
        .collect()
}

/// `data-quantity` → `data-edit` of the diagram's elements that have both.
fn diagram_names(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|t| {
            Some((t.attributes.get("data-quantity")?.clone(), t.attributes.get("data-edit")?.clone()))
        })
        .collect()
}

#[test]
fn every_given_number_of_the_tables_carries_its_math_name() {
    // two_layer is in_out: the file's row 2, column 1 of W[1] is the weight into unit 1 from input 2.
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    let tags = parse(&html);
    let names: Vec<String> = table_names(&html, &tags).into_iter().map(|(n, t)| format!("{n}={t}")).collect();
    assert_eq!(
        names,
        [
            "x[1]=1",
            "x[2]=2",
            "y[1]=1",
            "W[1][1][1]=0.1",
            "W[1][2][1]=0.2",
            "W[1][1][2]=0.3",
            "W[1][2][2]=0.4",
            "b[1][1]=0",
            "b[1][2]=0",
            "W[2][1][1]=0.5",
            "W[2][1][2]=0.6",
            "b[2][1]=0",
            "η=0.1",
        ]
    );
}

#[test]
fn the_diagrams_weights_biases_and_inputs_carry_their_math_names_in_either_layout() {
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    let names = diagram_names(&parse(&html));
    // in_out: data-quantity is the file's place (row = input), data-edit the math (row = unit).
    assert_eq!(names["W[1][2][1]"], "W[1][1][2]");
    assert_eq!(names["W[2][2][1]"], "W[2][1][2]");
    assert_eq!(names["b[1][2]"], "b[1][2]");
    assert_eq!(names["a[0][2]"], "x[2]");
    assert!(!names.contains_key("a[1][1]"));
    let html = stdout(&["run", &example("softmax_ce"), "--format", "html"]);
    let tags = parse(&html);
    let names = diagram_names(&tags);
    let out_in = names.iter().filter(|(q, e)| q.starts_with('W') && q != e).count();
    assert_eq!(out_in, 0, "out_in stores W[l] as the math writes it: {names:?}");
    assert!(html.contains("data-for=\"y[1]\" data-edit=\"y[1]\""));
}

#[test]
fn a_batch_names_each_sample_and_the_diagram_shows_the_first() {
    let digits = format!("{}/networks/digits.json", env!("CARGO_MANIFEST_DIR"));
    let html = stdout(&["run", &digits, "--data", DIGITS_CSV, "--samples", "1..3", "--format", "html"]);
    let tags = parse(&html);
    let names: Vec<String> = table_names(&html, &tags).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"x[3][64]".to_string()) && names.contains(&"y[2][10]".to_string()), "{names:?}");
    assert_eq!(diagram_names(&tags)["a[0][5]"], "x[1][5]");
    assert!(html.contains("data-for=\"y[1]\" data-edit=\"y[1][1]\""));
}

#[test]
fn the_tools_step_reset_download_and_train_a_small_network_but_not_a_big_one() {
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    for tool in ["step\"", "reset\"", "download\"", "train\" aria-pressed"] {
        assert!(html.contains(&format!("<button type=\"button\" data-tool=\"{tool}")), "{tool}");
    }
    assert!(html.contains("aria-keyshortcuts=\"S\">Step</button>"));
    let dir = tempfile::tempdir().unwrap();
    // 784·100 + 100 + 100·10 + 10 = 79,510 parameters: too many to train live.
    let net = super::init(dir.path(), "784,100,10", "relu,softmax", "cross_entropy");
    let input = vec!["0"; 784].join(",");
    let file = dir.path().join("one.csv");
    std::fs::write(&file, format!("{input},1,0,0,0,0,0,0,0,0,0\n").repeat(2)).unwrap();
    let html = stdout(&["run", &net, "--data", &file.display().to_string(), "--format", "html"]);
    assert!(html.contains("data-tool=\"step\"") && !html.contains("data-tool=\"train\" aria-pressed"));
}
