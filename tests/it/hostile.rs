//! Hostile input: thousands of mutated, truncated and oversized network files through the library
//! and the binary. Never a panic, never a hang; exit 0, 1 or 2 only; nothing on stdout on error.
//! CSV files and answer sheets join in once `train` and `grade` exist.

use crate::common::{EXAMPLES, Random, example, nettrace};
use nettrace::io::network_file::{Limits, parse};
use nettrace::render::Traced;
use nettrace::render::{Style, json, table};
use nettrace::step::Step;
use nettrace::teach::diagnostics::diagnose;
use std::time::Duration;

/// Values that break naive code.
const NASTY: &[&str] = &[
    "1e308",
    "-1e308",
    "1e309",
    "5e-324",
    "0",
    "-0",
    "null",
    "true",
    "\"\"",
    "\"relu\"",
    "[]",
    "[[]]",
    "{}",
    "[1e308, 1e308]",
    "18446744073709551616",
    "4294967297",
    "1e12",
    "-1",
    "0.5",
    "\"NaN\"",
    "[[1,2],[3]]",
    "\"\u{0}\"",
    "\"softmax\"",
    "\"in_out\"",
    "99999999999",
];

/// Keys the reader knows, to plant where they do not belong.
const KEYS: &[&str] = &[
    "units",
    "init",
    "weights",
    "bias",
    "activation",
    "slope",
    "layers",
    "input",
    "inputs",
    "target",
    "targets",
    "input_size",
    "seed",
    "loss",
    "layout",
    "learning_rate",
    "trainable_bias",
    "bias_init",
];

/// One random mutation of `text`.
fn mutate(rng: &mut Random, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if bytes.is_empty() {
        return rng.pick(NASTY).to_string();
    }
    let at = |rng: &mut Random, len: usize| if len == 0 { 0 } else { rng.int(0, len - 1) };
    match rng.int(0, 9) {
        0 => bytes.truncate(at(rng, bytes.len())),
        1 => {
            let i = at(rng, bytes.len());
            bytes[i] = rng.int(0, 255) as u8;
        }
        2 => {
            let i = at(rng, bytes.len());
            bytes.remove(i);
        }
        3 => {
            let i = at(rng, bytes.len());
            let b = *rng_pick_bytes(rng, b"[]{},:\"-.e0123456789 ");
            bytes.insert(i, b);
        }
        4 | 5 => {
            // Replace a number with something nasty.
            let s = String::from_utf8_lossy(&bytes).into_owned();
            let starts: Vec<usize> = s.match_indices(|c: char| c.is_ascii_digit()).map(|(i, _)| i).collect();
            if let Some(&i) = starts.get(at(rng, starts.len())) {
                let end = s[i..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
                    .map_or(s.len(), |e| i + e);
                return format!("{}{}{}", &s[..i], rng.pick(NASTY), &s[end..]);
            }
        }
        6 => {
            // Plant a known key with a nasty value inside some object.
            let s = String::from_utf8_lossy(&bytes).into_owned();
            let opens: Vec<usize> = s.match_indices('{').map(|(i, _)| i).collect();
            if let Some(&i) = opens.get(at(rng, opens.len())) {
                return format!("{}{{\"{}\": {}, {}", &s[..i], rng.pick(KEYS), rng.pick(NASTY), &s[i + 1..]);
            }
        }
        7 => {
            // Duplicate a slice (deeper nesting, repeated rows).
            let (a, b) = (at(rng, bytes.len()), at(rng, bytes.len()));
            let (a, b) = (a.min(b), a.max(b));
            let chunk = bytes[a..b].to_vec();
            bytes.splice(b..b, chunk);
        }
        8 => {
            // Deep nesting.
            let depth = rng.int(1, 300);
            return format!("{}{}{}", "[".repeat(depth), text, "]".repeat(depth));
        }
        _ => {
            let i = at(rng, bytes.len());
            bytes.splice(i..i, "\u{feff}\u{fffd}\u{200b}".bytes());
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn rng_pick_bytes<'a>(rng: &mut Random, items: &'a [u8]) -> &'a u8 {
    &items[rng.int(0, items.len() - 1)]
}

/// Seeds: the examples, random networks, and generated layers of every size.
fn seeds(rng: &mut Random) -> Vec<String> {
    let mut seeds: Vec<String> =
        EXAMPLES.iter().map(|n| std::fs::read_to_string(example(n)).unwrap()).collect();
    seeds.extend((0..20).map(|_| rng.network(false).to_string()));
    seeds.push(r#"{"input_size": 3, "seed": 7, "input": [1, 2, 3], "target": [1],
        "layers": [{"units": 4, "init": "he_normal"}, {"units": 1, "init": "xavier_uniform", "bias_init": "uniform"}]}"#
        .to_string());
    seeds
}

/// Loads, traces and renders `text`: whatever happens, it must not panic.
fn exercise(text: &str, limits: Limits) {
    let Ok(file) = parse(text, "hostile.json", limits) else { return };
    let Some(samples) = &file.samples else { return };
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    let findings = diagnose(&step);
    let traced =
        Traced { step: &step, name: file.name.as_deref(), description: None, diagnostics: Some(&findings) };
    let _ = json::pretty(&crate::common::trace_of(&file, file.learning_rate, None, true));
    table::write(&traced, Style::default(), &mut Vec::new()).unwrap();
}

#[test]
fn thousands_of_mutated_files_never_panic_the_library() {
    let mut rng = Random::new(0xbad);
    let seeds = seeds(&mut rng);
    // The limit bounds the work of each input (its values); the memory tests bound what a
    // refusal stores.
    let limits = Limits { max_values: 1 << 16 };
    for i in 0..6000 {
        let mut text = seeds[i % seeds.len()].clone();
        for _ in 0..rng.int(1, 3) {
            text = mutate(&mut rng, &text);
        }
        let result = std::panic::catch_unwind(|| exercise(&text, limits));
        assert!(result.is_ok(), "panic on input {i}:\n{text}");
    }
}

#[test]
fn huge_shapes_are_refused_before_allocating_with_the_limit_named() {
    let cases = [
        r#"{"input_size": 100000, "layers": [{"units": 100000, "init": "zeros"}]}"#,
        r#"{"input_size": 1, "layers": [{"units": 18446744073709551615, "init": "zeros"}]}"#,
        r#"{"input_size": 18446744073709551615, "layers": [{"units": 2, "init": "zeros"}]}"#,
        // Many layers each under the limit, together over it.
        r#"{"input_size": 600, "layers": [{"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"},
            {"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"}]}"#,
    ];
    let limits = Limits { max_values: 1_000_000 };
    // That nothing of the shapes' size is allocated first: tests/memory/huge_shapes.rs.
    for text in cases {
        let err = parse(text, "huge.json", limits).unwrap_err().to_string();
        assert!(err.contains("1000000") && err.contains("--max-values"), "{err}");
    }
    let out = nettrace().args(["run", "-"]).write_stdin(cases[0]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-values"));
}

