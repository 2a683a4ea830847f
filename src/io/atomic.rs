//! Writing files whole or not at all: a temporary file beside the target, then a rename.
//!
//! Only regular files are written. A symlink is followed (the link stays and its target is
//! replaced), an existing file keeps its mode and, where permitted, its owner, and a new file
//! gets 0666 less the umask, as `create` would give it. Temporary files are registered so that
//! an interrupted process can remove them ([`remove_temporaries_and_exit`]).

use std::fs::{File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written, removed if the process is interrupted.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written, then ends the process with `status`: for a
/// signal's clean-up. The registry stays locked until the process ends, so no new temporary file
/// can be made after the removal.
pub fn remove_temporaries_and_exit(status: i32) -> ! {
    let registry = TEMPORARIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for p in registry.iter() {
        let _ = std::fs::remove_file(p);
    }
    std::process::exit(status)
}

/// Why `path` cannot be written, or `Ok` with the file a write would replace (a symlink's
/// target). Checked before any work, so that a bad output path costs nothing: the directory is
/// tried by creating (and removing) a temporary file in it, so a read-only directory or file
/// system is found out now rather than after the work.
pub fn check(path: &Path) -> io::Result<PathBuf> {
    if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "ends with /, so it names a directory; nettrace writes only regular files",
        ));
    }
    let target = resolve(path)?;
    let dir = parent(&target);
    match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("is {}; nettrace writes only regular files", kind(&meta)),
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(io::Error::other("its directory is not a directory")),
            Err(_) if target != path => {
                return Err(io::Error::other(format!(
                    "is a symbolic link to {}, whose directory does not exist",
                    target.display()
                )));
            }
            Err(_) => return Err(io::Error::other("its directory does not exist")),
        },
        Err(e) => return Err(e),
    }
    let probe = temporary_in(dir)
        .map_err(|e| io::Error::other(format!("cannot create a file in its directory: {}", reason(&e))))?;
    let made = probe.path().to_path_buf();
    drop(probe);
    forget(&[made]);
    Ok(target)
}

/// A new temporary file in `dir`, registered for [`remove_temporaries_and_exit`] in the same step: the
/// registry's lock is held while the file is made, so a signal's clean-up, which takes the lock,
/// finds every temporary file that exists.
fn temporary_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut registry = TEMPORARIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let file = tempfile::Builder::new().prefix(".nettrace-").suffix(".tmp").tempfile_in(dir)?;
    registry.push(file.path().to_path_buf());
    Ok(file)
}

/// Takes `paths` out of the registry of temporary files, once they are renamed or removed.
fn forget(paths: &[PathBuf]) {
    if let Ok(mut t) = TEMPORARIES.lock() {
        t.retain(|p| !paths.contains(p));
    }
}

/// Follows the symbolic links of `path` as [`check`] does, refusing one planted in a sticky,
/// world-writable directory (see [`resolve`]): for a directory a command writes into.
pub fn check_links(path: &Path) -> io::Result<PathBuf> {
    resolve(path)
}

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never half of
/// one, and on any error the old file is left untouched.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_all(&[(path, bytes)])
}

/// Writes every file of a set, all or nothing: each is written in full to a temporary file
/// beside it first, and only when all are written are they renamed into place. A full disk or
/// any other error while writing leaves every old file as it was.
pub fn write_all(files: &[(&Path, &[u8])]) -> io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    let result = (|| {
        for (path, bytes) in files {
            let target = check(path)?;
            let tmp = temporary_in(parent(&target))?;
            staged.push((tmp.path().to_path_buf(), None));
            let mut tmp = tmp;
            tmp.write_all(bytes)?;
            match std::fs::metadata(&target) {
                Ok(meta) => keep_mode_and_owner(tmp.as_file(), &meta)?,
                Err(_) => set_default_permissions(tmp.as_file())?,
            }
            tmp.as_file().sync_all()?;
            staged.last_mut().expect("just pushed").1 = Some((tmp, target));
        }
        for (_, file) in &mut staged {
            let (tmp, target) = file.take().expect("every file was staged");
            tmp.persist(&target).map_err(|e| e.error)?;
        }
        Ok(())
    })();
    forget(&staged.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>());
    result
}

/// An exclusive advisory lock on an existing file, held until dropped, so that concurrent
/// read-modify-write cycles on it (`step --in-place`) take turns instead of losing updates.
pub struct Lock {
    _file: File,
}

