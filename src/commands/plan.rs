//! `consolidate plan`: load the inventory, plan it, write the outputs, print a summary.

use crate::cli::PlanArgs;
use crate::error::Error;
use crate::inventory;
use crate::pack::{FirstFitDecreasing, PackOptions};
use crate::plan::{self, PlanError};
use crate::report;
use std::path::PathBuf;

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<(), Error> {
    let loaded = inventory::load(&args.inventory)?;
    let result = plan::plan(&loaded.inventory, &FirstFitDecreasing, &PackOptions::default())
        .map_err(|e| match e {
            PlanError::ServerTooLarge { server, message } => {
                Error::Input(loaded.error_at(&format!("servers[{server}]"), message))
            }
            PlanError::Infeasible { .. } => Error::Infeasible(e.to_string()),
            PlanError::Internal(m) => Error::Internal(m),
        })?;
    let out =
        args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&loaded.inventory.plan.name));
    let written = report::write_all(&result, &out)?;
    print!("{}", report::summary_text(&result));
    println!("wrote {} files to {}", written.len(), out.display());
    Ok(())
}
