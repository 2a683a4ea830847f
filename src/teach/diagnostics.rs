//! What one step's numbers say about training: defined in the core (`nettrace_core::diagnostics`),
//! so that the page's module writes the same findings into its trace.

pub use nettrace_core::diagnostics::*;
