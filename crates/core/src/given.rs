//! One given number of a network file, named as the notes write it, and set to a new value.
//!
//! The given numbers are the ones a step starts from: `W[l][i][j]` (layer l, neuron i, input j,
//! counted from 1: W[l] is neurons × inputs whatever the file's layout), `b[l][i]`, the input
//! `x[j]` and target `y[j]` of one sample (`x[s][j]`, `y[s][j]` for sample s of a batch) and the
//! learning rate `η` (or `eta`). Setting one gives the file that editing that number in the text
//! gives: the result is checked as the file is when it is read, with the same messages.

use crate::error::{Error, input};
use crate::network_file::{Limits, NetworkFile, from_value, to_value};
use crate::notation::plural;

/// One given number of a network file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// W[layer][neuron][input], all from 1.
    Weight { layer: usize, neuron: usize, input: usize },
    /// b[layer][unit], from 1.
    Bias { layer: usize, unit: usize },
    /// x: sample and unit, from 1 (sample 1 for a file with one sample).
    Input { sample: usize, unit: usize },
    /// y: sample and unit, from 1.
    Target { sample: usize, unit: usize },
    /// η.
    LearningRate,
}

/// What a name may be, for messages.
pub const NAMES: &str = "expected W[l][i][j] (layer l, neuron i, input j), b[l][i], x[j] or y[j] (x[s][j], y[s][j] for sample s of a batch) or η, counted from 1";

impl Given {
    /// Reads a name: `W[1][2][1]`, `b[2][1]`, `x[2]`, `y[3][1]`, `η`. The error says what is
    /// wrong with it, quoting it.
    pub fn parse(name: &str) -> Result<Given, Error> {
        let text = name.trim();
        if text == "η" || text == "eta" {
            return Ok(Given::LearningRate);
        }
        let refuse = || input(format!("{}: not a given number; {NAMES}", quoted(name)));
        let letter = text.chars().next().ok_or_else(refuse)?;
        let indices = indices(&text[letter.len_utf8()..]).ok_or_else(refuse)?;
        if indices.contains(&0) {
            return Err(input(format!("{}: indices count from 1; {NAMES}", quoted(name))));
        }
        match (letter, indices.as_slice()) {
            ('W' | 'w', &[layer, neuron, input]) => Ok(Given::Weight { layer, neuron, input }),
            ('b', &[layer, unit]) => Ok(Given::Bias { layer, unit }),
            ('x', &[unit]) => Ok(Given::Input { sample: 1, unit }),
            ('x', &[sample, unit]) => Ok(Given::Input { sample, unit }),
            ('y', &[unit]) => Ok(Given::Target { sample: 1, unit }),
            ('y', &[sample, unit]) => Ok(Given::Target { sample, unit }),
            _ => Err(refuse()),
        }
    }
}

/// `[1][2][3]` as its numbers, or none when it is not a run of bracketed whole numbers.
fn indices(text: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        let digits = inner[..end].trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push(digits.parse().ok()?);
        rest = &inner[end + 1..];
    }
    (!out.is_empty()).then_some(out)
}

fn quoted(name: &str) -> String {
    crate::notation::escape::quote(name)
}

/// The file with the number called `name` set to `value`, checked as reading the edited file
/// checks it (a target outside [0, 1] for a classification loss, η not positive…); `source`
/// names the file in messages.
pub fn set(file: &NetworkFile, name: &str, value: f64, source: &str) -> Result<NetworkFile, Error> {
    let given = Given::parse(name)?;
    if !value.is_finite() {
        return Err(input(format!(
            "{}: {value} is not a finite number; expected a number such as 0.5",
            quoted(name)
        )));
    }
    let mut edited = file.clone();
    *place(&mut edited, given).map_err(|e| input(format!("{}: {e}", quoted(name))))? = value;
    from_value(&to_value(&edited), source, Limits::default())
}

/// Where the number lives in the file, or what is past the end.
fn place(file: &mut NetworkFile, given: Given) -> Result<&mut f64, String> {
    let net = &mut file.network;
    let depth = net.layers.len();
    let layer_of = |l: usize| {
        if l > depth {
            Err(format!("the network has {}, 1 to {depth}", plural(depth, "layer")))
        } else {
            Ok(l - 1)
        }
    };
    match given {
        Given::LearningRate => Ok(&mut file.learning_rate),
        Given::Weight { layer, neuron, input } => {
            let w = &mut net.layers[layer_of(layer)?].weights;
            let (rows, cols) = w.shape();
            if neuron > rows || input > cols {
                return Err(format!(
                    "W[{layer}] is {rows}×{cols} (neurons × inputs); expected W[{layer}][1][1] to W[{layer}][{rows}][{cols}]"
                ));
            }
            Ok(&mut w[(neuron - 1, input - 1)])
        }
        Given::Bias { layer, unit } => {
            let b = &mut net.layers[layer_of(layer)?].bias;
            if unit > b.len() {
                return Err(format!(
                    "layer {layer} has {}; expected b[{layer}][1] to b[{layer}][{}]",
                    plural(b.len(), "unit"),
                    b.len()
                ));
            }
            Ok(&mut b[unit - 1])
        }
        Given::Input { sample, unit } | Given::Target { sample, unit } => {
            let samples = file.samples.as_mut().ok_or("the file has no data; expected \"input\" and \"target\" (one sample) or \"inputs\" and \"targets\" (a batch)")?;
            let (letter, m) = match given {
                Given::Input { .. } => ("x", &mut samples.inputs),
                _ => ("y", &mut samples.targets),
            };
            let (n, units) = m.shape();
            if sample > n {
                return Err(format!(
                    "the file has {}; expected {letter}[1][j] to {letter}[{n}][j]",
                    plural(n, "sample")
                ));
            }
            if unit > units {
                return Err(format!(
                    "{letter} has {}; expected {letter}[1] to {letter}[{units}]",
                    plural(units, "value")
                ));
            }
            Ok(&mut m[(sample - 1, unit - 1)])
        }
    }
}
