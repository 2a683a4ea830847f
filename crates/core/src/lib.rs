//! nettrace-core: the math of one backpropagation step, the step's quantities and the notation
//! that writes them, with no terminal, file system, command line or process.
//!
//! - [`nn`]: the network, its activations, losses, initial weights and optimizers, forward and
//!   backward.
//! - [`step`]: every quantity of one step, computed once; readers only read it.
//! - [`notation`]: formulas and numbers as text (Unicode, TeX), and escaping for each output.
//!
//! The `nettrace` command re-exports these modules as `nettrace::nn`, `nettrace::step` and
//! `nettrace::notation`.

pub mod nn;
pub mod notation;
pub mod step;
