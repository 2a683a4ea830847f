//! The speed of training's three large matrix products at MNIST's size (784-128-10, batch 64, on
//! 12,000 rows in the data set's layout): the first layer's z of each batch, its ∂L/∂W, and its z
//! over all rows 1,024 at a time, as after each epoch. Prints each product's fastest pass over the
//! rows of ROUNDS rounds (default 10), in ms and GFLOP/s, on one thread.
//!
//! Usage: cargo run --release -p nettrace-core --example products [ROUNDS]

use nalgebra::DMatrix;
use nettrace_core::nn::product::{self, Fast, Products, View};
use std::time::Instant;

const ROWS: usize = 12_000;
const INPUTS: usize = 784;
const NEURONS: usize = 128;
const BATCH: usize = 64;
const SLICE: usize = 1024;

fn main() {
    let rounds = std::env::args().nth(1).map_or(10, |r| r.parse().expect("ROUNDS: a number"));
    // A data set as training holds it: each input's column of all rows, one after another.
    let data = DMatrix::from_fn(ROWS, INPUTS, |i, j| ((i * 7 + j * 13) % 17) as f64 / 17.0);
    let w = DMatrix::from_fn(NEURONS, INPUTS, |i, j| ((i * 3 + j * 5) % 11) as f64 / 11.0 - 0.5);
    let wt = View::from_slice_with_strides(w.as_slice(), INPUTS, NEURONS, NEURONS, 1);
    let delta_t = DMatrix::from_fn(NEURONS, BATCH, |i, j| ((i + j) % 5) as f64 - 2.0);
    let rows = |first: usize, count: usize| product::rows(&data, first, count);
    let (mut z, mut dw, mut z_all) =
        (DMatrix::zeros(BATCH, NEURONS), DMatrix::zeros(NEURONS, INPUTS), DMatrix::zeros(SLICE, NEURONS));
    let (batches, slices) = (ROWS / BATCH, ROWS / SLICE);
    let dt = product::view(&delta_t);
    let z_batches = fastest(rounds, || {
        for b in 0..batches {
            Fast.product(&mut z, &rows(b * BATCH, BATCH), &wt);
        }
    });
    let dw_batches = fastest(rounds, || {
        for b in 0..batches {
            Fast.product(&mut dw, &dt, &rows(b * BATCH, BATCH));
        }
    });
    let z_slices = fastest(rounds, || {
        for s in 0..slices {
            Fast.product(&mut z_all, &rows(s * SLICE, SLICE), &wt);
        }
    });
    for (name, samples, seconds) in [
        ("z[1] = a[0]·W[1]ᵀ per batch", batches * BATCH, z_batches),
        ("∂L/∂W[1] = δ[1]ᵀ·a[0] per batch", batches * BATCH, dw_batches),
        ("z[1] over all rows, 1,024 at a time", slices * SLICE, z_slices),
    ] {
        let flop = 2.0 * (samples * INPUTS * NEURONS) as f64;
        println!("{name}: {:.1} ms, {:.1} GFLOP/s", seconds * 1e3, flop / seconds / 1e9);
    }
}

/// The fastest of `rounds` calls of `run`, in seconds.
fn fastest(rounds: usize, mut run: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
