//! JSON text: pretty for people (rows of numbers on one line), compact for NDJSON.

use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// `value` as JSON, indented, with every array of plain values on one line so
/// that a matrix reads as rows. Ends with a newline. Written by [`stream`](super::stream), so it
/// is byte for byte what streaming to a file gives.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    super::stream::write(value, &mut out).expect("nettrace's JSON types always serialize");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The same text as [`pretty`], built from a `serde_json::Value` tree: simpler, slower and twice
/// the memory. The reference the streaming writer is tested against.
pub fn pretty_tree<T: Serialize>(value: &T) -> String {
    let value = serde_json::to_value(value).expect("nettrace's JSON types always serialize");
    let mut out = String::new();
    write_value(&value, 0, &mut out);
    out.push('\n');
    out
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

fn scalar(v: &Value) -> String {
    serde_json::to_string(v).expect("a JSON scalar always serializes")
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_))
}

fn write_value(v: &Value, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth + 1);
    let end = "  ".repeat(depth);
    match v {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) if !items.iter().any(is_container) => {
            let parts: Vec<String> = items.iter().map(scalar).collect();
            out.push('[');
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad);
                write_value(item, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&end);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (k, item)) in map.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push_str(": ");
                write_value(item, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&end);
            out.push('}');
        }
        _ => out.push_str(&scalar(v)),
    }
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
