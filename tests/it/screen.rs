//! Output fits the screen: the width from COLUMNS or --width, wide matrices abbreviated around
//! `…` with their true labels, --full, and no line wider than 80 columns at 80 for a 4-12-12-3
//! network, one digit of the digits network, check, grade and train. LaTeX fits the page: no
//! overfull box for the XOR batch, a 4-12-12-3 network or one digit.

use crate::common::{example, nettrace, require};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// A 4-12-12-3 network (ReLU, ReLU, softmax) with one sample, as `init` draws it.
fn wide_network(dir: &Path) -> String {
    let out = nettrace()
        .args(["init", "--sizes", "4,12,12,3", "--activations", "relu,relu,softmax"])
        .args(["--loss", "cross_entropy", "--seed", "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut net: Value = serde_json::from_slice(&out.stdout).unwrap();
    net["input"] = json!([0.5, -1.2, 0.3, 2.0]);
    net["target"] = json!([0.0, 1.0, 0.0]);
    let path = dir.join("wide.json");
    std::fs::write(&path, net.to_string()).unwrap();
    path.display().to_string()
}

/// The 4-12-12-3 network with a batch of two samples instead of one.
fn wide_batch(dir: &Path) -> String {
    let mut net: Value = serde_json::from_str(&std::fs::read_to_string(wide_network(dir)).unwrap()).unwrap();
    let object = net.as_object_mut().unwrap();
    object.remove("input");
    object.remove("target");
    net["inputs"] = json!([[0.5, -1.2, 0.3, 2.0], [1.0, 2.0, 3.0, 4.0]]);
    net["targets"] = json!([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]);
    let path = dir.join("wide_batch.json");
    std::fs::write(&path, net.to_string()).unwrap();
    path.display().to_string()
}

/// What `nettrace args` prints with COLUMNS set to `columns` (unset for None).
fn printed(columns: Option<&str>, args: &[&str]) -> String {
    let mut cmd = nettrace();
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The widest line, in characters (not bytes).
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn assert_fits(text: &str, width: usize, what: &str) {
    let line = text.lines().find(|l| l.chars().count() > width);
    assert!(line.is_none(), "{what}: a line over {width} columns: {line:?}\n{text}");
}

/// The lines of the table titled `title` (from its title to its bottom rule).
fn table<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(title));
    let mut out = vec![lines.next().unwrap_or_else(|| panic!("no table {title} in\n{text}"))];
    for l in lines {
        out.push(l);
        if l.starts_with('└') {
            break;
        }
    }
    out
}

/// The cells of a table line: `│ a ┆ b │` → ["a", "b"].
fn cells(line: &str) -> Vec<&str> {
    line.trim_matches(|c| c == '│').split('┆').map(str::trim).collect()
}

#[test]
fn a_4_12_12_3_network_fits_80_columns_from_columns() {
    let dir = tempfile::tempdir().unwrap();
    let net = wide_network(dir.path());
    let fitted = printed(Some("80"), &["run", &net]);
    assert_fits(&fitted, 80, "COLUMNS=80");
    // Without a width it is as wide as its widest table (12 columns of numbers).
    let unlimited = printed(None, &["run", &net]);
    assert!(widest(&unlimited) > 150, "{unlimited}");
    assert!(!table(&unlimited, "b[1]").join("\n").contains('…'));
    let wide = printed(Some("200"), &["run", &net]);
    assert_eq!(wide, unlimited, "a 170-column trace fits 200 columns whole");
}

#[test]
fn width_overrides_columns_and_zero_means_no_limit() {
    let dir = tempfile::tempdir().unwrap();
    let net = wide_network(dir.path());
    assert_fits(&printed(Some("200"), &["run", &net, "--width", "80"]), 80, "--width 80");
    assert_fits(&printed(Some("200"), &["run", &net, "--width", "60"]), 60, "--width 60");
    let unlimited = printed(Some("80"), &["run", &net, "--width", "0"]);
    assert!(widest(&unlimited) > 150, "--width 0 sets no limit:\n{unlimited}");
    // A COLUMNS that is not a width is no limit.
    assert!(widest(&printed(Some("wide"), &["run", &net])) > 150);
}

#[test]
fn wide_vectors_and_matrices_keep_their_first_and_last_columns_with_true_labels() {
    let dir = tempfile::tempdir().unwrap();
    let net = wide_network(dir.path());
    let text = printed(Some("80"), &["run", &net]);
    let trace: Value = serde_json::from_str(&printed(None, &["run", &net, "--json"])).unwrap();
    let step = |layer: u64, name: &str| -> Vec<f64> {
        let s = trace["steps"].as_array().unwrap().iter().find(|s| s["layer"] == layer && s["name"] == name);
        let value = &s.unwrap_or_else(|| panic!("no {name} {layer}"))["value"];
        let row = if value[0].is_array() { &value[0] } else { value };
        row.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
    };
    // z[1], a vector of 12: its header names the units shown, around one `…` column.
    let z = table(&text, "z[1] = a[0]·W[1]ᵀ + b[1]  [1×12]");
    let header = cells(z[2]);
    assert_eq!(header.first(), Some(&"unit 1"));
    assert_eq!(header.last(), Some(&"unit 12"));
    assert_eq!(header.iter().filter(|&&h| h == "…").count(), 1, "{z:#?}");
    let values = cells(z[4]);
    let want = step(1, "z");
    for (h, v) in header.iter().zip(&values) {
        if *h == "…" {
            assert_eq!(*v, "…");
            continue;
        }
        let unit: usize = h.strip_prefix("unit ").unwrap().parse().unwrap();
        // The trace's value, written as the tables write it (6 significant digits).
        assert_eq!(*v, nettrace::notation::number::format(want[unit - 1], 6), "unit {unit}");
    }
    // W[2], 12×12: every row, columns abbreviated, labels from 1 to 12.
    let w = table(&text, "W[2] (rows = units)  [12×12]");
    let header = cells(w[2]);
    assert_eq!((header[1], header[header.len() - 1]), ("input 1", "input 12"));
    assert!(header.contains(&"…"));
    assert!(w.iter().any(|l| l.contains("unit 12")));
    assert_eq!(w.len(), 1 + 3 + 12 + 1, "title, rules and header, 12 rows, bottom rule");
}

#[test]
fn full_prints_every_column_however_wide() {
    let dir = tempfile::tempdir().unwrap();
    let net = wide_network(dir.path());
    let text = printed(Some("80"), &["run", &net, "--full"]);
    assert!(!text.contains('…'), "{text}");
    let header = cells(table(&text, "W[2] (rows = units)")[2]);
    let want: Vec<String> = (1..=12).map(|i| format!("input {i}")).collect();
    assert_eq!(header[1..], want.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    assert!(widest(&text) > 150);
}

#[test]
fn a_tall_batch_shows_its_first_and_last_samples_on_a_screen() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<Value> = (0..30).map(|i| json!([i as f64 / 30.0, 1.0])).collect();
    let targets: Vec<Value> = (0..30).map(|_| json!([1.0])).collect();
    let net = json!({
        "inputs": inputs, "targets": targets,
        "layers": [{"weights": [[0.1, 0.2]], "bias": [0.0], "activation": "identity"}]
    });
    let path = dir.path().join("batch.json");
    std::fs::write(&path, net.to_string()).unwrap();
    let path = path.display().to_string();
    let screen = printed(Some("100"), &["run", &path]);
    let a = table(&screen, "a[0] = x (input)  [30×2]").join("\n");
    assert!(a.contains("sample 3") && a.contains("sample 28") && a.contains("sample 30"), "{a}");
    assert!(!a.contains("sample 4 ") && a.contains("│ …"), "{a}");
    // Piped with no width, and with --full, every sample.
    for text in [printed(None, &["run", &path]), printed(Some("100"), &["run", &path, "--full"])] {
        assert!(table(&text, "a[0] = x (input)").join("\n").contains("sample 15"), "{text}");
    }
}

#[test]
fn one_digit_fits_80_columns_and_a_few_screens() {
    let digits = format!("{}/networks/data/digits.csv", env!("CARGO_MANIFEST_DIR"));
    let text = printed(Some("80"), &["run", &example("digits"), "--data", &digits, "--sample", "1"]);
    assert_fits(&text, 80, "one digit");
    assert!(text.lines().count() < 260, "{} lines", text.lines().count());
    // 64 inputs: the first and last that fit.
    let x = cells(table(&text, "a[0] = x (input)  [1×64]")[2]);
    assert_eq!((x[0], x[x.len() - 1]), ("unit 1", "unit 64"));
}

#[test]
fn check_grade_and_train_fit_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let wide = wide_network(dir.path());
    let answers = dir.path().join("answers.json");
    for net in [wide.as_str(), &example("xor"), &example("sequential_bce"), &example("softmax_ce")] {
        std::fs::write(&answers, printed(None, &["run", net, "--json"])).unwrap();
        let answers = answers.display().to_string();
        for args in [vec!["check", net], vec!["grade", net, &answers], vec!["train", net, "--epochs", "3"]] {
            assert_fits(&printed(Some("80"), &args), 80, &format!("{args:?}"));
        }
    }
    // A wrong value's explanation too.
    let mut sheet: Value = serde_json::from_str(&printed(None, &["run", &wide, "--json"])).unwrap();
    sheet["steps"][3]["value"][0] = json!(1234.5);
    std::fs::write(&answers, sheet.to_string()).unwrap();
    let text = printed(Some("80"), &["grade", &wide, &answers.display().to_string()]);
    assert_fits(&text, 80, "a wrong sheet");
}

