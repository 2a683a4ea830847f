//! `nettrace graph`: the notes' example's values, gradients and local derivatives in the DOT,
//! the per-neuron graph, its limits, and every example accepted by Graphviz.

use crate::common::{EXAMPLES, example, nettrace, require};
use std::io::Write;
use std::process::{Command, Stdio};

fn dot_of(args: &[&str]) -> String {
    let out = nettrace().arg("graph").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn line<'a>(dot: &'a str, start: &str) -> &'a str {
    dot.lines().find(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("no {start} in\n{dot}"))
}

#[test]
fn per_layer_nodes_carry_values_and_gradients() {
    let dot = dot_of(&[&example("two_layer")]);
    assert!(dot.starts_with("digraph \"two_layer\" {"));
    assert!(
        line(&dot, "\"W1\" [")
            .contains("W[1]\\nvalue [0.1, 0.2; 0.3, 0.4]\\ngrad [-0.025, -0.03; -0.05, -0.06]")
    );
    assert!(
        line(&dot, "\"z1\" [").contains("z[1] = a[0]·W[1] + b[1]\\nvalue [0.7, 1]\\ngrad [-0.025, -0.03]")
    );
    assert!(line(&dot, "\"a2\" [").contains("a[2] = ŷ = id(z[2])\\nvalue [0.95]\\ngrad [-0.05]"));
    assert!(line(&dot, "\"L\" [").contains("value 0.00125\\ngrad 1"));
    // ∂L/∂x₁ = δ[1]₁·W[1]₁₁ + δ[1]₂·W[1]₁₂ = −0.025·0.1 − 0.03·0.2
    assert!(line(&dot, "\"a0\" [").contains("grad [-0.0085, -0.0195]"));
    assert!(line(&dot, "\"z1\" -> \"a1\"").contains("∂a[1]/∂z[1] = relu′(z[1]) = [1, 1]"));
    assert!(line(&dot, "\"a2\" -> \"L\"").contains("∂L/∂ŷ = [-0.05]"));
    let back = line(&dot, "\"z2\" -> \"a1\"");
    assert!(back.contains("∂L/∂a[1] = δ[2]·W[2]ᵀ") && back.contains("style=dashed"), "{back}");
}

#[test]
fn per_neuron_draws_every_scalar() {
    let dot = dot_of(&[&example("two_layer"), "--per-neuron"]);
    // in_out: W[1] row 0 (input 1), column 1 (neuron 2) is 0.2 with gradient −0.03
    assert!(line(&dot, "\"w1_0_1\" [").contains("W[1]₁₂\\nvalue 0.2\\ngrad -0.03"));
    assert!(line(&dot, "\"z1_1\" [").contains("value 1\\ngrad -0.03"));
    assert!(line(&dot, "\"a0_1\" [").contains("x₂\\nvalue 2\\ngrad -0.0195"));
    // ∂z[1]₂/∂W[1]₁₂ = x₁ = 1 and ∂z[2]₁/∂a[1]₂ = W[2]₂₁ = 0.6
    assert!(line(&dot, "\"w1_0_1\" -> \"z1_1\"").contains("∂ = 1"));
    assert!(line(&dot, "\"a1_1\" -> \"z2_0\"").contains("∂ = 0.6"));
    // per neuron: two edges per weight, one from the bias, one to a; then ŷ and y into L
    assert_eq!(dot.matches(" -> ").count(), (2 * 2 * 2 + 2 + 2) + (2 * 2 + 1 + 1) + 2);
}

