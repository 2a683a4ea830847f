//! Grading an answer sheet: each given value against the step, judged by the digits written,
//! with the correct value computed from the sheet's own earlier values; the classic slip that
//! reproduces a wrong value; the first wrong one in computation order with the quantities it is
//! computed from.
//!
//! A number is right when it is the correct value rounded at its last written digit, with at
//! least [`Rule::Digits`] significant digits unless the correct value has fewer (see
//! [`super::digits`]). The correct value is the trace's, or the one the sheet's own earlier
//! values give: rounding carried from an earlier step is not punished, and a value that only an
//! earlier wrong value on the sheet explains is [`Verdict::Carried`].

use super::answer;
use super::mistakes::{self, Mistake};
use super::recompute::{self, Own};
use super::sheet::{self, Given};
use super::{Rule, Written};
use crate::notation;
use crate::step::{Quantity, Step, Value};
use nalgebra::DMatrix;
use serde::Serialize;

/// What grading says of a value (or of one number), from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The correct value rounded to the digits written, with enough digits.
    Right,
    /// Right at the digits written, but with fewer significant digits than asked.
    Imprecise,
    /// Wrong, but what the formula gives from the sheet's own earlier values, one of them wrong:
    /// an error carried forward.
    Carried,
    /// Wrong.
    Wrong,
    /// Left to fill in: null on the sheet.
    Blank,
}

/// One value of the answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Where it is in the sheet: `steps[3].value` or `loss_after`.
    pub field: String,
    /// Its place in computation order ([`Step::computed`]); after them all for `loss_after`.
    pub order: usize,
    pub quantity: Quantity,
    /// How it is computed, in the notation.
    pub formula: String,
    /// As written, in the learner's orientation.
    pub given: Value,
    /// The numbers of `given` as written, row by row.
    pub written: Vec<Written>,
    /// The trace's value.
    pub expected: Value,
    /// The value computed from the sheet's own earlier values (the trace's where it gives none).
    pub from_sheet: Value,
    pub verdict: Verdict,
    /// The slip that reproduces a wrong value.
    pub mistake: Option<Mistake>,
    /// True when a matrix was written in the other orientation.
    pub transposed: bool,
    /// True when that orientation is the notes' convention (units × samples), not a slip.
    pub columns: bool,
    /// Flat indices (row by row, in the quantity's orientation) of the numbers wrong or carried.
    pub wrong: Vec<usize>,
    /// For a value wrong or carried, the wrong or carried earlier values on the sheet it is
    /// computed from: when empty the mistake is new in this step.
    pub inherited_from: Vec<Quantity>,
}

impl Answer {
    pub fn is_right(&self) -> bool {
        self.verdict == Verdict::Right
    }
}

/// A quantity the first wrong value is computed from, and what the sheet says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub quantity: Quantity,
    /// None when the sheet does not give it; Some(true) when given and right at its digits.
    pub right: Option<bool>,
}

/// The first wrong value, in computation order.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstWrong {
    /// Index into [`Grade::answers`].
    pub answer: usize,
    pub inputs: Vec<Input>,
}

/// A graded answer sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub rule: Rule,
    /// How the network file stores its weights (the `layout` slip is named against it).
    pub layout: crate::nn::network::Layout,
    /// In computation order.
    pub answers: Vec<Answer>,
    pub first_wrong: Option<FirstWrong>,
    /// What grading read differently from the trace's form, once each.
    pub notes: Vec<String>,
}

impl Grade {
    /// How many values have verdict `v`.
    pub fn count(&self, v: Verdict) -> usize {
        self.answers.iter().filter(|a| a.verdict == v).count()
    }

    /// How many values are wrong.
    pub fn wrong(&self) -> usize {
        self.count(Verdict::Wrong)
    }

    /// True when every value is right.
    pub fn all_right(&self) -> bool {
        self.answers.iter().all(Answer::is_right)
    }
}

