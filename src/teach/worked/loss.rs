//! The loss, with ŷ and y substituted.

use super::{Equation, Piece, Values, num, tex};
use crate::nn::loss::Loss;
use crate::step::{Quantity, Value};

/// L of ŷ = a[L] and y.
pub(super) fn equation(v: &Values) -> Equation {
    let step = v.step;
    let (batch, n) = (step.batch(), step.samples.len());
    let y_hat = v.get(Quantity::A(step.depth()));
    let y = v.get(Quantity::Target);
    let k = y_hat.rows().first().map_or(0, Vec::len);
    let scalar = !batch && k == 1;
    let (yh, yy) = (y_hat.rows()[0][0], y.rows()[0][0]);
    let mean = |over: usize| if over == 1 { String::new() } else { format!("\\frac{{1}}{{{over}}}") };
    // ‖ŷ − y‖² with the factor in front.
    let norm = |factor: String| -> Vec<Piece> {
        vec![
            tex(format!("{factor} \\left\\lVert ")),
            v.units(&y_hat),
            tex(" - "),
            v.units(&y),
            tex(" \\right\\rVert^2"),
        ]
    };
    let substituted = match step.network.loss {
        Loss::HalfSquaredError if scalar => {
            vec![tex("\\frac{1}{2}("), num(yh), tex(" - "), num(yy), tex(")^2")]
        }
        Loss::HalfSquaredError => norm(format!("\\frac{{1}}{{{}}}", 2 * n)),
        Loss::Mse if scalar => vec![tex("("), num(yh), tex(" - "), num(yy), tex(")^2")],
        Loss::Mse => norm(mean(n * k)),
        Loss::Bce if scalar => vec![
            tex("-\\left["),
            num(yy),
            tex(" \\log "),
            num(yh),
            tex(" + (1 - "),
            num(yy),
            tex(") \\log(1 - "),
            num(yh),
            tex(")\\right]"),
        ],
        Loss::Bce => vec![
            tex(format!("-{} \\sum \\left[ ", mean(n * k))),
            v.units(&y),
            tex(" \\circ \\log "),
            v.units(&y_hat),
            tex(" + \\left(1 - "),
            v.units(&y),
            tex("\\right) \\circ \\log\\left(1 - "),
            v.units(&y_hat),
            tex("\\right) \\right]"),
        ],
        Loss::CrossEntropy => {
            vec![tex(format!("-{} \\sum ", mean(n))), v.units(&y), tex(" \\circ \\log "), v.units(&y_hat)]
        }
    };
    v.equation(Quantity::Loss, "Loss".into(), substituted, Value::Scalar(step.loss), None)
}
