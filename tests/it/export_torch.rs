//! `export --torch`: the script's text, and (an ignored test: it needs PyTorch) that running it gives
//! nettrace's numbers to 1e-12 relative across many random networks.

use crate::common::{EXAMPLES, Random, example, nettrace, numbers, require};
use nettrace::io::network_file::{Limits, parse};
use serde_json::Value;
use std::process::Command;

#[test]
fn the_script_builds_the_network_from_nn_linear_in_float64() {
    let out = nettrace().args(["export", "--torch", &example("two_layer")]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "torch.set_default_dtype(torch.float64)",
        "linear = torch.nn.Linear(2, 2)",
        "linear = torch.nn.Linear(2, 1)",
        // two_layer is in_out: nn.Linear.weight holds the transpose, one row per neuron.
        "linear.weight.copy_(torch.tensor([[0.1, 0.3],\n     [0.2, 0.4]]))",
        "ACTIVATIONS = [torch.relu, lambda z: z]",
        "LAYOUT = \"in_out\"",
        "0.5 * ((a - y) ** 2).sum() / y.shape[0]",
        "torch.optim.SGD(params, lr=LR).step()",
        "LR = 0.1",
    ] {
        assert!(script.contains(needle), "missing {needle:?} in\n{script}");
    }
    let out =
        nettrace().args(["export", "--torch", "--lr", "0.25", &example("softmax_ce")]).output().unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("LR = 0.25"));
    assert!(script.contains("F.cross_entropy(z, y)"));
    assert!(script.contains("lambda z: torch.softmax(z, dim=1)"));
}

#[test]
fn export_refuses_a_network_without_data_and_writes_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.json");
    std::fs::write(&net, r#"{"input_size": 2, "layers": [{"weights": [[1.0, 2.0]]}]}"#).unwrap();
    let out = nettrace().args(["export", "--torch"]).arg(&net).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no data"));
    let target = dir.path().join("step.py");
    let ok = nettrace().args(["export", "--torch", &example("xor"), "-o"]).arg(&target).output().unwrap();
    assert!(ok.status.success() && ok.stdout.is_empty());
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("#!/usr/bin/env python3"));
}

/// Runs every script in one Python process (importing torch once) and returns their outputs.
fn run_scripts(paths: &[std::path::PathBuf]) -> Vec<Value> {
    let driver = "import contextlib, io, json, runpy, sys\n\
                  outs = []\n\
                  for p in sys.argv[1:]:\n\
                  \x20   buf = io.StringIO()\n\
                  \x20   with contextlib.redirect_stdout(buf):\n\
                  \x20       runpy.run_path(p, run_name='__main__')\n\
                  \x20   outs.append(json.loads(buf.getvalue()))\n\
                  print(json.dumps(outs))\n";
    let out = Command::new("python3").arg("-c").arg(driver).args(paths).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

#[test]
#[ignore = "needs python3 with PyTorch: cargo test -- --ignored pytorch"]
fn exported_scripts_reproduce_the_trace_in_pytorch() {
    require("python3", &["-c", "import torch"], "pip install torch");
    let dir = tempfile::tempdir().unwrap();
    let mut networks: Vec<Value> = EXAMPLES
        .iter()
        .map(|n| serde_json::from_str(&std::fs::read_to_string(example(n)).unwrap()).unwrap())
        .collect();
    let mut rng = Random::new(2024);
    networks.extend((0..20).map(|_| rng.network(false)));
    let mut paths = Vec::new();
    let mut traces = Vec::new();
    for (i, net) in networks.iter().enumerate() {
        let file = parse(&net.to_string(), "net.json", Limits::default()).unwrap();
        let t = crate::common::trace_of(&file, file.learning_rate, None, false);
        let path = dir.path().join(format!("net{i}.py"));
        std::fs::write(&path, nettrace::io::torch::script(&file, file.learning_rate)).unwrap();
        paths.push(path);
        traces.push(t);
    }
    let outputs = run_scripts(&paths);
    let (mut compared, mut worst) = (0usize, 0.0f64);
    for (i, (t, py)) in traces.iter().zip(&outputs).enumerate() {
        let steps = py["steps"].as_array().unwrap();
        assert_eq!(steps.len(), t.steps.len(), "network {i}: step count");
        for (mine, theirs) in t.steps.iter().zip(steps) {
            assert_eq!(theirs["name"], mine.name, "network {i}: step order");
            assert_eq!(theirs["layer"].as_u64().map(|l| l as usize), mine.layer);
            assert_eq!(serde_json::to_value(&mine.value).unwrap().is_array(), theirs["value"].is_array());
            let (got, want) = (mine.value.numbers(), numbers(&theirs["value"]));
            assert_eq!(got.len(), want.len(), "network {i}: {} shape", mine.name);
            for (g, w) in got.iter().zip(&want) {
                let err = (g - w).abs() / (g.abs().max(w.abs()).max(1e-300));
                assert!(
                    (g - w).abs() <= 1e-12 * (g.abs() + w.abs()) + 1e-15,
                    "network {i}: {} = {g:e}, PyTorch {w:e}",
                    mine.name
                );
                if g.abs().max(w.abs()) > 1e-12 {
                    worst = worst.max(err);
                }
                compared += 1;
            }
        }
        for key in ["loss", "loss_after"] {
            let want = py[key].as_f64().unwrap();
            let got = if key == "loss" { t.loss } else { t.loss_after };
            assert!((got - want).abs() <= 1e-12 * (got.abs() + want.abs()) + 1e-15, "network {i}: {key}");
        }
    }
    eprintln!(
        "compared {compared} values over {} networks; worst relative difference {worst:e}",
        traces.len()
    );
    assert!(compared > 1000, "only {compared} values compared");
}
