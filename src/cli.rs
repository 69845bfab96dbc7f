//! Command-line definitions (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Plans the consolidation of physical servers onto virtual hosts and projects the five-year
/// cost against renewing them one for one.
#[derive(Debug, Parser)]
#[command(name = "consolidate", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan an inventory: host layout per zone and five-year cost against the baseline.
    Plan(PlanArgs),
    /// Plan several inventories (scenarios) and put their figures side by side.
    Compare(CompareArgs),
    /// Solve one vector bin packing instance (.vbp format) and print the layout.
    Pack(PackArgs),
    /// Run the packing engine over benchmark folders against their known optima.
    #[command(hide = true)]
    Harness(HarnessArgs),
}

/// Arguments of `consolidate plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The inventory file (YAML).
    pub inventory: PathBuf,
    /// Output folder (default: out/<inventory name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `consolidate compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The inventory files (YAML), at least two; the first is the reference for differences.
    #[arg(required = true, num_args = 2.., value_name = "INVENTORY")]
    pub inventories: Vec<PathBuf>,
    /// Output folder (default: out/compare/).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `consolidate pack`.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// The instance file (.vbp).
    pub file: PathBuf,
    /// Wall-clock limit in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of the hidden `consolidate harness`.
#[derive(Debug, Args)]
pub struct HarnessArgs {
    /// Benchmark set folders (e.g. ../shared/benchmarks/vbp/caprara_toth).
    #[arg(required = true)]
    pub sets: Vec<PathBuf>,
    /// The optima file (default: optima.csv two levels above the first set).
    #[arg(long)]
    pub optima: Option<PathBuf>,
    /// Wall-clock limit per instance in seconds.
    #[arg(long, default_value_t = 1.0)]
    pub time_limit: f64,
    /// Run only every N-th instance of each set (a quick sample).
    #[arg(long, default_value_t = 1)]
    pub every: usize,
    /// Also write one CSV row per instance to this file.
    #[arg(long)]
    pub details: Option<PathBuf>,
}
