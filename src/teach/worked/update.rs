//! The update by gradient descent, and the loss after it.

use super::{Equation, Values};
use crate::step::Quantity::{LossAfter, NewBias, NewWeights};
use crate::step::View;

/// Each layer's new weights and bias, then the loss after the update.
pub(super) fn equations(v: &Values) -> Vec<Equation> {
    let step = v.step;
    let mut out = Vec::new();
    for l in 1..=step.depth() {
        out.push(v.equation(
            NewWeights(l),
            format!("New weights of layer {l}"),
            v.substitute(NewWeights(l), 0),
            v.get(NewWeights(l)),
            None,
        ));
        let new_bias = v.bias_value(&v.get(NewBias(l)));
        out.push(if step.network.layers[l - 1].trainable_bias {
            v.equation(
                NewBias(l),
                format!("New bias of layer {l}"),
                v.substitute(NewBias(l), 0),
                new_bias,
                None,
            )
        } else {
            v.equation(
                NewBias(l),
                format!("Bias of layer {l} (not trainable)"),
                vec![],
                new_bias,
                Some(
                    "This bias takes part in the forward pass but is never updated (`trainable_bias: false`)."
                        .into(),
                ),
            )
        });
    }
    out[0].note = Some(
        "Every parameter moves against its gradient, in proportion to the learning rate $\\eta$: downhill on the loss."
            .into(),
    );
    let change = if step.loss_after < step.loss {
        "lower than before: the step went downhill"
    } else {
        "not lower than before: the step overshot; a smaller $\\eta$ would help"
    };
    out.push(v.equation(
        LossAfter,
        "Loss after the update".into(),
        vec![],
        View::scalar(step.loss_after),
        Some(format!("The loss is {change}.")),
    ));
    out
}
