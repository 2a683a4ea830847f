//! nettrace's core as the page's WebAssembly module: stateless functions, each taking UTF-8 JSON
//! text and returning UTF-8 JSON text, so that every number the page shows is computed by the
//! same Rust as `nettrace run` and `nettrace step`.
//!
//! | function | takes | returns |
//! | --- | --- | --- |
//! | [`trace`] | a network file | the trace, byte for byte as `nettrace run --json` prints it |
//! | [`trace_rounded`] | `{"network": file, "round": 3}` | the same as `nettrace run --round 3 --json` prints it |
//! | [`set`] | `{"network": file, "name": "W[1][1][1]", "value": 0.5}` | the network file with that number set |
//! | [`step`] | a network file | the network file after one update, as `nettrace step` writes it |
//! | [`shown`] | `{"x": 0.1, "precision": 4}` | `{"text": …, "exact": …}`, as the page's tables show x |
//! | [`grade_request`] | `{"network": file, "sheet": answers}` | the grade, as `nettrace grade --json` prints it |
//! | [`explain`] | `{"network": file, "key": "W[1][2][1]", "sample": 1, "round": 3}` (round optional) | the explain panel's lines for that weight, bias (`b[l][i]`), unit (`a[l][i]`) or the loss (`L`) |
//!
//! An error is nettrace's message. The page calls them through the `extern "C"` functions of
//! [`abi`]; Rust calls them directly.

pub mod abi;

use nettrace_core::descent;
use nettrace_core::diagnostics::diagnose;
use nettrace_core::given;
use nettrace_core::json::pretty;
use nettrace_core::network_file::{self, Limits, NetworkFile};
use nettrace_core::notation::shown::shown as shown_number;
use nettrace_core::step::Step;
use serde::Deserialize;
use serde_json::Value;

/// How the page's network file is named in messages.
pub const SOURCE: &str = "the network";

/// The trace of one step of `network` (a network file's text), as `nettrace run --json` prints it.
pub fn trace(network: &str) -> Result<String, String> {
    traced(network, None)
}

/// What [`trace_rounded`] takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rounding<'a> {
    #[serde(borrow)]
    network: &'a serde_json::value::RawValue,
    round: u32,
}

/// The trace of `{"network": file, "round": k}`, every value rounded to k decimal places, as
/// `nettrace run --round k --json` prints it.
pub fn trace_rounded(request: &str) -> Result<String, String> {
    let rounding: Rounding = serde_json::from_str(request).map_err(|e| format!("trace: {e}"))?;
    traced(rounding.network.get(), Some(rounding.round))
}

/// The trace of one step of `network`, rounded to `round` decimal places when given.
fn traced(network: &str, round: Option<u32>) -> Result<String, String> {
    let file = read(network)?;
    let samples = file.require_samples(SOURCE).map_err(|e| e.to_string())?;
    let step = Step::compute(&file.network, samples, file.learning_rate, round);
    let findings = diagnose(&step);
    let trace = nettrace_core::trace::trace(
        &step,
        file.name.as_deref(),
        file.description.as_deref(),
        Some(&findings),
    );
    Ok(pretty(&trace))
}

/// What [`set`] takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Setting {
    network: Value,
    name: String,
    value: Value,
}

/// The network file of `request` (`{"network", "name", "value"}`) with the given number `name`
/// set to `value` (a number, or its text), written as `nettrace step --output` writes a file.
pub fn set(request: &str) -> Result<String, String> {
    let setting: Setting = serde_json::from_str(request).map_err(|e| format!("set: {e}"))?;
    let file =
        network_file::from_value(&setting.network, SOURCE, Limits::default()).map_err(|e| e.to_string())?;
    let quoted = nettrace_core::notation::escape::quote(&setting.name);
    let value = number(&setting.value).ok_or_else(|| {
        format!("{quoted}: the value {} is not a number; expected a number such as 0.5", setting.value)
    })?;
    let edited = given::set(&file, &setting.name, value, SOURCE).map_err(|e| e.to_string())?;
    Ok(write(&edited))
}

/// The network file `network` after one update with its own η, as `nettrace step` writes it.
pub fn step(network: &str) -> Result<String, String> {
    let file = read(network)?;
    let next = descent::step(&file, SOURCE).map_err(|e| e.to_string())?;
    Ok(write(&next))
}

