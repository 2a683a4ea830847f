//! One step of gradient descent on a network file, as `nettrace step` takes it: the forward pass
//! on the file's samples, the gradients, then θ ← θ − η·∂L/∂θ with the file's η for every
//! trainable weight and bias.

use crate::error::Error;
use crate::network_file::NetworkFile;
use crate::nn::backward::backward;
use crate::nn::forward::forward;
use crate::nn::optim::gradient_descent;

/// The file after one update; `source` names it in the message when it has no samples.
pub fn step(file: &NetworkFile, source: &str) -> Result<NetworkFile, Error> {
    let samples = file.require_samples(source)?;
    let mut next = file.clone();
    let f = forward(&file.network, &samples.inputs, None);
    let g = backward(&file.network, &f, &samples.targets, None);
    gradient_descent(&mut next.network, &g, file.learning_rate, None);
    Ok(next)
}
