//! The hostile catalogue of the writers: planted links, hard and dangling links, one path in two
//! roles and paths printed back. Each case is one that once went wrong; each asserts the exact
//! message, the exit status and that no file was written or changed.

use crate::common::{example, is_root, names, nettrace, refused, stderr};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

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
    let expected: String =
        ["network.json", "questions.md", "answers.md", "answers.json", "sheet.json", "practice.html"]
            .iter()
            .map(|f| format!("{shown}/{f}\n"))
            .collect();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}