/// Grades the answer sheet `text` (read from `source`) against `step` by `rule`.
/// An error is the message for bad input: the sheet `source`, the place, what was found and expected.
pub fn grade(step: &Step, text: &str, source: &str, rule: Rule) -> Result<Grade, String> {
    let given = sheet::read(step, text, source)?;
    let mut order = step.computed();
    order.push(Quantity::LossAfter);
    // The sheet's own values, and the trace's computed the same way (for the slips).
    let (mut own, mut trace) = (Own::new(step), Own::new(step));
    let mut answers: Vec<Answer> = Vec::new();
    for (i, &q) in order.iter().enumerate() {
        let candidates = own.candidates(q);
        let first = answers.len();
        for g in given.iter().filter(|g| g.quantity == q) {
            answers.push(read_either_way([&own, &trace], &candidates, g, i, rule));
        }
        let exact = trace.candidates(q).swap_remove(0).value;
        trace.set(q, exact, Vec::new());
        let (value, sources) = match answers[first..].iter().find(|a| a.verdict != Verdict::Blank) {
            Some(a) => {
                // From here on the sheet's own value is the learner's.
                let value = own.matrix(q, &oriented(&a.given, a.transposed));
                (value, if a.wrong.is_empty() { Vec::new() } else { vec![q] })
            }
            None => {
                let c = &candidates[0];
                (c.value.clone(), own.sources(&c.from))
            }
        };
        own.set(q, value, sources);
    }
    let first_wrong = answers.iter().position(|a| a.verdict == Verdict::Wrong).map(|i| FirstWrong {
        answer: i,
        inputs: (step.inputs(answers[i].quantity).into_iter())
            .map(|quantity| {
                let right = (answers.iter())
                    .find(|a| {
                        a.quantity == quantity && a.order < answers[i].order && a.verdict != Verdict::Blank
                    })
                    .map(|a| a.verdict <= Verdict::Imprecise);
                Input { quantity, right }
            })
            .collect(),
    });
    let notes = match answers.iter().any(|a| a.columns) {
        true => vec![COLUMNS.to_string()],
        false => Vec::new(),
    };
    Ok(Grade { rule, layout: step.network.layout, answers, first_wrong, notes })
}

/// The note on a batch quantity written units × samples.
const COLUMNS: &str = "A batch quantity written units × samples (samples as columns, as in Z = W·X) is read as such; \
the trace writes one row per sample.";

/// `v` in the quantity's orientation: transposed back when it was written the other way.
fn oriented(v: &Value, transposed: bool) -> Value {
    match v {
        Value::Matrix(rows) if transposed => {
            let cols = rows.first().map_or(0, Vec::len);
            Value::Matrix((0..cols).map(|c| rows.iter().map(|r| r[c]).collect()).collect())
        }
        v => v.clone(),
    }
}

/// The written numbers in the quantity's orientation.
fn oriented_written(g: &Given) -> Vec<&Written> {
    let (rows, cols) = g.value.shape();
    match g.transposed {
        true => (0..cols * rows).map(|i| &g.written[(i % rows) * cols + i / rows]).collect(),
        false => g.written.iter().collect(),
    }
}

/// The verdict on one number `w`: the trace's value `exact`, and the values the sheet's own
/// earlier values give, each with whether a wrong value on the sheet is among them.
fn mark(rule: Rule, w: &Written, exact: f64, own: &[(f64, bool)]) -> Verdict {
    let mut correct =
        std::iter::once(exact).chain(own.iter().filter(|(_, carried)| !carried).map(|(x, _)| *x));
    match correct.find(|&c| rule.fits(w, c)) {
        Some(c) if rule.precise(w, c) => Verdict::Right,
        Some(_) => Verdict::Imprecise,
        None if own.iter().any(|&(c, carried)| carried && rule.fits(w, c)) => Verdict::Carried,
        None => Verdict::Wrong,
    }
}

