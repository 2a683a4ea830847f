//! The network file reader builds no tree of the text: it stores each number once, as it
//! arrives, and refuses a file over the size limit having stored only the limit's worth.
//! Measured with a global allocator that tracks the peak of live bytes.

use nettrace::io::network_file::{Limits, parse};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Peak;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// The most bytes live at once while `f` runs, beyond those live before it.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let r = f();
    (r, PEAK.load(Ordering::Relaxed) - before)
}

/// A one-layer network whose weights are `rows` rows of `cols` numbers.
fn network(rows: usize, cols: usize) -> String {
    let row = format!("[{}]", vec!["0.25"; cols].join(","));
    format!(r#"{{"layers": [{{"weights": [{}]}}]}}"#, vec![row; rows].join(","))
}

#[test]
fn the_reader_stores_each_number_once_and_stops_at_the_limit() {
    // 10 million numbers (50 MB of text) against a limit of 100: refused after the 101st.
    let text = network(10, 1_000_000);
    let (result, peak) = peak_during(|| parse(&text, "big.json", Limits { max_values: 100 }));
    let err = result.unwrap_err().to_string();
    assert!(err.contains("is parameter number 101, over the limit of 100"), "{err}");
    assert!(peak < 64 * 1024, "refusing took {peak} bytes");

    // A million numbers within the limit: 8 MB as f64. At most two copies are live at once (the
    // vector they are read into as it doubles; then it and the out_in weight matrix): about
    // 16 MB. A tree of JSON values would take more than 32 MB for the numbers alone.
    let text = network(1000, 1000);
    let (result, peak) = peak_during(|| parse(&text, "big.json", Limits::default()));
    assert_eq!(result.unwrap().network.parameter_count(), 1_001_000);
    assert!(peak < 20 * 1024 * 1024, "reading took {peak} bytes");
}
