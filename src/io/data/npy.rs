//! NumPy's `.npy` arrays (any byte order, C or Fortran order, float32, float64 and integer
//! dtypes), and `.npz` archives of them (as `np.savez` and `np.savez_compressed` write them),
//! opened with the `zip` crate.
//!
//! The header is read by [`super::npy_header`], which answers at once whatever it holds; the
//! values are converted as they stream. Nothing may follow the last value (NumPy's own files end
//! there), and a member of an archive is read to its end, where its CRC-32 is checked.

use super::npy_header::{self, Descr};
use super::source::{Opened, read_error, read_full, truncated};
use super::{Array, Values, shape_text};
use crate::error::{Error, input};
use crate::io::network_file::plural;
use std::io::{BufReader, Cursor, Read};

/// The longest header read (NumPy itself refuses headers over 10,000 bytes by default).
const MAX_HEADER: usize = 1 << 20;

/// A dtype nettrace reads: its kind, its size in bytes and its byte order.
#[derive(Debug, Clone, Copy)]
struct Dtype {
    kind: u8,
    size: usize,
    big_endian: bool,
}

/// Reads the header of a `.npy` array from `reader`; `name` names it in messages and `length`
/// is the file's, where known.
pub fn array<'a>(
    mut reader: Box<dyn Read + 'a>,
    name: String,
    length: Option<u64>,
) -> Result<Array<'a>, Error> {
    let mut start = [0u8; 12];
    let got = read_full(&mut reader, &mut start[..10]).map_err(|e| read_error(&name, &e))?;
    if got < 10 || !start.starts_with(b"\x93NUMPY") {
        return Err(input(format!(
            "{name}: not a NumPy .npy file: it does not start with \\x93NUMPY (a file written by numpy.save does)"
        )));
    }
    let (major, minor) = (start[6], start[7]);
    let (prefix, header_length) = match major {
        1 => (10, u16::from_le_bytes([start[8], start[9]]) as usize),
        2 | 3 => {
            if read_full(&mut reader, &mut start[10..12]).map_err(|e| read_error(&name, &e))? < 2 {
                return Err(truncated_header(&name));
            }
            (12, u32::from_le_bytes([start[8], start[9], start[10], start[11]]) as usize)
        }
        _ => {
            return Err(input(format!(
                "{name}: .npy format version {major}.{minor} is not supported (1.0 to 3.0 are)"
            )));
        }
    };
    if header_length > MAX_HEADER {
        return Err(input(format!(
            "{name}: its header is {header_length} bytes long, over the limit of {MAX_HEADER}"
        )));
    }
    let mut header = vec![0; header_length];
    if read_full(&mut reader, &mut header).map_err(|e| read_error(&name, &e))? < header_length {
        return Err(truncated_header(&name));
    }
    let header = npy_header::parse(&header, &name)?;
    let descr = match &header.descr {
        Descr::Plain(d) => d.clone(),
        Descr::Structured => {
            return Err(input(format!(
                "{name}: its dtype is a structured dtype (named fields), which is not supported; {EXPECTED}"
            )));
        }
    };
    let dtype = dtype(&descr).ok_or_else(|| unsupported(&name, &descr))?;
    let total = header.shape.iter().try_fold(1u64, |p, &d| p.checked_mul(d as u64));
    let bytes = total.and_then(|t| t.checked_mul(dtype.size as u64));
    let (Some(total), Some(bytes)) = (total, bytes) else {
        return Err(input(format!("{name}: its shape {} holds too many values", shape_text(&header.shape))));
    };
    let what = format!("{} {}", shape_text(&header.shape), describe(&descr));
    if let Some(length) = length {
        check_length(&name, &what, length, (prefix + header_length) as u64, bytes, dtype.size)?;
    }
    let floats = dtype.kind == b'f';
    let values = NpyValues {
        reader: BufReader::with_capacity(1 << 16, reader),
        dtype,
        buffer: Vec::new(),
        name: name.clone(),
        what,
        total,
        read: 0,
    };
    Ok(Array {
        name,
        shape: header.shape,
        fortran: header.fortran,
        floats,
        idx_magic: None,
        values: Box::new(values),
    })
}

