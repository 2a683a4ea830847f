//! The epochs a report shows, in bounded memory: every epoch up to a capacity, then every second
//! one, every fourth, and so on, always with the last.

use crate::train::epochs::EpochRecord;

/// What is kept per epoch: an epoch record, or what a report counts after each epoch.
pub(crate) trait Epoched {
    /// The epoch, from 1.
    fn epoch(&self) -> u64;
}

impl Epoched for EpochRecord {
    fn epoch(&self) -> u64 {
        self.epoch
    }
}

/// How many epochs are kept before they are thinned out.
pub(crate) const CAPACITY: usize = 4096;

/// Epoch records (or other per-epoch values), thinned to at most [`CAPACITY`] plus the last.
#[derive(Debug, Clone)]
pub(crate) struct History<T = EpochRecord> {
    kept: Vec<T>,
    /// Epochs 1, 1 + stride, 1 + 2·stride, … are kept.
    stride: u64,
    last: Option<T>,
}

impl<T: Epoched> History<T> {
    /// Room for a run of `epochs` epochs, allocated once.
    pub fn new(epochs: u64) -> Self {
        History { kept: Vec::with_capacity(epochs.min(CAPACITY as u64) as usize), stride: 1, last: None }
    }

    /// Adds the record of the epoch just ended.
    pub fn push(&mut self, record: T) {
        if (record.epoch() - 1).is_multiple_of(self.stride) {
            self.last = None;
            self.kept.push(record);
            if self.kept.len() == CAPACITY {
                // Keep epochs 1, 1 + 2·stride, …: the newest falls between them and stays as the last.
                self.last = self.kept.pop();
                let thinned = self.kept.drain(..).step_by(2).collect();
                self.kept = thinned;
                self.stride *= 2;
            }
        } else {
            self.last = Some(record);
        }
    }

    /// The kept records in epoch order, the last epoch included.
    pub(crate) fn into_records(self) -> Vec<T> {
        let mut records = self.kept;
        records.extend(self.last);
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(epoch: u64) -> EpochRecord {
        EpochRecord::plain(epoch, 1.0, vec![])
    }

    #[test]
    fn short_runs_keep_every_epoch() {
        let mut h = History::new(100);
        (1..=100).for_each(|e| h.push(record(e)));
        let epochs: Vec<u64> = h.into_records().iter().map(|r| r.epoch).collect();
        assert_eq!(epochs, (1..=100).collect::<Vec<_>>());
    }

    #[test]
    fn long_runs_stay_bounded_evenly_spaced_and_end_with_the_last_epoch() {
        let mut h = History::new(100);
        (1..=1_000_003).for_each(|e| h.push(record(e)));
        let epochs: Vec<u64> = h.into_records().iter().map(|r| r.epoch).collect();
        assert!(epochs.len() <= CAPACITY + 1, "{} kept", epochs.len());
        assert_eq!(epochs[0], 1);
        assert_eq!(*epochs.last().unwrap(), 1_000_003);
        let gaps: Vec<u64> = epochs.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps[..gaps.len() - 1].iter().all(|g| *g == gaps[0]), "evenly spaced");
    }
}
