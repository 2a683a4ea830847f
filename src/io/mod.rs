//! Files in and out: the network file format, training data (CSV, IDX, NumPy), imports and
//! exports, JSON schemas, and atomic writes.

pub mod atomic;
pub mod data;
pub mod import;
pub mod json;
pub mod network_file;
pub mod torch;
