//! Training data from CSV: a header row, then one sample per row.
//!
//! Where the last column is named `label` it holds integer classes 0..K−1,
//! one-hot encoded to the K outputs (for a single output the label itself, 0
//! or 1, is the target); otherwise the last (output size) columns are the
//! targets and the rest the inputs. Cells are plain numbers separated by
//! commas; blank lines are skipped. Every complaint names the file, the line
//! (counted from 1, the header is line 1) and the column.

use crate::error::{Error, input};
use crate::io::network_file::{Limits, plural, read_source};
use crate::nn::network::{Network, Samples};
use nalgebra::DMatrix;

/// Reads `path` as training data for `net`.
pub fn load(path: &str, net: &Network, limits: Limits) -> Result<Samples, Error> {
    let (name, text) = read_source(path)?;
    parse(&text, &name, net, limits)
}

/// Parses CSV text holding training data for `net`; `source` names it in errors.
pub fn parse(text: &str, source: &str, net: &Network, limits: Limits) -> Result<Samples, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(input(format!(
            "{source}: the file is empty; expected a header row, then one sample per row"
        )));
    };
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let (inputs, outputs) = (net.input_size(), net.output_size());
    let labelled = columns.last() == Some(&"label");
    let target_columns = if labelled { 1 } else { outputs };
    let expected = inputs + target_columns;
    if columns.len() != expected {
        let what = if labelled {
            format!("{inputs} input columns and a label")
        } else {
            format!("{inputs} input columns and {}", plural(outputs, "target column"))
        };
        return Err(input(format!(
            "{source}: line 1 (the header) has {} but the network takes {} and gives {}; expected {what} ({expected} in all)",
            plural(columns.len(), "column"),
            plural(inputs, "input"),
            plural(outputs, "output"),
        )));
    }

    let rows = text.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    if rows == 0 {
        return Err(input(format!("{source}: has a header but no samples; expected one sample per row")));
    }
    let values = rows.checked_mul(inputs + outputs);
    if values.is_none_or(|v| v > limits.max_values) {
        return Err(input(format!(
            "{source}: {rows} samples of {} values are over the limit of {} values (raise it with --max-values)",
            inputs + outputs,
            limits.max_values
        )));
    }

    let mut x = DMatrix::zeros(rows, inputs);
    let mut y = DMatrix::zeros(rows, outputs);
    for (r, (line, text)) in lines.enumerate() {
        let cells: Vec<&str> = text.split(',').collect();
        if cells.len() != columns.len() {
            return Err(input(format!(
                "{source}: line {line} has {} but the header has {}; expected {} values per row",
                plural(cells.len(), "column"),
                columns.len(),
                columns.len()
            )));
        }
        for (c, cell) in cells.iter().enumerate() {
            let cell = cell.trim();
            let value = match cell.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(input(format!(
                        "{source}: line {line}, column {} ({:?}) is {cell:?}; expected a number",
                        c + 1,
                        columns[c]
                    )));
                }
            };
            if c < inputs {
                x[(r, c)] = value;
            } else if labelled {
                let classes = outputs.max(2);
                if value.fract() != 0.0 || value < 0.0 || value >= classes as f64 {
                    return Err(input(format!(
                        "{source}: line {line}, column {} (\"label\") is {cell}; expected a class from 0 to {} (the network has {})",
                        c + 1,
                        classes - 1,
                        plural(outputs, "output")
                    )));
                }
                if outputs == 1 {
                    y[(r, 0)] = value;
                } else {
                    y[(r, value as usize)] = 1.0;
                }
            } else {
                if net.loss.is_classification() && !(0.0..=1.0).contains(&value) {
                    return Err(input(format!(
                        "{source}: line {line}, column {} ({:?}) is {cell} but loss \"{}\" needs targets in [0, 1]",
                        c + 1,
                        columns[c],
                        net.loss.name()
                    )));
                }
                y[(r, c - inputs)] = value;
            }
        }
    }
    Ok(Samples { inputs: x, targets: y, batch: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::network_file;

    fn net(inputs: usize, outputs: usize, loss: &str) -> Network {
        let activation = if loss == "cross_entropy" { "softmax" } else { "sigmoid" };
        let text = format!(
            r#"{{"input_size": {inputs}, "loss": "{loss}", "seed": 1,
                 "layers": [{{"units": {outputs}, "init": "zeros", "activation": "{activation}"}}]}}"#
        );
        network_file::parse(&text, "net.json", Limits::default()).unwrap().network
    }

    fn error(text: &str, net: &Network) -> String {
        parse(text, "d.csv", net, Limits::default()).unwrap_err().to_string()
    }

    #[test]
    #[rustfmt::skip]
    fn labels_are_one_hot_encoded() {
        let s = parse("a,b,label\n1,2,0\n3,4,2\n\n", "d.csv", &net(2, 3, "cross_entropy"), Limits::default())
            .unwrap();
        assert_eq!(s.inputs, DMatrix::from_row_slice(2, 2, &[1.0, 2.0,
                                                              3.0, 4.0]));
        assert_eq!(s.targets, DMatrix::from_row_slice(2, 3, &[1.0, 0.0, 0.0,
                                                               0.0, 0.0, 1.0]));
    }

    #[test]
    fn without_a_label_the_last_columns_are_targets() {
        let s = parse("a,b,y\n0,1,1\n1,1,0\n", "d.csv", &net(2, 1, "bce"), Limits::default()).unwrap();
        assert_eq!(s.targets, DMatrix::from_row_slice(2, 1, &[1.0, 0.0]));
        assert_eq!(s.inputs[(1, 0)], 1.0);
    }

    #[test]
    fn every_bad_file_is_named_with_line_and_column() {
        let n = net(2, 3, "cross_entropy");
        assert_eq!(error("", &n), "d.csv: the file is empty; expected a header row, then one sample per row");
        assert_eq!(
            error("a,b,label\n", &n),
            "d.csv: has a header but no samples; expected one sample per row"
        );
        assert_eq!(
            error("a,b,label\n1,2,0\n1,2\n", &n),
            "d.csv: line 3 has 2 columns but the header has 3; expected 3 values per row"
        );
        assert_eq!(
            error("a,b,label\n1,x,0\n", &n),
            "d.csv: line 2, column 2 (\"b\") is \"x\"; expected a number"
        );
        assert_eq!(
            error("a,b,label\n1,2,3\n", &n),
            "d.csv: line 2, column 3 (\"label\") is 3; expected a class from 0 to 2 (the network has 3 outputs)"
        );
        assert_eq!(
            error("a,label\n1,0\n", &n),
            "d.csv: line 1 (the header) has 2 columns but the network takes 2 inputs and gives 3 outputs; expected 2 input columns and a label (3 in all)"
        );
        assert_eq!(
            error("a,b,y\n1,2,3\n", &net(2, 1, "bce")),
            "d.csv: line 2, column 3 (\"y\") is 3 but loss \"bce\" needs targets in [0, 1]"
        );
    }

    #[test]
    fn huge_files_are_refused_before_allocating() {
        let limits = Limits { max_values: 5 };
        let e = parse("a,b,label\n1,2,0\n1,2,1\n", "d.csv", &net(2, 3, "cross_entropy"), limits).unwrap_err();
        assert!(e.to_string().contains("over the limit of 5 values"), "{e}");
    }
}
