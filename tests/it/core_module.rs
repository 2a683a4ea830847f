//! The page's core (crates/wasm, nettrace-wasm): its functions, called natively, give what the
//! command gives. Its trace is `run --json`'s bytes, setting a number by its math name gives the
//! file that editing that number gives, and a step is `nettrace step`'s, on every example network
//! in both layouts.

use crate::common::{EXAMPLES, PAGE_MS, example, nettrace};
use nettrace::io::network_file::{self, Limits};
use nettrace::nn::network::Layout;
use nettrace_core::json::pretty;
use serde_json::{Value, json};
use std::path::Path;

/// The standard output of `nettrace args…`, after checking that it succeeded.
fn stdout(args: &[&str]) -> String {
    let out = nettrace().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every example network in both layouts: (what it is, its text as `step --output` writes it).
pub fn both_layouts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let mut file = network_file::parse(&text, name, Limits::default()).unwrap();
        for layout in [Layout::InOut, Layout::OutIn] {
            file.network.layout = layout;
            out.push((format!("{name} {}", layout.name()), pretty(&network_file::to_value(&file))));
        }
    }
    out
}

/// `text` written to a file in `dir`; its path.
fn written(dir: &Path, text: &str) -> String {
    let path = dir.join("net.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_trace_is_run_json_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in both_layouts() {
        let path = written(dir.path(), &text);
        assert_eq!(nettrace_wasm::trace(&text).unwrap(), stdout(&["run", &path, "--json"]), "{what}");
    }
}

#[test]
fn a_rounded_trace_is_run_round_json_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in both_layouts() {
        let path = written(dir.path(), &text);
        let request = format!(r#"{{"network": {text}, "round": 3}}"#);
        let rounded = nettrace_wasm::trace_rounded(&request).unwrap();
        assert_eq!(rounded, stdout(&["run", &path, "--round", "3", "--json"]), "{what}");
        assert_ne!(rounded, nettrace_wasm::trace(&text).unwrap(), "{what} is rounded");
    }
}

#[test]
fn a_step_is_nettrace_steps() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in both_layouts() {
        let path = written(dir.path(), &text);
        let stepped = nettrace_wasm::step(&text).unwrap();
        assert_eq!(stepped, stdout(&["step", &path, "--quiet"]), "{what}");
        // And twice is `step -n 2`.
        assert_eq!(
            nettrace_wasm::step(&stepped).unwrap(),
            stdout(&["step", &path, "-n", "2", "--quiet"]),
            "{what}"
        );
    }
}

/// The place in the file's JSON of each given number's math name, in the file's `layout`: W[l]
/// is neurons × inputs in the math, stored transposed by in_out.
fn place<'a>(file: &'a mut Value, name: &str) -> &'a mut Value {
    let n: Vec<usize> = name
        .split(['[', ']'])
        .filter(|s| !s.is_empty())
        .skip(1)
        .map(|s| s.parse::<usize>().unwrap() - 1)
        .collect();
    let in_out = file["layout"] == "in_out";
    let batch = file.get("inputs").is_some();
    match (&name[..name.chars().next().unwrap().len_utf8()], n.as_slice()) {
        ("W", &[l, i, j]) => {
            let (r, c) = if in_out { (j, i) } else { (i, j) };
            &mut file["layers"][l]["weights"][r][c]
        }
        ("b", &[l, i]) => &mut file["layers"][l]["bias"][i],
        ("x", &[j]) if !batch => &mut file["input"][j],
        ("y", &[j]) if !batch => &mut file["target"][j],
        ("x", &[s, j]) => &mut file["inputs"][s][j],
        ("y", &[s, j]) => &mut file["targets"][s][j],
        _ => &mut file["learning_rate"],
    }
}

