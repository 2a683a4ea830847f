//! The samples of a network file: `input`/`target` or `inputs`/`targets`, read into matrices, and
//! checked against the network they are for.

use super::Limits;
use super::format::Matrix;
use super::text::plural;
use super::validate::{At, input_error};
use crate::error::Error;
use crate::nn::network::{Network, Samples};
use nalgebra::DMatrix;

/// Samples as read: inputs, targets, and whether they came as a batch.
pub(super) type RawSamples = (DMatrix<f64>, DMatrix<f64>, bool);

/// The samples as the file gives them: one sample, a batch, or none; never both forms.
pub(super) fn samples(
    at: &At,
    input: Option<Vec<f64>>,
    target: Option<Vec<f64>>,
    inputs: Option<Matrix>,
    targets: Option<Matrix>,
) -> Result<Option<RawSamples>, Error> {
    let one = input.is_some() || target.is_some();
    let many = inputs.is_some() || targets.is_some();
    if one && many {
        return Err(input_error(
            at,
            "the file has both input/target and inputs/targets; expected exactly one of the two forms",
        ));
    }
    fn pair<T>(at: &At, a: (&str, Option<T>), b: (&str, Option<T>)) -> Result<(T, T), Error> {
        match (a.1, b.1) {
            (Some(x), Some(y)) => Ok((x, y)),
            (Some(_), None) => Err(input_error(at, format_args!("{} is given but {} is missing", a.0, b.0))),
            _ => Err(input_error(at, format_args!("{} is given but {} is missing", b.0, a.0))),
        }
    }
    if one {
        let (x, y) = pair(at, ("input", input), ("target", target))?;
        let row = |v: Vec<f64>| DMatrix::from_row_slice(1, v.len(), &v);
        Ok(Some((row(x), row(y), false)))
    } else if many {
        let (x, y) = pair(at, ("inputs", inputs), ("targets", targets))?;
        if x.rows() != y.rows() {
            return Err(input_error(
                at,
                format_args!(
                    "inputs has {} rows but targets has {}; expected one target row per input row",
                    x.rows(),
                    y.rows()
                ),
            ));
        }
        Ok(Some((x.into_dmatrix(false), y.into_dmatrix(false), true)))
    } else {
        Ok(None)
    }
}

/// The samples, checked against `net`: their sizes, the limit, and targets in [0, 1] for
/// classification losses.
pub(super) fn check_samples(
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
        return Err(at.misfit(
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
        return Err(at.misfit(
            &row(0, ys),
            format_args!(
                "has {} but the output layer has {}; expected {}",
                plural(y.ncols(), "value"),
                plural(net.output_size(), "neuron"),
                net.output_size()
            ),
        ));
    }
    let values = x.nrows().checked_mul(net.values_per_sample());
    if values.is_none_or(|v| v > limits.max_values) {
        return Err(input_error(
            at,
            format_args!(
                "{} samples need {} values to trace, over the limit of {} (raise it with --max-values)",
                x.nrows(),
                values.map_or("too many".to_string(), |v| v.to_string()),
                limits.max_values
            ),
        ));
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
