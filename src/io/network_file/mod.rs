//! The network file: JSON in, a validated [`NetworkFile`] out, and back. The format, its checks
//! and its messages are the core's (`nettrace_core::network_file`, which the page's module uses
//! too); reading a file or standard input is the command's (`source.rs`).

mod source;

pub use nettrace_core::network_file::*;
pub use source::{io_reason, read_json, read_source, read_text};

use crate::error::Error;

/// The name used for standard input in messages.
pub(crate) const STDIN: &str = "<stdin>";

/// Reads and validates the network file at `path` (`-` for standard input).
/// Returns the name to use for it in messages, and the file.
pub fn load(path: &str, limits: Limits) -> Result<(String, NetworkFile), Error> {
    let (name, text) = read_json(path)?;
    let file = parse(&text, &name, limits)?;
    Ok((name, file))
}