/// The names of some given numbers of `file`: the last weight of every layer and its first, the
/// last bias, the last input and target value, and η.
fn names(file: &Value) -> Vec<String> {
    let in_out = file["layout"] == "in_out";
    let mut names = vec!["η".to_string()];
    for (l, layer) in file["layers"].as_array().unwrap().iter().enumerate() {
        let w = layer["weights"].as_array().unwrap();
        let (rows, cols) = (w.len(), w[0].as_array().unwrap().len());
        let (neurons, inputs) = if in_out { (cols, rows) } else { (rows, cols) };
        names.push(format!("W[{}][{neurons}][1]", l + 1));
        names.push(format!("W[{}][1][{inputs}]", l + 1));
        names.push(format!("b[{}][{neurons}]", l + 1));
    }
    let last = |v: &Value| v.as_array().unwrap().len();
    match file.get("inputs") {
        Some(x) => {
            let s = last(x);
            names.push(format!("x[{s}][{}]", last(&x[0])));
            names.push(format!("y[{s}][{}]", last(&file["targets"][0])));
        }
        None => {
            names.push(format!("x[{}]", last(&file["input"])));
            names.push(format!("y[{}]", last(&file["target"])));
        }
    }
    names
}

#[test]
fn setting_a_number_by_name_is_editing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in both_layouts() {
        let file: Value = serde_json::from_str(&text).unwrap();
        for name in names(&file) {
            let mut edited = file.clone();
            *place(&mut edited, &name) = json!(0.375);
            let expected = pretty(&edited);
            let request = json!({"network": file, "name": name, "value": 0.375}).to_string();
            let set = nettrace_wasm::set(&request).unwrap();
            assert_eq!(set, expected, "{what}: {name}");
            let path = written(dir.path(), &set);
            assert_eq!(
                nettrace_wasm::trace(&set).unwrap(),
                stdout(&["run", &path, "--json"]),
                "{what}: {name}"
            );
        }
    }
}

/// The message `set` gives for `name` and `value` on two_layer (in_out, 2 → 2 → 1, one sample).
fn refusal(name: &str, value: Value) -> String {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(example("two_layer")).unwrap()).unwrap();
    nettrace_wasm::set(&json!({"network": file, "name": name, "value": value}).to_string()).unwrap_err()
}

#[test]
fn names_and_values_that_do_not_fit_are_refused_with_the_reason() {
    let names = "expected W[l][i][j] (layer l, neuron i, input j), b[l][i], x[j] or y[j] (x[s][j], y[s][j] for sample s of a batch) or η, counted from 1";
    assert_eq!(refusal("W[1][1]", json!(1)), format!("\"W[1][1]\": not a given number; {names}"));
    assert_eq!(refusal("z[1][1]", json!(1)), format!("\"z[1][1]\": not a given number; {names}"));
    assert_eq!(refusal("b[0][1]", json!(1)), format!("\"b[0][1]\": indices count from 1; {names}"));
    assert_eq!(refusal("W[3][1][1]", json!(1)), "\"W[3][1][1]\": the network has 2 layers, 1 to 2");
    assert_eq!(
        refusal("W[1][3][1]", json!(1)),
        "\"W[1][3][1]\": W[1] is 2×2 (neurons × inputs); expected W[1][1][1] to W[1][2][2]"
    );
    assert_eq!(refusal("b[2][2]", json!(1)), "\"b[2][2]\": layer 2 has 1 unit; expected b[2][1] to b[2][1]");
    assert_eq!(refusal("x[3]", json!(1)), "\"x[3]\": x has 2 values; expected x[1] to x[2]");
    assert_eq!(
        refusal("y[2][1]", json!(1)),
        "\"y[2][1]\": the file has 1 sample; expected y[1][j] to y[1][j]"
    );
    assert_eq!(
        refusal("x[1]", json!("NaN")),
        "\"x[1]\": NaN is not a finite number; expected a number such as 0.5"
    );
    assert_eq!(
        refusal("x[1]", json!("Infinity")),
        "\"x[1]\": inf is not a finite number; expected a number such as 0.5"
    );
    assert_eq!(
        refusal("x[1]", json!("abc")),
        "\"x[1]\": the value \"abc\" is not a number; expected a number such as 0.5"
    );
    // What reading the edited file would refuse, with the file's own message.
    assert_eq!(
        refusal("η", json!(-1)),
        "the network: learning_rate is -1; expected a positive number such as 0.1"
    );
}

#[test]
fn a_target_outside_0_1_is_refused_for_a_classification_loss() {
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(example("sequential_bce")).unwrap()).unwrap();
    let request = json!({"network": file, "name": "y[1][1]", "value": 2}).to_string();
    assert_eq!(
        nettrace_wasm::set(&request).unwrap_err(),
        "the network: target[0] (y unit 1) is 2 but loss \"bce\" needs targets in [0, 1]"
    );
}

