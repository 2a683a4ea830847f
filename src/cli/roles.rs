//! One path, one role: a command's files are checked before any work so that no output replaces
//! an input it reads, or another output. Paths are compared as the files they name (device and
//! inode, or the canonical directory and name of a file yet to be made), not as strings, so
//! `x.json`, `./x.json` and a link to it are one file.

use nettrace::error::{Error, input};
use nettrace::io::atomic;
use nettrace::notation::escape::terminal;
use std::path::{Path, PathBuf};

/// A path given to an option, and whether the command writes it.
#[derive(Debug, Clone, Copy)]
pub struct Role<'a> {
    pub option: &'a str,
    pub path: &'a Path,
    pub output: bool,
}

impl<'a> Role<'a> {
    pub fn input(option: &'a str, path: &'a (impl AsRef<Path> + ?Sized)) -> Self {
        Role { option, path: path.as_ref(), output: false }
    }

    pub fn output(option: &'a str, path: &'a (impl AsRef<Path> + ?Sized)) -> Self {
        Role { option, path: path.as_ref(), output: true }
    }
}

/// Refuses two roles that name one file where either is an output. `-` (standard input or
/// output) is no file and is left out.
pub fn distinct(roles: &[Role]) -> Result<(), Error> {
    let stdin = |r: &&Role| !r.output && r.path.to_str().is_some_and(nettrace::io::data::is_stdin);
    if let [a, b, ..] = roles.iter().filter(stdin).collect::<Vec<_>>()[..] {
        return Err(input(format!(
            "{} {} and {} {} both read standard input, which can be read only once; give one of them a file",
            a.option,
            a.path.display(),
            b.option,
            b.path.display()
        )));
    }
    let files: Vec<(Role, Identity)> = roles
        .iter()
        .filter(|r| r.path != Path::new("-"))
        .filter_map(|r| Some((*r, identity(r.path)?)))
        .collect();
    for (i, (a, id_a)) in files.iter().enumerate() {
        for (b, id_b) in &files[i + 1..] {
            if (a.output || b.output) && id_a == id_b {
                return Err(clash(a, b));
            }
        }
    }
    Ok(())
}

/// The error for two roles of one file.
fn clash(a: &Role, b: &Role) -> Error {
    let (a_path, b_path) = (terminal(&a.path.display().to_string()), terminal(&b.path.display().to_string()));
    let both = format!("{} {a_path} and {} {b_path} are the same file", a.option, b.option);
    match (a.output, b.output) {
        (true, true) => input(format!("{both}; give each output its own path")),
        _ => {
            let (read, written) = if a.output { (b, a) } else { (a, b) };
            input(format!(
                "{both}: writing {} would replace the {} it reads; give {} another path",
                written.option, read.option, written.option
            ))
        }
    }
}

/// What a path names: an existing file by device and inode, a file yet to be made by its
/// canonical directory and name.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    New(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(inode(path, &meta));
    }
    // A link to a file yet to be made names that file.
    let target = atomic::check_links(path).ok()?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(Identity::New(std::fs::canonicalize(dir).ok()?.join(target.file_name()?)))
}

#[cfg(unix)]
fn inode(_path: &Path, meta: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn inode(path: &Path, _meta: &std::fs::Metadata) -> Identity {
    Identity::New(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}
