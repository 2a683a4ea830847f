//! Any bytes as a network file: parse, validate, take one step and render it as tables, JSON and
//! a worked solution. Every outcome but a panic (or a hang) is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::io::network_file::{Limits, parse};
use nettrace::render::{Style, Traced, json, markdown, table, trace};
use nettrace::step::Step;
use nettrace::teach::{diagnostics::diagnose, worked};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A small limit keeps every run fast; the checks are the same at any limit.
    let limits = Limits { max_values: 1 << 14 };
    let Ok(file) = parse(text, "fuzz.json", limits) else { return };
    let Some(samples) = file.samples.as_ref() else { return };
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    let findings = diagnose(&step);
    let traced = Traced { step: &step, name: file.name.as_deref(), description: None, diagnostics: Some(&findings) };
    let _ = json::pretty(&trace::trace(&traced));
    let mut out = Vec::new();
    table::write(&traced, Style::default(), &mut out).expect("writing to memory cannot fail");
    let w = worked::build(&step, file.name.as_deref(), file.description.as_deref());
    markdown::write(&w, 6, &mut out).expect("writing to memory cannot fail");
});
