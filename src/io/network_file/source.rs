//! Reading a document's text from a file or standard input, and JSON text into a value.

use super::{Limits, STDIN, text};
use crate::error::{Error, input};
use crate::notation::escape::terminal;
use serde_json::Value;
use std::io::Read;

/// Reads the text of `path`, or standard input for `-`. Returns the name to use for it in
/// messages (the path, its control characters shown as escapes) and the text.
pub fn read_source(path: &str) -> Result<(String, String), Error> {
    let (name, mut reader): (String, Box<dyn Read>) = if path == "-" {
        (STDIN.to_string(), Box::new(std::io::stdin().lock()))
    } else {
        let name = terminal(path);
        let file = std::fs::File::open(path)
            .map_err(|e| input(format!("{name}: cannot read: {}", io_reason(&e))))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(input(format!("{name}: is a directory; expected a JSON file")));
        }
        (name, Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(Limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| input(format!("{name}: cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > Limits::MAX_FILE_BYTES {
        return Err(input(format!("{name}: larger than the limit of {} bytes", Limits::MAX_FILE_BYTES)));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        input(format!("{name}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    Ok((name, text))
}

/// An I/O error's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// Refuses text with nothing but white space in it, as an empty file.
pub(super) fn check_not_empty(text: &str, source: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(input(format!("{source}: the file is empty; expected a JSON object")));
    }
    Ok(())
}

/// Parses JSON text into a value, with the line and column of any syntax error.
pub fn parse_json(text: &str, source: &str) -> Result<Value, Error> {
    check_not_empty(text, source)?;
    serde_json::from_str(text).map_err(|e| text::syntax(&e, source))
}
