//! The streaming JSON writer gives the same bytes as the Value-tree writer it replaced.

use crate::common::{EXAMPLES, Random, example, nettrace};
use nettrace::io::network_file::{Limits, parse};
use nettrace::render::json::{pretty, pretty_tree};
use nettrace::step::{Options, trace};
use serde_json::json;

#[test]
fn random_traces_stream_to_the_same_bytes() {
    let mut rng = Random::new(99);
    for i in 0..300 {
        let net = rng.network(false);
        let file = parse(&net.to_string(), "r.json", Limits::default()).unwrap();
        let round = if i % 5 == 0 { Some(3) } else { None };
        let t = trace(
            &file,
            file.samples.as_ref().unwrap(),
            Options { learning_rate: 0.3, round, diagnostics: true },
        );
        assert_eq!(pretty(&t), pretty_tree(&t), "trace {i}");
        assert_eq!(pretty(&net), pretty_tree(&net), "network {i}");
    }
}

#[test]
fn edge_values_stream_to_the_same_bytes() {
    let v = json!({
        "empty": [], "obj": {}, "nested": [[], [[]], {}], "s": "quote \" backslash \\ tab \t é ∂ \u{1}",
        "n": null, "b": [true, false], "i": [-3, 0, 18446744073709551615u64], "f": [5e-324, 1e308, -0.0, 0.1],
        "rows": [[1.0, 2.0], [3.0]], "objs": [{"a": 1}, {"b": [1, 2]}]
    });
    assert_eq!(pretty(&v), pretty_tree(&v));
    let text = pretty(&v);
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, v);
}

#[test]
fn run_json_prints_the_same_bytes_as_the_tree_writer() {
    for name in EXAMPLES {
        let out = nettrace().args(["run", "--json", &example(name)]).output().unwrap();
        let file = parse(&std::fs::read_to_string(example(name)).unwrap(), "x", Limits::default()).unwrap();
        let t = trace(
            &file,
            file.samples.as_ref().unwrap(),
            Options { learning_rate: file.learning_rate, round: None, diagnostics: true },
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), pretty_tree(&t), "{name}");
    }
}
