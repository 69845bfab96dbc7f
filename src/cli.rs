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
    /// Rank the cost and sizing assumptions by how much they move the five-year cost effect
    /// (tornado chart, break-even values; --samples: P10/P50/P90 from the uncertainty ranges).
    Sensitivity(SensitivityArgs),
    /// Plan one variant per value of inventory fields (--set KEY=V1,V2,…) side by side.
    Sweep(SweepArgs),
    /// Solve one vector bin packing instance (.vbp format) and print the layout.
    Pack(PackArgs),
    /// Run the packing engine over benchmark folders against their known optima.
    #[command(hide = true)]
    Harness(HarnessArgs),
    /// Read servers from ledgers (CSV, Excel) or RVTools exports into an inventory.
    Import(ImportArgs),
    /// Check an inventory: every mistake with file:line:column, and warnings.
    Check(CheckArgs),
    /// Print a commented starting inventory (every field with its unit).
    Init(InitArgs),
    /// Print the JSON Schema of the inventory format (for editors' YAML language server).
    Schema,
    /// Print shell completions.
    Completions(CompletionsArgs),
}

/// Arguments of `consolidate import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Server ledgers (.csv in UTF-8 or Shift_JIS, .xlsx) and RVTools exports (.xlsx with a
    /// vInfo sheet, RVTools_tabvInfo.csv).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Inventory whose other sections (plan, zones, host models, costs...) the output takes
    /// (default: the commented template of `consolidate init`).
    #[arg(long, value_name = "INVENTORY.yaml")]
    pub base: Option<PathBuf>,
    /// Zone of the rows that name none (a zone's name, alias or three-layer name).
    #[arg(long)]
    pub zone: Option<String>,
    /// Write the inventory here (default: print it; the report then goes to stderr).
    #[arg(long, value_name = "FILE.yaml")]
    pub out: Option<PathBuf>,
    /// RVTools: keep powered-off virtual machines in scope.
    #[arg(long)]
    pub include_powered_off: bool,
}

/// Arguments of `consolidate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The inventory file (YAML).
    pub inventory: PathBuf,
}

/// Language of the starting inventory's comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// Arguments of `consolidate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Language of the comments.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Write it to this file (refused if the file exists) instead of printing it.
    #[arg(long, value_name = "FILE.yaml")]
    pub out: Option<PathBuf>,
}

/// Arguments of `consolidate completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `consolidate plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The inventory file (YAML).
    pub inventory: PathBuf,
    /// Output folder (default: `out/<plan name>/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// An earlier plan's `plan.json` (or its folder): each cluster's search starts from that
    /// plan's layout for the cluster of the same name, and keeps it unless it finds something
    /// cheaper, so a looser inventory planned from a tighter one's plan is never dearer.
    #[arg(long, value_name = "PLAN_JSON")]
    pub start: Option<PathBuf>,
    /// Language and formats of the outputs.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// The language of the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// How Japanese outputs write fiscal years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EraArg {
    /// 2018年度 (the default).
    Western,
    /// 平成30年度, 令和元年度 from FY2019.
    Japanese,
    /// 平成30年度, 平成31年度, 平成33年度: as a plan written before May 2019 counts.
    Heisei,
}

/// The encoding of the CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvEncodingArg {
    /// UTF-8 without a byte order mark.
    #[value(name = "utf-8")]
    Utf8,
    /// UTF-8 with a byte order mark (what Excel needs to read Japanese).
    #[value(name = "utf-8-bom")]
    Utf8Bom,
    /// Shift_JIS (Windows code page 932).
    #[value(name = "cp932")]
    Cp932,
}

/// Options of the outputs shared by `plan` and `compare`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Language of the outputs (default: the inventory's plan.language, else en).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// How Japanese outputs write fiscal years.
    #[arg(long, value_enum, default_value = "western")]
    pub era: EraArg,
    /// Encoding of the CSV files (default: utf-8-bom under --lang ja, else utf-8).
    #[arg(long, value_enum)]
    pub csv_encoding: Option<CsvEncodingArg>,
    /// Print width of the charts, in millimetres (`160` or `160mm`): each chart is laid out so
    /// that its smallest text prints at 9 pt at that width, and its PNG is that wide at --dpi
    /// (default: the screen sizes, about 900-1500 px).
    #[arg(long, value_name = "MM", value_parser = parse_mm)]
    pub chart_width: Option<f64>,
    /// Resolution of the PNG charts, in dots per inch, written into each PNG (pHYs); with
    /// --chart-width it also sets the PNG's size in pixels.
    #[arg(long, default_value_t = 96, value_parser = clap::value_parser!(u32).range(72..=1200))]
    pub dpi: u32,
}

/// A print width in millimetres, `160` or `160mm`, from 40 to 1000.
fn parse_mm(s: &str) -> Result<f64, String> {
    let n = s.trim().strip_suffix("mm").unwrap_or(s.trim()).trim();
    let mm: f64 =
        n.parse().map_err(|_| format!("expected millimetres such as 160mm, got {s:?}"))?;
    if (40.0..=1000.0).contains(&mm) {
        Ok(mm)
    } else {
        Err(format!("a chart width from 40mm to 1000mm, got {s:?}"))
    }
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
    /// Language and formats of the outputs.
    #[command(flatten)]
    pub report: ReportArgs,
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

/// Arguments of `consolidate sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The inventory file (YAML).
    pub inventory: PathBuf,
    /// How far each parameter is moved down and up, percent.
    #[arg(long, value_name = "PCT", default_value_t = 20.0, value_parser = parse_range_pct)]
    pub range: f64,
    /// A five-year cost effect to find break-even values for, besides 0 (e.g. 230000000).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true, value_parser = parse_amount)]
    pub target_effect: Option<f64>,
    /// Draw the fields of the inventory's `uncertainty:` section this many times and give
    /// P10/P50/P90 of the cost effect.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub samples: Option<u32>,
    /// Seed of the draws (the same seed gives the same samples).
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Output folder (default: `out/<plan name>-sensitivity/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language and formats of the outputs.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `consolidate sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The inventory file (YAML).
    pub inventory: PathBuf,
    /// A field and its values, `KEY=V1,V2,…` (`policy.vcpu_per_core=3,4,5,6`,
    /// `host_models[v44c-768g].price=4e6,5e6`, ranges `60..80:5`, `60-80`); several --set
    /// plan every combination.
    #[arg(long = "set", value_name = "KEY=V1,V2,…", required = true)]
    pub sets: Vec<String>,
    /// Output folder (default: `out/<plan name>-sweep/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language and formats of the outputs.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// A percentage above 0 and below 100.
fn parse_range_pct(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("expected a percentage such as 20, got {s:?}"))?;
    if v > 0.0 && v < 100.0 {
        Ok(v)
    } else {
        Err(format!("expected a percentage above 0 and below 100, got {s:?}"))
    }
}

/// An amount of money, at most 10¹² either way (`230000000`, `2.3e8`).
fn parse_amount(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .replace(',', "")
        .parse()
        .map_err(|_| format!("expected an amount such as 230000000, got {s:?}"))?;
    if v.is_finite() && v.abs() <= 1e12 {
        Ok(v)
    } else {
        Err(format!("expected an amount of at most 1e12, got {s:?}"))
    }
}
