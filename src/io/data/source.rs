//! Opening a data file: gzip is decoded as it streams (found by its magic bytes 1f 8b, whatever
//! the name), then the format is told by the first bytes, or by the name where they say nothing.

use crate::error::{Error, input};
use crate::io::network_file::{Limits, STDIN, io_reason, read_text};
use crate::notation::escape::terminal;
use flate2::bufread::GzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};

/// The formats of data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Idx,
    Npy,
    Npz,
}

impl Format {
    /// `an IDX file`, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Idx => "an IDX file",
            Format::Npy => "a .npy array",
            Format::Npz => "an .npz archive",
        }
    }
}

/// A data file open for reading, from its first byte (after gzip decoding).
pub struct Opened {
    /// The path, or `<stdin>`, for messages.
    pub name: String,
    pub format: Format,
    /// The length of a plain file in bytes (unknown for gzip, pipes and standard input).
    pub length: Option<u64>,
    /// A plain file, a second handle on the one being read: an archive is read from its end
    /// through it. A path is never opened twice (a pipe's bytes can be read only once).
    pub file: Option<File>,
    pub reader: Box<dyn Read>,
}

/// How many bytes tell a format apart.
const MAGIC: usize = 8;

/// Opens `path` (`-` for standard input) and tells its format.
pub fn open(path: &str) -> Result<Opened, Error> {
    let (name, raw, length, file): (String, Box<dyn Read>, Option<u64>, Option<File>) = if path == "-" {
        (STDIN.to_string(), Box::new(std::io::stdin().lock()), None, None)
    } else {
        let name = terminal(path);
        let file = File::open(path).map_err(|e| input(format!("{name}: cannot read: {}", io_reason(&e))))?;
        let meta = file.metadata().map_err(|e| input(format!("{name}: cannot read: {}", io_reason(&e))))?;
        if meta.is_dir() {
            return Err(input(format!(
                "{name}: is a directory; expected a data file (CSV, IDX, .npy or .npz)"
            )));
        }
        // Only a plain file has a length worth trusting, and can be read again from its start.
        let plain = meta.is_file().then(|| file.try_clone().ok()).flatten();
        let length = plain.as_ref().map(|_| meta.len());
        (name, Box::new(file), length, plain)
    };
    let (magic, raw) = peek(BufReader::with_capacity(1 << 16, raw), &name)?;
    let gzipped = magic.starts_with(&[0x1f, 0x8b]);
    let (magic, reader, length, file): (Vec<u8>, Box<dyn Read>, _, _) = if gzipped {
        let decoder = Gzip::new(BufReader::new(raw));
        let (magic, reader) = peek(decoder, &name)?;
        (magic, Box::new(reader), None, None)
    } else {
        (magic, Box::new(raw), length, file)
    };
    let format = by_content(&magic).unwrap_or_else(|| by_name(&name));
    Ok(Opened { name, format, length, file, reader })
}

/// The format the first bytes show, if they show one.
fn by_content(magic: &[u8]) -> Option<Format> {
    if magic.starts_with(b"\x93NUMPY") {
        Some(Format::Npy)
    } else if magic.starts_with(b"PK\x03\x04") || magic.starts_with(b"PK\x05\x06") {
        Some(Format::Npz)
    } else if super::idx::is_magic(magic) {
        Some(Format::Idx)
    } else {
        None
    }
}

/// The format a name promises (`.npy`, `.npz`, `-ubyte` or `.idx`, before any `.gz`); CSV otherwise.
fn by_name(name: &str) -> Format {
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".npy") {
        Format::Npy
    } else if name.ends_with(".npz") {
        Format::Npz
    } else if name.ends_with("-ubyte") || name.ends_with(".idx") {
        Format::Idx
    } else {
        Format::Csv
    }
}

/// A reader whose first bytes were read, and are read again first.
type Peeked<R> = std::io::Chain<Cursor<Vec<u8>>, R>;

