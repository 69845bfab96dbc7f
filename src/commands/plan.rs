//! `consolidate plan`: load the inventory, plan it, write the outputs, print a summary.

use crate::cli::{CsvEncodingArg, EraArg, LangArg, PlanArgs, ReportArgs};
use crate::error::{Error, InputError};
use crate::inventory::{self, load::Loaded};
use crate::pack::{Engine, EngineConfig, PackOptions};
use crate::plan::{self, PlanError, PlanResult};
use crate::report::{self, ChartSize, CsvEncoding, Era, Lang, ReportOptions};
use std::path::{Path, PathBuf};

/// Runs the subcommand.
pub fn run(args: &PlanArgs) -> Result<(), Error> {
    let start = args.start.as_deref().map(read_start).transpose()?;
    let (loaded, result) = load_and_plan_from(&args.inventory, start.as_ref())?;
    let options = report_options(&args.report, loaded.inventory.plan.language);
    if let (Some(path), Some(start)) = (&args.start, &start) {
        check_start_matches(path, start, &result)?;
        for line in report::facts::start_lines(options.text, &result) {
            eprintln!("{line}");
        }
    }
    let out =
        args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&loaded.inventory.plan.name));
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
    load_and_plan_from(path, None)
}

/// [`load_and_plan`], each cluster's search seeded with the `start` plan's layout
/// ([`plan::plan_with_start`]).
pub fn load_and_plan_from(
    path: &Path,
    start: Option<&PlanResult>,
) -> Result<(Loaded, PlanResult), Error> {
    let loaded = inventory::load(path)?;
    let bar = Progress::new();
    let result = plan::plan_with_start(
        &loaded.inventory,
        &planner_engine(),
        &PackOptions::default(),
        &|done, total| bar.update(done, total),
        start,
    );
    bar.finish();
    let result = result.map_err(|e| match e {
        PlanError::ServerTooLarge { server, message } => {
            Error::Input(loaded.error_at(&format!("servers[{server}]"), message))
        }
        PlanError::Infeasible { cluster, zone, bcp, failures } => {
            Error::from(located_failures(&loaded, &cluster, &zone, bcp, &failures))
        }
        PlanError::Internal(m) => Error::Internal(m),
    })?;
    let problems = plan::verify::verify(&loaded.inventory, &result);
    if !problems.is_empty() {
        return Err(Error::Internal(format!(
            "the plan of {} failed the independent check:\n  {}",
            path.display(),
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  ")
        )));
    }
    Ok((loaded, result))
}

/// One located error per reason a cluster could not be built: each at the inventory field that
/// states the constraint (the zone's `max_hosts`, a server's `redundancy_group` or
/// `affinity_group`, `policy.spare_hosts`), naming the cluster, the option of host models and
/// the servers.
fn located_failures(
    loaded: &Loaded,
    cluster: &str,
    zone: &str,
    bcp: bool,
    failures: &[plan::infeasible::OptionFailure],
) -> Vec<crate::error::InputError> {
    let z = loaded.inventory.zones.iter().position(|x| x.name == zone);
    let cannot = if failures.iter().all(|f| f.models.is_empty()) {
        format!("cluster {cluster} cannot be built")
    } else {
        format!("cluster {cluster}: no option of host models can carry it")
    };
    failures
        .iter()
        .map(|f| loaded.error_at(&f.reason.field(z, bcp), format!("{cannot}: {f}")))
        .collect()
}

/// Reads a start plan: a `plan.json` written by `consolidate plan`, or the folder holding one.
/// A missing file or one that is not such a plan is bad input (exit code 2), located at the
/// line and column where it stops being one.
pub fn read_start(path: &Path) -> Result<PlanResult, Error> {
    let file = if path.is_dir() { path.join("plan.json") } else { path.to_path_buf() };
    let text = crate::input::read_text(&file, "the start plan")?;
    serde_json::from_str(&text).map_err(|e| {
        let message = format!("not a plan.json written by `consolidate plan`: {e}");
        match e.line() {
            0 => Error::Input(InputError::file(&file, message)),
            line => Error::Input(InputError::at(&file, line, e.column(), None, message)),
        }
    })
}

/// Fails when the start plan shares no cluster with the plan made from it: then it is the plan
/// of another inventory, and nothing of it was used.
fn check_start_matches(path: &Path, start: &PlanResult, result: &PlanResult) -> Result<(), Error> {
    if result.clusters.iter().any(|c| start.clusters.iter().any(|s| s.name == c.name)) {
        return Ok(());
    }
    let names = |p: &PlanResult| -> String {
        p.clusters.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
    };
    Err(Error::Input(InputError::file(
        path,
        format!(
            "the start plan's clusters ({}) match none of this inventory's ({}): it is the plan \
             of another inventory",
            names(start),
            names(result)
        ),
    )))
}

/// A progress bar on stderr for long plans: drawn only when stderr is a terminal and the plan
/// has run for more than a second, cleared when it ends; silent otherwise.
struct Progress {
    bar: indicatif::ProgressBar,
    start: std::time::Instant,
    terminal: bool,
}

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal;
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        Progress {
            bar,
            start: std::time::Instant::now(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn update(&self, done: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        if self.terminal
            && self.bar.is_hidden()
            && self.start.elapsed() > std::time::Duration::from_secs(1)
        {
            self.bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "planning clusters {bar:30} {pos}/{len} {elapsed}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