#[test]
fn tables_of_words_wrap_their_cells_but_never_split_a_number() {
    let digits = format!("{}/networks/data/digits.csv", env!("CARGO_MANIFEST_DIR"));
    let args = ["train", &example("digits"), "--data", &digits, "--epochs", "2", "--holdout", "0.2"];
    let text = printed(Some("80"), &[&args[..], &["--seed", "2", "--batch-size", "64"]].concat());
    assert_fits(&text, 80, "train");
    let unlimited = printed(None, &[&args[..], &["--seed", "2", "--batch-size", "64"]].concat());
    // Every number of the unlimited table is whole in the fitted one.
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .filter(|l| l.starts_with('│') && l.contains('%'))
            .map(|l| cells(l).into_iter().map(String::from).collect())
            .collect()
    };
    assert_eq!(rows(&text), rows(&unlimited));
    assert_eq!(rows(&text).len(), 2, "{text}");
}

#[test]
fn latex_abbreviates_wide_matrices_and_breaks_long_lines() {
    let dir = tempfile::tempdir().unwrap();
    let net = wide_network(dir.path());
    let tex = printed(None, &["run", &net, "--format", "latex"]);
    // W[2] is 12×12: each row keeps its first and last columns around \cdots.
    let w2 = tex.lines().find(|l| l.starts_with("W^{[2]} &= ")).unwrap();
    assert_eq!(w2.matches("\\cdots").count(), 12, "{w2}");
    assert!(w2.starts_with("W^{[2]} &= \\begin{bmatrix} 0.0660105 & -0.0161542 & "), "{w2}");
    assert!(w2.contains(" & -0.129738 \\\\ "), "the last column of row 1: {w2}");
    // XOR's δ[1] = ∂L/∂a[1] ∘ tanh′(z[1]), two 4×4 matrices: the line breaks before the ∘.
    let tex = printed(None, &["run", &example("xor"), "--format", "latex"]);
    let delta = tex.split("\\delta^{[1]} &= ").nth(1).unwrap();
    let lines: Vec<&str> = delta.lines().take(4).collect();
    assert!(lines[2].starts_with("&\\quad {} \\circ \\begin{bmatrix} 0.948911 & "), "{lines:#?}");
    assert!(!lines[1].contains("\\circ") && !lines[1].contains("\\cdots"), "{lines:#?}");
}

