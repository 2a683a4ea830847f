//! nettrace-core: the math of one backpropagation step, the step's quantities and the notation
//! that writes them, with no terminal, file system, command line or process.
//!
//! - [`nn`]: the network, its activations, losses, initial weights and optimizers, forward and
//!   backward.
//! - [`step`]: every quantity of one step, computed once; readers only read it.
//! - [`notation`]: formulas and numbers as text (Unicode, TeX), and escaping for each output.
//! - [`grade`]: grading an answer sheet's text: the significant-digits rule, the correct values
//!   from the sheet's own numbers, the classic slips, the verdicts and the report as JSON.
//!
//! The `nettrace` command re-exports these modules as `nettrace::nn`, `nettrace::step` and
//! `nettrace::notation`, and grading under `nettrace::teach::grade`.

pub mod grade;
pub mod nn;
pub mod notation;
pub mod step;
