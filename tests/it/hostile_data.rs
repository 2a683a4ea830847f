//! The hostile catalogue of the data readers: each case an attacker (or an accident) found, kept
//! here so it stays fixed. Bad input gets one short `nettrace: error:` line naming the file and
//! what was expected, exit 2, nothing on standard output; every read is bounded in time.

use crate::common::{example, nettrace};
use crate::data::{digits, gzip, idx, npy, npz, write};
use std::time::{Duration, Instant};

const CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/networks/data/digits.csv");
const INIT: [&str; 7] =
    ["init", "--sizes", "64,3,10", "--activations", "relu,softmax", "--loss", "cross_entropy"];

/// The message of `args`, which must fail as bad input: one line of at most 2 KB.
fn refusal(args: &[&str], stdin: &[u8]) -> String {
    let out = nettrace().args(args).write_stdin(stdin).timeout(Duration::from_secs(60)).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.len() <= 2048, "{} bytes: {}", err.len(), &err[..300]);
    err.trim().strip_prefix("nettrace: error: ").unwrap().to_string()
}

/// `train` on the digits network for one epoch with `args`, refused.
fn train_refusal(args: &[&str]) -> String {
    let net = example("digits");
    let all = [&["train", &net, "--epochs", "1"][..], args].concat();
    refusal(&all, b"")
}

/// The network file `init` writes with `args` (its standard output), reading `stdin`.
fn init(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = nettrace().args(INIT).args(args).write_stdin(stdin).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn data_read_from_a_pipe_keeps_the_bytes_read_to_tell_its_format() {
    // The digits CSV is 430 KB: its first 64 KiB were read to tell the format, then lost.
    let csv = std::fs::read(CSV).unwrap();
    let expected = init(&["--data", CSV], b"");
    assert_eq!(init(&["--data", "-"], &csv), expected);
    assert_eq!(init(&["--data", "/dev/stdin"], &csv), expected);

    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let y = write(dir.path(), "y.idx", &idx(0x08, &[n as u32], &d.labels));
    let images = idx(0x08, &[n as u32, 64], &d.pixels);
    let scaled = ["--labels", &y, "--pixel-scale", "16"];
    let from_file = init(&[&["--data", &write(dir.path(), "x.idx", &images)][..], &scaled].concat(), b"");
    assert_eq!(from_file, expected);
    // From a pipe an IDX file has no length to check ("the file has 0 bytes" was wrong).
    assert_eq!(init(&[&["--data", "/dev/stdin"][..], &scaled].concat(), &images), expected);

    let pixels: Vec<u8> = d.pixels.iter().flat_map(|&p| (p as f64 / 16.0).to_le_bytes()).collect();
    let x = npy("<f8", false, &[n, 64], &pixels);
    let y_npy = npy("|u1", false, &[n], &d.labels);
    assert_eq!(init(&["--data", "-", "--labels", &write(dir.path(), "y.npy", &y_npy)], &x), expected);
    // An .npz archive is read from its end: from a pipe it is read into memory first.
    let archive = npz(&[("X", x), ("y", y_npy)], true);
    assert_eq!(init(&["--data", "/dev/stdin"], &archive), expected);
}

#[test]
fn two_inputs_on_standard_input_are_refused_up_front() {
    assert_eq!(
        refusal(&[&INIT[..], &["--data", "-", "--labels", "-"]].concat(), b""),
        "--labels -: the data is read from standard input already, which holds one file; give the labels as a file"
    );
    assert_eq!(
        refusal(&[&INIT[..], &["--data", "/dev/stdin", "--labels", "-"]].concat(), b""),
        "--labels -: the data is read from standard input already, which holds one file; give the labels as a file"
    );
    assert_eq!(
        refusal(&[&INIT[..], &["--data", "-", "--labels", "/dev/fd/0"]].concat(), b""),
        "--labels /dev/fd/0: the data is read from standard input already, which holds one file; give the labels as a file"
    );
}

#[test]
fn an_npz_member_whose_crc_does_not_match_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let x = npy("|u1", false, &[n, 64], &d.pixels);
    let mut archive = npz(&[("X", x.clone()), ("y", npy("|u1", false, &[n], &d.labels))], false);
    // A stored member: its bytes lie as they are. Flip one pixel.
    let at = archive.windows(x.len()).position(|w| w == x).unwrap() + x.len() - 1;
    archive[at] ^= 1;
    let path = write(dir.path(), "d.npz", &archive);
    assert_eq!(
        train_refusal(&["--data", &path]),
        format!("{path} (array \"X\"): its CRC-32 does not match its data: the archive is corrupt")
    );
}

