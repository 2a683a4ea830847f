//! The helper threads that multiply the bands of a product beside the calling thread. Between
//! products a helper waits spinning for a little while before it sleeps: a training step's
//! products come a fraction of a millisecond apart, and waking a sleeping thread takes about as
//! long as multiplying a band at MNIST's size (a general pool's helpers slept and woke twice per
//! product, and two threads were little faster than one).

use std::cell::UnsafeCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a helper spins waiting for its next band before it sleeps, while bands come sooner.
const SPIN: Duration = Duration::from_millis(2);

/// A helper's state: waiting, given a band, done with it (or panicked in it), or told to stop.
const IDLE: u8 = 0;
const WORK: u8 = 1;
const DONE: u8 = 2;
const FAILED: u8 = 3;
const STOP: u8 = 4;

/// A band of work for another thread, borrowed from the caller of [`Crew::run`], which does not
/// return before the band is done.
type Band = *mut (dyn FnMut() + Send);

/// What the calling thread and one helper share.
struct Slot {
    state: AtomicU8,
    /// Written by the calling thread while the state is IDLE, taken by the helper after it reads
    /// WORK.
    band: UnsafeCell<Option<Band>>,
}

// SAFETY: `band` is written and read by one thread at a time, handed over by `state`'s
// release-acquire pairs; the band it points to is Send.
unsafe impl Sync for Slot {}
// SAFETY: as above.
unsafe impl Send for Slot {}

struct Helper {
    slot: Arc<Slot>,
    thread: JoinHandle<()>,
}

/// Helper threads, each multiplying one band at a time.
pub struct Crew {
    helpers: Vec<Helper>,
    /// Held by the thread whose bands the helpers multiply: one caller at a time.
    busy: Mutex<()>,
}

impl Crew {
    /// `count` helpers; None when the system would not start them.
    pub fn new(count: usize) -> Option<Crew> {
        let mut crew = Crew { helpers: Vec::with_capacity(count), busy: Mutex::new(()) };
        for i in 0..count {
            let slot = Arc::new(Slot { state: AtomicU8::new(IDLE), band: UnsafeCell::new(None) });
            let theirs = Arc::clone(&slot);
            let builder = thread::Builder::new().name(format!("nettrace-band-{}", i + 1));
            // On failure the helpers started so far are stopped as `crew` drops.
            let thread = builder.spawn(move || serve(&theirs)).ok()?;
            crew.helpers.push(Helper { slot, thread });
        }
        Some(crew)
    }

    /// Runs `mine` on the calling thread and each of `theirs` on a helper of its own at the same
    /// time (at most as many as there are helpers), and returns when all are done. A panic in any
    /// of them is raised here, after all are done.
    pub fn run(&self, mine: impl FnOnce(), theirs: Vec<&mut (dyn FnMut() + Send)>) {
        // A panic raised below leaves the helpers idle: the lock stays usable.
        let _busy = self.busy.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        assert!(
            theirs.len() <= self.helpers.len(),
            "{} bands for {} helpers",
            theirs.len(),
            self.helpers.len()
        );
        let lent = theirs.len();
        for (helper, band) in self.helpers.iter().zip(theirs) {
            // SAFETY: the helper is IDLE, so it does not read `band`; erasing the band's
            // lifetime is sound because this function waits below until the helper is done with
            // it, whatever happens to `mine`.
            unsafe {
                *helper.slot.band.get() = Some(std::mem::transmute::<&mut (dyn FnMut() + Send), Band>(band))
            };
            helper.slot.state.store(WORK, Ordering::Release);
            helper.thread.thread().unpark();
        }
        let result = panic::catch_unwind(AssertUnwindSafe(mine));
        let mut failed = false;
        for helper in &self.helpers[..lent] {
            let state = wait(|| match helper.slot.state.load(Ordering::Acquire) {
                WORK => None,
                state => Some(state),
            });
            failed |= state == FAILED;
            helper.slot.state.store(IDLE, Ordering::Relaxed);
        }
        if let Err(panic) = result {
            panic::resume_unwind(panic);
        }
        assert!(!failed, "a band of a product panicked on a helper thread");
    }
}

