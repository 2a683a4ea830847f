//! One line of `train --json`.

use crate::step::{Num, Number};
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// The `format` string of an epoch record.
pub(crate) const EPOCH_FORMAT: &str = "nettrace-epoch/1";

/// One line of `train --json`: what one epoch achieved, measured on the whole data set with the
/// epoch's final parameters.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "nettrace epoch line")]
pub struct EpochRecord {
    #[schemars(extend("const" = "nettrace-epoch/1"))]
    pub format: &'static str,
    /// Epochs count from 1.
    #[schemars(range(min = 1))]
    pub epoch: u64,
    /// The loss over the whole data set after the epoch.
    #[serde(serialize_with = "num")]
    #[schemars(with = "Number")]
    pub loss: f64,
    /// The fraction of samples classified right, for `bce` and `cross_entropy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
    /// L over the validation samples, when there are some.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "some_num")]
    pub val_loss: Option<f64>,
    /// The fraction of validation samples classified right, for `bce` and `cross_entropy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub val_accuracy: Option<f64>,
    /// η used in this epoch.
    pub lr: f64,
    /// Steps taken in this epoch.
    pub steps: u64,
    /// Per layer (index l − 1 for layer l): the mean over the epoch's steps of
    /// ‖(∂L/∂W[l], ∂L/∂b[l])‖₂, the size of the batch gradient.
    #[serde(serialize_with = "nums")]
    #[schemars(with = "Vec<Number>")]
    pub grad_norm: Vec<f64>,
}

#[cfg(test)]
impl EpochRecord {
    /// The record of `epoch` with loss `loss` and these gradient norms, η = 0.1, one step, no
    /// accuracy or validation: the plain record tests draw and keep.
    pub(crate) fn plain(epoch: u64, loss: f64, grad_norm: Vec<f64>) -> Self {
        EpochRecord {
            format: EPOCH_FORMAT,
            epoch,
            loss,
            accuracy: None,
            val_loss: None,
            val_accuracy: None,
            lr: 0.1,
            steps: 1,
            grad_norm,
        }
    }
}

fn num<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    Num(*x).serialize(s)
}

fn some_num<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    x.map(Num).serialize(s)
}

fn nums<S: Serializer>(xs: &[f64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(xs.iter().map(|x| Num(*x)))
}