#[test]
fn pixels_scaled_past_f64_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len() as u32;
    let x = write(dir.path(), "x.idx", &idx(0x08, &[n, 64], &d.pixels));
    let y = write(dir.path(), "y.idx", &idx(0x08, &[n], &d.labels));
    for command in [&INIT[..], &["train", &example("digits")][..]] {
        let args = [command, &["--data", &x, "--labels", &y, "--pixel-scale", "1e-308"]].concat();
        assert_eq!(
            refusal(&args, b""),
            format!(
                "{x}: --pixel-scale 1e-308 makes a pixel of 255 into inf; expected a scale that keeps pixels finite, such as 255"
            )
        );
    }
}

/// A .npy file whose header is `header` (padded as NumPy pads it), with no values.
fn npy_with_header(header: &str) -> Vec<u8> {
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16 + 1).to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes.push(b'\n');
    bytes
}

#[test]
fn hostile_npy_headers_answer_at_once_and_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let y = write(dir.path(), "y.npy", &npy("|u1", false, &[1797], &digits().labels));
    let nested =
        format!("{{'descr': '<f4', 'fortran_order': False, 'shape': {}3{}}}", "(".repeat(20), ")".repeat(20));
    let cases = [
        // 14 unbalanced braces took minutes (4× per brace); a shape nested 20 deep, 30 s.
        ("{".repeat(14) + &" ".repeat(154), "brackets nest deeper than 4 at byte 4".to_string()),
        (nested, "brackets nest deeper than 4 at byte 53".to_string()),
        (
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1797, 64), 'shape': (1797, 64)}".into(),
            "the key 'shape' is given twice".into(),
        ),
        // A 60 KB header of one string was echoed whole.
        (format!("{{'descr': '{}'}}", "x".repeat(60_000)), "the key 'fortran_order' is missing".into()),
        (
            format!("{{'{}': 1}}", "k".repeat(60_000)),
            "unexpected key a long string; expected 'descr', 'fortran_order' and 'shape'".into(),
        ),
        (
            format!("{{'descr': '<f4', {}", "z".repeat(60_000)),
            "expected a value (True, False, None, a number, a string or brackets) at byte 17, found 'z'"
                .into(),
        ),
    ];
    for (i, (header, expected)) in cases.iter().enumerate() {
        let path = write(dir.path(), &format!("h{i}.npy"), &npy_with_header(header));
        let start = Instant::now();
        let message = train_refusal(&["--data", &path, "--labels", &y]);
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        assert_eq!(message, format!("{path}: not a valid .npy header: {expected}"));
    }
}

#[test]
fn bytes_after_an_npy_array_are_refused_as_after_an_idx_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let y = write(dir.path(), "y.npy", &npy("|u1", false, &[n], &d.labels));
    let long = [npy("|u1", false, &[n, 64], &d.pixels), b"abc".to_vec()].concat();
    let path = write(dir.path(), "x.npy", &long);
    assert_eq!(
        train_refusal(&["--data", &path, "--labels", &y]),
        format!("{path}: has 3 bytes after the 1797×64 '|u1' (uint8) its header announces")
    );
    let gz = write(dir.path(), "x.npy.gz", &gzip(&long));
    assert_eq!(
        train_refusal(&["--data", &gz, "--labels", &y]),
        format!("{gz}: has more data after the 1797×64 '|u1' (uint8) its header announces")
    );
}

