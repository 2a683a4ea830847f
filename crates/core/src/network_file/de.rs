//! Reading the file's values with serde, one kind of value at a time.
//!
//! Each field of the format is read by a [`Kind`]: what it accepts, and for anything else
//! "is <what was found>; expected <what it takes>". Vectors and matrices are in `count.rs`.

use super::count::{Rows, Tally, Vector};
use super::format::{LayerFormat, Matrix};
use super::text::{self, Num, quoted};
use crate::nn::names::{self, closest, names, spellings};
use crate::notation::escape::quote;
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// What one field accepts. Every method it does not override refuses what it was given.
pub(super) trait Kind<'de>: Sized {
    type Value;
    /// What the field takes, after "expected ".
    const EXPECTED: &'static str;

    /// The refusal of a value described as `found`.
    fn refuse<E: de::Error>(&self, found: &str) -> E {
        E::custom(format_args!("is {found}; expected {}", Self::EXPECTED))
    }
    fn number<E: de::Error>(self, n: Num) -> Result<Self::Value, E> {
        Err(self.refuse(&text::number(n)))
    }
    fn string<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Err(self.refuse(&text::string(s)))
    }
    fn boolean<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Err(self.refuse(&b.to_string()))
    }
    fn null<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(self.refuse("null"))
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let empty = seq.next_element::<IgnoredAny>()?.is_none();
        Err(self.refuse(text::array(empty)))
    }
    fn map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.refuse("an object"))
    }
}

/// The serde visitor of a [`Kind`]: any JSON value goes to the kind's method for it.
struct Expect<K>(K);

impl<'de, K: Kind<'de>> Visitor<'de> for Expect<K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(K::EXPECTED)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<K::Value, E> {
        self.0.boolean(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<K::Value, E> {
        self.0.number(Num::I(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<K::Value, E> {
        self.0.number(Num::U(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<K::Value, E> {
        self.0.number(Num::F(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<K::Value, E> {
        self.0.string(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<K::Value, E> {
        self.0.null()
    }
    fn visit_none<E: de::Error>(self) -> Result<K::Value, E> {
        self.0.null()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<K::Value, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<K::Value, A::Error> {
        self.0.map(map)
    }
}

pub(super) fn read<'de, D: Deserializer<'de>, K: Kind<'de>>(d: D, kind: K) -> Result<K::Value, D::Error> {
    d.deserialize_any(Expect(kind))
}

// The fields' readers, for `#[serde(deserialize_with)]`. An optional field is present or absent:
// null is refused like any other value of the wrong kind.

pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    read(d, Text).map(Some)
}
pub(super) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    read(d, Number).map(Some)
}
pub(super) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    read(d, Count).map(Some)
}
pub(super) fn shape<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[u64; 2]>, D::Error> {
    read(d, Shape).map(Some)
}
pub(super) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    read(d, Flag).map(Some)
}
pub(super) fn choice<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    read(d, Choice(PhantomData)).map(Some)
}
pub(super) fn parameters<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
    read(d, Vector(Tally::Parameters)).map(Some)
}
pub(super) fn parameter_matrix<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Matrix>, D::Error> {
    read(d, Rows(Tally::Parameters)).map(Some)
}
pub(super) fn sample<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
    read(d, Vector(Tally::Samples)).map(Some)
}
pub(super) fn sample_matrix<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Matrix>, D::Error> {
    read(d, Rows(Tally::Samples)).map(Some)
}
pub(super) fn layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LayerFormat>, D::Error> {
    read(d, Layers)
}
/// Reads and drops any value (`$schema`, which only editors use).
pub(super) fn ignore<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    IgnoredAny::deserialize(d).map(|_| None)
}

struct Text;
impl<'de> Kind<'de> for Text {
    type Value = String;
    const EXPECTED: &'static str = "a string";
    fn string<E: de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_string())
    }
}

pub(super) struct Number;
impl<'de> Kind<'de> for Number {
    type Value = f64;
    const EXPECTED: &'static str = "a number";
    fn number<E: de::Error>(self, n: Num) -> Result<f64, E> {
        Ok(n.value())
    }
}

struct Count;
impl<'de> Kind<'de> for Count {
    type Value = u64;
    const EXPECTED: &'static str = "a whole number ≥ 0";
    fn number<E: de::Error>(self, n: Num) -> Result<u64, E> {
        match n {
            Num::U(u) => Ok(u),
            _ => Err(self.refuse(&text::number(n))),
        }
    }
}

struct Flag;
impl<'de> Kind<'de> for Flag {
    type Value = bool;
    const EXPECTED: &'static str = "true or false";
    fn boolean<E: de::Error>(self, b: bool) -> Result<bool, E> {
        Ok(b)
    }
}

/// One of the names of the enum `T`, in any case or by an alias (`ReLU`, `linear`); anything
/// else gets the nearest name, if one is near, and the list.
struct Choice<T>(PhantomData<T>);
impl<'de, T: DeserializeOwned> Kind<'de> for Choice<T> {
    type Value = T;
    const EXPECTED: &'static str = "a string";
    fn string<E: de::Error>(self, s: &str) -> Result<T, E> {
        names::parse(s).ok_or_else(|| {
            let guess = closest(s, spellings::<T>());
            E::custom(format_args!("is {}; {}", quote(s), text::did_you_mean(guess, &quoted(names::<T>()))))
        })
    }
}

/// The layers: at least one, each an object.
struct Layers;
impl<'de> Kind<'de> for Layers {
    type Value = Vec<LayerFormat>;
    const EXPECTED: &'static str = "an array of layers";
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<LayerFormat>, A::Error> {
        let mut layers = Vec::new();
        while let Some(layer) = seq.next_element::<Layer>()? {
            layers.push(layer.0);
        }
        if layers.is_empty() {
            return Err(de::Error::custom("is empty; expected at least one layer"));
        }
        Ok(layers)
    }
}

/// One layer: an object (its path, paired with the layer's number, names it in messages).
struct Layer(LayerFormat);

impl<'de> Deserialize<'de> for Layer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, LayerKind).map(Layer)
    }
}

