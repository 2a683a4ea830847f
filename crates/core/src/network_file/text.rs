//! The wording of the network file's messages, in one place: counts, lists of names, what a JSON
//! value was found to be, and serde's errors turned into `file: path is …; expected …`. Every
//! path is paired with its math name (`layers[0].weights[0][1] (W[1] row 1, column 2)`, see
//! [`crate::notation::index`]); a name or field that is not known gets the nearest known one.

use super::format::{LayerFormat, NetworkFileFormat};
use crate::error::{Error, input};
use crate::nn::names::{closest, names};
use crate::notation::escape::{SHOWN, quote, terminal};
use crate::notation::index::paired;
use serde_path_to_error::{Path, Segment};
use std::fmt;

pub use crate::notation::plural;

/// `"a", "b" or "c"`.
pub fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    let q: Vec<String> = names.iter().map(|n| quote(n.as_ref())).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} or {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// A JSON number as serde_json hands it over, printed as serde_json prints it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Num {
    /// The number as an f64 (integers beyond 2⁵³ round, as serde_json's `as_f64` does).
    pub(super) fn value(self) -> f64 {
        match self {
            Num::U(u) => u as f64,
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Num::U(u) => write!(f, "{u}"),
            Num::I(i) => write!(f, "{i}"),
            Num::F(x) => match serde_json::Number::from_f64(x) {
                Some(n) => write!(f, "{n}"),
                None => write!(f, "{x}"),
            },
        }
    }
}

/// "the number 3", for "found …" messages.
pub(super) fn number(n: Num) -> String {
    format!("the number {n}")
}

/// `the string "x"`, or "a string" when it is too long to quote.
pub(super) fn string(s: &str) -> String {
    if s.chars().count() > 40 { "a string".to_string() } else { format!("the string {}", quote(s)) }
}

/// "an array" or "an empty array".
pub(super) fn array(empty: bool) -> &'static str {
    if empty { "an empty array" } else { "an array" }
}

/// Stands for the path of the first row in a message about a later row (a reader knows the index
/// of a row but not the path of its matrix). No JSON text can put it in a message: strings are
/// quoted with their control characters escaped.
pub(super) const FIRST_ROW: &str = "\u{0}";

/// A JSON path as jq writes it, counted from 0: `layers[1].weights[0]`; empty for the top.
fn jq(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } if plain(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            // As jq writes a key that is not a plain name: `["a b"]`, quoted and cut short.
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&format!("[{}]", quote(key)));
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// Whether a JSON key can stand in a path as it is: short, one line, nothing that a path uses
/// (`.`, `[`, `]`), no quotes, spaces or characters that act on a terminal.
fn plain(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= SHOWN
        && key.chars().all(|c| !c.is_whitespace() && !matches!(c, '.' | '[' | ']' | '"' | '\\'))
        && terminal(key) == key
}

/// serde_json's message without the " at line L column C" it adds for text.
fn message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match m.strip_suffix(&suffix) {
        Some(m) if e.line() > 0 => m.to_string(),
        _ => m,
    }
}

/// Whether `e` is about the text itself (syntax, an early end, an unreadable number) rather than
/// about a value that does not fit.
pub(super) fn is_syntax(e: &serde_json::Error) -> bool {
    !matches!(e.classify(), serde_json::error::Category::Data)
}

/// A syntax error in `text` with its line and column. A comment gets its own message: JSON has
/// none, and serde_json's ("key must be a string", "expected value") would not say so.
pub fn syntax(e: &serde_json::Error, text: &str, source: &str) -> Error {
    if let Some((line, column)) = comment(text)
        && (line, column) <= (e.line(), e.column())
    {
        return input(format!(
            "{source}: invalid JSON at line {line}, column {column}: JSON has no comments; put notes in \"description\""
        ));
    }
    let what = message(e);
    let what = if what == "number out of range" {
        "a number is out of range (f64 holds magnitudes up to about 1.8e308)".to_string()
    } else {
        what
    };
    let hint = python(text, e.line(), e.column()).map_or(String::new(), |h| format!(" ({h})"));
    input(format!("{source}: invalid JSON at line {}, column {}: {what}{hint}", e.line(), e.column()))
}

/// What to write instead, when the text at a syntax error is Python's way of writing a value.
fn python(text: &str, line: usize, column: usize) -> Option<&'static str> {
    let line = text.split('\n').nth(line.checked_sub(1)?)?.as_bytes();
    let at = column.saturating_sub(1).min(line.len());
    let rest = &line[at..];
    if [&b"True"[..], b"False", b"None"].iter().any(|w| rest.starts_with(w)) {
        Some("JSON is not Python: it writes true, false and null")
    } else if rest.starts_with(b"'") {
        Some("JSON is not Python: strings take double quotes, as \"relu\"")
    } else if rest.starts_with(b"(") {
        Some("JSON is not Python: arrays take square brackets, as [0.0, 0.0]")
    } else if line[..at].ends_with(b".") && line[..at].iter().rev().nth(1).is_some_and(u8::is_ascii_digit) {
        Some("JSON is not Python: a number needs a digit after its point, as 1.0")
    } else {
        None
    }
}

/// The line and column (from 1, in bytes as serde_json counts them) of the first `//` or `/*`
/// outside a string.
fn comment(text: &str) -> Option<(usize, usize)> {
    let (mut line, mut line_start) = (1, 0);
    let (mut in_string, mut escaped) = (false, false);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'\n' => (line, line_start) = (line + 1, i + 1),
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => return Some((line, i - line_start + 1)),
            _ => {}
        }
    }
    None
}

