//! Signals that would end nettrace while it writes a file: SIGINT, SIGTERM and SIGHUP remove the
//! temporary files being written and exit with 128 plus the signal's number, as a shell reports a
//! process the signal killed (130, 143, 129); SIGXFSZ (a file-size limit, `ulimit -f`) is
//! ignored, so that the write fails with an error nettrace reports instead of killing it.

/// Ignores SIGXFSZ: a write past the file-size limit then fails with "File too large", which
/// nettrace reports (exit status 1) after removing its temporary file.
pub fn ignore_file_size_limit_signal() {
    #[cfg(unix)]
    // Why unsafe: std sets no signal dispositions, and no crate compiled in does (signal-hook would
    // be one more for these two calls).
    // SAFETY: setting a signal's disposition to SIG_IGN runs no code in the handler's context.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// From the first file written on, SIGINT, SIGTERM and SIGHUP remove the temporary files being
/// written before the process ends. (Installed only then: the handler's thread costs a run that
/// writes no file a tenth of a millisecond.)
pub fn clean_up_when_interrupted() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    #[cfg(unix)]
    ONCE.call_once(unix::install);
    #[cfg(not(unix))]
    ONCE.call_once(|| ());
}

#[cfg(unix)]
mod unix {
    use nettrace::io::atomic;
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The writing end of the pipe the handler reports a signal's number on.
    static REPORT: AtomicI32 = AtomicI32::new(-1);

    /// The handler does only what is safe in a signal handler: one write(2) of the number, read
    /// by a thread that removes the temporary files (which takes a lock and frees memory).
    extern "C" fn on_signal(signal: libc::c_int) {
        let byte = signal as u8;
        // Why unsafe: a handler may call only async-signal-safe functions; std's writers take
        // locks or own the descriptor (closing it when dropped), so write(2) is called on its number.
        // SAFETY: write(2) is async-signal-safe and reads one byte of the stack.
        unsafe { libc::write(REPORT.load(Ordering::Relaxed), (&raw const byte).cast(), 1) };
    }

    pub fn install() {
        use std::io::Read;
        use std::os::fd::IntoRawFd;
        let Ok((mut reader, writer)) = std::io::pipe() else { return };
        // The writing end stays open as long as the process: the handler writes to it by number.
        REPORT.store(writer.into_raw_fd(), Ordering::Relaxed);
        let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
            let mut byte = [0u8];
            while !matches!(reader.read(&mut byte), Ok(1)) {}
            atomic::remove_temporaries_and_exit(128 + i32::from(byte[0]));
        });
        if spawned.is_err() {
            return;
        }
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // Why unsafe: std installs no signal handlers, and no crate compiled in does; sigaction
            // rather than signal(2) reads the disposition inherited and keeps SA_RESTART.
            // SAFETY: the actions are zeroed, then given a handler that only calls write(2).
            unsafe {
                // A signal ignored when nettrace started (nohup, a background job) stays ignored.
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(signal, std::ptr::null(), &mut old);
                if old.sa_sigaction == libc::SIG_IGN {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}