const EXPECTED: &str = "expected float32, float64 or an integer type (int8 to uint64)";

/// A plain file holds exactly its header and its values.
fn check_length(
    name: &str,
    what: &str,
    length: u64,
    header: u64,
    bytes: u64,
    size: usize,
) -> Result<(), Error> {
    let data = length.saturating_sub(header);
    if data < bytes {
        return Err(truncated(name, what, bytes / size as u64, data / size as u64));
    }
    if data > bytes {
        return Err(input(format!(
            "{name}: has {} after the {what} its header announces",
            plural((data - bytes).min(usize::MAX as u64) as usize, "byte")
        )));
    }
    Ok(())
}

/// The dtypes read: `f4`, `f8`, `i1`…`i8` and `u1`…`u8`, in either byte order.
fn dtype(descr: &str) -> Option<Dtype> {
    let (order, rest) = match descr.as_bytes().first()? {
        b @ (b'<' | b'>' | b'|' | b'=') => (*b, &descr[1..]),
        _ => (b'=', descr),
    };
    let (&kind, size) = rest.as_bytes().split_first()?;
    // Bytes, not a str slice: the kind may be any character, of any width.
    let size: usize = std::str::from_utf8(size).ok()?.parse().ok()?;
    let known = match kind {
        b'f' => matches!(size, 4 | 8),
        b'i' | b'u' => matches!(size, 1 | 2 | 4 | 8),
        _ => false,
    };
    let big_endian = order == b'>' || (order == b'=' && cfg!(target_endian = "big"));
    known.then_some(Dtype { kind, size, big_endian })
}

fn truncated_header(name: &str) -> Error {
    input(format!("{name}: truncated: it ends within its header"))
}

fn unsupported(name: &str, descr: &str) -> Error {
    input(format!("{name}: its dtype {} is not supported; {EXPECTED}", describe(descr)))
}

/// `'<f4' (float32)`.
fn describe(descr: &str) -> String {
    if descr.len() > 16 || !descr.bytes().all(|b| b.is_ascii_graphic()) {
        return format!("{} (not a type NumPy writes)", crate::notation::escape::quote(descr));
    }
    let rest = descr.trim_start_matches(['<', '>', '|', '=']);
    let bits =
        rest.get(1..).and_then(|s| s.parse::<usize>().ok()).map_or(String::new(), |s| (s * 8).to_string());
    let kind = match rest.bytes().next() {
        Some(b'f') => format!("float{bits}"),
        Some(b'i') => format!("int{bits}"),
        Some(b'u') => format!("uint{bits}"),
        Some(b'b' | b'?') => "bool".to_string(),
        Some(b'c') => format!("complex{bits}"),
        Some(b'U' | b'S' | b'a') => "a string".to_string(),
        Some(b'O') => "Python objects".to_string(),
        _ => "not numbers".to_string(),
    };
    format!("'{descr}' ({kind})")
}

/// The values of a `.npy` array, in the order it stores them, converted as they stream.
struct NpyValues<R: Read> {
    reader: BufReader<R>,
    dtype: Dtype,
    /// The raw bytes of the values being read.
    buffer: Vec<u8>,
    name: String,
    /// `1797×64 '<f4' (float32)`.
    what: String,
    total: u64,
    read: u64,
}

impl<R: Read> Values for NpyValues<R> {
    fn read(&mut self, out: &mut [f64]) -> Result<(), Error> {
        let size = self.dtype.size;
        self.buffer.resize(out.len() * size, 0);
        let got = read_full(&mut self.reader, &mut self.buffer).map_err(|e| self.error(&e))?;
        if got < self.buffer.len() {
            return Err(truncated(&self.name, &self.what, self.total, self.read + (got / size) as u64));
        }
        for (x, c) in out.iter_mut().zip(self.buffer.chunks_exact(size)) {
            *x = convert(self.dtype, c);
        }
        self.read += out.len() as u64;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), Error> {
        // Reading on to the end also checks an archive member's CRC-32 and a gzip stream's.
        let mut more = [0u8; 1];
        if read_full(&mut self.reader, &mut more).map_err(|e| self.error(&e))? > 0 {
            return Err(input(format!(
                "{}: has more data after the {} its header announces",
                self.name, self.what
            )));
        }
        Ok(())
    }
}

