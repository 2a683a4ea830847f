//! `nettrace completions SHELL` and `nettrace man`: the command line, described for shells.

use super::Cli;
use clap::Args;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  nettrace completions bash > ~/.local/share/bash-completion/completions/nettrace
  nettrace completions zsh > ~/.zfunc/_nettrace     # with fpath+=(~/.zfunc) in ~/.zshrc
  nettrace completions fish > ~/.config/fish/completions/nettrace.fish
  nettrace completions powershell >> $PROFILE";

/// Print a completion script for a shell.
///
/// The script completes commands, options and their values (formats, shells, schema names).
#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: Shell,
}

/// Writes the completion script for `args.shell`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "nettrace", &mut buf);
    out.write_all(&buf)?;
    Ok(())
}

/// Writes the manual page (roff): the main page, then one section per command, as one page.
pub fn man(out: &mut dyn Write) -> anyhow::Result<()> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("nettrace {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().name(name.clone()).bin_name(name.clone()));
        writeln!(buf, ".SH \"{}\"", name.to_uppercase())?;
        let mut section = Vec::new();
        man.render_description_section(&mut section)?;
        buf.extend(without_heading(&section, None));
        section.clear();
        man.render_synopsis_section(&mut section)?;
        buf.extend(without_heading(&section, Some("Synopsis")));
        section.clear();
        man.render_options_section(&mut section)?;
        buf.extend(without_heading(&section, Some("Options")));
        section.clear();
        man.render_extra_section(&mut section)?;
        buf.extend(without_heading(&section, None));
    }
    out.write_all(&buf)?;
    Ok(())
}

/// A rendered section with its `.SH` line replaced by a `.SS` subheading (or dropped).
fn without_heading(section: &[u8], subheading: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(section);
    let mut out = String::new();
    for line in text.lines() {
        match (line.starts_with(".SH"), subheading) {
            (true, Some(h)) => out.push_str(&format!(".SS {h}\n")),
            (true, None) => {}
            (false, _) => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}
