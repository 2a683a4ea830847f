//! Training allocates the same number of times in every epoch, however long it runs: nothing
//! accumulates from step to step. The count per step is not pinned: nalgebra's products, which
//! train a network with a short side, allocate their packing buffers as they see fit, and that
//! may change with its version.

use nettrace::io::network_file::{Limits, load};
use nettrace::nn::network::Samples;
use nettrace::nn::optim::Method;
use nettrace::train::data_set::{Bytes, DataSet, Inputs};
use nettrace::train::epochs::{Config, train};
use nettrace::train::schedule::Schedule;

/// The allocations `work` makes on this thread.
fn allocations(work: impl FnOnce()) -> usize {
    super::measure(work).1
}

#[test]
fn training_allocates_the_same_in_every_epoch_however_many_there_are() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (_, file) = load(&format!("{root}/networks/digits.json"), Limits::default()).unwrap();
    let all = nettrace::io::data::csv::load(
        &format!("{root}/networks/data/digits.csv"),
        &file.network,
        Limits::default(),
    )
    .unwrap();
    // 180 digits in batches of 18: 10 steps per epoch.
    let numbers = DataSet::from(Samples {
        inputs: all.inputs.rows(0, 180).into_owned(),
        targets: all.targets.rows(0, 180).into_owned(),
        batch: true,
    });
    // The same digits stored as bytes: pixels k/16 as k.
    let pixels = numbers.inputs.values().transpose().iter().map(|v| (v * 16.0) as u8).collect();
    let table = std::array::from_fn(|b| b as f64 / 16.0);
    let bytes = DataSet {
        inputs: Inputs::Bytes(Bytes::new(pixels, 64, table, Some(16.0))),
        targets: numbers.targets.clone(),
    };
    for (samples, method) in [
        (&numbers, Method::Sgd),
        (&numbers, Method::Momentum { mu: 0.9 }),
        (&numbers, Method::ADAM),
        (&bytes, Method::Sgd),
    ] {
        let count = |epochs: u64| {
            let config = Config {
                epochs,
                lr: 0.01,
                batch_size: 18,
                method,
                schedule: Schedule::Exp { gamma: 0.9 },
                shuffle: Some(1),
                trace_every: None,
                threads: 1,
            };
            allocations(|| {
                let outcome = train(&file.network, samples, &config, &mut |_| Ok(())).unwrap();
                assert!(outcome.diverged.is_none());
                assert_eq!(outcome.records.len() as u64, epochs);
            })
        };
        // The AVX2 kernel allocates its panels once per thread, in the first run.
        count(1);
        let (ten_steps, twenty_steps, hundred_steps) = (count(1), count(2), count(10));
        let per_epoch = twenty_steps - ten_steps;
        assert_eq!(
            hundred_steps,
            ten_steps + 9 * per_epoch,
            "{method:?}: {ten_steps} allocations for 10 steps and {twenty_steps} for 20, so \
             {} for 100 if each epoch allocated the same; {hundred_steps} were made",
            ten_steps + 9 * per_epoch
        );
        eprintln!("{method:?}: {ten_steps} allocations for 10 steps, then {per_epoch} per 10 steps");
    }
}
