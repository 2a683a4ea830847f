//! The samples `init` embeds: one given on the command line (--input, --target), a batch
//! (--inputs, --targets), or a data file's (--data, one with --sample K), so that `run` traces the
//! network it writes at once.

use nalgebra::DMatrix;
use nettrace::error::{Error, input};
use nettrace::nn::network::Samples;

/// Rows of numbers given on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows(pub Vec<Vec<f64>>);

/// `1,2;3,4`: rows separated by `;`, numbers by `,`.
pub fn rows(s: &str) -> Result<Rows, String> {
    let rows = s
        .split(';')
        .map(|row| {
            row.split(',')
                .map(|x| x.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
                .collect::<Option<Vec<f64>>>()
                .ok_or_else(|| {
                    format!("expected rows of numbers such as 0,0;0,1 (rows split by ;), found {row:?}")
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(Rows(rows))
}

/// `rows` as an N × `width` matrix; `option` and what a row is, for messages.
fn matrix(rows: &[Vec<f64>], width: usize, option: &str, what: &str) -> Result<DMatrix<f64>, Error> {
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != width) {
        let at = if rows.len() > 1 { format!(" row {}", i + 1) } else { String::new() };
        let plural = nettrace::notation::plural;
        return Err(input(format!(
            "{option}{at}: {}, but the network has {}; expected {width}",
            plural(r.len(), "number"),
            plural(width, what)
        )));
    }
    Ok(DMatrix::from_row_iterator(rows.len(), width, rows.iter().flatten().copied()))
}

/// The samples given as `inputs` and `targets` rows (a batch when `batch`), for a network of
/// `n_in` inputs and `n_out` outputs.
pub fn given(
    inputs: &[Vec<f64>],
    targets: &[Vec<f64>],
    batch: bool,
    (n_in, n_out): (usize, usize),
) -> Result<Samples, Error> {
    let (i, t) = if batch { ("--inputs", "--targets") } else { ("--input", "--target") };
    if inputs.len() != targets.len() {
        return Err(input(format!(
            "{i} has {} rows but {t} {}; expected one target row per input row",
            inputs.len(),
            targets.len()
        )));
    }
    Ok(Samples {
        inputs: matrix(inputs, n_in, i, "input")?,
        targets: matrix(targets, n_out, t, "output")?,
        batch,
    })
}
