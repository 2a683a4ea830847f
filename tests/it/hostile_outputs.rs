//! The hostile catalogue of the writers and the process: planted links, one path in two roles,
//! closed pipes, size limits, signals and option values. Each case is one that once went wrong;
//! each asserts the exact message, the exit status and that no file was written or changed.

use crate::common::{example, nettrace};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a refusal: exit status 2, nothing on standard output, exactly `message` on standard error.
fn refused(out: &Output, message: &str) {
    assert_eq!(stderr(out), format!("nettrace: error: {message}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_root() -> bool {
    // SAFETY: geteuid(2) cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A sticky, world-writable directory (as /tmp) holding `victim.json` and `link.json`, a link to
/// it owned by uid 4321: planted by another user.
fn planted(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let sticky = dir.join("tmp");
    std::fs::create_dir(&sticky).unwrap();
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let victim = dir.join("victim.json");
    std::fs::write(&victim, "precious").unwrap();
    let link = sticky.join("link.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(4321), Some(4321)).unwrap();
    (link, victim)
}

#[test]
fn a_link_planted_by_another_user_in_a_sticky_world_writable_directory_is_not_followed() {
    if !is_root() {
        return; // Only root can plant a link owned by another user.
    }
    let dir = tempfile::tempdir().unwrap();
    let (link, victim) = planted(dir.path());
    let shown = link.display();
    let dir_shown = link.parent().unwrap().display();
    for flag in ["--output", "--plot", "--report"] {
        let out =
            nettrace().args(["train", &example("xor"), "--epochs", "2", flag]).arg(&link).output().unwrap();
        refused(
            &out,
            &format!(
                "{flag} {shown}: cannot write there: {shown} is a symbolic link owned by uid 4321 in the sticky, world-writable directory {dir_shown}: not followed, as the kernel's protected_symlinks rule would not follow it"
            ),
        );
    }
    std::fs::copy(example("xor"), &victim).unwrap();
    let before = std::fs::read(&victim).unwrap();
    let out = nettrace().args(["step", "--in-place"]).arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a symbolic link owned by uid 4321"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&victim).unwrap(), before, "the file the link points at is untouched");

    // exercise --out-dir: a planted link to a directory.
    let target = dir.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let out_dir = link.parent().unwrap().join("ex");
    std::os::unix::fs::symlink(&target, &out_dir).unwrap();
    std::os::unix::fs::lchown(&out_dir, Some(4321), Some(4321)).unwrap();
    let out = nettrace()
        .args(["exercise", "--seed", "1", "--sizes", "2,1", "--out-dir"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a symbolic link owned by uid 4321"), "{}", stderr(&out));
    assert!(names(&target).is_empty());
}

#[test]
fn a_link_in_a_sticky_directory_owned_by_the_user_running_nettrace_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let sticky = dir.path().join("tmp");
    std::fs::create_dir(&sticky).unwrap();
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let real = dir.path().join("real.json");
    std::os::unix::fs::symlink(&real, sticky.join("mine.json")).unwrap();
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "2", "-o"])
        .arg(sticky.join("mine.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&real).unwrap().contains("\"layers\""));
}

#[test]
fn one_file_in_two_roles_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("x.json");
    std::fs::copy(example("xor"), &net).unwrap();
    let before = std::fs::read(&net).unwrap();
    let shown = net.display();
    let out =
        nettrace().args(["train", "--epochs", "2"]).arg(&net).arg("--report").arg(&net).output().unwrap();
    refused(
        &out,
        &format!(
            "NET.json {shown} and --report {shown} are the same file: writing --report would replace the NET.json it reads; give --report another path"
        ),
    );
    // Paths are compared as files: ./a, a and a link to a are one.
    let a = dir.path().join("a.svg");
    let dotted = dir.path().join(".").join("a.svg");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "2", "--output"])
        .arg(&a)
        .arg("--report")
        .arg(&a)
        .arg("--plot")
        .arg(&dotted)
        .output()
        .unwrap();
    refused(
        &out,
        &format!(
            "--output {} and --plot {} are the same file; give each output its own path",
            a.display(),
            dotted.display()
        ),
    );
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("x.json", &link).unwrap();
    let out = nettrace().args(["step"]).arg(&link).arg("-o").arg(&net).output().unwrap();
    refused(
        &out,
        &format!(
            "NET.json {} and --output {shown} are the same file: writing --output would replace the NET.json it reads; give --output another path",
            link.display()
        ),
    );
    let out = nettrace()
        .args(["init", "--sizes", "2,1", "--activations", "sigmoid", "--data"])
        .arg(&net)
        .arg("-o")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("are the same file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&net).unwrap(), before);
    assert_eq!(names(dir.path()), ["link.json", "x.json"]);
    // step --in-place is the one command whose input is its output.
    let out = nettrace().args(["step", "-q", "--in-place"]).arg(&net).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_pipe_closed_early_still_gets_every_file_asked_for_written() {
    let dir = tempfile::tempdir().unwrap();
    let (o, r) = (dir.path().join("o.json"), dir.path().join("r.html"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
        .args(["train", &example("xor"), "--epochs", "300", "--json", "--output"])
        .arg(&o)
        .arg("--report")
        .arg(&r)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // as `| head -0` does, before the first line.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("wrote {}\nwrote {}\n", o.display(), r.display()));
    assert!(std::fs::read_to_string(&o).unwrap().contains("\"layers\""));
    assert!(std::fs::read_to_string(&r).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn outputs_over_the_size_limit_are_refused_before_anything_is_written() {
    let xor = example("xor");
    for (format, what) in [
        ("table", "the tables"),
        ("json", "the trace"),
        ("html", "the web page"),
        ("markdown", "the worked solution"),
    ] {
        let out =
            nettrace().args(["run", &xor, "--format", format, "--max-output-bytes", "100"]).output().unwrap();
        refused(
            &out,
            &format!(
                "{what} would be over 100 bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)"
            ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = nettrace()
        .args(["train", &xor, "--epochs", "2", "--max-output-bytes", "1000", "--report"])
        .arg(dir.path().join("r.html"))
        .output()
        .unwrap();
    refused(
        &out,
        "the report would be over 1000 bytes, the output limit; nothing was written (raise the limit with --max-output-bytes)",
    );
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_traced_mnist_sized_network_fits_in_the_default_output_limit() {
    // 784 → 128 → 10: its web page is about 12 MB, far under the default 256 MiB.
    let net = serde_json::json!({
        "loss": "cross_entropy",
        "input": vec![0.5; 784],
        "target": [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
        "layers": [
            {"weights": vec![vec![0.01; 784]; 128], "bias": vec![0.0; 128], "activation": "relu"},
            {"weights": vec![vec![0.01; 128]; 10], "bias": vec![0.0; 10], "activation": "softmax"},
        ],
    });
    let out =
        nettrace().args(["run", "-", "--format", "html"]).write_stdin(net.to_string()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.len() > 1_000_000);
}

#[test]
fn a_file_size_limit_fails_the_write_with_a_message_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -f 1; exec '{}' init --sizes 2,200,1 --activations relu,identity --output big.json",
        env!("CARGO_BIN_EXE_nettrace")
    );
    let out = Command::new("sh").arg("-c").arg(script).current_dir(dir.path()).output().unwrap();
    assert_eq!(
        stderr(&out),
        "nettrace: error: cannot write big.json: the file would be larger than the file-size limit (ulimit -f)\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn unwritable_outputs_are_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let slash = dir.path().join("missing/");
    let shown = format!("{}/", dir.path().join("missing").display());
    let out = nettrace().args(["train", &example("xor"), "--epochs", "2000", "-o", &shown]).output().unwrap();
    refused(
        &out,
        &format!(
            "--output {shown}: cannot write there: ends with /, so it names a directory; nettrace writes only regular files"
        ),
    );
    assert!(!slash.exists());

    // A read-only directory, for a user other than root (who may write anywhere).
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nettrace"));
    cmd.args(["train", &example("xor"), "--epochs", "2000", "--plot"]).arg(ro.join("loss.svg"));
    if is_root() {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    refused(
        &out,
        &format!(
            "--plot {}: cannot write there: cannot create a file in its directory: Permission denied",
            ro.join("loss.svg").display()
        ),
    );
}

#[test]
fn sigterm_exits_143_and_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
        .args(["train", &example("xor"), "--epochs", "100000000", "--json", "--output"])
        .arg(dir.path().join("o.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first epoch's line: by then the handler is installed, however slow the machine.
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.as_mut().unwrap()), &mut first)
        .unwrap();
    assert!(first.starts_with("{\"format\":\"nettrace-epoch/1\""), "{first}");
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert!(names(dir.path()).is_empty());
}

#[test]
fn option_values_that_start_with_a_hyphen_are_read_as_values() {
    let xor = example("xor");
    for (flag, value, expected) in [
        ("--lr", "-inf", "expected a positive number such as 0.1"),
        ("--lr", "-0.5", "expected a positive number such as 0.1"),
        ("--momentum", "-inf", "expected a number from 0 up to (not including) 1, such as 0.9"),
        ("--holdout", "-1", "expected a fraction between 0 and 1 (not included), such as 0.1"),
    ] {
        let out = nettrace().args(["train", &xor, flag, value]).output().unwrap();
        let err = stderr(&out);
        assert!(err.starts_with(&format!("nettrace: error: invalid value '{value}' for '{flag} ")), "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn a_huge_learning_rate_is_printed_short() {
    let out = nettrace().args(["step", &example("xor"), "--lr", "1e308", "-n", "3", "-q"]).output().unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "nettrace: error: {}: step 2: the loss became NaN (η = 1e308); nothing was written: try a smaller learning rate (--lr)\n",
            example("xor")
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_divergence_under_a_schedule_names_that_epochs_learning_rate() {
    // η doubles after every epoch from 0.5: epoch 1025 trains with 0.5·2¹⁰²⁴ = 2¹⁰²³.
    let out = nettrace()
        .args(["train", &example("xor"), "--lr-schedule", "exp:2", "--epochs", "1100", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "nettrace: error: {}: training diverged after epoch 1025 (step 1025 of 1100): the loss over all samples became inf (η = 8.98846567431158e307); try a smaller learning rate (--lr)\n",
            example("xor")
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn exercise_escapes_the_paths_it_prints() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("ex\x1b[31m");
    let out = nettrace()
        .args(["exercise", "--seed", "1", "--sizes", "2,1", "--out-dir"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = format!("{}/ex\\u{{1b}}[31m", dir.path().display());
    let expected: String = ["network.json", "questions.md", "answers.md", "answers.json", "sheet.json"]
        .iter()
        .map(|f| format!("{shown}/{f}\n"))
        .collect();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn init_refuses_a_network_too_large_for_memory_instead_of_aborting() {
    let out = nettrace()
        .args([
            "init",
            "--sizes",
            "1000000,1000000",
            "--activations",
            "relu",
            "--max-values",
            "2000000000000",
        ])
        .output()
        .unwrap();
    refused(
        &out,
        "--sizes 1000000,1000000: the network's 1000001000000 parameters need 8000008000000 bytes, more memory than can be allocated; choose fewer units",
    );
}

#[test]
fn a_seed_without_shuffle_or_holdout_says_what_it_is_for() {
    let out = nettrace().args(["train", &example("xor"), "--epochs", "2", "--seed", "3"]).output().unwrap();
    refused(
        &out,
        "--seed 3 seeds the order of --shuffle and the samples --holdout picks, and without either it changes nothing: add --shuffle or --holdout F, or leave --seed out",
    );
}

#[test]
fn a_hard_link_is_the_same_file_for_every_command_that_reads_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("x.json");
    std::fs::copy(example("xor"), &net).unwrap();
    let twin = dir.path().join("twin.json");
    std::fs::hard_link(&net, &twin).unwrap();
    let before = std::fs::read(&net).unwrap();
    let (shown, twin_shown) = (net.display().to_string(), twin.display().to_string());
    let cases: [(&[&str], &str, &str); 3] = [
        (&["export", "--torch", &shown, "-o", &twin_shown], "NET.json", "--output"),
        (&["import", "--from", "nielsen", &shown, "-o", &twin_shown], "FILE", "--output"),
        (&["train", &shown, "--epochs", "2", "--plot", &twin_shown], "NET.json", "--plot"),
    ];
    for (args, input, output) in cases {
        let out = nettrace().args(args).output().unwrap();
        refused(
            &out,
            &format!(
                "{input} {shown} and {output} {twin_shown} are the same file: writing {output} would replace the {input} it reads; give {output} another path"
            ),
        );
    }
    assert_eq!(std::fs::read(&net).unwrap(), before);
}

#[test]
fn a_generated_layer_within_max_values_but_not_within_memory_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("huge.json");
    std::fs::write(&net, r#"{"input_size": 1000000, "layers": [{"units": 1000000, "init": "he_normal"}]}"#)
        .unwrap();
    let shown = net.display().to_string();
    for command in ["run", "step", "train", "check", "graph"] {
        let out = nettrace().args([command, &shown, "--max-values", "100000000000000"]).output().unwrap();
        refused(
            &out,
            &format!(
                "{shown}: layers[0].units (layer 1) is 1000000: 1000000×1000000 weights need 8000000000000 bytes, more memory than can be allocated; choose fewer units"
            ),
        );
    }
    assert_eq!(names(dir.path()), ["huge.json"]);
}

#[test]
fn exercise_refuses_a_dangling_link_as_its_out_dir_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let (link, gone) = (dir.path().join("ex"), dir.path().join("gone"));
    std::os::unix::fs::symlink(&gone, &link).unwrap();
    let out = nettrace()
        .args(["exercise", "--seed", "1", "--sizes", "2,2,1", "--out-dir"])
        .arg(&link)
        .output()
        .unwrap();
    refused(
        &out,
        &format!(
            "--out-dir {}: is a symbolic link to {}, which does not exist; create that directory or choose another",
            link.display(),
            gone.display()
        ),
    );
    assert_eq!(names(dir.path()), ["ex"]);
}

#[test]
fn negative_numbers_are_values_of_every_command() {
    let xor = example("xor");
    let cases: [(&[&str], &str, &str, &str); 7] = [
        (&["check", &xor], "--tol", "-1", "expected a positive number such as 1e-6"),
        (&["check", &xor], "--eps", "-1e-3", "expected a positive number such as 1e-6"),
        (&["check", &xor], "--tol", "-1e-3", "expected a positive number such as 1e-6"),
        (&["grade", &xor, &xor], "--tol", "-1e-3", "expected a positive number such as 1e-6"),
        (&["train", &xor], "--epochs", "-5", "expected a whole number, at least 1"),
        (&["step", &xor], "--steps", "-1", "expected a whole number, at least 1"),
        (&["run", &xor], "--sample", "-2", "expected a whole number, at least 1"),
    ];
    for (command, flag, value, expected) in cases {
        let out = nettrace().args(command).args([flag, value]).output().unwrap();
        let err = stderr(&out);
        assert!(err.starts_with(&format!("nettrace: error: invalid value '{value}' for '{flag} ")), "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_dangling_link_as_an_output_names_where_it_points() {
    let dir = tempfile::tempdir().unwrap();
    let (link, gone) = (dir.path().join("out.json"), dir.path().join("gone").join("x.json"));
    std::os::unix::fs::symlink(&gone, &link).unwrap();
    let out = nettrace().args(["step", &example("xor"), "--output"]).arg(&link).output().unwrap();
    refused(
        &out,
        &format!(
            "--output {}: cannot write there: is a symbolic link to {}, whose directory does not exist",
            link.display(),
            gone.display()
        ),
    );
    assert_eq!(names(dir.path()), ["out.json"]);
}
