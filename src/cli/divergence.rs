//! The message of a training run that stopped being finite: where, which quantity, the η of that
//! epoch, and which network --output holds.

use nettrace::error::Error;
use nettrace::notation::number;
use nettrace::train::epochs::{Config, Divergence, Watched};
use std::path::Path;

/// The error for `d`, in a run of `total` steps of `config` on `source`; `output` is the file the
/// last finite network was written to, if any.
pub fn error(d: &Divergence, source: &str, config: &Config, total: u64, output: Option<&Path>) -> Error {
    let p = d.position;
    let kept = match (output, d.kept_epoch) {
        (None, _) => String::new(),
        (Some(o), 0) => {
            format!("; wrote the initial network (no epoch ended with a finite loss) to {}", o.display())
        }
        (Some(o), k) => {
            format!("; wrote the last finite network, as it was after epoch {k}, to {}", o.display())
        }
    };
    let place = match d.quantity {
        Watched::EpochLoss => format!(
            "after epoch {} (step {} of {total}): the loss over all samples became {}",
            p.epoch, p.total_steps, d.value
        ),
        q => {
            let what = match q {
                Watched::Gradient(l) => format!("the gradient of layer {l} (∂L/∂W[{l}], ∂L/∂b[{l}])"),
                Watched::Parameters(l) => {
                    format!("after the update, layer {l}'s parameters (W[{l}], b[{l}])")
                }
                _ => "the batch loss".to_string(),
            };
            format!(
                "at epoch {}, step {} (step {} of {total}): {what} became {}",
                p.epoch, p.step, p.total_steps, d.value
            )
        }
    };
    Error::Numeric(format!(
        "{source}: training diverged {place} (η = {}){kept}; try a smaller learning rate (--lr)",
        number::compact(lr_of_epoch(config, p.epoch))
    ))
}

/// η of `epoch` (from 1) under the schedule: the first epoch's η, changed after each epoch before it.
pub fn lr_of_epoch(config: &Config, epoch: u64) -> f64 {
    (1..epoch).fold(config.lr, |lr, e| config.schedule.next(lr, e))
}
