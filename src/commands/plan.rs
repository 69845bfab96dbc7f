//! `consolidate plan`: load the inventory, plan it, write the outputs, print a summary.

use crate::cli::PlanArgs;
use crate::error::Error;
use crate::inventory;
use crate::pack::{FirstFitDecreasing, PackOptions};
use crate::plan::{self, PlanError};
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
    std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
    let json = serde_json::to_string_pretty(&result).map_err(|e| Error::Internal(e.to_string()))?;
    let path = out.join("plan.json");
    std::fs::write(&path, json).map_err(|e| Error::io(&path, e))?;
    println!(
        "{}: baseline {:.0}, plan {:.0}, effect {:.0}",
        result.plan.name,
        result.summary.baseline_total,
        result.summary.plan_total,
        result.summary.cost_effect
    );
    Ok(())
}
