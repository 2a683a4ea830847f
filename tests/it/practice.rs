//! `run --format html --practice`: an answer field for every value to compute, named as `grade`
//! names it; none of those values in the page. In Chromium (ignored by default, `cargo test --
//! --ignored chromium`): answers typed get the verdicts and mistakes of `nettrace grade`, Show,
//! the downloaded sheet, no network request.

use crate::common::{PAGE_MS, example, nettrace, refused, require};
use serde_json::{Value, json};
use std::path::Path;

/// The page of `run NET --format html --practice` and the args after NET.
fn practice_page(net: &str, args: &[&str]) -> String {
    let out = nettrace().args(["run", net, "--format", "html", "--practice"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The names of the page's answer fields, in order.
fn fields(page: &str) -> Vec<&str> {
    page.split("data-answer=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect()
}

#[test]
fn every_value_to_compute_is_a_field_named_as_grade_names_it() {
    let page = practice_page(&example("two_layer"), &[]);
    // in_out: the tables keep the file's rows (inputs), the names are W[l][unit][input].
    let expected = "z[1][1] z[1][2] a[1][1] a[1][2] z[2][1] a[2][1] L ∂L/∂ŷ[1] φ′(z[2])[1] δ[2][1] \
        ∂L/∂W[2][1][1] ∂L/∂W[2][1][2] ∂L/∂b[2][1] ∂L/∂a[1][1] ∂L/∂a[1][2] φ′(z[1])[1] φ′(z[1])[2] \
        δ[1][1] δ[1][2] ∂L/∂W[1][1][1] ∂L/∂W[1][2][1] ∂L/∂W[1][1][2] ∂L/∂W[1][2][2] ∂L/∂b[1][1] ∂L/∂b[1][2] \
        W[1][1][1] W[1][2][1] W[1][1][2] W[1][2][2] b[1][1] b[1][2] W[2][1][1] W[2][1][2] b[2][1]";
    let mut names = fields(&page);
    assert_eq!(names.pop(), Some("L after the update"));
    assert_eq!(names.join(" "), expected);
    // A batch (out_in): sample, then unit.
    let xor = practice_page(&example("xor"), &[]);
    let names = fields(&xor);
    assert_eq!(names[..5], ["z[1][1][1]", "z[1][1][2]", "z[1][1][3]", "z[1][1][4]", "z[1][2][1]"]);
    assert!(names.contains(&"δ[2][4][1]") && names.contains(&"W[1][2][1]"), "{names:?}");
}

#[test]
fn the_page_holds_the_given_values_and_none_it_asks_for() {
    let page = practice_page(&example("two_layer"), &[]);
    let trace: Value = serde_json::from_slice(
        &nettrace().args(["run", &example("two_layer"), "--json"]).output().unwrap().stdout,
    )
    .unwrap();
    // W[1] and W[2] as given, to 6 digits.
    for given in ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6"] {
        assert!(page.contains(&format!(">{given}</td>")), "{given}");
    }
    let mut asked = vec![trace["loss"].clone(), trace["loss_after"].clone()];
    for s in trace["steps"].as_array().unwrap() {
        asked.push(s["value"].clone());
    }
    let mut given = vec![trace["input"].clone(), trace["target"].clone()];
    for l in trace["network"]["layers"].as_array().unwrap() {
        given.extend([l["weights"].clone(), l["bias"].clone()]);
    }
    let given: Vec<f64> = given.iter().flat_map(crate::common::numbers).collect();
    for x in asked.iter().flat_map(crate::common::numbers).filter(|x| !given.contains(x)) {
        let shown = nettrace::notation::number::format(x, 6);
        let exact = serde_json::to_string(&x).unwrap();
        for text in
            [format!(">{shown}<"), format!("\"{shown}\""), format!(">{exact}<"), format!("\"{exact}\"")]
        {
            assert!(!page.contains(&text), "{text} is in the page");
        }
    }
    assert_eq!(page.matches("<input type=\"text\"").count(), 35);
}

#[test]
fn practice_is_a_web_page() {
    let out = nettrace().args(["run", &example("two_layer"), "--practice"]).output().unwrap();
    refused(&out, "--practice: a practice page is a web page; expected --format html, found --format table");
    let out = nettrace()
        .args(["run", &example("two_layer"), "--practice", "--format", "markdown"])
        .output()
        .unwrap();
    refused(
        &out,
        "--practice: a practice page is a web page; expected --format html, found --format markdown",
    );
}

/// The symbol `grade` gives a trace step's quantity: `z[1]`, `δ[2]`, `∂L/∂W[1]`, `L`.
fn symbol(name: &str, layer: &Value) -> String {
    let l = layer.as_u64().map_or(String::new(), |l| format!("[{l}]"));
    match name {
        "z" | "a" => format!("{name}{l}"),
        "loss" => "L".into(),
        "grad_output" => "∂L/∂ŷ".into(),
        "phi_prime" => format!("φ′(z{l})"),
        "delta" => format!("δ{l}"),
        "grad_a" => format!("∂L/∂a{l}"),
        "grad_weights" => format!("∂L/∂W{l}"),
        "grad_bias" => format!("∂L/∂b{l}"),
        "weights" => format!("W{l}"),
        "bias" => format!("b{l}"),
        other => panic!("no step {other}"),
    }
}

/// Each field's name and the exact value it asks for, from a single-sample in_out trace.
fn asked(trace: &Value) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for s in trace["steps"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let symbol = symbol(name, &s["layer"]);
        match &s["value"] {
            Value::Number(x) => out.push((symbol, x.as_f64().unwrap())),
            Value::Array(v) if v[0].is_number() => out.extend(
                v.iter().enumerate().map(|(i, x)| (format!("{symbol}[{}]", i + 1), x.as_f64().unwrap())),
            ),
            // in_out: row = input, column = unit; the field is [unit][input].
            Value::Array(rows) => {
                for (r, row) in rows.iter().enumerate() {
                    for (c, x) in row.as_array().unwrap().iter().enumerate() {
                        out.push((format!("{symbol}[{}][{}]", c + 1, r + 1), x.as_f64().unwrap()));
                    }
                }
            }
            other => panic!("{other}"),
        }
    }
    out.push(("L after the update".into(), trace["loss_after"].as_f64().unwrap()));
    out
}

/// The verdict and mistake of each graded quantity of a `grade --json` report, by the sheet's
/// own quantity names (`symbol`).
fn verdicts(net: &str, sheet: &Path) -> Vec<(String, Value, Value)> {
    let out = nettrace().args(["grade", net]).arg(sheet).arg("--json").output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    (report["answers"].as_array().unwrap().iter())
        .filter(|a| a["verdict"] != "blank")
        .map(|a| (a["quantity"].as_str().unwrap().to_string(), a["verdict"].clone(), a["mistake"].clone()))
        .collect()
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn practice_answers_get_the_verdicts_of_grade_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let net = example("two_layer");
    let page = dir.path().join("practice.html");
    std::fs::write(&page, practice_page(&net, &[])).unwrap();
    let trace: Value =
        serde_json::from_slice(&nettrace().args(["run", &net, "--json"]).output().unwrap().stdout).unwrap();
    // Right to 6 significant digits, but for: δ[2] with its sign flipped (wrong, `sign`), ∂L/∂W[2]
    // and ∂L/∂b[2] computed from it (carried), L to 2 digits (imprecise), b[2] after the update
    // made up (wrong), z[1][1] shown rather than typed.
    let mut answers = serde_json::Map::new();
    for (name, x) in asked(&trace) {
        let text = match name.as_str() {
            "δ[2][1]" | "∂L/∂W[2][1][1]" | "∂L/∂W[2][1][2]" | "∂L/∂b[2][1]" => {
                format!("{:.5e}", -x)
            }
            "L" => format!("{:.1e}", x),
            "b[2][1]" => "9.99".into(),
            "z[1][1]" => continue,
            _ => format!("{:.5e}", x),
        };
        answers.insert(name, Value::String(text));
    }
    let typed = ["δ[2][1]", "L", "∂L/∂b[2][1]"];
    let plan = json!({"answers": answers, "typed": typed, "show": ["z[1][1]"]});
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/practice-page.png");
    let seen = answer_in_chromium(dir.path(), &page, &plan, Some(&shot));
    let field =
        |name: &str| (seen["fields"][name]["verdict"].clone(), seen["fields"][name]["mistake"].clone());
    assert_eq!(field("δ[2][1]"), (json!("wrong"), json!("sign")));
    assert_eq!(field("∂L/∂W[2][1][2]"), (json!("carried"), Value::Null));
    assert_eq!(field("∂L/∂b[2][1]"), (json!("carried"), Value::Null));
    assert_eq!(field("L"), (json!("imprecise"), Value::Null));
    assert_eq!(field("z[1][1]"), (json!("right"), Value::Null));
    assert_eq!(field("δ[1][2]"), (json!("right"), Value::Null));
    assert_eq!(
        seen["fields"]["δ[2][1]"]["says"],
        "Wrong: not what the formula gives, even from your own earlier answers. Likely the sign is flipped (sign)."
    );
    assert_eq!(
        seen["shown"],
        json!({"z[1][1]": serde_json::to_string(&trace["steps"][0]["value"][0]).unwrap()})
    );
    // The downloaded sheet holds the digits as typed, and grade's verdict on each of its
    // quantities is the page's.
    let delta = format!(
        "{{\"layer\": 2, \"name\": \"delta\", \"value\": [{}]}}",
        answers["δ[2][1]"].as_str().unwrap()
    );
    assert!(seen["sheet"].as_str().unwrap().contains(&delta), "{delta}");
    let downloaded = dir.path().join("answers.json");
    std::fs::write(&downloaded, seen["sheet"].as_str().unwrap()).unwrap();
    let graded = verdicts(&net, &downloaded);
    assert_eq!(graded.len(), 20, "{graded:?}");
    let on_page: Vec<(String, Value, Value)> = (seen["quantities"].as_array().unwrap().iter())
        .map(|q| {
            let symbol = match q["name"].as_str().unwrap() {
                "loss_after" => "L after the update".to_string(),
                "weights" => format!("W[{}] after the update", q["layer"]),
                "bias" => format!("b[{}] after the update", q["layer"]),
                name => symbol(name, &q["layer"]),
            };
            (symbol, q["verdict"].clone(), q["mistake"].clone())
        })
        .collect();
    assert_eq!(on_page, graded);
    let wrong: Vec<_> = graded.iter().filter(|(_, v, _)| v != "right").collect();
    assert_eq!(
        format!("{wrong:?}"),
        "[(\"L\", String(\"imprecise\"), Null), (\"δ[2]\", String(\"wrong\"), String(\"sign\")), \
         (\"∂L/∂W[2]\", String(\"carried\"), Null), (\"∂L/∂b[2]\", String(\"carried\"), Null), \
         (\"b[2] after the update\", String(\"wrong\"), Null)]"
    );
}

/// Runs `scripts/check-practice.mjs` on `page` with `plan`, saving a screenshot when asked:
/// what the page said.
fn answer_in_chromium(dir: &Path, page: &Path, plan: &Value, screenshot: Option<&Path>) -> Value {
    require("node", &["--version"], "apt-get install nodejs npm");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(root.join("scripts/node_modules/puppeteer-core").exists(), "npm ci --prefix scripts");
    let plan_file = dir.join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).unwrap();
    let mut cmd = std::process::Command::new("node");
    cmd.arg(root.join("scripts/check-practice.mjs")).arg(page).arg(&plan_file);
    if let Some(s) = screenshot {
        cmd.arg("--screenshot").arg(s);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["requests"], json!([]), "no network request");
    assert_eq!(seen["errors"], json!([]));
    assert!(seen["ready_ms"].as_u64().unwrap() < PAGE_MS, "{}", seen["ready_ms"]);
    seen
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn a_batch_shown_whole_is_right_in_chromium_and_for_grade() {
    let dir = tempfile::tempdir().unwrap();
    let net = example("xor");
    let text = practice_page(&net, &[]);
    let page = dir.path().join("xor.html");
    std::fs::write(&page, &text).unwrap();
    let names = fields(&text);
    let seen = answer_in_chromium(dir.path(), &page, &json!({"answers": {}, "show": names}), None);
    for name in &names {
        assert_eq!(seen["fields"][name]["verdict"], "right", "{name}: {}", seen["fields"][name]);
    }
    assert_eq!(seen["tally"], format!("{} right of {}", names.len(), names.len()));
    let sheet = dir.path().join("answers.json");
    std::fs::write(&sheet, seen["sheet"].as_str().unwrap()).unwrap();
    let out = nettrace().args(["grade", &net]).arg(&sheet).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}
