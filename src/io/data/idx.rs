//! IDX, the format MNIST is published in: a magic number `00 00 TT DD` (TT the type of the
//! values, DD the number of dimensions), DD big-endian u32 dimensions, then the values,
//! big-endian, in row-major order. `train-images-idx3-ubyte` holds 60000×28×28 unsigned bytes,
//! `train-labels-idx1-ubyte` 60000 of them.
//!
//! Unsigned bytes of an image file are pixels: each is divided by the pixel scale (255 unless
//! told otherwise), as `x / 255.0` would in NumPy. The header is checked against the file's
//! length before anything is allocated where the length is known (a plain file); a gzipped file
//! is checked as it streams.

use super::source::{read_error, read_full, truncated};
use super::{Array, ByteValues, Values, shape_text};
use crate::error::{Error, input};
use std::io::Read;

/// The type of an IDX file's values: the third byte of its magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    U8,
    I8,
    I16,
    I32,
    F32,
    F64,
}

impl Kind {
    fn of(code: u8) -> Option<Kind> {
        Some(match code {
            0x08 => Kind::U8,
            0x09 => Kind::I8,
            0x0B => Kind::I16,
            0x0C => Kind::I32,
            0x0D => Kind::F32,
            0x0E => Kind::F64,
            _ => return None,
        })
    }

    /// Bytes per value.
    fn size(self) -> usize {
        match self {
            Kind::U8 | Kind::I8 => 1,
            Kind::I16 => 2,
            Kind::I32 | Kind::F32 => 4,
            Kind::F64 => 8,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::U8 => "unsigned bytes",
            Kind::I8 => "signed bytes",
            Kind::I16 => "16-bit integers",
            Kind::I32 => "32-bit integers",
            Kind::F32 => "32-bit floats",
            Kind::F64 => "64-bit floats",
        }
    }
}

/// Whether `magic` starts as an IDX file does: 00 00, a known type, at least one dimension.
pub fn is_magic(magic: &[u8]) -> bool {
    matches!(magic, [0, 0, t, d, ..] if Kind::of(*t).is_some() && *d > 0)
}

/// Reads the header of an IDX file; `length` is the file's, where known. `scale` divides
/// unsigned bytes.
pub fn array(
    mut reader: Box<dyn Read>,
    name: String,
    length: Option<u64>,
    scale: Option<f64>,
) -> Result<Array<'static>, Error> {
    let mut magic = [0u8; 4];
    let got = read_full(&mut reader, &mut magic).map_err(|e| read_error(&name, &e))?;
    if got < 4 || !is_magic(&magic) {
        let found: Vec<String> = magic[..got].iter().map(|b| format!("{b:02x}")).collect();
        return Err(input(format!(
            "{name}: not an IDX file: it starts with {}; an IDX file starts with 00 00, the type of its values \
             (08 for unsigned bytes) and its number of dimensions (03 for images, 01 for labels)",
            if found.is_empty() { "nothing (it is empty)".to_string() } else { found.join(" ") }
        )));
    }
    let kind = Kind::of(magic[2]).expect("is_magic checked the type");
    let dims = magic[3] as usize;
    let mut header = vec![0u8; 4 * dims];
    let got = read_full(&mut reader, &mut header).map_err(|e| read_error(&name, &e))?;
    if got < header.len() {
        return Err(input(format!(
            "{name}: truncated: it ends within its header, which should give {dims} dimensions ({} bytes) and gives {got} bytes",
            header.len()
        )));
    }
    let shape: Vec<usize> =
        header.chunks_exact(4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize).collect();
    let total = shape.iter().try_fold(1u64, |p, &d| p.checked_mul(d as u64));
    let bytes = total
        .and_then(|t| t.checked_mul(kind.size() as u64))
        .and_then(|b| b.checked_add(4 + 4 * dims as u64));
    let (Some(total), Some(bytes)) = (total, bytes) else {
        return Err(input(format!(
            "{name}: its header's dimensions {} hold too many values",
            shape_text(&shape)
        )));
    };
    if kind == Kind::U8
        && let Some(s) = scale
        && !(255.0 / s).is_finite()
    {
        return Err(input(format!(
            "{name}: --pixel-scale {} makes a pixel of 255 into {}; expected a scale that keeps pixels finite, such as 255",
            if s < 1e-4 { format!("{s:e}") } else { s.to_string() },
            255.0 / s
        )));
    }
    let what = format!("{} {}", shape_text(&shape), kind.name());
    if let Some(length) = length {
        if length < bytes {
            return Err(input(format!(
                "{name}: truncated: its header announces {what} ({bytes} bytes with the header) but the file has {length} bytes"
            )));
        }
        if length > bytes {
            return Err(input(format!(
                "{name}: has {} after the {what} its header announces",
                crate::io::network_file::plural((length - bytes) as usize, "byte")
            )));
        }
    }
    let values = IdxValues::new(reader, kind, scale, total, what, name.clone());
    let floats = matches!(kind, Kind::F32 | Kind::F64);
    Ok(Array { name, shape, fortran: false, floats, idx_magic: Some(magic), values: Box::new(values) })
}

