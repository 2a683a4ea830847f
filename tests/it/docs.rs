//! Every command that README.md, networks/README.md and docs/*.md show runs, as shown.
//!
//! Each ```sh, ```bash or ```console block that calls nettrace runs line by line under
//! `bash -o pipefail`, in a fresh copy of networks/ and docs/ (the repository's root, as far as the
//! commands can tell), with the built nettrace first on PATH. Every line must exit 0, or the status
//! its comment names (`# exit status 1`). In a ```console block, `$ ` starts a command and the lines
//! after it are its output (standard output and error together), which must appear in what it
//! prints, in order: a line `...` stands for any number of lines, and a line ending in `...` for a
//! line that starts with the rest.
//!
//! Commands that call a program which may be missing (jq, Graphviz's dot, PyTorch, pdflatex, man)
//! run in ignored tests, one per program: `documented_commands_with_jq`, `..._graphviz`,
//! `..._pytorch`, `..._pdflatex` and `..._man` (docs/testing.md).

use crate::common::require;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Programs that documented commands may call besides nettrace and the shell's basics: each is
/// run by the ignored test named after it, which also allows the programs listed with it.
const TOOLS: &[(&str, &[&str])] =
    &[("jq", &[]), ("dot", &[]), ("python3", &["jq"]), ("pdflatex", &[]), ("man", &[])];

/// Programs every machine that runs the tests has.
const BASICS: &[&str] = &["nettrace", "cat", "echo", "head", "mkdir", "cp", "ls"];

/// One command, continuation lines joined.
struct Line {
    /// Where it is: `README.md:57`.
    at: String,
    text: String,
    /// The output a ```console block shows after it.
    shown: Vec<String>,
    status: i32,
    /// The programs from `TOOLS` it calls.
    tools: Vec<&'static str>,
}

/// The documents whose commands run: README.md, networks/README.md and every docs/*.md.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    let mut guides: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    guides.sort();
    [root.join("README.md"), root.join("networks/README.md")].into_iter().chain(guides).collect()
}

/// Words split as the shell splits them (quotes kept), so that a `|` inside a jq filter is not a pipe.
fn words(text: &str) -> Vec<String> {
    let (mut words, mut word, mut quote) = (Vec::new(), String::new(), None);
    for c in text.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                continue;
            }
            _ => {}
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The programs a command line calls: the first word, and each word after `|`, `&&`, `||` or `;`.
fn programs(text: &str) -> Vec<String> {
    let words = words(text);
    let mut programs = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.starts_with('#') {
            break;
        }
        if i == 0 || matches!(words[i - 1].as_str(), "|" | "&&" | "||" | ";") {
            programs.push(w.clone());
        }
    }
    programs
}

fn line(at: String, text: String, shown: Vec<String>) -> Line {
    let status = text.split_once("# exit status ").map_or(0, |(_, n)| n.trim().parse().unwrap());
    let mut tools = Vec::new();
    for program in programs(&text) {
        match TOOLS.iter().find(|(tool, _)| *tool == program) {
            Some((tool, _)) => tools.push(*tool),
            None => assert!(
                BASICS.contains(&program.as_str()),
                "{at}: `{program}` is neither nettrace, a basic program nor one of the tools in \
                 tests/it/docs.rs: add it there, or show the command in a ```text block"
            ),
        }
    }
    Line { at, text, shown, status, tools }
}

