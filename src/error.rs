//! The errors nettrace reports, by what the user can do about them: defined in the core
//! (`nettrace_core::error`), which reads network files too.

pub use nettrace_core::error::{Error, input};
