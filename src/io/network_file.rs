//! The network file: JSON in, a validated [`NetworkFile`] out, and back.
//!
//! Reading walks the JSON by hand so that every complaint names the file, the
//! field as a JSON path (`layers[0].weights[1]`, counted from 0 like jq) with
//! the layer number of the notation beside it, what was found and what was
//! expected.

use crate::error::{Error, input};
use crate::nn::activation::Activation;
use crate::nn::init::{Draws, Scheme};
use crate::nn::loss::Loss;
use crate::nn::network::{Layer, Layout, Network, Samples};
use nalgebra::{DMatrix, DVector};
use serde_json::{Map, Value, json};
use std::io::Read;

/// A network file: the network, its training data and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkFile {
    /// Optional name, carried into traces and written files.
    pub name: Option<String>,
    /// Optional description, carried like the name.
    pub description: Option<String>,
    /// η for plain gradient descent.
    pub learning_rate: f64,
    /// The layers and the loss.
    pub network: Network,
    /// `input`/`target` or `inputs`/`targets`, when the file has them.
    pub samples: Option<Samples>,
}

impl NetworkFile {
    /// The samples, or an error saying the file has none.
    pub fn require_samples(&self, source: &str) -> Result<&Samples, Error> {
        self.samples.as_ref().ok_or_else(|| {
            input(format!(
                "{source}: the file has no data; expected \"input\" and \"target\" (one sample) or \"inputs\" and \"targets\" (a batch)"
            ))
        })
    }
}

/// Size limits checked before anything large is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most numbers one network may hold: parameters, and per-sample values over the batch.
    pub max_values: usize,
}

impl Limits {
    /// 2²⁶ numbers (512 MiB of f64) by default.
    pub const DEFAULT_MAX_VALUES: usize = 1 << 26;
    /// The largest file read, in bytes.
    pub const MAX_FILE_BYTES: u64 = 1 << 30;
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_values: Limits::DEFAULT_MAX_VALUES }
    }
}

/// The name used for standard input in messages.
pub const STDIN: &str = "<stdin>";

