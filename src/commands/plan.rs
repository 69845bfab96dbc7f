//! `consolidate plan`: load the inventory, plan it, write the outputs, print a summary.

use crate::cli::PlanArgs;
use crate::error::Error;
use crate::inventory::{self, load::Loaded};
use crate::pack::{Engine, EngineConfig, PackOptions};
use crate::plan::{self, PlanError, PlanResult};
use crate::report;
use std::path::{Path, PathBuf};

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<(), Error> {
    let (loaded, result) = load_and_plan(&args.inventory)?;
    let out =
        args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&loaded.inventory.plan.name));
    let written = report::write_all(&result, &out)?;
    print!("{}", report::summary_text(&result));
    println!("wrote {} files to {}", written.len(), out.display());
    Ok(())
}

/// The packer every planning command uses: the engine with its planning preset (work budgets
/// that finish long before the time limit, so the plan does not depend on machine speed).
pub fn planner_engine() -> Engine {
    Engine::with_config(EngineConfig::planning())
}

/// Loads an inventory, plans it with the packer and options every command uses, and checks the
/// plan with the independent verifier ([`plan::verify::verify`]).
///
/// Errors: bad input ([`Error::Input`] / [`Error::Inputs`], naming file, line and field; a
/// server that fits no host model is located at its entry in `servers`), an inventory that
/// cannot be planned ([`Error::Infeasible`]), both exit code 2; a plan that fails verification
/// is a bug ([`Error::Internal`], exit code 1). Nothing is written.
pub fn load_and_plan(path: &Path) -> Result<(Loaded, PlanResult), Error> {
    let loaded = inventory::load(path)?;
    let result = plan::plan(&loaded.inventory, &planner_engine(), &PackOptions::default())
        .map_err(|e| match e {
            PlanError::ServerTooLarge { server, message } => {
                Error::Input(loaded.error_at(&format!("servers[{server}]"), message))
            }
            PlanError::Infeasible { .. } => Error::Infeasible(e.to_string()),
            PlanError::Internal(m) => Error::Internal(m),
        })?;
    let problems = plan::verify::verify(&loaded.inventory, &result);
    if !problems.is_empty() {
        return Err(Error::Internal(format!(
            "the plan of {} failed the independent check:\n  {}",
            path.display(),
            problems.join("\n  ")
        )));
    }
    Ok((loaded, result))
}
