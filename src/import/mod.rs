//! Servers from the files a city already has: server ledgers (サーバ台帳) in CSV or Excel,
//! and RVTools exports of VMware estates. Each file becomes a list of [`ServerEntry`]s with,
//! per row, what was assumed, defaulted or skipped; a row that cannot be read is an error
//! naming the file, row and column. `consolidate import` writes the entries into an
//! inventory; an inventory's `servers_from` reads them at load.

mod ledger;
pub mod output;
mod rvtools;
mod source;
mod text;
pub mod zones;

use crate::error::InputError;
use crate::inventory::{ServerEntry, Zone};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zones::ZoneMatcher;

/// What an import needs from the inventory the servers go into.
#[derive(Debug, Clone)]
pub struct Options {
    /// The inventory's zones (zone values are matched to them).
    pub zones: Vec<Zone>,
    /// Zone of the rows that name none.
    pub default_zone: Option<String>,
    /// RVTools: keep powered-off virtual machines in scope.
    pub include_powered_off: bool,
    /// Renewal year of rows that give none (the plan's refresh year: they move when the new
    /// hosts are bought).
    pub default_renewal_fy: i32,
}

/// Where an imported server came from: file, sheet, row, and the column of each field.
#[derive(Debug, Clone, PartialEq)]
pub struct RowOrigin {
    /// The file.
    pub file: PathBuf,
    /// The sheet (workbooks).
    pub sheet: Option<String>,
    /// The row as the user sees it (1-based).
    pub row: usize,
    /// Inventory field (`memory_gb`, `costs.renewal`) → (1-based column, header text).
    pub columns: BTreeMap<String, (usize, String)>,
}

impl RowOrigin {
    /// An error about this row, at the column of `field` when the file has one.
    pub fn error(&self, field: Option<&str>, message: impl Into<String>) -> InputError {
        match field.and_then(|f| self.columns.get(f)) {
            Some((col, header)) => self.error_at(*col, header, message),
            None => {
                let what = match (&self.sheet, field) {
                    (Some(s), Some(f)) => Some(format!("sheet `{s}` row {}: {f}", self.row)),
                    (Some(s), None) => Some(format!("sheet `{s}` row {}", self.row)),
                    (None, f) => f.map(str::to_string),
                };
                InputError::at(&self.file, self.row, 1, what, message)
            }
        }
    }

    /// An error at a column of this row.
    pub fn error_at(&self, col: usize, header: &str, message: impl Into<String>) -> InputError {
        let cell = source::column_letters(col);
        let field = match &self.sheet {
            Some(s) => format!("{s}!{cell}{} `{header}`", self.row),
            None => format!("column {cell} `{header}`"),
        };
        InputError::at(&self.file, self.row, col, Some(field), message)
    }
}

/// One server read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedServer {
    /// The server as an inventory entry.
    pub entry: ServerEntry,
    /// Where it came from.
    pub origin: RowOrigin,
}

/// What one row led to, for the report: assumptions, defaults, or why it was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct RowNote {
    /// The row (1-based, as the user sees it).
    pub row: usize,
    /// The server's name, when the row has one.
    pub server: String,
    /// What was assumed, defaulted or skipped.
    pub notes: Vec<String>,
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The file.
    pub file: PathBuf,
    /// What it was read as (`server ledger, CSV in Shift_JIS (CP932)`).
    pub kind: String,
    /// The servers, in file order.
    pub servers: Vec<ImportedServer>,
    /// Notes about the whole file (columns it lacks and the defaults used instead).
    pub notes: Vec<String>,
    /// Per-row notes.
    pub rows: Vec<RowNote>,
    /// Headers of columns that were not used.
    pub ignored_columns: Vec<String>,
}

impl Imported {
    /// A file's result before its rows are read: what it is, its notes and unused columns.
    fn start(file: &Path, kind: String, notes: Vec<String>, ignored: Vec<String>) -> Self {
        Imported {
            file: file.into(),
            kind,
            servers: Vec::new(),
            notes,
            rows: Vec::new(),
            ignored_columns: ignored,
        }
    }

    /// The report printed by `consolidate import`: what the file was read as, the columns
    /// ignored, the file's defaults and each row's notes.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{}: {} — {} servers ({} in scope)\n",
            self.file.display(),
            self.kind,
            self.servers.len(),
            self.servers.iter().filter(|s| s.entry.in_scope != Some(false)).count()
        );
        if !self.ignored_columns.is_empty() {
            out += &format!("  columns ignored: {}\n", self.ignored_columns.join(", "));
        }
        for n in &self.notes {
            out += &format!("  {n}\n");
        }
        for r in &self.rows {
            let who = if r.server.is_empty() { String::new() } else { format!(" {}", r.server) };
            out += &format!("  row {}{who}: {}\n", r.row, r.notes.join("; "));
        }
        out
    }
}

/// Reads servers from a ledger (CSV or workbook) or an RVTools export (workbook with a vInfo
/// sheet, or `RVTools_tabvInfo.csv`). Every row that cannot be read is reported, not the
/// first only.
pub fn read(path: &Path, opts: &Options) -> Result<Imported, Vec<InputError>> {
    let zones = ZoneMatcher::new(&opts.zones);
    let bytes = source::read_bytes(path).map_err(|e| vec![e])?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase();
    if ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&ext.as_str()) {
        let tables = source::workbook_tables(path, bytes).map_err(|e| vec![e])?;
        if let Some(vinfo) = tables.iter().find(|t| rvtools::is_vinfo_sheet(t)) {
            return rvtools::read(
                path,
                "RVTools export (workbook)".into(),
                vinfo,
                &tables,
                opts,
                &zones,
            );
        }
        let (table, sheet_note) = ledger::pick_sheet(path, &tables).map_err(|e| vec![e])?;
        let mut out = ledger::read(
            path,
            format!("server ledger, workbook sheet `{sheet_note}`"),
            table,
            opts,
            &zones,
        )?;
        out.kind = format!("server ledger, workbook sheet `{sheet_note}`");
        return Ok(out);
    }
    let (text, encoding) = source::decode(path, &bytes).map_err(|e| vec![e])?;
    let table = source::csv_table(path, &text).map_err(|e| vec![e])?;
    if rvtools::is_vinfo_csv(path, &table) {
        let siblings = rvtools::csv_siblings(path).map_err(|e| vec![e])?;
        return rvtools::read(
            path,
            format!("RVTools export (vInfo CSV, {encoding})"),
            &table,
            &siblings,
            opts,
            &zones,
        );
    }
    ledger::read(path, format!("server ledger, CSV in {encoding}"), &table, opts, &zones)
}
