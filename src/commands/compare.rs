//! `consolidate compare`: plan several inventories (scenarios), print their figures side by
//! side and write the comparison files.

use crate::cli::CompareArgs;
use crate::error::Error;
use crate::inventory::load::Loaded;
use crate::plan::PlanResult;
use crate::report::{self, compare};
use std::path::PathBuf;

/// Runs the subcommand. Every inventory is loaded, planned and verified before anything is
/// written; the first error stops it, naming its file.
pub fn run(args: &CompareArgs) -> Result<(), Error> {
    let mut planned: Vec<(Loaded, PlanResult)> = Vec::new();
    for path in &args.inventories {
        let (loaded, result) = super::plan::load_and_plan(path)?;
        check_comparable(&planned, &loaded)?;
        planned.push((loaded, result));
    }
    let language = planned.first().and_then(|(l, _)| l.inventory.plan.language);
    let scenarios: Vec<(String, PlanResult)> =
        planned.into_iter().map(|(l, r)| (l.path.display().to_string(), r)).collect();
    let options = super::plan::report_options(&args.report, language);
    let comparison = compare::build(&scenarios);
    let files = compare::files(&comparison, &options)
        .map_err(|e| Error::Render { what: e.file, message: e.message })?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join("compare"));
    let written = report::write_files(&files, &out)?;
    print!("{}", compare::text_in(&comparison, options.text));
    println!("{}", report::wrote_line(options.text, written.len(), &out));
    Ok(())
}

/// Refuses a scenario whose name another one already has (names label the columns and lines)
/// or whose currency differs from the first's (amounts could not be set side by side).
fn check_comparable(earlier: &[(Loaded, PlanResult)], next: &Loaded) -> Result<(), Error> {
    let plan = &next.inventory.plan;
    if let Some((other, _)) = earlier.iter().find(|(l, _)| l.inventory.plan.name == plan.name) {
        return Err(Error::Input(next.error_at(
            "plan.name",
            format!(
                "{} and {} are both named `{}`: compared scenarios need distinct names, which \
                 label their columns and lines",
                other.path.display(),
                next.path.display(),
                plan.name
            ),
        )));
    }
    if let Some((first, _)) = earlier.first() {
        let code = |c: &str| c.trim().to_ascii_uppercase();
        if code(&first.inventory.plan.currency) != code(&plan.currency) {
            return Err(Error::Input(next.error_at(
                "plan.currency",
                format!(
                    "{} is in `{}` but {} in `{}`: compared scenarios need one currency",
                    next.path.display(),
                    plan.currency,
                    first.path.display(),
                    first.inventory.plan.currency
                ),
            )));
        }
    }
    Ok(())
}
