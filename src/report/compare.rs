//! Scenarios side by side (`consolidate compare`): the figures of several planned inventories
//! gathered into one [`Comparison`], and every comparison output rendered from it alone, in
//! memory, deterministically:
//!
//! | file | for |
//! | --- | --- |
//! | `compare.md` | the comparison document: scenarios, assumptions that differ, the side-by-side table, cost by fiscal year, hosts per cluster |
//! | `compare.html` | the same document as one self-contained page, the chart inlined as SVG |
//! | `compare.csv` | one row per scenario and fiscal year: `scenario, fy, baseline, plan, effect, cumulative_baseline, cumulative_plan` |
//! | `compare.json` | machines: exactly the [`Comparison`] |
//! | `compare.png`, `compare.svg` | cumulative cost by fiscal year: the baseline and each scenario's plan |
//! | `compare.xlsx` | the side-by-side table and the figures of each fiscal year, as sheets |
//!
//! The document is one list of [`document::Block`]s ([`document`]) whose tables are the shared
//! [`super::table`] model; markdown, HTML, the workbook and the CSV file are laid out by the same
//! functions as the plan's report ([`super::markdown::blocks`], [`super::html::page`],
//! [`super::xlsx::table_sheet`], [`super::csv::table`]).
//!
//! Every label comes from the message catalogue of the chosen language ([`super::i18n`]); the
//! CSV is encoded as the plan's CSVs are.
//!
//! [`text`] is the side-by-side table printed on stdout. The first scenario is the reference:
//! differences are against its plan, and the chart draws its baseline.

use std::collections::BTreeSet;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use crate::plan::{Assumption, PlanResult, Summary};

use super::charts::{self, KeyedExt, Mark, Marker, Picture, font};
use super::document::{Block, Figure, Inline};
use super::format::{self, Money};
use super::i18n::{self, Text as Words};
use super::table::{Align, Cell, Table, Value};
use super::{OutputFile, ReportError, ReportOptions, document, glyphs};

/// File name of the comparison document.
pub const MARKDOWN_FILE: &str = "compare.md";
/// File name of the comparison table.
pub const CSV_FILE: &str = "compare.csv";
/// File name of the comparison as JSON.
pub const JSON_FILE: &str = "compare.json";
/// File name of the chart as PNG.
pub const PNG_FILE: &str = "compare.png";
/// File name of the chart as SVG.
pub const SVG_FILE: &str = "compare.svg";
/// File name of the workbook.
pub const XLSX_FILE: &str = "compare.xlsx";
/// File name of the comparison as one HTML page.
pub const HTML_FILE: &str = "compare.html";

/// Columns of `compare.csv`.
pub const CSV_COLUMNS: [&str; 7] =
    ["scenario", "fy", "baseline", "plan", "effect", "cumulative_baseline", "cumulative_plan"];

/// Baselines closer than this (currency units, per year) count as equal.
const SAME_AMOUNT: f64 = 0.5;

/// Several planned scenarios side by side.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    /// Currency of every amount (the scenarios share it).
    pub currency: String,
    /// Every fiscal year of any scenario, in order.
    pub fiscal_years: Vec<i32>,
    /// True when every scenario covers the same fiscal years.
    pub same_horizon: bool,
    /// True when every scenario's baseline equals the first's, year by year.
    pub baselines_equal: bool,
    /// Assumptions every scenario states, in the first scenario's order.
    pub shared_assumptions: Vec<Assumption>,
    /// The scenarios in the order given; the first is the reference.
    pub scenarios: Vec<Scenario>,
}

/// One scenario's figures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    /// The plan's name (labels its column and line).
    pub name: String,
    /// The plan's title.
    pub title: String,
    /// The inventory file, as given.
    pub file: String,
    /// The plan's headline figures, as in its `plan.json`.
    pub summary: Summary,
    /// Its five-year plan total minus the first scenario's (positive: it costs more).
    pub plan_difference: f64,
    /// Hosts per site, the main site first.
    pub hosts_by_site: Vec<SiteHosts>,
    /// Cost by fiscal year.
    pub years: Vec<YearFigures>,
    /// Hosts per cluster, in report order (by site).
    pub clusters: Vec<ClusterHosts>,
    /// Its assumptions that not every scenario states.
    pub own_assumptions: Vec<Assumption>,
}

/// Hosts at one site.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteHosts {
    /// `main`, or the BCP site's name.
    pub site: String,
    /// Hosts there, spares included.
    pub hosts: usize,
}

