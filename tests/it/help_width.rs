//! Everything fits the width: every `--help` and `--why` line wraps to the terminal's columns.

use crate::common::{example, nettrace};

const COMMANDS: &[&str] =
    &["run", "step", "train", "init", "check", "grade", "schema", "export", "import", "graph", "exercise"];

/// The lines of `text` wider than `width` characters.
fn wide(text: &str, width: usize) -> Vec<String> {
    text.lines().filter(|l| l.chars().count() > width).map(str::to_string).collect()
}

#[test]
fn every_help_fits_80_columns() {
    for c in std::iter::once("").chain(COMMANDS.iter().copied()) {
        let mut cmd = nettrace();
        cmd.env("COLUMNS", "80");
        if !c.is_empty() {
            cmd.arg(c);
        }
        let out = cmd.arg("--help").output().unwrap();
        assert_eq!(wide(&String::from_utf8(out.stdout).unwrap(), 80), Vec::<String>::new(), "{c} --help");
    }
}

#[test]
fn every_help_line_but_the_usage_fits_60_columns() {
    for c in COMMANDS {
        let out = nettrace().env("COLUMNS", "60").args([c, "--help"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let wide: Vec<String> = wide(&text, 60).into_iter().filter(|l| !l.starts_with("Usage: ")).collect();
        assert_eq!(wide, Vec::<String>::new(), "{c} --help");
    }
}

#[test]
fn why_wraps_to_the_width() {
    let out = nettrace()
        .env("COLUMNS", "60")
        .args(["run", &example("two_layer"), "--why", "W[1][1][1]"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(wide(&text, 60), Vec::<String>::new(), "{text}");
    assert!(text.contains("W[1][1][1] is row 1, column 1 of W[1] as the file stores it\n  (in_out: rows = inputs, columns = units):\n"), "{text}");
}