struct LayerKind;
impl<'de> Kind<'de> for LayerKind {
    type Value = LayerFormat;
    const EXPECTED: &'static str = "an object";
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<LayerFormat, A::Error> {
        LayerFormat::deserialize(MapAccessDeserializer::new(map))
    }
}

/// What a whole JSON value is ("an array", "the number 3"), read to its end so that any syntax
/// error in it surfaces; the check of a text whose values did not fit.
pub(super) struct Described(pub(super) String);

impl<'de> Deserialize<'de> for Described {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Describe).map(Described)
    }
}

struct Describe;

impl<'de> Visitor<'de> for Describe {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(text::number(Num::I(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(text::number(Num::U(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(text::number(Num::F(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(text::string(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut empty = true;
        while seq.next_element::<Skip>()?.is_some() {
            empty = false;
        }
        Ok(text::array(empty).to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok("an object".to_string())
    }
}

/// Any JSON value, read in full (numbers parsed, so one out of f64's range is an error, as it is
/// for the reader) and dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// An image's shape: `[rows, columns]`, two whole numbers ≥ 1.
struct Shape;
impl<'de> Kind<'de> for Shape {
    type Value = [u64; 2];
    const EXPECTED: &'static str = "[rows, columns], two whole numbers ≥ 1";
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[u64; 2], A::Error> {
        let mut found = Vec::new();
        while let Some(v) = seq.next_element::<serde_json::Value>()? {
            found.push(v);
        }
        match found.as_slice() {
            [r, c] if r.as_u64().is_some_and(|r| r >= 1) && c.as_u64().is_some_and(|c| c >= 1) => {
                Ok([r.as_u64().unwrap_or(1), c.as_u64().unwrap_or(1)])
            }
            [r, c] => Err(self.refuse(&format!("[{r}, {c}]"))),
            _ => Err(self.refuse(&format!("an array of {}", crate::notation::plural(found.len(), "value")))),
        }
    }
}
