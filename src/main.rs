use clap::Parser;
mod cli;

use cli::{Cli, Context, dispatch};
use std::io::Write;

fn main() {
    let cli = Cli::parse();
    let ctx = Context::from_env(&cli);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    let result = dispatch(&cli, &ctx, &mut out, &mut err).and_then(|()| Ok(out.flush()?));
    if let Err(e) = result {
        if is_broken_pipe(&e) {
            std::process::exit(0);
        }
        let _ = out.flush();
        let _ = writeln!(err, "nettrace: error: {e:#}");
        let code = e.downcast_ref::<nettrace::Error>().map_or(1, nettrace::Error::exit_code);
        std::process::exit(code);
    }
}

/// `nettrace run big.json | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
