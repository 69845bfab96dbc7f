//! Thin entry point: parse the arguments, run the subcommand, map errors to exit codes.

use clap::Parser;
use consolidate::cli::{Cli, Command};
use consolidate::commands;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Plan(args) => commands::plan::run(args),
        Command::Compare(args) => commands::compare::run(args),
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
