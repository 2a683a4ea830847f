//! The math of one training step: the network, φ and φ′, the losses, the forward and backward
//! passes, parameter updates and initial weights. Nothing here prints or knows an output format.

pub mod activation;
pub mod backward;
pub mod exp;
pub mod forward;
pub mod init;
pub mod kernel;
pub mod loss;
pub mod names;
pub mod network;
pub mod optim;
pub mod product;
pub mod round;
pub mod units;
