//! The integration tests, one binary: each module covers a command or a property of the trace.
//! Tests that need a tool which may be missing (Graphviz, KaTeX, chromium, PyTorch, pdflatex, a terminal
//! through util-linux `script`) are `#[ignore]`d with the tool named; run them with
//! `cargo test -- --ignored NAME` where the tool is installed (docs/testing.md).

mod accumulate;
mod autodiff;
mod check;
mod common;
mod data;
mod diagnostics;
mod diagnostics_grouped;
mod direction;
mod docs;
mod errors;
mod escaping;
mod exercise;
mod export_torch;
mod faults;
mod faults_files;
mod formulas;
mod grade;
mod grade_class;
mod grade_digits;
mod grade_mistakes;
mod grade_slips;
mod grade_truth;
mod graph;
mod help_width;
mod hostile;
mod hostile_data;
mod hostile_limits;
mod hostile_options;
mod hostile_outputs;
mod html;
mod import;
mod init_given;
mod json_bytes;
mod names;
mod names_pytorch;
mod paths;
mod pause;
mod peer_fixtures;
mod report;
mod report_charts;
mod run;
mod schema;
mod screen;
mod shell;
mod step;
mod threads;
mod torch_reference;
mod train;
mod train_chart;
mod train_width;
mod why;
mod wording;
mod worked;
