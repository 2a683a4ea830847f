//! NumPy's `.npy` arrays, read by the `npyz` crate (any byte order, C or Fortran order, float32,
//! float64 and integer dtypes), and `.npz` archives of them (as `np.savez` and
//! `np.savez_compressed` write them), opened with the `zip` crate.
//!
//! Before `npyz` sees a header, its length and its shape are checked here (the shape with
//! `py_literal`, the parser `npyz` itself uses): a hostile header could otherwise ask for gigabytes
//! of header text, or a shape whose size does not fit in 64 bits.

use super::source::{Opened, read_error, read_full};
use super::{Array, Values, shape_text};
use crate::error::{Error, input};
use npyz::{DType, Deserialize, NpyFile, NpyReader, Order, TypeChar};
use std::io::{BufReader, Cursor, Read, Seek};

/// The longest header read (NumPy itself refuses headers over 10,000 bytes by default).
const MAX_HEADER: usize = 1 << 20;

/// Reads the header of a `.npy` array from `reader`; `name` names it in messages.
pub fn array<'a>(mut reader: Box<dyn Read + 'a>, name: String) -> Result<Array<'a>, Error> {
    let mut start = [0u8; 12];
    let got = read_full(&mut reader, &mut start[..10]).map_err(|e| read_error(&name, &e))?;
    if got < 10 || !start.starts_with(b"\x93NUMPY") {
        return Err(input(format!(
            "{name}: not a NumPy .npy file: it does not start with \\x93NUMPY (a file written by numpy.save does)"
        )));
    }
    let (major, minor) = (start[6], start[7]);
    let (prefix, length) = match major {
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
    if length > MAX_HEADER {
        return Err(input(format!(
            "{name}: its header is {length} bytes long, over the limit of {MAX_HEADER}"
        )));
    }
    let mut header = start[..prefix].to_vec();
    header.resize(prefix + length, 0);
    if read_full(&mut reader, &mut header[prefix..]).map_err(|e| read_error(&name, &e))? < length {
        return Err(truncated_header(&name));
    }
    check_shape(&header[prefix..], &name)?;
    let reader = BufReader::with_capacity(1 << 16, Cursor::new(header).chain(reader));
    let npy = NpyFile::new(reader).map_err(|e| input(format!("{name}: not a valid .npy header: {e}")))?;
    let shape: Vec<usize> = npy.shape().iter().map(|&d| d as usize).collect();
    let fortran = npy.order() == Order::Fortran;
    let floats = matches!(npy.dtype(), DType::Plain(t) if t.type_char() == TypeChar::Float);
    let total = npy.len();
    let what = format!("{} {}", shape_text(&shape), describe(&npy.dtype()));
    let values: Box<dyn Values + 'a> = match npy.dtype() {
        DType::Plain(t) => match (t.type_char(), t.size_field()) {
            (TypeChar::Float, 4) => stream::<f32, _>(npy, name.clone(), what, total)?,
            (TypeChar::Float, 8) => stream::<f64, _>(npy, name.clone(), what, total)?,
            (TypeChar::Int, 1) => stream::<i8, _>(npy, name.clone(), what, total)?,
            (TypeChar::Int, 2) => stream::<i16, _>(npy, name.clone(), what, total)?,
            (TypeChar::Int, 4) => stream::<i32, _>(npy, name.clone(), what, total)?,
            (TypeChar::Int, 8) => stream::<i64, _>(npy, name.clone(), what, total)?,
            (TypeChar::Uint, 1) => stream::<u8, _>(npy, name.clone(), what, total)?,
            (TypeChar::Uint, 2) => stream::<u16, _>(npy, name.clone(), what, total)?,
            (TypeChar::Uint, 4) => stream::<u32, _>(npy, name.clone(), what, total)?,
            (TypeChar::Uint, 8) => stream::<u64, _>(npy, name.clone(), what, total)?,
            _ => return Err(unsupported(&name, &npy.dtype())),
        },
        other => return Err(unsupported(&name, &other)),
    };
    Ok(Array { name, shape, fortran, floats, values })
}

fn truncated_header(name: &str) -> Error {
    input(format!("{name}: truncated: it ends within its header"))
}

fn unsupported(name: &str, dtype: &DType) -> Error {
    input(format!(
        "{name}: its dtype {} is not supported; expected float32, float64 or an integer type (int8 to uint64)",
        describe(dtype)
    ))
}

/// `'<f4' (float32)`.
fn describe(dtype: &DType) -> String {
    let DType::Plain(t) = dtype else {
        return format!("{} (a structured dtype)", dtype.descr().trim());
    };
    let size = t.size_field();
    let kind = match t.type_char() {
        TypeChar::Float => format!("float{}", size * 8),
        TypeChar::Int => format!("int{}", size * 8),
        TypeChar::Uint => format!("uint{}", size * 8),
        TypeChar::Bool => "bool".to_string(),
        TypeChar::Complex => format!("complex{}", size * 8),
        TypeChar::ByteStr | TypeChar::UnicodeStr => "a string".to_string(),
        TypeChar::Object => "Python objects".to_string(),
        _ => "not numbers".to_string(),
    };
    format!("'{t}' ({kind})")
}

