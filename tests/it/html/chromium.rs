//! The pages in a real browser: Debian's chromium, driven headless by `scripts/check-page.mjs`
//! (node and puppeteer-core, `npm ci --prefix scripts`), for the step pages here and the training
//! reports in `report.rs`. Ignored by default; run them with `cargo test -- --ignored chromium`.
//! Without chromium or node they fail, saying what is missing.

use super::{DIGITS_CSV, init, stdout};
use crate::common::{EXAMPLES, PAGE_MS, example, require};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Checks `page`, a step page or a training report, in chromium with `scripts/check-page.mjs`
/// (a step page against `trace`, the `run --json` file it should embed, when given; saving a
/// screenshot when asked): panics with the script's findings unless every check passed, and
/// returns what it measured (`kind`, `load_event_ms`, `script_done_ms`, `checks`, and the
/// kind's own: `numbers` and `explained`, or `snapshots` and `epochs`).
pub fn check_in_chromium(page: &Path, trace: Option<&Path>, screenshot: Option<&Path>) -> Value {
    check_on_phone_too(page, trace, screenshot, None)
}

/// [`check_in_chromium`], with a screenshot of the page on a 390×844 phone as well when asked;
/// checks what every page must measure for keyboards, screen readers and phones.
pub fn check_on_phone_too(
    page: &Path,
    trace: Option<&Path>,
    screenshot: Option<&Path>,
    phone: Option<&Path>,
) -> Value {
    require("node", &["--version"], "apt-get install nodejs npm");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    require(&chromium, &["--version"], "apt-get install chromium");
    assert!(
        Path::new(ROOT).join("scripts/node_modules/puppeteer-core").exists(),
        "this test needs puppeteer-core, which is not installed here (npm ci --prefix scripts)"
    );
    let mut cmd = Command::new("node");
    cmd.arg(Path::new(ROOT).join("scripts/check-page.mjs")).arg(page);
    if let Some(t) = trace {
        cmd.arg("--trace").arg(t);
    }
    if let Some(s) = screenshot {
        cmd.arg("--screenshot").arg(s);
    }
    if let Some(s) = phone {
        cmd.arg("--phone-screenshot").arg(s);
    }
    let out = cmd.output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}: {}{report}", page.display(), String::from_utf8_lossy(&out.stderr));
    let measured: Value = serde_json::from_str(report.trim()).unwrap();
    eprintln!("{measured}");
    assert!(measured["lowest_contrast"].as_f64().unwrap() >= 4.5, "{measured}");
    assert!(measured["phone_width"].as_u64().unwrap() <= 390, "{measured}");
    measured
}

