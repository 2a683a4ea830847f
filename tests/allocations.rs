//! Steady-state training allocates nothing of its own per step: counted with a counting global
//! allocator. The only allocations left are the packing buffers of the matrix-product kernel
//! (nalgebra's `gemm` through `matrixmultiply`), one per product: 5 per step of a two-layer network
//! (z[1], z[2], ∂L/∂W[1], ∂L/∂W[2], ∂L/∂a[1]), 2 for the forward pass over all samples after each
//! epoch, and 1 for the epoch's record.

use nettrace::io::network_file::{Limits, load};
use nettrace::nn::optim::Method;
use nettrace::train::epochs::{Config, train};
use nettrace::train::schedule::Schedule;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn training_allocates_nothing_per_step_beyond_the_matrix_products() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (_, file) = load(&format!("{root}/networks/digits.json"), Limits::default()).unwrap();
    let samples = nettrace::io::csv::load(
        &format!("{root}/networks/data/digits.csv"),
        &file.network,
        Limits::default(),
    )
    .unwrap();
    for method in [Method::Sgd, Method::Momentum { mu: 0.9 }, Method::ADAM] {
        let count = |epochs: u64| {
            let config = Config {
                epochs,
                lr: 0.01,
                batch_size: 100, // 18 steps per epoch, the last one smaller
                method,
                schedule: Schedule::Exp { gamma: 0.9 },
                shuffle: Some(1),
                trace_every: None,
            };
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            let outcome = train(&file.network, &samples, &config, &mut |_| Ok(())).unwrap();
            assert!(outcome.diverged.is_none());
            ALLOCATIONS.load(Ordering::Relaxed) - before
        };
        let (few, many) = (count(2), count(6));
        let per_epoch = (many - few) as f64 / 4.0;
        assert_eq!(per_epoch, (18 * 5 + 2 + 1) as f64, "{method:?}: allocations per epoch");
    }
}
