//! The arithmetic of grading an answer sheet, with no files or terminal: when a written number is
//! right ([`digits`]), the correct value of each quantity from the sheet's own earlier values
//! ([`recompute`]) and the classic slips that reproduce a wrong one ([`mistakes`]). Reading a
//! sheet and writing the verdicts are the `nettrace` command's.

pub mod digits;
pub mod mistakes;
pub mod recompute;

pub use digits::{Rule, Written, close};
pub use mistakes::Mistake;
