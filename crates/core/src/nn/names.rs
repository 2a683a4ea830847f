//! The names of the closed choices (loss, layout, activation, initial scheme), from their serde
//! derives.
//!
//! Each choice is an enum whose serde derive spells its names (snake_case); the network file, its
//! schema and messages, and the command line's parser all list and read them from here. So the
//! file, the command line and the schema share one list.
//! The same probe gives a struct's field names, for "expected one of …" after an unknown field.
//!
//! Names are forgiving where people type them (the network file, the command line): any case
//! (`ReLU`), and the [`ALIASES`] (`linear` for `identity`). The aliases are kept here rather than
//! as serde aliases, because serde lists an alias among the names (and sorts them), and the names
//! are the one list the schema, the messages and the command line show. The command line reads
//! a choice with [`parse`] too, so it takes exactly the same spellings.

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

/// Every variant of the unit enum `T`, in declaration order.
pub fn choices<T: DeserializeOwned>() -> Vec<T> {
    names::<T>().iter().filter_map(|name| parse(name)).collect()
}

/// The aliases of the choice named `name`, in table order.
pub fn aliases_of(name: &str) -> impl Iterator<Item = &'static str> {
    ALIASES.iter().filter(move |(_, n)| *n == name).map(|(alias, _)| *alias)
}

/// Other names taken for a choice, as (alias, name): `linear` is `identity`.
/// PyTorch's class names, lowercased (`MSELoss` is `mseloss`), are among them.
pub const ALIASES: &[(&str, &str)] = &[
    ("linear", "identity"),
    ("leakyrelu", "leaky_relu"),
    ("binary_cross_entropy", "bce"),
    ("bceloss", "bce"),
    ("bcewithlogitsloss", "bce"),
    ("mseloss", "mse"),
    ("categorical_cross_entropy", "cross_entropy"),
    ("crossentropyloss", "cross_entropy"),
];

/// `text` as a name: lowercase, without PyTorch's `nn.` (or `torch.nn.`) before it and `()`
/// after it, so that `nn.ReLU()` is `relu`.
pub fn normal(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let bare = lower.strip_prefix("torch.").unwrap_or(&lower);
    let bare = bare.strip_prefix("nn.").unwrap_or(bare);
    bare.strip_suffix("()").unwrap_or(bare).trim().to_string()
}

/// The variant of the unit enum `T` named `text`, in any case, or by one of its [`ALIASES`], with
/// or without PyTorch's `nn.` and `()`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let lower = normal(text);
    let name = ALIASES.iter().find(|(alias, _)| *alias == lower).map_or(lower.as_str(), |(_, name)| name);
    T::deserialize(de::value::StrDeserializer::<de::value::Error>::new(name)).ok()
}

/// The names and aliases `T` takes, for a suggestion.
pub fn spellings<T: DeserializeOwned>() -> Vec<&'static str> {
    let names = names::<T>();
    let aliases = ALIASES.iter().filter(|(_, name)| names.contains(name)).map(|(alias, _)| *alias);
    names.iter().copied().chain(aliases).collect()
}

