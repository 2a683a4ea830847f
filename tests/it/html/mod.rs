//! `run --format html`: the page of one step. Well formed, the trace embedded byte for byte,
//! every weight, bias and unit named, every number of its tables the trace's, small enough, and
//! inert with hostile names; in a real browser (chromium, ignored by default) it works.

pub mod chromium;
mod edit;
pub mod learned;
pub mod markup;

use crate::common::{EXAMPLES, example, nettrace};
use markup::{Tag, parse, text_of, unescape};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

pub const DIGITS_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/networks/data/digits.csv");

/// The standard output of `nettrace args…`, after checking that it succeeded.
pub fn stdout(args: &[&str]) -> String {
    let out = nettrace().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The embedded trace's text, as the page holds it.
fn embedded<'a>(html: &'a str, tags: &[Tag]) -> &'a str {
    let scripts: Vec<&Tag> =
        tags.iter().filter(|t| t.attributes.get("id").is_some_and(|id| id == "nettrace-trace")).collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].attributes.get("type").map(String::as_str), Some("application/json"));
    text_of(html, scripts[0])
}

/// A network file of `sizes` from `nettrace init`, written into `dir`.
pub fn init(dir: &Path, sizes: &str, activations: &str, loss: &str) -> String {
    let net =
        stdout(&["init", "--sizes", sizes, "--activations", activations, "--loss", loss, "--seed", "1"]);
    let path = dir.join(format!("net-{}.json", sizes.replace(',', "-")));
    std::fs::write(&path, net).unwrap();
    path.display().to_string()
}

#[test]
fn every_example_is_a_well_formed_page_embedding_its_trace_byte_for_byte() {
    for name in EXAMPLES {
        let path = example(name);
        let html = stdout(&["run", &path, "--format", "html"]);
        let tags = parse(&html);
        assert_eq!(embedded(&html, &tags), stdout(&["run", &path, "--json"]), "{name}");
        let body = tags.iter().find(|t| t.name == "body").unwrap();
        assert_eq!(body.attributes["data-phase"], "given", "{name}");
        let root = tags
            .iter()
            .find(|t| t.attributes.get("class").is_some_and(|c| c.starts_with("nettrace ")))
            .unwrap();
        assert_eq!(root.attributes["data-phase"], "given");
        assert_eq!(
            tags.iter().filter(|t| t.attributes.get("id").is_some_and(|id| id == "explain")).count(),
            1
        );
        // Self-contained: nothing is fetched.
        for t in &tags {
            assert!(!t.attributes.contains_key("src") && !t.attributes.contains_key("href"), "{name}: {t:?}");
            assert!(!["link", "img", "iframe"].contains(&t.name.as_str()), "{name}: {t:?}");
        }
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains("@import"),
            "{name}"
        );
        assert_eq!(tags.iter().filter(|t| t.name == "math").count(), html.matches("</math>").count());
        assert!(tags.iter().filter(|t| t.name == "math").count() >= 10, "{name}: formulas in MathML");
    }
}

/// The names the diagram's elements should carry: every W entry in the file's layout, every b
/// entry, every unit (layer 0 the input), and the loss.
fn expected_names(trace: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::from(["L".to_string()]);
    let layers = trace["network"]["layers"].as_array().unwrap();
    let inputs = layers[0]["inputs"].as_u64().unwrap();
    names.extend((1..=inputs).map(|j| format!("a[0][{j}]")));
    for (l, layer) in layers.iter().enumerate() {
        let l = l + 1;
        for (r, row) in layer["weights"].as_array().unwrap().iter().enumerate() {
            names.extend((1..=row.as_array().unwrap().len()).map(|c| format!("W[{l}][{}][{c}]", r + 1)));
        }
        for i in 1..=layer["neurons"].as_u64().unwrap() {
            names.insert(format!("b[{l}][{i}]"));
            names.insert(format!("a[{l}][{i}]"));
        }
    }
    names
}

#[test]
fn every_weight_bias_and_unit_carries_its_one_based_name_in_the_diagram() {
    for name in EXAMPLES {
        let html = stdout(&["run", &example(name), "--format", "html"]);
        let tags = parse(&html);
        let trace: Value = serde_json::from_str(embedded(&html, &tags)).unwrap();
        let svg = tags.iter().position(|t| t.name == "svg").unwrap();
        let in_svg = tags[svg..].iter().take_while(|t| t.name != "figure" && t.name != "div");
        let named: Vec<&String> = in_svg.filter_map(|t| t.attributes.get("data-quantity")).collect();
        let set: BTreeSet<String> = named.iter().map(|s| s.to_string()).collect();
        assert_eq!(set.len(), named.len(), "{name}: a name twice");
        assert_eq!(set, expected_names(&trace), "{name}");
    }
    // The layout decides rows and columns: two_layer is in_out, so W[2] is 2×1 (inputs × neurons).
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    assert!(html.contains("data-quantity=\"W[2][2][1]\"") && !html.contains("data-quantity=\"W[2][1][2]\""));
    let html = stdout(&["run", &example("sequential_bce"), "--format", "html"]);
    assert!(html.contains("data-quantity=\"W[2][1][4]\""), "out_in: W[2] is 1×4");
}

