//! Worked solutions (`run --format markdown|latex`): the notes' numbers substituted, every math
//! expression valid in KaTeX, every LaTeX document compiling, and the committed example current.

use crate::common::{EXAMPLES, example, nettrace, require};
use std::path::Path;
use std::process::Command;

fn render(name: &str, format: &str) -> String {
    let out = nettrace().args(["run", &example(name), "--format", format]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// The `$$ … $$` block that follows the bold label `label`.
fn block<'a>(md: &'a str, label: &str) -> &'a str {
    let start = md.find(&format!("**{label}.**")).unwrap_or_else(|| panic!("no {label} in\n{md}"));
    let rest = &md[start..];
    let open = rest.find("$$").unwrap() + 2;
    let close = open + rest[open..].find("$$").unwrap();
    &rest[open..close]
}

/// The notes' example (in_out: rows): z[1] = [0.7, 1.0], ŷ = 0.95, L = 0.00125, δ[2] = −0.05,
/// ∂L/∂W[2] = [[−0.035], [−0.05]], δ[1] = [−0.025, −0.03], and the update with η = 0.1.
#[test]
fn the_notes_example_with_its_numbers_substituted() {
    let md = render("two_layer", "markdown");
    let z1 = block(&md, "Pre-activation of layer 1");
    assert!(z1.contains("z^{[1]} &= a^{[0]} W^{[1]} + b^{[1]}"), "{z1}");
    assert!(
        z1.contains(
            "&= \\begin{bmatrix} 1 & 2 \\end{bmatrix}\\begin{bmatrix} 0.1 & 0.2 \\\\ 0.3 & 0.4 \\end{bmatrix} + \\begin{bmatrix} 0 & 0 \\end{bmatrix}"
        ),
        "{z1}"
    );
    assert!(z1.contains("&= \\begin{bmatrix} 0.7 & 1 \\end{bmatrix}"), "{z1}");
    let yhat = block(&md, "Activation of layer 2");
    assert!(
        yhat.contains("\\hat{y} = a^{[2]} &= z^{[2]}") && yhat.ends_with("&= 0.95\n\\end{aligned}\n"),
        "{yhat}"
    );
    let loss = block(&md, "Loss");
    assert!(loss.contains("&= \\frac{1}{2}\\sum_k \\left(0.95 - 1\\right)^2 \\\\\n&= 0.00125"), "{loss}");
    let d2 = block(&md, "Error signal of the output layer");
    assert!(
        d2.contains("\\delta^{[2]} &= \\frac{\\partial L}{\\partial \\hat{y}}") && d2.contains("&= -0.05"),
        "{d2}"
    );
    let gw2 = block(&md, "Gradient of the weights of layer 2");
    assert!(gw2.contains("(a^{[1]})^{\\top} \\delta^{[2]}"), "{gw2}");
    assert!(gw2.contains("&= \\begin{bmatrix} 0.7 & 1 \\end{bmatrix}^{\\top}(-0.05) \\\\"), "{gw2}");
    assert!(gw2.contains("&= \\begin{bmatrix} -0.035 \\\\ -0.05 \\end{bmatrix}"), "{gw2}");
    let d1 = block(&md, "Error signal of layer 1");
    assert!(
        d1.contains(
            "&= \\begin{bmatrix} -0.025 & -0.03 \\end{bmatrix} \\circ \\begin{bmatrix} 1 & 1 \\end{bmatrix}"
        ),
        "{d1}"
    );
    assert!(d1.contains("&= \\begin{bmatrix} -0.025 & -0.03 \\end{bmatrix}\n"), "{d1}");
    let w1 = block(&md, "New weights of layer 1");
    assert!(
        w1.contains("W^{[1]} &\\leftarrow W^{[1]} - \\eta \\, \\frac{\\partial L}{\\partial W^{[1]}}"),
        "{w1}"
    );
    assert!(w1.contains("&= \\begin{bmatrix} 0.1025 & 0.203 \\\\ 0.305 & 0.406 \\end{bmatrix}"), "{w1}");
    assert!(md.contains("**Loss after the update.**"));
    assert!(md.contains("&= 0.000182548"), "L after = ½(1 − 0.9808953…)²");
}