/// Writes the page and the trace of `nettrace run args…` into `dir` as NAME.html and NAME.json.
fn write_page(dir: &Path, name: &str, args: &[&str]) -> (std::path::PathBuf, std::path::PathBuf) {
    let (page, trace) = (dir.join(format!("{name}.html")), dir.join(format!("{name}.json")));
    std::fs::write(&page, stdout(&[args, &["--format", "html"]].concat())).unwrap();
    std::fs::write(&trace, stdout(&[args, &["--json"]].concat())).unwrap();
    (page, trace)
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn every_step_page_works_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for name in EXAMPLES {
        let path = example(name);
        pages.push(write_page(dir.path(), name, &["run", &path]));
    }
    let net = init(dir.path(), "64,32,10", "relu,softmax", "cross_entropy");
    pages.push(write_page(
        dir.path(),
        "digits-64-32-10",
        &["run", &net, "--data", DIGITS_CSV, "--sample", "1"],
    ));
    let digits = format!("{ROOT}/networks/digits.json");
    pages.push(write_page(
        dir.path(),
        "digits-batch",
        &["run", &digits, "--data", DIGITS_CSV, "--samples", "1..8"],
    ));
    pages.push(write_page(
        dir.path(),
        "two_layer-round",
        &["run", &example("two_layer"), "--round", "3", "--precision", "3"],
    ));
    for (k, (page, trace)) in pages.iter().enumerate() {
        let shot = page.with_extension("png");
        // The notes' example: the screenshots of docs/html.md and README.md, desktop and phone.
        let (shot, phone) = match k {
            0 => (
                Path::new(ROOT).join("docs/step-page.png"),
                Some(Path::new(ROOT).join("docs/step-page-phone.png")),
            ),
            _ => (shot, None),
        };
        let measured = check_on_phone_too(page, Some(trace), Some(&shot), phone.as_deref());
        assert!(measured["phone_stepper_px"].as_u64().unwrap() <= 120, "{measured}");
        assert!(measured["formulas_named"].as_u64().unwrap() >= 3, "{measured}");
        assert!(measured["named"].as_u64().unwrap() >= 4, "{measured}");
        assert_eq!(measured["kind"], "nettrace-step", "{measured}");
        assert!(measured["load_event_ms"].as_u64().unwrap() < PAGE_MS, "{measured}");
        assert!(measured["script_done_ms"].as_u64().unwrap() < PAGE_MS, "{measured}");
        assert!(measured["numbers"].as_u64().unwrap() >= 10, "{measured}");
        assert!(measured["explained"].as_u64().unwrap() >= 3, "{measured}");
        assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "a screenshot of {}", page.display());
    }
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn a_page_with_hostile_names_works_in_chromium_and_embeds_the_same_trace() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let mut net: Value = serde_json::from_str(&text).unwrap();
    net["name"] = Value::from("</script><!--<script>alert(1)</script>\u{202e}\"'&amp;");
    net["description"] = Value::from("<!-- -->\u{2028}</style>");
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, net.to_string()).unwrap();
    let (page, trace) = write_page(dir.path(), "hostile", &["run", &path.display().to_string()]);
    check_in_chromium(&page, Some(&trace), None);
}

/// Runs `scripts/check-page.mjs` on `page` with the editing checks against this build's
/// nettrace; returns what it measured.
fn check_editing(page: &Path, trace: &Path, diverge: bool, screenshot: Option<&Path>) -> Value {
    require("node", &["--version"], "apt-get install nodejs npm");
    let mut cmd = Command::new("node");
    cmd.arg(Path::new(ROOT).join("scripts/check-page.mjs")).arg(page).arg("--trace").arg(trace);
    cmd.arg("--edit").arg(env!("CARGO_BIN_EXE_nettrace"));
    if diverge {
        cmd.arg("--diverge");
    }
    if let Some(s) = screenshot {
        cmd.arg("--edit-screenshot").arg(s);
    }
    let out = cmd.output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}: {}{report}", page.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(report.trim()).unwrap()
}

#[test]
#[ignore = "needs chromium and node: cargo test -- --ignored chromium"]
fn editing_stepping_and_resetting_in_chromium_agree_with_run_and_step() {
    let dir = tempfile::tempdir().unwrap();
    // Training with η = 1e300 diverges where the loss has no clamp to keep it finite.
    for (k, (name, diverges)) in
        [("two_layer", true), ("softmax_ce", false), ("sequential_bce", true)].into_iter().enumerate()
    {
        let (page, trace) = write_page(dir.path(), name, &["run", &example(name)]);
        let shot = Path::new(ROOT).join("docs/step-page-edit.png");
        let measured = check_editing(&page, &trace, diverges, (k == 0).then_some(shot.as_path()));
        assert_eq!(measured["refused"], 3, "{measured}");
        assert_eq!(measured["stepped"], 2, "{measured}");
        assert_eq!(measured["trained"], true, "{measured}");
        if diverges {
            let said = measured["diverged"].as_str().unwrap();
            assert!(said.starts_with("training diverged "), "{said}");
            assert!(said.ends_with("(η = 1e300); try a smaller learning rate"), "{said}");
        }
    }
    let digits = format!("{ROOT}/networks/digits.json");
    let (page, trace) =
        write_page(dir.path(), "digits-batch", &["run", &digits, "--data", DIGITS_CSV, "--samples", "1..4"]);
    let measured = check_editing(&page, &trace, false, None);
    assert_eq!(measured["stepped"], 2, "{measured}");
}
