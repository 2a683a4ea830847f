//! `nettrace grade` by the digits written: a number is right when it is the correct value rounded
//! at its last written digit, with at least --digits significant digits unless the value has
//! fewer; the correct value is computed from the sheet's own earlier values, so rounding carried
//! forward is right and a value that follows from an earlier wrong one is `carried`.

use crate::common::{example, nettrace};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The notes' example with sigmoid hidden units: a[1] = σ([0.7, 1.0]) = [0.66818777…, 0.73105858…].
fn sigmoid() -> String {
    format!("{ROOT}/networks/answers/mistakes/sigmoid.json")
}

/// A sheet in `dir` whose text is `text`, exactly as written (digits and all).
fn sheet(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("sheet.json");
    std::fs::write(&path, text).unwrap();
    path
}

/// `grade NET SHEET --json ARGS…`: the exit status and the grade.
fn grade(net: &str, text: &str, args: &[&str]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = sheet(dir.path(), text);
    let out = nettrace().arg("grade").arg(net).arg(&path).arg("--json").args(args).output().unwrap();
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "{}", String::from_utf8_lossy(&out.stderr));
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

fn verdicts(g: &Value) -> Vec<(String, String)> {
    (g["answers"].as_array().unwrap().iter())
        .map(|a| (a["quantity"].as_str().unwrap().to_string(), a["verdict"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(q, v)| (q.to_string(), v.to_string())).collect()
}

#[test]
fn sigma_of_0_7_written_as_0_668_is_right() {
    let (code, g) =
        grade(&sigmoid(), r#"{"steps": [{"layer": 1, "name": "a", "value": [0.668, 0.731]}]}"#, &[]);
    assert_eq!(code, 0);
    assert_eq!(g["answers"][0]["verdict"], "right");
    assert_eq!(g["answers"][0]["expected"], json!([0.6681877721681662, 0.7310585786300049]));
    assert_eq!((g["right"].as_u64(), g["wrong"].as_u64()), (Some(1), Some(0)));
}

#[test]
fn a_loss_after_of_0_000183_is_not_0_00009() {
    // L after the update is 0.000182548…: 0.00018 at five decimals, so 0.00009 is wrong (the
    // old rule, within 1e-4, passed it), and 0.000183 or 1.83e-4 is right.
    let (code, g) = grade(&example("two_layer"), r#"{"loss_after": 0.00009}"#, &[]);
    assert_eq!(code, 1);
    assert_eq!(g["answers"][0]["verdict"], "wrong");
    assert_eq!(g["answers"][0]["expected"], json!(0.00018254827812499468));
    for right in ["0.000183", "1.83e-4", "0.00018255", "1.8E-4"] {
        let (code, g) =
            grade(&example("two_layer"), &format!(r#"{{"loss_after": {right}}}"#), &["--digits", "2"]);
        assert_eq!((code, g["answers"][0]["verdict"].as_str()), (0, Some("right")), "{right}");
    }
}

#[test]
fn trailing_zeros_count() {
    // 0.6680 claims four decimals: σ(0.7) is 0.6682 there.
    let (code, g) =
        grade(&sigmoid(), r#"{"steps": [{"layer": 1, "name": "a", "value": [0.6680, 0.7311]}]}"#, &[]);
    assert_eq!(code, 1);
    assert_eq!(g["answers"][0]["verdict"], "wrong");
    assert_eq!(g["answers"][0]["wrong_at"], json!(["[0]"]));
    let (code, _) =
        grade(&sigmoid(), r#"{"steps": [{"layer": 1, "name": "a", "value": [0.6682, 0.7311]}]}"#, &[]);
    assert_eq!(code, 0);
    // Negative numbers and exponents: δ[1] = [-0.0251944…, -0.0268105…].
    let (code, _) = grade(
        &sigmoid(),
        r#"{"steps": [{"layer": 1, "name": "delta", "value": [-2.52e-2, -0.02681]}]}"#,
        &[],
    );
    assert_eq!(code, 0);
    let (code, g) = grade(
        &sigmoid(),
        r#"{"steps": [{"layer": 1, "name": "delta", "value": [-2.520e-2, -0.02681]}]}"#,
        &[],
    );
    assert_eq!((code, g["answers"][0]["wrong_at"].clone()), (1, json!(["[0]"])));
}

#[test]
fn too_few_digits_are_imprecise_unless_the_value_has_no_more() {
    let text = r#"{"steps": [{"layer": 1, "name": "a", "value": [0.7, 0.731]}]}"#;
    let (code, g) = grade(&sigmoid(), text, &[]);
    assert_eq!(code, 1, "imprecise is not right");
    assert_eq!(g["answers"][0]["verdict"], "imprecise");
    assert_eq!((g["imprecise"].as_u64(), g["wrong"].as_u64()), (Some(1), Some(0)));
    assert_eq!(g["first_wrong"], Value::Null);
    let (code, g) = grade(&sigmoid(), text, &["--digits", "1"]);
    assert_eq!((code, g["answers"][0]["verdict"].as_str()), (0, Some("right")));
    // z[1] = [0.7, 1.0] exactly: one or two digits are all there are.
    let (code, g) =
        grade(&example("two_layer"), r#"{"steps": [{"layer": 1, "name": "z", "value": [0.7, 1]}]}"#, &[]);
    assert_eq!((code, g["answers"][0]["verdict"].as_str()), (0, Some("right")));
    // The table says so, and standard error too.
    let dir = tempfile::tempdir().unwrap();
    let out = nettrace().arg("grade").arg(sigmoid()).arg(sheet(dir.path(), text)).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains(
            "│ a[1]     ┆ [0.7, 0.731] ┆ [0.66818777, 0.73105858] ┆ imprecise: write 3 significant digits │"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "Every value is right at the digits written, but 1 of 1 has fewer than 3 significant digits."
        ),
        "{shown}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.ends_with(": 1 imprecise of 1 value (fewer than 3 significant digits)\n"), "{err}");
}

#[test]
fn rounding_carried_from_an_earlier_value_is_right() {
    // From a[1] = [0.668, 0.731]: z[2] = 0.668·0.5 + 0.731·0.6 = 0.7726, where the exact
    // z[2] = 0.772729… is 0.7727 at four decimals.
    let carried = r#"{"steps": [{"layer": 1, "name": "a", "value": [0.668, 0.731]}, {"layer": 2, "name": "z", "value": [0.7726]}]}"#;
    let (code, g) = grade(&sigmoid(), carried, &[]);
    assert_eq!(code, 0, "{g}");
    assert_eq!(g["answers"][1]["from_sheet"], json!([0.7726]));
    assert_eq!(g["answers"][1]["expected"], json!([0.772729033262086]));
    // Without the rounded a[1] on the sheet, 0.7726 has nothing to follow from.
    let (code, g) = grade(&sigmoid(), r#"{"steps": [{"layer": 2, "name": "z", "value": [0.7726]}]}"#, &[]);
    assert_eq!((code, g["answers"][0]["verdict"].as_str()), (1, Some("wrong")));
}

#[test]
fn a_value_that_follows_from_a_wrong_one_is_carried() {
    // a[1][0] wrong (0.678 for 0.668); z[2] = 0.678·0.5 + 0.731·0.6 = 0.7776 follows from it,
    // and L = ½(0.7776 − 1)² = 0.02473 from that.
    let text = r#"{"steps": [
        {"layer": 1, "name": "a", "value": [0.678, 0.731]},
        {"layer": 2, "name": "z", "value": [0.7776]},
        {"layer": null, "name": "loss", "value": 0.02473}]}"#;
    let (code, g) = grade(&sigmoid(), text, &[]);
    assert_eq!(code, 1);
    assert_eq!(verdicts(&g), pairs(&[("a[1]", "wrong"), ("z[2]", "carried"), ("L", "carried")]));
    assert_eq!(g["answers"][1]["inherited_from"], json!(["a[1]"]));
    assert_eq!(g["answers"][2]["inherited_from"], json!(["z[2]"]));
    assert_eq!(g["answers"][1]["from_sheet"], json!([0.7776000000000001]));
    assert_eq!((g["wrong"].as_u64(), g["carried"].as_u64()), (Some(1), Some(2)));
    assert_eq!(g["first_wrong"]["quantity"], "a[1]");
    // A z[2] that does not follow from it either is wrong.
    let text = text.replace("0.7776", "0.7777");
    let (_, g) = grade(&sigmoid(), &text, &[]);
    assert_eq!(verdicts(&g)[1], ("z[2]".to_string(), "wrong".to_string()));
}

#[test]
fn a_learner_who_rounds_every_step_is_right_throughout() {
    // `run --round 4` rounds every intermediate to four decimals as it goes, as a learner does:
    // graded against the exact step, nothing is wrong or carried (a few values have fewer
    // than three significant digits: imprecise, unless exact).
    for net in [sigmoid(), example("xor"), example("two_layer"), example("softmax_ce")] {
        let out = nettrace().args(["run", &net, "--round", "4", "--json"]).output().unwrap();
        let (_, g) = grade(&net, &String::from_utf8(out.stdout).unwrap(), &["--digits", "1"]);
        assert_eq!((g["wrong"].as_u64(), g["carried"].as_u64()), (Some(0), Some(0)), "{net}: {g}");
        assert!(g["right"].as_u64().unwrap() >= 14, "{net}");
    }
}

/// The steps of trace `t` as a sheet, every number written to four significant digits.
fn four_digits(t: &Value) -> String {
    fn write(v: &Value) -> String {
        match v {
            Value::Array(items) => format!("[{}]", items.iter().map(write).collect::<Vec<_>>().join(", ")),
            Value::Number(n) => format!("{:.3e}", n.as_f64().unwrap()),
            other => other.to_string(),
        }
    }
    let steps: Vec<String> = (t["steps"].as_array().unwrap().iter())
        .map(|s| {
            format!(r#"{{"layer": {}, "name": {}, "value": {}}}"#, s["layer"], s["name"], write(&s["value"]))
        })
        .collect();
    format!(r#"{{"steps": [{}]}}"#, steps.join(", "))
}

#[test]
fn a_batch_rounded_to_four_significant_digits_is_right() {
    let out = nettrace().args(["run", &example("xor"), "--json"]).output().unwrap();
    let text = four_digits(&serde_json::from_slice(&out.stdout).unwrap());
    assert!(
        text.contains(r#""name": "delta", "value": [[1.169e-1], [-1.635e-1], [-1.409e-1], [8.012e-2]]"#),
        "{text}"
    );
    let (code, g) = grade(&example("xor"), &text, &[]);
    assert_eq!(code, 0, "{g}");
    assert_eq!(g["right"], g["answers"].as_array().unwrap().len());
    let delta = g["answers"].as_array().unwrap().iter().find(|a| a["quantity"] == "δ[2]").unwrap();
    assert_eq!(delta["given"], json!([[0.1169], [-0.1635], [-0.1409], [0.08012]]));
}

#[test]
fn matrices_print_as_matrices() {
    let text =
        r#"{"steps": [{"layer": 1, "name": "grad_weights", "value": [[-0.025, -0.03], [-0.05, -0.06]]}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let out =
        nettrace().arg("grade").arg(example("two_layer")).arg(sheet(dir.path(), text)).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("│ ∂L/∂W[1] ┆ [-0.025, -0.03] ┆ [-0.025, -0.03] ┆ right   │\n│          ┆ [ -0.05, -0.06] ┆ [ -0.05, -0.06] ┆         │"), "{shown}");
}

#[test]
fn the_exercise_answers_are_gradable_as_a_learner_writes_them() {
    // The exercise asks for ∂L/∂ŷ (and φ′): a sheet filled from its answers, each number to
    // four significant digits, grades right.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex");
    let out = nettrace()
        .args(["exercise", "--seed", "3", "--sizes", "2,2,1", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let questions = std::fs::read_to_string(dir.join("questions.md")).unwrap();
    assert!(questions.contains("Gradient of the loss with respect to the output"), "{questions}");
    let answers: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("answers.json")).unwrap()).unwrap();
    let text = four_digits(&answers);
    assert!(text.contains(r#""name": "grad_output", "value": [-1.376e0]"#), "{text}");
    let (code, g) = grade(dir.join("network.json").to_str().unwrap(), &text, &[]);
    assert_eq!(code, 0, "{g}");
    let grad = g["answers"].as_array().unwrap().iter().find(|a| a["quantity"] == "∂L/∂ŷ").unwrap();
    assert_eq!(
        (grad["verdict"].as_str(), grad["expected"].clone()),
        (Some("right"), json!([-1.3760000000000001]))
    );
    // And its sign flipped is named.
    let (code, g) =
        grade(dir.join("network.json").to_str().unwrap(), &text.replace("[-1.376e0]", "[1.376]"), &[]);
    assert_eq!(code, 1);
    let grad = g["answers"].as_array().unwrap().iter().find(|a| a["quantity"] == "∂L/∂ŷ").unwrap();
    assert_eq!((grad["verdict"].as_str(), grad["mistake"].as_str()), (Some("wrong"), Some("sign")));
}
