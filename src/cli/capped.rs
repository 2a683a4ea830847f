//! The output size limit (`--max-output-bytes`): tables, JSON, worked solutions, pages, plots and
//! graphs are made in memory up to the limit and refused past it, before anything is written, so
//! that a huge network cannot fill a disk or a pipe with a page no browser opens.

use nettrace::error::{Error, input};
use std::io::{self, Write};

/// The default limit: 256 MiB, over twenty times a traced MNIST network's web page (12 MB).
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 1 << 28;

/// Makes an output with `make`, in memory, and returns its bytes; past `limit` bytes the
/// writing stops and `what` (such as "the web page") is refused, naming the limit and the flag.
pub fn render(
    limit: u64,
    what: &str,
    make: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<u8>> {
    let mut capped = Capped { bytes: Vec::new(), limit, over: false };
    let made = make(&mut capped);
    if capped.over {
        return Err(too_large(what, limit).into());
    }
    made?;
    Ok(capped.bytes)
}

/// Refuses `bytes` already made, when they are over `limit`.
pub fn check(bytes: &[u8], limit: u64, what: &str) -> Result<(), Error> {
    match bytes.len() as u64 > limit {
        true => Err(too_large(what, limit)),
        false => Ok(()),
    }
}

fn too_large(what: &str, limit: u64) -> Error {
    input(format!(
        "{what} would be over {limit} bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)"
    ))
}

/// A buffer that takes at most `limit` bytes and then fails every write.
struct Capped {
    bytes: Vec<u8>,
    limit: u64,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.bytes.len() as u64 + bytes.len() as u64 > self.limit {
            self.over = true;
            return Err(io::Error::other("over the output limit"));
        }
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_within_the_limit_is_kept_whole_and_one_past_it_is_refused() {
        let ten = render(10, "the table", |out| Ok(out.write_all(b"0123456789")?)).unwrap();
        assert_eq!(ten, b"0123456789");
        let err = render(10, "the table", |out| Ok(out.write_all(b"0123456789a")?)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the table would be over 10 bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)"
        );
    }
}
