mod cli;

use clap::Parser;
use clap::error::ErrorKind;
use cli::{Cli, Context, dispatch, output::Stdout};
use std::io::Write;

fn main() {
    let mut out = Stdout::new();
    let mut err = std::io::stderr();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let written = write!(out, "{}", e.render()).and_then(|()| out.flush());
            exit(written.map_err(anyhow::Error::from), &mut err)
        }
        Err(e) => e.exit(),
    };
    let ctx = Context::from_env(&cli);
    let result = dispatch(&cli, &ctx, &mut out, &mut err).and_then(|()| Ok(out.flush()?));
    let _ = out.flush();
    exit(result, &mut err)
}

/// Exits with the status `result` calls for, printing its error.
fn exit(result: anyhow::Result<()>, err: &mut dyn Write) -> ! {
    let Err(e) = result else { std::process::exit(0) };
    if is_broken_pipe(&e) {
        std::process::exit(0);
    }
    // Text from the user is escaped where it is quoted; this catches anything that slipped by.
    let message: Vec<String> = format!("{e:#}").lines().map(nettrace::notation::escape::terminal).collect();
    let _ = writeln!(err, "nettrace: error: {}", message.join("\n"));
    std::process::exit(e.downcast_ref::<nettrace::Error>().map_or(1, nettrace::Error::exit_code));
}

/// `nettrace run big.json | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
