//! The module's interface to the page: linear memory in, linear memory out.
//!
//! The page asks for `len` bytes with [`alloc`], writes a request's UTF-8 JSON there and calls an
//! export with the pointer and length; the export frees the request and returns 0 (the answer is
//! JSON) or 1 (nettrace's error message), kept in one buffer ([`output_ptr`], [`output_len`]).
//! Why unsafe: a page can hand a module only a pointer into its memory; no safe API takes it back.

use std::cell::RefCell;

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// `len` bytes for a request, owned by the page until it passes them to an export.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut bytes = Vec::<u8>::with_capacity(len.max(1));
    let ptr = bytes.as_mut_ptr();
    std::mem::forget(bytes);
    ptr
}

/// Where the last answer starts.
#[unsafe(no_mangle)]
pub extern "C" fn output_ptr() -> *const u8 {
    OUTPUT.with(|o| o.borrow().as_ptr())
}

/// The last answer's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn output_len() -> usize {
    OUTPUT.with(|o| o.borrow().len())
}

/// Takes back the request at `ptr` (from [`alloc`], `len` bytes written), runs `f` on it and keeps
/// its answer; 0 for an answer, 1 for an error.
///
/// # Safety
/// `ptr` must come from [`alloc`] with at least `len` bytes, all written, and not be used again.
unsafe fn call(ptr: *mut u8, len: usize, f: fn(&str) -> Result<String, String>) -> u32 {
    // SAFETY: the caller passes the buffer alloc made, of capacity ≥ len, with len bytes written.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) };
    let (answer, status) = match std::str::from_utf8(&bytes) {
        Ok(text) => match f(text) {
            Ok(json) => (json, 0),
            Err(message) => (message, 1),
        },
        Err(_) => ("the request is not UTF-8 text".to_string(), 1),
    };
    OUTPUT.with(|o| *o.borrow_mut() = answer.into_bytes());
    status
}

/// One `extern "C"` export per function of the crate.
macro_rules! exports {
    ($($export:ident => $function:path),* $(,)?) => {$(
        /// The page's call of the function of the same name; see [`call`].
        ///
        /// # Safety
        /// `ptr` must come from [`alloc`] with `len` bytes written, and not be used again.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $export(ptr: *mut u8, len: usize) -> u32 {
            // SAFETY: as this function's contract says.
            unsafe { call(ptr, len, $function) }
        }
    )*};
}

exports! {
    nettrace_trace => crate::trace,
    nettrace_set => crate::set,
    nettrace_trace_rounded => crate::trace_rounded,
    nettrace_step => crate::step,
    nettrace_shown => crate::shown,
    nettrace_grade => crate::grade_request,
    nettrace_explain => crate::explain,
}
