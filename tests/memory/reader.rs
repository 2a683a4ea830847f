//! The network file reader builds no tree of the text: it stores each number once, as it
//! arrives, and refuses a file over the size limit having stored only the limit's worth.

use nettrace::io::network_file::{Limits, parse};

/// The most bytes live at once while `f` runs.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (r, _, peak) = super::measure(f);
    (r, peak)
}

/// A one-layer network whose weights are `rows` rows of `cols` numbers.
fn network(rows: usize, cols: usize) -> String {
    let row = format!("[{}]", vec!["0.25"; cols].join(","));
    format!(r#"{{"layers": [{{"weights": [{}]}}]}}"#, vec![row; rows].join(","))
}

#[test]
fn the_reader_stores_each_number_once_and_stops_at_the_limit() {
    // 10 million numbers (50 MB of text) against a limit of 100: refused after the 101st.
    let text = network(10, 1_000_000);
    let (result, peak) = peak_during(|| parse(&text, "big.json", Limits { max_values: 100 }));
    let err = result.unwrap_err().to_string();
    assert!(err.contains("is parameter number 101, over the limit of 100"), "{err}");
    assert!(peak < 64 * 1024, "refusing took {peak} bytes");

    // A million numbers within the limit: 8 MB as f64. At most two copies are live at once (the
    // vector they are read into as it doubles; then it and the out_in weight matrix): about
    // 16 MB. A tree of JSON values would take more than 32 MB for the numbers alone.
    let text = network(1000, 1000);
    let (result, peak) = peak_during(|| parse(&text, "big.json", Limits::default()));
    assert_eq!(result.unwrap().network.parameter_count(), 1_001_000);
    assert!(peak < 20 * 1024 * 1024, "reading took {peak} bytes");
}
