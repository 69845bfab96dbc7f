//! `consolidate pack`.

use crate::error::Error;

/// Runs the subcommand.
pub fn run(_args: &crate::cli::PackArgs) -> Result<(), Error> {
    Err(Error::Infeasible("`pack` is not implemented yet".into()))
}
