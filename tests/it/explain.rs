//! The step page's explain panel against its numbers: every line printed in Rust for a weight,
//! a bias, a unit or the loss (notation::explain) holds a formula and the same with the step's
//! numbers in place; both are computed (notation::eval) and compared with the value the line
//! names, to 1e-12, for every key of the examples and of seeded random networks (every layout,
//! one sample and a batch, every sample of a batch).

use crate::common::{EXAMPLES, Random, example};
use nettrace::io::network_file::{Limits, NetworkFile, parse};
use nettrace::notation::explain::{Key, Line, lines, value_at};
use nettrace::step::Step;

/// Every key of `step`: each weight by its place in the file, each bias and unit, the loss.
fn keys(step: &Step) -> Vec<Key> {
    let net = step.network;
    let mut keys = vec![Key::Loss];
    keys.extend((1..=net.input_size()).map(|unit| Key::Unit { layer: 0, unit }));
    for (l, layer) in net.layers.iter().enumerate() {
        let stored = net.layout.store(&layer.weights);
        for (row, column) in (0..stored.nrows()).flat_map(|r| (0..stored.ncols()).map(move |c| (r, c))) {
            keys.push(Key::Weight { layer: l + 1, row: row + 1, column: column + 1 });
        }
        for unit in 1..=layer.neurons() {
            keys.push(Key::Bias { layer: l + 1, unit });
            keys.push(Key::Unit { layer: l + 1, unit });
        }
    }
    keys
}

/// Checks one line: each of its expressions computes its value. Returns how many were computed.
fn check_line(step: &Step, line: &Line, n: usize, case: &str) -> usize {
    if line.checks.is_empty() {
        return 0;
    }
    let want = line.value.expect("a line with a formula has a value");
    for e in &line.checks {
        let got = value_at(step, e, n).unwrap_or_else(|| panic!("{case}: {} cannot be computed", line.alt));
        let ok = (got - want).abs() <= 1e-12 * want.abs().max(1.0) || got == want;
        assert!(ok, "{case}: {} ({e:?}) = {got}, but the line says {want}", line.alt);
    }
    line.checks.len()
}

/// Checks every line of every key of `file`'s step, for every sample.
fn check_file(file: &NetworkFile, case: &str) -> usize {
    let samples = file.samples.as_ref().expect("the file holds its samples");
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    let mut checked = 0;
    for key in keys(&step) {
        for n in 0..samples.len() {
            let all = lines(&step, key, n).unwrap_or_else(|| panic!("{case}: no lines for {key:?}"));
            assert!(!all.is_empty(), "{case}: {key:?}");
            for line in &all {
                checked += check_line(&step, line, n, &format!("{case} {key:?} sample {}", n + 1));
            }
        }
    }
    checked
}

#[test]
fn every_line_of_the_explain_panel_computes_its_own_number_on_the_examples() {
    for &name in EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let file = parse(&text, name, Limits::default()).unwrap();
        assert!(check_file(&file, name) > 20, "{name}");
    }
}

#[test]
fn every_line_of_the_explain_panel_computes_its_own_number_on_random_networks() {
    let mut rng = Random::new(22);
    let mut checked = 0;
    for case in 0..150 {
        let text = rng.network(false).to_string();
        let file = parse(&text, "random.json", Limits::default()).unwrap();
        checked += check_file(&file, &format!("case {case}: {text}"));
    }
    assert!(checked > 5000, "{checked}");
}

#[test]
fn a_hidden_weight_of_the_notes_example_is_explained_with_its_numbers() {
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let file = parse(&text, "two_layer", Limits::default()).unwrap();
    let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
    // in_out: the file's weights[1][0] of layer 1 is the weight into unit 1 from input 2.
    let all = lines(&step, Key::parse("W[1][2][1]").unwrap(), 0).unwrap();
    let text: Vec<String> = all
        .iter()
        .map(|l| {
            let numbers: Vec<String> = l
                .numbers
                .iter()
                .map(|p| serde_json::to_value(p).unwrap())
                .map(|v| if v.is_string() { v.as_str().unwrap().to_string() } else { v["x"].to_string() })
                .collect();
            format!("{} | {} | {:?}", l.alt, numbers.concat(), l.value)
        })
        .collect();
    assert_eq!(
        text,
        [
            "layers[0].weights[1][0] in the file (in_out), the weight from input 2 (a[0]₂) to unit 1 of layer 1: w |  | Some(0.3)",
            "∂L/∂w = ∂L/∂a[1]₁ · ∂a[1]₁/∂z[1]₁ · ∂z[1]₁/∂w |  | None",
            "∂L/∂a[1]₁ = Σₖ δ[2]ₖ·W[2]₁ₖ | -0.050000000000000044·0.5 | Some(-0.025000000000000022)",
            "∂a[1]₁/∂z[1]₁ = relu′(z[1]₁) | relu′(0.7) | Some(1.0)",
            "δ[1]₁ = ∂L/∂a[1]₁·relu′(z[1]₁) | -0.025000000000000022·1.0 | Some(-0.025000000000000022)",
            "∂z[1]₁/∂w = a[0]₂ |  | Some(2.0)",
            "∂L/∂w = δ[1]₁·a[0]₂ | -0.025000000000000022·2.0 | Some(-0.050000000000000044)",
            "w ← w − η·∂L/∂w | 0.3 − 0.1·-0.050000000000000044 | Some(0.305)",
        ]
    );
    assert!(lines(&step, Key::parse("W[3][1][1]").unwrap(), 0).is_none());
    assert!(lines(&step, Key::parse("a[1][3]").unwrap(), 0).is_none());
}