/// out_in and one sample: vectors are columns and z = W a + b; a dead ReLU unit is explained.
#[test]
fn out_in_writes_columns_and_explains_an_inactive_relu_unit() {
    let md = render("sequential_bce", "markdown");
    let z1 = block(&md, "Pre-activation of layer 1");
    assert!(z1.contains("z^{[1]} &= W^{[1]} a^{[0]} + b^{[1]}"), "{z1}");
    // W[1]·[0.5, 1]ᵀ + b = [0.15 − 0.2 + 0.1, 0.25 + 0.4 − 0.1, −0.3 + 0.1, 0.1 + 0.7 + 0.05]
    assert!(z1.contains("&= \\begin{bmatrix} 0.05 \\\\ 0.55 \\\\ -0.2 \\\\ 0.85 \\end{bmatrix}"), "{z1}");
    assert!(md.contains("> In layer 1, unit 3 is inactive ($z \\le 0$)"), "{md}");
    assert!(md.contains("> ReLU's derivative is 0 where $z \\le 0$: unit 3 is inactive"), "{md}");
    // ŷ = σ(0.29) = 0.571996, L = −log ŷ = 0.558623, ∂L/∂ŷ = (ŷ − 1)/(ŷ(1 − ŷ)) = −1/ŷ
    let loss = block(&md, "Loss");
    assert!(
        loss.contains(
            "&= -\\frac{1}{1}\\sum_k \\left(1 \\circ \\log 0.571996 + \\left(1 - 1\\right) \\circ \\log\\left(1 - 0.571996\\right)\\right) \\\\\n&= 0.558623"
        ),
        "{loss}"
    );
    let g = block(&md, "Gradient of the loss with respect to the output");
    assert!(
        g.contains(
            "&= \\frac{1}{1} \\frac{0.571996 - 1}{0.571996 \\circ \\left(1 - 0.571996\\right)} \\\\\n&= -1.74826"
        ),
        "{g}"
    );
}

/// A batch in out_in is written z = a Wᵀ + b, one row per sample.
#[test]
fn out_in_batches_are_rows_times_w_transposed() {
    let md = render("xor", "markdown");
    let z1 = block(&md, "Pre-activation of layer 1");
    assert!(z1.contains("z^{[1]} &= a^{[0]} (W^{[1]})^{\\top} + b^{[1]}"), "{z1}");
    // Sample 2, x = [0, 1]: z = [−0.53 + 0.23, 0.16 − 0.39, −0.13 − 0.11, −0.68 + 0.02]
    assert!(z1.contains("-0.3 & -0.23 & -0.24 & -0.66"), "{z1}");
    assert!(md.contains("a batch of $N = 4$ samples"));
}

#[test]
fn the_committed_example_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (format, file) in [("markdown", "docs/two_layer.md"), ("latex", "docs/two_layer.tex")] {
        let committed = std::fs::read_to_string(Path::new(root).join(file)).unwrap();
        assert_eq!(
            render("two_layer", format),
            committed,
            "{file} is out of date: nettrace run networks/two_layer.json --format {format} > {file}"
        );
    }
}

/// Every math expression of every example's Markdown (plain and --round 3), of the README and of
/// the guides in docs/ parses in KaTeX (needs node and `npm ci --prefix scripts`).
#[test]
#[ignore = "needs node and KaTeX (npm ci --prefix scripts): cargo test -- --ignored katex"]
fn every_example_renders_in_katex() {
    let root = env!("CARGO_MANIFEST_DIR");
    require("node", &["-v"], "apt-get install nodejs npm");
    assert!(
        Path::new(root).join("scripts/node_modules/katex").exists(),
        "this test needs KaTeX, which is not installed here (npm ci --prefix scripts)"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for name in EXAMPLES {
        for round in [None, Some("3")] {
            let path = dir.path().join(format!("{name}{}.md", round.unwrap_or("")));
            let mut cmd = nettrace();
            cmd.args(["run", &example(name), "--format", "markdown"]);
            if let Some(k) = round {
                cmd.args(["--round", k]);
            }
            std::fs::write(&path, cmd.output().unwrap().stdout).unwrap();
            files.push(path);
        }
    }
    // The guides: GitHub renders their `$…$` as math too, so a stray dollar would garble them.
    files.push(Path::new(root).join("README.md"));
    for entry in std::fs::read_dir(Path::new(root).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let out = Command::new("node")
        .arg(Path::new(root).join("scripts/check-katex.mjs"))
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    let (ok, total) = report.trim().split_once(' ').unwrap().0.split_once('/').unwrap();
    assert_eq!(ok, total);
    assert!(ok.parse::<usize>().unwrap() > 200, "{report}");
    eprintln!("{report}");
}

/// Every example's LaTeX compiles with pdflatex.
#[test]
#[ignore = "needs pdflatex (TeX Live): cargo test -- --ignored pdflatex"]
fn every_example_compiles_with_pdflatex() {
    require("pdflatex", &["--version"], "apt-get install texlive-latex-base");
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let tex = dir.path().join(format!("{name}.tex"));
        std::fs::write(&tex, render(name, "latex")).unwrap();
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"])
            .arg(&tex)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}.tex: {}", String::from_utf8_lossy(&out.stdout));
        assert!(dir.path().join(format!("{name}.pdf")).exists());
    }
}
