//! Faults and hostile use of the files written: nettrace never damages a file, never leaves a
//! temporary, refuses special files and fails loudly when standard output fails. Each test names
//! the finding it covers.

use crate::common::{example, nettrace};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Files in `dir` whose name marks them as nettrace's temporaries.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nettrace-"))
        .collect()
}

#[test]
fn special_files_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    // A FIFO: writing there would block or replace it.
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (args, flag) in [
        (vec!["step", &example("two_layer"), "--output"], "--output"),
        (vec!["train", &example("xor"), "--epochs", "2", "--plot"], "--plot"),
        (vec!["init", "--sizes", "2,1", "--activations", "sigmoid", "--output"], "--output"),
        (vec!["export", "--torch", &example("xor"), "--output"], "--output"),
    ] {
        let out = nettrace().args(&args).arg(&fifo).timeout(Duration::from_secs(20)).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains(&format!("{flag} {}: cannot write there: is a FIFO", fifo.display())), "{err}");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo_like());
    }
    // A directory given as --plot fails before training writes --output.
    let o = dir.path().join("o.json");
    let out = nettrace()
        .args(["train", &example("xor"), "--epochs", "2", "--output"])
        .arg(&o)
        .arg("--plot")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a directory; nettrace writes only regular files"), "{}", stderr(&out));
    assert!(!o.exists(), "nothing was written");
    // An output in a missing directory is a usage problem, found before the work.
    let out = nettrace().args(["step", &example("two_layer"), "-o", "/no/such/dir/x.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("its directory does not exist"), "{}", stderr(&out));
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[test]
fn a_symlink_is_followed_modes_are_kept_and_new_files_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::copy(example("two_layer"), &real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    let out = nettrace().args(["step", "-q", "--in-place"]).arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
    assert_ne!(
        std::fs::read(&real).unwrap(),
        std::fs::read(example("two_layer")).unwrap(),
        "its target changed"
    );
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o640);

    // A new file: 0666 less the umask (027 here).
    let fresh = dir.path().join("fresh.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027 && '{}' step -q '{}' -o '{}'",
            env!("CARGO_BIN_EXE_nettrace"),
            example("two_layer"),
            fresh.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::metadata(&fresh).unwrap().mode() & 0o777, 0o640);
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn output_dash_is_standard_output() {
    let out = nettrace().args(["step", "-q", &example("two_layer"), "--output", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let net: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(net["name"], "two_layer");
}

#[test]
fn concurrent_in_place_steps_lose_no_update() {
    // Twelve processes each take one step in place on the same file: the result is the network
    // after exactly twelve steps, as if they had run one after the other.
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.json");
    std::fs::copy(example("two_layer"), &net).unwrap();
    let children: Vec<_> = (0..12)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_nettrace"))
                .args(["step", "-q", "--in-place"])
                .arg(&net)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let sequential = nettrace().args(["step", "-q", "-n", "12", &example("two_layer")]).output().unwrap();
    assert_eq!(std::fs::read(&net).unwrap(), sequential.stdout);
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_writer_killed_mid_write_leaves_the_old_file_or_the_new_one_and_no_temporary() {
    // A training run writing a 10 MB network: killed at different moments, the target is always
    // either the old file or a complete new one; SIGTERM and SIGINT remove the temporary file.
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("big.json");
    let init = nettrace()
        .args(["init", "--sizes", "2,600,600,1", "--activations", "tanh,tanh,identity", "--seed", "1", "-o"])
        .arg(&net)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let data = r#"{"inputs": [[0.5, -0.5]], "targets": [[1.0]]}"#;
    let mut text: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&net).unwrap()).unwrap();
    let extra: serde_json::Value = serde_json::from_str(data).unwrap();
    text["inputs"] = extra["inputs"].clone();
    text["targets"] = extra["targets"].clone();
    std::fs::write(&net, text.to_string()).unwrap();
    let old = std::fs::read(&net).unwrap();
    for (i, signal) in ["TERM", "INT", "KILL"].iter().cycle().take(9).enumerate() {
        std::fs::write(&net, &old).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_nettrace"))
            .args(["step", "-q", "-n", "3", "--in-place"])
            .arg(&net)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 * i as u64));
        let _ = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
        let _ = child.wait();
        let now = std::fs::read(&net).unwrap();
        if now != old {
            let v: serde_json::Value = serde_json::from_slice(&now).expect("a complete new file");
            assert!(v["layers"].is_array());
        }
        if *signal != "KILL" {
            assert!(temporaries(dir.path()).is_empty(), "SIG{signal} left {:?}", temporaries(dir.path()));
        }
        for t in temporaries(dir.path()) {
            std::fs::remove_file(dir.path().join(t)).unwrap();
        }
    }
}

#[test]
fn standard_output_that_fails_is_an_error_naming_it() {
    for args in
        [vec!["run", &example("two_layer")], vec!["--help"], vec!["--version"], vec!["schema", "trace"]]
    {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_nettrace")).args(&args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("cannot write to standard output: No space left on device"),
            "{}",
            stderr(&out)
        );
    }
    // Closed standard output (`>&-`): the output would be lost.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run '{}' >&-", env!("CARGO_BIN_EXE_nettrace"), example("two_layer")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot write to standard output: it is closed"), "{}", stderr(&out));
    // But `> /dev/null` is a choice, and a closed pipe ends quietly.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run '{}' > /dev/null", env!("CARGO_BIN_EXE_nettrace"), example("two_layer")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' run '{}' --json | head -c 10",
            env!("CARGO_BIN_EXE_nettrace"),
            example("two_layer")
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn an_exercise_is_written_whole_and_never_over_another() {
    let dir = tempfile::tempdir().unwrap();
    let ex = dir.path().join("ex");
    let write = |seed: &str, force: bool| {
        let mut cmd = nettrace();
        cmd.args(["exercise", "--seed", seed, "--sizes", "2,2,1", "--out-dir"]).arg(&ex);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(write("1", false).status.success());
    let first = std::fs::read(ex.join("answers.json")).unwrap();
    let out = write("2", false);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(std::fs::read(ex.join("answers.json")).unwrap(), first, "nothing was overwritten");
    assert!(write("2", true).status.success());
    assert_ne!(std::fs::read(ex.join("answers.json")).unwrap(), first);
    assert!(temporaries(&ex).is_empty());
}