/// The candidate nearest to `text`, if it is near enough to be a slip of the keyboard: the same
/// first letter, at most two edits (a transposition counts one) and at most a third of the
/// candidate, ignoring case. The first letter keeps other functions' names (`gelu`, `elu`) from
/// being taken for typos of `relu`.
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let text = text.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (c.to_lowercase(), c))
        .filter(|(lower, _)| lower.chars().next() == text.chars().next())
        .map(|(lower, c)| (strsim::damerau_levenshtein(&text, &lower), c))
        .filter(|&(d, c)| d <= 2 && 3 * d <= c.chars().count())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
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
    use serde::Serialize;

    /// Every variant: serde writes and reads the name `name` gives, and it is among [`choices`].
    fn agree<T>(name: fn(T) -> &'static str)
    where
        T: Serialize + DeserializeOwned + Copy + PartialEq + fmt::Debug,
    {
        let all = choices::<T>();
        assert_eq!(all.len(), names::<T>().len());
        for (&v, &n) in all.iter().zip(names::<T>()) {
            assert_eq!(name(v), n);
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(n));
            assert_eq!(serde_json::from_value::<T>(serde_json::json!(n)).unwrap(), v);
        }
    }

    /// Any case and the aliases.
    fn forgiving<T>(cases: &[(&str, T)])
    where
        T: DeserializeOwned + Copy + PartialEq + fmt::Debug,
    {
        for &(text, v) in cases {
            assert_eq!(parse::<T>(text), Some(v), "{text}");
        }
    }

    #[test]
    fn names_are_forgiving() {
        forgiving(&[
            ("ReLU", ActivationKind::Relu),
            ("Sigmoid", ActivationKind::Sigmoid),
            ("linear", ActivationKind::Identity),
            ("Linear", ActivationKind::Identity),
            ("LEAKY_RELU", ActivationKind::LeakyRelu),
            ("LeakyReLU", ActivationKind::LeakyRelu),
            ("Tanh", ActivationKind::Tanh),
            ("Softmax", ActivationKind::Softmax),
            ("Identity", ActivationKind::Identity),
        ]);
        forgiving(&[
            ("BCE", Loss::Bce),
            ("binary_cross_entropy", Loss::Bce),
            ("categorical_cross_entropy", Loss::CrossEntropy),
            ("MSELoss", Loss::Mse),
            ("BCELoss", Loss::Bce),
            ("BCEWithLogitsLoss", Loss::Bce),
            ("CrossEntropyLoss", Loss::CrossEntropy),
            ("MSE", Loss::Mse),
        ]);
        forgiving(&[("IN_OUT", Layout::InOut), ("Out_In", Layout::OutIn)]);
        forgiving(&[("He_Uniform", Scheme::HeUniform), ("PyTorch", Scheme::Pytorch)]);
        assert_eq!(parse::<Loss>("linear"), None);
        assert_eq!(parse::<ActivationKind>("sigmod"), None);
    }

    #[test]
    fn slips_of_the_keyboard_get_the_nearest_name() {
        let activations = spellings::<ActivationKind>();
        assert!(activations.contains(&"linear"));
        assert_eq!(closest("sigmod", activations.iter().copied()), Some("sigmoid"));
        assert_eq!(closest("Sigmiod", activations.iter().copied()), Some("sigmoid"));
        assert_eq!(closest("lineer", activations.iter().copied()), Some("linear"));
        assert_eq!(closest("foo", activations.iter().copied()), None);
        assert_eq!(closest("swish", activations.iter().copied()), None);
        assert_eq!(closest("gelu", activations.iter().copied()), None);
        assert_eq!(closest("elu", activations.iter().copied()), None);
        assert_eq!(closest("tahn", activations.iter().copied()), Some("tanh"));
        assert_eq!(closest("binary_crossentropy", spellings::<Loss>()), Some("binary_cross_entropy"));
        assert_eq!(closest("x", ["input", "target"]), None);
    }

    #[test]
    fn serde_and_the_table_spell_every_choice_alike() {
        agree(Loss::name);
        agree(Layout::name);
        agree(Scheme::name);
        agree(ActivationKind::name);
        assert_eq!(names::<Layout>(), ["out_in", "in_out"]);
        assert_eq!(names::<f64>(), [] as [&str; 0]);
        assert_eq!(aliases_of("identity").collect::<Vec<_>>(), ["linear"]);
        assert_eq!(aliases_of("relu").count(), 0);
    }

    #[test]
    fn pytorch_spellings_are_read_with_or_without_nn_and_parentheses() {
        for text in ["ReLU", "nn.ReLU", "nn.ReLU()", "ReLU()", "torch.nn.ReLU()", " relu "] {
            assert_eq!(parse::<ActivationKind>(text), Some(ActivationKind::Relu), "{text}");
        }
        for (text, loss) in [
            ("nn.MSELoss()", Loss::Mse),
            ("nn.BCELoss", Loss::Bce),
            ("CrossEntropyLoss()", Loss::CrossEntropy),
        ] {
            assert_eq!(parse::<Loss>(text), Some(loss), "{text}");
        }
        assert_eq!(parse::<ActivationKind>("nn.GELU()"), None);
    }
}
