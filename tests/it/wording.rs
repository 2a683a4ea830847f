//! What a user reads besides the numbers: help examples that name real files, help text without
//! stray escapes, the options each command offers, error prefixes and messages, table labels, the
//! loss curve's scale, plot ticks, and the files `train` says it wrote.

use crate::common::{example, nettrace};
use std::collections::BTreeSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const COMMANDS: &[&str] = &[
    "run",
    "step",
    "train",
    "init",
    "check",
    "grade",
    "graph",
    "exercise",
    "schema",
    "export",
    "import",
    "completions",
    "man",
];

/// The commands that print tables, and so take `--color`.
const COLOURED: &[&str] = &["run", "train", "check", "grade"];

/// The commands that read or make a network, and so take `--max-values`.
const LIMITED: &[&str] =
    &["run", "step", "train", "init", "check", "grade", "graph", "exercise", "export", "import"];

fn help(command: Option<&str>) -> String {
    let out = nettrace().args(command).arg("--help").output().unwrap();
    assert!(out.status.success(), "{command:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The command lines of an `Examples:` section, continuation lines joined.
fn examples(help: &str) -> Vec<String> {
    let Some((_, section)) = help.split_once("\nExamples:\n") else { return Vec::new() };
    let mut lines = Vec::new();
    let mut joined = String::new();
    for line in section.lines() {
        let line = line.trim();
        // Other commands count only for the files they write (`echo … > data.csv`).
        if joined.is_empty() && !line.starts_with("nettrace ") && !line.contains("> ") {
            continue;
        }
        joined.push_str(line.trim_end_matches('\\'));
        joined.push(' ');
        if !line.ends_with('\\') {
            lines.push(std::mem::take(&mut joined));
        }
    }
    lines
}

/// Files a command line reads that are neither in the repository, written by an earlier example,
/// the user's own (`my_…`), nor downloaded or made as docs/mnist.md says.
fn missing_inputs(lines: &[String], made: &mut BTreeSet<String>) -> Vec<String> {
    let mnist = std::fs::read_to_string(Path::new(ROOT).join("docs/mnist.md")).unwrap();
    let mnist: BTreeSet<&str> = mnist.split([' ', '\n', '`', '(', ')']).collect();
    let mut missing = Vec::new();
    for line in lines {
        for segment in line.split(['|', ';']).flat_map(|s| s.split("&&")) {
            let words: Vec<&str> = segment.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                let previous = if i == 0 { "" } else { words[i - 1] };
                if matches!(previous, ">" | ">>" | "-o" | "--output" | "--plot" | "--out-dir") {
                    made.insert(w.to_string());
                    continue;
                }
                let file = [".json", ".csv", ".npy", ".npz", ".gz", "-ubyte"].iter().any(|e| w.ends_with(e));
                let placeholder =
                    w.split('.').next().is_some_and(|stem| stem.chars().all(|c| !c.is_lowercase()));
                if words.first() != Some(&"nettrace") || !file || placeholder || w.starts_with(['\'', '"']) {
                    continue;
                }
                if !Path::new(ROOT).join(w).exists()
                    && !made.contains(*w)
                    && !w.starts_with("my_")
                    && !mnist.contains(w)
                {
                    missing.push(format!("{w} in `{}`", line.trim()));
                }
            }
        }
    }
    missing
}

#[test]
fn help_examples_and_documents_read_only_files_that_exist() {
    let mut missing = Vec::new();
    for command in [None].into_iter().chain(COMMANDS.iter().map(|c| Some(*c))) {
        let text = help(command);
        let lines = examples(&text);
        assert!(command == Some("man") || !lines.is_empty(), "{command:?} --help has no examples");
        missing.extend(
            missing_inputs(&lines, &mut BTreeSet::new())
                .into_iter()
                .map(|m| format!("{command:?} --help: {m}")),
        );
    }
    // The documents' commands in ```text blocks (those in ```sh blocks run in docs.rs).
    let mut documents = vec![Path::new(ROOT).join("README.md")];
    for entry in std::fs::read_dir(Path::new(ROOT).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path);
        }
    }
    for path in documents {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = examples(&format!("\nExamples:\n{text}"));
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        missing
            .extend(missing_inputs(&lines, &mut BTreeSet::new()).into_iter().map(|m| format!("{name}: {m}")));
    }
    assert!(missing.is_empty(), "files that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn the_example_checker_catches_a_file_that_does_not_exist() {
    let lines = examples(
        "\nExamples:\n  nettrace init --sizes 2,2,1 --data xor.csv \\\n      --loss bce | nettrace run -\n",
    );
    assert_eq!(lines.len(), 1);
    assert_eq!(missing_inputs(&lines, &mut BTreeSet::new()).len(), 1, "{lines:?}");
    let fine = examples(
        "\nExamples:\n  nettrace run networks/xor.json > a.json && nettrace grade networks/xor.json a.json\n",
    );
    assert!(missing_inputs(&fine, &mut BTreeSet::new()).is_empty());
}

