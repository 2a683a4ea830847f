//! Any bytes as a data file (IDX, gzipped or not, .npy, .npz or CSV, told apart by content):
//! the inputs of a 4-input, 3-class network, with and without a second file as labels.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nettrace::io::data::{Options, load};
use nettrace::io::network_file::{Limits, parse};

const NET: &str = r#"{"input_size": 4, "loss": "cross_entropy",
  "layers": [{"units": 3, "init": "zeros", "activation": "softmax"}]}"#;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_values: 1 << 14 };
    let net = parse(NET, "net.json", limits).expect("the fixed network is valid").network;
    // The first half is the inputs, the second the labels.
    let dir = std::env::temp_dir().join(format!("nettrace-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (x, y) = data.split_at(data.len() / 2);
    let (xs, ys) = (dir.join("x.bin"), dir.join("y.bin"));
    if std::fs::write(&xs, x).is_err() || std::fs::write(&ys, y).is_err() {
        return;
    }
    let (xs, ys) = (xs.to_string_lossy().into_owned(), ys.to_string_lossy().into_owned());
    let _ = load(&xs, &Options::default(), &net, limits);
    let _ = load(&xs, &Options { labels: Some(&ys), ..Options::default() }, &net, limits);
});