/// The answer `g` as [`judge`] gives it; a square batch quantity in out_in that is wrong as rows
/// but not as columns is read as units × samples, the notes' convention.
fn read_either_way(
    chains: [&Own; 2],
    candidates: &[recompute::Candidate],
    g: &Given,
    order: usize,
    rule: Rule,
) -> Answer {
    let answer = judge(chains, candidates, g, order, rule);
    let step = chains[0].step;
    let (rows, cols) = g.value.shape();
    let square_batch =
        step.batch() && rows == cols && step.network.layout == crate::nn::network::Layout::OutIn;
    if answer.verdict != Verdict::Wrong || g.blank || !square_batch || !answer::per_sample(g.quantity) {
        return answer;
    }
    let columns = Given { transposed: true, columns: true, ..g.clone() };
    let other = judge(chains, candidates, &columns, order, rule);
    if other.verdict < Verdict::Wrong { other } else { answer }
}

/// The answer `g` for its quantity (at `order`), against the trace and the `candidates` the
/// sheet's own values give.
fn judge(
    chains: [&Own; 2],
    candidates: &[recompute::Candidate],
    g: &Given,
    order: usize,
    rule: Rule,
) -> Answer {
    let own = chains[0];
    let (step, q) = (own.step, g.quantity);
    let expected = step.value(q);
    let formula = notation::formula(step, q);
    let from_sheet = own.value(q, &candidates[0].value);
    if g.blank {
        let (given, written, wrong, inherited_from) = (g.value.clone(), Vec::new(), Vec::new(), Vec::new());
        let (verdict, mistake, transposed, columns) = (Verdict::Blank, None, false, false);
        let field = g.field.clone();
        return Answer {
            field,
            order,
            quantity: q,
            formula,
            given,
            written,
            expected,
            from_sheet,
            verdict,
            mistake,
            transposed,
            columns,
            wrong,
            inherited_from,
        };
    }
    let exact = expected.numbers();
    let computed: Vec<(Vec<f64>, bool)> = (candidates.iter())
        .map(|c| (own.value(q, &c.value).numbers(), !own.sources(&c.from).is_empty()))
        .collect();
    let written = oriented_written(g);
    let marks: Vec<Verdict> = (written.iter().enumerate())
        .map(|(i, w)| {
            let from: Vec<(f64, bool)> = computed.iter().map(|(xs, carried)| (xs[i], *carried)).collect();
            mark(rule, w, exact[i], &from)
        })
        .collect();
    let mut verdict = marks.iter().copied().max().unwrap_or(Verdict::Right);
    let mut mistake = None;
    if g.transposed && !g.columns {
        (verdict, mistake) = (Verdict::Wrong, Some(Mistake::Transposed));
    } else if verdict == Verdict::Wrong {
        let wrong: Vec<usize> = (0..marks.len()).filter(|&i| marks[i] == Verdict::Wrong).collect();
        mistake = slip(chains, &candidates[0].value, q, &written, &wrong, rule);
    }
    let wrong: Vec<usize> = (0..marks.len()).filter(|&i| marks[i] >= Verdict::Carried).collect();
    let inherited_from = match !wrong.is_empty() {
        true => own.sources(&candidates.iter().flat_map(|c| c.from.clone()).collect::<Vec<_>>()),
        false => Vec::new(),
    };
    Answer {
        field: g.field.clone(),
        order,
        quantity: q,
        formula,
        given: g.value.clone(),
        written: g.written.clone(),
        expected,
        from_sheet,
        verdict,
        mistake,
        transposed: g.transposed,
        columns: g.columns,
        wrong,
        inherited_from,
    }
}

/// The first slip that gives every `wrong` number of `written` (the numbers of `q`): each slip
/// from the sheet's own values (its own value of `q` is `own_q`), then from the trace's.
fn slip(
    chains: [&Own; 2],
    own_q: &DMatrix<f64>,
    q: Quantity,
    written: &[&Written],
    wrong: &[usize],
    rule: Rule,
) -> Option<Mistake> {
    let [own, trace] = chains;
    let from_trace = trace.candidates(q).swap_remove(0).value;
    // Both lists name the same slips in the same order.
    let slips = mistakes::slips(own, q, own_q);
    let slips_of_trace = mistakes::slips(trace, q, &from_trace);
    (slips.into_iter().zip(slips_of_trace)).flat_map(|(a, b)| [a, b]).find_map(|(m, v)| {
        let xs = v.numbers();
        wrong.iter().all(|&i| rule.fits(written[i], xs[i])).then_some(m)
    })
}