#[test]
fn numbers_are_shown_as_the_tables_show_them() {
    let shown =
        |x: Value, p: usize| nettrace_wasm::shown(&json!({"x": x, "precision": p}).to_string()).unwrap();
    assert_eq!(shown(json!(0.1 + 0.2), 4), r#"{"text":"0.3","exact":"0.30000000000000004"}"#);
    assert_eq!(shown(json!(0.5), 4), r#"{"text":"0.5","exact":null}"#);
    assert_eq!(shown(json!(123456.0), 3), r#"{"text":"1.23e5","exact":"123456.0"}"#);
    assert_eq!(shown(json!("NaN"), 4), r#"{"text":"NaN","exact":null}"#);
}

/// `v` with every number an f64: JavaScript writes 1.0 as 1, which serde_json reads as an integer.
fn as_f64(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(as_f64).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), as_f64(v))).collect()),
        other => other.clone(),
    }
}

/// `scripts/check-core.mjs page calls`: what the page's `window.nettrace` gave in chromium.
fn in_chromium(page: &Path, calls: &Value) -> Value {
    crate::common::require("node", &["--version"], "apt-get install nodejs npm");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    crate::common::require(&chromium, &["--version"], "apt-get install chromium");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("scripts/node_modules/puppeteer-core").exists(),
        "this test needs puppeteer-core, which is not installed here (npm ci --prefix scripts)"
    );
    let calls_file = page.with_extension("calls.json");
    std::fs::write(&calls_file, calls.to_string()).unwrap();
    let out = std::process::Command::new("node")
        .arg(root.join("scripts/check-core.mjs"))
        .arg(page)
        .arg(&calls_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn the_pages_core_in_chromium_agrees_with_run_after_sets_and_steps() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in both_layouts() {
        let file: Value = serde_json::from_str(&text).unwrap();
        let path = written(dir.path(), &text);
        let page = dir.path().join("page.html");
        std::fs::write(&page, stdout(&["run", &path, "--format", "html"])).unwrap();
        let names = names(&file);
        let mut calls: Vec<Value> = names.iter().map(|n| json!(["set", n, 0.375])).collect();
        calls.extend([json!(["step"]), json!(["reset"]), json!(["set", &names[1], -0.25]), json!(["step"])]);
        calls.extend([json!(["set", "W[9][1][1]", 1]), json!(["set", "x[1]", "NaN"]), json!(["step"])]);
        let got = in_chromium(&page, &Value::from(calls.clone()));
        assert_eq!(got["requests"], json!([]), "{what}");
        assert_eq!(got["errors"], json!([]), "{what}");
        // The module compiled and its first trace computed soon after the page's load.
        let ready = got["ready_ms"].as_u64().unwrap().saturating_sub(got["load_event_ms"].as_u64().unwrap());
        assert!(ready < PAGE_MS, "{what}: ready {ready} ms after the load");
        let made = got["calls"].as_array().unwrap();
        let refused: Vec<&Value> = made.iter().filter_map(|c| c.get("error")).collect();
        let depth = file["layers"].as_array().unwrap().len();
        let layers = if depth == 1 { "1 layer".to_string() } else { format!("{depth} layers") };
        assert_eq!(
            refused,
            [
                &json!(format!("\"W[9][1][1]\": the network has {layers}, 1 to {depth}")),
                &json!("\"x[1]\": NaN is not a finite number; expected a number such as 0.5"),
            ],
            "{what}"
        );
        // Every call that was not refused told the page, with the trace it computed.
        assert!(made.iter().all(|c| c.get("error").is_some() || c["changed"].is_object()), "{what}");
        assert_eq!(made.last().unwrap()["changed"], got["trace"], "{what}");
        // The trace is run --json's, number for number, on the network file the page holds.
        let network = written(dir.path(), &got["network"].to_string());
        let run: Value = serde_json::from_str(&stdout(&["run", &network, "--json"])).unwrap();
        assert_eq!(as_f64(&got["trace"]), as_f64(&run), "{what}");
        assert_eq!(got["shown"], json!("0.3"), "{what}");
    }
}
