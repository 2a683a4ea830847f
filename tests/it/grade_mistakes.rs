//! `nettrace grade` names the classic slip behind a wrong value: each one reproduced on a
//! hand-built sheet (the sheets under networks/answers/mistakes/, which the README shows, and
//! others here), with the sentence the table gives.

use crate::common::{example, nettrace};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn mistakes(name: &str) -> String {
    format!("{ROOT}/networks/answers/mistakes/{name}.json")
}

/// `grade NET SHEET`: the exit status, the grade as JSON and the table.
fn grade(net: &str, sheet: &str) -> (i32, Value, String) {
    let json = nettrace().args(["grade", net, sheet, "--json"]).output().unwrap();
    let table = nettrace().args(["grade", net, sheet]).output().unwrap();
    assert_eq!(json.status.code(), table.status.code());
    (
        json.status.code().unwrap(),
        serde_json::from_slice(&json.stdout).unwrap(),
        String::from_utf8(table.stdout).unwrap(),
    )
}

/// The one wrong answer of a graded sheet.
fn the_wrong_one(g: &Value) -> &Value {
    let wrong: Vec<&Value> =
        g["answers"].as_array().unwrap().iter().filter(|a| a["verdict"] != "right").collect();
    assert_eq!(wrong.len(), 1, "{g}");
    assert_eq!(wrong[0]["verdict"], "wrong");
    wrong[0]
}

/// Checks that `sheet` on `net` has one wrong value, `quantity`, expected `expected` and named
/// `mistake`, with `sentence` in the table.
fn named(net: &str, sheet: &str, quantity: &str, expected: Value, mistake: &str, sentence: &str) {
    let (code, g, table) = grade(net, sheet);
    assert_eq!(code, 1, "{sheet}");
    let a = the_wrong_one(&g);
    assert_eq!(a["quantity"], quantity, "{sheet}");
    assert_eq!(a["expected"], expected, "{sheet}");
    assert_eq!(a["mistake"], mistake, "{sheet}");
    assert_eq!(g["first_wrong"]["quantity"], quantity, "{sheet}");
    assert!(table.contains(&format!("{mistake}: {sentence}")), "{sheet}: {table}");
}

#[test]
fn sign() {
    // δ[2] = ŷ − y = 0.95 − 1 = −0.05, written as y − ŷ.
    named(
        &example("two_layer"),
        &mistakes("sign"),
        "δ[2]",
        json!([-0.050000000000000044]),
        "sign",
        "the sign of δ[2] is flipped.",
    );
}

#[test]
fn transposed_is_read_and_named() {
    // ∂L/∂W[2] is 2×1 in the file's in_out layout; the sheet writes the 1×2 row δ[2]·a[1]. Its
    // numbers are right, in the other orientation.
    named(
        &example("two_layer"),
        &mistakes("transposed"),
        "∂L/∂W[2]",
        json!([[-0.03500000000000003], [-0.050000000000000044]]),
        "transposed",
        "∂L/∂W[2] is written transposed, 1×2 for 2×1: rows for columns.",
    );
    let (_, g, _) = grade(&example("two_layer"), &mistakes("transposed"));
    assert_eq!(g["answers"][1]["given"], json!([[-0.035, -0.05]]));
    assert_eq!(g["answers"][1]["wrong_at"], json!([]));
    // A square matrix the other way round: ∂L/∂W[1] = [[-0.025, -0.03], [-0.05, -0.06]] in_out.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    let sheet =
        json!({"steps": [{"layer": 1, "name": "grad_weights", "value": [[-0.025, -0.05], [-0.03, -0.06]]}]});
    std::fs::write(&path, sheet.to_string()).unwrap();
    let (code, g, _) = grade(&example("two_layer"), path.to_str().unwrap());
    assert_eq!(code, 1);
    let a = the_wrong_one(&g);
    assert_eq!(
        (a["mistake"].as_str(), a["wrong_at"].clone()),
        (Some("transposed"), json!(["[0][1]", "[1][0]"]))
    );
}

#[test]
fn missing_derivative() {
    // δ[1] = ∂L/∂a[1] ∘ σ′(z[1]) = [-0.1136, -0.1364] ∘ [0.2217, 0.1966]; the sheet stops at ∂L/∂a[1].
    named(
        &mistakes("sigmoid"),
        &mistakes("missing_derivative"),
        "δ[1]",
        json!([-0.025194449525782765, -0.026810510484001075]),
        "missing_derivative",
        "δ[1] is missing its factor ∘ φ′(z[1]).",
    );
}

#[test]
fn derivative_at_a() {
    // σ′(z[1]) = a(1 − a) = [0.2217, 0.1966]; σ(a)(1 − σ(a)) = [0.2240, 0.2194].
    named(
        &mistakes("sigmoid"),
        &mistakes("derivative_at_a"),
        "φ′(z[1])",
        json!([0.22171287329310904, 0.19661193324148185]),
        "derivative_at_a",
        "φ′ is taken at a[1] instead of z[1].",
    );
    // In δ[1] too: ∂L/∂a[1] ∘ σ′(a[1]) = [-0.02546, -0.02991].
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 1, "name": "delta", "value": [-0.02546, -0.02991]}]}"#)
        .unwrap();
    let (code, g, _) = grade(&mistakes("sigmoid"), path.to_str().unwrap());
    assert_eq!((code, the_wrong_one(&g)["mistake"].as_str()), (1, Some("derivative_at_a")));
}