#[test]
fn help_text_has_no_stray_escapes() {
    for command in [None].into_iter().chain(COMMANDS.iter().map(|c| Some(*c))) {
        let text = help(command);
        assert!(!text.contains("\\\""), "{command:?} --help shows a backslash before a quote:\n{text}");
    }
    assert!(
        help(Some("import")).contains(r#"and "input_size" but no data: add "input"/"target" to trace it"#)
    );
}

/// The long options listed in a command's `--help`.
fn help_options(command: &str) -> BTreeSet<String> {
    help(Some(command))
        .lines()
        .filter(|l| l.trim_start().starts_with('-') && !l.trim_start().starts_with("- "))
        .flat_map(|l| {
            l.split([' ', ',']).filter(|w| w.starts_with("--")).map(String::from).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn help_man_and_completions_offer_the_options_each_command_takes() {
    let man = String::from_utf8(nettrace().arg("man").output().unwrap().stdout).unwrap().replace("\\-", "-");
    let bash = String::from_utf8(nettrace().args(["completions", "bash"]).output().unwrap().stdout).unwrap();
    for &command in COMMANDS {
        let options = help_options(command);
        assert_eq!(options.contains("--color"), COLOURED.contains(&command), "{command}: {options:?}");
        assert_eq!(options.contains("--max-values"), LIMITED.contains(&command), "{command}: {options:?}");

        let section = man
            .split(&format!(".SH \"NETTRACE {}\"", command.to_uppercase()))
            .nth(1)
            .and_then(|s| s.split("\n.SH ").next())
            .unwrap_or_else(|| panic!("no man section for {command}"));
        let lines: Vec<&str> = section.lines().collect();
        let in_man: BTreeSet<String> = lines
            .windows(2)
            .filter(|w| w[0] == ".TP")
            .flat_map(|w| {
                w[1].split(['\\', ' ', ',']).filter(|x| x.starts_with("fB--")).map(|x| x[2..].to_string())
            })
            .collect();
        assert_eq!(in_man, options, "man page section of {command}");

        let case = format!("        nettrace__subcmd__{command})\n            opts=\"");
        let opts = bash.split(&case).nth(1).and_then(|s| s.split('"').next()).unwrap();
        let completed: BTreeSet<String> =
            opts.split(' ').filter(|o| o.starts_with("--")).map(String::from).collect();
        assert_eq!(completed, options, "bash completion of {command}");
    }
    let out = nettrace().args(["schema", "network", "--color", "always"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an option not offered is not taken");
    let out = nettrace().args(["step", &example("two_layer"), "--max-values", "3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an option offered works: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit of 3"), "{out:?}");
}

fn stderr_of(args: &[&str]) -> (Option<i32>, String, Vec<u8>) {
    let out = nettrace().args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap(), out.stdout)
}

#[test]
fn every_error_starts_the_same_way() {
    let xor = example("xor");
    for args in [
        vec!["run", xor.as_str(), "--bogus"],
        vec!["run"],
        vec!["train", xor.as_str(), "--epochs", "many"],
        vec!["completions", "tcsh"],
        vec!["run", "/no/such/file.json"],
    ] {
        let (code, err, stdout) = stderr_of(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.starts_with("nettrace: error: "), "{args:?}: {err}");
        assert!(stdout.is_empty());
    }
}

#[test]
fn counts_below_1_say_so_plainly() {
    let (xor, two) = (example("xor"), example("two_layer"));
    for (args, option) in [
        (vec!["train", xor.as_str(), "--epochs", "0"], "--epochs <N>"),
        (vec!["train", xor.as_str(), "--batch-size", "0"], "--batch-size <B>"),
        (vec!["train", xor.as_str(), "--json", "--trace-every", "0"], "--trace-every <K>"),
        (vec!["step", two.as_str(), "-n", "0"], "--steps <STEPS>"),
        (vec!["run", two.as_str(), "--sample", "0"], "--sample <K>"),
    ] {
        let (code, err, _) = stderr_of(&args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            err.starts_with(&format!(
                "nettrace: error: invalid value '0' for '{option}': must be at least 1\n"
            )),
            "{args:?}: {err}"
        );
    }
    for (args, expected) in [
        (
            vec!["run", two.as_str(), "--precision", "18"],
            "'--precision <N>': expected a whole number from 1 to 17",
        ),
        (
            vec!["check", two.as_str(), "--precision", "0"],
            "'--precision <N>': expected a whole number from 1 to 17",
        ),
        (vec!["run", two.as_str(), "--round", "16"], "'--round <K>': expected a whole number from 0 to 15"),
        (
            vec!["train", xor.as_str(), "--epochs", "2.5"],
            "'--epochs <N>': expected a whole number, at least 1",
        ),
    ] {
        let (code, err, _) = stderr_of(&args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(err.contains(expected) && !err.contains("18446744073709551615"), "{args:?}: {err}");
    }
}

#[test]
fn tables_call_a_layers_neurons_units_and_the_last_loss_has_one_space() {
    let out = nettrace().args(["run", &example("xor")]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("W[1] (rows = units)  [4×2]"), "{text}");
    assert!(text.contains("│ unit 1 ┆ ") && text.contains("┆ input 2 │"), "{text}");
    assert!(!text.contains("neuron"), "{text}");
    let out = nettrace().args(["run", &example("two_layer")]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("W[1] (rows = inputs)  [2×2]"), "{text}");
    assert!(text.contains("│ input 1 ┆ ") && text.contains("┆ unit 2 │"), "{text}");
    assert!(text.contains("\nLoss after the update: 0.000182548\n"), "{text}");
}

#[test]
fn the_loss_curve_says_when_it_is_on_a_log_scale() {
    let train = |lr: &str, epochs: &str| {
        let out =
            nettrace().args(["train", &example("xor"), "--lr", lr, "--epochs", epochs]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // From 0.69 to 0.0003: more than two decades.
    let log = train("2", "2000");
    assert!(log.contains("── Loss curve (log scale) ─"), "{log}");
    let linear = train("0.5", "20");
    assert!(linear.contains("── Loss curve ─") && !linear.contains("log scale"), "{linear}");
}

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split_once("</text>").map(|(s, _)| s.trim().to_string()))
        .collect()
}

#[test]
fn plot_ticks_are_numbers_as_tables_print_them_and_a_log_axis_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let plot = |lr: &str, epochs: &str| {
        let svg = dir.path().join(format!("{lr}.svg"));
        nettrace()
            .args(["train", &example("xor"), "--json", "--lr", lr, "--epochs", epochs, "--plot"])
            .arg(&svg)
            .assert()
            .success();
        svg_texts(&std::fs::read_to_string(&svg).unwrap())
    };
    let texts = plot("0.5", "200");
    for tick in ["200", "100", "0", "0.1"] {
        assert!(texts.iter().any(|t| t == tick), "no tick {tick}: {texts:?}");
    }
    let decimal_zero = texts.iter().filter(|t| t.ends_with(".0") && t[..t.len() - 2].parse::<f64>().is_ok());
    assert_eq!(decimal_zero.count(), 0, "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("log scale")), "{texts:?}");
    let texts = plot("2", "2000");
    assert!(texts.iter().any(|t| t == "L (log scale)"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "2000"), "{texts:?}");
}

#[test]
fn train_names_each_file_it_wrote_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let (net, svg) = (dir.path().join("trained.json"), dir.path().join("loss.svg"));
    let html = dir.path().join("report.html");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "3", "--json", "--output"])
        .arg(&net)
        .arg("--plot")
        .arg(&svg)
        .arg("--report")
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, format!("wrote {}\nwrote {}\nwrote {}\n", net.display(), svg.display(), html.display()));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().all(|l| l.starts_with('{')), "stdout stays JSON lines: {stdout}");

    let out = nettrace().args(["train", &example("xor"), "--epochs", "3", "--output", "-"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "nothing to say for standard output: {out:?}");
}
