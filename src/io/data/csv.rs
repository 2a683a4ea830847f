//! Training data from CSV: a header row, then one sample per row.
//!
//! Where the last column is named `label` it holds integer classes 0..K−1,
//! one-hot encoded to the K outputs (for a single output the label itself, 0
//! or 1, is the target); otherwise the last (output size) columns are the
//! targets and the rest the inputs. The `csv` crate reads the rows (quoted
//! cells, a UTF-8 BOM, `\r\n` endings); blank lines are skipped and cells
//! trimmed. Every complaint names the file, the line (counted from 1) and the
//! column.

use crate::error::{Error, input};
use crate::io::network_file::{Limits, plural, read_source};
use crate::nn::network::{Network, Samples};
use crate::notation::escape::{cut, quote};
use csv::{ReaderBuilder, StringRecord};
use nalgebra::DMatrix;

/// Reads `path` as training data for `net`.
pub fn load(path: &str, net: &Network, limits: Limits) -> Result<Samples, Error> {
    let (name, text) = read_source(path)?;
    parse(&text, &name, net, limits)
}

/// The rows of a CSV text that are not blank, one at a time, each with the line it starts on.
struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    text: &'a [u8],
    /// The row last read.
    cells: StringRecord,
    source: &'a str,
    /// Line breaks are counted up to this byte; `line` is the line it is on.
    counted: usize,
    line: u64,
}

impl<'a> Rows<'a> {
    fn new(text: &'a str, source: &'a str) -> Self {
        let reader = ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        Rows { reader, text: text.as_bytes(), cells: StringRecord::new(), source, counted: 0, line: 1 }
    }

    /// Reads the next row that is not blank into `self.cells`; returns its line (from 1).
    fn next(&mut self) -> Result<Option<u64>, Error> {
        loop {
            let more = (self.reader.read_record(&mut self.cells))
                .map_err(|e| input(format!("{}: {e}", self.source)))?;
            if !more {
                return Ok(None);
            }
            // A line of spaces is one empty cell.
            if self.cells.len() == 1 && self.cells[0].trim().is_empty() {
                continue;
            }
            // A row's position is where the reader left the row before: csv skips the line
            // breaks (and empty lines) after it.
            let position = self.cells.position().expect("the reader records each row's position");
            let mut start = position.byte() as usize;
            if start == 0 && self.text.starts_with("\u{feff}".as_bytes()) {
                start = 3;
            }
            while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            return Ok(Some(self.line_at(start)));
        }
    }

