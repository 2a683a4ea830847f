//! Any bytes as CSV training data for a 2-input, 2-output network.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::io::network_file::{Limits, parse};

const NET: &str = r#"{"input_size": 2, "loss": "cross_entropy",
  "layers": [{"weights": [[0.1, 0.2], [0.3, 0.4]], "activation": "softmax"}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits { max_values: 1 << 14 };
    let net = parse(NET, "net.json", limits).expect("the fixed network is valid").network;
    let _ = nettrace::io::data::csv::parse(text, "fuzz.csv", &net, limits);
});
