//! `consolidate sweep`: load, plan one variant per value (per combination), write the table
//! and the chart.

use crate::cli::SweepArgs;
use crate::error::{Error, InputError};
use crate::inventory;
use crate::report;
use crate::whatif::{Base, render, sweep};
use std::path::PathBuf;

/// Runs the subcommand. Every key and value is checked before anything is planned; a key that
/// names no field, or a value the inventory's limits refuse, is exit 2 and nothing is written.
pub fn run(args: &SweepArgs) -> Result<(), Error> {
    let loaded = inventory::load(&args.inventory)?;
    let sets: Vec<sweep::SetArg> = args
        .sets
        .iter()
        .map(|s| {
            sweep::parse_set(s).map_err(|m| {
                let key = s.split_once('=').map_or(s.as_str(), |(k, _)| k);
                Error::Input(InputError {
                    field: Some(key.to_string()),
                    ..InputError::file(&args.inventory, format!("--set {m}"))
                })
            })
        })
        .collect::<Result<_, _>>()?;
    let options = super::plan::report_options(&args.report, loaded.inventory.plan.language);
    let base = Base::new(loaded)?;
    let result = sweep::run(&base, &sets)?;
    let files = render::sweep_files(&result, &options)
        .map_err(|e| Error::Render { what: e.file, message: e.message })?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-sweep", base.loaded.inventory.plan.name))
    });
    let written = report::write_files(&files, &out)?;
    print!("{}", render::sweep_text(&result, options.text));
    println!("{}", report::wrote_line(options.text, written.len(), &out));
    Ok(())
}