/// The blocks of a document that call nettrace, each as its command lines.
fn blocks(path: &Path) -> Vec<Vec<Line>> {
    let name = path.strip_prefix(ROOT).unwrap().display().to_string();
    let at = |i: usize| format!("{name}:{}", i + 1);
    let text = std::fs::read_to_string(path).unwrap();
    let mut blocks = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((start, fence)) = lines.next() {
        let Some(lang) = fence.strip_prefix("```") else { continue };
        let body: Vec<(usize, &str)> = lines.by_ref().take_while(|(_, l)| !l.starts_with("```")).collect();
        assert!(!lang.is_empty(), "{}: a code block without a language (```text, ```sh...)", at(start));
        if !matches!(lang, "sh" | "bash" | "console") {
            for (i, l) in &body {
                assert!(!l.starts_with("$ nettrace"), "{}: a command outside ```console is not run", at(*i));
            }
            continue;
        }
        // (where, command, output shown after it)
        let mut commands: Vec<(usize, String, Vec<String>)> = Vec::new();
        let mut body = body.into_iter().peekable();
        while let Some((i, raw)) = body.next() {
            let command = match (lang, raw.strip_prefix("$ ")) {
                ("console", None) => {
                    assert!(raw.trim().is_empty(), "{}: output before any command", at(i));
                    continue;
                }
                ("console", Some(command)) => command,
                _ => raw,
            };
            if command.trim().is_empty() || command.trim_start().starts_with('#') {
                continue;
            }
            let mut text = command.to_string();
            while text.ends_with('\\') {
                text.pop();
                text.push_str(body.next().expect("a continuation line").1.trim_start());
            }
            let mut shown = Vec::new();
            while lang == "console" && body.peek().is_some_and(|(_, l)| !l.starts_with("$ ")) {
                shown.push(body.next().unwrap().1.to_string());
            }
            commands.push((i, text, shown));
        }
        if commands.iter().any(|(_, text, _)| programs(text).iter().any(|p| p == "nettrace")) {
            blocks.push(commands.into_iter().map(|(i, text, shown)| line(at(i), text, shown)).collect());
        }
    }
    blocks
}

/// Whether the shown lines appear in `printed`, in order (see the module's comment).
fn appears(shown: &[String], printed: &str) -> Result<(), String> {
    let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let matches = |want: &str, got: &str| match want.strip_suffix("...") {
        Some(start) => got.starts_with(start.trim_end()),
        None => want.trim_end() == got,
    };
    let mut from = 0;
    for run in shown.split(|l| l.trim() == "...").filter(|run| !run.is_empty()) {
        let found = (from..=printed.len().saturating_sub(run.len()))
            .find(|&i| run.iter().zip(&printed[i..]).all(|(w, g)| matches(w, g)));
        match found {
            Some(i) => from = i + run.len(),
            None => return Err(format!("not printed, or not in this order:\n{}", run.join("\n"))),
        }
    }
    Ok(())
}

/// Copies networks/ and docs/ into `to`.
fn copy_examples(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target)
            } else {
                std::fs::copy(&path, &target).map(|_| ()).unwrap()
            }
        }
    }
    for dir in ["networks", "docs"] {
        copy(&Path::new(ROOT).join(dir), &to.join(dir));
    }
}

/// Runs one command in `dir`, with `home` as HOME, and checks its status and output.
fn run(line: &Line, dir: &Path, home: &Path) {
    let words = words(&line.text);
    // Where a command writes into a directory of the user's (`> ~/.zfunc/_nettrace`), it exists.
    for pair in words.windows(2).filter(|w| w[0] == ">" || w[0] == ">>") {
        let target = match pair[1].strip_prefix("~/") {
            Some(rest) => home.join(rest),
            None => dir.join(&pair[1]),
        };
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_nettrace")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-o", "pipefail", "-c"])
        .arg(format!("exec 2>&1\n{}", line.text))
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", home)
        .env("PROFILE", home.join("profile.ps1"))
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(line.status), "{}: `{}` printed:\n{printed}", line.at, line.text);
    if let Err(e) = appears(&line.shown, &printed) {
        panic!("{}: `{}`: {e}\n\nIt printed:\n{printed}", line.at, line.text);
    }
}

