//! Reading an answer sheet: the core's ([`nettrace_core::grade::sheet`]).

pub use nettrace_core::grade::sheet::*;