/// What [`shown`] takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Showing {
    /// A number, or `NaN`, `inf`, `-inf` as text.
    x: Value,
    precision: usize,
}

/// `{"text", "exact"}`: the number `x` of `{"x", "precision"}` as the page's tables show it.
pub fn shown(request: &str) -> Result<String, String> {
    let showing: Showing = serde_json::from_str(request).map_err(|e| format!("shown: {e}"))?;
    let x = number(&showing.x).ok_or_else(|| format!("shown: {} is not a number", showing.x))?;
    serde_json::to_string(&shown_number(x, showing.precision.clamp(1, 17))).map_err(|e| e.to_string())
}

/// A JSON number, or a number's text (`0.5`, `NaN`, `inf`, `Infinity`).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

/// A network file's text, read and checked as `nettrace run` reads it.
fn read(network: &str) -> Result<NetworkFile, String> {
    network_file::parse(network, SOURCE, Limits::default()).map_err(|e| e.to_string())
}

/// A network file as `nettrace step --output` writes it.
fn write(file: &NetworkFile) -> String {
    pretty(&network_file::to_value(file))
}

/// How the page's answer sheet is named in messages.
pub const SHEET: &str = "the answer sheet";

/// The grade of the answer sheet `sheet` (its text: the digits as written) against one step of
/// `network` (a network file's text), as `nettrace grade NET.json SHEET.json --json` prints it
/// (at least 3 significant digits).
pub fn grade(network: &str, sheet: &str) -> Result<String, String> {
    let file = read(network)?;
    let samples = file.require_samples(SOURCE).map_err(|e| e.to_string())?;
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    let rule = nettrace_core::grade::Rule::Digits(3);
    let graded = nettrace_core::grade::grade(&step, sheet, SHEET, rule)?;
    Ok(pretty(&nettrace_core::grade::report::to_json(&graded)))
}

/// What [`grade_request`] takes: the network file and the answer sheet, each as JSON (the sheet
/// may also be its text, as a string).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grading<'a> {
    #[serde(borrow)]
    network: &'a serde_json::value::RawValue,
    #[serde(borrow)]
    sheet: &'a serde_json::value::RawValue,
}

/// [`grade`] of `{"network": file, "sheet": sheet}`: the page's call.
pub fn grade_request(request: &str) -> Result<String, String> {
    let grading: Grading = serde_json::from_str(request).map_err(|e| format!("grade: {e}"))?;
    let sheet = match serde_json::from_str::<String>(grading.sheet.get()) {
        Ok(text) => text,
        Err(_) => grading.sheet.get().to_string(),
    };
    grade(grading.network.get(), &sheet)
}

/// What [`explain`] takes: the network file, what to explain (a weight or bias by its place in
/// the file, `W[2][1][1]`, `b[1][2]`; a unit `a[1][2]`; the loss `L`) and the sample of a batch,
/// from 1.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Explaining {
    network: Value,
    key: String,
    #[serde(default = "first")]
    sample: usize,
    /// The decimal places of a page written with `--round`.
    #[serde(default)]
    round: Option<u32>,
}

fn first() -> usize {
    1
}

/// The explain panel's lines for `{"network", "key", "sample"}`: each a formula printed from the
/// chain rule's trees (MathML and its text), the same with the step's numbers, and its value.
pub fn explain(request: &str) -> Result<String, String> {
    use nettrace_core::notation::explain::{Key, lines};
    let asked: Explaining = serde_json::from_str(request).map_err(|e| format!("explain: {e}"))?;
    let file =
        network_file::from_value(&asked.network, SOURCE, Limits::default()).map_err(|e| e.to_string())?;
    let samples = file.require_samples(SOURCE).map_err(|e| e.to_string())?;
    let step = Step::compute(&file.network, samples, file.learning_rate, asked.round);
    let quoted = nettrace_core::notation::escape::quote(&asked.key);
    let key = Key::parse(&asked.key).ok_or_else(|| {
        format!("explain: {quoted} is not a weight, bias or unit; expected W[l][r][c], b[l][i], a[l][i] or L")
    })?;
    let n = asked.sample.checked_sub(1).ok_or_else(|| "explain: samples are counted from 1".to_string())?;
    let found = lines(&step, key, n)
        .ok_or_else(|| format!("explain: {SOURCE} has no {quoted} (or no sample {})", asked.sample))?;
    serde_json::to_string(&found).map_err(|e| e.to_string())
}
