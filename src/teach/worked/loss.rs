//! The loss, with ŷ and y substituted into its formula.

use super::{Equation, Values};
use crate::step::{Quantity, View};

/// L of ŷ = a[L] and y.
pub(super) fn equation(v: &Values) -> Equation {
    let substituted = v.substitute(Quantity::Loss, 0);
    v.equation(Quantity::Loss, "Loss".into(), substituted, View::scalar(v.step.loss), None)
}
