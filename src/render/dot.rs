//! A computational graph as Graphviz DOT: `dot -Tsvg g.dot > g.svg`.

use crate::notation::escape;
use crate::notation::number::format;
use crate::step::{Quantity, Shape, View};
use crate::teach::graph::{Graph, Point};
use std::io::{self, Write};

/// The most characters of a value's line in a label: longer vectors and rows keep their first
/// and last entries around `…`, as numpy abbreviates.
const LABEL_WIDTH: usize = 48;
/// Matrices with more rows than this keep their first and last three.
const LABEL_ROWS: usize = 6;

/// A value in one line where it fits [`LABEL_WIDTH`]: `0.7`, `[0.7, 1]`, `[0.1, 0.2; 0.3, 0.4]`,
/// with `precision` digits. A longer matrix takes one line per row (the first and last three of
/// more than six), and a longer vector or row keeps its first and last entries around `…`.
pub fn compact(v: &View, precision: usize) -> Vec<String> {
    let f = |x: &f64| format(*x, precision);
    let row = |r: &[f64]| r.iter().map(f).collect::<Vec<_>>();
    let m: Vec<Vec<f64>> = (0..v.size().0).map(|r| v.row_at(r)).collect();
    match v.shape() {
        Shape::Scalar => vec![f(&v.at(0, 0))],
        Shape::Row(_) => vec![format!("[{}]", fitted(&row(&m[0]), LABEL_WIDTH - 2))],
        Shape::Column(_) | Shape::Matrix(..) => {
            let one = format!("[{}]", m.iter().map(|r| row(r).join(", ")).collect::<Vec<_>>().join("; "));
            if one.chars().count() <= LABEL_WIDTH {
                return vec![one];
            }
            let shown = if m.len() > LABEL_ROWS {
                vec![0, 1, 2, usize::MAX, m.len() - 3, m.len() - 2, m.len() - 1]
            } else {
                (0..m.len()).collect()
            };
            let last = shown.len() - 1;
            shown
                .iter()
                .enumerate()
                .map(|(i, &r)| {
                    let text = if r == usize::MAX {
                        "…".to_string()
                    } else {
                        fitted(&row(&m[r]), LABEL_WIDTH - 2)
                    };
                    let (open, close) = (if i == 0 { "[" } else { "" }, if i == last { "]" } else { ";" });
                    format!("{open}{text}{close}")
                })
                .collect()
        }
    }
}

/// `entries` joined by `, ` within `width` characters: all of them, or the first and last that
/// fit around `…` (at least one of each).
fn fitted(entries: &[String], width: usize) -> String {
    let all = entries.join(", ");
    let n = entries.len();
    if all.chars().count() <= width || n <= 2 {
        return all;
    }
    let len = |s: &String| s.chars().count() + 2;
    let (mut left, mut right) = (1, 1);
    let mut used = len(&entries[0]) + len(&entries[n - 1]) + 3;
    loop {
        let mut grew = false;
        if left + right < n && used + len(&entries[left]) <= width {
            used += len(&entries[left]);
            left += 1;
            grew = true;
        }
        if left + right < n && used + len(&entries[n - 1 - right]) <= width {
            used += len(&entries[n - 1 - right]);
            right += 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    if left + right >= n {
        return all;
    }
    let parts: Vec<&str> = entries[..left]
        .iter()
        .map(String::as_str)
        .chain(["…"])
        .chain(entries[n - right..].iter().map(String::as_str))
        .collect();
    parts.join(", ")
}

/// `lines` with `head` before the first.
fn headed(head: &str, mut lines: Vec<String>) -> Vec<String> {
    lines[0].insert_str(0, head);
    lines
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
        let mut label = vec![node.label.clone()];
        label.extend(headed("value ", compact(&node.value, precision)));
        if let Some(g) = &node.grad {
            label.extend(headed("grad ", compact(g, precision)));
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
            Some(v) => headed(&format!("{} = ", edge.label), compact(v, precision)),
            None => vec![edge.label.clone()],
        };
        let label: Vec<&str> = label.iter().map(String::as_str).collect();
        writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&[&id(&edge.from)]),
            quote(&[&id(&edge.to)]),
            quote(&label)
        )?;
    }
    writeln!(out, "}}")
}
