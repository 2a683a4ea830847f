//! The trace of one step as JSON (nettrace-trace/1): defined in the core
//! (`nettrace_core::trace`), so that the page's module writes the same trace. What `run --json`
//! prints and answer sheets are read against.

pub use nettrace_core::trace::{FORMAT, LayerInfo, NetworkInfo, Trace, TraceStep};

use crate::render::Traced;
use crate::train::epochs::Position;
use serde::Serialize;

/// The trace of a step: every computed quantity with its formula, in computation order.
pub fn trace(traced: &Traced) -> Trace {
    nettrace_core::trace::trace(traced.step, traced.name, traced.description, traced.diagnostics)
}

/// A step traced during training: the trace, then where in the run it was taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Positioned {
    #[serde(flatten)]
    pub trace: Trace,
    #[serde(flatten)]
    pub position: Position,
}
