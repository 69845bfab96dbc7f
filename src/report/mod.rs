//! The output reports and charts of a plan, rendered from a [`PlanResult`] alone.
//!
//! Every format is an [`Output`]: a pure function from the plan result to named files in
//! memory. [`write_all`] renders every output first and only then writes, through a staging
//! folder that replaces the output folder in one rename, so a failure never leaves a
//! half-written folder behind.
//!
//! | file | module | for |
//! | --- | --- | --- |
//! | `report.md` | [`markdown`] | the plan document (paste in) |
//! | `report.html` | [`html`] | one self-contained page, charts inlined |
//! | `plan.json` | [`json`] | machines: exactly the [`PlanResult`] |
//! | `layout.csv`, `costs.csv` | [`csv`] | spreadsheets, scripts |
//! | `plan.xlsx` | [`xlsx`] | planners: Summary, Costs, Layout, Hosts, Purchases, Yearly, Time of day sheets |
//! | `cumulative`, `yearly`, `utilisation`, `hosts_by_year`, `timeofday` `.png`/`.svg` | [`charts`] | the plan document |
//!
//! Sixteen files, always the same names whatever the plan: a chart with nothing to show (no
//! day profile, no fiscal year) says so in the image.
//!
//! The markdown and HTML reports share one [`document`] model: a list of sections built from
//! the plan result (summary, clusters by site with policy, failover and why each has its hosts,
//! time-of-day packing, the ICT-BCP minimum environment, purchases and year-by-year layouts,
//! costs, servers not moved, assumptions). A new section is one function there and appears in
//! both.

pub mod charts;
pub mod compare;
pub mod csv;
pub mod document;
pub mod format;
pub mod glyphs;
pub mod html;
pub mod json;
pub mod markdown;
pub mod xlsx;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::plan::PlanResult;

/// One rendered file: its name inside the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name, no directories (`report.md`).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file from a name and contents.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { name: name.into(), bytes: bytes.into() }
    }
}

/// Rendering a format failed (a library refused the data). Never an I/O error: rendering
/// happens in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    /// The file being rendered.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

impl ReportError {
    /// An error while rendering `file`.
    pub fn new(file: impl Into<String>, message: impl fmt::Display) -> Self {
        ReportError { file: file.into(), message: message.to_string() }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rendering {}: {}", self.file, self.message)
    }
}

impl std::error::Error for ReportError {}

/// An output format: renders files from a plan result, in memory, deterministically (the same
/// result gives the same bytes).
pub trait Output {
    /// Short name of the format, for messages (`markdown`).
    fn name(&self) -> &'static str;

    /// The files of this format.
    fn files(&self, result: &PlanResult) -> Result<Vec<OutputFile>, ReportError>;
}

/// Every output format, in the order their files are written and listed.
pub fn outputs() -> Vec<Box<dyn Output>> {
    vec![
        Box::new(markdown::Markdown),
        Box::new(html::Html),
        Box::new(json::Json),
        Box::new(csv::LayoutCsv),
        Box::new(csv::CostsCsv),
        Box::new(xlsx::Xlsx),
        Box::new(charts::Charts),
    ]
}

/// Renders every output format in memory.
pub fn render_all(result: &PlanResult) -> Result<Vec<OutputFile>, ReportError> {
    let mut files = Vec::new();
    for output in outputs() {
        files.extend(output.files(result)?);
    }
    Ok(files)
}

/// Renders every output and writes them into `dir`, replacing the folder as a whole.
///
/// The files are written and synced into a staging folder beside `dir`, which then takes the
/// place of `dir` in one atomic exchange ([`crate::outdir`]): at every instant `dir` holds the
/// complete old or the complete new output. On any failure `dir` is left as it was. An existing `dir` is only replaced when it holds nothing but files this function writes
/// (a previous run's output), so a mistyped `--out` never deletes someone's folder.
///
/// Returns the paths of the files written, inside `dir`, in [`outputs`] order.
pub fn write_all(result: &PlanResult, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let files =
        render_all(result).map_err(|e| Error::Render { what: e.file, message: e.message })?;
    write_files(&files, dir)
}

/// Writes rendered files into `dir` through a staging folder (see [`write_all`]).
pub fn write_files(files: &[OutputFile], dir: &Path) -> Result<Vec<PathBuf>, Error> {
    check_replaceable(dir, files)?;
    crate::outdir::replace(dir, files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice())))?;
    Ok(files.iter().map(|f| dir.join(&f.name)).collect())
}

/// Refuses to replace anything but an absent folder, an empty one or a previous output.
fn check_replaceable(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !meta.is_dir() {
        return Err(Error::io(
            dir,
            io::Error::new(io::ErrorKind::AlreadyExists, "exists and is not a folder"),
        ));
    }
    let known: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let file_name = entry.file_name();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        let ours = is_file && file_name.to_str().is_some_and(|n| known.contains(&n));
        if !ours {
            foreign.push(file_name.to_string_lossy().into_owned());
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    Err(Error::io(
        dir,
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "refusing to replace this folder: it holds {} that consolidate did not write \
                 ({}); choose another --out or remove them",
                if foreign.len() == 1 { "an entry" } else { "entries" },
                foreign.join(", ")
            ),
        ),
    ))
}

/// A short summary for stdout: servers in scope, hosts per cluster with their models, the
/// five-year baseline, plan and cost effect. The caller prints where the files went.
pub fn summary_text(r: &PlanResult) -> String {
    let m = format::Money::new(&r.plan.currency);
    let s = &r.summary;
    let mut servers = format!(
        "Servers: {} in inventory, {} in scope, {} virtualised, {} {} physical, {} excluded",
        s.servers_total,
        s.servers_in_scope,
        s.servers_virtualised,
        s.servers_physical,
        format::plural(s.servers_physical, "stays", "stay"),
        s.servers_excluded
    );
    if s.servers_bcp > 0 {
        servers.push_str(&format!(", {} also at the BCP site", s.servers_bcp));
    }
    let mut lines = vec![
        r.plan.title.clone(),
        servers,
        format!(
            "Hosts: {} in {} {}",
            s.hosts_total,
            r.clusters.len(),
            format::plural(r.clusters.len(), "cluster", "clusters")
        ),
    ];
    let width = r.clusters.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    for c in document::clusters_by_site(r) {
        let site = if document::is_main(c) {
            String::new()
        } else {
            let from = document::purchases_of(c).first().map_or(c.purchase_fy, |p| p.0);
            format!(" (at {} from {})", c.site, format::fy(from))
        };
        lines.push(format!(
            "  {:<width$}  {}: {}{site}",
            c.name,
            format::count(c.hosts.len(), "host", "hosts"),
            document::host_models(c)
        ));
    }
    lines.push(format!("Cost over {}:", format::fy_span(r)));
    let pct = format!(", {} of the baseline", format::pct(s.cost_effect_pct));
    let rows = [
        ("baseline", m.amount(s.baseline_total), m.millions(s.baseline_total), ""),
        ("plan", m.amount(s.plan_total), m.millions(s.plan_total), ""),
        ("cost effect", m.amount(s.cost_effect), m.millions(s.cost_effect), pct.as_str()),
    ];
    let amount_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (label, amount, millions, note) in rows {
        let pad = " ".repeat(amount_width - amount.chars().count());
        lines.push(format!("  {label:<11}  {pad}{amount}  ({millions}{note})"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
