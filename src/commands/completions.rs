//! `consolidate completions SHELL`: completion script for bash, zsh, fish, PowerShell or elvish.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use clap::CommandFactory;

/// Runs the subcommand.
pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "consolidate", &mut std::io::stdout());
    Ok(())
}
