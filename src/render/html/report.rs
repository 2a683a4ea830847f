//! A training run as one self-contained web page (`train --report FILE.html`): charts of the loss,
//! the accuracy, each layer's gradient norm and the inactive and saturated units per epoch, and
//! heatmaps of every layer's weights and gradients with a slider over the snapshots.
//!
//! The page is its data: `{"format", "network", "epochs", "units", "snapshots"}` in
//! `<script type="application/json" id="nettrace-report">`, where `epochs` are the records exactly
//! as `train --json` prints them. The page's script draws everything from it. The shell (document,
//! root element of class `nettrace nettrace-report`, header, palette and its legend, number
//! formatting) is the one every page shares ([`page`]), so the page opens from `file://` with no
//! request and also shows inside another page (a Jupyter notebook's output).

use super::boundary::{Boundary, boundary};
use super::page::{self, Shell};
use crate::nn::network::{Layout, Network};
use crate::notation::plural;
use crate::step::Num;
use crate::train::data_set::DataSet;
use crate::train::epochs::{EpochRecord, Summary};
use crate::train::snapshots::{Recording, Snapshot};
use nalgebra::DMatrix;
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The id of the element holding the embedded data.
pub const ID: &str = "nettrace-report";
/// The `format` string of the embedded data.
pub const FORMAT: &str = "nettrace-report/1";
/// Significant digits of the gradients in snapshots: they are drawn, not computed with, and at
/// full precision they would double the size of the page.
pub const GRADIENT_DIGITS: usize = 6;

const CSS: &str = include_str!("assets/report.css");
const JS: &str = concat!(
    include_str!("assets/views.js"),
    include_str!("assets/chart.js"),
    include_str!("assets/report.js")
);

/// What the page shows.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub summary: &'a Summary,
    /// The network file's `name`, when it has one.
    pub name: Option<&'a str>,
    /// The trained network (its shapes, activations and layout).
    pub network: &'a Network,
    pub records: &'a [EpochRecord],
    pub recording: &'a Recording,
    /// The last finite epoch, when training diverged after it.
    pub diverged_after: Option<u64>,
    /// The training data, marked on the decision boundary of a network of two inputs.
    pub data: &'a DataSet,
    /// The input as an image of (rows, columns), when the network file says so.
    pub input_shape: Option<(usize, usize)>,
}

/// Points per side of the decision boundary's grid, in each snapshot.
const GRID: usize = 32;

/// Writes the page.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary;
    let title = format!("Training {}", s.source);
    let mut facts = vec![
        s.architecture.clone(),
        format!("loss {}", s.loss),
        format!("{}, η = {}", s.config.method.name(), s.config.lr),
        format!("batches of {}", s.config.batch_size),
        plural(s.samples, "sample"),
    ];
    facts.extend(s.validation.map(|v| plural(v, "validation sample")));
    facts.push(plural(s.config.epochs as usize, "epoch"));
    let last = report.recording.snapshots.len().saturating_sub(1);
    let mut page = String::new();
    page::begin(
        &Shell {
            title: &title,
            class: "nettrace-report",
            state: &[],
            attributes: &[],
            css: CSS,
            heading: &title,
            description: None,
            facts: &facts,
            noscript: Some(
                "This page draws its heatmaps, readouts and snapshots with JavaScript, which is off here. \
                 Its data is in the file's script element nettrace-report.",
            ),
        },
        &mut page,
    );
    page.push_str("<section data-part=\"charts\" aria-label=\"charts per epoch\">\n");
    super::charts::write(report, &mut page);
    page.push_str("</section>\n");
    let _ = write!(
        page,
        r#"<section class="snapshots" aria-label="weights and gradients">
<h2>Weights and gradients</h2>
<div class="controls">
<button type="button" data-part="play" aria-pressed="false">Play</button>
<label>Snapshot <input type="range" data-part="slider" min="0" max="{last}" step="1" value="{last}"></label>
<output data-part="shown" aria-live="polite">epoch <span data-part="epoch"></span> · L = <span data-part="loss"></span></output>
"#
    );
    page::exact_switch(6, &mut page);
    page.push_str(
        "<label class=\"exact\"><input type=\"checkbox\" data-part=\"since\"> W and b: the change since the first snapshot</label>",
    );
    page.push_str("\n</div>\n");
    page::legend("heatmaps of W[l], b[l] and their gradients", &mut page);
    page.push_str("<div data-part=\"views\"></div>\n<div data-part=\"heatmaps\"></div>\n</section>\n");
    let mut data = Vec::new();
    write_data(report, &mut data)?;
    page::embed_json(ID, &String::from_utf8(data).expect("serde_json writes UTF-8"), &mut page);
    page::end(JS, &mut page);
    out.write_all(page.as_bytes())
}

