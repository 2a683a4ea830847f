//! A file that asks for a huge network is refused from its shapes, never having stored more than
//! the limit's worth of numbers: the work a refusal does is bounded by --max-values, not by the
//! sizes the file names.

use nettrace::io::network_file::{Limits, parse};

#[test]
fn huge_shapes_are_refused_having_stored_at_most_the_limits_worth() {
    let cases = [
        r#"{"input_size": 100000, "layers": [{"units": 100000, "init": "zeros"}]}"#,
        r#"{"input_size": 1, "layers": [{"units": 18446744073709551615, "init": "zeros"}]}"#,
        r#"{"input_size": 18446744073709551615, "layers": [{"units": 2, "init": "zeros"}]}"#,
        r#"{"input_size": 600, "layers": [{"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"},
            {"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"}, {"units": 600, "init": "zeros"}]}"#,
    ];
    let limits = Limits { max_values: 1_000_000 };
    let mut peaks = Vec::new();
    for text in cases {
        let (result, _, peak) = super::measure(|| parse(text, "huge.json", limits));
        assert!(result.unwrap_err().to_string().contains("--max-values"));
        peaks.push(peak);
    }
    // One layer over the limit is refused before any weight is drawn (the smallest of them would
    // take 80 MB). Five layers of 360,000 weights each (14.4 MB) are refused at the third, which
    // crosses the limit: about the limit's worth of numbers (8 MB), never the whole network.
    assert!(peaks[..3].iter().all(|&p| p < 64 * 1024), "{peaks:?}");
    assert!(peaks[3] < 9 * 1024 * 1024, "{peaks:?}");
}
