//! Teaching tools, each a reader of the step: worked solutions, the chain rule of one entry,
//! grading, gradient checks, exercises, the computational graph and diagnostics.

pub mod check;
pub mod diagnostics;
pub mod exercise;
pub mod grade;
pub mod graph;
pub mod why;
pub mod worked;
