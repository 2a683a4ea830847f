//! `nettrace grade NET SHEET…`: a teacher grades a class (networks/answers/class/, five sheets of
//! the notes' example): a row per sheet, the slips counted, JSON and CSV, and the exit status.

use crate::common::nettrace;
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const NET: &str = "networks/two_layer.json";
const CLASS: &str = "networks/answers/class/";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = nettrace().current_dir(ROOT).arg("grade").args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

#[test]
fn a_directory_is_a_class_with_a_row_per_sheet_and_the_slips_counted() {
    let (code, text, err) = run(&[NET, CLASS]);
    assert_eq!(code, 1);
    assert_eq!(err, "nettrace: error: 4 of 5 sheets have values that are not right\n");
    let expected = "\
A class of 5 answer sheets

── Sheets ──────────────────────────────────────────────────
┌──────────────────────────────────┬───────┬───────────┬─────────┬───────┬───────┬─────────────┐
│               sheet              ┆ right ┆ imprecise ┆ carried ┆ wrong ┆ blank ┆ first wrong │
╞══════════════════════════════════╪═══════╪═══════════╪═════════╪═══════╪═══════╪═════════════╡
│ networks/answers/class/ana.json  ┆     6 ┆         0 ┆       0 ┆     0 ┆     0 ┆ -           │
│ networks/answers/class/ben.json  ┆     3 ┆         0 ┆       2 ┆     1 ┆     0 ┆ δ[2]        │
│ networks/answers/class/cleo.json ┆     3 ┆         0 ┆       2 ┆     1 ┆     0 ┆ δ[2]        │
│ networks/answers/class/dan.json  ┆     0 ┆         0 ┆       5 ┆     1 ┆     0 ┆ z[1]        │
│ networks/answers/class/eve.json  ┆     3 ┆         0 ┆       1 ┆     1 ┆     1 ┆ δ[2]        │
└──────────────────────────────────┴───────┴───────────┴─────────┴───────┴───────┴─────────────┘

── Wrong values, most frequent first ───────────────────────
┌──────────┬──────────────┬───────┐
│ quantity ┆    mistake   ┆ count │
╞══════════╪══════════════╪═══════╡
│ δ[2]     ┆ missing_half ┆     2 │
│ z[1]     ┆ layout       ┆     1 │
│ δ[2]     ┆ sign         ┆     1 │
└──────────┴──────────────┴───────┘
";
    assert_eq!(text, expected);
}

#[test]
fn the_class_as_json() {
    let (code, text, _) = run(&[NET, CLASS, "--json"]);
    assert_eq!(code, 1);
    let g: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(g["format"], "nettrace-grade-class/1");
    let rows: Vec<Value> = (g["sheets"].as_array().unwrap().iter())
        .map(|s| {
            json!([
                s["file"],
                s["right"],
                s["imprecise"],
                s["carried"],
                s["wrong"],
                s["blank"],
                s["answers"].as_array().unwrap().len()
            ])
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            json!(["networks/answers/class/ana.json", 6, 0, 0, 0, 0, 6]),
            json!(["networks/answers/class/ben.json", 3, 0, 2, 1, 0, 6]),
            json!(["networks/answers/class/cleo.json", 3, 0, 2, 1, 0, 6]),
            json!(["networks/answers/class/dan.json", 0, 0, 5, 1, 0, 6]),
            json!(["networks/answers/class/eve.json", 3, 0, 1, 1, 1, 6]),
        ]
    );
    assert_eq!(g["sheets"][1]["answers"][3]["mistake"], "missing_half");
    assert_eq!(
        g["mistakes"],
        json!([
            {"quantity": "δ[2]", "mistake": "missing_half", "count": 2},
            {"quantity": "z[1]", "mistake": "layout", "count": 1},
            {"quantity": "δ[2]", "mistake": "sign", "count": 1}
        ])
    );
    assert_eq!(g["unreadable"], json!([]));
}

#[test]
fn the_class_as_csv_for_a_gradebook() {
    let (code, text, _) = run(&[NET, CLASS, "--csv"]);
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "file,right,imprecise,carried,wrong,blank,first_wrong,mistake
networks/answers/class/ana.json,6,0,0,0,0,,
networks/answers/class/ben.json,3,0,2,1,0,δ[2],missing_half
networks/answers/class/cleo.json,3,0,2,1,0,δ[2],sign
networks/answers/class/dan.json,0,0,5,1,0,z[1],layout
networks/answers/class/eve.json,3,0,1,1,1,δ[2],missing_half
"
    );
}

#[test]
fn every_sheet_right_is_exit_0() {
    let ana = "networks/answers/class/ana.json";
    let (code, text, err) = run(&[NET, ana, ana, "--csv"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(text.lines().count(), 3);
    let (code, text, _) = run(&[NET, ana, ana]);
    assert_eq!(code, 0);
    assert!(
        text.ends_with("── Wrong values, most frequent first ───────────────────────\nNone.\n"),
        "{text}"
    );
}

#[test]
fn an_unreadable_sheet_is_named_and_the_others_still_graded() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"steps": [{"layer": 1, "name": "z", "valu": [0.7, 1.0]}]}"#).unwrap();
    let bad = bad.to_str().unwrap();
    let (code, text, err) = run(&[NET, "networks/answers/class/ana.json", bad, "--json"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "nettrace: error: {bad}: steps[0].valu is not a known field of an answer sheet; did you mean \"value\"? Expected one of layer, name, value, phase, formula\n"
        )
    );
    let g: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((g["sheets"].as_array().unwrap().len(), &g["unreadable"]), (1, &json!([bad])));
    let (code, csv, _) = run(&[NET, "networks/answers/class/ana.json", bad, "--csv"]);
    assert_eq!(code, 2);
    assert!(csv.ends_with(&format!("\n{bad},,,,,,unreadable,\n")), "{csv}");
}

#[test]
fn a_directory_without_sheets_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text, err) = run(&[NET, dir.path().to_str().unwrap()]);
    assert_eq!((code, text.as_str()), (2, ""));
    assert_eq!(
        err,
        format!("nettrace: error: {}: the directory has no .json answer sheets\n", dir.path().display())
    );
}
