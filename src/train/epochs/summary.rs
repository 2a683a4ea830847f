//! What was trained and how, as a report's heading names it.

use super::Config;
use crate::nn::network::Network;

/// What was trained and how, for the heading of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The network file's name in messages.
    pub source: String,
    /// `2 → 4 tanh → 1 sigmoid`.
    pub architecture: String,
    pub loss: &'static str,
    pub samples: usize,
    pub config: Config,
    /// The number of validation samples, when there are some.
    pub validation: Option<usize>,
}

impl Summary {
    /// The summary of training `net` on `samples` samples with `config`.
    pub fn new(source: &str, net: &Network, samples: usize, config: Config) -> Self {
        let mut architecture = net.input_size().to_string();
        for l in &net.layers {
            architecture.push_str(&format!(" → {} {}", l.neurons(), l.activation.name()));
        }
        Summary {
            source: source.to_string(),
            architecture,
            loss: net.loss.name(),
            samples,
            config,
            validation: None,
        }
    }
}
