//! `consolidate plan`.

use crate::error::Error;

/// Runs the subcommand.
pub fn run(_args: &crate::cli::PlanArgs) -> Result<(), Error> {
    Err(Error::Infeasible("`plan` is not implemented yet".into()))
}
