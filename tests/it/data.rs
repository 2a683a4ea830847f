//! Data files other than CSV (IDX, gzipped or not; .npy; .npz), written here from
//! networks/data/digits.csv: training on each gives exactly the CSV's epochs, and every bad file
//! is refused with exit status 2, naming the file and the problem.

use crate::common::{example, nettrace};
use std::io::Write;

mod errors;
use std::path::{Path, PathBuf};

const CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/networks/data/digits.csv");

/// The digits: 1797 samples of 64 pixels k/16 (k the byte in 0..=16), and their classes.
pub struct Digits {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

pub fn digits() -> Digits {
    let text = std::fs::read_to_string(CSV).unwrap();
    let (mut pixels, mut labels) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<f64> = line.split(',').map(|c| c.parse().unwrap()).collect();
        pixels.extend(cells[..64].iter().map(|v| (v * 16.0) as u8));
        labels.push(cells[64] as u8);
    }
    Digits { pixels, labels }
}

/// An IDX file: 00 00, the type, the dimensions (big-endian u32), the values.
pub fn idx(kind: u8, dims: &[u32], values: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0, 0, kind, dims.len() as u8];
    dims.iter().for_each(|d| bytes.extend(d.to_be_bytes()));
    bytes.extend(values);
    bytes
}

/// A .npy file (format 1.0) of `descr` values in the given order.
pub fn npy(descr: &str, fortran: bool, shape: &[usize], values: &[u8]) -> Vec<u8> {
    let dims: String = shape.iter().map(|d| format!("{d},")).collect();
    let order = if fortran { "True" } else { "False" };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': ({dims}), }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes.extend(values);
    bytes
}

