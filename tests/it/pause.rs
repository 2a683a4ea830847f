//! `run --pause`: the whole trace without a terminal; on a terminal, one phase and layer at a time.

use crate::common::{example, nettrace, require};
use std::process::{Command, Stdio};

#[test]
fn without_a_terminal_it_is_plain_run() {
    let plain = nettrace().args(["run", &example("two_layer")]).output().unwrap();
    let paused = nettrace().args(["run", &example("two_layer"), "--pause"]).write_stdin("").output().unwrap();
    assert!(paused.status.success());
    assert_eq!(paused.stdout, plain.stdout);
    assert!(paused.stderr.is_empty(), "no prompt without a terminal");
}

#[test]
fn pause_does_not_combine_with_other_outputs() {
    for other in [&["--json"][..], &["--format", "markdown"], &["--why", "layers[1].bias[0]"]] {
        let out = nettrace().args(["run", &example("two_layer"), "--pause"]).args(other).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{other:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"), "{other:?}");
    }
}

/// On a terminal (util-linux `script` gives it one): the given values, then a prompt naming the
/// next part; two Enters show two more parts, and q shows the rest at once.
#[test]
#[ignore = "needs util-linux script: cargo test -- --ignored pause::on_a_terminal"]
fn on_a_terminal_it_waits_for_enter() {
    require("script", &["--version"], "apt-get install util-linux (bsdutils)");
    let bin = assert_cmd::cargo::cargo_bin!("nettrace");
    let command = format!("{} run {} --pause --color never", bin.display(), example("two_layer"));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"\n\nq\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let prompts: Vec<&str> = text.lines().filter(|l| l.contains("[Enter: ")).collect();
    assert_eq!(prompts.len(), 3, "{text}");
    assert!(prompts[0].contains("[Enter: Forward pass, layer 1 · q: show the rest]"), "{text}");
    assert!(prompts[1].contains("[Enter: Forward pass, layer 2"), "{text}");
    assert!(prompts[2].contains("[Enter: Loss"), "{text}");
    let given = text.find("── Given").unwrap();
    let z1 = text.find("z[1] = a[0]·W[1] + b[1]").unwrap();
    assert!(
        given < text.find("[Enter: Forward pass, layer 1").unwrap()
            && text.find("[Enter: Forward pass, layer 1").unwrap() < z1
    );
    assert!(text.contains("Loss after the update: 0.000182548"), "q shows the rest: {text}");
}
