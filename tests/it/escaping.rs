//! Hostile user text (names, descriptions, JSON keys and values, CSV headers, file names) written
//! by every renderer and in every error message: it shows as text and never acts. No escape
//! sequence reaches a terminal, no LaTeX command or Markdown block or HTML is created, the DOT
//! and the PyTorch script stay well formed, and an error message stays one short line.

use crate::common::{example, nettrace, require};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Names that break naive output: terminal escapes, TeX and Markdown syntax, quotes, bidi and
/// line-separator characters, a combining mark, a soft hyphen, NUL.
const HOSTILE: &[&str] = &[
    "\x1b]0;pwned\x07",
    "clear\x1b[2J\rdone\0",
    "$\\input{/etc/passwd}$",
    "\\write18{rm -rf ~} \\end{document}",
    "<script>alert(1)</script>",
    "ok\n# Heading\n- item\n> quote",
    "[link](javascript:alert(1)) ![img](http://x/y.png)",
    "quotes \" ' \\ {} $ % # & ^ _ ~ `code`",
    "\u{202e}gnp.exe",
    "line\u{2028}separator\u{2029}",
    "e\u{301}\u{ad}\u{9b}31m",
    "\"\"\"; import os; \"\"\"",
];

/// The notes' example with `name` and `description`.
fn network(name: &str, description: &str) -> Value {
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let mut net: Value = serde_json::from_str(&text).unwrap();
    net["name"] = json!(name);
    net["description"] = json!(description);
    net
}

fn write(dir: &Path, file: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, contents).unwrap();
    path
}

/// `nettrace args… file` on `net`: the standard output, after checking that it succeeded.
fn output(net: &Value, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "net.json", net.to_string().as_bytes());
    let out = nettrace().args(args).arg(&path).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Bytes that act on a terminal (C0 but newline, DEL, C1) or reorder text (bidi controls).
fn assert_inert_for_a_terminal(text: &str, what: &str) {
    let acting = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    });
    assert_eq!(acting, None, "{what}:\n{text}");
}

#[test]
fn tables_show_control_characters_as_escapes() {
    for name in HOSTILE {
        // No width: a long title would wrap, and this is about lines a name itself breaks.
        let table = output(&network(name, name), &["run", "--width", "0"]);
        assert_inert_for_a_terminal(&table, &format!("run, name {name:?}"));
        let second = table.lines().nth(1).unwrap();
        assert!(second.starts_with("layout "), "{name:?}: the title is not one line\n{table}");
    }
    let table = output(&network("\x1b]0;pwned\x07", "a\rb"), &["run"]);
    assert!(table.starts_with("\\u{1b}]0;pwned\\u{7}: a\\rb\n"), "{table}");
}

#[test]
fn latex_typesets_names_as_text() {
    for name in HOSTILE {
        let tex = output(&network(name, name), &["run", "--format", "latex"]);
        assert_inert_for_a_terminal(&tex, &format!("latex, name {name:?}"));
        for command in ["\\input", "\\write18", "$\\input"] {
            assert!(!tex.contains(command), "{name:?}: {command} in\n{tex}");
        }
        assert_eq!(tex.matches("\\end{document}").count(), 1, "{name:?}");
        assert!(tex.ends_with("\\end{document}\n"));
        // With the escapes taken out, no special character of TeX is left from the name.
        let title = tex.lines().find(|l| l.starts_with("\\section*{Worked solution: ")).unwrap();
        let mut inner = title["\\section*{Worked solution: ".len()..title.len() - 1].to_string();
        for escape in ["\\textbackslash{}", "\\textasciitilde{}", "\\textasciicircum{}", "$<$", "$>$", "$|$"]
        {
            inner = inner.replace(escape, "");
        }
        for escape in ["\\#", "\\$", "\\%", "\\&", "\\_", "\\{", "\\}", "-{}"] {
            inner = inner.replace(escape, "");
        }
        assert!(!inner.contains(['\\', '{', '}', '$', '&', '#', '^', '_', '%', '~']), "{name:?}: {title}");
    }
    let tex = output(&network("$\\input{/etc/passwd}$", "100% & #1"), &["run", "--format", "latex"]);
    assert!(tex.contains("Worked solution: \\$\\textbackslash{}input\\{/etc/passwd\\}\\$}"), "{tex}");
    assert!(tex.contains("\n100\\% \\& \\#1\n"), "{tex}");
}