#[test]
fn gzip_with_bytes_after_its_data_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(CSV).unwrap();
    let path = write(dir.path(), "d.csv.gz", &[gzip(&csv), b"\0\0\0\0".to_vec()].concat());
    assert_eq!(
        train_refusal(&["--data", &path]),
        format!(
            "{path}: cannot read: bytes follow its gzip data (the first is 00); expected the file to end there"
        )
    );
}

#[test]
fn a_missing_npz_array_names_a_few_of_thousands() {
    let dir = tempfile::tempdir().unwrap();
    let arrays: Vec<(String, Vec<u8>)> = (0..20_000).map(|i| (format!("a{i}"), Vec::new())).collect();
    let arrays: Vec<(&str, Vec<u8>)> = arrays.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let path = write(dir.path(), "many.npz", &npz(&arrays, false));
    assert_eq!(
        train_refusal(&["--data", &path]),
        format!(
            "{path}: has no array named \"X\" (it holds a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 19990 more); choose one with --x NAME"
        )
    );
}

#[test]
fn a_csv_with_lone_carriage_returns_names_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = std::fs::read_to_string(CSV).unwrap().lines().map(String::from).collect();
    lines[4] = lines[4].replacen(',', ",x", 1);
    let path = write(dir.path(), "mac.csv", lines.join("\r").as_bytes());
    let message = train_refusal(&["--data", &path]);
    assert!(message.starts_with(&format!("{path}: line 5, column 2 (")), "{message}");
}

#[test]
fn run_data_is_held_to_max_values_before_the_step_is_computed() {
    let dir = tempfile::tempdir().unwrap();
    let net = write(
        dir.path(),
        "wide.json",
        br#"{"input_size": 64, "loss": "cross_entropy", "layers": [
            {"units": 2000, "init": "zeros", "activation": "relu"},
            {"units": 10, "init": "zeros", "activation": "softmax"}]}"#,
    );
    let limit = ["--max-values", "1000000"];
    assert_eq!(
        refusal(&[&["run", &net, "--data", CSV][..], &limit].concat(), b""),
        format!(
            "{CSV}: 1797 samples need 14562888 values to trace, over the limit of 1000000 (trace fewer with --samples A..B, or raise the limit with --max-values)"
        )
    );
    let ranged = refusal(&[&["run", &net, "--data", CSV, "--samples", "1..200"][..], &limit].concat(), b"");
    assert!(ranged.starts_with(&format!("{CSV}: 200 samples need ")), "{ranged}");
    let one = nettrace()
        .args(["run", &net, "--data", CSV, "--sample", "1", "--json"])
        .args(limit)
        .output()
        .unwrap();
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
}

#[test]
fn empty_arrays_and_objects_count_against_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!("{{\"fc.weight\": [{}[]], \"fc.bias\": [0]}}", "[], {}, ".repeat(5_000));
    let path = write(dir.path(), "state.json", doc.as_bytes());
    let out = dir.path().join("net.json");
    assert_eq!(
        refusal(
            &[
                "import",
                "--from",
                "torch-state-dict",
                &path,
                "--output",
                out.to_str().unwrap(),
                "--max-values",
                "1000"
            ],
            b""
        ),
        format!("{path}: holds more than 1000 values, over the limit (raise it with --max-values)")
    );
    assert!(!out.exists());
}

#[test]
fn an_import_with_many_layers_names_a_few() {
    let dir = tempfile::tempdir().unwrap();
    let layers: Vec<String> =
        (0..5_000).map(|i| format!("\"layer{i}.weight\": [[1]], \"layer{i}.bias\": [0]")).collect();
    let path = write(dir.path(), "state.json", format!("{{{}}}", layers.join(", ")).as_bytes());
    assert_eq!(
        refusal(&["import", "--from", "torch-state-dict", &path, "--activations", "relu"], b""),
        format!(
            "--activations gives 1 but {path} has 5000 layers (layer0, layer1, layer2, layer3, layer4, layer5, layer6, layer7, layer8, layer9 and 4990 more); give one per layer"
        )
    );
}