    /// The line (from 1) that byte `at` is on, counting `\n`, `\r\n` and a lone `\r` (old Mac
    /// files end lines so, and csv reads them so) as one line break each.
    fn line_at(&mut self, at: usize) -> u64 {
        let text = self.text;
        for i in self.counted..at {
            if text[i] == b'\n' || (text[i] == b'\r' && text.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.counted = at;
        self.line
    }
}

/// The header: the names of the columns, and whether the last holds class labels.
struct Header {
    columns: Vec<String>,
    labelled: bool,
}

/// Parses CSV text holding training data for `net`; `source` names it in errors.
pub fn parse(text: &str, source: &str, net: &Network, limits: Limits) -> Result<Samples, Error> {
    check_width(text, source, net)?;
    let mut rows = Rows::new(text, source);
    let header = read_header(&mut rows, source, net)?;
    let (inputs, outputs) = (net.input_size(), net.output_size());
    let (mut x, mut y) = (Vec::new(), Vec::new());
    let mut samples = 0usize;
    while let Some(line) = rows.next()? {
        samples += 1;
        // Checked as rows arrive, so an oversized file is refused before it fills memory.
        if samples.checked_mul(inputs + outputs).is_none_or(|v| v > limits.max_values) {
            while rows.next()?.is_some() {
                samples += 1;
            }
            return Err(input(format!(
                "{source}: {samples} samples of {} values are over the limit of {} values (raise it with --max-values)",
                inputs + outputs,
                limits.max_values
            )));
        }
        let start = y.len();
        y.resize(start + outputs, 0.0);
        read_row(&rows.cells, line, &header, source, net, &mut x, &mut y[start..])?;
    }
    if samples == 0 {
        return Err(input(format!("{source}: has a header but no samples; expected one sample per row")));
    }
    Ok(Samples {
        inputs: DMatrix::from_row_slice(samples, inputs, &x),
        targets: DMatrix::from_row_slice(samples, outputs, &y),
        batch: true,
    })
}

/// Refuses a header far wider than the network before it is split into cells.
fn check_width(text: &str, source: &str, net: &Network) -> Result<(), Error> {
    // A lone \r ends a line too (as csv reads it).
    let first = text.split(['\r', '\n']).find(|l| !l.trim().is_empty()).unwrap_or("");
    let widest = net.input_size() + net.output_size();
    let commas = first.bytes().filter(|b| *b == b',').count();
    if commas > 2 * widest + 1000 {
        return Err(input(format!(
            "{source}: the header has {} but the network takes {} and gives {}; expected at most {widest} columns",
            plural(commas + 1, "column"),
            plural(net.input_size(), "input"),
            plural(net.output_size(), "output"),
        )));
    }
    Ok(())
}

/// Reads the header row and checks that its columns fit the network.
fn read_header(rows: &mut Rows, source: &str, net: &Network) -> Result<Header, Error> {
    let Some(header_line) = rows.next()? else {
        return Err(input(format!(
            "{source}: the file is empty; expected a header row, then one sample per row"
        )));
    };
    let columns: Vec<String> = rows.cells.iter().map(|c| c.trim().to_string()).collect();
    let (inputs, outputs) = (net.input_size(), net.output_size());
    let labelled = columns.last().is_some_and(|c| c == "label");
    let expected = inputs + if labelled { 1 } else { outputs };
    if columns.len() != expected {
        let what = if labelled {
            format!("{inputs} input columns and a label")
        } else {
            format!("{inputs} input columns and {}", plural(outputs, "target column"))
        };
        return Err(input(format!(
            "{source}: line {header_line} (the header) has {} but the network takes {} and gives {}; expected {what} ({expected} in all)",
            plural(columns.len(), "column"),
            plural(inputs, "input"),
            plural(outputs, "output"),
        )));
    }
    Ok(Header { columns, labelled })
}

/// Reads one row's cells: the inputs onto `x`, the targets into `target` (zeros on entry).
fn read_row(
    cells: &StringRecord,
    line: u64,
    header: &Header,
    source: &str,
    net: &Network,
    x: &mut Vec<f64>,
    target: &mut [f64],
) -> Result<(), Error> {
    let (columns, inputs, outputs) = (&header.columns, net.input_size(), net.output_size());
    if cells.len() != columns.len() {
        return Err(input(format!(
            "{source}: line {line} has {} but the header has {}; expected {} values per row",
            plural(cells.len(), "column"),
            columns.len(),
            columns.len()
        )));
    }
    // Cells are trimmed here, where they are read, rather than by the reader: a copy less.
    for (c, cell) in cells.iter().map(str::trim).enumerate() {
        let value = match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(input(format!(
                    "{source}: line {line}, column {} ({}) is {}; expected a number",
                    c + 1,
                    quote(&columns[c]),
                    quote(cell)
                )));
            }
        };
        if c < inputs {
            x.push(value);
        } else if header.labelled {
            let classes = outputs.max(2);
            if value.fract() != 0.0 || value < 0.0 || value >= classes as f64 {
                return Err(input(format!(
                    "{source}: line {line}, column {} (\"label\") is {}; expected a class from 0 to {} (the network has {})",
                    c + 1,
                    cut(cell),
                    classes - 1,
                    plural(outputs, "output")
                )));
            }
            if outputs == 1 {
                target[0] = value;
            } else {
                target[value as usize] = 1.0;
            }
        } else {
            if net.loss.is_classification() && !(0.0..=1.0).contains(&value) {
                return Err(input(format!(
                    "{source}: line {line}, column {} ({}) is {} but loss \"{}\" needs targets in [0, 1]",
                    c + 1,
                    quote(&columns[c]),
                    cut(cell),
                    net.loss.name()
                )));
            }
            target[c - inputs] = value;
        }
    }
    Ok(())
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
    fn huge_files_are_refused_as_rows_arrive_with_every_row_counted() {
        let limits = Limits { max_values: 5 };
        // The rows past the limit are counted, not read: the bad last row goes unnoticed.
        let text = "a,b,label\n1,2,0\n1,2,1\n\nx,y,z\n";
        let e = parse(text, "d.csv", &net(2, 3, "cross_entropy"), limits).unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.csv: 3 samples of 5 values are over the limit of 5 values (raise it with --max-values)"
        );
    }

    #[test]
    #[rustfmt::skip]
    fn blank_lines_anywhere_add_no_samples() {
        // A blank first line once made the row count one too high: an extra all-zero sample.
        for text in ["\na,b,y\n0,1,1\n1,1,0\n", "  \n\r\na,b,y\n\n0,1,1\n \n1,1,0\n\n"] {
            let s = parse(text, "d.csv", &net(2, 1, "bce"), Limits::default()).unwrap();
            assert_eq!(s.inputs, DMatrix::from_row_slice(2, 2, &[0.0, 1.0,
                                                                  1.0, 1.0]), "{text:?}");
            assert_eq!(s.targets, DMatrix::from_row_slice(2, 1, &[1.0, 0.0]), "{text:?}");
        }
    }

    #[test]
    fn lines_are_counted_past_blank_lines_crlf_and_a_bom() {
        let n = net(2, 1, "bce");
        assert_eq!(
            error("a,b,y\r\n\r\n0,1,1\r\n1,x,0\r\n", &n),
            "d.csv: line 4, column 2 (\"b\") is \"x\"; expected a number"
        );
        assert_eq!(
            error("\u{feff}\n\na,y\n", &n),
            "d.csv: line 3 (the header) has 2 columns but the network takes 2 inputs and gives 1 output; expected 2 input columns and 1 target column (3 in all)"
        );
        assert_eq!(
            error("a,b,y\n\"0\n\",1,1\n\n1,2\n", &n),
            "d.csv: line 5 has 2 columns but the header has 3; expected 3 values per row"
        );
    }

    #[test]
    fn quoted_cells_and_a_bom_are_read() {
        let text = "\u{feff}\"a\",\"b, the second\",y\r\n\" 0.5\",1 ,\"1\"\r\n";
        let s = parse(text, "d.csv", &net(2, 1, "bce"), Limits::default()).unwrap();
        assert_eq!(s.inputs, DMatrix::from_row_slice(1, 2, &[0.5, 1.0]));
        assert_eq!(s.targets, DMatrix::from_row_slice(1, 1, &[1.0]));
    }

    #[test]
    fn lines_ended_by_a_lone_carriage_return_are_counted() {
        let n = net(2, 1, "bce");
        assert_eq!(
            error("a,b,y\r0,1,1\r\r1,x,0\r", &n),
            "d.csv: line 4, column 2 (\"b\") is \"x\"; expected a number"
        );
        assert_eq!(
            error("a,b,y\r\n0,1,1\r1,1\n", &n),
            "d.csv: line 3 has 2 columns but the header has 3; expected 3 values per row"
        );
    }
}
