//! `nettrace step`: gradient-descent steps, writing the updated network.

use super::Context;
use crate::backward::Gradients;
use crate::cli::StepArgs;
use crate::error::{Error, input};
use crate::forward::Forward;
use crate::optim::gradient_descent;
use crate::render::{json, number};
use crate::round::round_opt;
use crate::spec;
use anyhow::Context as _;
use std::io::Write;

const USAGE_HINT: &str = "standard input is a terminal: give a network file, or pipe one in:
  nettrace step networks/two_layer.json --lr 0.1
  nettrace step --lr 0.1 < networks/two_layer.json";

/// Takes `args.steps` steps and writes the network where `args` says.
pub fn step(args: &StepArgs, ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    if args.net.is_none() && ctx.stdin_is_terminal {
        return Err(input(USAGE_HINT).into());
    }
    let path = args.net.as_deref().unwrap_or("-");
    if args.in_place && path == "-" {
        return Err(
            input("--in-place needs a file to replace; standard input has none (use --output FILE)").into()
        );
    }
    let (source, mut file) = spec::load(path, ctx.limits)?;
    let samples = file.require_samples(&source)?.clone();
    let lr = args.lr.unwrap_or(file.learning_rate);
    let (x, y) = (&samples.inputs, &samples.targets);
    let net = &mut file.network;
    let round = args.round;

    let mut forward = Forward::new(net, x.nrows());
    let mut grads = Gradients::new(net, x.nrows());
    forward.compute(net, x, round);
    let loss_of = |f: &Forward, net: &crate::network::Network| {
        round_opt(net.loss.value(f.logits(), f.output(), y), round)
    };
    let mut loss = loss_of(&forward, net);
    for k in 1..=args.steps {
        grads.compute(net, &forward, y, round);
        gradient_descent(net, &grads, lr, round);
        forward.compute(net, x, round);
        let after = loss_of(&forward, net);
        if !args.quiet {
            writeln!(err, "step {k}: loss {} -> {}", number::format(loss, 9), number::format(after, 9))?;
        }
        let finite = after.is_finite()
            && net.layers.iter().all(|l| l.weights.iter().chain(l.bias.iter()).all(|v| v.is_finite()));
        if !finite {
            return Err(Error::Numeric(format!(
                "{source}: step {k}: the loss became {after} (η = {lr}); nothing was written: try a smaller learning rate (--lr)"
            ))
            .into());
        }
        loss = after;
    }

    let text = json::pretty(&spec::to_value(&file));
    match (&args.output, args.in_place) {
        (Some(target), _) => crate::atomic::write(target, text.as_bytes())
            .with_context(|| format!("cannot write {}", target.display()))?,
        (None, true) => crate::atomic::write(path.as_ref(), text.as_bytes())
            .with_context(|| format!("cannot write {path}"))?,
        (None, false) => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