/// The trace's value that a table of the page shows.
fn value_of<'a>(trace: &'a Value, tag: &Tag) -> &'a Value {
    let (phase, name) = (&tag.attributes["data-phase"], &tag.attributes["data-name"]);
    let layer: Option<u64> = tag.attributes["data-layer"].parse().ok();
    if phase == "given" {
        return match layer {
            None => &trace[name.as_str()],
            Some(l) => &trace["network"]["layers"][l as usize - 1][name.as_str()],
        };
    }
    let step =
        trace["steps"].as_array().unwrap().iter().find(|s| {
            s["phase"] == phase.as_str() && s["name"] == name.as_str() && s["layer"].as_u64() == layer
        });
    &step.unwrap_or_else(|| panic!("no step for {tag:?}"))["value"]
}

#[test]
fn every_number_in_the_tables_is_the_traces_exactly_or_rounded_with_it_in_the_title() {
    for (name, args) in [
        ("two_layer", vec!["--precision", "6"]),
        ("xor", vec!["--precision", "3"]),
        ("softmax_ce", vec!["--precision", "17"]),
    ] {
        let path = example(name);
        let html = stdout(&[&["run", path.as_str(), "--format", "html"][..], &args].concat());
        let tags = parse(&html);
        let trace: Value = serde_json::from_str(embedded(&html, &tags)).unwrap();
        let precision: usize = args[1].parse().unwrap();
        let (mut figure, mut count) = (None, 0);
        for t in &tags {
            if t.name == "figure" && t.attributes.get("class").is_some_and(|c| c == "q") {
                figure = Some(t);
            }
            let Some(rc) = t.attributes.get("data-rc") else { continue };
            let value = value_of(&trace, figure.unwrap());
            let (r, c) = rc.split_once(',').unwrap();
            let (r, c): (usize, usize) = (r.parse().unwrap(), c.parse().unwrap());
            let x = match value {
                Value::Array(rows) if rows[0].is_array() => &rows[r - 1][c - 1],
                Value::Array(v) => &v[c - 1],
                x => x,
            };
            let x = x.as_f64().unwrap();
            let text = text_of(&html, t);
            let exact: f64 = t.attributes.get("title").map_or(text, String::as_str).parse().unwrap();
            // Both sides are the same f64 read from its shortest decimal form.
            assert_eq!(exact, x, "{name} {t:?}");
            assert_eq!(text, nettrace::notation::number::format(x, precision), "{name} {t:?}");
            count += 1;
        }
        assert!(count > 20, "{name}: {count} numbers");
    }
}

#[test]
fn pages_stay_within_their_size_budgets() {
    // Each step page carries nettrace's core as WebAssembly in base64 (4/3 of the module's bytes).
    let core = nettrace::render::html::core::MODULE.len().div_ceil(3) * 4;
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    assert!(html.len() < 1_500_000, "two_layer: {} bytes", html.len());
    // With its editing script (explain.js, refresh.js, edit.js).
    assert!(html.len() - core < 110_000, "two_layer: {} bytes besides the core", html.len() - core);
    let dir = tempfile::tempdir().unwrap();
    let net = init(dir.path(), "64,32,10", "relu,softmax", "cross_entropy");
    let html = stdout(&["run", &net, "--data", DIGITS_CSV, "--sample", "1", "--format", "html"]);
    assert!(html.len() - core < 600_000, "64-32-10: {} bytes besides the core", html.len() - core);
    let tags = parse(&html);
    assert_eq!(
        embedded(&html, &tags),
        stdout(&["run", &net, "--data", DIGITS_CSV, "--sample", "1", "--json"])
    );
    // Big matrices are abbreviated as in the terminal (7×7 of 32×64), in full with --full.
    let cells = |html: &str| html.matches("<td data-rc=").count();
    let full = stdout(&["run", &net, "--data", DIGITS_CSV, "--sample", "1", "--format", "html", "--full"]);
    assert!(cells(&full) >= cells(&html) + 3 * (2048 - 49), "{} {}", cells(&full), cells(&html));
}

/// Names that try to end the script holding the trace, open a comment, close an attribute or
/// reorder the text around them.
const HOSTILE: &[&str] = &[
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "</SCRIPT >\" onload='x' &amp; <b>",
    "\u{202e}gnp.exe\u{2028}\u{2066}x\u{2069}",
    "\x1b]0;pwned\x07\0",
    "<\\/script> \\u003c/script>",
];

