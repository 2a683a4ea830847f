//! Any JSON document (an answer sheet, a file to import) read into a value tree, its values
//! counted against the size limit as they arrive: a document too large is refused having built
//! only the limit's worth of its tree.

use crate::error::{Error, input};
use crate::io::network_file::{Limits, parse_json};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` (named `source` in messages) into a value of at most `limits.max_values`
/// values (numbers, strings, booleans, nulls, arrays and objects, empty or not, and the keys of
/// objects: each takes memory, so `[],` repeated counts as numbers do); syntax errors read as
/// [`parse_json`]'s.
pub fn parse(text: &str, source: &str, limits: Limits) -> Result<Value, Error> {
    let mut left = limits.max_values;
    let mut de = serde_json::Deserializer::from_str(text);
    match (Counted { left: &mut left }).deserialize(&mut de).and_then(|v| de.end().map(|()| v)) {
        Ok(v) => Ok(v),
        Err(_) if left == usize::MAX => Err(input(format!(
            "{source}: holds more than {} values, over the limit (raise it with --max-values)",
            limits.max_values
        ))),
        // Any other failure is a syntax error, reported as the plain reader reports it.
        Err(_) => parse_json(text, source),
    }
}

/// A value, counted; `left` becomes `usize::MAX` when the limit is passed.
struct Counted<'a> {
    left: &'a mut usize,
}

impl Counted<'_> {
    fn take<E: de::Error>(&mut self) -> Result<(), E> {
        match self.left.checked_sub(1) {
            Some(l) if *self.left != usize::MAX => {
                *self.left = l;
                Ok(())
            }
            _ => {
                *self.left = usize::MAX;
                Err(E::custom("over the limit"))
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Counted<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counted<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(mut self, b: bool) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(mut self, n: i64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(mut self, n: u64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(mut self, x: f64) -> Result<Value, E> {
        self.take()?;
        Ok(Number::from_f64(x).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(mut self, s: &str) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(s.to_string()))
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Counted { left: &mut *self.left })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut entries = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.take()?;
            let value = map.next_value_seed(Counted { left: &mut *self.left })?;
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_value_and_refuses_past_the_limit() {
        let limits = |n| Limits { max_values: n };
        let text = r#"{"steps": [{"layer": 1, "name": "z", "value": [1.5, 2]}], "loss": null}"#;
        // 2 objects, 2 arrays, 5 keys, 1, "z", 1.5, 2 and null: 14.
        assert_eq!(parse(text, "s.json", limits(14)).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        let err = parse(text, "s.json", limits(13)).unwrap_err().to_string();
        assert_eq!(err, "s.json: holds more than 13 values, over the limit (raise it with --max-values)");
        let err = parse("{\"a\": [1,", "s.json", limits(4)).unwrap_err().to_string();
        assert!(err.starts_with("s.json: invalid JSON at line 1"), "{err}");
    }

    #[test]
    fn empty_arrays_and_objects_count_too() {
        let text = format!("[{}[]]", "[], {}, ".repeat(50));
        let err = parse(&text, "s.json", Limits { max_values: 100 }).unwrap_err().to_string();
        assert_eq!(err, "s.json: holds more than 100 values, over the limit (raise it with --max-values)");
        assert!(parse(&text, "s.json", Limits { max_values: 102 }).is_ok());
    }
}