/// No overfull box, no error: LaTeX of the XOR batch, a 4-12-12-3 network (one sample and a
/// batch) and one digit fits the page.
#[test]
#[ignore = "needs pdflatex (TeX Live): cargo test -- --ignored pdflatex"]
fn latex_never_overflows_the_page_with_pdflatex() {
    require("pdflatex", &["--version"], "apt-get install texlive-latex-base");
    let dir = tempfile::tempdir().unwrap();
    let digits = format!("{}/networks/data/digits.csv", env!("CARGO_MANIFEST_DIR"));
    let (wide, batch) = (wide_network(dir.path()), wide_batch(dir.path()));
    let (xor, digit) = (example("xor"), example("digits"));
    let documents: [(&str, Vec<&str>); 4] = [
        ("xor", vec![&xor]),
        ("wide", vec![&wide]),
        ("batch", vec![&batch]),
        ("digit", vec![&digit, "--data", &digits, "--sample", "1"]),
    ];
    for (name, args) in documents {
        let tex = printed(None, &[&["run", "--format", "latex"], &args[..]].concat());
        std::fs::write(dir.path().join(format!("{name}.tex")), tex).unwrap();
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", &format!("{name}.tex")])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}.tex: {}", String::from_utf8_lossy(&out.stdout));
        let log = std::fs::read_to_string(dir.path().join(format!("{name}.log"))).unwrap();
        for overfull in ["Overfull \\hbox", "Overfull \\vbox"] {
            let at: Vec<&str> = log.lines().filter(|l| l.starts_with(overfull)).collect();
            assert!(at.is_empty(), "{name}.tex: {at:#?}");
        }
    }
}
