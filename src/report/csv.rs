//! `layout.csv` and `costs.csv`, for spreadsheets and scripts. Both have a header row, comma
//! separators, `.` decimals, no thousands separators. They are UTF-8 (in English), UTF-8 with a
//! byte order mark (in Japanese, so that Excel in Japan reads them) or Shift_JIS (code page
//! 932, on request; a name that has no Shift_JIS form is an error, never a `?`). Under
//! `--lang ja` the headers, the `column` values (現行踏襲, 計画, 削減効果), `true`/`false` and the
//! reasons are in Japanese; the columns and their order are the same in both languages.
//!
//! **`layout.csv`**: one row per server of the inventory: `cluster, host, model, server, system,
//! zone, org, cpu, vcpu, memory_gb, storage_gb, move_fy, redundancy_group, bcp, bcp_host,
//! stays_physical, affinity_group, reason`. Servers on hosts come first, in cluster and host
//! order (the order of the plan); servers not on a host follow (those staying physical, then
//! those left out) with `cluster`, `host`, `model` and `move_fy` empty and `reason` saying why.
//! `cpu` is in normalised cores, `vcpu` in virtual CPUs, memory and storage in GB (the server's
//! demand, rounded to 4 decimals); `bcp` and `stays_physical` are `true` or `false`; `bcp_host`
//! is the host of the server's reduced copy at the BCP site (empty when it has none);
//! `affinity_group` is the group whose members share a host (empty when none).
//!
//! **`costs.csv`**: three rows per fiscal year, in this order: `column` = `baseline`, `plan`
//! and `effect` (baseline − plan, category by category); columns `fy, column, hardware,
//! maintenance, licences, power, datacentre, migration, extra, total, cumulative`, where
//! `cumulative` is the running total of that column up to and including the year (for `effect`:
//! the cumulative cost effect). Amounts are in the plan currency, unrounded. The horizon's totals
//! are the `cumulative` of the last year, or the sum of `total` over the years of one column.

use std::collections::{HashMap, HashSet};

use crate::plan::{Costs, PlanResult, ServerRow};

use super::i18n::Text;
use super::table::{Align, Cell, Table, Value};
use super::{CsvEncoding, Output, OutputFile, ReportError, ReportOptions, document};

/// `layout.csv`.
pub struct LayoutCsv;

/// `costs.csv`.
pub struct CostsCsv;

/// File name of the layout table.
pub const LAYOUT_FILE: &str = "layout.csv";

/// File name of the cost table.
pub const COSTS_FILE: &str = "costs.csv";

/// Columns of `layout.csv`.
pub const LAYOUT_COLUMNS: [&str; 18] = [
    "cluster",
    "host",
    "model",
    "server",
    "system",
    "zone",
    "org",
    "cpu",
    "vcpu",
    "memory_gb",
    "storage_gb",
    "move_fy",
    "redundancy_group",
    "bcp",
    "bcp_host",
    "stays_physical",
    "affinity_group",
    "reason",
];

/// Columns of `costs.csv`.
pub const COSTS_COLUMNS: [&str; 11] = [
    "fy",
    "column",
    "hardware",
    "maintenance",
    "licences",
    "power",
    "datacentre",
    "migration",
    "extra",
    "total",
    "cumulative",
];

impl Output for LayoutCsv {
    fn name(&self) -> &'static str {
        "layout csv"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        let utf8 = layout_in(result, options.text)?;
        Ok(vec![OutputFile::new(LAYOUT_FILE, encode(utf8, options.csv, LAYOUT_FILE)?)])
    }
}

/// `bom.csv`: the bill of materials, one row per line ([`super::bom::flat`]).
pub struct BomCsv;

impl Output for BomCsv {
    fn name(&self) -> &'static str {
        "bom csv"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        let file = super::bom::CSV_FILE;
        let utf8 = table(&super::bom::flat(result, options.text), file)?;
        Ok(vec![OutputFile::new(file, encode(utf8, options.csv, file)?)])
    }
}

impl Output for CostsCsv {
    fn name(&self) -> &'static str {
        "costs csv"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        let utf8 = costs_in(result, options.text)?;
        Ok(vec![OutputFile::new(COSTS_FILE, encode(utf8, options.csv, COSTS_FILE)?)])
    }
}

