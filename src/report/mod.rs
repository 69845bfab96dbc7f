//! The output reports and charts of a plan, rendered from a [`PlanResult`] alone.
//!
//! Every format is an [`Output`]: a pure function from the plan result and the
//! [`ReportOptions`] (language, fiscal-year style, CSV encoding) to named files in memory. [`write_all`] renders every output first and only then writes, through a staging
//! folder that replaces the output folder in one rename, so a failure never leaves a
//! half-written folder behind.
//!
//! | file | module | for |
//! | --- | --- | --- |
//! | `report.md` | [`markdown`] | the plan document (paste in) |
//! | `report.html` | [`html`] | one self-contained page, charts inlined |
//! | `plan.json` | [`json`] | machines: exactly the [`PlanResult`] |
//! | `layout.csv`, `costs.csv` | [`csv`] from [`tables`] | spreadsheets, scripts |
//! | `bom.csv` | [`csv`] from [`bom`] | the bill of materials: what to buy, by fiscal year and site |
//! | `plan.xlsx` | [`xlsx`] | planners: Summary, Costs, Layout, Hosts, Purchases, Yearly, Time of day, Extra items, Assumptions, BOM sheets |
//! | `cumulative`, `yearly`, `utilisation`, `hosts_by_year`, `timeofday` `.png`/`.svg` | [`charts`] (one file per chart under `charts/`) | the plan document |
//!
//! Every word comes from the message catalogue of the chosen language ([`i18n`]: `en.rs`,
//! `ja.rs`), fiscal years and money units from [`i18n::Text`] and [`format::Money`].
//!
//! Fifteen files, always the same names whatever the plan, the time-of-day chart
//! (`timeofday.png`/`.svg`) only when a cluster is packed by time of day, and further pages of
//! the utilisation chart (`utilisation-2.png`/`.svg`, …) when it is higher than a printed page
//! ([`charts::stems`]); a chart with nothing to show (no fiscal year) says so in the image.
//!
//! The markdown and HTML reports share one [`document`] model: a list of sections built from
//! the plan result (summary, clusters by site with policy, failover and why each has its hosts,
//! time-of-day packing, the ICT-BCP minimum environment, purchases and year-by-year layouts,
//! costs, the bill of materials, servers not moved, assumptions). A new section is one function
//! there and appears in both. Tables are the shared [`table`] model (typed cells: text, money,
//! counts, quantities, percentages, fiscal years; totals rows that the workbook writes as
//! formulas), laid out once per format: [`markdown::table`], [`html::table`],
//! [`xlsx::table_sheet`] and [`csv::table`]. The plan's file-like tables are built once in
//! [`tables`]: the layout and the costs (`layout.csv`, `costs.csv` and the Layout and Costs
//! sheets) and the Hosts, Purchases and Time of day sheets. The workbook's Summary, Yearly,
//! Extra items and Assumptions sheets still have their own writers in [`xlsx`]. Of the
//! report's own tables, the two cost tables carry typed cells (money, fiscal years); the
//! others hold words only.

pub mod bom;
pub mod charts;
pub mod compare;
pub mod csv;
pub mod document;
pub mod facts;
pub mod format;
pub mod glyphs;
pub mod html;
pub mod i18n;
pub mod json;
pub mod markdown;
pub mod table;
pub mod tables;
pub mod xlsx;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::plan::PlanResult;

pub use charts::ChartSize;
pub use i18n::{Era, Lang, Text};

/// How CSV files are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 without a byte order mark (scripts; the English default).
    Utf8,
    /// UTF-8 with a byte order mark, which Excel needs to read Japanese as UTF-8 (the Japanese
    /// default).
    Utf8Bom,
    /// Shift_JIS as Windows writes it (code page 932), for older tools.
    Cp932,
}

/// Choices that shape the outputs but not the plan: language, fiscal-year style and CSV
/// encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportOptions {
    /// Language and fiscal-year style of every label.
    pub text: Text,
    /// Encoding of the CSV files.
    pub csv: CsvEncoding,
    /// Print size of the charts.
    pub chart: ChartSize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions::new(Lang::En, Era::Western)
    }
}

impl ReportOptions {
    /// The options of a language with its default CSV encoding (UTF-8 with a BOM for Japanese,
    /// so that Excel in Japan reads it).
    pub fn new(lang: Lang, era: Era) -> Self {
        let csv = if lang == Lang::Ja { CsvEncoding::Utf8Bom } else { CsvEncoding::Utf8 };
        ReportOptions { text: Text::new(lang, era), csv, chart: ChartSize::default() }
    }
}

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
pub trait Output: Sync {
    /// Short name of the format, for messages (`markdown`).
    fn name(&self) -> &'static str;

    /// The files of this format, worded as `options` say.
    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError>;
}