/// Reads the first bytes of `reader` and returns them with a reader that still starts at byte 0.
fn peek<R: Read>(mut reader: R, name: &str) -> Result<(Vec<u8>, Peeked<R>), Error> {
    let mut magic = vec![0; MAGIC];
    let got = read_full(&mut reader, &mut magic).map_err(|e| read_error(name, &e))?;
    magic.truncate(got);
    Ok((magic.clone(), Cursor::new(magic).chain(reader)))
}

/// `name` ends before the `total` values of `what` its header announces, after `read` of them.
pub fn truncated(name: &str, what: &str, total: u64, read: u64) -> Error {
    input(format!(
        "{name}: truncated: its header announces {what} ({total} values) but the data ends after {read} of them"
    ))
}

/// Reads until `buf` is full or the data ends; returns how many bytes were read.
pub fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The message for a failed read.
pub fn read_error(name: &str, e: &std::io::Error) -> Error {
    input(format!("{name}: cannot read: {}", io_reason(e)))
}

/// A gzip stream of one member or more, whose errors say so: "corrupt deflate stream" alone does
/// not name gzip. Bytes after the last member that do not start another are refused (gzip -d
/// warns of "trailing garbage"; data must not be silently cut short or padded).
struct Gzip<R: BufRead> {
    /// The member being read; `None` once the stream has ended.
    decoder: Option<GzDecoder<R>>,
}

impl<R: BufRead> Gzip<R> {
    fn new(reader: R) -> Self {
        Gzip { decoder: Some(GzDecoder::new(reader)) }
    }
}

impl<R: BufRead> Read for Gzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(decoder) = &mut self.decoder else { return Ok(0) };
            let n = decoder.read(buf).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => e,
                _ => std::io::Error::new(e.kind(), format!("not valid gzip data ({e})")),
            })?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // A member ended: another may follow, or nothing.
            let mut inner = self.decoder.take().expect("a member was being read").into_inner();
            match inner.fill_buf()?.first() {
                None => return Ok(0),
                Some(0x1f) => self.decoder = Some(GzDecoder::new(inner)),
                Some(b) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "bytes follow its gzip data (the first is {b:02x}); expected the file to end there"
                        ),
                    ));
                }
            }
        }
    }
}

impl Opened {
    /// The whole file as UTF-8 text, as the network file's reader reads it (same limit, same messages).
    pub fn text(mut self) -> Result<String, Error> {
        read_text(&mut self.reader, &self.name, false)
    }

    /// The whole file as bytes (for an archive that must be read out of order), within the limit.
    pub fn bytes(mut self) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        (&mut self.reader)
            .take(Limits::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| read_error(&self.name, &e))?;
        if bytes.len() as u64 > Limits::MAX_FILE_BYTES {
            return Err(input(format!(
                "{}: larger than the limit of {} bytes",
                self.name,
                Limits::MAX_FILE_BYTES
            )));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_promise_a_format_when_the_content_shows_none() {
        assert_eq!(by_name("train-images-idx3-ubyte.gz"), Format::Idx);
        assert_eq!(by_name("x.NPY"), Format::Npy);
        assert_eq!(by_name("d.npz"), Format::Npz);
        assert_eq!(by_name("digits.csv"), Format::Csv);
        assert_eq!(by_name("data"), Format::Csv);
        assert_eq!(by_content(b"\x93NUMPY\x01\x00"), Some(Format::Npy));
        assert_eq!(by_content(&[0, 0, 8, 3, 0, 0, 0, 1]), Some(Format::Idx));
        assert_eq!(by_content(b"a,b,label"), None);
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn gzip_members_are_read_in_turn_and_trailing_bytes_refused() {
        let read = |bytes: Vec<u8>| {
            let mut out = String::new();
            Gzip::new(&bytes[..]).read_to_string(&mut out).map(|_| out).map_err(|e| e.to_string())
        };
        assert_eq!(read([gzip(b"a,b\n"), gzip(b"1,2\n")].concat()), Ok("a,b\n1,2\n".to_string()));
        assert_eq!(
            read([gzip(b"a,b\n"), b"\0\0\0".to_vec()].concat()),
            Err("bytes follow its gzip data (the first is 00); expected the file to end there".to_string())
        );
    }
}
