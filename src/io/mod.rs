//! Files in and out: the network file format, CSV data, imports and exports, JSON schemas, and
//! atomic writes.

pub mod atomic;
pub mod csv;
pub mod import;
pub mod json;
pub mod network_file;
pub mod torch;
