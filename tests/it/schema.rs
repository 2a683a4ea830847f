//! The JSON Schemas: the committed copies are the generated ones, and what nettrace reads and
//! writes validates against them (and what it refuses, where a schema can tell).

use crate::common::{EXAMPLES, Random, example, nettrace};
use nettrace::schema::{NAMES, schema};
use serde_json::{Value, json};

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(name).unwrap()).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

#[test]
fn committed_schemas_equal_the_generated_ones() {
    for name in NAMES {
        let path = format!("{}/docs/schema/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read_to_string(&path).unwrap();
        let out = nettrace().args(["schema", name]).output().unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            committed,
            "{path} is stale: run `nettrace schema {name} > docs/schema/{name}.schema.json`"
        );
        let s = schema(name).unwrap();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

#[test]
fn every_example_network_and_its_trace_validate() {
    let (net, trace) = (validator("network"), validator("trace"));
    let answers = validator("answers");
    for name in EXAMPLES {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(example(name)).unwrap()).unwrap();
        assert_valid(&net, &doc, name);
        let out = nettrace().args(["run", "--json", &example(name)]).output().unwrap();
        let t: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&trace, &t, name);
        assert_valid(&answers, &t, &format!("{name} as an answer sheet"));
        // step writes a network file too.
        let out = nettrace().args(["step", "-q", &example(name)]).output().unwrap();
        assert_valid(&net, &serde_json::from_slice(&out.stdout).unwrap(), &format!("{name} after step"));
    }
}

#[test]
fn random_networks_and_their_traces_validate() {
    let (net, trace) = (validator("network"), validator("trace"));
    let mut rng = Random::new(55);
    for i in 0..300 {
        let doc = rng.network(false);
        assert_valid(&net, &doc, &format!("network {i}"));
        let file = nettrace::io::network_file::parse(&doc.to_string(), "r.json", Default::default()).unwrap();
        let t = crate::common::trace_of(&file, 0.1, None, true);
        assert_valid(&trace, &serde_json::to_value(&t).unwrap(), &format!("trace {i}"));
    }
}

#[test]
fn the_network_schema_refuses_what_the_reader_refuses() {
    let net = validator("network");
    let good = json!({"input": [1.0], "target": [1.0], "layers": [{"weights": [[1.0]]}]});
    assert!(net.is_valid(&good));
    for (field, bad) in [
        ("layout", json!("row_major")),
        ("loss", json!("hinge")),
        ("learning_rate", json!(-0.1)),
        ("layers", json!([])),
        ("input", json!([])),
        ("name", json!(null)),
        ("wieghts", json!(1)),
    ] {
        let mut doc = good.clone();
        doc[field] = bad.clone();
        assert!(!net.is_valid(&doc), "{field} = {bad} should be refused by the schema");
        let reader = nettrace::io::network_file::parse(&doc.to_string(), "s.json", Default::default());
        assert!(reader.is_err(), "{field} = {bad} should be refused by the reader too");
    }
    let mut doc = good.clone();
    doc["layers"][0]["activation"] = json!("gelu");
    assert!(!net.is_valid(&doc));
}

#[test]
fn epoch_lines_and_answer_sheets_validate() {
    let epoch = validator("epoch");
    let rest = |line: serde_json::Value| {
        let mut line = line;
        line["lr"] = json!(0.1);
        line["steps"] = json!(4);
        line["grad_norm"] = json!([0.5, "inf"]);
        line
    };
    assert!(
        epoch.is_valid(&rest(json!({"format": "nettrace-epoch/1", "epoch": 1, "loss": 1.9245681081598423})))
    );
    assert!(
        !epoch.is_valid(&json!({"format": "nettrace-epoch/1", "epoch": 1, "loss": 1.0})),
        "lr, steps, grad_norm"
    );
    assert!(
        epoch.is_valid(&rest(
            json!({"format": "nettrace-epoch/1", "epoch": 3, "loss": "NaN", "accuracy": 0.5})
        ))
    );
    assert!(!epoch.is_valid(&rest(json!({"format": "nettrace-epoch/1", "epoch": 0, "loss": 1.0}))));
    assert!(!epoch.is_valid(&rest(json!({"format": "nettrace-trace/1", "epoch": 1, "loss": 1.0}))));
    let answers = validator("answers");
    assert!(answers.is_valid(&json!({"steps": [{"layer": 2, "name": "delta", "value": [-0.05]}]})));
    assert!(
        answers.is_valid(&json!({"steps": [{"layer": null, "name": "loss", "value": 0.5}], "loss": 0.5}))
    );
    assert!(!answers.is_valid(&json!({"steps": [{"layer": 2, "value": [1.0]}]})));
    assert!(!answers.is_valid(&json!({"steps": [{"layer": 2, "name": "z", "value": "x"}]})));
}

/// Every epoch line `train --json` prints validates, and so does every trace line of
/// `--trace-every`.
#[test]
fn train_epoch_lines_validate() {
    let epoch = validator("epoch");
    let trace = validator("trace");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "5", "--json", "--trace-every", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let (mut epochs, mut traces) = (0, 0);
    for line in text.lines() {
        let value = serde_json::from_str(line).unwrap();
        if line.contains("nettrace-epoch/1") {
            assert_valid(&epoch, &value, line);
            epochs += 1;
        } else {
            assert_valid(&trace, &value, line);
            traces += 1;
        }
    }
    assert_eq!((epochs, traces), (5, 2), "{text}");
}