/// The UTF-8 bytes of a CSV file in `encoding`. Shift_JIS (as `encoding_rs` writes it, the
/// WHATWG form of code page 932) refuses text it has no code for, naming the first such
/// character, rather than writing a replacement.
pub fn encode(utf8: Vec<u8>, encoding: CsvEncoding, file: &str) -> Result<Vec<u8>, ReportError> {
    match encoding {
        CsvEncoding::Utf8 => Ok(utf8),
        CsvEncoding::Utf8Bom => {
            let mut out = Vec::with_capacity(utf8.len() + 3);
            out.extend_from_slice(b"\xEF\xBB\xBF");
            out.extend(utf8);
            Ok(out)
        }
        CsvEncoding::Cp932 => {
            let text = String::from_utf8(utf8).map_err(|e| ReportError::new(file, e))?;
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            if unmappable {
                let bad = text
                    .chars()
                    .find(|c| encoding_rs::SHIFT_JIS.encode(&c.to_string()).2)
                    .unwrap_or('?');
                return Err(ReportError::new(
                    file,
                    format!(
                        "{bad:?} (U+{:04X}) cannot be written in cp932 (Shift_JIS); choose \
                         --csv-encoding utf-8-bom",
                        u32::from(bad)
                    ),
                ));
            }
            Ok(bytes.into_owned())
        }
    }
}

/// An amount as written: the shortest text that reads back as the same number.
pub fn number(x: f64) -> String {
    if x == 0.0 { "0".into() } else { format!("{x}") }
}

/// A [`Table`] as CSV (UTF-8): its header, then each row with figures unrounded ([`number`]) and
/// text as written. The one layout of the shared table model for CSV files (`bom.csv`).
pub fn table(table: &Table, file: &str) -> Result<Vec<u8>, ReportError> {
    let err = |e: ::csv::Error| ReportError::new(file, e);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(&table.header).map_err(err)?;
    for row in &table.rows {
        let cells = (0..table.header.len()).map(|i| match row.cells.get(i) {
            None => String::new(),
            Some(c) => match c.value {
                Value::Text => c.text.clone(),
                Value::Money(x)
                | Value::Count(x)
                | Value::Year(x)
                | Value::Quantity(x)
                | Value::Percent(x) => number(x),
            },
        });
        w.write_record(cells).map_err(err)?;
    }
    finish(w, file)
}

/// A resource quantity, rounded to 4 decimals.
fn quantity(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn finish(w: ::csv::Writer<Vec<u8>>, file: &str) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::new(file, e.error()))
}

/// One placed or left-out server, as layout rows see it.
struct Placement<'a> {
    cluster: &'a str,
    host: &'a str,
    model: &'a str,
}

/// The layout table, in English, UTF-8.
pub fn layout(r: &PlanResult) -> Result<Vec<u8>, ReportError> {
    layout_in(r, Text::EN)
}

/// The headers of `columns` in the language of `t`.
fn headers(t: Text, columns: &[&str]) -> Vec<String> {
    columns
        .iter()
        .map(|c| if t.ja() { t.s(&format!("csv_{c}")).to_string() } else { c.to_string() })
        .collect()
}

/// The layout table in the language of `t`, UTF-8.
pub fn layout_in(r: &PlanResult, t: Text) -> Result<Vec<u8>, ReportError> {
    table(&layout_table(r, t), LAYOUT_FILE)
}

/// The table of `layout.csv` (and of the workbook's Layout sheet), in the language of `t`:
/// one row per server, as the module documentation says; quantities rounded to 4 decimals.
pub(crate) fn layout_table(r: &PlanResult, t: Text) -> Table {
    let mut out = Table::with(headers(t, &LAYOUT_COLUMNS), layout_align());
    let rows: HashMap<&str, &ServerRow> = r.servers.iter().map(|s| (s.name.as_str(), s)).collect();
    let reasons: HashMap<&str, String> = r
        .excluded
        .iter()
        .map(|e| (e.server.as_str(), document::reason_words(t, &e.reason)))
        .collect();
    let mut hosts: HashMap<&str, Placement> = HashMap::new();
    let mut written: HashSet<&str> = HashSet::new();

    // Main-site clusters come first; a server also on a BCP site's host keeps its one row (its
    // main-site host), the copy being in `bcp_host`.
    for c in document::clusters_by_site(r) {
        for h in &c.hosts {
            hosts.insert(&h.name, Placement { cluster: &c.name, host: &h.name, model: &h.model });
            for s in &h.servers {
                if !written.insert(s.as_str()) {
                    continue;
                }
                let p = Placement { cluster: &c.name, host: &h.name, model: &h.model };
                let row = rows.get(s.as_str()).copied();
                let reason = reasons.get(s.as_str()).map(String::as_str);
                out.cells(record(t, s, row, Some(&p), reason));
            }
        }
    }
    // Servers staying physical first, then the rest, each in inventory order.
    let rest = r
        .servers
        .iter()
        .filter(|s| s.stays_physical)
        .chain(r.servers.iter().filter(|s| !s.stays_physical));
    for s in rest {
        if !written.insert(s.name.as_str()) {
            continue;
        }
        let p = s.host.as_deref().and_then(|h| hosts.get(h));
        let reason = reasons.get(s.name.as_str()).map(String::as_str).or(match p {
            None if s.stays_physical => Some(t.s("reason_stays_physical_short")),
            None if s.host.is_none() => Some(t.s("reason_not_placed")),
            _ => None,
        });
        out.cells(record(t, &s.name, Some(s), p, reason));
    }
    for e in &r.excluded {
        if written.insert(e.server.as_str()) {
            let reason = document::reason_words(t, &e.reason);
            out.cells(record(t, &e.server, None, None, Some(&reason)));
        }
    }
    out
}

