//! Thin entry point: parse the arguments, run the subcommand, map errors to exit codes
//! (0 done; 2 bad or unplannable input; 1 internal error, rendering or output failure — the
//! README's exit-code table).

use clap::Parser;
use consolidate::cli::{Cli, Command};
use consolidate::commands;

fn main() {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Plan(args) => commands::plan::run(args),
        Command::Compare(args) => commands::compare::run(args),
        Command::Sensitivity(args) => commands::sensitivity::run(args),
        Command::Sweep(args) => commands::sweep::run(args),
        Command::Pack(args) => commands::pack::run(args),
        Command::Harness(args) => commands::harness::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Schema => commands::schema::run(),
        Command::Completions(args) => commands::completions::run(args),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}

/// Rust ignores SIGPIPE, so `consolidate plan x | head` would panic on the closed pipe; restore
/// the default so that the process ends quietly, as other command-line tools do.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any other thread exists; resetting a signal's
    // disposition to the default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
