//! Bad input: exit status 2, one message naming the file, the field and what was expected,
//! nothing on standard output. A computation that overflows: exit status 1, naming the step.

use crate::common::{self, nettrace};

/// Runs `nettrace run FILE` on `json` written to a file called `name`, from inside its directory.
fn run_file(name: &str, json: &str, extra: &[&str]) -> (i32, String, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), json).unwrap();
    let out = nettrace().current_dir(dir.path()).arg("run").arg(name).args(extra).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stderr).unwrap(), out.stdout)
}

fn assert_input_error(json: &str, message: &str) {
    let (code, err, out) = run_file("net.json", json, &[]);
    assert_eq!(err, format!("nettrace: error: net.json: {message}\n"), "for {json}");
    assert_eq!(code, 2, "for {json}");
    assert!(out.is_empty(), "nothing on stdout for {json}");
}

const LAYER: &str = r#"{"weights": [[1, 2]]}"#;

fn net(top: &str, layers: &str) -> String {
    format!(r#"{{{top} "layers": [{layers}]}}"#)
}

#[test]
fn unreadable_empty_and_invalid_files() {
    let out = nettrace().args(["run", "no/such/file.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "nettrace: error: no/such/file.json: cannot read: no such file\n"
    );
    assert_input_error("", "the file is empty; expected a JSON object");
    assert_input_error("  \n", "the file is empty; expected a JSON object");
    assert_input_error("{\"layers\": [1, 2,}", "invalid JSON at line 1, column 18: expected value");
    assert_input_error(
        "{\n  \"input\": [1, 2]\n  \"target\": [1]\n}",
        "invalid JSON at line 3, column 3: expected `,` or `}`",
    );
    assert_input_error("[1, 2]", "the file holds an array; expected a JSON object");
    assert_input_error(
        &net(r#""input": [1e999, 2], "target": [1],"#, LAYER),
        "invalid JSON at line 1, column 16: a number is out of range (f64 holds magnitudes up to about 1.8e308)",
    );
    let out = nettrace().args(["run", "/"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "nettrace: error: /: is a directory; expected a JSON file\n"
    );
}

#[test]
fn wrong_types() {
    assert_input_error(
        &net(r#""input": [1, "x"], "target": [1],"#, LAYER),
        r#"input[1] (x unit 2) is the string "x"; expected a number"#,
    );
    assert_input_error(
        &net(r#""input": 3, "target": [1],"#, LAYER),
        "input (x) is the number 3; expected an array of numbers",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [[1, null]]}"#),
        "layers[0].weights[0][1] (W[1] row 1, column 2) is null; expected a number",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [1, 2]}"#),
        "layers[0].weights[0] (W[1] row 1) is the number 1; expected a row (an array of numbers)",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1], "learning_rate": "fast","#, LAYER),
        r#"learning_rate is the string "fast"; expected a number"#,
    );
    assert_input_error(
        r#"{"input": [1], "target": [1], "layers": {}}"#,
        "layers is an object; expected an array of layers",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [[1, 2]], "activaton": "relu"}"#),
        "layers[0].activaton (layer 1) is not a known field; did you mean \"activation\"? Expected one of weights, bias, activation, slope, trainable_bias, units, init, bias_init",
    );
}

#[test]
fn ragged_and_empty_matrices() {
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [[1, 2], [3]]}"#),
        "layers[0].weights[1] (W[1] row 2) has 1 number but layers[0].weights[0] (W[1] row 1) has 2; every row needs the same length",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, ""),
        "layers is empty; expected at least one layer",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": []}"#),
        "layers[0].weights (W[1]) is empty; expected at least one row",
    );
    assert_input_error(
        &net(r#""input": [], "target": [1],"#, LAYER),
        "input (x) is empty; expected at least one number",
    );
    assert_input_error(
        r#"{"input": [1], "target": [1]}"#,
        "layers is missing; expected an array of layers, each with weights and an activation",
    );
}