/// `did you mean "x"? Expected one of …`, or `expected one of …` without a guess.
pub(super) fn did_you_mean(guess: Option<&str>, expected: &str) -> String {
    match guess {
        Some(g) => format!("did you mean {}? Expected one of {expected}", quote(g)),
        None => format!("expected one of {expected}"),
    }
}

/// Other names people give a field, as (name, field).
const FIELD_ALIASES: &[(&str, &str)] = &[
    ("lr", "learning_rate"),
    ("eta", "learning_rate"),
    ("η", "learning_rate"),
    ("x", "input"),
    ("y", "target"),
    ("xs", "inputs"),
    ("ys", "targets"),
    ("X", "inputs"),
    ("Y", "targets"),
    ("w", "weights"),
    ("W", "weights"),
    ("b", "bias"),
    ("biases", "bias"),
    ("phi", "activation"),
    ("φ", "activation"),
];

/// The refusal of the unknown field `key` at `at`, in the file (`top`) or in a layer: the field
/// it most likely meant, where that field belongs, and the fields of the object it is in.
fn unknown_field(source: &str, at: &str, key: &str, top: bool) -> Error {
    let (file, layer) = (names::<NetworkFileFormat>(), names::<LayerFormat>());
    let (here, there) = if top { (file, layer) } else { (layer, file) };
    let elsewhere =
        if top { "a field of each layer, not of the file" } else { "a field of the file, not of a layer" };
    let lower = key.to_lowercase();
    let guess = FIELD_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .or_else(|| FIELD_ALIASES.iter().find(|(alias, _)| *alias == lower))
        .map(|(_, field)| *field)
        .or_else(|| closest(key, here.iter().chain(there).copied()));
    let what = match guess {
        Some(g) if g == key => format!("is {elsewhere}. Expected"),
        Some(g) if there.contains(&g) => {
            format!("is not a known field; did you mean {} ({elsewhere})? Expected", quote(g))
        }
        Some(g) => format!("is not a known field; did you mean {}? Expected", quote(g)),
        None => "is not a known field; expected".to_string(),
    };
    input(format!("{source}: {} {what} one of {}", paired(at), here.join(", ")))
}

/// A value that does not fit the format, at `path`: the reader's own "is …; expected …", or
/// serde's word for a field that is unknown, given twice or missing.
pub(super) fn refusal(source: &str, path: &Path, e: &serde_json::Error) -> Error {
    let segments: Vec<Segment> = path.iter().cloned().collect();
    let at = jq(&segments);
    let m = message(e);
    let field = |prefix: &str| m.strip_prefix(prefix).and_then(|f| f.split('`').next()).map(str::to_string);
    if let Some(f) = field("unknown field `") {
        // The path ends at the unknown key; the object it is in is the file or a layer.
        let key = match segments.last() {
            Some(Segment::Map { key }) => key.as_str(),
            _ => f.as_str(),
        };
        return unknown_field(source, &at, key, segments.len() <= 1);
    }
    if let Some(f) = field("duplicate field `") {
        let place = if at.is_empty() { f } else { format!("{at}.{f}") };
        return input(format!("{source}: {} is given twice; expected each field once", paired(&place)));
    }
    if field("missing field `").as_deref() == Some("layers") {
        return input(format!(
            "{source}: layers is missing; expected an array of layers, each with weights and an activation"
        ));
    }
    let first_row = match segments.split_last() {
        Some((_, parent)) => format!("{}[0]", jq(parent)),
        None => "[0]".to_string(),
    };
    let m = m.replace(FIRST_ROW, &paired(&first_row));
    if at.is_empty() {
        input(format!("{source}: {m}"))
    } else {
        input(format!("{source}: {} {m}", paired(&at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_counts_read_as_english() {
        assert_eq!(quoted(&["a"]), "\"a\"");
        assert_eq!(quoted(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(quoted(&[String::from("x"), String::from("y")]), "\"x\" or \"y\"");
        assert_eq!(plural(1, "row"), "1 row");
        assert_eq!(plural(0, "row"), "0 rows");
    }

    #[test]
    fn numbers_print_as_serde_json_prints_them() {
        let v: serde_json::Value = serde_json::from_str("[3, -4, 1.5, 1e300, 3.0]").unwrap();
        let ours = [Num::U(3), Num::I(-4), Num::F(1.5), Num::F(1e300), Num::F(3.0)];
        for (theirs, ours) in v.as_array().unwrap().iter().zip(ours) {
            assert_eq!(theirs.to_string(), ours.to_string());
        }
    }

    #[test]
    fn python_spellings_get_a_hint_that_json_is_not_python() {
        let hint = |text: &str| {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            syntax(&e, text, "n.json").to_string()
        };
        let cases = [
            (
                "{\"trainable_bias\": True}",
                "column 20: expected value (JSON is not Python: it writes true, false and null)",
            ),
            (
                "{\"seed\": None}",
                "column 10: expected value (JSON is not Python: it writes true, false and null)",
            ),
            (
                "{\"activation\": 'relu'}",
                "column 16: expected value (JSON is not Python: strings take double quotes, as \"relu\")",
            ),
            (
                "{\"bias\": (0.0, 0.0)}",
                "column 10: expected value (JSON is not Python: arrays take square brackets, as [0.0, 0.0])",
            ),
            (
                "{\"bias\": [1., 2]}",
                "column 13: invalid number (JSON is not Python: a number needs a digit after its point, as 1.0)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(hint(text), format!("n.json: invalid JSON at line 1, {expected}"), "{text}");
        }
    }
}
