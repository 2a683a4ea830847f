//! `nettrace grade` tells the truth: a number is judged by its significant digits (−0.1 is not
//! −0.05, a zero is not a small value), a misspelt field is refused rather than skipped, the
//! notes' conventions (a column vector, a batch as units × samples, `grad_output` of layer L)
//! are read, and a null value is a blank.

use crate::common::{example, nettrace};
use serde_json::{Value, json};

/// `grade NET SHEET --json`: the exit status, the grade and standard error.
fn graded(net: &str, text: &str, args: &[&str]) -> (i32, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.json");
    std::fs::write(&path, text).unwrap();
    let out = nettrace().arg("grade").arg(net).arg(&path).arg("--json").args(args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let g = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), g, err)
}

/// The table `grade NET SHEET` prints, and its exit status.
fn table(net: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.json");
    std::fs::write(&path, text).unwrap();
    let out = nettrace().arg("grade").arg(net).arg(&path).args(["--width", "200"]).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

fn verdicts(g: &Value) -> Vec<&str> {
    g["answers"].as_array().unwrap().iter().map(|a| a["verdict"].as_str().unwrap()).collect()
}

fn sigmoid() -> String {
    format!("{}/networks/answers/mistakes/sigmoid.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn twice_the_delta_is_wrong_at_any_digits() {
    // δ[2] = −0.05; −0.1 is the ½ not cancelled, not −0.05 to one digit.
    for digits in ["3", "1"] {
        let sheet = r#"{"steps": [{"layer": 2, "name": "delta", "value": [-0.1]}]}"#;
        let (code, g, _) = graded(&example("two_layer"), sheet, &["--digits", digits]);
        assert_eq!((code, verdicts(&g)), (1, vec!["wrong"]), "--digits {digits}");
        assert_eq!(g["answers"][0]["mistake"], "missing_half");
    }
}

#[test]
fn a_zero_is_wrong_for_a_value_that_is_not_zero() {
    let sheet = r#"{"loss": 0, "steps": [{"layer": 2, "name": "delta", "value": [0]},
        {"layer": 2, "name": "grad_weights", "value": [[0.0], [0.0]]}]}"#;
    let (code, g, _) = graded(&example("two_layer"), sheet, &[]);
    assert_eq!((code, verdicts(&g)), (1, vec!["wrong", "wrong", "carried"]));
    assert_eq!(g["wrong"], 2);
}

#[test]
fn one_digit_is_imprecise_three_are_right_and_rounding_may_carry_into_a_new_decade() {
    // σ([0.7, 1.0]) = [0.668…, 0.731…].
    let one = r#"{"steps": [{"layer": 1, "name": "a", "value": [0.7, 0.7]}]}"#;
    let (code, g, _) = graded(&sigmoid(), one, &[]);
    assert_eq!((code, verdicts(&g)), (1, vec!["imprecise"]));
    let three = r#"{"steps": [{"layer": 1, "name": "a", "value": [0.668, 0.731]}]}"#;
    assert_eq!(graded(&sigmoid(), three, &[]).0, 0);
    // φ′(z[2]) = 1 for the identity: 1.00 and 1 are both right.
    let ones = r#"{"steps": [{"layer": 2, "name": "phi_prime", "value": [1.00]}]}"#;
    assert_eq!(graded(&example("two_layer"), ones, &[]).0, 0);
}

