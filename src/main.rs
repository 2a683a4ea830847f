mod cli;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Context, dispatch, output::Stdout};
use std::io::Write;

fn main() {
    cli::signals::ignore_file_size_limit_signal();
    let mut out = Stdout::new();
    let mut err = std::io::stderr();
    // A negative number is a value (`--tol -1` is refused as a tolerance, not as an unknown option).
    let command = Cli::command().mut_subcommands(|c| c.allow_negative_numbers(true));
    let cli = match command.try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let written = write!(out, "{}", e.render()).and_then(|()| out.flush());
            exit(written.map_err(anyhow::Error::from), &mut err)
        }
        Err(e) => usage_error(&e, &mut err),
    };
    if cli.command.writes_files() {
        out.finish_files();
        cli::signals::clean_up_when_interrupted();
    }
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

/// Prints a command-line error from clap as nettrace prints every error (`nettrace: error: …`,
/// uncoloured) and exits with clap's status (2).
fn usage_error(e: &clap::Error, err: &mut dyn Write) -> ! {
    let text = e.render().to_string();
    let text = match text.strip_prefix("error: ") {
        Some(rest) => format!("nettrace: error: {rest}"),
        None => text,
    };
    let _ = write!(err, "{text}");
    std::process::exit(e.exit_code())
}

/// `nettrace run big.json | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