/// Runs the commands that call only programs in `allowed`, block by block, each block in a fresh
/// copy of the examples; with `tool`, only the blocks where some command calls it. Returns how many
/// commands ran that call `tool` (or, without it, how many ran).
fn run_documented(tool: Option<&str>, allowed: &[&str]) -> usize {
    let mut counted = 0;
    for doc in documents() {
        for block in blocks(&doc) {
            if tool.is_some_and(|t| !block.iter().any(|l| l.tools.contains(&t))) {
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            copy_examples(dir.path());
            let home = tempfile::tempdir().unwrap();
            for line in block.iter().filter(|l| l.tools.iter().all(|t| allowed.contains(t))) {
                run(line, dir.path(), home.path());
                counted += usize::from(tool.is_none_or(|t| line.tools.contains(&t)));
            }
        }
    }
    counted
}

/// The ignored test of one tool: it and the programs allowed with it must be installed.
fn run_with(tool: &str) {
    let (_, also) = TOOLS.iter().find(|(t, _)| *t == tool).unwrap();
    for program in std::iter::once(&tool).chain(also.iter()) {
        match *program {
            "python3" => require("python3", &["-c", "import torch"], "pip install torch"),
            "dot" => require("dot", &["-V"], "apt-get install graphviz"),
            "pdflatex" => require("pdflatex", &["--version"], "apt-get install texlive-latex-base"),
            "man" => require("man", &["--version"], "apt-get install man-db"),
            other => require(other, &["--version"], &format!("apt-get install {other}")),
        }
    }
    let allowed: Vec<&str> = std::iter::once(tool).chain(also.iter().copied()).collect();
    let ran = run_documented(Some(tool), &allowed);
    assert!(ran > 0, "no documented command calls {tool}: remove its test");
}

#[test]
fn documented_commands_run() {
    let ran = run_documented(None, &[]);
    assert!(ran >= 40, "only {ran} documented commands ran");
}

/// Every command is run by one of the tests: it calls no tool, or only tools one test allows.
#[test]
fn every_documented_command_is_run_by_a_test() {
    for doc in documents() {
        for line in blocks(&doc).iter().flatten() {
            let covered = line.tools.is_empty()
                || TOOLS.iter().any(|(t, also)| line.tools.iter().all(|u| u == t || also.contains(u)));
            assert!(covered, "{}: no test allows all of {:?}", line.at, line.tools);
        }
    }
}

#[test]
#[ignore = "needs jq: cargo test -- --ignored documented_commands_with_jq"]
fn documented_commands_with_jq() {
    run_with("jq");
}

#[test]
#[ignore = "needs Graphviz's dot: cargo test -- --ignored documented_commands_with_graphviz"]
fn documented_commands_with_graphviz() {
    run_with("dot");
}

#[test]
#[ignore = "needs python3 with PyTorch, and jq: cargo test -- --ignored documented_commands_with_pytorch"]
fn documented_commands_with_pytorch() {
    run_with("python3");
}

#[test]
#[ignore = "needs pdflatex: cargo test -- --ignored documented_commands_with_pdflatex"]
fn documented_commands_with_pdflatex() {
    run_with("pdflatex");
}

#[test]
#[ignore = "needs man: cargo test -- --ignored documented_commands_with_man"]
fn documented_commands_with_man() {
    run_with("man");
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A document's prose: its lines outside code blocks.
fn prose(text: &str) -> Vec<&str> {
    let mut in_code = false;
    text.lines()
        .filter(|l| {
            if l.starts_with("```") {
                in_code = !in_code;
                return false;
            }
            !in_code
        })
        .collect()
}

/// Every relative link of the documents names a file that exists, and a heading in it for `#…`.
#[test]
fn every_link_in_the_docs_leads_somewhere() {
    let mut links = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for line in prose(&text) {
            for (_, rest) in line.match_indices("](").map(|(i, _)| line.split_at(i + 2)) {
                let target = &rest[..rest.find(')').expect("a link is closed on its line")];
                if target.contains("://") {
                    continue;
                }
                let (file, heading) = target.split_once('#').unwrap_or((target, ""));
                let path = if file.is_empty() { doc.clone() } else { doc.parent().unwrap().join(file) };
                assert!(path.exists(), "{}: a link to {target}, which does not exist", doc.display());
                if !heading.is_empty() {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let found = prose(&text)
                        .iter()
                        .filter_map(|l| l.strip_prefix('#'))
                        .any(|h| anchor(h.trim_start_matches('#').trim()) == heading);
                    assert!(found, "{}: a link to {target}, which has no such heading", doc.display());
                }
                links += 1;
            }
        }
    }
    assert!(links > 20, "only {links} links found");
}