#[test]
fn an_idx_label_file_of_two_dimensions_names_its_dimension_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len() as u32;
    let x = write(dir.path(), "x.idx", &idx(0x08, &[n, 64], &d.pixels));
    let y = write(dir.path(), "y.idx", &idx(0x08, &[n, 1], &d.labels));
    assert_eq!(
        train_refusal(&["--data", &x, "--labels", &y]),
        format!(
            "{y}: has shape 1797×1 (its magic number 00 00 08 02 gives 2 dimensions in its fourth byte); expected 1797 (classes) or 1797×10 (targets) for a network with 10 outputs"
        )
    );
}

#[test]
fn python_in_a_network_file_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "py.json",
        b"{\"input_size\": 2, \"layers\": [{\"units\": 1, \"activation\": 'relu'}]}",
    );
    assert_eq!(
        refusal(&["run", &path], b""),
        format!(
            "{path}: invalid JSON at line 1, column 57: expected value (JSON is not Python: strings take double quotes, as \"relu\")"
        )
    );
}

/// Mutations of NumPy's own header, as a fuzzer makes them: brackets, quotes, keys and digits
/// inserted, bytes deleted and slices repeated. A header parser that backtracks (the one before
/// took minutes over 14 unbalanced braces) cannot pass; each must answer in well under a second.
#[test]
fn mutated_npy_headers_answer_at_once() {
    use crate::common::Random;
    use nettrace::io::data::{Options, load};
    use nettrace::io::network_file::{Limits, parse};
    let net = r#"{"input_size": 4, "loss": "cross_entropy",
        "layers": [{"units": 3, "init": "zeros", "activation": "softmax"}]}"#;
    let net = parse(net, "net.json", Limits::default()).unwrap().network;
    let dir = tempfile::tempdir().unwrap();
    let labels = write(dir.path(), "y.npy", &npy("|u1", false, &[2], &[0, 1]));
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }".as_bytes();
    let pieces: &[&str] =
        &["{", "(", "[", "}", ")", "]", "'", "\"", ",", ":", "'shape': ", "1", "-", "L", " ", "\\"];
    let mut random = Random::new(18);
    let (mut slowest, started) = (Duration::ZERO, Instant::now());
    for i in 0..400 {
        let mut h = header.to_vec();
        for _ in 0..random.int(1, 30) {
            let at = random.int(0, h.len());
            match random.int(0, 3) {
                0 | 1 => h.splice(at..at, random.pick(pieces).bytes()).for_each(drop),
                2 if at < h.len() => drop(h.remove(at)),
                _ => {
                    let end = random.int(at, h.len());
                    let slice = h[at..end].to_vec();
                    h.splice(at..at, slice).for_each(drop)
                }
            }
        }
        let text = String::from_utf8_lossy(&h);
        let path = write(dir.path(), &format!("m{i}.npy"), &[npy_with_header(&text), vec![0; 32]].concat());
        let start = Instant::now();
        let result =
            load(&path, &Options { labels: Some(&labels), ..Options::default() }, &net, Limits::default());
        slowest = slowest.max(start.elapsed());
        if let Err(e) = result {
            assert!(e.to_string().len() < 2048, "{e}");
        }
    }
    assert!(slowest < Duration::from_millis(500), "slowest header: {slowest:?}");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

/// Found by the `data_file` fuzz target: a dtype whose kind is a character of two bytes.
#[test]
fn a_dtype_of_any_character_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let y = write(dir.path(), "y.npy", &npy("|u1", false, &[1797], &digits().labels));
    let path = write(dir.path(), "x.npy", &npy("é4", false, &[1797, 64], &[]));
    assert_eq!(
        train_refusal(&["--data", &path, "--labels", &y]),
        format!(
            "{path}: its dtype \"é4\" (not a type NumPy writes) is not supported; expected float32, float64 or an integer type (int8 to uint64)"
        )
    );
}
