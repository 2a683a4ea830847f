//! `nettrace train` and `nettrace init` through the real binary.

use crate::common::{example, nettrace, numbers};
use approx::assert_relative_eq;
use serde_json::Value;

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

#[test]
fn each_optimizer_matches_pytorch_for_three_steps() {
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/optimizers.json")).expect("the fixture is JSON");
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.json");
    std::fs::write(&net, fixture["network"].to_string()).unwrap();
    for case in fixture["cases"].as_array().unwrap() {
        let optimizer = case["optimizer"].as_str().unwrap();
        let lr = case["lr"].as_f64().unwrap().to_string();
        let out = nettrace()
            .args(["train", net.to_str().unwrap(), "--epochs", "3", "--optimizer", optimizer, "--lr", &lr])
            .args(["--json", "--trace-every", "1"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let traces: Vec<Value> =
            lines(&out.stdout).into_iter().filter(|l| l["format"] == "nettrace-trace/1").collect();
        assert_eq!(traces.len(), 3, "{optimizer}: one trace per step");
        for (k, (trace, expected)) in traces.iter().zip(case["steps"].as_array().unwrap()).enumerate() {
            assert_eq!(trace["total_steps"], k + 1);
            assert_relative_eq!(
                trace["loss"].as_f64().unwrap(),
                expected["loss"].as_f64().unwrap(),
                max_relative = 1e-12
            );
            for (l, layer) in expected["layers"].as_array().unwrap().iter().enumerate() {
                for (name, key) in [("weights", "weights"), ("bias", "bias")] {
                    let step = trace["steps"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|s| s["phase"] == "update" && s["layer"] == l + 1 && s["name"] == name)
                        .unwrap();
                    let (ours, theirs) = (numbers(&step["value"]), numbers(&layer[key]));
                    assert_eq!(ours.len(), theirs.len());
                    for (a, b) in ours.iter().zip(&theirs) {
                        assert_relative_eq!(*a, *b, max_relative = 1e-12, epsilon = 1e-15);
                    }
                }
            }
        }
    }
}

#[test]
fn full_batch_sgd_is_exactly_what_step_computes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let xor = example("xor");
    nettrace()
        .args(["train", &xor, "--epochs", "25", "--lr", "0.5", "--json", "-o"])
        .arg(&a)
        .assert()
        .success();
    nettrace().args(["step", &xor, "-n", "25", "--lr", "0.5", "-q", "-o"]).arg(&b).assert().success();
    // The same arithmetic in the same order: byte-identical files.
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn xor_converges_with_the_documented_command() {
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "2000", "--lr", "0.5", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let epochs = lines(&out.stdout);
    assert_eq!(epochs.len(), 2000);
    let last = &epochs[1999];
    assert_eq!(last["format"], "nettrace-epoch/1");
    assert_eq!(last["epoch"], 2000);
    assert!(last["loss"].as_f64().unwrap() < 0.01, "{last}");
    assert_eq!(last["accuracy"], 1.0);
    assert!(epochs[0]["loss"].as_f64().unwrap() > 0.5);
}

#[test]
fn the_table_report_has_the_epochs_the_curve_and_the_result() {
    let out =
        nettrace().args(["train", &example("xor"), "--epochs", "2000", "--lr", "0.5"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Training"), "{text}");
    assert!(text.contains("── Loss curve"));
    assert!(
        text.contains("After 2000 epochs (2000 steps): L = 0.00159119; accuracy 4/4 = 100.00%"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour in a pipe");
    assert!(out.stderr.is_empty(), "no progress bar off a terminal");
}

#[test]
fn shuffling_is_reproducible_from_the_seed() {
    let run = |seed: &str| {
        let out = nettrace()
            .args([
                "train",
                &example("xor"),
                "--epochs",
                "5",
                "--batch-size",
                "2",
                "--shuffle",
                "--seed",
                seed,
                "--json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    assert_eq!(run("3"), run("3"));
    assert_ne!(run("3"), run("4"));
}

#[test]
fn schedules_change_the_learning_rate_per_epoch() {
    let out = nettrace()
        .args([
            "train",
            &example("xor"),
            "--epochs",
            "5",
            "--lr",
            "0.8",
            "--lr-schedule",
            "step:2:0.5",
            "--json",
        ])
        .output()
        .unwrap();
    let lrs: Vec<f64> = lines(&out.stdout).iter().map(|l| l["lr"].as_f64().unwrap()).collect();
    assert_eq!(lrs, vec![0.8, 0.8, 0.4, 0.4, 0.2]);
}

#[test]
fn divergence_exits_1_naming_the_step_and_keeps_the_last_finite_network() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("kept.json");
    let out = nettrace()
        .args(["train", &example("two_layer"), "--epochs", "50", "--lr", "1e150", "--json", "-o"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "training diverged after epoch 1 (step 1 of 50): the loss over all samples became inf (η = 1e150)"
        ),
        "{err}"
    );
    assert!(err.contains("try a smaller learning rate"), "{err}");
    assert!(err.contains("wrote the initial network (no epoch ended with a finite loss)"), "{err}");
    let read = |path: &std::path::Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let initial = read(std::path::Path::new(&example("two_layer")));
    assert_eq!(read(&out_path)["layers"], initial["layers"]);
}

#[test]
fn a_later_divergence_keeps_the_network_of_the_last_finite_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("kept.json");
    let out = nettrace()
        .args(["train", &example("two_layer"), "--epochs", "200", "--lr", "100", "-o"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("training diverged after epoch 78 (step 78 of 200)"), "{err}");
    assert!(err.contains("wrote the last finite network, as it was after epoch 77,"), "{err}");
    // Full-batch training is `step`: the kept file is 77 steps, byte for byte.
    let steps =
        nettrace().args(["step", "-n", "77", "--lr", "100", "-q", &example("two_layer")]).output().unwrap();
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), String::from_utf8(steps.stdout).unwrap());
}

#[test]
fn csv_errors_are_input_errors_with_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "a,b,y\n0,1,1\n1,oops,0\n").unwrap();
    let out = nettrace().args(["train", &example("xor"), "--data"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "nettrace: error: {}: line 3, column 2 (\"b\") is \"oops\"; expected a number\n",
            csv.display()
        )
    );
}

#[test]
fn seed_needs_shuffle_and_trace_every_needs_json() {
    for args in [&["--seed", "1"][..], &["--trace-every", "1"][..]] {
        let out = nettrace().args(["train", &example("xor")]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_plot_is_an_svg_with_titles_and_axis_labels() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("loss.svg");
    nettrace()
        .args(["train", &example("xor"), "--epochs", "50", "--json", "--plot"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    for label in ["Loss L over all samples", "Gradient norm per layer", "epoch", "layer 2"] {
        assert!(text.contains(label), "{label}");
    }
}

#[test]
fn init_is_byte_identical_for_a_seed_and_matches_the_generated_form() {
    let args = [
        "init",
        "--sizes",
        "2,4,1",
        "--activations",
        "tanh,sigmoid",
        "--init",
        "xavier_uniform",
        "--loss",
        "bce",
    ];
    let a = nettrace().args(args).args(["--seed", "7"]).output().unwrap().stdout;
    let b = nettrace().args(args).args(["--seed", "7"]).output().unwrap().stdout;
    let c = nettrace().args(args).args(["--seed", "8"]).output().unwrap().stdout;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let file: Value = serde_json::from_slice(&a).unwrap();
    let w = numbers(&file["layers"][0]["weights"]);
    assert_eq!(w.len(), 8);
    let bound = (6.0f64 / 6.0).sqrt();
    assert!(w.iter().all(|x| x.abs() <= bound));
    assert!(numbers(&file["layers"][0]["bias"]).iter().all(|x| *x == 0.0));
    // The same numbers from the generated-layer form any command accepts.
    let generated = r#"{"input_size": 2, "loss": "bce", "seed": 7, "inputs": [[0, 1]], "targets": [[1]],
        "layers": [{"units": 4, "init": "xavier_uniform", "activation": "tanh"},
                   {"units": 1, "init": "xavier_uniform", "activation": "sigmoid"}]}"#;
    let out = nettrace().args(["step", "--lr", "0.1", "-q"]).write_stdin(generated).output().unwrap();
    assert!(out.status.success());
    let stepped: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stepped["layers"][0]["weights"].as_array().unwrap().len(), 4);
}

#[test]
fn init_refuses_a_wrong_number_of_activations() {
    let out = nettrace().args(["init", "--sizes", "2,4,1", "--activations", "tanh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "nettrace: error: --activations has 1 activation but --sizes 2,4,1 describes 2 layers; expected one activation per layer\n"
    );
}

#[test]
fn the_digits_example_reaches_95_percent_with_the_documented_command() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = nettrace()
        .current_dir(root)
        .args(["train", "networks/digits.json", "--data", "networks/data/digits.csv", "--epochs", "30"])
        .args(["--batch-size", "32", "--optimizer", "adam", "--lr", "0.01", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let last = lines(&out.stdout).pop().unwrap();
    assert!(last["accuracy"].as_f64().unwrap() >= 0.95, "{last}");
}

#[test]
fn a_closed_pipe_ends_training_quietly() {
    // `head -1` closes the pipe after the first line: no error, no message.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nettrace"))
        .args(["train", &example("xor"), "--epochs", "200000", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_readmes_first_digits_command_learns() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let line = readme.lines().find(|l| l.starts_with("nettrace train networks/digits.json")).unwrap();
    assert!(line.contains("--epochs 5 --batch-size 32   # 94.55% accuracy;"), "{line}");
    let out = crate::common::nettrace()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "train",
            "networks/digits.json",
            "--data",
            "networks/data/digits.csv",
            "--epochs",
            "5",
            "--batch-size",
            "32",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("After 5 epochs (285 steps): L = 0.243776; accuracy 1699/1797 = 94.55%\n"),
        "{text}"
    );
}
