//! `nettrace exercise`: round numbers, the same exercise for the same seed, and answer files that
//! agree with `run` on the network it wrote.

use crate::common::nettrace;
use serde_json::Value;
use std::path::Path;

fn generate(dir: &Path, args: &[&str]) -> String {
    let out = nettrace().arg("exercise").args(args).arg("--out-dir").arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn the_files_agree_with_run_on_the_network_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex3");
    let listed = generate(&dir, &["--seed", "3", "--sizes", "2,2,1"]);
    let names: Vec<String> =
        ["network.json", "questions.md", "answers.md", "answers.json", "sheet.json", "practice.html"]
            .iter()
            .map(|n| dir.join(n).display().to_string())
            .collect();
    assert_eq!(listed.lines().collect::<Vec<_>>(), names);
    let net = dir.join("network.json");
    let run = |args: &[&str]| {
        let out = nettrace().arg("run").arg(&net).args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(read(&dir, "answers.json"), run(&["--json"]));
    assert_eq!(read(&dir, "answers.md"), run(&["--format", "markdown"]));
    assert_eq!(read(&dir, "practice.html"), run(&["--format", "html", "--practice"]));

    let file: Value = serde_json::from_str(&read(&dir, "network.json")).unwrap();
    assert_eq!(file["name"], "exercise-3");
    assert_eq!(file["layers"][0]["activation"], "relu");
    assert_eq!(file["layers"][1]["activation"], "identity");
    assert_eq!(file["layers"][0]["weights"].as_array().unwrap().len(), 2);
    let questions = read(&dir, "questions.md");
    assert!(questions.starts_with("# exercise-3: questions\n"));
    assert!(questions.contains("1. Pre-activation of layer 1: $z^{[1]} = W^{[1]} a^{[0]} + b^{[1]}$"));
    assert!(questions.contains(
        "7. Error signal of the output layer: $\\delta^{[2]} = \\frac{\\partial L}{\\partial \\hat{y}}$"
    ));
    assert!(questions.contains("18. Loss after the update"));
    assert!(!questions.contains("&= "), "the question sheet holds no answers");
    // The sheet's blanks that no question asks for are named.
    assert!(questions.contains("for φ′(z) of each layer with an element-wise activation (`phi_prime`"));
    assert!(read(&dir, "sheet.json").contains(r#""name": "phi_prime""#));
    // The given numbers of the question sheet are the file's.
    let w = &file["layers"][0]["weights"];
    let row = |r: usize| {
        w[r].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(" & ")
    };
    assert!(questions.contains(&format!(
        "W^{{[1]}} = \\begin{{bmatrix}} {} \\\\ {} \\end{{bmatrix}}",
        row(0),
        row(1)
    )));
}

#[test]
fn the_same_seed_gives_the_same_exercise() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["--seed", "11", "--sizes", "3,2,2", "--loss", "cross_entropy", "--layout", "in_out"];
    generate(&tmp.path().join("a"), &args);
    generate(&tmp.path().join("b"), &args);
    generate(
        &tmp.path().join("c"),
        &["--seed", "12", "--sizes", "3,2,2", "--loss", "cross_entropy", "--layout", "in_out"],
    );
    for name in ["network.json", "questions.md", "answers.md", "answers.json", "sheet.json", "practice.html"]
    {
        assert_eq!(read(&tmp.path().join("a"), name), read(&tmp.path().join("b"), name), "{name}");
    }
    assert_ne!(read(&tmp.path().join("a"), "network.json"), read(&tmp.path().join("c"), "network.json"));
    let file: Value = serde_json::from_str(&read(&tmp.path().join("a"), "network.json")).unwrap();
    assert_eq!(file["layout"], "in_out");
    assert_eq!(file["layers"][1]["activation"], "softmax");
    let target: Vec<f64> = file["target"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(target.iter().sum::<f64>(), 1.0, "one-hot");
}

/// Every number of 200 seeded exercises has one decimal, and no ReLU input is near its kink.
#[test]
fn numbers_are_round_and_relu_inputs_stay_off_the_kink() {
    use nettrace::nn::loss::Loss;
    use nettrace::teach::exercise::{Options, generate};
    for seed in 0..200 {
        let options = Options {
            seed,
            sizes: vec![2 + (seed % 3) as usize, 3, 2, 1],
            activations: None,
            loss: if seed % 2 == 0 { Loss::HalfSquaredError } else { Loss::Mse },
            layout: nettrace::nn::network::Layout::OutIn,
            learning_rate: 0.1,
        };
        let json = generate(&options).unwrap();
        let file = nettrace::io::network_file::from_value(&json, "exercise", Default::default()).unwrap();
        for layer in &file.network.layers {
            for x in layer.weights.iter().chain(layer.bias.iter()) {
                assert!(((x * 10.0).round() - x * 10.0).abs() < 1e-9 && x.abs() < 1.0, "seed {seed}: {x}");
            }
        }
        let samples = file.samples.as_ref().unwrap();
        let f = nettrace::nn::forward::forward(&file.network, &samples.inputs, None);
        for l in 0..2 {
            assert!(f.z[l].iter().all(|z| z.abs() >= 0.05), "seed {seed}: z[{}] = {}", l + 1, f.z[l]);
            assert!(f.z[l].iter().any(|z| *z > 0.0), "seed {seed}: layer {} has no active unit", l + 1);
        }
    }
}

#[test]
fn bad_options_exit_2_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex");
    let cases: [(&[&str], &str); 4] = [
        (&["--sizes", "2"], "--sizes: expected the input size and then 1 to 5 layer sizes"),
        (&["--sizes", "2,20,1"], "--sizes: 20 is out of range; expected sizes from 1 to 8"),
        (&["--sizes", "2,2,1", "--activations", "relu"], "--activations: 1 given for 2 layers"),
        (
            &["--sizes", "2,2", "--loss", "bce", "--activations", "relu"],
            "--loss bce needs a sigmoid output layer",
        ),
    ];
    for (args, message) in cases {
        let out = nettrace()
            .args(["exercise", "--seed", "1"])
            .args(args)
            .arg("--out-dir")
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.exists(), "{args:?}");
    }
    let out = nettrace()
        .args(["exercise", "--seed", "1", "--sizes", "2,1", "--activations", "gelu", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn grade_accepts_the_answer_file_and_flags_a_changed_value() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex5");
    generate(&dir, &["--seed", "5", "--sizes", "2,3,1"]);
    let (net, answers) = (dir.join("network.json"), dir.join("answers.json"));
    let grade = |sheet: &Path| nettrace().arg("grade").arg(&net).arg(sheet).output().unwrap();
    let out = grade(&answers);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // A learner's slip in the loss: the sheet now fails, naming the loss.
    let mut sheet: Value = serde_json::from_str(&read(&dir, "answers.json")).unwrap();
    sheet["loss"] = Value::from(sheet["loss"].as_f64().unwrap() + 0.5);
    let wrong = tmp.path().join("wrong.json");
    std::fs::write(&wrong, sheet.to_string()).unwrap();
    let out = grade(&wrong);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("WRONG"), "{text}");
}

#[test]
fn sheet_json_is_answers_json_with_every_value_blank_and_grades_as_blanks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex4");
    generate(&dir, &["--seed", "4", "--sizes", "2,2,1"]);
    let sheet: Value = serde_json::from_str(&read(&dir, "sheet.json")).unwrap();
    let mut answers: Value = serde_json::from_str(&read(&dir, "answers.json")).unwrap();
    for s in answers["steps"].as_array_mut().unwrap() {
        s["value"] = Value::Null;
    }
    answers["loss"] = Value::Null;
    answers["loss_after"] = Value::Null;
    answers.as_object_mut().unwrap().remove("diagnostics");
    assert_eq!(sheet, answers);
    let out = nettrace()
        .arg("grade")
        .arg(dir.join("network.json"))
        .arg(dir.join("sheet.json"))
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Every step's value (L among them) and L after the update.
    let n = sheet["steps"].as_array().unwrap().len() as u64 + 1;
    assert_eq!((g["blank"].as_u64(), g["right"].as_u64(), g["wrong"].as_u64()), (Some(n), Some(0), Some(0)));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.ends_with(&format!("sheet.json: {n} blank of {n} values\n")), "{err}");
}