impl Drop for Crew {
    fn drop(&mut self) {
        for helper in self.helpers.drain(..) {
            helper.slot.state.store(STOP, Ordering::Release);
            helper.thread.thread().unpark();
            // A helper's panics are caught and reported by `run`; joining cannot fail otherwise.
            let _ = helper.thread.join();
        }
    }
}

/// A helper's life: wait for a band, multiply it, report, until told to stop. It waits spinning
/// for up to [`SPIN`] while bands come sooner than that; after a longer wait, it spins only a
/// thirty-second of that before it sleeps, so that a run whose large products are far apart (the
/// loss over all rows of a small data set, once per epoch) does not spin in vain.
fn serve(slot: &Slot) {
    let mut patience = SPIN;
    loop {
        let started = Instant::now();
        let mut spins = 0u32;
        let mut slept = false;
        let state = loop {
            let state = slot.state.load(Ordering::Acquire);
            if state == WORK || state == STOP {
                break state;
            }
            spins = spins.wrapping_add(1);
            if slept || (spins.is_multiple_of(64) && started.elapsed() > patience) {
                // Sleep until unparked (or woken for nothing: then look again).
                slept = true;
                thread::park();
            } else if spins.is_multiple_of(64) {
                // Let the calling thread run, should it share this core.
                thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        };
        patience = if started.elapsed() <= SPIN { SPIN } else { SPIN / 32 };
        if state == STOP {
            return;
        }
        // SAFETY: the state is WORK: the band is there, and the caller of `run` waits for DONE
        // or FAILED before it lets go of the band.
        let band = unsafe { (*slot.band.get()).take() }.expect("a band with WORK");
        // SAFETY: as above.
        let ok = panic::catch_unwind(AssertUnwindSafe(|| unsafe { (*band)() })).is_ok();
        slot.state.store(if ok { DONE } else { FAILED }, Ordering::Release);
    }
}

/// Spins until `done` gives a value, yielding the processor after a while.
fn wait<T>(mut done: impl FnMut() -> Option<T>) -> T {
    let mut spins = 0u32;
    loop {
        if let Some(value) = done() {
            return value;
        }
        spins = spins.saturating_add(1);
        if spins > 1 << 12 { thread::yield_now() } else { std::hint::spin_loop() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_runs_once_and_is_done_on_return() {
        let crew = Crew::new(3).expect("threads");
        for round in 0..200 {
            let mut sums = [0u64; 4];
            let (mine, rest) = sums.split_at_mut(1);
            let mut bands: Vec<Box<dyn FnMut() + Send>> = rest
                .iter_mut()
                .enumerate()
                .map(|(i, s)| Box::new(move || *s += (i as u64 + 1) * round) as Box<dyn FnMut() + Send>)
                .collect();
            crew.run(
                || mine[0] += 1,
                bands.iter_mut().map(|b| b.as_mut() as &mut (dyn FnMut() + Send)).collect(),
            );
            drop(bands);
            assert_eq!(sums, [1, round, 2 * round, 3 * round], "round {round}");
            if round % 50 == 0 {
                // Long enough for the helpers to fall asleep: they wake for the next band.
                thread::sleep(SPIN * 2);
            }
        }
    }

    #[test]
    fn a_panic_on_a_helper_is_raised_after_every_band_is_done() {
        let crew = Crew::new(2).expect("threads");
        let mut other = 0;
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut failing = || panic!("a band fails");
            let mut counting = || other += 1;
            crew.run(|| {}, vec![&mut failing, &mut counting]);
        }));
        assert!(result.is_err());
        assert_eq!(other, 1);
        // The crew still works.
        let mut x = 0;
        crew.run(|| {}, vec![&mut || x += 2]);
        assert_eq!(x, 2);
    }
}