/// The values of an IDX file, converted from big-endian as they stream.
struct IdxValues {
    reader: Box<dyn Read>,
    kind: Kind,
    /// The number each byte stands for, when values are bytes: unsigned bytes divided by the
    /// scale, or signed bytes.
    table: [f64; 256],
    /// The scale, for unsigned bytes (1 when they are not divided).
    divisor: Option<f64>,
    /// The raw bytes of the values being read.
    buffer: Vec<u8>,
    /// Values read so far.
    read: u64,
    total: u64,
    /// `60000×28×28 unsigned bytes`.
    what: String,
    name: String,
}

impl Values for IdxValues {
    fn read(&mut self, out: &mut [f64]) -> Result<(), Error> {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.resize(out.len() * self.kind.size(), 0);
        let read = self.read_raw(&mut buffer);
        let b = &buffer;
        match self.kind {
            Kind::U8 | Kind::I8 => out.iter_mut().zip(b).for_each(|(x, &v)| *x = self.table[v as usize]),
            Kind::I16 => convert(out, b, |c| f64::from(i16::from_be_bytes([c[0], c[1]]))),
            Kind::I32 => convert(out, b, |c| f64::from(i32::from_be_bytes([c[0], c[1], c[2], c[3]]))),
            Kind::F32 => convert(out, b, |c| f64::from(f32::from_be_bytes([c[0], c[1], c[2], c[3]]))),
            Kind::F64 => convert(out, b, |c| f64::from_be_bytes(c.try_into().expect("8 bytes"))),
        }
        self.buffer = buffer;
        read
    }

    fn bytes(&mut self) -> Option<&mut dyn ByteValues> {
        (self.kind.size() == 1).then_some(self as &mut dyn ByteValues)
    }

    fn finish(&mut self) -> Result<(), Error> {
        // A gzipped file's length is known only now (reading on also checks gzip's checksum).
        let mut more = [0u8; 1];
        if read_full(&mut self.reader, &mut more).map_err(|e| read_error(&self.name, &e))? > 0 {
            return Err(input(format!(
                "{}: has more data after the {} its header announces",
                self.name, self.what
            )));
        }
        Ok(())
    }
}

impl IdxValues {
    /// The `total` values of `kind` after the header; unsigned bytes divided by `scale` (none:
    /// not divided).
    fn new(
        reader: Box<dyn Read>,
        kind: Kind,
        scale: Option<f64>,
        total: u64,
        what: String,
        name: String,
    ) -> Self {
        let divisor = (kind == Kind::U8).then_some(scale.unwrap_or(1.0));
        let table = std::array::from_fn(|b| match divisor {
            Some(d) => b as f64 / d,
            None => f64::from(b as u8 as i8),
        });
        IdxValues { reader, kind, table, divisor, buffer: Vec::new(), read: 0, total, what, name }
    }

    /// Fills `bytes` with the next values' bytes, a whole number of values.
    fn read_raw(&mut self, bytes: &mut [u8]) -> Result<(), Error> {
        let got = read_full(&mut self.reader, bytes).map_err(|e| read_error(&self.name, &e))?;
        let size = self.kind.size();
        if got < bytes.len() {
            return Err(truncated(&self.name, &self.what, self.total, self.read + (got / size) as u64));
        }
        self.read += (bytes.len() / size) as u64;
        Ok(())
    }
}

impl ByteValues for IdxValues {
    fn table(&self) -> &[f64; 256] {
        &self.table
    }

    fn divisor(&self) -> Option<f64> {
        self.divisor
    }

    fn read_bytes(&mut self, out: &mut [u8]) -> Result<(), Error> {
        self.read_raw(out)
    }
}

/// `out[i]` ← `f` of the i-th value's bytes.
fn convert(out: &mut [f64], bytes: &[u8], f: impl Fn(&[u8]) -> f64) {
    let size = bytes.len() / out.len().max(1);
    for (x, c) in out.iter_mut().zip(bytes.chunks_exact(size.max(1))) {
        *x = f(c);
    }
}
