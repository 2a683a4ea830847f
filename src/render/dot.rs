//! A computational graph as Graphviz DOT: `dot -Tsvg g.dot > g.svg`.

use crate::teach::graph::{Graph, Kind, compact_with};
use std::io::{self, Write};

/// A DOT string literal: quotes and backslashes escaped, newlines as DOT's centred line breaks.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `graph` as DOT, numbers with `precision` significant digits. Forward edges are solid
/// and labelled with the local derivative; backward edges are dashed, red, and carry the gradient.
pub fn write(graph: &Graph, precision: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph {} {{", quote(&graph.title))?;
    writeln!(out, "  rankdir=LR;")?;
    let caption = if graph.edges.iter().any(|e| e.backward) {
        "forward (solid, local derivatives) and backward (dashed, gradients)"
    } else {
        "value and gradient of every scalar; edges labelled with the local derivative"
    };
    writeln!(out, "  label={};", quote(&format!("{}: {caption}", graph.title)))?;
    writeln!(out, "  labelloc=t;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for node in &graph.nodes {
        let mut label = node.symbol.clone();
        if let Some(f) = &node.formula {
            label.push_str(&format!(" = {f}"));
        }
        label.push_str(&format!("\nvalue {}", compact_with(&node.value, precision)));
        if let Some(g) = &node.grad {
            label.push_str(&format!("\ngrad {}", compact_with(g, precision)));
        }
        let style = match node.kind {
            Kind::Data => "shape=ellipse, style=filled, fillcolor=\"#e8f0fe\"",
            Kind::Parameter => "shape=box, style=filled, fillcolor=\"#fff4d6\"",
            Kind::Computed => "shape=box, style=rounded",
            Kind::Loss => "shape=doubleoctagon, style=filled, fillcolor=\"#fde2e2\"",
        };
        writeln!(out, "  {} [label={}, {style}];", quote(&node.id), quote(&label))?;
    }
    for edge in &graph.edges {
        let style = if edge.backward {
            ", style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\", constraint=false"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&edge.from),
            quote(&edge.to),
            quote(&edge.label)
        )?;
    }
    writeln!(out, "}}")
}