/// Runs the binary on `input` for `args`, checking the exit-status contract.
fn check_binary(args: &[&str], input: &str, what: &str) {
    // --max-values bounds the work; the timeout only stops a run that hangs.
    let out = nettrace()
        .args(args)
        .arg("--max-values")
        .arg("65536")
        .write_stdin(input)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(matches!(code, Some(0..=2)), "{what}: exit {code:?}\n{input}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}\n{input}");
    if code != Some(0) {
        assert!(stderr.starts_with("nettrace: error: "), "{what}: no message: {stderr:?}\n{input}");
    }
    if code == Some(2) {
        assert!(out.stdout.is_empty(), "{what}: stdout on a usage error\n{input}");
    }
}

#[test]
fn a_thousand_mutated_files_through_the_binary() {
    let mut rng = Random::new(0xf00d);
    let seeds = seeds(&mut rng);
    let commands: [&[&str]; 8] = [
        &["run", "-"],
        &["run", "--json", "-"],
        &["step", "-q", "-"],
        &["export", "--torch", "-"],
        &["graph", "-"],
        &["run", "--format", "markdown", "-"],
        &["check", "-"],
        &["train", "-", "--epochs", "2"],
    ];
    for i in 0..1000 {
        let mut text = seeds[i % seeds.len()].clone();
        for _ in 0..rng.int(1, 3) {
            text = mutate(&mut rng, &text);
        }
        check_binary(commands[i % commands.len()], &text, &format!("input {i}"));
    }
}

/// CSV data for `train --data`, mutated.
#[test]
fn mutated_csv_files_through_train() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("data.csv");
    let good = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
    let mut rng = Random::new(7);
    for i in 0..200 {
        let mut text = good.to_string();
        for _ in 0..rng.int(1, 3) {
            text = mutate(&mut rng, &text);
        }
        std::fs::write(&csv, &text).unwrap();
        let data = csv.to_str().unwrap();
        check_binary(&["train", &example("xor"), "--data", data, "--epochs", "2"], "", &format!("csv {i}"));
    }
}

/// Answer sheets for `grade`, mutated from a real trace.
#[test]
fn mutated_answer_sheets_through_grade() {
    let out = nettrace().args(["run", "--json", &example("two_layer")]).output().unwrap();
    let sheet = String::from_utf8(out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.json");
    let mut rng = Random::new(8);
    for i in 0..200 {
        let mut text = sheet.clone();
        for _ in 0..rng.int(1, 3) {
            text = mutate(&mut rng, &text);
        }
        std::fs::write(&path, &text).unwrap();
        check_binary(&["grade", &example("two_layer"), path.to_str().unwrap()], "", &format!("sheet {i}"));
    }
}
