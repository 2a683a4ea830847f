//! `nettrace grade`: answer sheets against the trace. A trace is a perfect sheet; one changed
//! number is flagged at exactly that place, 240 times over random networks; the first wrong
//! value is named with its formula and inputs; bad sheets exit 2. The digits rule and the
//! verdicts are in `grade_digits`, the named mistakes in `grade_mistakes`.

use crate::common::{Random, example, nettrace};
use nettrace::io::network_file::{Limits, from_value};
use nettrace::render::json::pretty;
use nettrace::step::Step;
use nettrace::teach::grade::{Rule, Verdict, grade};
use serde_json::{Value, json};

fn answers() -> String {
    format!("{}/networks/answers/two_layer.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_shipped_answer_sheet_is_right() {
    let out = nettrace().args(["grade", &example("two_layer"), &answers(), "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["format"], "nettrace-grade/1");
    assert_eq!(g["right"], 16);
    assert_eq!(g["wrong"], 0);
    assert_eq!(g["digits"], 3);
    assert_eq!(g["tol"], Value::Null);
    assert!(
        g["answers"].as_array().unwrap().iter().all(|a| a["verdict"] == "right" && a["mistake"].is_null())
    );
    assert_eq!(g["first_wrong"], Value::Null);
    // δ[2] = ŷ − y = 0.95 − 1 = −0.05, in computation order after L.
    let delta = g["answers"].as_array().unwrap().iter().find(|a| a["quantity"] == "δ[2]").unwrap();
    assert_eq!(delta["expected"], json!([-0.050000000000000044]));
    assert_eq!(g["answers"][4]["quantity"], "L");
    assert_eq!(g["answers"][4]["expected"], json!(0.0012500000000000022));
}

#[test]
fn one_changed_value_is_flagged_exactly_240_times() {
    let mut rng = Random::new(0x6ade);
    let mut flagged = 0;
    while flagged < 240 {
        let file = from_value(&rng.network(false), "random.json", Limits::default()).unwrap();
        let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
        let traced =
            nettrace::render::Traced { step: &step, name: None, description: None, diagnostics: None };
        let t = nettrace::render::trace::trace(&traced);
        let text = pretty(&t);
        let sheet: Value = serde_json::from_str(&text).unwrap();
        let clean = grade(&step, &text, "sheet.json", Rule::Tol(1e-9)).unwrap();
        assert_eq!(clean.wrong(), 0);
        // Pick a step and an entry; change it by 1e-3·max(1, |x|).
        let k = rng.int(0, t.steps.len() - 1);
        let n = t.steps[k].value.numbers().len();
        let e = rng.int(0, n - 1);
        let mut bad = sheet.clone();
        let v = &mut bad["steps"][k]["value"];
        let cell = match v {
            Value::Array(rows) if rows.first().is_some_and(Value::is_array) => {
                let cols = rows[0].as_array().unwrap().len();
                &mut rows[e / cols][e % cols]
            }
            Value::Array(items) => &mut items[e],
            other => other,
        };
        let x = cell.as_f64().unwrap();
        *cell = json!(x + 1e-3 * x.abs().max(1.0));
        let g = grade(&step, &bad.to_string(), "sheet.json", Rule::Tol(1e-9)).unwrap();
        let wrong: Vec<_> = g.answers.iter().filter(|a| !a.is_right()).collect();
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].verdict, Verdict::Wrong);
        assert_eq!(wrong[0].field, format!("steps[{k}].value"));
        assert_eq!(wrong[0].wrong, vec![e]);
        let first = g.first_wrong.as_ref().unwrap();
        assert_eq!(g.answers[first.answer].field, format!("steps[{k}].value"));
        flagged += 1;
    }
}

fn sheet(steps: Value) -> String {
    let path = std::env::temp_dir().join(format!("nettrace-grade-{}.json", rand_name(&steps)));
    std::fs::write(&path, json!({"steps": steps}).to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

fn rand_name(v: &Value) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    v.to_string().hash(&mut h);
    h.finish()
}

#[test]
fn the_first_wrong_value_is_named_with_its_inputs() {
    // a[1] = relu(z[1]) = [0.7, 1.0]; the learner wrote 0.9 for a[1][0], then the z[2] it gives:
    // 0.9·0.5 + 1.0·0.6 = 1.05, an error carried forward.
    let s = sheet(json!([
        {"layer": 1, "name": "z", "value": [0.7, 1.0]},
        {"layer": 1, "name": "a", "value": [0.9, 1.0]},
        {"layer": 2, "name": "z", "value": [1.05]},
        {"layer": 2, "name": "delta", "value": [-0.05]}
    ]));
    let out = nettrace().args(["grade", &example("two_layer"), &s]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("First wrong value: a[1] (steps[1].value)"), "{text}");
    assert!(text.contains("computed as a[1] = relu(z[1])"), "{text}");
    assert!(text.contains("a[1][1]: given 0.9, expected 0.7"), "{text}");
    assert!(text.contains("computed from: z[1] (right)"), "{text}");
    assert!(text.contains("the mistake is in this step"), "{text}");
    assert!(text.contains("│ z[2]     ┆ [1.05]     ┆ [0.95]   ┆ carried from a[1] │"), "{text}");
    assert!(text.contains("After it: 0 more wrong, 1 carried forward"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("1 wrong, 1 carried of 4 values; the first wrong is a[1] (steps[1].value)"),
        "{err}"
    );
}

#[test]
fn tolerance_is_absolute_or_relative() {
    let s = sheet(json!([{"layer": 2, "name": "delta", "value": [-0.0501]}]));
    let ok = nettrace().args(["grade", &example("two_layer"), &s, "--tol", "1e-3"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let bad = nettrace().args(["grade", &example("two_layer"), &s, "--tol", "1e-5"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn loss_at_the_top_level_and_null_values_are_accepted() {
    let path = std::env::temp_dir().join("nettrace-grade-top.json");
    std::fs::write(&path, r#"{"about": "A", "loss": 0.00125, "loss_after": 0.000182548, "steps": []}"#)
        .unwrap();
    let out =
        nettrace().args(["grade", &example("two_layer"), path.to_str().unwrap(), "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["right"], 2);
}

#[test]
fn bad_sheets_exit_2_naming_the_field() {
    for (steps, says) in [
        (
            json!([{"layer": 3, "name": "z", "value": [1.0]}]),
            "steps[0]: the trace has no step \"z\" of layer 3",
        ),
        (json!([{"layer": 1, "name": "zz", "value": [1.0]}]), "no step \"zz\""),
        (
            json!([{"layer": 1, "name": "z", "value": [1.0]}]),
            "steps[0].value: expected an array of 2 numbers, found 1 number",
        ),
        (
            json!([{"layer": 1, "name": "z", "value": [1.0, "x"]}]),
            "steps[0].value[1]: expected a number, found a string",
        ),
        (
            json!([{"layer": 2, "name": "grad_weights", "value": [[1.0]]}]),
            "expected 2 rows of 1 number, found 1 row",
        ),
        (
            json!([{"layer": 0, "name": "z", "value": [1.0]}]),
            "steps[0].layer: expected a layer number from 1",
        ),
    ] {
        let s = sheet(steps);
        let out = nettrace().args(["grade", &example("two_layer"), &s]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
        assert!(err.contains(&s), "{err}");
    }
    let out = nettrace().args(["grade", &example("two_layer"), "-"]).write_stdin("[1, 2]").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = nettrace().args(["grade", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_sheet_with_nothing_to_grade_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.json");
    for (text, says) in [
        (r#"{"about": "z1"}"#, r#"no value to grade (its fields: "about")"#),
        (
            "{}",
            "no value to grade; an answer sheet gives steps of the trace, such as {\"steps\": [{\"layer\": 1",
        ),
        (r#"{"steps": []}"#, "no value to grade (its fields: \"steps\")"),
        ("[0.7, 1.0]", "expected a JSON object such as {\"steps\": [{\"layer\": 1, \"name\": \"z\""),
    ] {
        std::fs::write(&path, text).unwrap();
        let out = nettrace().args(["grade", &example("two_layer")]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{text}: {err}");
        assert!(err.contains("mine.json: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn a_mistyped_step_name_gets_the_nearest_name() {
    for (typed, meant) in [("deltas", "delta"), ("grad_w", "grad_weights"), ("phiprime", "phi_prime")] {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("sheet.json");
        std::fs::write(
            &sheet,
            format!(r#"{{"steps": [{{"layer": 1, "name": "{typed}", "value": [0.7, 1]}}]}}"#),
        )
        .unwrap();
        let out = nettrace().args(["grade", &example("two_layer")]).arg(&sheet).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("no step \"{typed}\" of layer 1; did you mean \"{meant}\"?")), "{err}");
    }
}