/// The embedded data as JSON.
pub fn write_data(report: &Report, out: &mut Vec<u8>) -> io::Result<()> {
    let (s, net) = (report.summary, report.network);
    let layers: Vec<_> = net
        .layers
        .iter()
        .map(|l| Shape { inputs: l.inputs(), neurons: l.neurons(), activation: l.activation.name() })
        .collect();
    let network = Header {
        source: &s.source,
        name: report.name,
        architecture: &s.architecture,
        layout: net.layout.name(),
        loss: s.loss,
        layers,
        optimizer: s.config.method.name(),
        lr: s.config.lr,
        batch_size: s.config.batch_size,
        samples: s.samples,
        validation: s.validation,
        epochs: s.config.epochs,
        diverged_after: report.diverged_after,
        input_shape: report.input_shape,
    };
    out.push(b'{');
    out.extend_from_slice(format!("\"format\":\"{FORMAT}\",\"network\":").as_bytes());
    serde_json::to_writer(&mut *out, &network)?;
    // Each record as `train --json` writes its line.
    out.extend_from_slice(b",\"epochs\":[");
    for (i, record) in report.records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, record)?;
    }
    out.extend_from_slice(b"],\"units\":");
    serde_json::to_writer(&mut *out, &report.recording.units)?;
    out.extend_from_slice(b",\"snapshots\":");
    let snapshots: Vec<_> =
        report.recording.snapshots.iter().map(|s| Shown { snapshot: s, layout: net.layout }).collect();
    serde_json::to_writer(&mut *out, &snapshots)?;
    out.extend_from_slice(b",\"boundary\":");
    serde_json::to_writer(&mut *out, &boundary_over(report))?;
    out.push(b'}');
    Ok(())
}

/// The decision boundary of the network at every snapshot, for a network of two inputs.
fn boundary_over(report: &Report) -> Option<Boundary> {
    // Asked before the inputs are taken as numbers (converted, when stored as bytes).
    if report.network.input_size() != 2 {
        return None;
    }
    let nets: Vec<Network> = report
        .recording
        .snapshots
        .iter()
        .map(|s| {
            let mut net = report.network.clone();
            for (layer, shot) in net.layers.iter_mut().zip(&s.layers) {
                layer.weights.clone_from(&shot.weights);
                layer.bias.clone_from(&shot.bias);
            }
            net
        })
        .collect();
    let data = report.data;
    boundary(&nets.iter().collect::<Vec<_>>(), &data.inputs.values(), &data.targets, GRID)
}

#[derive(Serialize)]
struct Header<'a> {
    source: &'a str,
    name: Option<&'a str>,
    architecture: &'a str,
    layout: &'static str,
    loss: &'static str,
    layers: Vec<Shape>,
    optimizer: &'static str,
    lr: f64,
    batch_size: usize,
    samples: usize,
    validation: Option<usize>,
    epochs: u64,
    diverged_after: Option<u64>,
    input_shape: Option<(usize, usize)>,
}

#[derive(Serialize)]
struct Shape {
    inputs: usize,
    neurons: usize,
    activation: &'static str,
}

/// A snapshot as the page reads it: matrices in the file's layout, row by row.
struct Shown<'a> {
    snapshot: &'a Snapshot,
    layout: Layout,
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let snapshot = self.snapshot;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("epoch", &snapshot.epoch)?;
        map.serialize_entry("loss", &Num(snapshot.loss))?;
        let layers: Vec<_> = snapshot
            .layers
            .iter()
            .map(|l| ShownLayer {
                weights: Rows(self.layout.store(&l.weights), None),
                bias: Rows(DMatrix::from_row_slice(1, l.bias.len(), l.bias.as_slice()), None),
                grad_weights: l
                    .gradients
                    .as_ref()
                    .map(|g| Rows(self.layout.store(&g.0), Some(GRADIENT_DIGITS))),
                grad_bias: l.gradients.as_ref().map(|g| {
                    Rows(DMatrix::from_row_slice(1, g.1.len(), g.1.as_slice()), Some(GRADIENT_DIGITS))
                }),
            })
            .collect();
        map.serialize_entry("layers", &layers)?;
        map.end()
    }
}

#[derive(Serialize)]
struct ShownLayer {
    weights: Rows,
    #[serde(serialize_with = "vector")]
    bias: Rows,
    #[serde(skip_serializing_if = "Option::is_none")]
    grad_weights: Option<Rows>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "some_vector")]
    grad_bias: Option<Rows>,
}

/// A matrix as nested arrays of rows, its numbers rounded to that many significant digits when
/// given.
struct Rows(DMatrix<f64>, Option<usize>);

impl Rows {
    fn row<S: Serializer>(&self, r: usize, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.ncols()))?;
        for x in self.0.row(r).iter() {
            seq.serialize_element(&Num(rounded(*x, self.1)))?;
        }
        seq.end()
    }
}

impl Serialize for Rows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.nrows()))?;
        for r in 0..self.0.nrows() {
            seq.serialize_element(&Row(self, r))?;
        }
        seq.end()
    }
}

struct Row<'a>(&'a Rows, usize);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.row(self.1, s)
    }
}

/// A one-row matrix as a flat array.
fn vector<S: Serializer>(m: &Rows, s: S) -> Result<S::Ok, S::Error> {
    m.row(0, s)
}

fn some_vector<S: Serializer>(m: &Option<Rows>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => m.row(0, s),
        None => s.serialize_none(),
    }
}

/// `x` rounded to `digits` significant digits: the f64 nearest that decimal, which JSON then
/// writes with no more digits.
fn rounded(x: f64, digits: Option<usize>) -> f64 {
    match digits {
        Some(d) if x.is_finite() && x != 0.0 => format!("{x:.*e}", d - 1).parse().unwrap_or(x),
        _ => x,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_keep_six_significant_digits() {
        assert_eq!(rounded(-0.012345678901, Some(6)), -0.0123457);
        assert_eq!(rounded(1.0e-300 / 3.0, Some(6)), 3.33333e-301);
        assert_eq!(rounded(0.1 + 0.2, None), 0.1 + 0.2);
        assert!(rounded(f64::NAN, Some(6)).is_nan());
    }
}