#[test]
fn shapes_that_do_not_chain() {
    assert_input_error(
        &net(
            r#""input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2], [3, 4], [5, 6]]}, {"weights": [[1, 2]]}"#,
        ),
        "layers[1].weights (W[2]) is 1×2 (out_in: 1 neuron × 2 inputs) but layer 1 has 3 neurons; expected 3 columns",
    );
    assert_input_error(
        &net(
            r#""layout": "in_out", "input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2, 3], [3, 4, 5]]}, {"weights": [[1], [2]]}"#,
        ),
        "layers[1].weights (W[2]) is 2×1 (in_out: 2 inputs × 1 neuron) but layer 1 has 3 neurons; expected 3 rows",
    );
    assert_input_error(
        &net(r#""input": [1, 2, 3], "target": [1],"#, LAYER),
        "layers[0].weights (W[1]) is 1×2 (out_in: 1 neuron × 2 inputs) but the input has 3 values; expected 3 columns",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [[1, 2]], "bias": [0, 0]}"#),
        "layers[0].bias (b[1]) has 2 numbers but the layer has 1 neuron; expected 1",
    );
}

#[test]
fn data_of_the_wrong_size() {
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1, 2],"#, LAYER),
        "target (y) has 2 values but the output layer has 1 neuron; expected 1",
    );
    assert_input_error(
        &net(r#""inputs": [[1, 2], [3]], "targets": [[1], [2]],"#, LAYER),
        "inputs[1] (x sample 2) has 1 number but inputs[0] (x sample 1) has 2; every row needs the same length",
    );
    assert_input_error(
        &net(r#""inputs": [[1, 2], [3, 4]], "targets": [[1]],"#, LAYER),
        "inputs has 2 rows but targets has 1; expected one target row per input row",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "inputs": [[1, 2]], "target": [1],"#, LAYER),
        "the file has both input/target and inputs/targets; expected exactly one of the two forms",
    );
    assert_input_error(&net(r#""input": [1, 2],"#, LAYER), "input is given but target is missing");
    assert_input_error(
        &net("", LAYER),
        r#"the file has no data; expected "input" and "target" (one sample) or "inputs" and "targets" (a batch)"#,
    );
}

#[test]
fn unknown_names_are_quoted_with_the_valid_ones() {
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"weights": [[1, 2]], "activation": "gelu"}"#),
        r#"layers[0].activation (layer 1) is "gelu"; expected one of "identity", "relu", "leaky_relu", "sigmoid", "tanh" or "softmax""#,
    );
    assert_input_error(
        &net(r#""loss": "hinge", "input": [1, 2], "target": [1],"#, LAYER),
        r#"loss is "hinge"; expected one of "half_squared_error", "mse", "bce" or "cross_entropy""#,
    );
    assert_input_error(
        &net(r#""layout": "rows", "input": [1, 2], "target": [1],"#, LAYER),
        r#"layout is "rows"; expected one of "out_in" or "in_out""#,
    );
}

#[test]
fn activations_that_do_not_fit_the_loss_or_the_place() {
    assert_input_error(
        &net(
            r#""input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2], [1, 1]], "activation": "softmax"}, {"weights": [[1, 2]]}"#,
        ),
        r#"layers[0].activation (layer 1) is "softmax", which only the output layer (layer 2) may use"#,
    );
    assert_input_error(
        &net(
            r#""loss": "cross_entropy", "input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2]], "activation": "sigmoid"}"#,
        ),
        r#"layers[0].activation (layer 1) is "sigmoid" but loss "cross_entropy" needs a "softmax" output layer"#,
    );
    assert_input_error(
        &net(
            r#""loss": "bce", "input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2]], "activation": "relu"}"#,
        ),
        r#"layers[0].activation (layer 1) is "relu" but loss "bce" needs a "sigmoid" output layer"#,
    );
    assert_input_error(
        &net(
            r#""loss": "bce", "input": [1, 2], "target": [1.5],"#,
            r#"{"weights": [[1, 2]], "activation": "sigmoid"}"#,
        ),
        r#"target[0] (y unit 1) is 1.5 but loss "bce" needs targets in [0, 1]"#,
    );
    assert_input_error(
        &net(
            r#""input": [1, 2], "target": [1],"#,
            r#"{"weights": [[1, 2]], "activation": "relu", "slope": 0.1}"#,
        ),
        r#"layers[0].slope (layer 1) is only for "leaky_relu"; remove it or change the activation"#,
    );
}

#[test]
fn learning_rates_must_be_positive_and_finite() {
    assert_input_error(
        &net(r#""learning_rate": -1, "input": [1, 2], "target": [1],"#, LAYER),
        "learning_rate is -1; expected a positive number such as 0.1",
    );
    assert_input_error(
        &net(r#""learning_rate": 0, "input": [1, 2], "target": [1],"#, LAYER),
        "learning_rate is 0; expected a positive number such as 0.1",
    );
    for bad in ["0", "-0.5", "inf", "NaN", "fast"] {
        let out = nettrace().args(["run", &common::example("two_layer"), "--lr", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--lr {bad}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with(&format!(
                "nettrace: error: invalid value '{bad}' for '--lr <η>': expected a positive number such as 0.1"
            )),
            "{err}"
        );
    }
}

#[test]
fn networks_too_large_are_refused_before_allocating() {
    assert_input_error(
        &net(
            r#""input": [1, 2], "target": [1],"#,
            r#"{"units": 100000000, "init": "he_normal"}, {"weights": [[1]]}"#,
        ),
        "layers[0].units (layer 1) is 100000000: 100000000×2 weights is over the limit of 67108864 values (raise it with --max-values)",
    );
    assert_input_error(
        &net(r#""input": [1, 2], "target": [1],"#, r#"{"units": 18446744073709551615}, {"weights": [[1]]}"#),
        "layers[0].units (layer 1) is 18446744073709551615: 18446744073709551615×2 weights is over the limit of 67108864 values (raise it with --max-values)",
    );
    // 6 numbers in the file, 12 to trace.
    let samples = net(r#""inputs": [[1, 2], [3, 4]], "targets": [[1], [2]],"#, LAYER);
    let (code, err, out) = run_file("net.json", &samples, &["--max-values", "7"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "nettrace: error: net.json: 2 samples need 12 values to trace, over the limit of 7 (raise it with --max-values)\n"
    );
    // Numbers past the limit are refused as they are read, naming the first one too many.
    let (code, err, out) = run_file("net.json", &samples, &["--max-values", "5"]);
    assert_eq!((code, out.is_empty()), (2, true));
    assert_eq!(
        err,
        "nettrace: error: net.json: targets[1][0] (y sample 2, unit 1) is sample value number 6, over the limit of 5 (raise it with --max-values)\n"
    );
    let (code, err, _) =
        run_file("net.json", &net("", r#"{"weights": [[1, 2, 3]]}"#), &["--max-values", "2"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "nettrace: error: net.json: layers[0].weights[0][2] (W[1] row 1, column 3) is parameter number 3, over the limit of 2 (raise it with --max-values)\n"
    );
}

#[test]
fn overflow_exits_1_naming_the_first_step() {
    let (code, err, out) = run_file(
        "net.json",
        &net(r#""input": [1e200, 2], "target": [1],"#, r#"{"weights": [[1e200, 2]]}"#),
        &["--json"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "nettrace: error: net.json: z[1] is inf in the forward phase (z[1] = a[0]·W[1]ᵀ + b[1]): the numbers overflowed f64; try smaller weights, inputs or learning rate\n"
    );
    // The trace is still printed, with non-finite numbers as strings, never bare NaN.
    let trace: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(trace["steps"][0]["value"], serde_json::json!(["inf"]));
    assert_eq!(trace["loss"], "inf");
}

#[test]
fn usage_errors_exit_2() {
    let out = nettrace().args(["run"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = nettrace().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = nettrace().args(["step", "a.json", "--in-place", "--output", "b.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
