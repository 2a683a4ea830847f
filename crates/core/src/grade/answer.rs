//! One answer's value as written: read in the shape of its quantity (a matrix also in the other
//! orientation, a vector also as a column), with the digits of each number kept for grading.

use super::digits::Written;
use super::sheet::Given;
use crate::nn::network::Layout;
use crate::notation::escape::cut;
use crate::notation::plural;
use crate::step::{Quantity, Step, Value};
use serde_json::Value as Json;
use serde_json::value::RawValue;

/// The value `raw` given for `q`, read in the shape of the step's value (or, for a matrix, in
/// the other orientation); a blank when it is absent or null.
pub(super) fn value(
    step: &Step,
    q: Quantity,
    field: String,
    raw: Option<&RawValue>,
    source: &str,
) -> Result<Given, String> {
    let expected = step.value(q);
    let Some(raw) = raw.filter(|v| v.get() != "null") else {
        return Ok(Given {
            field,
            quantity: q,
            value: expected,
            written: Vec::new(),
            transposed: false,
            columns: false,
            blank: true,
        });
    };
    let v: Json =
        serde_json::from_str(raw.get()).map_err(|e| format!("{source}: {field}: {}", cut(&e.to_string())))?;
    let (value, transposed) = shaped(&column_read(&v, &expected), &expected, &field, source)?;
    let written: Vec<Written> = numbers(raw.get()).into_iter().filter_map(Written::parse).collect();
    if written.len() != value.numbers().len() {
        return Err(format!("{source}: {field}: expected plain JSON numbers"));
    }
    // Units × samples, as the column-vector math writes Z = W·X: the notes' convention in
    // out_in, not a slip.
    let columns = transposed && step.batch() && per_sample(q) && step.network.layout == Layout::OutIn;
    Ok(Given { field, quantity: q, value, written, transposed, columns, blank: false })
}

/// True for a quantity with one row per sample.
pub fn per_sample(q: Quantity) -> bool {
    use Quantity::*;
    matches!(q, Z(_) | A(_) | PhiPrime(_) | GradOutput | GradA(_) | Delta(_))
}

/// One sample's vector written as a column, `[[0.7], [1.0]]`, read as the vector it is.
fn column_read(v: &Json, expected: &Value) -> Json {
    let Value::Vector(e) = expected else { return v.clone() };
    match v.as_array() {
        Some(rows)
            if rows.len() == e.len() && rows.iter().all(|r| r.as_array().is_some_and(|r| r.len() == 1)) =>
        {
            Json::Array(rows.iter().map(|r| r[0].clone()).collect())
        }
        _ => v.clone(),
    }
}

/// The texts of the numbers in a JSON value's text, in order (strings skipped).
fn numbers(text: &str) -> Vec<&str> {
    let (b, mut out, mut i) = (text.as_bytes(), Vec::new(), 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                out.push(&text[start..i]);
            }
            _ => i += 1,
        }
    }
    out
}

fn number(v: &Json, field: &str, source: &str) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| format!("{source}: {field}: expected a number, found {}", kind(v)))
}

/// `v` read in the shape of `expected`, and whether a matrix came in the other orientation.
fn shaped(v: &Json, expected: &Value, field: &str, source: &str) -> Result<(Value, bool), String> {
    let shape = |found: String| {
        let (r, c) = expected.shape();
        let want = match expected {
            Value::Scalar(_) => "a number".to_string(),
            Value::Vector(_) => format!("an array of {}", plural(c, "number")),
            Value::Matrix(_) => format!("{} of {}", plural(r, "row"), plural(c, "number")),
        };
        format!("{source}: {field}: expected {want}, found {found}")
    };
    match expected {
        Value::Scalar(_) => Ok((Value::Scalar(number(v, field, source)?), false)),
        Value::Vector(e) => {
            let a = v.as_array().ok_or_else(|| shape(kind(v).to_string()))?;
            if a.len() != e.len() {
                return Err(shape(plural(a.len(), "number")));
            }
            let xs = a.iter().enumerate().map(|(i, x)| number(x, &format!("{field}[{i}]"), source));
            Ok((Value::Vector(xs.collect::<Result<_, _>>()?), false))
        }
        Value::Matrix(_) => {
            let (r, c) = expected.shape();
            let rows = v.as_array().ok_or_else(|| shape(kind(v).to_string()))?;
            let lengths: Vec<Option<usize>> = rows.iter().map(|row| row.as_array().map(Vec::len)).collect();
            // The other orientation, c rows of r numbers, is read too: a transposed matrix is a
            // mistake to name, not a file to refuse.
            let transposed = r != c && rows.len() == c && lengths.iter().all(|n| *n == Some(r));
            let want = if transposed { r } else { c };
            if !transposed && rows.len() != r {
                return Err(shape(plural(rows.len(), "row")));
            }
            let mut out = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let row = row.as_array().ok_or_else(|| shape(format!("{field}[{i}] {}", kind(row))))?;
                if row.len() != want {
                    return Err(shape(format!("{} in {field}[{i}]", plural(row.len(), "number"))));
                }
                let xs =
                    row.iter().enumerate().map(|(j, x)| number(x, &format!("{field}[{i}][{j}]"), source));
                out.push(xs.collect::<Result<Vec<_>, _>>()?);
            }
            Ok((Value::Matrix(out), transposed))
        }
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn numbers_are_taken_as_written_and_strings_skipped() {
        assert_eq!(numbers("[[0.6680, -1e-4], [3, 2.50E+2]]"), vec!["0.6680", "-1e-4", "3", "2.50E+2"]);
        assert_eq!(numbers(r#"["1.5\"2", 7]"#), vec!["7"]);
        assert_eq!(numbers("0.00009"), vec!["0.00009"]);
    }
}