/// Locks the file at `path`. Since a write replaces the file, the lock is taken again until it
/// is held on the file the path names now.
pub fn lock(path: &Path) -> io::Result<Lock> {
    let target = resolve(path)?;
    loop {
        let file = File::open(&target)?;
        file.lock()?;
        if same_file(&file.metadata()?, &std::fs::metadata(&target)?) {
            return Ok(Lock { _file: file });
        }
    }
}

/// The path a write replaces: a symlink's target (followed to the end), else the path itself.
///
/// A link in a sticky, world-writable directory (such as /tmp) is followed only where the
/// kernel's protected_symlinks rule would follow it: when its owner is the directory's owner or
/// the user running nettrace. Another user could have planted it to point at a file of ours.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(meta) if meta.file_type().is_symlink() => {
                refuse_planted(&p, &meta)?;
                let link = std::fs::read_link(&p)?;
                p = if link.is_absolute() { link } else { parent(&p).join(link) };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::new(io::ErrorKind::InvalidInput, "too many levels of symbolic links"))
}

/// Refuses the symbolic link `link` (whose own metadata is `meta`) when another user owns it in
/// a sticky, world-writable directory.
#[cfg(unix)]
fn refuse_planted(link: &Path, meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let dir = parent(link);
    let Ok(dir_meta) = std::fs::metadata(dir) else { return Ok(()) };
    let sticky_and_world_writable = dir_meta.mode() & 0o1002 == 0o1002;
    let user = rustix::process::geteuid().as_raw();
    if !sticky_and_world_writable || meta.uid() == dir_meta.uid() || meta.uid() == user {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "{} is a symbolic link owned by {} in the sticky, world-writable directory {}: not followed, as the kernel's protected_symlinks rule would not follow it",
        link.display(),
        owner(meta.uid()),
        dir.display()
    )))
}

#[cfg(not(unix))]
fn refuse_planted(_link: &Path, _meta: &Metadata) -> io::Result<()> {
    Ok(())
}

/// A user by name and number, `nobody (uid 65534)`, or by number alone when it has no name.
#[cfg(unix)]
fn owner(uid: u32) -> String {
    // Why unsafe: neither std nor rustix (compiled in for tempfile) looks a user up by number, and
    // a crate that does (nix, users) would be compiled in for this one message; getpwuid_r is the
    // re-entrant libc call, given memory it owns.
    // SAFETY: passwd is plain data (integers and pointers), valid when zeroed.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: getpwuid_r fills `entry` with pointers into `buf`, both alive while they are read.
    let status = unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
    if status != 0 || found.is_null() || entry.pw_name.is_null() {
        return format!("uid {uid}");
    }
    // SAFETY: pw_name is a NUL-terminated string in `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) }.to_string_lossy();
    format!("{name} (uid {uid})")
}

/// An I/O error's reason without Rust's "(os error N)".
fn reason(e: &io::Error) -> String {
    let s = e.to_string();
    s.split(" (os error").next().unwrap_or(&s).to_string()
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What a non-regular file is, for messages.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a directory" } else { "not a regular file" }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

/// The replaced file's mode, and its owner and group where the process may set them.
#[cfg(unix)]
fn keep_mode_and_owner(file: &File, meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    file.set_permissions(meta.permissions())?;
    // Only root (or the owner, for the group) may give a file away; otherwise it stays ours.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    Ok(())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, meta: &Metadata) -> io::Result<()> {
    file.set_permissions(meta.permissions())
}

/// A new file gets the permissions an ordinary `create` would give: 0666 less the umask.
#[cfg(unix)]
fn set_default_permissions(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o666 & !umask()))
}

#[cfg(not(unix))]
fn set_default_permissions(_file: &File) -> io::Result<()> {
    Ok(())
}

/// The process's umask. It can only be read by setting it, so it is set back at once.
#[cfg(unix)]
fn umask() -> u32 {
    use rustix::fs::Mode;
    let mask = rustix::process::umask(Mode::from_raw_mode(0o022));
    rustix::process::umask(mask);
    #[allow(clippy::useless_conversion, reason = "mode_t is u16 on some unixes")]
    u32::from(mask.as_raw_mode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("net.json");
        std::fs::write(&path, "old contents that are longer").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_missing_directory_is_an_error_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("net.json");
        assert!(write(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_new_files_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("net.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        let fresh = dir.path().join("fresh.json");
        write(&fresh, b"x").unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o666 & !umask());
    }

    #[test]
    fn directories_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x").unwrap_err();
        assert_eq!(err.to_string(), "is a directory; nettrace writes only regular files");
        #[cfg(unix)]
        {
            let err = check(Path::new("/dev/null")).unwrap_err();
            assert_eq!(err.to_string(), "is a character device; nettrace writes only regular files");
        }
    }
}
