//! The reader on its own: limits met as numbers arrive, syntax before values, messages that
//! name the culprit, and a file that reads back as it was written.

use super::*;
use serde_json::json;

fn refusal(text: &str, limits: Limits) -> String {
    parse(text, "net.json", limits).unwrap_err().to_string()
}

#[test]
fn numbers_past_the_limit_are_refused_as_they_arrive() {
    // 10 rows of a million numbers: the 101st is refused, naming where it is.
    let row = format!("[{}]", vec!["0.5"; 1_000_000].join(","));
    let text = format!(r#"{{"layers": [{{"weights": [{}]}}]}}"#, vec![row; 10].join(","));
    assert_eq!(
        refusal(&text, Limits { max_values: 100 }),
        "net.json: layers[0].weights[0][100] (W[1] row 1, column 101) is parameter number 101, over the limit of 100 (raise it with --max-values)"
    );
    // Parameters and samples are counted apart: each may hold up to the limit.
    let text = r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]], "bias": [0]}]}"#;
    assert!(parse(text, "net.json", Limits { max_values: 6 }).is_ok());
    assert_eq!(
        refusal(text, Limits { max_values: 2 }),
        "net.json: target[0] (y unit 1) is sample value number 3, over the limit of 2 (raise it with --max-values)"
    );
}

#[test]
fn a_syntax_error_anywhere_comes_before_a_value_that_does_not_fit() {
    let text = r#"{"layers": [1, 2,}"#;
    assert_eq!(
        refusal(text, Limits::default()),
        "net.json: invalid JSON at line 1, column 18: expected value"
    );
    let text = r#"{"name": 3, "layers": [{"weights": [[1e999]]}]}"#;
    assert_eq!(
        refusal(text, Limits::default()),
        "net.json: invalid JSON at line 1, column 42: a number is out of range (f64 holds magnitudes up to about 1.8e308)"
    );
    assert_eq!(
        refusal(r#"{"layers": []} []"#, Limits::default()),
        "net.json: invalid JSON at line 1, column 16: trailing characters"
    );
}

#[test]
fn null_is_refused_like_any_value_of_the_wrong_kind() {
    let layer = r#""layers": [{"weights": [[1]]}]"#;
    for (field, named, expected) in [
        ("name", "name", "a string"),
        ("learning_rate", "learning_rate", "a number"),
        ("seed", "seed", "a whole number ≥ 0"),
        ("loss", "loss", "a string"),
        ("input", "input (x)", "an array of numbers"),
        ("inputs", "inputs (x)", "an array of rows"),
    ] {
        let text = format!(r#"{{"{field}": null, {layer}}}"#);
        assert_eq!(
            refusal(&text, Limits::default()),
            format!("net.json: {named} is null; expected {expected}")
        );
    }
}

#[test]
fn fields_given_twice_are_refused() {
    let text = r#"{"layers": [{"weights": [[1]], "bias": [1], "bias": [2]}]}"#;
    assert_eq!(
        refusal(text, Limits::default()),
        "net.json: layers[0].bias (b[1]) is given twice; expected each field once"
    );
}

#[test]
fn text_and_value_give_the_same_messages() {
    for doc in [
        json!([1, 2]),
        json!({"layers": [{"weights": [[1, 2], [3]]}]}),
        json!({"layers": [{"weights": [[1, 2]]}, [1]]}),
        json!({"layers": [{"weights": [[1, 2]], "wieghts": 1}]}),
        json!({"layers": [{"weights": [[1, 2]], "activation": "sigmod"}]}),
        json!({"lr": 0.1, "layers": [{"weights": [[1, 2]]}]}),
        json!({"layout": "rows", "layers": [{"weights": [[1]]}]}),
        json!({"input": [1], "layers": [{"weights": [[1]]}]}),
        json!({"layers": [{"units": 1, "init": "he_normal"}]}),
    ] {
        let from_text = parse(&doc.to_string(), "d.json", Limits::default()).unwrap_err().to_string();
        let from_value = from_value(&doc, "d.json", Limits::default()).unwrap_err().to_string();
        assert_eq!(from_text, from_value);
    }
}

#[test]
fn a_file_reads_back_as_it_was_written() {
    let text = r#"{"name": "n", "layout": "in_out", "inputs": [[1, 2], [3, 4]], "targets": [[1], [0]],
        "loss": "mse", "learning_rate": 0.5, "seed": 3, "$schema": "x",
        "layers": [{"units": 3, "init": "he_normal", "activation": "leaky_relu", "slope": 0.2},
                   {"weights": [[0.1], [0.2], [0.3]], "bias": [0.1], "trainable_bias": false}]}"#;
    let file = parse(text, "net.json", Limits::default()).unwrap();
    let value = to_value(&file);
    let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["name", "layout", "inputs", "targets", "loss", "learning_rate", "layers"]);
    let layer: Vec<&str> = value["layers"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(layer, ["weights", "bias", "activation", "slope"]);
    assert_eq!(value["layers"][1]["trainable_bias"], json!(false));
    assert_eq!(value["layers"][1]["weights"], json!([[0.1], [0.2], [0.3]]));
    let again = parse(&value.to_string(), "again.json", Limits::default()).unwrap();
    assert_eq!(again, file);
    assert_eq!(to_value(&again), value);
}

#[test]
fn unknown_fields_are_listed_with_the_fields_of_their_object() {
    let text = r#"{"layers": [{"weights": [[1]]}], "wat": 1}"#;
    assert_eq!(
        refusal(text, Limits::default()),
        "net.json: wat is not a known field; expected one of $schema, name, description, layout, input, target, inputs, targets, input_size, input_shape, loss, learning_rate, seed, layers"
    );
    let properties = schemars::schema_for!(NetworkFileFormat).to_value()["properties"].clone();
    let documented: Vec<String> = properties.as_object().unwrap().keys().cloned().collect();
    assert_eq!(documented, crate::nn::names::names::<NetworkFileFormat>());
}
