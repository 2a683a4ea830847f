//! JSON text: pretty for people (rows of numbers on one line), compact for NDJSON.

use serde::Serialize;
use std::io::{self, Write};

/// `value` as JSON, indented, with every array of plain values on one line so
/// that a matrix reads as rows. Ends with a newline. Written by [`stream`](super::stream), so it
/// is byte for byte what streaming to a file gives.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    super::stream::write(value, &mut out).expect("nettrace's JSON types always serialize");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// `value` as one line of JSON, ending with a newline (for NDJSON).
pub fn line<T: Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    // Keep the kind of an I/O error (a closed pipe, say) so that callers can recognise it.
    serde_json::to_writer(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matrices_print_as_rows() {
        let v = json!({"name": "x", "weights": [[0.1, 0.2], [0.3, 0.4]], "bias": [0.0], "steps": []});
        assert_eq!(
            pretty(&v),
            "{\n  \"name\": \"x\",\n  \"weights\": [\n    [0.1, 0.2],\n    [0.3, 0.4]\n  ],\n  \"bias\": [0.0],\n  \"steps\": []\n}\n"
        );
    }

    #[test]
    fn numbers_read_back_to_the_same_bits() {
        let xs = [0.1 + 0.2, 1e-300, 123_456_789.123_456_78, -2.0f64.sqrt(), 5e-324];
        let text = pretty(&xs.to_vec());
        let back: Vec<f64> = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
