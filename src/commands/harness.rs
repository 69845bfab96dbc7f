//! `consolidate harness SET_DIR... [--optima F] [--time-limit S]` (hidden): runs the engine and
//! first-fit decreasing on every instance of benchmark set folders, checks both answers with
//! the verifier, compares with the known optima, and prints one table row per set.
//!
//! Instances run one after the other (each may use all cores inside), so times are honest.

use crate::cli::HarnessArgs;
use crate::error::{Error, InputError};
use crate::pack::verify::verify;
use crate::pack::{Engine, FirstFitDecreasing, Packer, Problem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The benchmark folder: `$CONSOLIDATE_BENCHMARKS`, else `../shared/benchmarks` next to the
/// crate root.
pub fn benchmarks_dir() -> PathBuf {
    match std::env::var_os("CONSOLIDATE_BENCHMARKS") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks"),
    }
}

/// One row of optima.csv.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Known {
    /// Set name.
    pub set: String,
    /// Instance name.
    pub instance: String,
    /// Path relative to the benchmark folder.
    pub file: String,
    /// Best known lower bound.
    pub lb: u64,
    /// Best known solution, if any.
    pub ub: Option<u64>,
    /// "yes" when lb = ub.
    pub proven_optimal: String,
}

impl Known {
    /// The optimum, when proven.
    pub fn optimum(&self) -> Option<u64> {
        (self.proven_optimal == "yes").then_some(self.ub).flatten()
    }
}

/// Reads optima.csv into a map keyed by the `file` column.
pub fn read_optima(path: &Path) -> Result<HashMap<String, Known>, Error> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let mut map = HashMap::new();
    for (k, row) in rdr.deserialize::<Known>().enumerate() {
        let row = row.map_err(|e| {
            InputError::at(path, k + 2, 1, None, format!("bad optima.csv row: {e}"))
        })?;
        map.insert(row.file.clone(), row);
    }
    Ok(map)
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        other => Error::Input(InputError::file(path, format!("{other:?}"))),
    }
}

/// Result of one instance.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Set folder name.
    pub set: String,
    /// File name.
    pub name: String,
    /// Items.
    pub n: usize,
    /// Known lower bound and best solution.
    pub known_lb: u64,
    /// Known best solution.
    pub known_ub: Option<u64>,
    /// Proven optimum, if known.
    pub optimum: Option<u64>,
    /// FFD bins (None when it failed verification or errored).
    pub ffd_bins: Option<u64>,
    /// FFD seconds.
    pub ffd_secs: f64,
    /// Engine bins.
    pub bins: Option<u64>,
    /// Engine lower bound.
    pub lb: u64,
    /// Engine claims optimality.
    pub proven: bool,
    /// Engine seconds.
    pub secs: f64,
    /// Time limit cut the engine.
    pub timed_out: bool,
    /// Method that produced the engine's layout.
    pub method: String,
    /// Problems found (verification failures, wrong claims).
    pub errors: Vec<String>,
}

/// Runs one instance file.
pub fn run_instance(
    path: &Path,
    known: Option<&Known>,
    engine: &Engine,
    options: &crate::pack::PackOptions,
) -> Row {
    let mut row = Row {
        set: path
            .parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        name: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        ..Row::default()
    };
    if let Some(k) = known {
        row.known_lb = k.lb;
        row.known_ub = k.ub;
        row.optimum = k.optimum();
    }
    let problem: Problem = match crate::vbp::read(path) {
        Ok(p) => p,
        Err(e) => {
            row.errors.push(format!("read: {e}"));
            return row;
        }
    };
    row.n = problem.len();
    let t = Instant::now();
    let ffd = FirstFitDecreasing.pack(&problem, options);
    row.ffd_secs = t.elapsed().as_secs_f64();
    match ffd {
        Ok(p) => match verify(&problem, &p) {
            Ok(()) => row.ffd_bins = Some(p.bins_used() as u64),
            Err(v) => row.errors.push(format!("ffd verify: {v}")),
        },
        Err(e) => row.errors.push(format!("ffd: {e}")),
    }
    let t = Instant::now();
    let res = engine.pack_with_stats(&problem, options);
    row.secs = t.elapsed().as_secs_f64();
    match res {
        Ok((p, stats)) => {
            row.timed_out = stats.time_limit_hit;
            row.method = p.method.clone();
            row.lb = p.lower_bound;
            row.proven = p.proven_optimal;
            match verify(&problem, &p) {
                Ok(()) => row.bins = Some(p.bins_used() as u64),
                Err(v) => row.errors.push(format!("engine verify: {v}")),
            }
            if let Some(ub) = row.known_ub.or(row.optimum)
                && p.lower_bound > ub
            {
                row.errors
                    .push(format!("engine bound {} above known solution {ub}", p.lower_bound));
            }
            if p.lower_bound > p.bins_used() as u64 {
                row.errors.push("engine bound above its own solution".into());
            }
            if p.proven_optimal
                && (p.lower_bound != p.bins_used() as u64
                    || row.optimum.is_some_and(|o| o < p.bins_used() as u64))
            {
                row.errors.push("engine claims optimality wrongly".into());
            }
        }
        Err(e) => row.errors.push(format!("engine: {e}")),
    }
    row
}

