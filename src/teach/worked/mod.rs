//! The worked solution of one training step: every formula of the step, the same formula with
//! the numbers substituted, and the result, as a textbook writes it. Plain data: the formulas are
//! the notation's TeX ([`crate::notation::tex`]), the numbers [`View`]s read from the [`Step`],
//! so that the renderers choose how numbers look. What is made here is the substitutions and the
//! notes.
//!
//! Orientation follows the file's layout. For `out_in` and one sample, per-unit vectors are
//! columns; for `in_out`, and for every batch, they are rows (one row per sample).

mod backward;
mod forward;
mod loss;
mod update;

use crate::nn::network::Layout;
use crate::notation::expr::Sym;
use crate::notation::formulas::{self, Form};
use crate::notation::substituted::{self, Part};
use crate::notation::{self, tex};
use crate::step::{Phase, Quantity, Step, View};

/// A piece of a substituted formula: TeX, or numbers to be typeset.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Tex(String),
    /// A scalar, or a matrix (a column vector is n×1, a row vector 1×n).
    Num(View),
}

/// One equation: `lhs relation formula = substituted = result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// The quantity it computes.
    pub quantity: Quantity,
    /// What it is, in words: "pre-activation of layer 1".
    pub label: String,
    /// TeX of the quantity: `z^{[1]}`.
    pub lhs: String,
    /// `=` or `\leftarrow`.
    pub relation: &'static str,
    /// TeX of the formula.
    pub formula: String,
    /// The formula with numbers in place of symbols; empty where that adds nothing.
    pub substituted: Vec<Piece>,
    /// The value computed.
    pub result: View,
    /// What this means, where the notes say: text with inline `$…$` math.
    pub note: Option<String>,
}

/// A phase of the step.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub equations: Vec<Equation>,
}

/// The whole worked solution.
#[derive(Debug, Clone, PartialEq)]
pub struct Worked {
    pub title: String,
    pub description: Option<String>,
    /// One line on the conventions (layout, loss, η, samples, rounding), text with inline math.
    pub conventions: String,
    /// The given quantities: (TeX symbol, value).
    pub given: Vec<(String, View)>,
    pub sections: Vec<Section>,
}

/// The worked solution of `step`, titled `name` (or "network").
pub fn build(step: &Step, name: Option<&str>, description: Option<&str>) -> Worked {
    let v = Values { step, column: step.network.layout == Layout::OutIn && !step.batch() };
    let title = |p: Phase| notation::phase(p).to_string();
    Worked {
        title: name.unwrap_or("network").into(),
        description: description.map(str::to_string),
        conventions: conventions(step),
        given: given(&v),
        sections: vec![
            Section { title: title(Phase::Forward), equations: forward::equations(&v) },
            Section { title: title(Phase::Loss), equations: vec![loss::equation(&v)] },
            Section { title: title(Phase::Backward), equations: backward::equations(&v) },
            Section { title: title(Phase::Update), equations: update::equations(&v) },
        ],
    }
}

/// The conventions line: loss, η, samples, layout and rounding.
fn conventions(step: &Step) -> String {
    let batch = step.batch();
    let layout = match (step.network.layout, batch) {
        (Layout::OutIn, false) => {
            "layout `out_in`: one row of $W$ per neuron, vectors are columns and $z = W a + b$"
        }
        (Layout::OutIn, true) => {
            "layout `out_in` with a batch: one row of $W$ per neuron, one row per sample, so $z = a W^{\\top} + b$ with $b$ added to every row"
        }
        (Layout::InOut, _) => {
            "layout `in_out`: one row of $W$ per input, vectors are rows (one per sample) and $z = a W + b$"
        }
    };
    let rounding = step.round.map_or(String::new(), |k| format!("; every value rounded to {k} decimals"));
    let samples = if batch {
        format!("a batch of $N = {}$ samples (the loss is their mean)", step.samples.len())
    } else {
        "one sample".into()
    };
    format!(
        "Loss `{}`, learning rate $\\eta = {}$, {samples}; {layout}{rounding}. Layers are numbered from 1; $a^{{[0]}} = x$ is the input.",
        step.network.loss.name(),
        step.learning_rate
    )
}