#[test]
#[ignore = "needs pdflatex (TeX Live): cargo test -- --ignored pdflatex"]
fn latex_with_hostile_names_compiles_with_pdflatex() {
    require("pdflatex", &["--version"], "apt-get install texlive-latex-base");
    let dir = tempfile::tempdir().unwrap();
    // A file the name tries to read: pdflatex must never open it.
    write(dir.path(), "secret.tex", b"SECRET\n");
    for (i, name) in HOSTILE.iter().chain(&["$\\input{secret}$ \\input{secret}"]).enumerate() {
        let tex = output(&network(name, name), &["run", "--format", "latex"]);
        let file = format!("doc{i}.tex");
        write(dir.path(), &file, tex.as_bytes());
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", &file])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name:?}:\n{}", String::from_utf8_lossy(&out.stdout));
        let log = std::fs::read_to_string(dir.path().join(format!("doc{i}.log"))).unwrap();
        assert!(!log.contains("secret.tex"), "{name:?} read a file:\n{log}");
    }
}

/// The lines of a Markdown rendering that come from the name and the description: the title
/// and the paragraph after it. Every other line is the same as for a plain name.
fn markdown_text_lines(md: &str, plain: &str) -> [String; 2] {
    let (lines, expected): (Vec<&str>, Vec<&str>) = (md.lines().collect(), plain.lines().collect());
    assert_eq!(lines.len(), expected.len(), "the name added or removed lines:\n{md}");
    for (i, (line, want)) in lines.iter().zip(&expected).enumerate() {
        assert!(i == 0 || i == 2 || line == want, "line {} changed: {line:?}\n{md}", i + 1);
    }
    [lines[0].to_string(), lines[2].to_string()]
}

fn assert_inert_markdown(line: &str, what: &str) {
    assert_inert_for_a_terminal(line, what);
    // A link needs `](` or `][`; an escaped `\]` closes nothing.
    let unescaped = line.replace("\\]", "");
    for raw in ["<script", "<img", "<b>", "](", "][", "$\\input", "`code`"] {
        assert!(!unescaped.contains(raw), "{what}: {raw} in {line:?}");
    }
}

#[test]
fn markdown_creates_no_html_heading_list_or_link() {
    let plain = output(&network("n", "d"), &["run", "--format", "markdown"]);
    for name in HOSTILE {
        let md = output(&network(name, name), &["run", "--format", "markdown"]);
        let [title, description] = markdown_text_lines(&md, &plain);
        assert!(title.starts_with("# Worked solution: "), "{title}");
        assert_inert_markdown(&title, &format!("title {name:?}"));
        assert_inert_markdown(&description, &format!("description {name:?}"));
        assert!(
            !description.starts_with(['#', '-', '+', '*', '>', '<', '[', ' ', '=', '|']),
            "{description}"
        );
    }
    let md = output(
        &network("<script>alert(1)</script>", "ok\n# Heading\n- item"),
        &["run", "--format", "markdown"],
    );
    assert!(
        md.starts_with("# Worked solution: &lt;script&gt;alert(1)&lt;/script&gt;\n\nok \\# Heading - item\n"),
        "{md}"
    );
}

