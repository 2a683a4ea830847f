//! One index convention, in one place.
//!
//! Everything written as math counts from 1: layers, rows, columns, units. A weight is named by
//! its layer and its row and column in the matrix as the file stores it (the file's layout, as
//! the tables show it): `W[2][1][1]` is row 1, column 1 of layer 2's matrix; `b[1][2]` is the bias
//! of unit 2 of layer 1. JSON paths count from 0, as jq does, and are always paired with the math
//! name: `layers[1].weights[0][0] (W[2] row 1, column 1)`.
//!
//! [`math_name`] and [`paired`] name a path of the network file; [`Parameter`] is one weight or
//! bias, read from either form ([`Parameter::parse`]) and written in both ([`Parameter::math`],
//! [`Parameter::path`]).

use crate::nn::network::{Layout, Network};
use crate::notation::plural;

/// Unit `unit` (from 1) of layer `layer` (from 1; layer 0 is the input), as math: `a[1][2]`.
pub fn unit(layer: usize, unit: usize) -> String {
    format!("a[{layer}][{unit}]")
}

/// One weight or bias of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// The layer, from 1.
    pub layer: usize,
    /// The row of the weight matrix as the file stores it, or the unit of a bias; from 0.
    pub row: usize,
    /// The column of the weight matrix as the file stores it, from 0; none for a bias.
    pub column: Option<usize>,
}

impl Parameter {
    /// The math name, counted from 1: `W[2][1][1]`, `b[1][2]`.
    pub fn math(&self) -> String {
        match self.column {
            Some(c) => format!("W[{}][{}][{}]", self.layer, self.row + 1, c + 1),
            None => format!("b[{}][{}]", self.layer, self.row + 1),
        }
    }

    /// The JSON path in the network file, counted from 0: `layers[1].weights[0][0]`.
    pub fn path(&self) -> String {
        let l = self.layer.saturating_sub(1);
        match self.column {
            Some(c) => format!("layers[{l}].weights[{}][{c}]", self.row),
            None => format!("layers[{l}].bias[{}]", self.row),
        }
    }

    /// The JSON path paired with the math name: `layers[1].weights[0][0] (W[2] row 1, column 1)`.
    pub fn paired(&self) -> String {
        paired(&self.path())
    }

    /// The parameter at a weight's neuron and input (both from 0), in `layout`.
    pub fn weight(layer: usize, neuron: usize, input: usize, layout: Layout) -> Parameter {
        let (row, column) = match layout {
            Layout::OutIn => (neuron, input),
            Layout::InOut => (input, neuron),
        };
        Parameter { layer, row, column: Some(column) }
    }

    /// The bias of `unit` (from 0) of `layer` (from 1).
    pub fn bias(layer: usize, unit: usize) -> Parameter {
        Parameter { layer, row: unit, column: None }
    }

    /// Reads a parameter named in the math form, counted from 1 (`W[2][1][1]`, `b[1][2]`), or as
    /// a JSON path of the network file, counted from 0 (`layers[1].weights[0][0]`,
    /// `layers[0].bias[1]`). The error says what was wrong, without the text itself.
    pub fn parse(text: &str) -> Result<Parameter, String> {
        use Token::*;
        let tokens = tokens(text.trim()).ok_or_else(|| SYNTAX.to_string())?;
        let weight = "W[1][1][1] is the first weight of layer 1, layers[0].weights[0][0] in the file";
        let bias = "b[1][1] is the first bias of layer 1, layers[0].bias[0] in the file";
        let from_1 = |n: usize, what: &str, first: &str| {
            n.checked_sub(1).ok_or_else(|| format!("{what} 0: the math form counts {what}s from 1 ({first})"))
        };
        let layer_of_path = |l: usize| l.checked_add(1).ok_or_else(|| format!("layers[{l}] is too large"));
        match tokens.as_slice() {
            [Key("W" | "w"), Index(l), Index(r), Index(c)] => {
                from_1(*l, "layer", weight)?;
                let (row, column) = (from_1(*r, "row", weight)?, from_1(*c, "column", weight)?);
                Ok(Parameter { layer: *l, row, column: Some(column) })
            }
            [Key("b" | "B"), Index(l), Index(u)] => {
                from_1(*l, "layer", bias)?;
                Ok(Parameter { layer: *l, row: from_1(*u, "unit", bias)?, column: None })
            }
            [Key("layers"), Index(l), Key("weights"), Index(r), Index(c)] => {
                Ok(Parameter { layer: layer_of_path(*l)?, row: *r, column: Some(*c) })
            }
            [Key("layers"), Index(l), Key("bias"), Index(u)] => {
                Ok(Parameter { layer: layer_of_path(*l)?, row: *u, column: None })
            }
            [Key("W" | "w"), Index(_), ..] | [Key("layers"), Index(_), Key("weights"), ..] => {
                Err(format!("a weight is named by its layer, row and column; {SYNTAX}"))
            }
            [Key("b" | "B"), Index(_), ..] | [Key("layers"), Index(_), Key("bias"), ..] => {
                Err(format!("a bias is named by its layer and unit; {SYNTAX}"))
            }
            _ => Err(SYNTAX.to_string()),
        }
    }

