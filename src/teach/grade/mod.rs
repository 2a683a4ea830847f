//! Grading an answer sheet: the arithmetic and the reading are the core's
//! ([`nettrace_core::grade`]); here the sheet's errors become the command's.

pub mod class;
pub mod sheet;

pub use nettrace_core::grade::digits;
pub use nettrace_core::grade::{Answer, FirstWrong, Grade, Input, Mistake, Rule, Verdict, Written, close};
pub(crate) use sheet::AnswerSheet;

use crate::error::{Error, input};
use crate::step::Step;

/// Grades the answer sheet `text` (read from `source`) against `step` by `rule`.
pub fn grade(step: &Step, text: &str, source: &str, rule: Rule) -> Result<Grade, Error> {
    nettrace_core::grade::grade(step, text, source, rule).map_err(input)
}
