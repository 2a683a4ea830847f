//! nettrace's core as the page's WebAssembly module: stateless functions, each taking UTF-8 JSON
//! text and returning UTF-8 JSON text, so that every number the page shows is computed by the
//! same Rust as `nettrace run` and `nettrace step`.
//!
//! | function | takes | returns |
//! | --- | --- | --- |
//! | [`trace`] | a network file | the trace, byte for byte as `nettrace run --json` prints it |
//! | [`set`] | `{"network": file, "name": "W[1][1][1]", "value": 0.5}` | the network file with that number set |
//! | [`step`] | a network file | the network file after one update, as `nettrace step` writes it |
//! | [`shown`] | `{"x": 0.1, "precision": 4}` | `{"text": …, "exact": …}`, as the page's tables show x |
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
    let file = read(network)?;
    let samples = file.require_samples(SOURCE).map_err(|e| e.to_string())?;
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
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
