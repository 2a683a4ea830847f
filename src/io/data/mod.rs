//! Training data from files, as they are downloaded: CSV, IDX (MNIST's format, gzipped or not)
//! and NumPy's `.npy` and `.npz`, each read into the same [`DataSet`] (or [`Samples`]).
//!
//! | file | part |
//! | --- | --- |
//! | `source.rs` | opening a file: gzip decoded as it streams, the format told by content and name |
//! | `array.rs` | an array as a file stores it: its shape, and its values as they stream |
//! | `csv.rs` | CSV: a header row, then one sample per row |
//! | `idx.rs` | IDX: a big-endian header of dimensions, then the values |
//! | `matrix.rs` | an array's values into a matrix, whatever their order, or its bytes as they are |
//! | `pages.rs` | the matrix's memory, made ready before it is filled |
//! | `npy.rs` | `.npy` arrays and `.npz` archives of them (`zip`) |
//! | `npy_header.rs` | a `.npy` header: the Python dict literal, read in one pass |
//!
//! IDX and NumPy files hold arrays: the inputs, one sample per index of the first dimension
//! (the rest flattened in row-major order, so 60000×28×28 images are 60000 samples of 784
//! inputs), and the labels in a second array: 1-D integer classes, one-hot encoded as CSV labels
//! are, or a 2-D array of targets. Every array's size is checked against the file's length where
//! it is known, and against [`Limits::max_values`] before anything is allocated; the values are
//! then read straight into the matrix, a slice at a time, with no copy of the whole file. Inputs
//! that an IDX file stores as unsigned or signed bytes (pixels) stay bytes: read as they are, an
//! eighth of the memory, and turned into numbers a batch at a time as training reads them.

mod array;
pub mod csv;
mod idx;
mod matrix;
mod npy;
mod npy_header;
mod pages;
mod source;

use crate::error::{Error, input};
use crate::io::network_file::{Limits, plural};
use crate::nn::network::{Network, Samples};
use crate::train::data_set::{DataSet, Inputs};
pub(crate) use array::{Array, ByteValues, Values, shape_text};
use array::{dimensions_note, samples_of};
use matrix::{CHUNK, fill};
use nalgebra::DMatrix;
use pages::Pages;
use source::Format;

/// How to read data files that are not CSV.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The labels of IDX or `.npy` inputs: an IDX label file or a `.npy` array.
    pub labels: Option<&'a str>,
    /// The option that names the labels, for messages: `--labels`.
    pub labels_option: &'a str,
    /// IDX unsigned bytes (pixels 0..255) are divided by this: 255 gives 0..1.
    pub pixel_scale: f64,
    /// The arrays of an `.npz` archive that hold the inputs and the labels (default `X` and `y`).
    pub x: Option<&'a str>,
    pub y: Option<&'a str>,
    /// The rows will be read in a random order (training with --shuffle): inputs stored as
    /// numbers are kept in 2 MiB pages where Linux allows, which such reads need and file order
    /// does not.
    pub shuffled: bool,
    /// The threads the command may use (`--threads`): with two or more, a second thread faults
    /// the memory of large inputs stored as numbers in while the file is read.
    pub threads: usize,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            labels: None,
            labels_option: "--labels",
            pixel_scale: 255.0,
            x: None,
            y: None,
            shuffled: false,
            threads: 1,
        }
    }
}

impl Options<'_> {
    /// How the memory of the inputs is made ready.
    fn pages(&self) -> Pages {
        Pages { huge: self.shuffled, helper: self.threads > 1 }
    }
}

/// Reads `path` (`-` for standard input) as samples for `net`, in whatever format it is;
/// inputs that the file stores as bytes are kept as bytes.
pub fn load(path: &str, options: &Options, net: &Network, limits: Limits) -> Result<DataSet, Error> {
    if let Some(labels) = options.labels
        && is_stdin(path)
        && is_stdin(labels)
    {
        // Both would wait for the one standard input (or read each other's bytes).
        return Err(input(format!(
            "{} {}: the data is read from standard input already, which holds one file; give the labels as a file",
            options.labels_option,
            crate::notation::escape::terminal(labels)
        )));
    }
    let opened = source::open(path)?;
    let name = opened.name.clone();
    if opened.format != Format::Npz && (options.x.is_some() || options.y.is_some()) {
        return Err(input(format!(
            "{name}: is {}; --x and --y name the arrays of an .npz archive",
            opened.format.describe()
        )));
    }
    match opened.format {
        Format::Csv => {
            if let Some(labels) = options.labels {
                return Err(input(format!(
                    "{} {labels}: {name} is CSV, which holds its labels in its last column; {} is for IDX and .npy data",
                    options.labels_option, options.labels_option
                )));
            }
            // The bytes read to tell the format are read again from the open file: a path is
            // never opened twice, as a pipe's bytes can be read only once.
            let text = opened.text()?;
            csv::parse(&text, &name, net, limits).map(DataSet::from)
        }
        Format::Npz => {
            if let Some(labels) = options.labels {
                return Err(input(format!(
                    "{} {labels}: {name} is an .npz archive, which holds its labels too; choose their array with --y NAME",
                    options.labels_option
                )));
            }
            let mut archive = npy::Archive::open(opened)?;
            let x = archive.array(options.x.unwrap_or("X"), "--x")?;
            let x_name = x.name.clone();
            let inputs = inputs(x, net, limits, options.pages())?;
            let y = archive.array(options.y.unwrap_or("y"), "--y")?;
            let targets = targets(y, inputs.nrows(), &x_name, net)?;
            Ok(DataSet { inputs, targets })
        }
        Format::Idx | Format::Npy => with_labels(opened, options, net, limits),
    }
}

