//! `consolidate sensitivity`: load, plan, move each parameter, write the ranking, the tornado
//! chart, the break-evens and (with --samples) the uncertainty band.

use crate::cli::SensitivityArgs;
use crate::error::Error;
use crate::inventory;
use crate::report;
use crate::whatif::{Base, render, sensitivity, uncertainty};
use std::path::PathBuf;

/// Runs the subcommand. Nothing is written unless every variant was planned or refused as
/// unplannable; bad input is exit 2.
pub fn run(args: &SensitivityArgs) -> Result<(), Error> {
    let loaded = inventory::load(&args.inventory)?;
    let options = super::plan::report_options(&args.report, loaded.inventory.plan.language);
    let base = Base::new(loaded)?;
    if args.samples.is_some() {
        uncertainty::ranges(&base)?;
    }
    let opts = sensitivity::Options { range_pct: args.range, target_effect: args.target_effect };
    let mut result = sensitivity::run(&base, opts)?;
    if let Some(n) = args.samples {
        result.uncertainty =
            Some(uncertainty::run(&base, n as usize, args.seed, args.target_effect)?);
    }
    let files = render::sensitivity_files(&result, &options)
        .map_err(|e| Error::Render { what: e.file, message: e.message })?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-sensitivity", base.loaded.inventory.plan.name))
    });
    let written = report::write_files(&files, &out)?;
    print!("{}", render::sensitivity_text(&result, options.text));
    println!("{}", report::wrote_line(options.text, written.len(), &out));
    Ok(())
}