#[test]
fn one_value_and_one_digit_are_singular() {
    let (code, text) = table(&example("two_layer"), r#"{"loss": 0.00125}"#);
    assert_eq!(code, 0);
    assert!(text.ends_with("\n1 value is right.\n"), "{text}");
    let (code, text) = table(&sigmoid(), r#"{"steps": [{"layer": 1, "name": "a", "value": [0.7, 0.7]}]}"#);
    assert_eq!(code, 1);
    assert!(
        text.ends_with(
            "\nEvery value is right at the digits written, but 1 of 1 has fewer than 3 significant digits.\n"
        ),
        "{text}"
    );
    let (_, _, err) = graded(
        &sigmoid(),
        r#"{"steps": [{"layer": 1, "name": "a", "value": [0.7, 0.7]}]}"#,
        &["--digits", "1"],
    );
    assert_eq!(err, "");
}

#[test]
fn a_misspelt_field_is_refused_with_the_one_it_meant() {
    for (sheet, says) in [
        (
            r#"{"steps": [{"layer": 2, "name": "delta", "valeu": [-0.05]}]}"#,
            "steps[0].valeu is not a known field of an answer sheet; did you mean \"value\"? Expected one of layer, name, value, phase, formula",
        ),
        (
            r#"{"steps": [{"layer": 2, "name": "delta", "value": [-0.05]}], "loss_afer": 0.0002}"#,
            "loss_afer is not a known field of an answer sheet; did you mean \"loss_after\"? Expected one of steps, loss, loss_after, about, name, description",
        ),
    ] {
        let (code, g, err) = graded(&example("two_layer"), sheet, &[]);
        assert_eq!((code, g), (2, Value::Null), "{sheet}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("nettrace: error: "), "{err}");
        assert!(err.ends_with(&format!("sheet.json: {says}\n")), "{err}");
    }
}

#[test]
fn a_trace_is_still_a_sheet() {
    let trace = nettrace().args(["run", &example("xor"), "--json"]).output().unwrap();
    let (code, g, _) =
        graded(&example("xor"), &String::from_utf8(trace.stdout).unwrap(), &["--tol", "1e-12"]);
    assert_eq!((code, g["wrong"].as_u64()), (0, Some(0)));
}

#[test]
fn a_column_vector_is_the_vector() {
    let sheet = r#"{"steps": [{"layer": 1, "name": "z", "value": [[0.7], [1.0]]}]}"#;
    let (code, g, _) = graded(&example("two_layer"), sheet, &[]);
    assert_eq!((code, verdicts(&g)), (0, vec!["right"]));
    assert_eq!(g["answers"][0]["given"], json!([0.7, 1.0]));
    assert_eq!(g["notes"], json!([]));
}

#[test]
fn a_batch_written_units_by_samples_is_read_with_a_note() {
    // XOR: 4 samples; a[2] has one unit, so units × samples is one row of four.
    let sheet = r#"{"steps": [{"layer": 2, "name": "a", "value": [[0.4678, 0.3459, 0.4363, 0.3205]]}]}"#;
    let (code, g, _) = graded(&example("xor"), sheet, &[]);
    assert_eq!((code, verdicts(&g)), (0, vec!["right"]));
    assert_eq!(g["answers"][0]["mistake"], Value::Null);
    let note = "A batch quantity written units × samples (samples as columns, as in Z = W·X) is read as such; the trace writes one row per sample.";
    assert_eq!(g["notes"], json!([note]));
    // z[1] is 4 samples × 4 units: square, read either way.
    let z = r#"{"steps": [{"layer": 1, "name": "z", "value": [[0.23, -0.3, -0.6, -1.13], [-0.39, -0.23, 0.21, 0.37], [-0.11, -0.24, -0.92, -1.05], [0.02, -0.66, -0.02, -0.7]]}]}"#;
    let (code, g, _) = graded(&example("xor"), z, &[]);
    assert_eq!((code, verdicts(&g), &g["notes"]), (0, vec!["right"], &json!([note])));
    let (_, text) = table(&example("xor"), z);
    assert!(text.contains(&format!("\nNote: {note}\n1 value is right.\n")), "{text}");
}

#[test]
fn a_transposed_gradient_is_still_transposed() {
    let (code, g, _) = graded(
        &example("xor"),
        r#"{"steps": [{"layer": 2, "name": "grad_weights", "value": [[0.0848], [-0.00727], [0.0654], [0.0513]]}]}"#,
        &[],
    );
    assert_eq!((code, g["answers"][0]["mistake"].as_str()), (1, Some("transposed")));
    assert_eq!(g["notes"], json!([]));
}

#[test]
fn grad_output_of_the_output_layer_is_grad_output() {
    let sheet = r#"{"steps": [{"layer": 2, "name": "grad_output", "value": [-0.05]}]}"#;
    let (code, g, _) = graded(&example("two_layer"), sheet, &[]);
    assert_eq!((code, verdicts(&g)), (0, vec!["right"]));
    assert_eq!(g["answers"][0]["quantity"], "∂L/∂ŷ");
    let (code, _, err) = graded(
        &example("two_layer"),
        r#"{"steps": [{"layer": 1, "name": "grad_output", "value": [-0.05]}]}"#,
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("the trace has no step \"grad_output\" of layer 1"), "{err}");
}

#[test]
fn a_null_value_is_a_blank_to_fill_in() {
    let sheet = r#"{"steps": [{"layer": 1, "name": "z", "value": [0.7, 1.0]}, {"layer": 2, "name": "delta", "value": null}]}"#;
    let (code, g, err) = graded(&example("two_layer"), sheet, &[]);
    assert_eq!((code, verdicts(&g)), (1, vec!["right", "blank"]));
    assert_eq!((g["blank"].as_u64(), &g["answers"][1]["given"]), (Some(1), &Value::Null));
    assert!(err.ends_with("sheet.json: 1 blank of 2 values\n"), "{err}");
    let (_, text) = table(&example("two_layer"), sheet);
    assert!(text.contains("│ δ[2]     ┆ (blank)    ┆ [-0.05]  ┆ blank   │"), "{text}");
    assert!(
        text.ends_with("\n1 of 2 values is blank, to fill in; 1 of the 1 filled in is right.\n"),
        "{text}"
    );
}

#[test]
fn a_field_with_no_near_name_lists_the_fields() {
    let (code, _, err) = graded(&example("two_layer"), r#"{"loss": 0.00125, "student": "A"}"#, &[]);
    assert_eq!(code, 2);
    assert!(
        err.ends_with("sheet.json: student is not a known field of an answer sheet; expected one of steps, loss, loss_after, about, name, description\n"),
        "{err}"
    );
}