/// The given quantities: x, y, every W and b, and η.
fn given(v: &Values) -> Vec<(String, View)> {
    use Quantity::*;
    let step = v.step;
    let mut given = vec![
        (tex::lhs(step, Input), v.units_value(&step.view(Input))),
        (tex::symbol(Target), v.units_value(&step.view(Target))),
    ];
    for l in 1..=step.depth() {
        given.push((tex::symbol(Weights(l)), step.view(Weights(l))));
        given.push((tex::symbol(Bias(l)), v.bias_value(&step.view(Bias(l)))));
    }
    given.push((tex::LEARNING_RATE.to_string(), View::scalar(step.learning_rate)));
    given
}

/// A step's values as the worked solution writes them.
struct Values<'a> {
    step: &'a Step<'a>,
    /// Per-unit vectors are columns (out_in, one sample) rather than rows.
    column: bool,
}

impl Values<'_> {
    fn get(&self, q: Quantity) -> View {
        self.step.view(q)
    }

    /// Per-sample values (one row per sample) in the solution's orientation: units down for
    /// columns.
    fn units_value(&self, v: &View) -> View {
        if self.column { v.transposed() } else { v.clone() }
    }

    /// Per-sample values as typeset numbers.
    fn units(&self, v: &View) -> Piece {
        Piece::Num(self.units_value(v))
    }

    /// A bias or its gradient: added to every row of a batch, so a row there.
    fn bias_value(&self, v: &View) -> View {
        if self.step.batch() { v.clone() } else { self.units_value(v) }
    }

    fn bias(&self, v: &View) -> Piece {
        Piece::Num(self.bias_value(v))
    }

    /// The equation of `q`: its symbol, relation and formula from the notation, with the
    /// substitution, result and note given here.
    fn equation(
        &self,
        q: Quantity,
        label: String,
        substituted: Vec<Piece>,
        result: View,
        note: Option<String>,
    ) -> Equation {
        Equation {
            quantity: q,
            label,
            lhs: tex::lhs(self.step, q),
            relation: tex::relation(self.step, q),
            formula: tex::formula(self.step, q),
            substituted,
            result,
            note,
        }
    }
}

impl Values<'_> {
    /// The `i`th right-hand side of `q`'s formula with the step's values in place of its
    /// symbols.
    fn substitute(&self, q: Quantity, i: usize) -> Vec<Piece> {
        let f = formulas::formula(self.step, q, Form::typeset(self.step));
        substituted::parts(&f.rhs[i]).into_iter().map(|p| self.piece(p)).collect()
    }

    /// A part of a substituted formula, its value in the solution's orientation.
    fn piece(&self, p: Part) -> Piece {
        let step = self.step;
        match p {
            Part::Tex(t) => Piece::Tex(t),
            Part::PhiPrime(l) => self.units(&self.get(Quantity::PhiPrime(l))),
            Part::Sym(s) => match s {
                Sym::W(l) => matrix(&self.get(Quantity::Weights(l))),
                Sym::GradW(l) => matrix(&self.get(Quantity::GradWeights(l))),
                Sym::B(l) => self.bias(&self.get(Quantity::Bias(l))),
                Sym::GradB(l) => self.bias(&self.get(Quantity::GradBias(l))),
                Sym::Eta => num(step.learning_rate),
                Sym::N => num(step.samples.len() as f64),
                Sym::K => num(step.samples.targets.ncols() as f64),
                Sym::X | Sym::A(0) => self.units(&self.get(Quantity::Input)),
                Sym::Y => self.units(&self.get(Quantity::Target)),
                Sym::YHat | Sym::ZOut => {
                    let l = step.depth();
                    self.units(&self.get(if s == Sym::YHat { Quantity::A(l) } else { Quantity::Z(l) }))
                }
                Sym::Z(l) => self.units(&self.get(Quantity::Z(l))),
                Sym::A(l) => self.units(&self.get(Quantity::A(l))),
                Sym::Delta(l) => self.units(&self.get(Quantity::Delta(l))),
                Sym::GradOut => self.units(&self.get(Quantity::GradOutput)),
                Sym::GradA(l) => self.units(&self.get(Quantity::GradA(l))),
                Sym::Loss => num(step.loss),
                Sym::V | Sym::M | Sym::MHat | Sym::VHat | Sym::Eps | Sym::T => Piece::Tex(tex::sym(s)),
            },
        }
    }
}

fn num(x: f64) -> Piece {
    Piece::Num(View::scalar(x))
}

fn matrix(v: &View) -> Piece {
    Piece::Num(v.clone())
}