/// Every output format, in the order their files are written and listed.
pub fn outputs() -> Vec<Box<dyn Output>> {
    vec![
        Box::new(markdown::Markdown),
        Box::new(html::Html),
        Box::new(json::Json),
        Box::new(csv::LayoutCsv),
        Box::new(csv::CostsCsv),
        Box::new(csv::BomCsv),
        Box::new(xlsx::Xlsx),
        Box::new(charts::Charts),
    ]
}

/// Renders every output format in memory, in English.
pub fn render_all(result: &PlanResult) -> Result<Vec<OutputFile>, ReportError> {
    render_all_with(result, &ReportOptions::default())
}

/// Renders every output format in memory, worded as `options` say.
pub fn render_all_with(
    result: &PlanResult,
    options: &ReportOptions,
) -> Result<Vec<OutputFile>, ReportError> {
    use rayon::prelude::*;
    // The formats are independent: rendered on the thread pool, collected in `outputs` order
    // (the same files, in the same order, whatever the thread count).
    let rendered: Vec<Result<Vec<OutputFile>, ReportError>> =
        outputs().par_iter().map(|output| output.files(result, options)).collect();
    let mut files = Vec::new();
    for r in rendered {
        files.extend(r?);
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
    write_all_with(result, &ReportOptions::default(), dir)
}

/// [`write_all`] worded as `options` say.
pub fn write_all_with(
    result: &PlanResult,
    options: &ReportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let files = render_all_with(result, options)
        .map_err(|e| Error::Render { what: e.file, message: e.message })?;
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
    // Ours: the files of this output, and any chart file an earlier plan may have had (the
    // time-of-day chart comes and goes with the inventory's day profiles, the utilisation
    // chart's further pages with its hosts).
    let known: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let file_name = entry.file_name();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        let ours = is_file
            && file_name.to_str().is_some_and(|n| known.contains(&n) || charts::is_chart_file(n));
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
    summary_text_with(r, Text::EN)
}

/// [`summary_text`] in the language of `t`, columns aligned by display width (a kanji takes
/// two columns of a terminal).
pub fn summary_text_with(r: &PlanResult, t: Text) -> String {
    let m = format::Money::with_text(&r.plan.currency, t);
    let s = &r.summary;
    let n = |x: usize| x.to_string();
    let mut servers = t.f(
        "st_servers",
        &[
            ("total", &n(s.servers_total)),
            ("scope", &n(s.servers_in_scope)),
            ("virt", &n(s.servers_virtualised)),
            ("phys", &n(s.servers_physical)),
            ("stay", t.s(if s.servers_physical == 1 { "st_stays" } else { "st_stay" })),
            ("excl", &n(s.servers_excluded)),
        ],
    );
    if s.servers_bcp > 0 {
        servers.push_str(&t.f("st_bcp", &[("n", &n(s.servers_bcp))]));
    }
    let mut lines = vec![
        r.plan.title.clone(),
        servers,
        t.f(
            "st_hosts",
            &[
                ("n", &n(s.hosts_total)),
                ("clusters", &t.count(r.clusters.len(), "n_cluster", "n_clusters")),
            ],
        ),
    ];
    let name_width = r.clusters.iter().map(|c| i18n::width(&c.name)).max().unwrap_or(0);
    for c in document::clusters_by_site(r) {
        let site = if document::is_main(c) {
            String::new()
        } else {
            let from = document::purchases_of(c).first().map_or(c.purchase_fy, |p| p.0);
            let words = t.f("st_site", &[("site", &c.site), ("fy", &t.fy(from))]);
            document::lead(t, &words)
        };
        let hosts = t.count(c.hosts.len(), "n_host", "n_hosts");
        lines.push(format!(
            "  {}  {hosts}{}{}{site}",
            i18n::pad_right(&c.name, name_width),
            t.s("colon_sp"),
            document::host_models(c, t)
        ));
    }
    lines.push(t.f("st_cost", &[("span", &format::span(t, r))]));
    let pct = t.f("st_pct", &[("pct", &format::pct(s.cost_effect_pct))]);
    let rows = [
        (t.s("st_baseline"), m.amount(s.baseline_total), m.millions(s.baseline_total), ""),
        (t.s("st_plan"), m.amount(s.plan_total), m.millions(s.plan_total), ""),
        (t.s("st_effect"), m.amount(s.cost_effect), m.millions(s.cost_effect), pct.as_str()),
    ];
    let label_width = rows.iter().map(|r| i18n::width(r.0)).max().unwrap_or(0);
    let amount_width = rows.iter().map(|r| i18n::width(&r.1)).max().unwrap_or(0);
    for (label, amount, millions, note) in rows {
        let (open, close) = if t.ja() { ("（", "）") } else { ("(", ")") };
        lines.push(format!(
            "  {}  {}  {open}{millions}{note}{close}",
            i18n::pad_right(label, label_width),
            i18n::pad_left(&amount, amount_width)
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The line that says where the files went.
pub fn wrote_line(t: Text, files: usize, dir: &Path) -> String {
    t.f("wrote", &[("n", &files.to_string()), ("dir", &dir.display().to_string())])
}
