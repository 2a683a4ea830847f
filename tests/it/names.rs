//! Names as people type them: any case, the usual other names, "did you mean" for a typo, a
//! message for comments, the layout a file needs, and paths paired with their math names.

use crate::common::{example, nettrace};
use serde_json::Value;

/// `nettrace ARGS FILE`, with `json` written to `net.json` in a fresh directory (run from there).
fn on_file(json: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("net.json"), json).unwrap();
    nettrace().current_dir(dir.path()).args(args).arg("net.json").output().unwrap()
}

/// The trace of `json` as JSON.
fn trace(json: &str) -> Value {
    let out = on_file(json, &["run", "--json"]);
    assert!(out.status.success(), "{json}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The one-line error of `nettrace run` on `json`, without `nettrace: error: net.json: `; exit 2.
fn refusal(json: &str) -> String {
    let out = on_file(json, &["run"]);
    assert_eq!(out.status.code(), Some(2), "{json}");
    assert!(out.stdout.is_empty(), "{json}");
    let err = String::from_utf8(out.stderr).unwrap();
    err.strip_prefix("nettrace: error: net.json: ")
        .and_then(|e| e.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("{err}"))
        .to_string()
}

/// A one-layer network with activation `phi` and loss `loss` and a sample for it.
fn one_layer(phi: &str, loss: &str, target: &str) -> String {
    format!(
        r#"{{"loss": "{loss}", "input": [1, 2], "target": {target}, "layers": [{{"weights": [[0.5, -0.3], [0.1, 0.2]], "activation": "{phi}"}}]}}"#
    )
}

#[test]
fn names_are_read_in_any_case_and_by_their_other_names() {
    for (phi, loss, target, canonical) in [
        ("ReLU", "Half_Squared_Error", "[1, 0]", ("relu", "half_squared_error")),
        ("Sigmoid", "BCE", "[1, 0]", ("sigmoid", "bce")),
        ("SIGMOID", "binary_cross_entropy", "[1, 0]", ("sigmoid", "bce")),
        ("linear", "MSE", "[1, 0]", ("identity", "mse")),
        ("Linear", "mse", "[1, 0]", ("identity", "mse")),
        ("Softmax", "categorical_cross_entropy", "[1, 0]", ("softmax", "cross_entropy")),
        ("Leaky_ReLU", "mse", "[1, 0]", ("leaky_relu", "mse")),
    ] {
        let t = trace(&one_layer(phi, loss, target));
        assert_eq!(t["network"]["loss"], canonical.1, "{phi} {loss}");
        assert_eq!(t["network"]["layers"][0]["activation"], canonical.0, "{phi} {loss}");
    }
    // The layout and a generated layer's schemes, in capitals.
    let t = trace(
        r#"{"layout": "IN_OUT", "input": [1, 2], "target": [1], "seed": 3,
            "layers": [{"units": 1, "init": "He_Normal", "bias_init": "ZEROS"}]}"#,
    );
    assert_eq!(t["network"]["layout"], "in_out");
    // A network written back says the names of the table.
    let out = on_file(
        &one_layer("Linear", "Binary_Cross_Entropy", "[1, 0]").replace("Linear", "sigmoid"),
        &["step"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(written["loss"], "bce");
}

#[test]
fn the_command_line_takes_the_same_names() {
    let out = nettrace()
        .args(["init", "--sizes", "2,3,1", "--activations", "ReLU,linear", "--loss", "MSE"])
        .args(["--layout", "IN_OUT", "--init", "He_Uniform", "--bias-init", "Zeros"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let net: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(net["layout"], "in_out");
    assert_eq!(net["loss"], "mse");
    assert_eq!(net["layers"][0]["activation"], "relu");
    assert_eq!(net["layers"][1]["activation"], "identity");
    for (loss, canonical) in [("binary_cross_entropy", "bce"), ("BCE", "bce")] {
        let out = nettrace()
            .args(["init", "--sizes", "2,1", "--activations", "Sigmoid", "--loss", loss])
            .output()
            .unwrap();
        assert!(out.status.success(), "{loss}: {}", String::from_utf8_lossy(&out.stderr));
        let net: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(net["loss"], canonical, "{loss}");
    }
    let out = nettrace()
        .args(["init", "--sizes", "2,2", "--activations", "softmax", "--loss", "categorical_cross_entropy"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A typo on the command line is still an error, with clap's suggestion.
    let out = nettrace().args(["init", "--sizes", "2,1", "--activations", "sigmod"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'sigmoid'"));
    // import's --activations, which are plain text, read the same way.
    let dir = tempfile::tempdir().unwrap();
    let sd = dir.path().join("sd.json");
    std::fs::write(&sd, r#"{"0.weight": [[1.0, 2.0]], "1.weight": [[3.0]]}"#).unwrap();
    let out = nettrace()
        .args(["import", "--from", "torch-state-dict"])
        .arg(&sd)
        .args(["--activations", "Tanh,linear"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let net: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(net["layers"][0]["activation"], "tanh");
    assert_eq!(net["layers"][1]["activation"], "identity");
    let out = nettrace()
        .args(["import", "--from", "torch-state-dict"])
        .arg(&sd)
        .args(["--activations", "tahn,identity"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "--activations: layer 1 is \"tahn\"; did you mean \"tanh\"? Expected one of \"identity\""
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const ACTIVATIONS: &str = r#""identity", "relu", "leaky_relu", "sigmoid", "tanh" or "softmax""#;
const FILE_FIELDS: &str = "$schema, name, description, layout, input, target, inputs, targets, input_size, input_shape, loss, learning_rate, seed, layers";
const LAYER_FIELDS: &str = "weights, bias, activation, slope, trainable_bias, units, init, bias_init";

#[test]
fn a_typo_gets_the_nearest_name() {
    let layer = r#"{"weights": [[1, 2]]}"#;
    let cases = [
        (
            one_layer("sigmod", "mse", "[1, 0]"),
            format!(r#"layers[0].activation (layer 1) is "sigmod"; did you mean "sigmoid"? Expected one of {ACTIVATIONS}"#),
        ),
        (
            one_layer("lineer", "mse", "[1, 0]"),
            format!(r#"layers[0].activation (layer 1) is "lineer"; did you mean "linear"? Expected one of {ACTIVATIONS}"#),
        ),
        (
            one_layer("gelu", "mse", "[1, 0]"),
            format!(r#"layers[0].activation (layer 1) is "gelu"; expected one of {ACTIVATIONS}"#),
        ),
        (
            one_layer("relu", "cross_entropi", "[1, 0]"),
            r#"loss is "cross_entropi"; did you mean "cross_entropy"? Expected one of "half_squared_error", "mse", "bce" or "cross_entropy""#.to_string(),
        ),
        (
            format!(r#"{{"learning_rat": 0.1, "input": [1, 2], "target": [1], "layers": [{layer}]}}"#),
            format!(r#"learning_rat is not a known field; did you mean "learning_rate"? Expected one of {FILE_FIELDS}"#),
        ),
        (
            format!(r#"{{"lr": 0.1, "input": [1, 2], "target": [1], "layers": [{layer}]}}"#),
            format!(r#"lr is not a known field; did you mean "learning_rate"? Expected one of {FILE_FIELDS}"#),
        ),
        (
            format!(r#"{{"x": [1, 2], "target": [1], "layers": [{layer}]}}"#),
            format!(r#"x is not a known field; did you mean "input"? Expected one of {FILE_FIELDS}"#),
        ),
        (
            format!(r#"{{"input": [1, 2], "y": [1], "layers": [{layer}]}}"#),
            format!(r#"y is not a known field; did you mean "target"? Expected one of {FILE_FIELDS}"#),
        ),
        (
            format!(r#"{{"X": [[1, 2]], "targets": [[1]], "layers": [{layer}]}}"#),
            format!(r#"X is not a known field; did you mean "inputs"? Expected one of {FILE_FIELDS}"#),
        ),
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]], "activations": "relu"}]}"#.to_string(),
            format!(
                r#"layers[0].activations (layer 1) is not a known field; did you mean "activation"? Expected one of {LAYER_FIELDS}"#
            ),
        ),
        (
            format!(r#"{{"activation": "relu", "input": [1, 2], "target": [1], "layers": [{layer}]}}"#),
            format!("activation is a field of each layer, not of the file. Expected one of {FILE_FIELDS}"),
        ),
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]], "lr": 0.1}]}"#.to_string(),
            format!(
                r#"layers[0].lr (layer 1) is not a known field; did you mean "learning_rate" (a field of the file, not of a layer)? Expected one of {LAYER_FIELDS}"#
            ),
        ),
        (
            format!(r#"{{"foo": 1, "input": [1, 2], "target": [1], "layers": [{layer}]}}"#),
            format!("foo is not a known field; expected one of {FILE_FIELDS}"),
        ),
    ];
    for (json, message) in cases {
        assert_eq!(refusal(&json), message, "{json}");
    }
}

#[test]
fn comments_are_refused_with_their_place() {
    let net = r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]]}]}"#;
    let message = r#"JSON has no comments; put notes in "description""#;
    for (text, place) in [
        (format!("// the notes' example\n{net}"), "line 1, column 1"),
        (net.replace(r#""target""#, "// the answer\n  \"target\""), "line 1, column 19"),
        (net.replace(r#""layers""#, "/* two\n layers */ \"layers\""), "line 1, column 34"),
        (net.replace("[[1, 2]]", "[[1, 2]] // W[1]"), "line 1, column 66"),
    ] {
        assert_eq!(refusal(&text), format!("invalid JSON at {place}: {message}"), "{text}");
    }
    // A slash inside a string is text, not a comment.
    let t = trace(&net.replacen('{', r#"{"description": "a // b /* c */", "#, 1));
    assert_eq!(t["network"]["description"], "a // b /* c */");
    // A lone slash is plain invalid JSON.
    assert!(refusal(&net.replace("[1, 2],", "[1, 2], /")).ends_with("key must be a string"));
    // On standard input too.
    let out = nettrace().args(["run", "-"]).write_stdin(format!("{net} // end")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("nettrace: error: <stdin>: invalid JSON at line 1, column 69: {message}\n")
    );
}

#[test]
fn matrices_that_chain_in_the_other_layout_say_which_to_give() {
    // The notes' network (x @ W) copied without its layout line.
    let notes = std::fs::read_to_string(example("two_layer")).unwrap();
    assert!(notes.contains("\"layout\": \"in_out\",\n"));
    let in_out = "The matrices chain if each row is one input";
    let without = notes.replace("  \"layout\": \"in_out\",\n", "");
    assert_eq!(
        refusal(&without),
        format!(
            r#"layers[1].weights (W[2]) is 2×1 (out_in: 2 neurons × 1 input) but layer 1 has 2 neurons; expected 2 columns. {in_out}: add "layout": "in_out" (z = x·W + b, as code that writes x @ W)"#
        )
    );
    let wrong = notes.replace(r#""layout": "in_out""#, r#""layout": "out_in""#);
    assert!(refusal(&wrong).ends_with(r#"set "layout": "in_out" (z = x·W + b, as code that writes x @ W)"#));
    // The reverse: PyTorch's one row per neuron, in a file that says in_out.
    let torch = r#"{"layout": "in_out", "input": [1, 2, 3], "target": [1],
        "layers": [{"weights": [[1, 2, 3], [4, 5, 6]], "bias": [0, 0]}, {"weights": [[1, 2]], "bias": [0]}]}"#;
    assert_eq!(
        refusal(torch),
        r#"layers[0].weights (W[1]) is 2×3 (in_out: 2 inputs × 3 neurons) but the input has 3 values; expected 3 rows. The matrices chain if each row is one neuron: set "layout": "out_in" (z = W·x + b, as PyTorch's nn.Linear.weight)"#
    );
    assert!(trace(&torch.replace(r#""layout": "in_out", "#, "")).is_object());
    // Where the weights do not say how many inputs there are, a bias of the other layout's
    // length gets the hint.
    let no_data = r#"{"layers": [{"weights": [[1, 2, 3], [4, 5, 6]], "bias": [0, 0, 0]}]}"#;
    assert_eq!(
        refusal(no_data),
        r#"layers[0].bias (b[1]) has 3 numbers but the layer has 2 neurons; expected 2. The matrices chain if each row is one input: add "layout": "in_out" (z = x·W + b, as code that writes x @ W)"#
    );
    // No hint when neither layout chains.
    let neither = r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2, 3]]}]}"#;
    assert_eq!(
        refusal(neither),
        "layers[0].weights (W[1]) is 1×3 (out_in: 1 neuron × 3 inputs) but the input has 2 values; expected 2 columns"
    );
}

#[test]
fn paths_in_messages_are_paired_with_their_math_names() {
    for (json, message) in [
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]]}, {"weights": [[1], [true]]}]}"#,
            "layers[1].weights[1][0] (W[2] row 2, column 1) is true; expected a number",
        ),
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]], "bias": [0, "b"]}]}"#,
            r#"layers[0].bias[1] (b[1] unit 2) is the string "b"; expected a number"#,
        ),
        (
            r#"{"inputs": [[1, 2], [3, "x"]], "targets": [[1], [0]], "layers": [{"weights": [[1, 2]]}]}"#,
            r#"inputs[1][1] (x sample 2, unit 2) is the string "x"; expected a number"#,
        ),
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]]}, 7]}"#,
            "layers[1] (layer 2) is the number 7; expected an object",
        ),
        (
            r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]], "units": 3}]}"#,
            "layers[0].units (layer 1) is 3 but layers[0].weights (W[1]) has 1 neuron",
        ),
    ] {
        assert_eq!(refusal(json), message, "{json}");
    }
}
