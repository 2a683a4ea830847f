//! Any bytes as a network file: parse, validate, trace one step and render it both ways.
//! Every outcome but a panic (or a hang) is fine: an input error, a numeric error or a trace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::render::{Style, json, table};
use nettrace::io::network_file::{Limits, parse};
use nettrace::step::{Options, trace};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // A small limit keeps every run fast; the checks are the same at any limit.
    let limits = Limits { max_values: 1 << 14 };
    let Ok(file) = parse(text, "fuzz.json", limits) else { return };
    let Some(samples) = file.samples.as_ref() else { return };
    let t = trace(&file, samples, Options { learning_rate: file.learning_rate, round: None });
    let _ = json::pretty(&t);
    let mut out = Vec::new();
    table::write(&t, Style::default(), &mut out).expect("writing to memory cannot fail");
});
