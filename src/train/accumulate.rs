//! Gradient accumulation: what a training loop does when it never zeroes its
//! gradients (PyTorch adds each backward pass into `.grad` until
//! `optimizer.zero_grad()`). After k steps the update uses g₁ + … + gₖ.

use crate::nn::backward::Gradients;
use crate::nn::forward::Forward;
use crate::nn::network::{Network, Samples};
use crate::nn::optim::gradient_descent;
use crate::nn::round::round_opt;

/// The loss before and after one step, with and without accumulated gradients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepLosses {
    /// The step, counted from 1.
    pub step: u64,
    /// L before and after the step of the network being trained.
    pub before: f64,
    pub after: f64,
    /// L after the same number of steps with gradients zeroed before each one, when compared.
    pub zeroed: Option<f64>,
}

/// Sums of gradients across steps.
#[derive(Debug, Clone)]
pub(crate) struct Accumulator {
    sum: Option<Gradients>,
}

impl Accumulator {
    pub fn new() -> Self {
        Accumulator { sum: None }
    }

    /// Adds `g` to the sum and returns the sum.
    pub fn add(&mut self, g: &Gradients) -> &Gradients {
        match &mut self.sum {
            None => self.sum = Some(g.clone()),
            Some(s) => {
                for (a, b) in s.grad_weights.iter_mut().zip(&g.grad_weights) {
                    *a += b;
                }
                for (a, b) in s.grad_bias.iter_mut().zip(&g.grad_bias) {
                    *a += b;
                }
            }
        }
        self.sum.as_ref().expect("set above")
    }
}

impl Default for Accumulator {
    fn default() -> Self {
        Self::new()
    }
}

/// Trains `net` for `steps` gradient-descent steps; with `accumulate` each update uses
/// the sum of every gradient so far, and the losses of plain (zeroed) steps are traced
/// alongside for comparison. `on_step` sees each step's losses as they are computed and
/// may stop training by returning an error.
pub fn train<E>(
    net: &mut Network,
    samples: &Samples,
    lr: f64,
    steps: u64,
    round: Option<u32>,
    accumulate: bool,
    mut on_step: impl FnMut(&StepLosses, &Network) -> Result<(), E>,
) -> Result<(), E> {
    let (x, y) = (&samples.inputs, &samples.targets);
    let loss_of = |f: &Forward, net: &Network| round_opt(net.loss.value(f.logits(), f.output(), y), round);
    let mut forward = Forward::new(net, x.nrows());
    let mut grads = Gradients::new(net, x.nrows());
    let mut sum = Accumulator::new();
    let mut plain = accumulate.then(|| net.clone());
    forward.compute(net, x, round);
    let mut loss = loss_of(&forward, net);
    for k in 1..=steps {
        grads.compute(net, &forward, y, round);
        if accumulate {
            gradient_descent(net, sum.add(&grads), lr, round);
        } else {
            gradient_descent(net, &grads, lr, round);
        }
        forward.compute(net, x, round);
        let after = loss_of(&forward, net);
        let zeroed = plain.as_mut().map(|p| {
            let f = crate::nn::forward::forward(p, x, round);
            let g = crate::nn::backward::backward(p, &f, y, round);
            gradient_descent(p, &g, lr, round);
            crate::nn::forward::loss(p, x, y, round)
        });
        on_step(&StepLosses { step: k, before: loss, after, zeroed }, net)?;
        loss = after;
    }
    Ok(())
}