impl<R: Read> NpyValues<R> {
    fn error(&self, e: &std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::InvalidData && e.to_string().contains("checksum") {
            return input(format!(
                "{}: its CRC-32 does not match its data: the archive is corrupt",
                self.name
            ));
        }
        read_error(&self.name, e)
    }
}

/// One value from its bytes.
fn convert(t: Dtype, c: &[u8]) -> f64 {
    let mut b = [0u8; 8];
    if t.big_endian {
        b[..t.size].iter_mut().zip(c.iter().rev()).for_each(|(o, &v)| *o = v);
    } else {
        b[..t.size].copy_from_slice(c);
    }
    match (t.kind, t.size) {
        (b'f', 4) => f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        (b'f', _) => f64::from_le_bytes(b),
        (b'i', 1) => f64::from(b[0] as i8),
        (b'i', 2) => f64::from(i16::from_le_bytes([b[0], b[1]])),
        (b'i', 4) => f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        (b'i', _) => i64::from_le_bytes(b) as f64,
        (_, 8) => u64::from_le_bytes(b) as f64,
        _ => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
    }
}

/// An `.npz` archive: a zip file of `.npy` arrays, each named NAME.npy.
pub struct Archive {
    zip: zip::ZipArchive<Box<dyn ReadSeek>>,
    name: String,
}

/// A reader that can also seek: zip reads its directory at the end first.
pub trait ReadSeek: Read + std::io::Seek {}
impl<T: Read + std::io::Seek> ReadSeek for T {}

/// The most member names a message lists.
const LISTED: usize = 10;

impl Archive {
    /// Opens an archive: a plain file is read where it lies (through the handle already open,
    /// never by its name again), anything else (a pipe, gzip) read into memory first.
    pub fn open(opened: Opened) -> Result<Archive, Error> {
        let name = opened.name.clone();
        let reader: Box<dyn ReadSeek> = match opened.file {
            Some(file) => {
                let mut file = file;
                std::io::Seek::rewind(&mut file).map_err(|e| read_error(&name, &e))?;
                Box::new(BufReader::new(file))
            }
            None => Box::new(Cursor::new(opened.bytes()?)),
        };
        let zip = zip::ZipArchive::new(reader).map_err(|e| {
            input(format!("{name}: not a valid .npz archive (a zip file of .npy arrays): {e}"))
        })?;
        Ok(Archive { zip, name })
    }

    /// The array called `array` (the member `array.npy`); `option` is the option that chooses it.
    pub fn array(&mut self, array: &str, option: &str) -> Result<Array<'_>, Error> {
        let name = format!("{} (array \"{array}\")", self.name);
        if self.zip.index_for_name(&format!("{array}.npy")).is_none() {
            return Err(input(format!(
                "{}: has no array named \"{array}\" (it holds {}); choose one with {option} NAME",
                self.name,
                self.members()
            )));
        }
        match self.zip.by_name(&format!("{array}.npy")) {
            Ok(member) => self::array(Box::new(member), name, None),
            Err(e) => Err(input(format!("{name}: cannot read: {e}"))),
        }
    }

    /// The arrays it holds, for a message: at most [`LISTED`] names, then how many more.
    fn members(&self) -> String {
        let count = self.zip.len();
        let names: Vec<String> = self
            .zip
            .file_names()
            .take(LISTED)
            .map(|n| {
                n.map_or("?".into(), |n| crate::notation::escape::cut(n.strip_suffix(".npy").unwrap_or(&n)))
            })
            .collect();
        match count {
            0 => "none".to_string(),
            n if n > LISTED => format!("{} and {} more", names.join(", "), n - LISTED),
            _ => names.join(", "),
        }
    }
}
