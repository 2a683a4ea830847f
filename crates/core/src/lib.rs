//! nettrace-core: the math of one backpropagation step, the step's quantities and the notation
//! that writes them, with no terminal, file system, command line or process.
//!
//! - [`nn`]: the network, its activations, losses, initial weights and optimizers, forward and
//!   backward.
//! - [`step`]: every quantity of one step, computed once; readers only read it.
//! - [`notation`]: formulas and numbers as text (Unicode, TeX), and escaping for each output.
//! - [`grade`]: grading an answer sheet's text: the significant-digits rule, the correct values
//!   from the sheet's own numbers, the classic slips, the verdicts and the report as JSON.
//! - [`network_file`]: a network file's text read into the network and its samples (every
//!   message naming the field), and back; [`given`]: one given number set by its math name.
//! - [`trace`]: the trace of one step as `run --json` prints it, with its [`diagnostics`], written
//!   by [`json`].
//! - [`descent`]: one update of a network file, as `nettrace step` takes it.
//! - [`error`]: the errors, by what the user can do about them.
//!
//! The `nettrace` command re-exports these modules as `nettrace::nn`, `nettrace::step` and
//! `nettrace::notation`, and grading under `nettrace::teach::grade`.

pub mod descent;
pub mod diagnostics;
pub mod error;
pub mod given;
pub mod grade;
pub mod json;
pub mod network_file;
pub mod nn;
pub mod notation;
pub mod step;
pub mod trace;
