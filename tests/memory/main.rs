//! Memory, measured with a global allocator of its own (so this is a test binary of its own):
//! training allocates the same in every epoch, and the network file reader stores each number
//! once. Counts and peaks are kept per thread, so tests running side by side do not mix.

mod allocations;
mod huge_shapes;
mod reader;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Measuring;

thread_local! {
    /// While set, this thread's allocations are counted and its live bytes tracked: the test
    /// harness's own threads (its output, its timers) stay out of the figures.
    static ON: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

// `try_with`: a thread being torn down has no thread-locals left, and is not measured.
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ON.try_with(|on| {
            if on.get() {
                ALLOCATIONS.with(|n| n.set(n.get() + 1));
                let live = LIVE.with(|l| {
                    l.set(l.get() + layout.size() as isize);
                    l.get()
                });
                PEAK.with(|p| p.set(p.get().max(live)));
            }
        });
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = ON.try_with(|on| {
            if on.get() {
                LIVE.with(|l| l.set(l.get() - layout.size() as isize));
            }
        });
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

/// What `work` does on this thread: its result, the allocations it makes, and the most bytes
/// live at once beyond those live before it.
fn measure<R>(work: impl FnOnce() -> R) -> (R, usize, usize) {
    ALLOCATIONS.with(|n| n.set(0));
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    ON.with(|on| on.set(true));
    let r = work();
    ON.with(|on| on.set(false));
    (r, ALLOCATIONS.with(Cell::get), PEAK.with(Cell::get).max(0) as usize)
}
