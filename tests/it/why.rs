//! `run --why`: the chain rule for one parameter, with the notes' numbers, and the product of the
//! factors equal to the traced gradient on random networks of every kind.

use crate::common::{self, Random, example, nettrace};
use nettrace::io::network_file::{Limits, parse};
use nettrace::notation::index::SYNTAX;
use nettrace::step::Step;
use nettrace::teach::why::{Target, Upstream, explain};

fn why(name: &str, param: &str) -> String {
    let out = nettrace().args(["run", &example(name), "--why", param]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// W[1] of the notes (in_out) at row 1, column 2 is 0.2, from x₁ = 1 to hidden unit 2, z = 1:
/// ∂L/∂w = (δ[2]·W[2]₂) · relu′(1) · x₁ = (−0.05·0.6) · 1 · 1 = −0.03. The math name and the
/// JSON path give the same explanation.
#[test]
fn the_notes_example_hidden_weight() {
    let text = why("two_layer", "W[1][1][2]");
    assert_eq!(text, why("two_layer", "layers[0].weights[0][1]"));
    assert!(text.starts_with("Why ∂L/∂W[1][1][2] (layers[0].weights[0][1] in the file)\n"), "{text}");
    assert!(
        text.contains("W[1][1][2] is row 1, column 2 of W[1] as the file stores it (in_out: rows = inputs"),
        "{text}"
    );
    assert!(text.contains("the weight w = 0.2 from input 1 (a[0]₁) to unit 2 of layer 1."), "{text}");
    assert!(text.contains("∂L/∂w = ∂L/∂a[1]₂ · ∂a[1]₂/∂z[1]₂ · ∂z[1]₂/∂w"), "{text}");
    assert!(text.contains("∂L/∂a[1]₂ = Σₖ δ[2]ₖ·W[2]₂ₖ = (-0.05)·0.6 = -0.03"), "{text}");
    assert!(text.contains("∂a[1]₂/∂z[1]₂ = relu′(z[1]₂) = relu′(1) = 1"), "{text}");
    assert!(text.contains("∂z[1]₂/∂w = a[0]₁ = 1"), "{text}");
    assert!(text.contains("∂L/∂w = (-0.03) · 1 · 1 = -0.03"), "{text}");
    assert!(text.contains("equal to the traced ∂L/∂W[1][1][2]: -0.03"), "{text}");
}

/// The output weight from hidden unit 1: ∂L/∂ŷ · 1 · a[1]₁ = −0.05 · 0.7 = −0.035.
#[test]
fn the_notes_example_output_weight_and_bias() {
    let text = why("two_layer", "layers[1].weights[0][0]");
    assert!(text.contains("∂L/∂a[2]₁ = ∂L/∂ŷ₁ = -0.05    ŷ − y, from the loss"), "{text}");
    assert!(text.contains("∂L/∂w = (-0.05) · 1 · 0.7 = -0.035"), "{text}");
    let text = why("two_layer", "b[2][1]");
    assert_eq!(text, why("two_layer", "layers[1].bias[0]"));
    assert!(text.starts_with("Why ∂L/∂b[2][1] (layers[1].bias[0] in the file)\nb[2][1] is the bias b = 0 of unit 1 of layer 2.\n"), "{text}");
    assert!(text.contains("∂z[2]₁/∂b = 1"), "{text}");
    assert!(text.contains("equal to the traced ∂L/∂b[2][1]: -0.05"), "{text}");
}

/// The inactive ReLU unit of sequential_bce: relu′(−0.2) = 0 zeroes the gradient.
#[test]
fn an_inactive_relu_unit_has_a_zero_factor() {
    let text = why("sequential_bce", "W[1][3][1]");
    assert!(text.contains("relu′(z[1]₃) = relu′(-0.2) = 0"), "{text}");
    assert!(text.contains("equal to the traced ∂L/∂W[1][3][1]: 0"), "{text}");
}

#[test]
fn a_batch_sums_over_samples() {
    let text = why("xor", "layers[0].weights[2][1]");
    assert!(text.contains("summed over the 4 samples"), "{text}");
    assert_eq!(text.matches("\nsample ").count(), 4, "{text}");
    assert!(text.contains("= -0.0591839\nequal to the traced ∂L/∂W[1][3][2]: -0.0591839"), "{text}");
}

#[test]
fn bad_parameters_exit_2_naming_what_is_wrong() {
    let file = example("two_layer");
    let cases = [
        // A JSON path counts from 0: layers[2] is past the end of a 2-layer network.
        (
            "layers[2].bias[0]",
            format!(
                "{file}: --why: layers[2].bias[0] (b[3] unit 1) is past the end: the network has 2 layers: layers[0] to layers[1] (b[1] to b[2])"
            ),
        ),
        (
            "W[3][1][1]",
            format!(
                "{file}: --why: layers[2].weights[0][0] (W[3] row 1, column 1) is past the end: the network has 2 layers: layers[0] to layers[1] (W[1] to W[2])"
            ),
        ),
        (
            "layers[1].weights[0][1]",
            format!(
                "{file}: --why: layers[1].weights[0][1] (W[2] row 1, column 2) is past the end: layers[1].weights (W[2]) is 2×1 as the file stores it (in_out): layers[1].weights[0][0] to layers[1].weights[1][0] (W[2][1][1] to W[2][2][1])"
            ),
        ),
        (
            "b[1][3]",
            format!(
                "{file}: --why: layers[0].bias[2] (b[1] unit 3) is past the end: layer 1 has 2 units: layers[0].bias[0] to layers[0].bias[1] (b[1][1] to b[1][2])"
            ),
        ),
        (
            "W[1][0][1]",
            "--why 'W[1][0][1]': row 0: the math form counts rows from 1 (W[1][1][1] is the first weight of layer 1, layers[0].weights[0][0] in the file)".to_string(),
        ),
        (
            "W[1][1]",
            format!("--why 'W[1][1]': a weight is named by its layer, row and column; {SYNTAX}"),
        ),
        ("weights[0][0]", format!("--why 'weights[0][0]': {SYNTAX}")),
    ];
    for (param, message) in cases {
        let out = nettrace().args(["run", &file, "--why", param]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{param}");
        assert!(out.stdout.is_empty(), "{param}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), format!("nettrace: error: {message}\n"), "{param}");
    }
}

/// The path of every entry in an error can be pasted into --why and means the same entry.
#[test]
fn a_path_from_an_error_means_the_same_entry_in_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2]]}, {"weights": [[1, "x"]]}]}"#,
    )
    .unwrap();
    let out = nettrace().args(["run", bad.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(": layers[1].weights[0][1] (W[2] row 1, column 2) is the string"), "{err}");
    let net = dir.path().join("net.json");
    std::fs::write(
        &net,
        r#"{"input": [1, 2], "target": [1], "layers": [{"weights": [[1, 2], [3, 4]]}, {"weights": [[5, 6]]}]}"#,
    )
    .unwrap();
    let run = |param: &str| {
        let out = nettrace().args(["run", net.to_str().unwrap(), "--why", param]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("layers[1].weights[0][1]");
    assert_eq!(text, run("W[2][1][2]"));
    assert!(text.contains("the weight w = 6 from input 2 (a[1]₂) to unit 1 of layer 2."), "{text}");
}

/// For every parameter of 150 random networks (every loss, activation, layout, batches): the
/// product of the factors equals the traced gradient, and ∂L/∂a · φ′ equals the traced δ.
#[test]
fn the_chain_equals_the_traced_gradient_on_random_networks() {
    let mut random = Random::new(41);
    let mut checked = 0;
    for _ in 0..150 {
        let text = random.network(false).to_string();
        let file = parse(&text, "random.json", Limits::default()).unwrap();
        let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None);
        let net = &file.network;
        for (l, layer) in net.layers.iter().enumerate() {
            let stored = net.layout.store(&layer.weights);
            let mut targets: Vec<Target> = (0..stored.nrows())
                .flat_map(|r| {
                    (0..stored.ncols()).map(move |c| Target { layer: l + 1, row: r, column: Some(c) })
                })
                .collect();
            targets.extend((0..layer.neurons()).map(|r| Target { layer: l + 1, row: r, column: None }));
            for target in targets {
                let why = explain(&step, target, "random.json").unwrap();
                let scale = why.traced.abs().max(1e-300);
                assert!((why.total - why.traced).abs() <= 1e-12 * scale + 1e-300, "{target:?}: {why:?}");
                for chain in &why.samples {
                    let upstream = match &chain.upstream {
                        Upstream::Loss { value } | Upstream::Above { value, .. } => *value,
                        Upstream::Coupled => continue,
                    };
                    let d = chain.derivative.unwrap();
                    let want = upstream * d;
                    assert!(
                        (want - chain.delta).abs() <= 1e-12 * chain.delta.abs().max(want.abs()) + 1e-300,
                        "{target:?}: {want} vs {}",
                        chain.delta
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 3000, "only {checked} parameters checked");
}

/// Every weight and bias of every example network: the chain's product equals the traced entry.
#[test]
fn every_parameter_of_every_example_agrees_with_the_trace() {
    for name in common::EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        for (l, layer) in file["layers"].as_array().unwrap().iter().enumerate() {
            let w = layer["weights"].as_array().unwrap();
            let mut params: Vec<String> = Vec::new();
            for (r, row) in w.iter().enumerate() {
                for c in 0..row.as_array().unwrap().len() {
                    params.push(format!("layers[{l}].weights[{r}][{c}]"));
                    params.push(format!("W[{}][{}][{}]", l + 1, r + 1, c + 1));
                }
            }
            params.push(format!("layers[{l}].bias[0]"));
            params.push(format!("b[{}][1]", l + 1));
            for param in params {
                let text = why(name, &param);
                assert!(text.contains("\nequal to the traced "), "{name} {param}:\n{text}");
            }
        }
    }
}

#[test]
fn softmax_with_cross_entropy_on_one_sample_is_the_error_itself() {
    let text = why("softmax_ce", "W[2][1][1]");
    // The line wraps to the width; read it as one.
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains(
            "∂L/∂z[2]₁ = δ[2]₁ = 0.363205 softmax couples the outputs, so ∂L/∂z is taken whole: ŷ − y with cross-entropy ∂z[2]₁/∂w"
        ),
        "{text}"
    );
    assert!(!text.contains("/N"), "{text}");
}

/// Every line of the chain, as the trees `--why` prints it from, evaluated with the step's own
/// values equals the number printed after it, sample by sample, on random networks of every kind:
/// a chain that reads the wrong weight, unit or input cannot pass.
#[test]
fn every_line_of_the_chain_evaluates_to_its_number() {
    use nettrace::notation::chain;
    use nettrace::notation::eval::eval;
    use nettrace::notation::formulas::Form;
    let mut random = Random::new(43);
    let mut lines = 0;
    for _ in 0..60 {
        let text = random.network(false).to_string();
        let file = parse(&text, "random.json", Limits::default()).unwrap();
        let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None);
        let net = &file.network;
        let form = Form::rows(&step);
        let at = |e: &nettrace::notation::expr::Expr, n: usize| {
            let m = eval(&step, form, e).unwrap_or_else(|| panic!("{e:?} does not evaluate"));
            assert_eq!(m.ncols(), 1, "{e:?}");
            m[(n.min(m.nrows() - 1), 0)]
        };
        let same = |got: f64, want: f64, what: &str| {
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(got.abs()) + 1e-300,
                "{what}: {got} vs {want}"
            );
        };
        for (l0, layer) in net.layers.iter().enumerate() {
            let stored = net.layout.store(&layer.weights);
            let l = l0 + 1;
            let mut targets: Vec<Target> = (0..stored.nrows())
                .flat_map(|r| (0..stored.ncols()).map(move |c| Target { layer: l, row: r, column: Some(c) }))
                .collect();
            targets.extend((0..layer.neurons()).map(|r| Target { layer: l, row: r, column: None }));
            for target in targets {
                let why = explain(&step, target, "random.json").unwrap();
                let (i, j) = (why.neuron + 1, why.input.map(|j| j + 1));
                for (n, c) in why.samples.iter().enumerate() {
                    let upstream = match &c.upstream {
                        Upstream::Loss { value } => Some((chain::from_loss(l, i).1, *value)),
                        Upstream::Above { value, .. } => {
                            let (lhs, rhs) = chain::from_above(l, i, net.layout);
                            same(at(&lhs, n), *value, "∂L/∂a[l]ᵢ");
                            Some((rhs, *value))
                        }
                        Upstream::Coupled => None,
                    };
                    if let Some((e, value)) = &upstream {
                        same(at(e, n), *value, &format!("{target:?} upstream"));
                        same(at(&chain::derivative(why.activation, l, i), n), c.derivative.unwrap(), "φ′");
                    }
                    same(at(&chain::input(l, j), n), c.input, "∂z/∂w");
                    same(at(&chain::delta(l, i), n), c.delta, "δ");
                    let product = chain::product(upstream.map(|(e, _)| e), why.activation, l, i, j);
                    same(at(&product, n), c.product, &format!("{target:?} product"));
                    lines += 1;
                }
            }
        }
    }
    assert!(lines > 1000, "only {lines} chains evaluated");
}