#[test]
fn per_neuron_refuses_batches_and_big_networks() {
    let out = nettrace().args(["graph", &example("xor"), "--per-neuron"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "--per-neuron draws one sample, but the file has a batch of 4 (\"inputs\"); give --sample K to draw sample K"
    ));
    let big = serde_json::json!({
        "input": vec![0.5; 20], "target": [1.0],
        "layers": [{ "weights": vec![vec![0.1; 20]; 10], "activation": "tanh" }, { "weights": [vec![0.1; 10]] }]
    });
    let mut cmd = nettrace();
    let out = cmd.args(["graph", "-", "--per-neuron"]).write_stdin(big.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("would draw 265 nodes, more than 200"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The numbers of a label line such as `value [0.1, 0.2; 0.3, 0.4]` or `grad 1`.
fn numbers_of(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .filter(|t| !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()))
        .map(|t| t.parse().unwrap_or_else(|_| panic!("{t} in {text}")))
        .collect()
}

/// The value (or gradient) a node's label shows: `what` is `value` or `grad`.
fn shown(dot: &str, node: &str, what: &str) -> Vec<f64> {
    let label =
        line(dot, &format!("\"{node}\" [")).split("label=\"").nth(1).unwrap().split('"').next().unwrap();
    let part = label.split("\\n").skip_while(|l| !l.starts_with(what)).collect::<Vec<_>>();
    let end = part.iter().position(|l| l.ends_with(']') || !l.contains('[')).unwrap_or(0);
    numbers_of(&part[..=end].join(" ").replacen(what, "", 1))
}

fn trace(args: &[&str]) -> serde_json::Value {
    let out = nettrace().arg("run").args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Row `row` (from 0) of a step of a trace: the vector itself for one sample.
fn row_of(trace: &serde_json::Value, layer: u64, name: &str, row: usize) -> Vec<f64> {
    let step = trace["steps"].as_array().unwrap().iter().find(|s| s["layer"] == layer && s["name"] == name);
    let value = &step.unwrap_or_else(|| panic!("no {name} of layer {layer}"))["value"];
    let row = if value[0].is_array() { &value[row] } else { value };
    row.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn assert_shown(shown: &[f64], exact: &[f64], what: &str) {
    assert_eq!(shown.len(), exact.len(), "{what}: {shown:?} against {exact:?}");
    for (s, e) in shown.iter().zip(exact) {
        // Four significant digits in the graph.
        approx::assert_relative_eq!(*s, *e, max_relative = 1e-3, epsilon = 1e-12);
    }
}

#[test]
fn sample_draws_one_sample_of_a_batch_with_that_samples_values() {
    let batch = trace(&[&example("xor")]);
    for k in 1..=4 {
        let dot = dot_of(&[&example("xor"), "--sample", &k.to_string()]);
        assert!(dot.starts_with(&format!("digraph \"xor, sample {k} of 4\" {{")), "{dot}");
        // x is the file's input k; z and a are the batch trace's row k.
        let x = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]][k - 1];
        assert_eq!(shown(&dot, "a0", "value "), x);
        for (node, layer, name) in [("z1", 1, "z"), ("a1", 1, "a"), ("z2", 2, "z"), ("a2", 2, "a")] {
            assert_shown(
                &shown(&dot, node, "value "),
                &row_of(&batch, layer, name, k - 1),
                &format!("{k}: {node}"),
            );
        }
        // The gradients are the sample's own step: `run --sample k`. The batch's mean loss gives
        // its δ a 1/N: δ of sample k alone is 4 times the batch's row k.
        let alone = trace(&[&example("xor"), "--sample", &k.to_string()]);
        let delta: Vec<f64> = row_of(&batch, 1, "delta", k - 1).iter().map(|d| 4.0 * d).collect();
        assert_shown(&shown(&dot, "z1", "grad "), &delta, &format!("sample {k}: δ[1]"));
        assert_shown(&shown(&dot, "z1", "grad "), &row_of(&alone, 1, "delta", 0), "δ[1] alone");
        assert_shown(&shown(&dot, "b1", "grad "), &row_of(&alone, 1, "grad_bias", 0), "∂L/∂b[1] alone");
    }
    // Per neuron: every scalar of sample 3.
    let dot = dot_of(&[&example("xor"), "--sample", "3", "--per-neuron"]);
    let a1 = row_of(&batch, 1, "a", 2);
    for (u, a) in a1.iter().enumerate() {
        assert_shown(&shown(&dot, &format!("a1_{u}"), "value "), &[*a], &format!("a[1]_{u}"));
    }
    assert_shown(&shown(&dot, "a0_0", "value "), &[1.0], "x₁ of sample 3");
}

#[test]
fn sample_past_the_batch_is_an_error() {
    let out = nettrace().args(["graph", &example("xor"), "--sample", "5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("nettrace: error: --sample 5: {} holds 4 samples (1 to 4)\n", example("xor"))
    );
}

#[test]
fn long_values_in_labels_keep_their_first_and_last_entries() {
    let big = serde_json::json!({
        "inputs": [vec![0.5; 12], vec![0.25; 12]], "targets": [[1.0], [0.0]],
        "layers": [{ "weights": vec![(0..12).map(|i| i as f64 / 10.0).collect::<Vec<_>>(); 12], "activation": "tanh" },
                   { "weights": [vec![0.1; 12]], "activation": "sigmoid" }]
    });
    let out = nettrace().args(["graph", "-"]).write_stdin(big.to_string()).output().unwrap();
    let dot = String::from_utf8(out.stdout).unwrap();
    let w1 = line(&dot, "\"W1\" [");
    // 12 rows: the first and last three, each row its first and last entries.
    assert!(w1.contains("value [0, 0.1, 0.2, 0.3, 0.4, …, 0.8, 0.9, 1, 1.1;\\n"), "{w1}");
    assert!(w1.contains("\\n…;\\n") && w1.matches("\\n").count() == 7 + 7, "{w1}");
    for label in dot.split("label=\"").skip(1).map(|l| l.split('"').next().unwrap()) {
        for l in label.split("\\n") {
            assert!(l.chars().count() <= 80, "a label line of {} characters: {l}", l.chars().count());
        }
    }
}

/// Graphviz reads every example's graphs.
#[test]
#[ignore = "needs Graphviz's dot: cargo test -- --ignored graphviz"]
fn graphviz_accepts_every_example() {
    require("dot", &["-V"], "apt-get install graphviz");
    for name in EXAMPLES {
        let mut graphs = vec![dot_of(&[&example(name)]), dot_of(&[&example(name), "--sample", "1"])];
        graphs.push(dot_of(&[&example(name), "--per-neuron", "--sample", "1"]));
        if *name != "xor" {
            graphs.push(dot_of(&[&example(name), "--per-neuron"]));
        }
        for text in graphs {
            let mut child = Command::new("dot")
                .arg("-Tsvg")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
        }
    }
}
