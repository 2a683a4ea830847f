//! A class: several answer sheets graded against one step, and how often each slip was made.

use super::{Grade, Mistake, Verdict};
use crate::step::Quantity;

/// One graded sheet of a class.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file, as named on the command line (or found in a directory).
    pub file: String,
    pub grade: Grade,
}

/// How many wrong values of one quantity a slip (or no named slip) explains across a class.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub quantity: Quantity,
    pub mistake: Option<Mistake>,
    pub count: usize,
}

/// The wrong values of the class by (quantity, mistake), most frequent first, then in
/// computation order.
pub fn mistakes(sheets: &[Sheet]) -> Vec<Count> {
    let mut out: Vec<(usize, Count)> = Vec::new();
    for a in sheets.iter().flat_map(|s| &s.grade.answers).filter(|a| a.verdict == Verdict::Wrong) {
        match out.iter_mut().find(|(_, c)| c.quantity == a.quantity && c.mistake == a.mistake) {
            Some((_, c)) => c.count += 1,
            None => out.push((a.order, Count { quantity: a.quantity, mistake: a.mistake, count: 1 })),
        }
    }
    out.sort_by_key(|(order, c)| (std::cmp::Reverse(c.count), *order, c.mistake.map(Mistake::name)));
    out.into_iter().map(|(_, c)| c).collect()
}

/// True when every value of every sheet is right.
pub fn all_right(sheets: &[Sheet]) -> bool {
    sheets.iter().all(|s| s.grade.all_right())
}