#[test]
fn exercise_questions_escape_the_name_and_description() {
    let text = std::fs::read_to_string(example("two_layer")).unwrap();
    let file = nettrace::io::network_file::parse(&text, "two_layer.json", Default::default()).unwrap();
    let step = nettrace::step::Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None);
    let questions = |name: &str, description: &str| {
        let worked = nettrace::teach::worked::build(&step, Some(name), Some(description));
        let mut out = Vec::new();
        nettrace::render::markdown::write_questions(&worked, 6, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let plain = questions("n", "d");
    for name in HOSTILE {
        let md = questions(name, name);
        let [title, description] = markdown_text_lines(&md, &plain);
        assert!(title.starts_with("# ") && title.ends_with(": questions"), "{title}");
        assert_inert_markdown(&title, &format!("questions {name:?}"));
        assert_inert_markdown(&description, &format!("questions {name:?}"));
    }
}

/// Whether every `"` of a DOT line that is not escaped pairs with another.
fn balanced(line: &str) -> bool {
    let (mut open, mut escaped) = (false, false);
    for c in line.chars() {
        match c {
            '\\' if open && !escaped => escaped = true,
            '"' if !escaped => open = !open,
            _ => escaped = false,
        }
    }
    !open
}

#[test]
fn dot_strings_stay_strings() {
    for name in HOSTILE.iter().chain(&["a\" ]; evil [label=\"x", "back\\"]) {
        for extra in [&[][..], &["--per-neuron"][..]] {
            let dot = output(&network(name, ""), &[&["graph"][..], extra].concat());
            assert_inert_for_a_terminal(&dot, &format!("graph, name {name:?}"));
            assert!(dot.starts_with("digraph \""), "{dot}");
            for line in dot.lines() {
                assert!(balanced(line), "{name:?}: unbalanced quotes in {line}");
            }
            assert!(!dot.lines().any(|l| l.trim_start().starts_with("evil")), "{dot}");
        }
    }
    let dot = output(&network("a&lt;\x1b", ""), &["graph"]);
    assert!(dot.starts_with("digraph \"a&amp;lt;\\\\u{1b}\" {"), "{dot}");
}

#[test]
#[ignore = "needs Graphviz's dot: cargo test -- --ignored graphviz"]
fn graphviz_reads_hostile_names_as_text() {
    require("dot", &["-V"], "apt-get install graphviz");
    for name in HOSTILE.iter().chain(&["a\" ]; evil [label=\"x"]) {
        let dot = output(&network(name, ""), &["graph"]);
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "g.dot", dot.as_bytes());
        let out = Command::new("dot").arg("-Tplain").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name:?}: {}", String::from_utf8_lossy(&out.stderr));
        let plain = String::from_utf8(out.stdout).unwrap();
        assert!(!plain.lines().any(|l| l.starts_with("node evil")), "{name:?}: {plain}");
    }
}

#[test]
fn exported_scripts_parse_and_carry_the_name() {
    require("python3", &["--version"], "apt-get install python3");
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<&str> =
        HOSTILE.iter().copied().chain(["\u{fffe}\u{e000}\u{10ffff}\u{1f600}", "trailing\\"]).collect();
    let mut scripts = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let script = output(&network(name, ""), &["export", "--torch"]);
        scripts.push(write(dir.path(), &format!("s{i}.py"), script.as_bytes()));
    }
    // Each script's docstring, as Python reads it, one JSON string per line.
    let check = r#"
import ast, json, sys
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding="utf-8").read())
    print(json.dumps(tree.body[0].value.value))
"#;
    let out = Command::new("python3").arg("-c").arg(check).args(&scripts).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs: Vec<String> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), names.len());
    for (name, doc) in names.iter().zip(&docs) {
        let expected = format!("One training step of \"{name}\" in PyTorch (float64)");
        assert!(doc.starts_with(&expected), "{name:?}: the docstring reads {doc:?}");
    }
}

/// `nettrace args… file` on `contents`, expected to fail: its standard error.
fn error(file: &str, contents: &[u8], args: &[&str], after: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), file, contents);
    let out = nettrace().args(args).arg(&path).args(after).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

fn assert_one_short_line(err: &str, what: &str) {
    assert_inert_for_a_terminal(err, what);
    assert_eq!(err.lines().count(), 1, "{what}: {err}");
    assert!(err.len() < 600, "{what}: {} bytes: {}", err.len(), &err[..600]);
    assert!(err.starts_with("nettrace: error: "), "{what}: {err}");
}

#[test]
fn a_json_key_cannot_forge_a_line_or_clear_the_screen() {
    let mut net = network("n", "d");
    net["bad\nnettrace: everything is fine\u{1b}[2J"] = json!(1);
    let err = error("net.json", net.to_string().as_bytes(), &["run"], &[]);
    assert_one_short_line(&err, "unknown key");
    assert!(err.contains("[\"bad\\nnettrace: everything is fine\\u{1b}[2J\"] is not a known field"), "{err}");
    let mut net = network("n", "d");
    net["layers"][0]["\u{9b}2J"] = json!(1);
    assert_one_short_line(&error("net.json", net.to_string().as_bytes(), &["run"], &[]), "unknown layer key");
}