#[test]
fn hostile_names_stay_text_and_the_embedded_trace_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    for name in HOSTILE {
        let mut net: Value = serde_json::from_str(&text).unwrap();
        net["name"] = Value::from(*name);
        net["description"] = Value::from(format!("{name} -- {name}"));
        let path = dir.path().join("net.json");
        std::fs::write(&path, net.to_string()).unwrap();
        let path = path.display().to_string();
        let html = stdout(&["run", &path, "--format", "html"]);
        let tags = parse(&html);
        // Six scripts, each ending at its own </script>: the activations after the update, the
        // trace, the network file, the core's module, the decision boundary of the two inputs
        // and the page's code.
        assert_eq!(tags.iter().filter(|t| t.name == "script").count(), 6, "{name:?}");
        assert_eq!(html.matches("</script>").count(), 6, "{name:?}");
        let json = stdout(&["run", &path, "--json"]);
        let inside = embedded(&html, &tags);
        assert!(!inside.contains("</") && !inside.contains("<!"), "{name:?}: {inside}");
        assert_eq!(
            serde_json::from_str::<Value>(inside).unwrap(),
            serde_json::from_str::<Value>(&json).unwrap()
        );
        // The network file the page's core starts from holds the name as JSON text too.
        let file =
            tags.iter().find(|t| t.attributes.get("id").is_some_and(|id| id == "nettrace-network")).unwrap();
        let file = text_of(&html, file);
        assert!(!file.contains("</") && !file.contains("<!"), "{name:?}: {file}");
        assert_eq!(serde_json::from_str::<Value>(file).unwrap()["name"], Value::from(*name));
        // Outside the trace and the file, the name is text: no element of its own, no acting character.
        let outside = html.replace(inside, "").replace(file, "");
        for bad in ["<b>", "\" onload", "onload='", "alert(1)</script>", "<!--"] {
            assert!(!outside.contains(bad), "{name:?}: {bad}");
        }
        let acting = outside.chars().find(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        });
        assert_eq!(acting, None, "{name:?}");
        let h1 = tags.iter().find(|t| t.name == "h1").unwrap();
        let shown = unescape(text_of(&html, h1));
        assert_eq!(shown, nettrace::notation::escape::terminal(name), "{name:?}");
    }
}

#[test]
fn a_batch_has_a_sample_selector_and_tables_with_a_row_per_sample() {
    let html = stdout(&["run", &example("xor"), "--format", "html"]);
    let tags = parse(&html);
    let options: Vec<&Tag> = tags.iter().filter(|t| t.name == "option").collect();
    assert_eq!(options.len(), 4);
    assert_eq!(
        options.iter().map(|o| o.attributes["value"].as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4"]
    );
    assert!(tags.iter().any(|t| t.attributes.get("data-sample").is_some_and(|s| s == "4")));
    let html = stdout(&["run", &example("two_layer"), "--format", "html"]);
    assert!(!html.contains("<select"), "one sample: no selector");
}

#[test]
fn the_stepper_lists_every_phase_layer_by_layer_and_the_diagnostics_are_marked() {
    let html = stdout(&["run", &example("sequential_bce"), "--format", "html"]);
    let tags = parse(&html);
    let states: Vec<String> = tags
        .iter()
        .filter(|t| t.name == "button" && t.attributes.contains_key("data-phase"))
        .map(|t| format!("{}{}", t.attributes["data-phase"], t.attributes["data-layer"]))
        .collect();
    assert_eq!(states, ["given", "forward1", "forward2", "loss", "backward2", "backward1", "update"]);
    // Hidden unit 3 is an inactive ReLU: marked on the diagram and listed, pointing at it.
    let unit = tags
        .iter()
        .find(|t| t.name == "circle" && t.attributes.get("data-quantity").is_some_and(|q| q == "a[1][3]"))
        .unwrap();
    assert_eq!(unit.attributes.get("class").map(String::as_str), Some("inactive"));
    assert!(text_of(&html, unit).contains("ReLU unit 3 of layer 1 is inactive"));
    let item = tags.iter().find(|t| t.name == "li" && t.attributes.contains_key("data-finding")).unwrap();
    assert_eq!(item.attributes["data-quantity"], "a[1][3]");
    let html = stdout(&["run", &example("sequential_bce"), "--format", "html", "--no-diagnostics"]);
    assert!(!html.contains("class=\"inactive\"") && !html.contains("Diagnostics</h2>"));
}

#[test]
fn a_step_that_overflows_still_writes_its_page_then_fails() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let mut net: Value = serde_json::from_str(&text).unwrap();
    net["layers"][0]["weights"] = serde_json::json!([[1e200, 2e200], [3e200, 4e200]]);
    let path = dir.path().join("overflow.json");
    std::fs::write(&path, net.to_string()).unwrap();
    let run = |format: &str| {
        nettrace().args(["run", &path.display().to_string(), "--format", format]).output().unwrap()
    };
    let (html, json) = (run("html"), run("json"));
    assert_eq!(html.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&html.stderr).contains("L is inf in the loss phase"));
    let html = String::from_utf8(html.stdout).unwrap();
    let tags = parse(&html);
    assert_eq!(embedded(&html, &tags), String::from_utf8(json.stdout).unwrap());
    assert!(html.contains("<span data-rc=\"1,1\">inf</span>"), "the loss, shown as the trace has it");
}
