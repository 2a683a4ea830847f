//! The streaming JSON writer is right: its text reads back to exactly the value written, holds the
//! same tokens as serde_json's own compact text, and is laid out by the rules (two spaces a level,
//! an array of plain values on one line, anything holding containers one element a line). The
//! insta snapshots of `run --json` pin the layout byte for byte.

use crate::common::{EXAMPLES, Random, example, nettrace};
use nettrace::io::network_file::{Limits, parse};
use nettrace::render::json::pretty;
use serde::Serialize;
use serde_json::{Value, json};

/// The text less the whitespace between tokens.
fn compact(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
        } else if c == '"' {
            in_string = true;
        } else if c == ' ' || c == '\n' {
            continue;
        }
        out.push(c);
    }
    out
}

/// One open array or object while checking the layout.
struct Open {
    bracket: char,
    line: usize,
    empty: bool,
    holds_containers: bool,
}

/// Panics unless `text` follows the layout rules, with `, ` between the elements of a line and
/// `: ` after a key.
fn check_layout(text: &str, what: &str) {
    assert!(text.ends_with("}\n") || text.ends_with("]\n"), "{what}: no final newline");
    let mut stack: Vec<Open> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "{what}: trailing space on line {}", n + 1);
        let body = line.trim_start();
        let closing = body.starts_with([']', '}']);
        let depth = stack.len() - usize::from(closing);
        assert_eq!(line.len() - body.len(), 2 * depth, "{what}: indentation of line {}: {line}", n + 1);
        let (mut in_string, mut escaped) = (false, false);
        let chars: Vec<char> = body.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            if in_string {
                (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
                continue;
            }
            let next = chars.get(k + 1).copied();
            match c {
                ',' => assert!(matches!(next, Some(' ') | None), "{what}: after a comma on line {}", n + 1),
                ':' => assert_eq!(next, Some(' '), "{what}: after a colon on line {}", n + 1),
                ' ' => assert!(matches!(chars[k - 1], ',' | ':'), "{what}: a space on line {}", n + 1),
                '[' | '{' => {
                    if let Some(parent) = stack.last_mut() {
                        (parent.empty, parent.holds_containers) = (false, true);
                    }
                    stack.push(Open { bracket: c, line: n, empty: true, holds_containers: false });
                }
                ']' | '}' => {
                    let open = stack.pop().expect("balanced brackets");
                    let one_line = open.line == n;
                    if open.bracket == '[' {
                        assert_eq!(
                            one_line,
                            !open.holds_containers,
                            "{what}: array closed on line {}",
                            n + 1
                        );
                    } else {
                        assert_eq!(one_line, open.empty, "{what}: object closed on line {}", n + 1);
                    }
                }
                _ => {
                    in_string = c == '"';
                    if let Some(open) = stack.last_mut() {
                        open.empty = false;
                    }
                }
            }
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed brackets");
}

/// Checks the pretty text of `value` against serde_json and the layout rules.
fn check<T: Serialize>(value: &T, what: &str) {
    let text = pretty(value);
    let back: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    assert_eq!(back, serde_json::to_value(value).unwrap(), "{what}");
    assert_eq!(compact(&text), serde_json::to_string(value).unwrap(), "{what}");
    check_layout(&text, what);
}

#[test]
fn random_traces_and_networks_are_written_right() {
    let mut rng = Random::new(99);
    for i in 0..300 {
        let net = rng.network(false);
        let file = parse(&net.to_string(), "r.json", Limits::default()).unwrap();
        let round = if i % 5 == 0 { Some(3) } else { None };
        let t = crate::common::trace_of(&file, 0.3, round, true);
        check(&t, &format!("trace {i}"));
        check(&net, &format!("network {i}"));
    }
}

#[test]
fn edge_values_are_written_right() {
    let v = json!({
        "empty": [], "obj": {}, "nested": [[], [[]], {}], "s": "quote \" backslash \\ tab \t é ∂ \u{1}",
        "n": null, "b": [true, false], "i": [-3, 0, 18446744073709551615u64, -9223372036854775808i64],
        "f": [5e-324, 1e308, -0.0, 0.1], "rows": [[1.0, 2.0], [3.0]], "objs": [{"a": 1}, {"b": [1, 2]}],
        "": {"[{\"": "}]", "deep": {"deeper": [[[0.5]]]}}
    });
    check(&v, "edge values");
    check(&json!([]), "an empty array");
    check(&json!({}), "an empty object");
    check(&json!([[1, 2], [3, 4]]), "a matrix");
}

#[test]
fn run_json_prints_what_the_library_writes() {
    for name in EXAMPLES {
        let out = nettrace().args(["run", "--json", &example(name)]).output().unwrap();
        let file = parse(&std::fs::read_to_string(example(name)).unwrap(), "x", Limits::default()).unwrap();
        let t = crate::common::trace_of(&file, file.learning_rate, None, true);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), pretty(&t), "{name}");
        check(&t, name);
    }
}
