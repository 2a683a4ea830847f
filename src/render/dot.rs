//! A computational graph as Graphviz DOT: `dot -Tsvg g.dot > g.svg`.

use crate::notation::escape;
use crate::notation::number::format;
use crate::step::{Quantity, Value};
use crate::teach::graph::{Graph, Point};
use std::io::{self, Write};

/// A value in one line: `0.7`, `[0.7, 1]`, `[0.1, 0.2; 0.3, 0.4]`, with `precision` digits.
pub fn compact(v: &Value, precision: usize) -> String {
    let f = |x: &f64| format(*x, precision);
    match v {
        Value::Scalar(x) => f(x),
        Value::Vector(r) => format!("[{}]", r.iter().map(f).collect::<Vec<_>>().join(", ")),
        Value::Matrix(m) => format!(
            "[{}]",
            m.iter().map(|r| r.iter().map(f).collect::<Vec<_>>().join(", ")).collect::<Vec<_>>().join("; ")
        ),
    }
}

/// The DOT id of a node: `z1` for z[1], `z1_0` for its first entry, `w1_0_1` for a weight.
fn id(p: &Point) -> String {
    use Quantity::*;
    let name = match p.quantity {
        Input => "a0".to_string(),
        Target => "y".to_string(),
        Loss => return "L".to_string(),
        Weights(l) if p.entry.is_some() => format!("w{l}"),
        Weights(l) => format!("W{l}"),
        Bias(l) => format!("b{l}"),
        Z(l) => format!("z{l}"),
        A(l) => format!("a{l}"),
        q => format!("{}{}", q.name(), q.layer().unwrap_or(0)),
    };
    match (p.quantity, p.entry) {
        (_, None) => name,
        (Weights(_), Some((r, c))) => format!("{name}_{r}_{c}"),
        (_, Some((_, c))) => format!("{name}_{c}"),
    }
}

/// A node's look: data, parameters, computed quantities and the loss apart.
fn style(q: Quantity) -> &'static str {
    use Quantity::*;
    match q {
        Input | Target => "shape=ellipse, style=filled, fillcolor=\"#e8f0fe\"",
        Weights(_) | Bias(_) => "shape=box, style=filled, fillcolor=\"#fff4d6\"",
        Loss => "shape=doubleoctagon, style=filled, fillcolor=\"#fde2e2\"",
        _ => "shape=box, style=rounded",
    }
}

/// A DOT string literal of `lines`, one after the other with DOT's centred line breaks; within
/// a line everything, the graph's title included, is text ([`escape::dot`]).
fn quote(lines: &[&str]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| escape::dot(l)).collect();
    format!("\"{}\"", lines.join("\\n"))
}

/// Writes `graph` as DOT, numbers with `precision` significant digits. Forward edges are solid
/// and labelled with the local derivative; backward edges are dashed, red, and carry the gradient.
pub fn write(graph: &Graph, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph {} {{", quote(&[&graph.title]))?;
    writeln!(out, "  rankdir=LR;")?;
    let caption = if graph.edges.iter().any(|e| e.backward) {
        "forward (solid, local derivatives) and backward (dashed, gradients)"
    } else {
        "value and gradient of every scalar; edges labelled with the local derivative"
    };
    writeln!(out, "  label={};", quote(&[&format!("{}: {caption}", graph.title)]))?;
    writeln!(out, "  labelloc=t;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for node in &graph.nodes {
        let mut label = vec![node.label.clone(), format!("value {}", compact(&node.value, precision))];
        if let Some(g) = &node.grad {
            label.push(format!("grad {}", compact(g, precision)));
        }
        let label: Vec<&str> = label.iter().map(String::as_str).collect();
        writeln!(
            out,
            "  {} [label={}, {}];",
            quote(&[&id(&node.at)]),
            quote(&label),
            style(node.at.quantity)
        )?;
    }
    for edge in &graph.edges {
        let style = if edge.backward {
            ", style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\", constraint=false"
        } else {
            ""
        };
        let label = match &edge.value {
            Some(v) => format!("{} = {}", edge.label, compact(v, precision)),
            None => edge.label.clone(),
        };
        writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&[&id(&edge.from)]),
            quote(&[&id(&edge.to)]),
            quote(&[&label])
        )?;
    }
    writeln!(out, "}}")
}