/// Alignment of the layout columns: the four demands and the move year are figures.
fn layout_align() -> Vec<Align> {
    let figures = ["cpu", "vcpu", "memory_gb", "storage_gb", "move_fy"];
    LAYOUT_COLUMNS
        .iter()
        .map(|c| if figures.contains(c) { Align::Right } else { Align::Left })
        .collect()
}

fn record(
    t: Text,
    server: &str,
    row: Option<&ServerRow>,
    placement: Option<&Placement>,
    reason: Option<&str>,
) -> Vec<Cell> {
    let text = |f: fn(&ServerRow) -> String| Cell::text(row.map(f).unwrap_or_default());
    let qty = |f: fn(&ServerRow) -> f64| {
        row.map_or_else(Cell::empty, |s| {
            let x = quantity(f(s));
            Cell::figure(number(x), Value::Quantity(x))
        })
    };
    let flag = |f: fn(&ServerRow) -> bool| {
        Cell::text(
            row.map(|s| {
                if t.ja() { t.s(&format!("csv_{}", f(s))).to_string() } else { f(s).to_string() }
            })
            .unwrap_or_default(),
        )
    };
    let place = |f: for<'p> fn(&'p Placement<'p>) -> &'p str| {
        Cell::text(placement.map(f).unwrap_or_default())
    };
    let move_fy = row
        .and_then(|s| s.move_fy)
        .filter(|_| placement.is_some())
        .map_or_else(Cell::empty, |y| Cell::figure(y.to_string(), Value::Year(f64::from(y))));
    vec![
        place(|p| p.cluster),
        place(|p| p.host),
        place(|p| p.model),
        Cell::text(server),
        text(|s| s.system.clone()),
        text(|s| s.zone.clone()),
        text(|s| s.org.clone()),
        qty(|s| s.demand.cpu),
        qty(|s| s.demand.vcpu),
        qty(|s| s.demand.memory_gb),
        qty(|s| s.storage_gb),
        move_fy,
        text(|s| s.redundancy_group.clone().unwrap_or_default()),
        flag(|s| s.bcp),
        text(|s| s.bcp_host.clone().unwrap_or_default()),
        flag(|s| s.stays_physical),
        text(|s| s.affinity_group.clone().unwrap_or_default()),
        Cell::text(reason.unwrap_or_default()),
    ]
}

/// The cost table, in English, UTF-8.
pub fn costs(r: &PlanResult) -> Result<Vec<u8>, ReportError> {
    costs_in(r, Text::EN)
}

/// The cost table in the language of `t`, UTF-8.
pub fn costs_in(r: &PlanResult, t: Text) -> Result<Vec<u8>, ReportError> {
    table(&costs_table(r, t), COSTS_FILE)
}

/// The table of `costs.csv` (and of the workbook's Costs sheet), in the language of `t`: three
/// rows per fiscal year (baseline, plan, effect), amounts unrounded.
pub(crate) fn costs_table(r: &PlanResult, t: Text) -> Table {
    let align = COSTS_COLUMNS
        .iter()
        .map(|c| if *c == "column" { Align::Left } else { Align::Right })
        .collect();
    let mut out = Table::with(headers(t, &COSTS_COLUMNS), align);
    for y in &r.years {
        let effect = difference(&y.baseline, &y.plan, y.effect);
        for (column, c, cumulative) in [
            ("baseline", &y.baseline, y.baseline_cumulative),
            ("plan", &y.plan, y.plan_cumulative),
            ("effect", &effect, y.baseline_cumulative - y.plan_cumulative),
        ] {
            let money = |x: f64| Cell::figure(number(x), Value::Money(x));
            let mut cells = vec![
                Cell::figure(y.fy.to_string(), Value::Year(f64::from(y.fy))),
                Cell::text(column_label(t, column)),
            ];
            cells.extend(c.categories().iter().map(|x| money(*x)));
            cells.push(money(c.total));
            cells.push(money(cumulative));
            out.cells(cells);
        }
    }
    out
}

/// The `column` value of a cost row (`baseline`, `plan`, `effect`) in the language of `t`.
pub(crate) fn column_label(t: Text, column: &'static str) -> &'static str {
    if t.ja() { t.s(column) } else { column }
}

/// Category-wise `a − b`, with the model's effect as the total.
fn difference(a: &Costs, b: &Costs, total: f64) -> Costs {
    Costs {
        hardware: a.hardware - b.hardware,
        maintenance: a.maintenance - b.maintenance,
        licences: a.licences - b.licences,
        power: a.power - b.power,
        datacentre: a.datacentre - b.datacentre,
        migration: a.migration - b.migration,
        extra: a.extra - b.extra,
        total,
    }
}
