//! Every line of a worked solution is printed from the formula tree: each equation's substituted
//! line is, piece by piece, a right-hand side of its formula with the step's numbers in its
//! slots, for every example and 100 random networks (every loss, both layouts, one sample and a
//! batch). Hand-written TeX for a line (∂L/∂ŷ, softmax with cross-entropy's δ[L], the loss)
//! cannot pass.

use crate::common::{EXAMPLES, Random, example};
use nettrace::io::network_file::{Limits, NetworkFile, parse};
use nettrace::notation::formulas::{Form, formula};
use nettrace::notation::substituted::{Part, parts};
use nettrace::step::Step;
use nettrace::teach::worked::{Piece, build};

/// The TeX of a line with every number a slot.
fn shape_of_pieces(pieces: &[Piece]) -> Vec<Option<String>> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Tex(t) => Some(t.clone()),
            Piece::Num(_) => None,
        })
        .collect()
}

fn shape_of_parts(parts: &[Part]) -> Vec<Option<String>> {
    parts
        .iter()
        .map(|p| match p {
            Part::Tex(t) => Some(t.clone()),
            Part::Sym(_) | Part::PhiPrime(_) => None,
        })
        .collect()
}

fn check(file: &NetworkFile, case: &str) -> usize {
    let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
    let worked = build(&step, None, None);
    let mut lines = 0;
    for eq in worked.sections.iter().flat_map(|s| &s.equations) {
        if eq.substituted.is_empty() {
            continue;
        }
        let f = formula(&step, eq.quantity, Form::typeset(&step));
        let line = shape_of_pieces(&eq.substituted);
        let from_tree = f.rhs.iter().any(|rhs| shape_of_parts(&parts(rhs)) == line);
        assert!(from_tree, "{case}: {:?} is not a formula of the tree: {line:?}", eq.quantity);
        lines += 1;
    }
    lines
}

#[test]
fn every_substituted_line_is_printed_from_its_formula() {
    for &name in EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let file = parse(&text, name, Limits::default()).unwrap();
        // ∂L/∂ŷ (or softmax's δ[L]) and the loss among them.
        assert!(check(&file, name) >= 8, "{name}");
    }
    let mut rng = Random::new(2019);
    for case in 0..100 {
        let text = rng.network(false).to_string();
        let file = parse(&text, "random.json", Limits::default()).unwrap();
        check(&file, &format!("case {case}: {text}"));
    }
}
