//! The graph draws what the step computes each quantity from (`Step::inputs`): every forward
//! edge into a node comes from an input the step names, and every input has its edge. bce and
//! cross-entropy take L from the logits, so L's edges come from z[L] and y, and carry δ[L].

use crate::common::{EXAMPLES, example, nettrace};
use nettrace::io::network_file::{Limits, parse};
use nettrace::step::{Quantity, Step};
use nettrace::teach::graph::{Graph, per_layer, per_neuron};

/// The quantities with a forward edge into `to`, in the graph's order.
fn edges_into(graph: &Graph, to: Quantity) -> Vec<Quantity> {
    let forward = graph.edges.iter().filter(|e| !e.backward && e.to.quantity == to);
    forward.map(|e| e.from.quantity).collect()
}

#[test]
fn every_forward_edge_is_an_input_of_the_step() {
    for &name in EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let file = parse(&text, name, Limits::default()).unwrap();
        let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
        let graph = per_layer(&step, Some(name));
        let depth = step.depth();
        let drawn = (1..=depth).flat_map(|l| [Quantity::Z(l), Quantity::A(l)]).chain([Quantity::Loss]);
        for q in drawn {
            assert_eq!(edges_into(&graph, q), step.inputs(q), "{name}: the edges into {q:?}");
        }
    }
}

#[test]
fn the_loss_of_the_logits_is_drawn_from_z_and_carries_delta() {
    for (name, output) in [("softmax_ce", "z2"), ("sequential_bce", "z2"), ("two_layer", "a2")] {
        let out = nettrace().args(["graph", &example(name)]).output().unwrap();
        let dot = String::from_utf8(out.stdout).unwrap();
        let into: Vec<&str> = dot.lines().filter(|l| l.contains("-> \"L\"")).map(str::trim).collect();
        assert_eq!(into.len(), 2, "{name}: {into:?}");
        assert!(into[0].starts_with(&format!("\"{output}\" -> \"L\"")), "{name}: {into:?}");
        assert!(into[1].starts_with("\"y\" -> \"L\""), "{name}: {into:?}");
        let back: Vec<&str> = dot.lines().filter(|l| l.trim_start().starts_with("\"L\" ->")).collect();
        assert_eq!(back.len(), 1, "{name}: {back:?}");
        assert!(back[0].trim_start().starts_with(&format!("\"L\" -> \"{output}\"")), "{name}: {back:?}");
    }
    let out = nettrace().args(["graph", &example("softmax_ce")]).output().unwrap();
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.contains("\"z2\" -> \"L\" [label=\"δ[2] = ∂L/∂z[2] = [0.3632, -0.7412, 0.378]\"];"), "{dot}");
    assert!(dot.contains("\"L\" -> \"z2\" [label=\"δ[2] = ∂L/∂z[2]\", style=dashed"), "{dot}");
    // a[2] passes no error back: L does not read it.
    assert!(!dot.contains("\"a2\" -> \"z2\""), "{dot}");
}

#[test]
fn per_neuron_draws_the_loss_from_each_logit() {
    let text = std::fs::read_to_string(example("softmax_ce")).unwrap();
    let file = parse(&text, "softmax_ce", Limits::default()).unwrap();
    let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
    let graph = per_neuron(&step, None, "softmax_ce").unwrap();
    let into: Vec<_> = graph.edges.iter().filter(|e| e.to.quantity == Quantity::Loss).collect();
    let logits: Vec<_> = into.iter().filter(|e| e.from.quantity == Quantity::Z(2)).collect();
    assert_eq!((into.len(), logits.len()), (6, 3));
    let delta = &step.layers[1].delta;
    for e in logits {
        let (_, k) = e.from.entry.unwrap();
        assert_eq!(e.value, Some(nettrace::step::View::scalar(delta[(0, k)])));
    }
}
