//! Files a command writes: checked before any work, written whole or not at all, and `-` for
//! standard output.

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
    super::signals::clean_up_when_interrupted();
    atomic::write(path, bytes).map_err(|e| {
        anyhow::anyhow!("cannot write {}: {}", terminal(&path.display().to_string()), write_reason(&e))
    })
}

/// Why a write failed, in words: the temporary file's path that the error carries is left out
/// (it is gone), and a file-size limit is named as such.
pub fn write_reason(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        return "the file would be larger than the file-size limit (ulimit -f)".to_string();
    }
    let reason = io_reason(e);
    reason.split(" at path \"").next().unwrap_or(&reason).to_string()
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
    /// Keep going when the reader closes the pipe, discarding what follows (see [`Stdout::finish_files`]).
    finish_files: bool,
    /// The reader closed the pipe.
    closed: bool,
}

impl Stdout {
    pub fn new() -> Self {
        let inner = is_open().then(|| std::io::BufWriter::new(std::io::stdout().lock()));
        Stdout { inner, finish_files: false, closed: false }
    }

    /// For a command that also writes files: a pipe closed early (`| head -1`) no longer stops
    /// it, so that every file asked for is still written; what standard output would have shown
    /// is discarded. Without files, a closed pipe ends the command at once, quietly.
    pub fn finish_files(&mut self) {
        self.finish_files = true;
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(bytes.len());
        }
        match &mut self.inner {
            Some(w) => match w.write(bytes) {
                Err(e) if self.finish_files && e.kind() == std::io::ErrorKind::BrokenPipe => {
                    self.closed = true;
                    Ok(bytes.len())
                }
                written => written.map_err(named),
            },
            None => Err(named(std::io::Error::other("it is closed"))),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match &mut self.inner {
            Some(w) => match w.flush() {
                Err(e) if self.finish_files && e.kind() == std::io::ErrorKind::BrokenPipe => {
                    self.closed = true;
                    Ok(())
                }
                flushed => flushed.map_err(named),
            },
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
    use rustix::fs::OFlags;
    let read_write =
        rustix::fs::fcntl_getfl(std::io::stdout()).is_ok_and(|f| f & OFlags::ACCMODE == OFlags::RDWR);
    !(fd1.file_type().is_char_device() && fd1.rdev() == null.rdev() && read_write)
}

#[cfg(not(unix))]
fn is_open() -> bool {
    true
}
