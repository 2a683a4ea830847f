//! The network file: JSON in, a validated [`NetworkFile`] out, and back.
//!
//! The format is defined once, by [`NetworkFileFormat`] (serde reads and writes it, schemars
//! describes it). Reading streams through the text without building a tree of it, counting the
//! numbers against [`Limits::max_values`] as they arrive, and every complaint names the file, the
//! field as a JSON path (`layers[0].weights[1]`, counted from 0 like jq) paired with its math name
//! (`W[1] row 2`, counted from 1), what was found and what was expected.
//!
//! | file | part |
//! | --- | --- |
//! | `format.rs` | the serde types, and a [`NetworkFile`] back into them |
//! | `de.rs` | how each field is read |
//! | `count.rs` | vectors and matrices, their numbers counted against the limit |
//! | `validate.rs` | the checks that build the network, and the layout hint |
//! | `samples.rs` | the samples, and the checks that they fit the network |
//! | `text.rs` | the wording of every message |
//!
//! Reading a file or standard input is the command's (`nettrace::io::network_file`).

mod count;
mod de;
mod format;
mod samples;
mod text;
mod validate;

pub use format::{LayerFormat, Matrix, NetworkFileFormat};
pub use text::{plural, quoted, syntax};
pub use validate::check_learning_rate;

use crate::error::{Error, input};
use crate::nn::network::{Network, Samples};
use count::Budget;
use de::Described;
use nalgebra::DMatrix;
use serde::Deserialize;
use serde_json::Value;

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
    /// `input_shape`: the input as an image of (rows, columns), when the file says so.
    pub input_shape: Option<(usize, usize)>,
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

/// Validates the text of a network file.
pub fn parse(text: &str, source: &str, limits: Limits) -> Result<NetworkFile, Error> {
    read(text, source, limits)?.validate(source, limits)
}

/// Validates a network file already parsed into a JSON value.
pub fn from_value(value: &Value, source: &str, limits: Limits) -> Result<NetworkFile, Error> {
    if !value.is_object() {
        let found = Described::deserialize(value).map_or_else(|e| e.to_string(), |d| d.0);
        return Err(not_an_object(source, &found));
    }
    let (read, _) = Budget::during(limits.max_values, || serde_path_to_error::deserialize(value));
    let format: NetworkFileFormat = read.map_err(|e| text::refusal(source, e.path(), e.inner()))?;
    format.validate(source, limits)
}

/// The network file as JSON, in the file's own layout, ready to be read again.
pub fn to_value(file: &NetworkFile) -> Value {
    serde_json::to_value(NetworkFileFormat::from(file)).expect("a network file always serializes")
}

/// A matrix as row-major nested arrays.
pub fn rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows()).map(|r| m.row(r).iter().copied().collect()).collect()
}

/// Reads the text of a network file into its format, without checking how the parts fit.
///
/// A syntax error anywhere in the text is reported before a value that does not fit, as if the
/// whole text were parsed first; a file over the size limit is refused where the limit is passed.
fn read(text: &str, source: &str, limits: Limits) -> Result<NetworkFileFormat, Error> {
    check_not_empty(text, source)?;
    if !text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') {
        return match serde_json::from_str::<Described>(text) {
            Ok(Described(found)) => Err(not_an_object(source, &found)),
            Err(e) => Err(text::syntax(&e, text, source)),
        };
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let (read, over_limit) = Budget::during(limits.max_values, || serde_path_to_error::deserialize(&mut de));
    match read {
        Ok(format) => {
            de.end().map_err(|e| text::syntax(&e, text, source))?;
            Ok(format)
        }
        Err(e) if text::is_syntax(e.inner()) => Err(text::syntax(e.inner(), text, source)),
        Err(e) => {
            if !over_limit && let Err(syntax) = serde_json::from_str::<Described>(text) {
                return Err(text::syntax(&syntax, text, source));
            }
            Err(text::refusal(source, e.path(), e.inner()))
        }
    }
}

/// Refuses text with nothing but white space in it, as an empty file.
fn check_not_empty(text: &str, source: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(input(format!("{source}: the file is empty; expected a JSON object")));
    }
    Ok(())
}

/// Parses JSON text into a value, with the line and column of any syntax error.
pub fn parse_json(text: &str, source: &str) -> Result<Value, Error> {
    check_not_empty(text, source)?;
    serde_json::from_str(text).map_err(|e| text::syntax(&e, text, source))
}

fn not_an_object(source: &str, found: &str) -> Error {
    input(format!("{source}: the file holds {found}; expected a JSON object"))
}

#[cfg(test)]
mod tests;