/// L is both a step and a field of a trace: graded once when the two agree or one is blank, and
/// twice when they differ.
#[test]
fn the_loss_is_graded_once_where_a_step_gives_it_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ex5");
    generate(&dir, &["--seed", "5", "--sizes", "2,2,1"]);
    let answers: Value = serde_json::from_str(&read(&dir, "answers.json")).unwrap();
    let steps = answers["steps"].as_array().unwrap().len() as u64;
    let loss = answers["loss"].as_f64().unwrap();
    let at = answers["steps"].as_array().unwrap().iter().position(|s| s["name"] == "loss").unwrap();
    let grade = |sheet: &Value| {
        let path = dir.join("mine.json");
        std::fs::write(&path, sheet.to_string()).unwrap();
        let out =
            nettrace().arg("grade").arg(dir.join("network.json")).arg(&path).arg("--json").output().unwrap();
        let g: Value = serde_json::from_slice(&out.stdout).unwrap();
        (g["right"].as_u64().unwrap(), g["wrong"].as_u64().unwrap(), g["blank"].as_u64().unwrap())
    };
    // The trace itself: every step and L after the update, L once.
    assert_eq!(grade(&answers), (steps + 1, 0, 0));
    // L as a field only, its step blank: the field's value takes the step's place.
    let mut sheet: Value = serde_json::from_str(&read(&dir, "sheet.json")).unwrap();
    sheet["loss"] = loss.into();
    assert_eq!(grade(&sheet), (1, 0, steps));
    // Two different values of L: both graded.
    sheet["steps"][at]["value"] = (loss + 1.0).into();
    assert_eq!(grade(&sheet), (1, 1, steps));
}