/// One fiscal year of a scenario: totals of each column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearFigures {
    /// Fiscal year.
    pub fy: i32,
    /// Baseline total that year.
    pub baseline: f64,
    /// Plan total that year.
    pub plan: f64,
    /// baseline − plan.
    pub effect: f64,
    /// Baseline total up to and including this year.
    pub baseline_cumulative: f64,
    /// Plan total up to and including this year.
    pub plan_cumulative: f64,
}

/// One cluster of a scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClusterHosts {
    /// Cluster name.
    pub name: String,
    /// `main`, or the BCP site's name.
    pub site: String,
    /// Hosts, spares included.
    pub hosts: usize,
    /// Of which spare or minimum hosts.
    pub spare_hosts: usize,
    /// Host models with counts: `2× std-16c + 1 spare std-16c`.
    pub models: String,
}

/// Gathers the figures of planned scenarios, given as (inventory file, plan result), in order.
pub fn build(scenarios: &[(String, PlanResult)]) -> Comparison {
    let first = scenarios.first().map(|s| &s.1);
    let fiscal_years: Vec<i32> = scenarios
        .iter()
        .flat_map(|(_, r)| r.years.iter().map(|y| y.fy))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let fys = |r: &PlanResult| r.years.iter().map(|y| y.fy).collect::<Vec<_>>();
    let same_horizon = scenarios.iter().all(|(_, r)| Some(fys(r)) == first.map(fys));
    let baselines_equal = scenarios.iter().all(|(_, r)| {
        first.is_some_and(|f| {
            f.years.len() == r.years.len()
                && f.years.iter().zip(&r.years).all(|(a, b)| {
                    a.fy == b.fy && (a.baseline.total - b.baseline.total).abs() < SAME_AMOUNT
                })
        })
    });
    let shared_assumptions: Vec<Assumption> = first
        .map(|f| {
            f.assumptions
                .iter()
                .filter(|a| scenarios.iter().all(|(_, r)| r.assumptions.contains(a)))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let first_plan = first.map_or(0.0, |f| f.summary.plan_total);
    let scenarios = scenarios
        .iter()
        .map(|(file, r)| Scenario {
            name: r.plan.name.clone(),
            title: r.plan.title.clone(),
            file: file.clone(),
            summary: r.summary.clone(),
            plan_difference: r.summary.plan_total - first_plan,
            hosts_by_site: document::sites(r)
                .into_iter()
                .map(|site| SiteHosts {
                    site: site.to_string(),
                    hosts: r
                        .clusters
                        .iter()
                        .filter(|c| site_of(&c.site) == site)
                        .map(|c| c.hosts.len())
                        .sum(),
                })
                .collect(),
            years: r
                .years
                .iter()
                .map(|y| YearFigures {
                    fy: y.fy,
                    baseline: y.baseline.total,
                    plan: y.plan.total,
                    effect: y.effect,
                    baseline_cumulative: y.baseline_cumulative,
                    plan_cumulative: y.plan_cumulative,
                })
                .collect(),
            clusters: document::clusters_by_site(r)
                .into_iter()
                .map(|c| ClusterHosts {
                    name: c.name.clone(),
                    site: site_of(&c.site).to_string(),
                    hosts: c.hosts.len(),
                    spare_hosts: c.hosts.iter().filter(|h| h.spare).count(),
                    models: document::host_models(c, Words::EN),
                })
                .collect(),
            own_assumptions: r
                .assumptions
                .iter()
                .filter(|a| !shared_assumptions.contains(a))
                .cloned()
                .collect(),
        })
        .collect();
    Comparison {
        currency: first.map(|f| f.plan.currency.clone()).unwrap_or_default(),
        fiscal_years,
        same_horizon,
        baselines_equal,
        shared_assumptions,
        scenarios,
    }
}

/// A cluster's site as the comparison names it (`main` for the main site).
fn site_of(site: &str) -> &str {
    if site.is_empty() { document::MAIN_SITE } else { site }
}

impl Comparison {
    /// Sites of any scenario: the main site first, then the others as they first appear.
    pub fn sites(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.scenarios {
            for h in &s.hosts_by_site {
                if !out.contains(&h.site.as_str()) {
                    out.push(&h.site);
                }
            }
        }
        out.sort_by_key(|s| *s != document::MAIN_SITE);
        out
    }

    /// Whether a scenario has hosts at a site other than the main one.
    pub fn has_bcp_site(&self) -> bool {
        self.sites().iter().any(|s| *s != document::MAIN_SITE)
    }

    /// Clusters of any scenario, as (site, name), in order of first appearance, by site.
    pub fn clusters(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for site in self.sites() {
            for s in &self.scenarios {
                for c in s.clusters.iter().filter(|c| c.site == site) {
                    if !out.contains(&(site, c.name.as_str())) {
                        out.push((site, &c.name));
                    }
                }
            }
        }
        out
    }

    /// The fiscal years covered, `FY2017-FY2021`, `2017年度〜2021年度`.
    pub fn span(&self, t: Words) -> String {
        match (self.fiscal_years.first(), self.fiscal_years.last()) {
            (Some(a), Some(b)) => t.fy_range(*a, *b),
            _ => t.s("c_no_fy").into(),
        }
    }

    /// "five-year" when every scenario covers five years, else "total" (`5年間`, `合計`).
    fn horizon_words(&self, t: Words) -> String {
        if self.same_horizon && !self.fiscal_years.is_empty() {
            t.f("c_n_year", &[("n", &number_words(self.fiscal_years.len(), t))])
        } else {
            t.s("c_total_word").into()
        }
    }
}

fn number_words(n: usize, t: Words) -> String {
    const WORDS: [&str; 11] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    if t.ja() {
        return n.to_string();
    }
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

/// Every comparison file, in memory: `compare.md`, `compare.csv`, `compare.json`,
/// `compare.png`, `compare.svg`.
pub fn files(c: &Comparison, options: &ReportOptions) -> Result<Vec<OutputFile>, ReportError> {
    let t = options.text;
    let size = options.chart.fixed(CHART_SIZE);
    let csv_bytes = super::csv::encode(csv(c, t)?, options.csv, CSV_FILE)?;
    let xlsx = xlsx(c, t).map_err(|e| ReportError::new(XLSX_FILE, e))?;
    let svg = charts::render_svg(SVG_FILE, size, options.chart, &Chart(c, t))?;
    Ok(vec![
        OutputFile::new(MARKDOWN_FILE, markdown(c, t)),
        OutputFile::new(HTML_FILE, html(c, t, &svg)?),
        OutputFile::new(CSV_FILE, csv_bytes),
        OutputFile::new(JSON_FILE, json(c)?),
        OutputFile::new(PNG_FILE, charts::render_png(PNG_FILE, size, options.chart, &Chart(c, t))?),
        OutputFile::new(SVG_FILE, svg),
        OutputFile::new(XLSX_FILE, xlsx),
    ])
}

// ---------------------------------------------------------------------------------------------
// Tables: the shared table model, laid out for stdout here and by the document renderers

/// Stdout: columns padded to their display width, two spaces apart, a rule under the header.
fn plain(table: &Table) -> String {
    let columns = table.header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            table
                .rows
                .iter()
                .map(|r| i18n::width(Table::text(r, i)))
                .chain([i18n::width(&table.header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let align = |i: usize| table.align.get(i).copied().unwrap_or(Align::Left);
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> =
            cells.iter().enumerate().map(|(i, c)| pad(c, widths[i], align(i))).collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(table.header.iter().map(String::as_str).collect())];
    out.push(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    out.extend(table.rows.iter().map(|r| line((0..columns).map(|i| Table::text(r, i)).collect())));
    out.join("\n")
}

fn pad(c: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(i18n::width(c)));
    match align {
        Align::Left => format!("{c}{fill}"),
        Align::Right => format!("{fill}{c}"),
    }
}

fn money(m: &Money, x: f64) -> Cell {
    Cell::figure(m.amount(x), Value::Money(x))
}

fn count(n: usize) -> Cell {
    Cell::figure(n.to_string(), Value::Count(n as f64))
}

/// A scenario's figure for a fiscal year, or `-` when it does not cover that year.
fn in_year(s: &Scenario, fy: i32, f: impl Fn(&YearFigures) -> f64, m: &Money) -> Cell {
    s.years.iter().find(|y| y.fy == fy).map_or_else(|| Cell::text("-"), |y| money(m, f(y)))
}

/// The side-by-side table: one column per scenario.
fn side_by_side(c: &Comparison, file_names: bool, t: Words) -> Table {
    let m = Money::with_text(&c.currency, t);
    let horizon = c.horizon_words(t);
    let first = c.scenarios.first().map_or("", |s| s.name.as_str());
    let mut header = vec![String::new()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    let mut align = vec![Align::Left];
    align.extend(c.scenarios.iter().map(|_| Align::Right));
    let mut table = Table::with(header, align);
    let mut row = |label: String, f: &dyn Fn(&Scenario) -> Cell| {
        let mut r = vec![Cell::text(label)];
        r.extend(c.scenarios.iter().map(f));
        table.cells(r);
    };
    row(t.s("c_file").into(), &|s| {
        Cell::text(if file_names {
            std::path::Path::new(&s.file)
                .file_name()
                .map_or_else(|| s.file.clone(), |n| n.to_string_lossy().into_owned())
        } else {
            s.file.clone()
        })
    });
    row(t.s("c_in_scope").into(), &|s| count(s.summary.servers_in_scope));
    row(t.s("c_virt").into(), &|s| count(s.summary.servers_virtualised));
    row(t.s("c_hosts").into(), &|s| count(s.summary.hosts_total));
    if c.has_bcp_site() {
        for site in c.sites() {
            row(t.f("c_hosts_at", &[("site", &document::site_words(site, t))]), &|s| {
                count(s.hosts_by_site.iter().find(|h| h.site == site).map_or(0, |h| h.hosts))
            });
        }
    }
    row(t.f("c_baseline", &[("horizon", &horizon)]), &|s| money(&m, s.summary.baseline_total));
    row(t.f("c_plan", &[("horizon", &horizon)]), &|s| money(&m, s.summary.plan_total));
    row(t.s("c_effect").into(), &|s| money(&m, s.summary.cost_effect));
    row(t.s("c_effect_pct").into(), &|s| {
        let pct = s.summary.cost_effect_pct;
        Cell::figure(format::pct(pct), Value::Percent(pct))
    });
    // The difference of the rounded totals, so that the column adds up as printed.
    let first_plan = c.scenarios.first().map_or(0.0, |s| s.summary.plan_total.round());
    row(t.f("c_vs", &[("first", first)]), &|s| {
        if s.name == first {
            Cell::text("-")
        } else {
            let d = s.summary.plan_total.round() - first_plan;
            Cell::figure(m.signed(d), Value::Money(d))
        }
    });
    for &fy in &c.fiscal_years {
        row(t.f("c_plan_fy", &[("fy", &t.fy(fy))]), &|s| in_year(s, fy, |y| y.plan, &m));
    }
    table
}

/// One row per scenario and fiscal year, unrounded: `compare.csv` and the workbook's second
/// sheet. Headers are the CSV's keys in English, translated under `--lang ja`.
fn by_year(c: &Comparison, t: Words) -> Table {
    let m = Money::with_text(&c.currency, t);
    let header: Vec<&str> =
        CSV_COLUMNS.iter().map(|k| if t.ja() { t.s(&format!("c_csv_{k}")) } else { k }).collect();
    let mut align = vec![Align::Right; CSV_COLUMNS.len()];
    align[0] = Align::Left;
    let mut table = Table::with(header.into_iter().map(str::to_string).collect(), align);
    for s in &c.scenarios {
        for y in &s.years {
            let mut cells = vec![
                Cell::text(s.name.clone()),
                Cell::figure(y.fy.to_string(), Value::Year(f64::from(y.fy))),
            ];
            let values = [y.baseline, y.plan, y.effect, y.baseline_cumulative, y.plan_cumulative];
            cells.extend(values.iter().map(|v| money(&m, *v)));
            table.cells(cells);
        }
    }
    table
}

/// The words under the table: what the columns mean.
fn reading_notes(c: &Comparison, t: Words) -> Vec<String> {
    let m = Money::with_text(&c.currency, t);
    let first = c.scenarios.first().map_or("", |s| s.name.as_str());
    let mut notes = vec![t.f("c_note_effect", &[("first", first)])];
    if c.baselines_equal {
        if let Some(s) = c.scenarios.first() {
            let amount = m.amount(s.summary.baseline_total);
            notes.push(t.f("c_note_same", &[("amount", &amount)]));
        }
    } else {
        notes.push(t.s("c_note_differ").into());
    }
    if !c.same_horizon {
        notes.push(t.s("c_note_horizon").into());
    }
    notes
}

/// The comparison for stdout in English.
pub fn text(c: &Comparison) -> String {
    text_in(c, Words::EN)
}

/// The comparison for stdout: the scenarios, the side-by-side table and how to read it, in the
/// language of `t`, columns aligned by display width.
pub fn text_in(c: &Comparison, t: Words) -> String {
    let amounts = if c.currency.is_empty() {
        t.s("c_amounts").to_string()
    } else {
        t.f("c_amounts_in", &[("code", &c.currency)])
    };
    let mut lines = vec![t.f(
        "c_comparing",
        &[("n", &c.scenarios.len().to_string()), ("span", &c.span(t)), ("amounts", &amounts)],
    )];
    let width = c.scenarios.iter().map(|s| i18n::width(&s.name)).max().unwrap_or(0);
    for s in &c.scenarios {
        lines.push(format!("  {}  {}", pad(&s.name, width, Align::Left), s.file));
        lines.push(format!("  {}  {}", " ".repeat(width), s.title));
    }
    lines.push(String::new());
    lines.push(plain(&side_by_side(c, true, t)));
    lines.push(String::new());
    lines.extend(reading_notes(c, t));
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// The comparison document: compare.md and compare.html

/// The assumptions not every scenario states, each with the names of the scenarios that state
/// it; ordered by where they stand in the scenarios' lists, so that the alternatives of one
/// assumption (each scenario's purchase policy, say) come together.
fn differing_assumptions(c: &Comparison) -> Vec<(&Assumption, Vec<&str>)> {
    let mut found: Vec<(usize, usize, &Assumption, Vec<&str>)> = Vec::new();
    for s in &c.scenarios {
        for (position, a) in s.own_assumptions.iter().enumerate() {
            match found.iter_mut().find(|f| f.2 == a) {
                Some(f) => f.3.push(&s.name),
                None => found.push((position, found.len(), a, vec![&s.name])),
            }
        }
    }
    found.sort_by_key(|f| (f.0, f.1));
    found.into_iter().map(|f| (f.2, f.3)).collect()
}

fn words(s: impl Into<String>) -> Block {
    Block::Paragraph(vec![Inline::Text(s.into())])
}

/// The title of the comparison document.
fn title(c: &Comparison, t: Words) -> String {
    let names: Vec<&str> = c.scenarios.iter().map(|s| s.name.as_str()).collect();
    t.f("c_title", &[("names", &names.join(t.s("name_sep")))])
}

/// The comparison document, in the language of `t`, as blocks the plan's renderers lay out:
/// scenarios, assumptions that differ, the side-by-side table and the chart (`svg` inlined in
/// HTML), cost by fiscal year per scenario, hosts per cluster, shared assumptions.
pub fn document(c: &Comparison, t: Words, svg: &str) -> Vec<Block> {
    let m = Money::with_text(&c.currency, t);
    let currency = if c.currency.is_empty() { t.s("c_plan_currency") } else { c.currency.as_str() };
    let mut doc = vec![
        Block::Heading(1, title(c, t)),
        words(t.f(
            "c_intro",
            &[
                ("n", &capitalised(&number_words(c.scenarios.len(), t))),
                ("span", &c.span(t)),
                ("currency", currency),
            ],
        )),
        Block::Heading(2, t.s("c_h_scenarios").into()),
    ];
    let mut scenarios = Table::new(&[
        (t.s("c_col_scenario"), Align::Left),
        (t.s("c_col_title"), Align::Left),
        (t.s("c_col_inventory"), Align::Left),
    ]);
    for s in &c.scenarios {
        scenarios.row(vec![s.name.clone(), s.title.clone(), s.file.clone()]);
    }
    doc.push(Block::Table(scenarios));

    doc.push(Block::Heading(2, t.s("c_h_differ").into()));
    if c.scenarios.iter().all(|s| s.own_assumptions.is_empty()) {
        doc.push(words(t.s("c_differ_none")));
    } else {
        doc.push(words(t.s("c_differ_intro")));
        doc.push(Block::List(
            differing_assumptions(c)
                .iter()
                .map(|(text, names)| {
                    vec![
                        Inline::Strong(names.join(t.s("name_sep"))),
                        Inline::Text(format!(
                            "{}{}",
                            t.s("colon_sp"),
                            super::facts::assumption(t, text)
                        )),
                    ]
                })
                .collect(),
        ));
    }

    doc.push(Block::Heading(2, t.s("c_h_side").into()));
    doc.push(Block::Table(side_by_side(c, false, t)));
    doc.push(words(reading_notes(c, t).join(" ")));
    doc.push(Block::Figure(Figure {
        stem: PNG_FILE.trim_end_matches(".png").into(),
        title: t.s("c_chart_title").into(),
        caption: chart_caption(c, t),
        svg: svg.into(),
    }));

    doc.push(Block::Heading(2, t.s("c_h_costs").into()));
    doc.push(words(t.s("c_costs_intro")));
    for s in &c.scenarios {
        doc.push(Block::Heading(3, s.name.clone()));
        doc.push(Block::Table(scenario_years(s, &m, t)));
    }

    doc.push(Block::Heading(2, t.s("c_h_hosts").into()));
    doc.push(words(t.s("c_hosts_intro")));
    doc.push(Block::Table(hosts_per_cluster(c, t)));

    doc.push(Block::Heading(2, t.s("c_h_shared").into()));
    if c.shared_assumptions.is_empty() {
        doc.push(words(t.s("c_shared_none")));
    } else {
        doc.push(Block::List(
            c.shared_assumptions
                .iter()
                .map(|a| vec![Inline::Text(super::facts::assumption(t, a))])
                .collect(),
        ));
    }
    doc
}

/// One scenario's cost by fiscal year, with its totals.
fn scenario_years(s: &Scenario, m: &Money, t: Words) -> Table {
    let mut table = Table::new(&[
        (t.s("c_col_fy"), Align::Left),
        (t.s("c_col_baseline"), Align::Right),
        (t.s("c_col_plan"), Align::Right),
        (t.s("c_col_effect"), Align::Right),
        (t.s("c_col_cum_effect"), Align::Right),
    ]);
    for y in &s.years {
        table.cells(vec![
            Cell::text(t.fy(y.fy)),
            money(m, y.baseline),
            money(m, y.plan),
            money(m, y.effect),
            money(m, y.baseline_cumulative - y.plan_cumulative),
        ]);
    }
    table.strong_cells(vec![
        Cell::text(t.s("total")),
        money(m, s.summary.baseline_total),
        money(m, s.summary.plan_total),
        money(m, s.summary.cost_effect),
        Cell::empty(),
    ]);
    table
}

/// Hosts of each cluster in each scenario, with the totals.
fn hosts_per_cluster(c: &Comparison, t: Words) -> Table {
    let mut header = vec![t.s("c_col_cluster").to_string(), t.s("c_col_site").to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    let mut table = Table::with(header, vec![Align::Left; 2 + c.scenarios.len()]);
    for (site, name) in c.clusters() {
        let mut r = vec![name.to_string(), document::site_words(site, t)];
        r.extend(c.scenarios.iter().map(|s| {
            s.clusters.iter().find(|k| k.site == site && k.name == name).map_or_else(
                || "-".into(),
                |k| {
                    let hosts = t.count(k.hosts, "n_host", "n_hosts");
                    format!("{hosts}{}{}", t.s("colon_sp"), k.models)
                },
            )
        }));
        table.row(r);
    }
    let mut total = vec![t.s("total").into(), String::new()];
    total.extend(c.scenarios.iter().map(|s| t.count(s.summary.hosts_total, "n_host", "n_hosts")));
    table.strong_row(total);
    table
}

/// `compare.md`.
pub fn markdown(c: &Comparison, t: Words) -> String {
    super::markdown::blocks(&document(c, t, ""), t)
}

/// `compare.html`: one self-contained page, the chart's SVG (`svg`) inlined.
pub fn html(c: &Comparison, t: Words, svg: &str) -> Result<String, ReportError> {
    super::html::page(&title(c, t), &document(c, t, svg), None, t)
        .map_err(|e| ReportError::new(HTML_FILE, e.message))
}

// ---------------------------------------------------------------------------------------------
// compare.csv, compare.json

/// `compare.csv` (UTF-8): one row per scenario and fiscal year, amounts unrounded; Japanese
/// headers under `--lang ja`.
pub fn csv(c: &Comparison, t: Words) -> Result<Vec<u8>, ReportError> {
    super::csv::table(&by_year(c, t), CSV_FILE)
}

/// `compare.json`: the comparison as pretty JSON, ending with a newline.
pub fn json(c: &Comparison) -> Result<String, ReportError> {
    let mut s = serde_json::to_string_pretty(c).map_err(|e| ReportError::new(JSON_FILE, e))?;
    s.push('\n');
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// The chart

/// Size of the chart in pixels.
const CHART_SIZE: (u32, u32) = (1100, 660);

/// Colour of each scenario's plan line, in turn (Okabe–Ito, safe for red–green colour blindness; no
/// vermillion: it is the baseline's).
static SCENARIO_COLOURS: [RGBColor; 6] = [
    charts::PLAN,
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

/// [`SCENARIO_COLOURS`] darkened for text.
static SCENARIO_TEXT_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 84, 132),
    RGBColor(160, 105, 0),
    RGBColor(0, 112, 82),
    RGBColor(150, 70, 115),
    RGBColor(30, 120, 170),
    RGBColor(0, 0, 0),
];

fn scenario_colour(i: usize) -> &'static RGBColor {
    &SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()]
}

/// What the chart shows (caption in the document).
fn chart_caption(c: &Comparison, t: Words) -> String {
    let first = c.scenarios.first().map_or("", |s| s.name.as_str());
    let baseline = if c.baselines_equal || c.scenarios.len() < 2 {
        t.s("c_caption_same").to_string()
    } else {
        t.f("c_caption_differ", &[("first", first)])
    };
    t.f("c_caption", &[("baseline", &baseline)])
}

/// The comparison chart, as a [`Picture`].
struct Chart<'a>(&'a Comparison, Words);

impl Picture for Chart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> charts::Drawn {
        root.fill(&WHITE)?;
        chart(self.0, self.1, root)
    }
}

/// A line of the chart: its label, colour and points (x index, millions).
struct Series {
    colour: &'static RGBColor,
    /// The colour of its label: darker, to read well on white.
    text: &'static RGBColor,
    points: Vec<(f64, f64)>,
    end_label: String,
}

fn chart<DB: DrawingBackend>(
    c: &Comparison,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> charts::Drawn {
    let money = Money::with_text(&c.currency, t);
    let unit = money.chart_unit();
    let first = c.scenarios.first();
    let first_name = first.map_or(String::new(), |s| s.name.clone());
    let index = |fy: i32| c.fiscal_years.iter().position(|&y| y == fy).unwrap_or(0) as f64;

    let baseline_label = if c.baselines_equal || c.scenarios.len() < 2 {
        t.s("legend_baseline").to_string()
    } else {
        t.f("c_legend_baseline_of", &[("first", &first_name)])
    };
    let mut legend = vec![(Mark::Line(charts::BASELINE, Marker::Circle), baseline_label)];
    for (i, s) in c.scenarios.iter().enumerate() {
        let label = t.f("c_legend_plan", &[("name", &s.name)]);
        legend.push((Mark::Line(*scenario_colour(i), Marker::Triangle), label));
    }
    let title =
        t.f("c_chart_heading", &[("n", &c.scenarios.len().to_string()), ("span", &c.span(t))]);
    let plot = charts::frame(root, &title, &legend)?;
    if c.fiscal_years.is_empty() || first.is_none() {
        return charts::message(&plot, t.s("no_years"));
    }

    let mut series = Vec::new();
    if let Some(f) = first {
        let points: Vec<(f64, f64)> =
            f.years.iter().map(|y| (index(y.fy), charts::mega(y.baseline_cumulative))).collect();
        let last = points.last().map_or(0.0, |p| p.1);
        series.push(Series {
            colour: &charts::BASELINE,
            text: &charts::BASELINE,
            points,
            end_label: t.f("c_end_baseline", &[("amount", &charts::millions(last))]),
        });
    }
    for (i, s) in c.scenarios.iter().enumerate() {
        series.push(Series {
            colour: scenario_colour(i),
            text: &SCENARIO_TEXT_COLOURS[i % SCENARIO_TEXT_COLOURS.len()],
            points: s
                .years
                .iter()
                .map(|y| (index(y.fy), charts::mega(y.plan_cumulative)))
                .collect(),
            end_label: t.f(
                "c_end_plan",
                &[
                    ("name", &s.name),
                    ("amount", &charts::millions(charts::mega(s.summary.cost_effect))),
                    ("pct", &format::pct(s.summary.cost_effect_pct)),
                ],
            ),
        });
    }

    let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let lo = values.clone().fold(0.0f64, f64::min);
    let hi = values.fold(0.0f64, f64::max);
    let (lo, hi) = charts::nice_range(lo * 1.1, hi * 1.12);
    let n = c.fiscal_years.len();
    let labels: Vec<String> = c.fiscal_years.iter().map(|&y| t.fy(y)).collect();
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    // End labels on two lines (name, then the figures) where one line would take more than
    // 2/5 of the width (a narrow chart laid out for print).
    let widest = |lines: &dyn Fn(&Series) -> Vec<String>| {
        series
            .iter()
            .flat_map(lines)
            .map(|l| glyphs::text_width(charts::LABEL_SIZE, &l))
            .fold(0.0, f64::max)
            .ceil() as u32
    };
    let one_line = |s: &Series| vec![s.end_label.clone()];
    let (w, _) = plot.dim_in_pixel();
    let split = widest(&one_line) * 11 / 10 + 28 > w * 2 / 5;
    let lines = |s: &Series| -> Vec<String> {
        if !split {
            return vec![s.end_label.clone()];
        }
        let at = ["：", ": "].iter().find_map(|sep| s.end_label.find(sep).map(|i| i + sep.len()));
        match at {
            Some(i) => {
                vec![s.end_label[..i].trim().to_string(), s.end_label[i..].trim().to_string()]
            }
            None => vec![s.end_label.clone()],
        }
    };
    let label_w = widest(&lines);

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(label_w + label_w / 10 + 28)
        .margin_bottom(12)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.4f64..(n as f64 - 0.85)).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| charts::axis_millions(*y, hi);
    let x_fmt = |x: &f64| charts::year_label(&labels, *x);
    let y_desc = t.f("cum_y", &[("unit", &unit)]);
    let axes = charts::Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("fiscal_year"),
        y_desc: &y_desc,
        label_size: (charts::LABEL_SIZE, charts::LABEL_SIZE),
        desc_size: charts::DESC_SIZE,
        x_mesh: false,
    };
    charts::mesh(&mut chart, &axes)?;

    for (k, s) in series.iter().enumerate() {
        chart.draw_series(LineSeries::new(s.points.clone(), s.colour.stroke_width(3)))?;
        if k == 0 {
            chart.draw_series(s.points.iter().map(|p| Circle::new(*p, 5, s.colour.filled())))?;
        } else {
            chart.draw_series(
                s.points.iter().map(|p| TriangleMarker::new(*p, 6, s.colour.filled())),
            )?;
        }
    }

    // What the end labels mean, in the top left corner of the plot.
    let note = [t.f("c_note1", &[("span", &c.span(t))]), t.f("c_note2", &[("unit", &unit)])];
    for (i, line) in note.iter().enumerate() {
        chart.draw_series(std::iter::once(
            EmptyElement::at((-0.4, hi))
                + Text::new(
                    line.clone(),
                    (14, 12 + 22 * i as i32),
                    charts::anchored(font(charts::DESC_SIZE), HPos::Left, VPos::Top),
                ),
        ))?;
    }

    // End labels right of the last points, spread apart so that close lines stay readable,
    // each joined to its point by a thin line when it had to move.
    let row: i32 = if split { 44 } else { 22 };
    let ends: Vec<(i32, i32)> =
        series.iter().map(|s| s.points.last().map_or((0, 0), |p| chart.backend_coord(p))).collect();
    let mut order: Vec<usize> = (0..series.len()).collect();
    order.sort_by_key(|&k| (ends[k].1, k));
    let (_, plot_top) = chart.backend_coord(&(0.0, hi));
    let (_, plot_bottom) = chart.backend_coord(&(0.0, lo));
    let mut ys: Vec<i32> = order.iter().map(|&k| ends[k].1).collect();
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + row);
    }
    if let Some(&last) = ys.last() {
        let over = last - plot_bottom;
        if over > 0 {
            for y in &mut ys {
                *y -= over;
            }
        }
    }
    for i in 0..ys.len() {
        if i == 0 {
            ys[0] = ys[0].max(plot_top);
        } else {
            ys[i] = ys[i].max(ys[i - 1] + row);
        }
    }
    let label_x = ends.iter().map(|e| e.0).max().unwrap_or(0) + 30;
    for (&k, &y) in order.iter().zip(&ys) {
        let (px, py) = ends[k];
        let s = &series[k];
        root.draw(&PathElement::new(
            vec![(px + 8, py), (label_x - 10, y), (label_x - 4, y)],
            s.colour.stroke_width(1),
        ))?;
        let parts = lines(s);
        let first = y - 10 * (parts.len() as i32 - 1);
        for (i, part) in parts.into_iter().enumerate() {
            root.draw(&Text::new(
                part,
                (label_x, first + 20 * i as i32),
                charts::anchored(font(charts::LABEL_SIZE).color(s.text), HPos::Left, VPos::Center),
            ))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// compare.xlsx

/// `compare.xlsx`: the side-by-side table and one row per scenario and fiscal year, each a
/// sheet laid out by the plan workbook's table layout (figures as numbers with their formats,
/// amounts in whole units), headers in the language of `t`. The creation date is fixed (1 April
/// of the first fiscal year) so the same comparison gives the same bytes.
pub fn xlsx(c: &Comparison, t: Words) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let f = super::xlsx::Formats::new(&c.currency, t);
    let mut wb = Workbook::new();
    let year = c.fiscal_years.first().copied().unwrap_or(2000).clamp(1900, 9999) as u16;
    wb.set_properties(
        &DocProperties::new()
            .set_title(t.s("c_chart_title"))
            .set_creation_datetime(&ExcelDateTime::from_ymd(year, 4, 1)?),
    );
    let ws = wb.add_worksheet().set_name(t.s("c_sheet_side"))?;
    super::xlsx::table_sheet(ws, &side_by_side(c, true, t), &f)?;
    let ws = wb.add_worksheet().set_name(t.s("c_sheet_years"))?;
    super::xlsx::table_sheet(ws, &by_year(c, t), &f)?;
    ws.set_freeze_panes(1, 1)?;
    wb.save_to_buffer()
}