#[test]
fn updated_weights() {
    // δ[1] = δ[2]·W[2]ᵀ ∘ relu′(z[1]) = −0.05·[0.5, 0.6]; with the new W[2] = [0.5035, 0.605]
    // it is [-0.025175, -0.03025].
    named(
        &example("two_layer"),
        &mistakes("updated_weights"),
        "δ[1]",
        json!([-0.025000000000000022, -0.030000000000000027]),
        "updated_weights",
        "δ[1] is computed with W[2] after the update instead of before it.",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 1, "name": "grad_a", "value": [-0.02518, -0.03025]}]}"#)
        .unwrap();
    let (code, g, _) = grade(&example("two_layer"), path.to_str().unwrap());
    assert_eq!((code, the_wrong_one(&g)["mistake"].as_str()), (1, Some("updated_weights")));
}

#[test]
fn missing_mean() {
    // XOR is a batch of 4 with bce: δ[2] = (ŷ − y)/4; the sheet writes ŷ − y.
    named(
        &example("xor"),
        &mistakes("missing_mean"),
        "δ[2]",
        json!([[0.11693834886537824], [-0.16351816650432227], [-0.14092899492016325], [0.0801225236584789]]),
        "missing_mean",
        "δ[2] is missing the 1/N of the mean over the batch.",
    );
    // ∂L/∂b[2] = Σₙ δ[2] = −0.1074; without the 1/N, Σₙ (ŷ − y) = −0.4295.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 2, "name": "grad_bias", "value": [-0.4295]}]}"#).unwrap();
    let (code, g, _) = grade(&example("xor"), path.to_str().unwrap());
    assert_eq!((code, the_wrong_one(&g)["mistake"].as_str()), (1, Some("missing_mean")));
}

#[test]
fn ascent() {
    // W[2] − η·∂L/∂W[2] = [0.5, 0.6] + 0.1·[0.035, 0.05]; the sheet subtracts instead.
    named(
        &example("two_layer"),
        &mistakes("ascent"),
        "W[2] after the update",
        json!([[0.5035000000000001], [0.605]]),
        "ascent",
        "W[2] + η·∂L/∂W[2], a step up the gradient instead of down.",
    );
}

#[test]
fn missing_learning_rate() {
    named(
        &example("two_layer"),
        &mistakes("missing_learning_rate"),
        "W[2] after the update",
        json!([[0.5035000000000001], [0.605]]),
        "missing_learning_rate",
        "W[2] − ∂L/∂W[2], without the learning rate η.",
    );
    // b[2] = 0 − (−0.05) = 0.05 without η.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 2, "name": "bias", "value": [0.05]}]}"#).unwrap();
    let (code, g, table) = grade(&example("two_layer"), path.to_str().unwrap());
    assert_eq!((code, the_wrong_one(&g)["mistake"].as_str()), (1, Some("missing_learning_rate")));
    assert!(table.contains("b[2] − ∂L/∂b[2], without the learning rate η."), "{table}");
}

#[test]
fn a_wrong_value_no_slip_explains_has_no_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.json");
    std::fs::write(&path, r#"{"steps": [{"layer": 2, "name": "delta", "value": [-0.07]}]}"#).unwrap();
    let (code, g, table) = grade(&example("two_layer"), path.to_str().unwrap());
    assert_eq!(code, 1);
    assert_eq!(the_wrong_one(&g)["mistake"], Value::Null);
    assert!(table.contains("WRONG at [1]"), "{table}");
}

#[test]
fn a_slip_from_the_sheets_own_wrong_value_is_named_too() {
    // δ[2] wrong (−0.06), then ∂L/∂b[2] and b[2] without η from it: b[2] = 0 + 0.06.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(
        &path,
        r#"{"steps": [{"layer": 2, "name": "delta", "value": [-0.06]}, {"layer": 2, "name": "grad_bias", "value": [-0.06]}, {"layer": 2, "name": "bias", "value": [0.06]}]}"#,
    )
    .unwrap();
    let (_, g, _) = grade(&example("two_layer"), path.to_str().unwrap());
    let answers = g["answers"].as_array().unwrap();
    let got: Vec<(&str, &str)> = answers
        .iter()
        .map(|a| (a["verdict"].as_str().unwrap(), a["mistake"].as_str().unwrap_or("-")))
        .collect();
    assert_eq!(got, vec![("wrong", "-"), ("carried", "-"), ("wrong", "missing_learning_rate")]);
    assert_eq!(answers[2]["inherited_from"], json!(["∂L/∂b[2]"]));
}
