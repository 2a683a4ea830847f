//! Reading a document's text from a file or standard input, and JSON text into a value.

use super::{Limits, STDIN, syntax};
use crate::error::{Error, input};
use crate::notation::escape::terminal;
use serde_json::Value;
use std::io::Read;

/// Reads the text of `path`, or standard input for `-`, without a leading UTF-8 byte-order mark.
/// Returns the name to use for it in messages (the path, its control characters shown as
/// escapes) and the text.
///
/// It reads in blocks and stops at the first sign that the input is not text (a NUL byte, or
/// bytes that are not UTF-8), so that a device or an endless stream of binary is refused after
/// one block, and anything else at the size limit.
pub fn read_source(path: &str) -> Result<(String, String), Error> {
    read(path, false)
}

/// Reads JSON text as [`read_source`] does, also stopping after the first block when the text
/// cannot be JSON (it starts with a character no JSON value starts with), with the parser's
/// own message.
pub fn read_json(path: &str) -> Result<(String, String), Error> {
    read(path, true)
}

fn read(path: &str, json: bool) -> Result<(String, String), Error> {
    let (name, mut reader): (String, Box<dyn Read>) = if path == "-" {
        if stdin_closed() {
            return Err(input("standard input is closed; give a file, or pipe the text in"));
        }
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
    let text = read_text(&mut reader, &name, json)?;
    Ok((name, text))
}

/// Reads the text of `reader` (named `name` in messages) in blocks, as [`read_source`] and
/// [`read_json`] describe, without a leading UTF-8 byte-order mark.
pub fn read_text(reader: &mut dyn Read, name: &str, json: bool) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut block) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(input(format!("{name}: cannot read: {}", io_reason(&e)))),
        };
        let start = bytes.len();
        bytes.extend_from_slice(&block[..n]);
        check_block(&bytes, start, name, json)?;
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        input(format!("{name}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Refuses the text read so far at the first sign that it is not text (or not JSON), or past the
/// size limit; `start` is where the last block begins.
fn check_block(bytes: &[u8], start: usize, name: &str, json: bool) -> Result<(), Error> {
    if let Some(i) = bytes[start..].iter().position(|b| *b == 0) {
        return Err(input(format!("{name}: not text (a NUL byte at offset {})", start + i)));
    }
    // Bytes from a few before the block may complete a character split across blocks.
    let check = start.saturating_sub(3);
    if let Err(e) = std::str::from_utf8(&bytes[check..])
        && e.error_len().is_some()
    {
        let at = check + e.valid_up_to();
        return Err(input(format!("{name}: not UTF-8 text (invalid byte at offset {at})")));
    }
    if json
        && let Some(i) = bytes.iter().position(|b| !b" \t\r\n".contains(b))
        && !b"{[\"-0123456789tfn\xef".contains(&bytes[i])
    {
        let e = serde_json::from_slice::<Value>(&bytes[..=i]).expect_err("no JSON value starts so");
        return Err(syntax(&e, &String::from_utf8_lossy(bytes), name));
    }
    if bytes.len() as u64 > Limits::MAX_FILE_BYTES {
        return Err(input(format!("{name}: larger than the limit of {} bytes", Limits::MAX_FILE_BYTES)));
    }
    Ok(())
}

/// Whether standard input was closed when nettrace started: Rust's runtime then opens it on
/// /dev/null for reading and writing, which a shell redirection (`< /dev/null`) never does.
#[cfg(unix)]
fn stdin_closed() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let (Ok(null), Ok(fd0)) = (std::fs::metadata("/dev/null"), std::fs::metadata("/proc/self/fd/0")) else {
        return false;
    };
    use rustix::fs::OFlags;
    let read_write =
        rustix::fs::fcntl_getfl(std::io::stdin()).is_ok_and(|f| f & OFlags::ACCMODE == OFlags::RDWR);
    fd0.file_type().is_char_device() && fd0.rdev() == null.rdev() && read_write
}

#[cfg(not(unix))]
fn stdin_closed() -> bool {
    false
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
