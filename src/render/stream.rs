//! JSON written straight to the output as it is serialized, indented with every array of plain
//! values on one line: defined in the core (`nettrace_core::json`), so that the page's module
//! writes the same bytes.

pub use nettrace_core::json::write;