/// Per-set summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Set name.
    pub set: String,
    /// Instances run.
    pub instances: usize,
    /// Instances with a proven optimum in optima.csv.
    pub with_optimum: usize,
    /// Engine hit that optimum.
    pub matched: usize,
    /// FFD hit that optimum.
    pub ffd_matched: usize,
    /// Engine proved optimality.
    pub proven: usize,
    /// Sum of engine bins minus best known solution (instances with a known solution).
    pub excess: f64,
    /// Same for FFD.
    pub ffd_excess: f64,
    /// Instances with a known solution.
    pub with_ub: usize,
    /// Engine total and worst seconds.
    pub secs: f64,
    /// Worst engine seconds.
    pub worst: f64,
    /// FFD total seconds.
    pub ffd_secs: f64,
    /// FFD used fewer bins than the engine.
    pub ffd_better: usize,
    /// Engine stopped by the time limit.
    pub timed_out: usize,
    /// Instances with an error (verification, wrong claims).
    pub errors: usize,
}

/// Summarises rows of one set.
pub fn summarise(set: &str, rows: &[Row]) -> Summary {
    let mut s = Summary { set: set.into(), instances: rows.len(), ..Summary::default() };
    for r in rows {
        if let Some(o) = r.optimum {
            s.with_optimum += 1;
            s.matched += usize::from(r.bins == Some(o));
            s.ffd_matched += usize::from(r.ffd_bins == Some(o));
        }
        s.proven += usize::from(r.proven && r.errors.is_empty());
        if let (Some(ub), Some(b), Some(f)) = (r.known_ub, r.bins, r.ffd_bins) {
            s.with_ub += 1;
            s.excess += b as f64 - ub as f64;
            s.ffd_excess += f as f64 - ub as f64;
        }
        s.secs += r.secs;
        s.worst = s.worst.max(r.secs);
        s.ffd_secs += r.ffd_secs;
        if let (Some(b), Some(f)) = (r.bins, r.ffd_bins)
            && f < b
        {
            s.ffd_better += 1;
        }
        s.timed_out += usize::from(r.timed_out);
        s.errors += usize::from(!r.errors.is_empty());
    }
    s
}

/// Markdown table header.
pub const HEADER: &str = "| set | instances | with optimum | optimum: engine | optimum: FFD | \
proven optimal | mean excess bins: engine | mean excess bins: FFD | engine time total / worst (s) | \
FFD time total (s) | time limit hit | FFD better | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

/// One table row.
pub fn table_row(s: &Summary) -> String {
    let mean = |x: f64| if s.with_ub == 0 { 0.0 } else { x / s.with_ub as f64 };
    format!(
        "| {} | {} | {} | {} | {} | {} | {:.3} | {:.3} | {:.1} / {:.2} | {:.2} | {} | {} | {} |",
        s.set,
        s.instances,
        s.with_optimum,
        s.matched,
        s.ffd_matched,
        s.proven,
        mean(s.excess),
        mean(s.ffd_excess),
        s.secs,
        s.worst,
        s.ffd_secs,
        s.timed_out,
        s.ffd_better,
        s.errors
    )
}

/// Runs the subcommand.
pub fn run(args: &HarnessArgs) -> Result<(), Error> {
    let options = super::pack::options_for(args.time_limit)?;
    let first = &args.sets[0];
    let optima_path = match &args.optima {
        Some(p) => p.clone(),
        None => first.join("../../optima.csv"),
    };
    let optima = read_optima(&optima_path)?;
    let engine = Engine::default();
    let mut all_sets: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for dir in &args.sets {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "vbp"))
            .collect();
        files.sort();
        let every = args.every.max(1);
        let files: Vec<PathBuf> = files.into_iter().step_by(every).collect();
        let name = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        all_sets.push((name, files));
    }
    let total: usize = all_sets.iter().map(|(_, f)| f.len()).sum();
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summaries = Vec::new();
    let mut details = String::from(
        "set,instance,n,known_lb,known_ub,optimum,ffd,engine,engine_lb,proven,secs,timed_out,method,errors\n",
    );
    for (name, files) in &all_sets {
        let mut rows = Vec::new();
        for f in files {
            bar.set_message(
                f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            );
            let key = optima_key(f);
            let row = run_instance(f, optima.get(&key), &engine, &options);
            for e in &row.errors {
                bar.println(format!("{}: {e}", f.display()));
            }
            details.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{:.4},{},{},{}\n",
                row.set,
                row.name,
                row.n,
                row.known_lb,
                row.known_ub.map(|v| v.to_string()).unwrap_or_default(),
                row.optimum.map(|v| v.to_string()).unwrap_or_default(),
                row.ffd_bins.map(|v| v.to_string()).unwrap_or_default(),
                row.bins.map(|v| v.to_string()).unwrap_or_default(),
                row.lb,
                row.proven,
                row.secs,
                row.timed_out,
                row.method,
                row.errors.join("; ").replace(',', ";")
            ));
            rows.push(row);
            bar.inc(1);
        }
        summaries.push(summarise(name, &rows));
    }
    bar.finish_and_clear();
    if let Some(path) = &args.details {
        std::fs::write(path, details).map_err(|e| Error::io(path, e))?;
    }
    println!("{HEADER}");
    for s in &summaries {
        println!("{}", table_row(s));
    }
    let errors: usize = summaries.iter().map(|s| s.errors).sum();
    let ffd_better: usize = summaries.iter().map(|s| s.ffd_better).sum();
    println!();
    println!(
        "time limit {} s per instance; {} instance(s) with errors; FFD better than the engine on {}.",
        args.time_limit, errors, ffd_better
    );
    if errors > 0 {
        return Err(Error::Infeasible(format!("{errors} instance(s) failed checks (see above)")));
    }
    Ok(())
}

/// The optima.csv key of an instance file: its last three path components.
pub fn optima_key(path: &Path) -> String {
    let comps: Vec<String> =
        path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let k = comps.len().saturating_sub(3);
    comps[k..].join("/")
}