#[test]
fn a_huge_value_or_key_is_cut_short() {
    let huge = "x".repeat(20_000_000);
    for field in ["layout", "loss"] {
        let mut net = network("n", "d");
        net[field] = json!(huge);
        let err = error("net.json", net.to_string().as_bytes(), &["run"], &[]);
        assert_one_short_line(&err, field);
        assert!(err.contains("(20000000 characters)"), "{err}");
    }
    let mut net = network("n", "d");
    net["layers"][0]["activation"] = json!(format!("{}\n\x1b[2J", "\x1b".repeat(10_000)));
    assert_one_short_line(&error("net.json", net.to_string().as_bytes(), &["run"], &[]), "activation");
    let mut net = network("n", "d");
    net[&huge] = json!(1);
    assert_one_short_line(&error("net.json", net.to_string().as_bytes(), &["run"], &[]), "huge key");
}

#[test]
fn csv_headers_and_cells_are_quoted_safely() {
    let huge = "h".repeat(20_000_000);
    for (header, row) in [
        ("x1\x1b[2J,x2\n,y".to_string(), "1,2,z\x1b]0;t\x07".to_string()),
        (format!("a,{huge},y"), "1,2,oops".to_string()),
        ("a,b,y".to_string(), format!("1,2,{huge}")),
        ("a,b,\u{202e}y".to_string(), "1,2,\"q\nr\"".to_string()),
    ] {
        let csv = format!("{header}\n{row}\n");
        let err = error("data.csv", csv.as_bytes(), &["train", &example("two_layer"), "--data"], &[]);
        assert_one_short_line(&err, &format!("csv {}", &csv[..csv.len().min(40)]));
    }
}

#[test]
fn state_dict_keys_are_quoted_safely() {
    let huge = "k".repeat(20_000_000);
    for doc in [
        json!({"0.weight": [[1.0]], "evil\n\x1b[2J": [0.0]}),
        json!({"0.weight": [[1.0]], huge.clone(): [0.0]}),
        json!({"x\u{1b}.bias": [0.0]}),
    ] {
        let err =
            error("sd.json", doc.to_string().as_bytes(), &["import", "--from", "torch-state-dict"], &[]);
        assert_one_short_line(&err, "state_dict");
    }
    let doc = json!({"sizes": [format!("{huge}\x1b"), 1], "weights": [[[1.0]]], "biases": [[[0.0]]], "cost": "\x1b[2J"});
    let err = error("n.json", doc.to_string().as_bytes(), &["import", "--from", "nielsen"], &[]);
    assert_one_short_line(&err, "nielsen");
}

#[test]
fn answer_sheet_step_names_are_quoted_safely() {
    let huge = "s".repeat(20_000_000);
    for sheet in [
        json!({"steps": [{"name": "delta\n\x1b[2Jall right", "layer": 2, "value": [0.0]}]}),
        json!({"steps": [{"name": huge.clone(), "value": 1.0}]}),
        json!({"steps": [{"name": "delta", "layer": huge.clone(), "value": 1.0}]}),
    ] {
        let err = error("sheet.json", sheet.to_string().as_bytes(), &["grade", &example("two_layer")], &[]);
        assert_one_short_line(&err, "answer sheet");
    }
}

#[test]
fn file_names_and_arguments_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net\n\x1b[2Jfine.json");
    std::fs::write(&path, "{").unwrap();
    let out = nettrace().arg("run").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_short_line(&String::from_utf8(out.stderr).unwrap(), "file name");
    let out = nettrace().arg("run").arg(dir.path().join("missing\x1b[2J")).output().unwrap();
    assert_one_short_line(&String::from_utf8(out.stderr).unwrap(), "missing file");
    let why = format!("layers[1].{}\x1b[2J\n", "w".repeat(100_000));
    let out = nettrace().args(["run", &example("two_layer"), "--why", &why]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_short_line(&String::from_utf8(out.stderr).unwrap(), "--why");
}

#[test]
fn the_training_plot_title_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let net = write(dir.path(), "x\x1b[2J<b>&\u{fffe}.json", &std::fs::read(example("xor")).unwrap());
    let svg = dir.path().join("plot.svg");
    let out = nettrace().arg("train").arg(&net).args(["--epochs", "2", "--plot"]).arg(&svg).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_inert_for_a_terminal(&String::from_utf8(out.stdout).unwrap(), "train's report");
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(!svg.contains(|c: char| (c.is_control() && c != '\n') || c == '\u{fffe}'), "{svg}");
    assert!(svg.contains("x\\u{1b}[2J&lt;b&gt;&amp;"), "{svg}");
}
