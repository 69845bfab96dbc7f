//! `consolidate plan`: load the inventory, plan it, write the outputs, print a summary.

use crate::cli::{CsvEncodingArg, EraArg, LangArg, PlanArgs, ReportArgs};
use crate::error::Error;
use crate::inventory::{self, load::Loaded};
use crate::pack::{Engine, EngineConfig, PackOptions};
use crate::plan::{self, PlanError, PlanResult};
use crate::report::{self, ChartSize, CsvEncoding, Era, Lang, ReportOptions};
use std::path::{Path, PathBuf};

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<(), Error> {
    let (loaded, result) = load_and_plan(&args.inventory)?;
    let out =
        args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&loaded.inventory.plan.name));
    let options = report_options(&args.report, loaded.inventory.plan.language);
    let written = report::write_all_with(&result, &options, &out)?;
    print!("{}", report::summary_text_with(&result, options.text));
    println!("{}", report::wrote_line(options.text, written.len(), &out));
    Ok(())
}

/// The output options from the command line, the inventory's `plan.language` filling in for a
/// missing `--lang`.
pub fn report_options(args: &ReportArgs, language: Option<inventory::Language>) -> ReportOptions {
    let lang = match (args.lang, language) {
        (Some(LangArg::Ja), _) | (None, Some(inventory::Language::Ja)) => Lang::Ja,
        _ => Lang::En,
    };
    let era = match args.era {
        EraArg::Western => Era::Western,
        EraArg::Japanese => Era::Japanese,
        EraArg::Heisei => Era::Heisei,
    };
    let mut options = ReportOptions::new(lang, era);
    options.chart = ChartSize { width_mm: args.chart_width, dpi: args.dpi };
    if let Some(encoding) = args.csv_encoding {
        options.csv = match encoding {
            CsvEncodingArg::Utf8 => CsvEncoding::Utf8,
            CsvEncodingArg::Utf8Bom => CsvEncoding::Utf8Bom,
            CsvEncodingArg::Cp932 => CsvEncoding::Cp932,
        };
    }
    options
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
