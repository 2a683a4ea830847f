//! `--threads`: the numbers of training do not depend on how many threads multiply the matrices.

use crate::common::{Random, example, nettrace};
use std::path::Path;

/// Plain IDX files of `n` random 28×28 images and their labels (0–9) in `dir`.
fn idx_files(dir: &Path, n: usize) -> (String, String) {
    let mut random = Random::new(7);
    let mut images = vec![0, 0, 8, 3];
    for size in [n as u32, 28, 28] {
        images.extend(size.to_be_bytes());
    }
    // Mostly dark pixels, as in handwritten digits.
    images.extend((0..n * 784).map(|_| if random.unit() < 0.7 { 0 } else { random.int(1, 255) as u8 }));
    let mut labels = vec![0, 0, 8, 1];
    labels.extend((n as u32).to_be_bytes());
    labels.extend((0..n).map(|_| random.int(0, 9) as u8));
    let (x, y) = (dir.join("images.idx"), dir.join("labels.idx"));
    std::fs::write(&x, images).unwrap();
    std::fs::write(&y, labels).unwrap();
    (x.display().to_string(), y.display().to_string())
}

/// The epoch lines and the trained network of `train NET ARGS --threads N --json --output`.
fn trained(dir: &Path, net: &str, args: &[&str], threads: &str) -> (String, String) {
    let out = dir.join(format!("trained-{threads}.json"));
    let run = nettrace()
        .args(["train", net, "--json", "--threads", threads, "--output"])
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    (String::from_utf8(run.stdout).unwrap(), std::fs::read_to_string(&out).unwrap())
}

/// Trains with 1, 2 and 3 threads and expects the same bytes on standard output and in the file.
fn same_for_any_thread_count(dir: &Path, net: &str, args: &[&str], epochs: usize) {
    let (lines, file) = trained(dir, net, args, "1");
    assert_eq!(lines.lines().count(), epochs, "{lines}");
    for threads in ["2", "3"] {
        let (other_lines, other_file) = trained(dir, net, args, threads);
        assert_eq!(other_lines, lines, "epoch lines with --threads {threads}");
        assert!(other_file == file, "--output with --threads {threads} differs from --threads 1");
    }
}

#[test]
fn mnist_sized_training_writes_the_same_bytes_on_one_two_and_three_threads() {
    let dir = tempfile::tempdir().unwrap();
    // 4,500 rows: more than the evaluation measures in one pass (4,096), so it goes by slices;
    // batches of 128 leave a last batch of 20; 784 × 128 products, large enough to be split.
    let (x, y) = idx_files(dir.path(), 4500);
    let net = dir.path().join("mnist.json").display().to_string();
    let init = ["init", "--sizes", "784,128,10", "--activations", "relu,softmax", "--init", "he_uniform"];
    nettrace()
        .args(init)
        .args(["--seed", "1", "--loss", "cross_entropy", "--lr", "0.1", "--output", &net])
        .assert()
        .success();
    let data = ["--data", &x, "--labels", &y, "--batch-size", "128"];
    let args = [&data[..], &["--epochs", "2", "--shuffle", "--seed", "3", "--holdout", "0.1"]].concat();
    same_for_any_thread_count(dir.path(), &net, &args, 2);
}

#[test]
fn small_networks_train_the_same_on_one_and_many_threads() {
    let dir = tempfile::tempdir().unwrap();
    let digits = format!("{}/networks/data/digits.csv", env!("CARGO_MANIFEST_DIR"));
    let args = ["--data", &digits, "--epochs", "3", "--batch-size", "32", "--lr", "0.1"];
    same_for_any_thread_count(dir.path(), &example("digits"), &args, 3);
    same_for_any_thread_count(dir.path(), &example("xor"), &["--epochs", "50", "--lr", "0.5"], 50);
}

#[test]
fn zero_threads_is_refused() {
    let out = nettrace().args(["train", &example("xor"), "--threads", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--threads") && stderr.contains("must be at least 1"), "{stderr}");
}

#[test]
fn a_traced_batch_of_many_samples_is_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (x, y) = idx_files(dir.path(), 300);
    let net = dir.path().join("mnist.json").display().to_string();
    nettrace()
        .args(["init", "--sizes", "784,128,10", "--activations", "relu,softmax", "--seed", "2"])
        .args(["--loss", "cross_entropy", "--output", &net])
        .assert()
        .success();
    // 200 × 784 by 784 × 128: split into bands on 2 threads.
    let trace = |threads: &str| {
        let args = ["run", &net, "--data", &x, "--labels", &y, "--samples", "51..250", "--json"];
        let out = nettrace().args(args).args(["--threads", threads]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = trace("1");
    assert!(one.len() > 1_000_000, "the whole trace: {} bytes", one.len());
    assert!(trace("2") == one, "run --threads 2 prints another trace than --threads 1");
}
