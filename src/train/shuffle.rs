//! The order of samples in each epoch: file order, or a seeded shuffle.
//!
//! The shuffle is Fisher–Yates driven by ChaCha8 seeded with `seed_from_u64(seed)`
//! (the generator [`crate::nn::init`] uses), drawn once for the whole run so that epoch
//! k's order depends only on the seed and k. The index for position i is
//! j = ⌊r·(i + 1) / 2⁶⁴⌋ for one 64-bit output r: portable integer arithmetic,
//! the same on every machine.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

/// The sample order of successive epochs.
pub(crate) struct Order {
    /// The current order: indices into the data set.
    pub indices: Vec<usize>,
    rng: Option<ChaCha8Rng>,
}

impl Order {
    /// File order for `n` samples, reshuffled each epoch when `seed` is given.
    pub fn new(n: usize, seed: Option<u64>) -> Self {
        Order { indices: (0..n).collect(), rng: seed.map(ChaCha8Rng::seed_from_u64) }
    }

    /// Whether samples are taken in file order.
    pub(crate) fn is_file_order(&self) -> bool {
        self.rng.is_none()
    }

    /// Prepares the order of the next epoch (a shuffle of the previous one, or file order).
    pub(crate) fn next_epoch(&mut self) {
        if let Some(rng) = &mut self.rng {
            for i in (1..self.indices.len()).rev() {
                let j = ((rng.next_u64() as u128 * (i as u128 + 1)) >> 64) as usize;
                self.indices.swap(i, j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epochs(seed: Option<u64>, n: usize, k: usize) -> Vec<Vec<usize>> {
        let mut o = Order::new(n, seed);
        (0..k)
            .map(|_| {
                o.next_epoch();
                o.indices.clone()
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_orders() {
        let a = epochs(Some(3), 50, 3);
        assert_eq!(a, epochs(Some(3), 50, 3));
        assert_ne!(a, epochs(Some(4), 50, 3));
        assert_ne!(a[0], a[1], "each epoch is reshuffled");
        for order in &a {
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, (0..50).collect::<Vec<_>>(), "a permutation");
        }
    }

    #[test]
    fn without_a_seed_the_order_is_the_file_order() {
        assert_eq!(epochs(None, 4, 2), vec![vec![0, 1, 2, 3]; 2]);
    }

    #[test]
    fn every_position_is_reachable() {
        // Over many shuffles of 4 items, each item lands in each place (about a quarter of the time).
        let mut counts = [[0usize; 4]; 4];
        let mut o = Order::new(4, Some(1));
        for _ in 0..4000 {
            o.next_epoch();
            for (place, &item) in o.indices.iter().enumerate() {
                counts[item][place] += 1;
            }
        }
        for row in counts {
            for c in row {
                assert!((800..1200).contains(&c), "{counts:?}");
            }
        }
    }
}