/// An .npz archive of (name, .npy bytes), stored or deflated.
pub fn npz(arrays: &[(&str, Vec<u8>)], deflated: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflated { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in arrays {
        zip.start_file(format!("{name}.npy"), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The pixels as f64 (k/16, as the CSV holds them), in C order or (for a 1797×64 array) Fortran order.
fn as_f64(d: &Digits, fortran: bool, big_endian: bool) -> Vec<u8> {
    let value = |r: usize, c: usize| d.pixels[r * 64 + c] as f64 / 16.0;
    let n = d.labels.len();
    let order: Vec<(usize, usize)> = if fortran {
        (0..64).flat_map(|c| (0..n).map(move |r| (r, c))).collect()
    } else {
        (0..n).flat_map(|r| (0..64).map(move |c| (r, c))).collect()
    };
    let bytes = |v: f64| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    order.into_iter().flat_map(|(r, c)| bytes(value(r, c))).collect()
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// `train --json` on the digits network: its whole standard output.
fn train(data: &[&str]) -> Vec<u8> {
    let out = nettrace()
        .args(["train", &example("digits"), "--epochs", "2", "--batch-size", "64", "--json"])
        .args(data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{data:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn every_format_trains_exactly_as_the_csv_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let expected = train(&["--data", CSV]);
    assert_eq!(String::from_utf8_lossy(&expected).lines().count(), 2);

    let images = idx(0x08, &[n as u32, 8, 8], &d.pixels);
    let labels = idx(0x08, &[n as u32], &d.labels);
    let x_idx = write(dir.path(), "images-idx3-ubyte", &images);
    let y_idx = write(dir.path(), "labels-idx1-ubyte", &labels);
    let x_gz = write(dir.path(), "images-idx3-ubyte.gz", &gzip(&images));
    let y_gz = write(dir.path(), "labels-idx1-ubyte.gz", &gzip(&labels));
    // Pixels k are k/16 in the CSV: --pixel-scale 16 reads the same numbers.
    let idx_runs = [[&x_idx, &y_idx], [&x_gz, &y_gz], [&x_idx, &y_gz]];

    let f64_le = write(dir.path(), "x64.npy", &npy("<f8", false, &[n, 64], &as_f64(&d, false, false)));
    let f64_be_fortran = write(dir.path(), "xf.npy", &npy(">f8", true, &[n, 64], &as_f64(&d, true, true)));
    let f32_be: Vec<u8> = d.pixels.iter().flat_map(|&k| (k as f32 / 16.0).to_be_bytes()).collect();
    let f32_be = write(dir.path(), "x32.npy", &npy(">f4", false, &[n, 8, 8], &f32_be));
    let y_i64: Vec<u8> = d.labels.iter().flat_map(|&k| (k as i64).to_le_bytes()).collect();
    let y_i64 = write(dir.path(), "y64.npy", &npy("<i8", false, &[n], &y_i64));
    let y_u8 = write(dir.path(), "y8.npy", &npy("|u1", false, &[n], &d.labels));
    let one_hot: Vec<u8> = d
        .labels
        .iter()
        .flat_map(|&k| (0..10).flat_map(move |c| f64::from(u8::from(c == k)).to_le_bytes()))
        .collect();
    let y_targets = write(dir.path(), "t.npy", &npy("<f8", false, &[n, 10], &one_hot));
    let npy_runs = [[&f64_le, &y_i64], [&f64_be_fortran, &y_u8], [&f32_be, &y_targets]];

    let x = npy("<f8", false, &[n, 64], &as_f64(&d, false, false));
    let y = npy("|u1", false, &[n], &d.labels);
    let stored = write(dir.path(), "d.npz", &npz(&[("X", x.clone()), ("y", y.clone())], false));
    let deflated = write(dir.path(), "named.npz", &npz(&[("images", x), ("classes", y)], true));

    for [x, y] in idx_runs {
        assert_eq!(train(&["--data", x, "--labels", y, "--pixel-scale", "16"]), expected, "{x} {y}");
    }
    for [x, y] in npy_runs {
        assert_eq!(train(&["--data", x, "--labels", y]), expected, "{x} {y}");
    }
    assert_eq!(train(&["--data", &stored]), expected);
    assert_eq!(train(&["--data", &deflated, "--x", "images", "--y", "classes"]), expected);
}

#[test]
fn integers_and_fortran_order_of_many_dimensions_read_as_the_csv_of_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    // The same pixels as integers 0..16, in a CSV and in .npy arrays.
    let mut csv = (0..64).map(|c| format!("p{c},")).collect::<String>() + "label\n";
    for (r, label) in d.labels.iter().enumerate() {
        let row: Vec<String> = d.pixels[r * 64..(r + 1) * 64].iter().map(u8::to_string).collect();
        csv.push_str(&format!("{},{label}\n", row.join(",")));
    }
    let csv = write(dir.path(), "ints.csv", csv.as_bytes());
    let expected = train(&["--data", &csv, "--lr", "0.001"]);
    let i16s: Vec<u8> = d.pixels.iter().flat_map(|&k| (k as i16).to_le_bytes()).collect();
    let c_order = write(dir.path(), "x16.npy", &npy("<i2", false, &[n, 8, 8], &i16s));
    // Fortran order of n×8×8: index (s, i, j) at s + n·(i + 8·j).
    let fortran: Vec<u8> = (0..8)
        .flat_map(|j| (0..8).flat_map(move |i| (0..n).map(move |s| (s, i, j))))
        .flat_map(|(s, i, j)| (d.pixels[s * 64 + i * 8 + j] as u32).to_be_bytes())
        .collect();
    let fortran = write(dir.path(), "xf.npy", &npy(">u4", true, &[n, 8, 8], &fortran));
    let labels = write(dir.path(), "y.npy", &npy("|u1", false, &[n], &d.labels));
    let images = write(dir.path(), "x-idx3-ubyte", &idx(0x08, &[n as u32, 8, 8], &d.pixels));
    let idx_labels = write(dir.path(), "y-idx1-ubyte", &idx(0x08, &[n as u32], &d.labels));
    for x in [&c_order, &fortran] {
        assert_eq!(train(&["--data", x, "--labels", &labels, "--lr", "0.001"]), expected, "{x}");
    }
    let scaled = ["--data", &images, "--labels", &idx_labels, "--pixel-scale", "1", "--lr", "0.001"];
    assert_eq!(train(&scaled), expected);
}

#[test]
fn validation_data_in_any_format_and_a_reproducible_holdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let x = write(dir.path(), "x-idx3-ubyte", &idx(0x08, &[n as u32, 8, 8], &d.pixels));
    let y = write(dir.path(), "y-idx1-ubyte.gz", &gzip(&idx(0x08, &[n as u32], &d.labels)));
    let lines = |out: Vec<u8>| -> Vec<serde_json::Value> {
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    // Validating on the training data itself measures the same numbers twice.
    let csv = train(&["--data", CSV, "--validation", CSV]);
    for epoch in lines(csv.clone()) {
        assert_eq!(epoch["val_loss"], epoch["loss"]);
        assert_eq!(epoch["val_accuracy"], epoch["accuracy"]);
    }
    let idx_args = ["--validation", &x, "--validation-labels", &y, "--pixel-scale", "16"];
    assert_eq!(train(&[&["--data", CSV][..], &idx_args].concat()), csv);

    // --holdout 0.25 --seed 3: the first round(0.25·N) of the seeded shuffle are held out.
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
    for i in (1..n).rev() {
        let j = ((rand::Rng::next_u64(&mut rng) as u128 * (i as u128 + 1)) >> 64) as usize;
        order.swap(i, j);
    }
    let held: std::collections::HashSet<usize> =
        order[..(0.25 * n as f64).round() as usize].iter().copied().collect();
    let text = std::fs::read_to_string(CSV).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let rows: Vec<&str> = rows.lines().filter(|l| !l.trim().is_empty()).collect();
    let part = |keep: bool| -> String {
        let kept = (0..n).filter(|i| held.contains(i) != keep).map(|i| rows[i]).collect::<Vec<_>>();
        format!("{header}\n{}\n", kept.join("\n"))
    };
    let train_csv = write(dir.path(), "train.csv", part(true).as_bytes());
    let held_csv = write(dir.path(), "held.csv", part(false).as_bytes());
    let by_hand = train(&["--data", &train_csv, "--validation", &held_csv]);
    assert_eq!(train(&["--data", CSV, "--holdout", "0.25", "--seed", "3"]), by_hand);
    assert_ne!(by_hand, train(&["--data", CSV, "--holdout", "0.25", "--seed", "4"]));

    // The table and the plot show the validation figures too.
    let svg = dir.path().join("loss.svg");
    let out = nettrace()
        .args(["train", &example("digits"), "--data", CSV, "--epochs", "2", "--holdout", "0.25", "--plot"])
        .arg(&svg)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("validation: 449 samples"), "{text}");
    assert!(text.contains("val L") && text.contains("val acc"), "{text}");
    assert!(text.contains("; validation L = "), "{text}");
    let plot = std::fs::read_to_string(&svg).unwrap();
    assert!(plot.contains("validation L") && plot.contains("validation accuracy"));
}

#[test]
fn init_embeds_and_run_traces_samples_of_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len() as u32;
    let x = write(dir.path(), "x.idx", &idx(0x08, &[n, 64], &d.pixels));
    let y = write(dir.path(), "y.idx", &idx(0x08, &[n], &d.labels));
    let init = ["init", "--sizes", "64,3,10", "--activations", "relu,softmax", "--loss", "cross_entropy"];
    let from_csv = nettrace().args(init).args(["--data", CSV]).output().unwrap();
    assert!(from_csv.status.success());
    let from_idx =
        nettrace().args(init).args(["--data", &x, "--labels", &y, "--pixel-scale", "16"]).output().unwrap();
    assert_eq!(from_idx.stdout, from_csv.stdout);

    // Sample K of the data traces as a network file holding that sample alone would.
    let mut net: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("digits")).unwrap()).unwrap();
    let row = |k: usize| -> (Vec<f64>, Vec<f64>) {
        let x = d.pixels[k * 64..(k + 1) * 64].iter().map(|&p| p as f64 / 16.0).collect();
        let y = (0..10).map(|c| f64::from(u8::from(c == d.labels[k]))).collect();
        (x, y)
    };
    let run = |args: &[&str]| nettrace().args(["run", "--json"]).args(args).output().unwrap();
    let (x3, y3) = row(2);
    net["input"] = serde_json::json!(x3);
    net["target"] = serde_json::json!(y3);
    let one = write(dir.path(), "one.json", net.to_string().as_bytes());
    let sampled = run(&[&example("digits"), "--data", CSV, "--sample", "3"]);
    assert!(sampled.status.success(), "{}", String::from_utf8_lossy(&sampled.stderr));
    assert_eq!(sampled.stdout, run(&[&one]).stdout);

    // Five samples: four converted from bytes at a time, and one more.
    let rows: Vec<_> = (1..6).map(row).collect();
    let mut net = net;
    net.as_object_mut().unwrap().remove("input");
    net.as_object_mut().unwrap().remove("target");
    net["inputs"] = serde_json::json!(rows.iter().map(|r| &r.0).collect::<Vec<_>>());
    net["targets"] = serde_json::json!(rows.iter().map(|r| &r.1).collect::<Vec<_>>());
    let batch = write(dir.path(), "batch.json", net.to_string().as_bytes());
    let ranged =
        run(&[&example("digits"), "--data", &x, "--labels", &y, "--pixel-scale", "16", "--samples", "2..6"]);
    assert_eq!(ranged.stdout, run(&[&batch]).stdout);

    let beyond = run(&[&example("digits"), "--data", CSV, "--samples", "1797..1798"]);
    assert_eq!(beyond.status.code(), Some(2));
    assert!(beyond.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&beyond.stderr).trim(),
        format!("nettrace: error: --samples 1797..1798: {CSV} holds 1797 samples (1 to 1797)")
    );
}
