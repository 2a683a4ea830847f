//! Grading an answer sheet, with no files or terminal: reading its text ([`sheet`]) and each
//! answer's value ([`answer`]), when a written number is right ([`digits`]), the correct value of
//! each quantity from the sheet's own earlier values ([`recompute`]), the classic slips that
//! reproduce a wrong one ([`mistakes`]), the verdicts ([`graded`]) and the report as JSON
//! ([`report`]). Reading the file and writing the table are the `nettrace` command's.

pub mod answer;
pub mod digits;
pub mod graded;
pub mod mistakes;
pub mod recompute;
pub mod report;
pub mod sheet;

pub use digits::{Rule, Written, close};
pub use graded::{Answer, FirstWrong, Grade, Input, Verdict, grade};
pub use mistakes::Mistake;