    /// Checks that the parameter is in `net`; the error names the parameter and the valid range,
    /// both ways.
    pub fn check(&self, net: &Network) -> Result<(), String> {
        let depth = net.layers.len();
        let (letter, field) = if self.column.is_some() { ("W", "weights") } else { ("b", "bias") };
        if self.layer == 0 || self.layer > depth {
            return Err(format!(
                "{} is past the end: the network has {}: {} ({})",
                self.paired(),
                plural(depth, "layer"),
                range("layers[", depth, 0, "]"),
                range(&format!("{letter}["), depth, 1, "]"),
            ));
        }
        let layer = &net.layers[self.layer - 1];
        let (l, path) = (self.layer, format!("layers[{}].{field}", self.layer - 1));
        match self.column {
            Some(c) => {
                let (rows, cols) = match net.layout {
                    Layout::OutIn => (layer.neurons(), layer.inputs()),
                    Layout::InOut => (layer.inputs(), layer.neurons()),
                };
                if self.row >= rows || c >= cols {
                    let first = Parameter { layer: l, row: 0, column: Some(0) };
                    let last = Parameter { layer: l, row: rows - 1, column: Some(cols - 1) };
                    return Err(format!(
                        "{} is past the end: {path} (W[{l}]) is {rows}×{cols} as the file stores it ({}): {} to {} ({} to {})",
                        self.paired(),
                        net.layout.name(),
                        first.path(),
                        last.path(),
                        first.math(),
                        last.math(),
                    ));
                }
            }
            None => {
                let units = layer.neurons();
                if self.row >= units {
                    return Err(format!(
                        "{} is past the end: layer {l} has {}: {} ({})",
                        self.paired(),
                        plural(units, "unit"),
                        range(&format!("{path}["), units, 0, "]"),
                        range(&format!("b[{l}]["), units, 1, "]"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What `--why` and other readers of a parameter's name accept.
pub const SYNTAX: &str = "expected W[l][i][j] or b[l][i] (layer l, row i, column j, unit i, counted from 1 as the tables show), or the file's JSON path layers[l].weights[i][j] or layers[l].bias[i] (counted from 0)";

/// `first` to `first + n − 1` written as `{before}k{after}`: `layers[0] to layers[1]`, or the one.
fn range(before: &str, n: usize, first: usize, after: &str) -> String {
    match n {
        0 => "none".to_string(),
        1 => format!("{before}{first}{after}"),
        _ => format!("{before}{first}{after} to {before}{}{after}", first + n - 1),
    }
}

/// The math name of a JSON path of the network file, if the path names a layer, a parameter or
/// a sample value: `layers[1].weights[0][0]` → `W[2] row 1, column 1`, `layers[0].bias[2]` →
/// `b[1] unit 3`, `layers[1].activation` → `layer 2`, `input[1]` → `x unit 2`, `inputs[3][1]` →
/// `x sample 4, unit 2`, `target[0]` → `y unit 1`.
pub fn math_name(path: &str) -> Option<String> {
    use Token::*;
    let tokens = tokens(path)?;
    let n = |i: &usize| i.saturating_add(1);
    Some(match tokens.as_slice() {
        [Key("layers"), Index(l), Key("weights")] => format!("W[{}]", n(l)),
        [Key("layers"), Index(l), Key("weights"), Index(r)] => format!("W[{}] row {}", n(l), n(r)),
        [Key("layers"), Index(l), Key("weights"), Index(r), Index(c), ..] => {
            format!("W[{}] row {}, column {}", n(l), n(r), n(c))
        }
        [Key("layers"), Index(l), Key("bias")] => format!("b[{}]", n(l)),
        [Key("layers"), Index(l), Key("bias"), Index(u), ..] => format!("b[{}] unit {}", n(l), n(u)),
        [Key("layers"), Index(l), ..] => format!("layer {}", n(l)),
        [Key(field), rest @ ..] => {
            let letter = match *field {
                "input" | "inputs" => "x",
                "target" | "targets" => "y",
                _ => return None,
            };
            match (*field, rest) {
                (_, []) => letter.to_string(),
                ("input" | "target", [Index(u), ..]) => format!("{letter} unit {}", n(u)),
                (_, [Index(s)]) => format!("{letter} sample {}", n(s)),
                (_, [Index(s), Index(u), ..]) => format!("{letter} sample {}, unit {}", n(s), n(u)),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// A JSON path with its math name beside it where it has one:
/// `layers[1].weights[0][0] (W[2] row 1, column 1)`; `learning_rate` as it is.
pub fn paired(path: &str) -> String {
    match math_name(path) {
        Some(name) => format!("{path} ({name})"),
        None => path.to_string(),
    }
}

/// A part of a path: a name, or an index in brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// The parts of `name[1].name[2][3]` (spaces allowed inside brackets); a quoted key
/// (`["a b"]`) or `?` is an unnamed part. None when the text is not such a path.
fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    // jq writes a leading dot: `.layers[0]`.
    let mut rest = text.strip_prefix('.').unwrap_or(text);
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let inner = inner.trim_start();
            if let Some(quoted) = inner.strip_prefix('"') {
                // A key as jq quotes it; skip to the closing quote, past escaped ones.
                let mut escaped = false;
                let end = quoted.char_indices().find_map(|(i, c)| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close.then_some(i)
                })?;
                rest = quoted[end + 1..].trim_start().strip_prefix(']')?;
                out.push(Token::Key("?"));
            } else {
                let (number, after) = inner.split_once(']')?;
                let number = number.trim();
                if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                out.push(Token::Index(number.parse().ok()?));
                rest = after;
            }
        } else {
            let rest_of_name = if out.is_empty() { rest } else { rest.strip_prefix('.')? };
            let end = rest_of_name.find(['.', '[']).unwrap_or(rest_of_name.len());
            let name = rest_of_name[..end].trim();
            if name.is_empty() {
                return None;
            }
            out.push(Token::Key(name));
            rest = &rest_of_name[end..];
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::loss::Loss;
    use crate::nn::network::Layer;
    use nalgebra::{DMatrix, DVector};

    /// The notes' network: 2 inputs, 2 hidden units, 1 output, stored in_out.
    fn notes() -> Network {
        let layer = |neurons: usize, inputs: usize| Layer {
            weights: DMatrix::zeros(neurons, inputs),
            bias: DVector::zeros(neurons),
            activation: Activation::Identity,
            trainable_bias: true,
        };
        Network {
            layers: vec![layer(2, 2), layer(1, 2)],
            loss: Loss::HalfSquaredError,
            layout: Layout::InOut,
        }
    }

    #[test]
    fn paths_get_their_math_names() {
        for (path, name) in [
            ("layers[1].weights[0][0]", "W[2] row 1, column 1"),
            ("layers[0].bias[2]", "b[1] unit 3"),
            ("layers[1].weights[0]", "W[2] row 1"),
            ("layers[1].weights", "W[2]"),
            ("layers[0].bias", "b[1]"),
            ("layers[1]", "layer 2"),
            ("layers[0].activation", "layer 1"),
            ("layers[3].foo", "layer 4"),
            ("layers[0][\"a \\\" b\"]", "layer 1"),
            ("input", "x"),
            ("input[1]", "x unit 2"),
            ("inputs[3]", "x sample 4"),
            ("inputs[3][1]", "x sample 4, unit 2"),
            ("target[0]", "y unit 1"),
            ("targets[2][0]", "y sample 3, unit 1"),
            (".layers[0].weights[1][2]", "W[1] row 2, column 3"),
        ] {
            assert_eq!(math_name(path).as_deref(), Some(name), "{path}");
        }
        for path in
            ["", "layers", "learning_rate", "loss", "layers.weights", "x[0]", "layers[-1]", "layers[0"]
        {
            assert_eq!(math_name(path), None, "{path}");
        }
        assert_eq!(paired("layers[1].weights[0][0]"), "layers[1].weights[0][0] (W[2] row 1, column 1)");
        assert_eq!(paired("learning_rate"), "learning_rate");
    }

    #[test]
    fn both_forms_read_into_one_parameter() {
        let w = Parameter { layer: 2, row: 0, column: Some(0) };
        let b = Parameter { layer: 1, row: 1, column: None };
        for (text, p) in [
            ("W[2][1][1]", w),
            ("w[2][1][1]", w),
            (" W[2][ 1 ][1] ", w),
            ("layers[1].weights[0][0]", w),
            ("b[1][2]", b),
            ("layers[0].bias[1]", b),
        ] {
            assert_eq!(Parameter::parse(text), Ok(p), "{text}");
        }
        assert_eq!(w.math(), "W[2][1][1]");
        assert_eq!(w.path(), "layers[1].weights[0][0]");
        assert_eq!(b.math(), "b[1][2]");
        assert_eq!(b.path(), "layers[0].bias[1]");
        assert_eq!(b.paired(), "layers[0].bias[1] (b[1] unit 2)");
        // A weight's neuron and input become the row and column of the matrix as stored.
        assert_eq!(Parameter::weight(1, 0, 1, Layout::OutIn).math(), "W[1][1][2]");
        assert_eq!(Parameter::weight(1, 0, 1, Layout::InOut).math(), "W[1][2][1]");
        assert_eq!(Parameter::bias(3, 0).math(), "b[3][1]");
    }

    #[test]
    fn the_math_form_counts_from_1_and_bad_names_say_the_syntax() {
        for (text, message) in [
            ("W[0][1][1]", "layer 0: the math form counts layers from 1"),
            ("W[1][0][1]", "row 0: the math form counts rows from 1"),
            ("W[1][1][0]", "column 0: the math form counts columns from 1"),
            ("b[1][0]", "unit 0: the math form counts units from 1 (b[1][1] is the first bias of layer 1"),
            ("b[0][1]", "layer 0: the math form counts layers from 1"),
            ("W[1][1]", "a weight is named by its layer, row and column"),
            ("layers[1].weights[0]", "a weight is named by its layer, row and column"),
            ("layers[1].bias[0][1]", "a bias is named by its layer and unit"),
            ("layers[x].bias[0]", SYNTAX),
            ("layers[1].gamma[0]", SYNTAX),
            ("W[-1][1][1]", SYNTAX),
            ("", SYNTAX),
        ] {
            let e = Parameter::parse(text).unwrap_err();
            assert!(e.starts_with(message), "{text}: {e}");
        }
    }

    #[test]
    fn a_parameter_past_the_end_names_the_valid_range() {
        let net = notes();
        for ok in ["W[1][2][2]", "W[2][2][1]", "b[2][1]", "layers[1].weights[1][0]", "layers[0].bias[1]"] {
            assert_eq!(Parameter::parse(ok).unwrap().check(&net), Ok(()), "{ok}");
        }
        for (text, message) in [
            (
                "layers[5].bias[0]",
                "layers[5].bias[0] (b[6] unit 1) is past the end: the network has 2 layers: layers[0] to layers[1] (b[1] to b[2])",
            ),
            (
                "W[3][1][1]",
                "layers[2].weights[0][0] (W[3] row 1, column 1) is past the end: the network has 2 layers: layers[0] to layers[1] (W[1] to W[2])",
            ),
            (
                "W[2][1][2]",
                "layers[1].weights[0][1] (W[2] row 1, column 2) is past the end: layers[1].weights (W[2]) is 2×1 as the file stores it (in_out): layers[1].weights[0][0] to layers[1].weights[1][0] (W[2][1][1] to W[2][2][1])",
            ),
            (
                "layers[1].bias[1]",
                "layers[1].bias[1] (b[2] unit 2) is past the end: layer 2 has 1 unit: layers[1].bias[0] (b[2][1])",
            ),
            (
                "b[1][3]",
                "layers[0].bias[2] (b[1] unit 3) is past the end: layer 1 has 2 units: layers[0].bias[0] to layers[0].bias[1] (b[1][1] to b[1][2])",
            ),
        ] {
            assert_eq!(Parameter::parse(text).unwrap().check(&net).unwrap_err(), message, "{text}");
        }
        assert!(Parameter::parse("layers[18446744073709551615].bias[0]").unwrap_err().contains("too large"));
    }
}
