//! Completions, the man page, colour choice, broken pipes and byte-identical output.

use crate::common::{example, nettrace};

#[test]
fn completions_name_every_command_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef nettrace"),
        ("fish", "complete -c nettrace"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let out = nettrace().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: no {marker:?}");
        for cmd in ["run", "step", "schema", "export", "import", "completions", "man"] {
            assert!(text.contains(cmd), "{shell} completion lacks {cmd}");
        }
    }
    let bad = nettrace().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
}

#[test]
fn the_man_page_is_one_roff_page_with_every_command() {
    let out = nettrace().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH nettrace 1"));
    assert_eq!(page.matches(".TH ").count(), 1, "one page");
    for section in ["NETTRACE RUN", "NETTRACE STEP", "NETTRACE SCHEMA", "NETTRACE EXPORT", "NETTRACE IMPORT"]
    {
        assert!(page.contains(&format!(".SH \"{section}\"")), "no section {section}");
    }
    assert!(page.contains("\\-\\-precision"), "run's options are listed");
    assert!(page.contains("nettrace step networks/two_layer.json"), "examples are included");
}

#[test]
fn every_command_has_help_with_examples() {
    for cmd in ["run", "step", "schema", "export", "import", "completions", "man"] {
        let out = nettrace().args([cmd, "--help"]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Example"), "{cmd} --help has no examples");
    }
}

#[test]
fn colour_follows_the_flag_and_never_reaches_a_pipe_by_default() {
    let plain = nettrace().args(["run", &example("two_layer")]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b), "no escape codes in a pipe");
    let forced = nettrace().args(["run", &example("two_layer"), "--color", "always"]).output().unwrap();
    assert!(forced.stdout.contains(&0x1b), "--color always colours even a pipe");
    let never = nettrace().args(["run", &example("two_layer"), "--color", "never"]).output().unwrap();
    assert_eq!(never.stdout, plain.stdout);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for args in [vec!["run", "--json"], vec!["run"], vec!["export", "--torch"], vec!["step", "-q"]] {
        let once = nettrace().args(&args).arg(example("softmax_ce")).output().unwrap().stdout;
        let twice = nettrace().args(&args).arg(example("softmax_ce")).output().unwrap().stdout;
        assert!(!once.is_empty());
        assert_eq!(once, twice, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_exits_0_silently() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let rows: Vec<Vec<f64>> =
        (0..200).map(|i| (0..200).map(|j| ((i * 7 + j) % 13) as f64 / 13.0).collect()).collect();
    let net = serde_json::json!({"input": vec![0.5; 200], "target": vec![0.0; 200],
        "layers": [{"weights": rows, "activation": "tanh"}, {"weights": rows}]});
    std::fs::write(&big, net.to_string()).unwrap();
    for json in [false, true] {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("nettrace"));
        cmd.arg("run").arg(&big).env("NO_COLOR", "1");
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 64];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "json={json}: {err}");
        assert!(err.is_empty(), "json={json}: {err}");
    }
}
