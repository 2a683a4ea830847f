//! Any bytes as a file to import: network2.py's JSON and a PyTorch state_dict.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::io::network_file::Limits;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits { max_values: 1 << 14 };
    let Ok(doc) = nettrace::io::json::parse(text, "import.json", limits) else { return };
    let _ = nettrace::io::import::nielsen(&doc, "import.json", None, limits);
    let _ = nettrace::io::import::torch_state_dict(&doc, "import.json", &[], None, limits);
});
