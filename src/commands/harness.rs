//! `consolidate harness`.

use crate::error::Error;

/// Runs the subcommand.
pub fn run(_args: &crate::cli::HarnessArgs) -> Result<(), Error> {
    Err(Error::Infeasible("`harness` is not implemented yet".into()))
}