/// The samples of an IDX or `.npy` file of inputs and the file `--labels` names.
fn with_labels(
    opened: source::Opened,
    options: &Options,
    net: &Network,
    limits: Limits,
) -> Result<DataSet, Error> {
    let Some(labels) = options.labels else {
        let example = match opened.format {
            Format::Idx => "an IDX label file such as train-labels-idx1-ubyte.gz",
            _ => "a .npy array of classes or targets",
        };
        return Err(input(format!(
            "{}: {} holds the inputs only; give their labels with {} FILE ({example})",
            opened.name,
            opened.format.describe(),
            options.labels_option
        )));
    };
    let x = array(opened, Some(options.pixel_scale))?;
    let labelled = source::open(labels)?;
    if !matches!(labelled.format, Format::Idx | Format::Npy) {
        return Err(input(format!(
            "{}: is {}; {} takes an IDX label file or a .npy array",
            labelled.name,
            labelled.format.describe(),
            options.labels_option
        )));
    }
    let y = array(labelled, None)?;
    // Counted before the inputs are read: a mismatch is found at once.
    check_count(&y, samples_of(&x), &x.name)?;
    let x_name = x.name.clone();
    let inputs = inputs(x, net, limits, options.pages())?;
    let targets = targets(y, inputs.nrows(), &x_name, net)?;
    Ok(DataSet { inputs, targets })
}

/// Whether `path` names standard input: `-`, or one of the paths Linux gives it.
pub fn is_stdin(path: &str) -> bool {
    matches!(path, "-" | "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0")
}

/// Refuses a batch whose traced step would hold more than `limits.max_values` values, before its
/// buffers are allocated (as a network file's samples and a training batch are); `source` names
/// the samples.
pub fn check_trace(samples: &Samples, net: &Network, limits: Limits, source: &str) -> Result<(), Error> {
    let values = samples.len().checked_mul(net.values_per_sample());
    if values.is_none_or(|v| v > limits.max_values) {
        return Err(input(format!(
            "{source}: {} need {} values to trace, over the limit of {} (trace fewer with --samples A..B, or raise the limit with --max-values)",
            plural(samples.len(), "sample"),
            values.map_or("too many".to_string(), |v| v.to_string()),
            limits.max_values
        )));
    }
    Ok(())
}

/// The array of an IDX or `.npy` file, its values not read yet; IDX bytes divided by `scale`.
fn array(opened: source::Opened, scale: Option<f64>) -> Result<Array<'static>, Error> {
    match opened.format {
        Format::Idx => idx::array(opened.reader, opened.name, opened.length, scale),
        _ => npy::array(opened.reader, opened.name, opened.length),
    }
}

/// Refuses labels that are not one per sample.
fn check_count(labels: &Array, samples: usize, of: &str) -> Result<(), Error> {
    if labels.shape.is_empty() {
        return Err(input(format!("{}: holds a single number; expected one label per sample", labels.name)));
    }
    let n = samples_of(labels);
    if n != samples {
        return Err(input(format!(
            "{}: holds {} but {of} holds {}; expected one label per sample",
            labels.name,
            plural(n, "label"),
            plural(samples, "sample")
        )));
    }
    Ok(())
}

