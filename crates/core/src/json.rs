//! JSON written straight to the output as it is serialized, in the layout of [`pretty`]
//! (indented, every array of plain values on one line), without building a `serde_json::Value`
//! tree or a string of the whole document first.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Writes `value` as indented JSON with rows of numbers on one line, ending with a newline.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Rows::default());
    value.serialize(&mut ser).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    out.write_all(b"\n")
}

/// `value` as JSON, indented, with every array of plain values on one line so that a matrix
/// reads as rows. Ends with a newline. Byte for byte what [`write`] streams to a file.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    write(value, &mut out).expect("nettrace's JSON types always serialize");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// One open array or object.
struct Frame {
    /// Elements written so far.
    count: usize,
    /// An array whose elements are plain values, written on one line.
    inline: bool,
}

/// The formatter: it learns whether an array is a row of plain values from its first element.
#[derive(Default)]
struct Rows {
    stack: Vec<Frame>,
    /// An array element has begun but not yet shown whether it is a container.
    pending: bool,
}

impl Rows {
    fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Writes the separator before an array element, now that its kind is known.
    fn element<W: ?Sized + Write>(&mut self, w: &mut W, container: bool) -> io::Result<()> {
        if !std::mem::take(&mut self.pending) {
            return Ok(());
        }
        let depth = self.stack.len();
        let frame = self.stack.last_mut().expect("an element is inside an array");
        if frame.count == 0 {
            frame.inline = !container;
        }
        let first = frame.count == 0;
        frame.count += 1;
        if frame.inline {
            if !first {
                w.write_all(b", ")?;
            }
            Ok(())
        } else {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            Self::indent(w, depth)
        }
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let frame = self.stack.pop().expect("every close has an open");
        if frame.count > 0 && !frame.inline {
            w.write_all(b"\n")?;
            Self::indent(w, self.stack.len())?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Rows {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.element(w, true)?;
        self.stack.push(Frame { count: 0, inline: true });
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, _w: &mut W, _first: bool) -> io::Result<()> {
        self.pending = true;
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.element(w, true)?;
        self.stack.push(Frame { count: 0, inline: false });
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        let depth = self.stack.len();
        if let Some(frame) = self.stack.last_mut() {
            frame.count += 1;
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        Self::indent(w, depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.element(w, false)?;
        w.write_all(b"null")
    }

    fn write_bool<W: ?Sized + Write>(&mut self, w: &mut W, value: bool) -> io::Result<()> {
        self.element(w, false)?;
        w.write_all(if value { b"true" } else { b"false" })
    }

    fn write_i64<W: ?Sized + Write>(&mut self, w: &mut W, value: i64) -> io::Result<()> {
        self.element(w, false)?;
        serde_json::ser::CompactFormatter.write_i64(w, value)
    }

    fn write_u64<W: ?Sized + Write>(&mut self, w: &mut W, value: u64) -> io::Result<()> {
        self.element(w, false)?;
        serde_json::ser::CompactFormatter.write_u64(w, value)
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        self.element(w, false)?;
        serde_json::ser::CompactFormatter.write_f64(w, value)
    }

    fn write_number_str<W: ?Sized + Write>(&mut self, w: &mut W, value: &str) -> io::Result<()> {
        self.element(w, false)?;
        w.write_all(value.as_bytes())
    }

    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.element(w, false)?;
        w.write_all(b"\"")
    }
}
