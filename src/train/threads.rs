//! Training on several cores with the numbers of one: each large matrix product of a pass is cut
//! into bands of its result's columns, and the bands are multiplied at the same time, one per
//! thread. Every entry of a product is one sum, computed whole by one band in the order the whole
//! product computes it, so the results are identical bit for bit whatever the number of threads.
//! No sum is ever split between threads.

use crate::nn::kernel;
use crate::nn::product::{self, Fast, Products, Serial, View};
use crate::train::crew::Crew;
use nalgebra::{DMatrix, DMatrixViewMut};
use std::sync::OnceLock;

/// Products of fewer multiply-adds than this are carried out on the calling thread: below it,
/// handing a band to another thread costs about as much as it saves.
const SPLIT_FROM: usize = 1 << 20;

/// Products with a side this short are multiplied another way, term by term in order: no band,
/// and no product that is split, is that narrow.
const SMALL_SIDE: usize = kernel::SMALL_SIDE;

/// The threads training runs on; the extra ones start with the first product large enough to
/// split, so small networks never start them.
pub struct Threads {
    count: usize,
    /// `count − 1` threads: the calling thread multiplies the first band itself. None when
    /// they could not be started: then every product is carried out on the calling thread.
    crew: OnceLock<Option<Crew>>,
    /// Each entry summed in order ([`product::in_order`]), the same bits as one step of the core on
    /// any machine; else by the fast kernels ([`Fast`]), as training multiplies.
    in_order: bool,
}

impl Threads {
    /// `count` threads, the calling one included (at least 1), multiplying as training does
    /// ([`Fast`]).
    pub fn new(count: usize) -> Self {
        Threads { count: count.max(1), crew: OnceLock::new(), in_order: false }
    }

    /// `count` threads multiplying as one step of the core does ([`Serial`]): each entry summed in
    /// order, the numbers of `nettrace run` on any machine and in the step page.
    pub fn in_order(count: usize) -> Self {
        Threads { in_order: true, ..Threads::new(count) }
    }

    /// As many threads as the machine runs at once: the default of `--threads`.
    pub fn available() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }

    /// How many bands an m × k by k × n product is cut into (1: not cut).
    fn bands(&self, m: usize, k: usize, n: usize) -> usize {
        if self.count == 1 || m <= SMALL_SIDE || k <= SMALL_SIDE || m * k * n < SPLIT_FROM {
            return 1;
        }
        self.count.min(n / (SMALL_SIDE + 1)).max(1)
    }

    fn crew(&self) -> Option<&Crew> {
        self.crew.get_or_init(|| Crew::new(self.count - 1)).as_ref()
    }
}

impl Products for Threads {
    fn product(&self, out: &mut DMatrix<f64>, a: &View, b: &View) {
        let (m, n) = (out.nrows(), out.ncols());
        let bands = self.bands(m, a.ncols(), n);
        let crew = if bands > 1 { self.crew() } else { None };
        let Some(crew) = crew else {
            return if self.in_order { Serial.product(out, a, b) } else { Fast.product(out, a, b) };
        };
        let in_order = self.in_order;
        // Band i holds the columns n·i/bands .. n·(i+1)/bands: a slice of `out`, which is stored
        // column by column.
        let (first, mut rest) = out.as_mut_slice().split_at_mut(n / bands * m);
        let mut theirs = Vec::with_capacity(bands - 1);
        let mut start = n / bands;
        for i in 1..bands {
            let end = n * (i + 1) / bands;
            let (band, tail) = std::mem::take(&mut rest).split_at_mut((end - start) * m);
            rest = tail;
            let b = b.columns(start, end - start);
            theirs.push(move || multiply(band, m, a, &b, in_order));
            start = end;
        }
        let lent = theirs.iter_mut().map(|band| band as &mut (dyn FnMut() + Send)).collect();
        crew.run(|| multiply(first, m, a, &b.columns(0, n / bands), in_order), lent);
    }
}

/// The band `c` (m rows, stored column by column) ← a·b, each entry in order or by the tuned kernel.
fn multiply(c: &mut [f64], m: usize, a: &View, b: &View, in_order: bool) {
    let columns = c.len() / m;
    let mut band = DMatrixViewMut::from_slice(c, m, columns);
    if in_order { product::in_order(&mut band, a, b) } else { kernel::multiply(&mut band, a, b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::Draws;
    use crate::nn::product::view;

    #[test]
    fn bands_give_the_bits_of_the_whole_product() {
        // Sizes around the kernels' blocks (16 × 12 and 8 × 6 tiles, sums cut every 256 terms) and
        // their small-side limit, with 2, 3 and 4 threads.
        for (m, k, n) in [(64, 784, 128), (128, 64, 784), (1024, 784, 128), (7, 300, 3000), (300, 1000, 13)] {
            let (a, b) = (Draws::new(1).normal_matrix(m, k), Draws::new(2).normal_matrix(k, n));
            let bits = |x: &DMatrix<f64>| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            let whole = |products: &dyn Products| {
                let mut whole = DMatrix::zeros(m, n);
                products.product(&mut whole, &view(&a), &view(&b));
                bits(&whole)
            };
            let (fast, in_order) = (whole(&Fast), whole(&Serial));
            for count in 2..=4 {
                for (threads, whole) in [(Threads::new(count), &fast), (Threads::in_order(count), &in_order)]
                {
                    assert!(threads.bands(m, k, n) > 1, "{m}×{k}×{n} is split");
                    let mut split = DMatrix::from_element(m, n, f64::NAN);
                    threads.product(&mut split, &view(&a), &view(&b));
                    assert_eq!(&bits(&split), whole, "{m}×{k}×{n} on {count} threads");
                }
            }
        }
    }

    #[test]
    fn small_or_narrow_products_stay_whole() {
        let threads = Threads::new(2);
        assert_eq!(threads.bands(32, 64, 32), 1, "the digits network's products are small");
        assert_eq!(threads.bands(5, 100_000, 100), 1, "5 rows go through another kernel");
        assert_eq!(threads.bands(1000, 1000, 11), 1, "bands of 5 columns go through another kernel");
        assert_eq!(Threads::new(1).bands(1000, 1000, 1000), 1);
        assert!(threads.crew.get().is_none(), "no thread started");
    }
}