/// The inputs: one row per index of the first dimension, the others flattened in C order.
fn inputs(mut x: Array, net: &Network, limits: Limits, pages: Pages) -> Result<Inputs, Error> {
    let name = x.name.clone();
    let (inputs, outputs) = (net.input_size(), net.output_size());
    let Some((&n, rest)) = x.shape.split_first() else {
        return Err(input(format!(
            "{name}: holds a single number; expected an array with one row per sample"
        )));
    };
    let width = rest.iter().try_fold(1usize, |p, &d| p.checked_mul(d));
    if n == 0 {
        return Err(input(format!("{name}: holds no samples (shape {})", shape_text(&x.shape))));
    }
    if width != Some(inputs) {
        let each = match rest {
            [] => "1 value".to_string(),
            [w] => plural(*w, "value"),
            _ => format!(
                "{} = {} values",
                shape_text(rest),
                width.map_or("too many".into(), |w| w.to_string())
            ),
        };
        return Err(input(format!(
            "{name}: each sample has {each} (shape {}{}) but the network takes {}",
            shape_text(&x.shape),
            if rest.is_empty() { dimensions_note(&x) } else { String::new() },
            plural(inputs, "input")
        )));
    }
    if n.checked_mul(inputs + outputs).is_none_or(|v| v > limits.max_values) {
        return Err(input(format!(
            "{name}: {n} samples of {} values are over the limit of {} values (raise it with --max-values)",
            inputs + outputs,
            limits.max_values
        )));
    }
    if let Some(bytes) = matrix::bytes(&mut x, n, inputs)? {
        x.values.finish()?;
        return Ok(Inputs::Bytes(bytes));
    }
    let m = fill(&mut x, n, inputs, pages)?;
    x.values.finish()?;
    if x.floats
        && let Some((r, c, v)) = first_non_finite(&m)
    {
        return Err(input(format!(
            "{name}: sample {}, value {} is {v}; expected a finite number",
            r + 1,
            c + 1
        )));
    }
    Ok(Inputs::Values(m))
}

/// The targets of `samples` samples from `y`: classes one-hot encoded, or targets as they are.
fn targets(mut y: Array, samples: usize, of: &str, net: &Network) -> Result<DMatrix<f64>, Error> {
    check_count(&y, samples, of)?;
    let name = y.name.clone();
    let outputs = net.output_size();
    let targets = match y.shape[..] {
        [n] if outputs > 1 => {
            let mut classes = vec![0.0; n];
            for part in classes.chunks_mut(CHUNK) {
                y.values.read(part)?;
            }
            let mut targets = DMatrix::zeros(n, outputs);
            for (i, &class) in classes.iter().enumerate() {
                if class.fract() != 0.0 || !(0.0..outputs as f64).contains(&class) {
                    return Err(input(format!(
                        "{name}: sample {}'s label is {class}; expected a class from 0 to {} (the network has {})",
                        i + 1,
                        outputs - 1,
                        plural(outputs, "output")
                    )));
                }
                targets[(i, class as usize)] = 1.0;
            }
            targets
        }
        [n, ..] => {
            let width = if y.shape.len() == 1 { 1 } else { y.shape[1] };
            if y.shape.len() > 2 || width != outputs {
                return Err(input(format!(
                    "{name}: has shape {}{}; expected {} (classes) or {n}×{outputs} (targets) for a network with {}",
                    shape_text(&y.shape),
                    dimensions_note(&y),
                    if outputs == 1 { format!("{n} or {n}×1") } else { n.to_string() },
                    plural(outputs, "output")
                )));
            }
            let m = fill(&mut y, n, width, Pages::default())?;
            check_targets(&m, &name, net)?;
            m
        }
        [] => unreachable!("check_count refuses an array without dimensions"),
    };
    y.values.finish()?;
    Ok(targets)
}

/// Targets must be finite, and in [0, 1] for bce and cross-entropy (as CSV targets must).
fn check_targets(m: &DMatrix<f64>, name: &str, net: &Network) -> Result<(), Error> {
    if let Some((r, c, v)) = first_non_finite(m) {
        return Err(input(format!(
            "{name}: sample {}, target {} is {v}; expected a finite number",
            r + 1,
            c + 1
        )));
    }
    if net.loss.is_classification()
        && let Some((r, c, v)) = first_in_row_order(m, |v| !(0.0..=1.0).contains(&v))
    {
        return Err(input(format!(
            "{name}: sample {}, target {} is {v} but loss \"{}\" needs targets in [0, 1]",
            r + 1,
            c + 1,
            net.loss.name()
        )));
    }
    Ok(())
}

fn first_non_finite(m: &DMatrix<f64>) -> Option<(usize, usize, f64)> {
    // Most files hold none: one quick pass with no early exit (it vectorizes), then the first in
    // file order. A NaN or an infinity has every exponent bit set.
    const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
    if !m.iter().fold(false, |any, v| any | (v.to_bits() & EXPONENT == EXPONENT)) {
        return None;
    }
    first_in_row_order(m, |v| !v.is_finite())
}

/// The first entry, row by row, where `bad` holds: (row, column, value).
fn first_in_row_order(m: &DMatrix<f64>, bad: impl Fn(f64) -> bool) -> Option<(usize, usize, f64)> {
    (0..m.nrows())
        .flat_map(|r| (0..m.ncols()).map(move |c| (r, c)))
        .map(|(r, c)| (r, c, m[(r, c)]))
        .find(|e| bad(e.2))
}
