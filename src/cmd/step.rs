//! `nettrace step`: gradient-descent steps, writing the updated network.

use super::Context;
use crate::accumulate;
use crate::cli::StepArgs;
use crate::error::{Error, input};
use crate::render::{json, number};
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
    let net = &mut file.network;
    let mut last = None;
    accumulate::train(net, &samples, lr, args.steps, args.round, args.accumulate, |s, net| {
        if !args.quiet {
            let compare = s.zeroed.map_or(String::new(), |z| {
                format!(" (accumulated gradients; with zeroed gradients {})", number::format(z, 9))
            });
            writeln!(
                err,
                "step {}: loss {} -> {}{compare}",
                s.step,
                number::format(s.before, 9),
                number::format(s.after, 9)
            )?;
        }
        let finite = s.after.is_finite()
            && net.layers.iter().all(|l| l.weights.iter().chain(l.bias.iter()).all(|v| v.is_finite()));
        if !finite {
            return Err(anyhow::Error::from(Error::Numeric(format!(
                "{source}: step {}: the loss became {} (η = {lr}); nothing was written: try a smaller learning rate (--lr)",
                s.step, s.after
            ))));
        }
        last = Some(*s);
        Ok(())
    })?;
    if let (Some(s), true, false) = (last, args.accumulate, args.quiet)
        && let Some(z) = s.zeroed
    {
        let verdict = if s.after > z {
            "accumulating made the loss worse: the sum of stale gradients overshoots; zero the gradients before each step (optimizer.zero_grad())"
        } else {
            "accumulating did not hurt here, but each update is the sum of every gradient so far: zero the gradients before each step (optimizer.zero_grad())"
        };
        writeln!(
            err,
            "after {} steps: loss {} with accumulated gradients, {} with zeroed gradients: {verdict}",
            s.step,
            number::format(s.after, 9),
            number::format(z, 9)
        )?;
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
