//! The names of the closed choices (loss, layout, activation, initial scheme), from their serde
//! derives.
//!
//! Each choice is an enum whose serde derive spells its names (snake_case); clap's `ValueEnum`
//! derive spells them the same way (the tests check it), and the network file's schema and
//! messages list them from here. So the file, the command line and the schema share one list.
//! The same probe gives a struct's field names, for "expected one of …" after an unknown field.

use serde::de::DeserializeOwned;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// The names `T`'s `Deserialize` derive reads, in declaration order: an enum's variants, or a
/// struct's fields.
///
/// The derive hands its list of names to the deserializer; this deserializer keeps the list and
/// stops.
pub fn names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut probe = Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

/// The name of the variant at `index` (its declaration order) of the unit enum `T`.
pub fn name<T: DeserializeOwned>(index: usize) -> &'static str {
    names::<T>()[index]
}

/// A deserializer that only records the names a derive passes it.
struct Probe(&'static [&'static str]);

/// Ends the probe.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not an enum")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for &mut Probe {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0 = variants;
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::ActivationKind;
    use crate::nn::init::Scheme;
    use crate::nn::loss::Loss;
    use crate::nn::network::Layout;
    use clap::ValueEnum;
    use serde::Serialize;

    /// Every variant: serde writes and reads the name `name` gives, and clap takes the same name.
    fn agree<T>(name: fn(T) -> &'static str)
    where
        T: ValueEnum + Serialize + DeserializeOwned + Copy + PartialEq + fmt::Debug,
    {
        assert_eq!(names::<T>().len(), T::value_variants().len());
        for &v in T::value_variants() {
            let n = name(v);
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(n));
            assert_eq!(serde_json::from_value::<T>(serde_json::json!(n)).unwrap(), v);
            assert_eq!(v.to_possible_value().unwrap().get_name(), n);
        }
    }

    #[test]
    fn serde_and_clap_spell_every_choice_alike() {
        agree(Loss::name);
        agree(Layout::name);
        agree(Scheme::name);
        agree(ActivationKind::name);
        assert_eq!(names::<Layout>(), ["out_in", "in_out"]);
        assert_eq!(names::<f64>(), [] as [&str; 0]);
    }
}
