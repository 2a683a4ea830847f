//! Files a command writes: checked before any work, written whole or not at all, and `-` for
//! standard output.

use anyhow::Context as _;
use nettrace::error::{Error, input};
use nettrace::io::{atomic, network_file::io_reason};
use nettrace::notation::escape::terminal;
use std::io::Write;
use std::path::Path;

/// Checks that `path`, given with `flag`, can be written, before any work is done: standard
/// output (`-`), a regular file, a symlink to one, or a new file in an existing directory.
pub fn check(flag: &str, path: &Path) -> Result<(), Error> {
    if path == Path::new("-") {
        return Ok(());
    }
    atomic::check(path)
        .map(|_| ())
        .map_err(|e| input(format!("{flag} {}: cannot write there: {}", path.display(), io_reason(&e))))
}

/// Writes `bytes` to `path` atomically, or to `out` when `path` is `-`.
pub fn write(path: &Path, bytes: &[u8], out: &mut dyn Write) -> anyhow::Result<()> {
    if path == Path::new("-") {
        return Ok(out.write_all(bytes)?);
    }
    clean_up_when_interrupted();
    atomic::write(path, bytes)
        .with_context(|| format!("cannot write {}", terminal(&path.display().to_string())))
}

/// Says on `err` (standard error) that `path` was written: `wrote trained.json`. Nothing for `-`,
/// which is standard output itself.
pub fn wrote(path: &Path, err: &mut dyn Write) -> std::io::Result<()> {
    if path == Path::new("-") {
        return Ok(());
    }
    writeln!(err, "wrote {}", terminal(&path.display().to_string()))
}

/// Standard output, failing loudly: a write to a closed standard output (`>&-`) or a full
/// device is an error naming standard output, where Rust's own handle would drop it silently.
pub struct Stdout {
    inner: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

impl Stdout {
    pub fn new() -> Self {
        Stdout { inner: is_open().then(|| std::io::BufWriter::new(std::io::stdout().lock())) }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            Some(w) => w.write(bytes).map_err(named),
            None => Err(named(std::io::Error::other("it is closed"))),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            Some(w) => w.flush().map_err(named),
            None => Ok(()),
        }
    }
}

/// The error with standard output named, keeping its kind (a closed pipe is still recognised).
fn named(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot write to standard output: {}", io_reason(&e)))
}

/// Whether file descriptor 1 was open when nettrace started. Rust's runtime reopens a closed
/// standard descriptor on /dev/null for reading and writing, which a shell redirection
/// (`> /dev/null`, write-only) never does: that combination means standard output was closed.
#[cfg(unix)]
fn is_open() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(null) = std::fs::metadata("/dev/null") else { return true };
    let Ok(fd1) = std::fs::metadata("/proc/self/fd/1") else { return true };
    // SAFETY: F_GETFL only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    !(fd1.file_type().is_char_device()
        && fd1.rdev() == null.rdev()
        && flags & libc::O_ACCMODE == libc::O_RDWR)
}

#[cfg(not(unix))]
fn is_open() -> bool {
    true
}

/// From the first file written on, SIGINT and SIGTERM remove the temporary files being written
/// before the process ends. (Installed only then: the handler's thread costs a run that writes no
/// file a tenth of a millisecond.)
pub fn clean_up_when_interrupted() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            atomic::remove_temporaries();
            std::process::exit(130);
        });
    });
}