/// Refuses a shape whose number of values does not fit in 64 bits (`npyz` would overflow).
fn check_shape(text: &[u8], name: &str) -> Result<(), Error> {
    use py_literal::Value;
    // Text that does not parse is left to npyz, which says what is wrong with it.
    let Some(Value::Dict(entries)) = std::str::from_utf8(text).ok().and_then(|t| t.trim_end().parse().ok())
    else {
        return Ok(());
    };
    let shape = entries.iter().find(|(k, _)| matches!(k, Value::String(s) if s == "shape"));
    let Some((_, Value::Tuple(dims) | Value::List(dims))) = shape else {
        return Ok(());
    };
    // Zero-length dimensions count as 1: npyz multiplies the others together too (for strides).
    // A negative or non-integer dimension is left to npyz, which refuses it by name.
    let size = dims.iter().try_fold(1u64, |p, d| match d {
        Value::Integer(i) if !i.to_string().starts_with('-') => {
            u64::try_from(i).ok().and_then(|d| p.checked_mul(d.max(1)))
        }
        _ => Some(p),
    });
    if size.is_none() {
        let text: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
        return Err(input(format!("{name}: its shape ({}) holds too many values", text.join(", "))));
    }
    Ok(())
}

/// A Rust number a dtype is read as.
trait Number: Deserialize {
    fn to_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty)*) => {$(
        impl Number for $t {
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
number!(f32 f64 i8 i16 i32 i64 u8 u16 u32 u64);

fn stream<'a, T: Number + 'a, R: Read + 'a>(
    npy: NpyFile<R>,
    name: String,
    what: String,
    total: u64,
) -> Result<Box<dyn Values + 'a>, Error> {
    let reader = npy.data::<T>().map_err(|e| input(format!("{name}: {e}")))?;
    Ok(Box::new(NpyValues { reader, name, what, total, read: 0 }))
}

/// The values of a `.npy` array, in the order it stores them.
struct NpyValues<T: Deserialize, R: Read> {
    reader: NpyReader<T, R>,
    name: String,
    /// `1797×64 '<f4' (float32)`.
    what: String,
    total: u64,
    read: u64,
}

impl<T: Number, R: Read> Values for NpyValues<T, R> {
    fn read(&mut self, out: &mut [f64]) -> Result<(), Error> {
        for x in out.iter_mut() {
            match self.reader.next() {
                Some(Ok(v)) => *x = v.to_f64(),
                Some(Err(e)) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
                    return Err(read_error(&self.name, &e));
                }
                _ => {
                    return Err(input(format!(
                        "{}: truncated: its header announces {} ({} values) but the data ends after {} of them",
                        self.name, self.what, self.total, self.read
                    )));
                }
            }
            self.read += 1;
        }
        Ok(())
    }
}

/// An `.npz` archive: a zip file of `.npy` arrays, each named NAME.npy.
pub struct Archive {
    zip: zip::ZipArchive<Box<dyn ReadSeek>>,
    name: String,
}

/// A reader that can also seek: zip reads its directory at the end first.
pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

impl Archive {
    /// Opens an archive: a plain file is read where it lies, anything else read into memory first.
    pub fn open(opened: Opened) -> Result<Archive, Error> {
        let name = opened.name.clone();
        let reader: Box<dyn ReadSeek> = if opened.length.is_some() {
            let file = std::fs::File::open(&name).map_err(|e| read_error(&name, &e))?;
            Box::new(BufReader::new(file))
        } else {
            Box::new(Cursor::new(opened.bytes()?))
        };
        let zip = zip::ZipArchive::new(reader).map_err(|e| {
            input(format!("{name}: not a valid .npz archive (a zip file of .npy arrays): {e}"))
        })?;
        Ok(Archive { zip, name })
    }

    /// The array called `array` (the member `array.npy`); `option` is the option that chooses it.
    pub fn array(&mut self, array: &str, option: &str) -> Result<Array<'_>, Error> {
        let names: Vec<String> = self
            .zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.strip_suffix(".npy").unwrap_or(&n).to_string()))
            .collect();
        let name = format!("{} (array \"{array}\")", self.name);
        match self.zip.by_name(&format!("{array}.npy")) {
            Ok(member) => self::array(Box::new(member), name),
            Err(zip::result::ZipError::FileNotFound) => Err(input(format!(
                "{}: has no array named \"{array}\" (it holds {}); choose one with {option} NAME",
                self.name,
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            ))),
            Err(e) => Err(input(format!("{name}: cannot read: {e}"))),
        }
    }
}
