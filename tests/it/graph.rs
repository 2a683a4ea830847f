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
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--per-neuron draws one sample, but the file has a batch of 4")
    );
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

/// Graphviz reads every example's graphs.
#[test]
#[ignore = "needs Graphviz's dot: cargo test -- --ignored graphviz"]
fn graphviz_accepts_every_example() {
    require("dot", &["-V"], "apt-get install graphviz");
    for name in EXAMPLES {
        let mut graphs = vec![dot_of(&[&example(name)])];
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
