//! Any bytes as an answer sheet, graded against the notes' two-layer example.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::io::network_file::{Limits, parse};
use nettrace::step::Step;

const NET: &str = include_str!("../../networks/two_layer.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits { max_values: 1 << 14 };
    let file = parse(NET, "two_layer.json", limits).expect("the example is valid");
    let step = Step::compute(&file.network, file.samples.as_ref().expect("it has data"), 0.1, None);
    if nettrace::io::json::parse(text, "sheet.json", limits).is_err() {
        return;
    }
    let _ = nettrace::teach::grade::grade(&step, text, "sheet.json", nettrace::teach::grade::Rule::Digits(3));
});