/// Reads the text of `path`, or standard input for `-`.
pub fn read_source(path: &str) -> Result<(String, String), Error> {
    let (name, mut reader): (String, Box<dyn Read>) = if path == "-" {
        (STDIN.to_string(), Box::new(std::io::stdin().lock()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| input(format!("{path}: cannot read: {}", io_reason(&e))))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(input(format!("{path}: is a directory; expected a JSON file")));
        }
        (path.to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(Limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| input(format!("{name}: cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > Limits::MAX_FILE_BYTES {
        return Err(input(format!("{name}: larger than the limit of {} bytes", Limits::MAX_FILE_BYTES)));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        input(format!("{name}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    Ok((name, text))
}

/// An I/O error's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// Reads and validates the network file at `path` (`-` for standard input).
/// Returns the name to use for it in messages, and the file.
pub fn load(path: &str, limits: Limits) -> Result<(String, NetworkFile), Error> {
    let (name, text) = read_source(path)?;
    let file = parse(&text, &name, limits)?;
    Ok((name, file))
}

/// Parses JSON text into a value, with the line and column of any syntax error.
pub fn parse_json(text: &str, source: &str) -> Result<Value, Error> {
    if text.trim().is_empty() {
        return Err(input(format!("{source}: the file is empty; expected a JSON object")));
    }
    serde_json::from_str(text).map_err(|e| {
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        let what = if what == "number out of range" {
            "a number is out of range (f64 holds magnitudes up to about 1.8e308)".to_string()
        } else {
            what
        };
        input(format!("{source}: invalid JSON at line {}, column {}: {what}", e.line(), e.column()))
    })
}

/// Validates the text of a network file.
pub fn parse(text: &str, source: &str, limits: Limits) -> Result<NetworkFile, Error> {
    let value = parse_json(text, source)?;
    from_value(&value, source, limits)
}

const TOP_FIELDS: &[&str] = &[
    "$schema",
    "name",
    "description",
    "layout",
    "input",
    "target",
    "inputs",
    "targets",
    "input_size",
    "loss",
    "learning_rate",
    "seed",
    "layers",
];
const LAYER_FIELDS: &[&str] =
    &["weights", "bias", "activation", "slope", "trainable_bias", "units", "init", "bias_init"];

/// Reads values out of one document and names the document in errors.
#[derive(Clone, Copy)]
struct At<'a> {
    source: &'a str,
}

/// Describes a JSON value for "found …" messages.
fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".to_string(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(a) if a.is_empty() => "an empty array".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

impl<'a> At<'a> {
    fn fail(&self, path: &str, message: impl std::fmt::Display) -> Error {
        input(format!("{}: {path} {message}", self.source))
    }

    fn number(&self, v: &Value, path: &str) -> Result<f64, Error> {
        match v.as_f64() {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(self.fail(path, format_args!("is {}; expected a number", found(v)))),
        }
    }

    fn vector(&self, v: &Value, path: &str) -> Result<Vec<f64>, Error> {
        let items = v
            .as_array()
            .ok_or_else(|| self.fail(path, format_args!("is {}; expected an array of numbers", found(v))))?;
        if items.is_empty() {
            return Err(self.fail(path, "is empty; expected at least one number"));
        }
        items.iter().enumerate().map(|(i, x)| self.number(x, &format!("{path}[{i}]"))).collect()
    }

    /// A row-major matrix: (rows, columns, values row by row).
    fn matrix(&self, v: &Value, path: &str) -> Result<(usize, usize, Vec<f64>), Error> {
        let rows = v
            .as_array()
            .ok_or_else(|| self.fail(path, format_args!("is {}; expected an array of rows", found(v))))?;
        if rows.is_empty() {
            return Err(self.fail(path, "is empty; expected at least one row"));
        }
        let mut values = Vec::new();
        let mut cols = 0;
        for (r, row) in rows.iter().enumerate() {
            let row_path = format!("{path}[{r}]");
            if !row.is_array() {
                return Err(self.fail(
                    &row_path,
                    format_args!("is {}; expected a row (an array of numbers)", found(row)),
                ));
            }
            let numbers = self.vector(row, &row_path)?;
            if r == 0 {
                cols = numbers.len();
            } else if numbers.len() != cols {
                return Err(self.fail(
                    &row_path,
                    format_args!(
                        "has {} but {path}[0] has {cols}; every row needs the same length",
                        plural(numbers.len(), "number")
                    ),
                ));
            }
            values.extend(numbers);
        }
        Ok((rows.len(), cols, values))
    }

    fn string<'v>(&self, v: &'v Value, path: &str) -> Result<&'v str, Error> {
        v.as_str().ok_or_else(|| self.fail(path, format_args!("is {}; expected a string", found(v))))
    }

    fn count(&self, v: &Value, path: &str) -> Result<u64, Error> {
        v.as_u64()
            .ok_or_else(|| self.fail(path, format_args!("is {}; expected a whole number ≥ 0", found(v))))
    }

    fn choice<T>(
        &self,
        v: &Value,
        path: &str,
        names: &[&str],
        pick: impl Fn(&str) -> Option<T>,
    ) -> Result<T, Error> {
        let s = self.string(v, path)?;
        pick(s).ok_or_else(|| self.fail(path, format_args!("is {s:?}; expected one of {}", quoted(names))))
    }
}

/// "1 neuron", "2 neurons".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// `"a", "b" or "c"`.
pub fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} or {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

fn check_fields(at: &At, map: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<(), Error> {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let place = if path.is_empty() { String::new() } else { format!("{path}.") };
            return Err(input(format!(
                "{}: {place}{key} is not a known field; expected one of {}",
                at.source,
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

/// Validates a parsed network file.
pub fn from_value(value: &Value, source: &str, limits: Limits) -> Result<NetworkFile, Error> {
    let at = At { source };
    let top = value
        .as_object()
        .ok_or_else(|| input(format!("{source}: the file holds {}; expected a JSON object", found(value))))?;
    check_fields(&at, top, TOP_FIELDS, "")?;

    let text = |key: &str| -> Result<Option<String>, Error> {
        top.get(key).map(|v| at.string(v, key).map(str::to_string)).transpose()
    };
    let name = text("name")?;
    let description = text("description")?;

    let layout = match top.get("layout") {
        None => Layout::OutIn,
        Some(v) => at.choice(v, "layout", Layout::NAMES, |s| match s {
            "out_in" => Some(Layout::OutIn),
            "in_out" => Some(Layout::InOut),
            _ => None,
        })?,
    };
    let loss = match top.get("loss") {
        None => Loss::HalfSquaredError,
        Some(v) => at.choice(v, "loss", Loss::NAMES, |s| {
            Loss::NAMES
                .iter()
                .position(|n| *n == s)
                .map(|i| [Loss::HalfSquaredError, Loss::Mse, Loss::Bce, Loss::CrossEntropy][i])
        })?,
    };
    let learning_rate = match top.get("learning_rate") {
        None => 0.1,
        Some(v) => {
            let lr = at.number(v, "learning_rate")?;
            check_learning_rate(lr).map_err(|why| at.fail("learning_rate", why))?
        }
    };
    let seed = top.get("seed").map(|v| at.count(v, "seed")).transpose()?.unwrap_or(0);

    let raw_samples = read_samples(&at, top)?;
    let input_size = match top.get("input_size") {
        None => None,
        Some(v) => Some(at.count(v, "input_size")? as usize),
    };
    if let (Some(n), Some((x, _, _))) = (input_size, &raw_samples)
        && n != x.ncols()
    {
        return Err(
            at.fail("input_size", format_args!("is {n} but each input has {}", plural(x.ncols(), "value")))
        );
    }
    let input_size = input_size.or(raw_samples.as_ref().map(|(x, _, _)| x.ncols()));

    let layers_value = top.get("layers").ok_or_else(|| {
        input(format!(
            "{source}: layers is missing; expected an array of layers, each with weights and an activation"
        ))
    })?;
    let layer_values = layers_value.as_array().ok_or_else(|| {
        at.fail("layers", format_args!("is {}; expected an array of layers", found(layers_value)))
    })?;
    if layer_values.is_empty() {
        return Err(at.fail("layers", "is empty; expected at least one layer"));
    }

    let mut draws = Draws::new(seed);
    let mut layers = Vec::with_capacity(layer_values.len());
    let mut fan_in = input_size;
    let mut used = 0usize;
    let count = layer_values.len();
    for (i, v) in layer_values.iter().enumerate() {
        let layer = read_layer(&at, v, i, count, layout, fan_in, &mut draws, limits, used)?;
        used = used.saturating_add(layer.weights.len() + layer.bias.len());
        fan_in = Some(layer.neurons());
        layers.push(layer);
    }
    let network = Network { layers, loss, layout };

    let params = network.parameter_count();
    if params > limits.max_values {
        return Err(input(format!(
            "{source}: the network has {params} parameters, over the limit of {} (raise it with --max-values)",
            limits.max_values
        )));
    }

    check_output(&at, &network)?;
    let samples = match raw_samples {
        None => None,
        Some((x, y, batch)) => Some(check_samples(&at, &network, x, y, batch, limits)?),
    };
    Ok(NetworkFile { name, description, learning_rate, network, samples })
}

/// η must be a positive finite number.
pub fn check_learning_rate(lr: f64) -> Result<f64, String> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(format!("is {lr}; expected a positive number such as 0.1"))
    }
}

type RawSamples = (DMatrix<f64>, DMatrix<f64>, bool);

fn read_samples(at: &At, top: &Map<String, Value>) -> Result<Option<RawSamples>, Error> {
    let one = top.contains_key("input") || top.contains_key("target");
    let many = top.contains_key("inputs") || top.contains_key("targets");
    if one && many {
        return Err(input(format!(
            "{}: the file has both input/target and inputs/targets; expected exactly one of the two forms",
            at.source
        )));
    }
    let pair = |a: &str, b: &str| -> Result<(&Value, &Value), Error> {
        match (top.get(a), top.get(b)) {
            (Some(x), Some(y)) => Ok((x, y)),
            (Some(_), None) => Err(input(format!("{}: {a} is given but {b} is missing", at.source))),
            _ => Err(input(format!("{}: {b} is given but {a} is missing", at.source))),
        }
    };
    if one {
        let (x, y) = pair("input", "target")?;
        let x = at.vector(x, "input")?;
        let y = at.vector(y, "target")?;
        Ok(Some((DMatrix::from_row_slice(1, x.len(), &x), DMatrix::from_row_slice(1, y.len(), &y), false)))
    } else if many {
        let (x, y) = pair("inputs", "targets")?;
        let (xr, xc, xv) = at.matrix(x, "inputs")?;
        let (yr, yc, yv) = at.matrix(y, "targets")?;
        if xr != yr {
            return Err(input(format!(
                "{}: inputs has {xr} rows but targets has {yr}; expected one target row per input row",
                at.source
            )));
        }
        Ok(Some((DMatrix::from_row_slice(xr, xc, &xv), DMatrix::from_row_slice(yr, yc, &yv), true)))
    } else {
        Ok(None)
    }
}

#[allow(clippy::too_many_arguments)]
fn read_layer(
    at: &At,
    v: &Value,
    i: usize,
    count: usize,
    layout: Layout,
    fan_in: Option<usize>,
    draws: &mut Draws,
    limits: Limits,
    used: usize,
) -> Result<Layer, Error> {
    let path = format!("layers[{i}]");
    let number = i + 1;
    let map = v.as_object().ok_or_else(|| {
        at.fail(&path, format_args!("(layer {number}) is {}; expected an object", found(v)))
    })?;
    check_fields(at, map, LAYER_FIELDS, &path)?;
    let field = |k: &str| format!("{path}.{k}");

    let activation = match map.get("activation") {
        None => Activation::Identity,
        Some(a) => at.choice(a, &field("activation"), Activation::NAMES, |s| match s {
            "identity" => Some(Activation::Identity),
            "relu" => Some(Activation::Relu),
            "leaky_relu" => Some(Activation::LeakyRelu { slope: Activation::DEFAULT_SLOPE }),
            "sigmoid" => Some(Activation::Sigmoid),
            "tanh" => Some(Activation::Tanh),
            "softmax" => Some(Activation::Softmax),
            _ => None,
        })?,
    };
    let activation = match (activation, map.get("slope")) {
        (Activation::LeakyRelu { .. }, Some(s)) => {
            Activation::LeakyRelu { slope: at.number(s, &field("slope"))? }
        }
        (_, Some(_)) => {
            return Err(
                at.fail(&field("slope"), "is only for \"leaky_relu\"; remove it or change the activation")
            );
        }
        (a, None) => a,
    };
    if activation == Activation::Softmax && i + 1 != count {
        return Err(at.fail(
            &field("activation"),
            format_args!(
                "(layer {number}) is \"softmax\", which only the output layer (layer {count}) may use"
            ),
        ));
    }
    let trainable_bias = match map.get("trainable_bias") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(at.fail(
                &field("trainable_bias"),
                format_args!("is {}; expected true or false", found(other)),
            ));
        }
    };

    let units = map.get("units").map(|u| at.count(u, &field("units"))).transpose()?;
    let weights = match map.get("weights") {
        Some(w) => {
            let (rows, cols, values) = at.matrix(w, &field("weights"))?;
            let m = DMatrix::from_row_slice(rows, cols, &values);
            let m = match layout {
                Layout::OutIn => m,
                Layout::InOut => m.transpose(),
            };
            if let Some(u) = units
                && u as usize != m.nrows()
            {
                return Err(at.fail(
                    &field("units"),
                    format_args!("is {u} but {path}.weights has {}", plural(m.nrows(), "neuron")),
                ));
            }
            if let Some(n) = fan_in
                && m.ncols() != n
            {
                let (shape, expected) = match layout {
                    Layout::OutIn => (
                        format!(
                            "{}×{} (out_in: {} × {})",
                            m.nrows(),
                            m.ncols(),
                            plural(m.nrows(), "neuron"),
                            plural(m.ncols(), "input")
                        ),
                        format!("{n} columns"),
                    ),
                    Layout::InOut => (
                        format!(
                            "{}×{} (in_out: {} × {})",
                            m.ncols(),
                            m.nrows(),
                            plural(m.ncols(), "input"),
                            plural(m.nrows(), "neuron")
                        ),
                        format!("{n} rows"),
                    ),
                };
                let feeds = if i == 0 {
                    format!("the input has {}", plural(n, "value"))
                } else {
                    format!("layer {i} has {}", plural(n, "neuron"))
                };
                return Err(at.fail(
                    &field("weights"),
                    format_args!("(layer {number}) is {shape} but {feeds}; expected {expected}"),
                ));
            }
            if map.contains_key("init") {
                return Err(at.fail(&field("init"), "is given with weights; give one or the other"));
            }
            m
        }
        None => {
            let Some(units) = units else {
                return Err(input(format!(
                    "{}: {path} (layer {number}) has no weights; expected \"weights\" (a matrix) or \"units\" and \"init\"",
                    at.source
                )));
            };
            let Some(inputs) = fan_in else {
                return Err(input(format!(
                    "{}: {path} (layer {number}) is generated from \"units\" but the input size is unknown; give \"input\", \"inputs\" or \"input_size\"",
                    at.source
                )));
            };
            if units == 0 {
                return Err(at.fail(&field("units"), "is 0; expected at least 1 neuron"));
            }
            // The running total: this layer's weights and bias on top of the layers before it.
            let size = (units as usize).checked_mul(inputs).filter(|s| {
                s.checked_add(units as usize)
                    .and_then(|t| t.checked_add(used))
                    .is_some_and(|t| t <= limits.max_values)
            });
            let Some(size) = size else {
                let before = if used > 0 {
                    format!(" on top of the {used} of the layers before it")
                } else {
                    String::new()
                };
                return Err(at.fail(
                    &field("units"),
                    format_args!(
                        "is {units}: {units}×{inputs} weights{before} is over the limit of {} values (raise it with --max-values)",
                        limits.max_values
                    ),
                ));
            };
            let scheme = match map.get("init") {
                None => Scheme::Pytorch,
                Some(s) => at.choice(s, &field("init"), Scheme::NAMES, Scheme::from_name)?,
            };
            let units = units as usize;
            let values = draws.sample(scheme, inputs, units, size);
            let w = DMatrix::from_row_slice(units, inputs, &values);
            let bias_scheme = match map.get("bias_init") {
                None => scheme.default_bias(),
                Some(s) => at.choice(s, &field("bias_init"), Scheme::NAMES, Scheme::from_name)?,
            };
            if !map.contains_key("bias") {
                let b = draws.sample(bias_scheme, inputs, units, units);
                return Ok(Layer { weights: w, bias: DVector::from_vec(b), activation, trainable_bias });
            }
            w
        }
    };
    let bias = match map.get("bias") {
        None => DVector::zeros(weights.nrows()),
        Some(b) => {
            let b = at.vector(b, &field("bias"))?;
            if b.len() != weights.nrows() {
                return Err(at.fail(
                    &field("bias"),
                    format_args!(
                        "(layer {number}) has {} but the layer has {}; expected {}",
                        plural(b.len(), "number"),
                        plural(weights.nrows(), "neuron"),
                        weights.nrows()
                    ),
                ));
            }
            DVector::from_vec(b)
        }
    };
    Ok(Layer { weights, bias, activation, trainable_bias })
}

fn check_output(at: &At, net: &Network) -> Result<(), Error> {
    let last = net.layers.len() - 1;
    let phi = net.layers[last].activation;
    let path = format!("layers[{last}].activation");
    match net.loss {
        Loss::CrossEntropy if phi != Activation::Softmax => Err(at.fail(
            &path,
            format_args!(
                "(layer {}) is \"{}\" but loss \"cross_entropy\" needs a \"softmax\" output layer",
                last + 1,
                phi.name()
            ),
        )),
        Loss::Bce if phi != Activation::Sigmoid => Err(at.fail(
            &path,
            format_args!(
                "(layer {}) is \"{}\" but loss \"bce\" needs a \"sigmoid\" output layer",
                last + 1,
                phi.name()
            ),
        )),
        _ => Ok(()),
    }
}

fn check_samples(
    at: &At,
    net: &Network,
    x: DMatrix<f64>,
    y: DMatrix<f64>,
    batch: bool,
    limits: Limits,
) -> Result<Samples, Error> {
    let (xs, ys) = if batch { ("inputs", "targets") } else { ("input", "target") };
    let row = |r: usize, name: &str| if batch { format!("{name}[{r}]") } else { name.to_string() };
    if x.ncols() != net.input_size() {
        return Err(at.fail(
            &row(0, xs),
            format_args!(
                "has {} but layer 1 takes {}; expected {}",
                plural(x.ncols(), "value"),
                plural(net.input_size(), "input"),
                net.input_size()
            ),
        ));
    }
    if y.ncols() != net.output_size() {
        return Err(at.fail(
            &row(0, ys),
            format_args!(
                "has {} but the output layer has {}; expected {}",
                plural(y.ncols(), "value"),
                plural(net.output_size(), "neuron"),
                net.output_size()
            ),
        ));
    }
    let per_sample: usize = net.input_size() + net.layers.iter().map(|l| 4 * l.neurons()).sum::<usize>();
    let values = x.nrows().checked_mul(per_sample);
    if values.is_none_or(|v| v > limits.max_values) {
        return Err(input(format!(
            "{}: {} samples need {} values to trace, over the limit of {} (raise it with --max-values)",
            at.source,
            x.nrows(),
            values.map_or("too many".to_string(), |v| v.to_string()),
            limits.max_values
        )));
    }
    if net.loss.is_classification() {
        for r in 0..y.nrows() {
            for c in 0..y.ncols() {
                let t = y[(r, c)];
                if !(0.0..=1.0).contains(&t) {
                    return Err(at.fail(
                        &format!("{}[{c}]", row(r, ys)),
                        format_args!("is {t} but loss \"{}\" needs targets in [0, 1]", net.loss.name()),
                    ));
                }
            }
        }
    }
    Ok(Samples { inputs: x, targets: y, batch })
}

/// A matrix as row-major nested arrays.
pub fn rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows()).map(|r| m.row(r).iter().copied().collect()).collect()
}

/// The network file as JSON, in the file's own layout, ready to be read again.
pub fn to_value(file: &NetworkFile) -> Value {
    let net = &file.network;
    let mut top = Map::new();
    if let Some(n) = &file.name {
        top.insert("name".into(), json!(n));
    }
    if let Some(d) = &file.description {
        top.insert("description".into(), json!(d));
    }
    top.insert("layout".into(), json!(net.layout.name()));
    if let Some(s) = &file.samples {
        if s.batch {
            top.insert("inputs".into(), json!(rows(&s.inputs)));
            top.insert("targets".into(), json!(rows(&s.targets)));
        } else {
            top.insert("input".into(), json!(rows(&s.inputs)[0]));
            top.insert("target".into(), json!(rows(&s.targets)[0]));
        }
    }
    top.insert("loss".into(), json!(net.loss.name()));
    top.insert("learning_rate".into(), json!(file.learning_rate));
    let layers: Vec<Value> = net
        .layers
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert("weights".into(), json!(rows(&net.layout.store(&l.weights))));
            m.insert("bias".into(), json!(l.bias.iter().copied().collect::<Vec<f64>>()));
            m.insert("activation".into(), json!(l.activation.name()));
            if let Activation::LeakyRelu { slope } = l.activation {
                m.insert("slope".into(), json!(slope));
            }
            if !l.trainable_bias {
                m.insert("trainable_bias".into(), json!(false));
            }
            Value::Object(m)
        })
        .collect();
    top.insert("layers".into(), Value::Array(layers));
    Value::Object(top)
}
