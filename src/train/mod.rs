//! Training over many steps: epochs of mini-batches, learning-rate schedules, shuffling and
//! gradient accumulation.

pub mod accumulate;
pub mod crew;
pub mod data_set;
pub mod epochs;
pub mod history;
pub mod holdout;
pub mod schedule;
pub mod shuffle;
pub mod snapshots;
pub mod threads;
