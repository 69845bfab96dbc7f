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

use crate::plan::PlanResult;

use super::i18n::Text;
use super::table::{Table, Value};
use super::{CsvEncoding, Output, OutputFile, ReportError, ReportOptions, tables};

/// `layout.csv`.
pub struct LayoutCsv;

/// `costs.csv`.
pub struct CostsCsv;

/// File name of the layout table.
pub const LAYOUT_FILE: &str = "layout.csv";

/// File name of the cost table.
pub const COSTS_FILE: &str = "costs.csv";

pub use super::tables::{COSTS_COLUMNS, LAYOUT_COLUMNS};

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

fn finish(w: ::csv::Writer<Vec<u8>>, file: &str) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::new(file, e.error()))
}

/// The layout table, in English, UTF-8.
pub fn layout(r: &PlanResult) -> Result<Vec<u8>, ReportError> {
    layout_in(r, Text::EN)
}

/// The layout table in the language of `t`, UTF-8.
pub fn layout_in(r: &PlanResult, t: Text) -> Result<Vec<u8>, ReportError> {
    table(&tables::layout(r, t), LAYOUT_FILE)
}

/// The cost table, in English, UTF-8.
pub fn costs(r: &PlanResult) -> Result<Vec<u8>, ReportError> {
    costs_in(r, Text::EN)
}

/// The cost table in the language of `t`, UTF-8.
pub fn costs_in(r: &PlanResult, t: Text) -> Result<Vec<u8>, ReportError> {
    table(&tables::costs(r, t), COSTS_FILE)
}
