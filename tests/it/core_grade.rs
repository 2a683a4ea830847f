//! The page's grading (`nettrace_wasm::grade`, what `window.nettrace.grade` calls) against
//! `nettrace grade --json`: the same bytes for every answer sheet of networks/answers/ and every
//! sheet with a planted mistake of the peer fixtures.

use crate::common::{example, nettrace};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The network each sheet of networks/answers/ was worked on.
fn network_of(sheet: &str) -> String {
    let name = Path::new(sheet).file_stem().unwrap().to_str().unwrap();
    match name {
        "missing_derivative" | "derivative_at_a" | "z_for_a" => {
            format!("{ROOT}/networks/answers/mistakes/sigmoid.json")
        }
        "missing_mean" | "single_sample" => example("xor"),
        "missing_jacobian" | "log_base" => example("softmax_ce"),
        _ => example("two_layer"),
    }
}

/// Asserts that the page's grade of `sheet` against `net` is what `nettrace grade --json` prints.
fn same(net: &str, sheet: &str) {
    let out = nettrace().args(["grade", net, sheet, "--json"]).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{sheet}: {}", String::from_utf8_lossy(&out.stderr));
    let network = std::fs::read_to_string(net).unwrap();
    let text = std::fs::read_to_string(sheet).unwrap();
    let page = nettrace_wasm::grade(&network, &text).unwrap_or_else(|e| panic!("{sheet}: {e}"));
    assert_eq!(page, String::from_utf8(out.stdout).unwrap(), "{sheet}");
}

#[test]
fn the_page_grades_every_sheet_of_the_examples_as_grade_does() {
    let mut sheets = Vec::new();
    for dir in ["networks/answers", "networks/answers/class", "networks/answers/mistakes"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let is_sheet = path.extension().is_some_and(|e| e == "json") && !path.ends_with("sigmoid.json");
            if is_sheet {
                sheets.push(path.display().to_string());
            }
        }
    }
    assert_eq!(sheets.len(), 21);
    for sheet in &sheets {
        same(&network_of(sheet), sheet);
    }
}

#[test]
fn the_page_grades_the_peer_sheets_as_grade_does() {
    let bad = Path::new(ROOT).join("tests/fixtures/peer/bad_answers");
    let mut sheets = 0;
    for entry in std::fs::read_dir(&bad).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_str().unwrap().ends_with(".expect.json") {
            continue;
        }
        let expect: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let at = |key: &str| bad.join(expect[key].as_str().unwrap()).display().to_string();
        same(&at("network"), &at("answers"));
        sheets += 1;
    }
    assert_eq!(sheets, 6);
}

#[test]
fn the_page_refuses_a_bad_sheet_with_grade_s_message() {
    let net = std::fs::read_to_string(example("two_layer")).unwrap();
    let sheet = r#"{"steps": [{"layer": 2, "name": "delta", "valeu": [0.05]}]}"#;
    assert_eq!(
        nettrace_wasm::grade(&net, sheet),
        Err("the answer sheet: steps[0].valeu is not a known field of an answer sheet; did you mean \"value\"? \
             Expected one of layer, name, value, phase, formula"
            .to_string())
    );
    let request = serde_json::json!({"network": serde_json::from_str::<serde_json::Value>(&net).unwrap(), "sheet": sheet});
    assert_eq!(nettrace_wasm::grade_request(&request.to_string()), nettrace_wasm::grade(&net, sheet));
}
