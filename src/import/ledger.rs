//! Server ledgers (サーバ台帳): one row per server, headers in Japanese or English in any
//! order, found by name; columns that are not recognised are listed and ignored.

use super::source::Table;
use super::text::{self, Quantity, is_blank, key};
use super::zones::ZoneMatcher;
use super::{Imported, ImportedServer, Options, RowNote, RowOrigin};
use crate::error::InputError;
use crate::inventory::{ServerCosts, ServerEntry};
use std::collections::BTreeMap;
use std::path::Path;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Zone,
    Number(Quantity),
    Year,
    Flag,
}

/// An inventory field and the headers ledgers give it (compared by [`key`]).
struct FieldDef {
    field: &'static str,
    kind: Kind,
    headers: &'static [&'static str],
}

use Kind::*;
use Quantity::*;

const FIELDS: &[FieldDef] = &[
    FieldDef {
        field: "name",
        kind: Text,
        headers: &[
            "サーバ名",
            "サーバー名",
            "サーバ",
            "サーバー",
            "ホスト名",
            "機器名",
            "装置名",
            "server name",
            "server",
            "hostname",
            "host name",
            "host",
            "name",
        ],
    },
    FieldDef {
        field: "system",
        kind: Text,
        headers: &[
            "システム名",
            "システム",
            "業務名",
            "業務",
            "業務システム",
            "業務システム名",
            "system",
            "system name",
            "application",
        ],
    },
    FieldDef {
        field: "zone",
        kind: Zone,
        headers: &[
            "ネットワーク区分",
            "ネットワーク",
            "セグメント",
            "ネットワークセグメント",
            "NW区分",
            "系統",
            "ゾーン",
            "接続系",
            "zone",
            "network",
            "segment",
        ],
    },
    FieldDef {
        field: "org",
        kind: Text,
        headers: &[
            "所管課",
            "所管",
            "担当課",
            "所属",
            "部署",
            "管理部署",
            "課名",
            "org",
            "organisation",
            "organization",
            "department",
            "owner",
        ],
    },
    FieldDef {
        field: "role",
        kind: Text,
        headers: &["役割", "用途", "サーバ種別", "サーバ用途", "role"],
    },
    FieldDef {
        field: "cores",
        kind: Number(Count),
        headers: &[
            "CPUコア数",
            "コア数",
            "CPUコア",
            "物理コア数",
            "総コア数",
            "cores",
            "core count",
            "cpu cores",
            "number of cores",
        ],
    },
    FieldDef {
        field: "core_perf",
        kind: Number(Ratio),
        headers: &["性能係数", "コア性能", "コア性能係数", "core perf", "core performance"],
    },
    FieldDef {
        field: "vcpus",
        kind: Number(Count),
        headers: &["vCPU", "vCPU数", "vcpus", "仮想CPU数"],
    },
    FieldDef {
        field: "peak_cpu_pct",
        kind: Number(Percent),
        headers: &[
            "CPU使用率",
            "ピーク",
            "ピークCPU使用率",
            "CPUピーク",
            "CPU使用率ピーク",
            "最大CPU使用率",
            "CPU使用率(ピーク)",
            "peak cpu",
            "peak cpu pct",
            "peak",
            "cpu usage",
            "cpu utilisation",
            "cpu utilization",
            "cpu %",
        ],
    },
    FieldDef {
        field: "memory_gb",
        kind: Number(MemoryGb),
        headers: &[
            "メモリ",
            "メモリ容量",
            "メモリー",
            "メモリー容量",
            "搭載メモリ",
            "memory",
            "memory gb",
            "mem",
            "ram",
        ],
    },
    FieldDef {
        field: "storage_gb",
        kind: Number(StorageGb),
        headers: &[
            "ディスク容量",
            "ディスク",
            "ストレージ",
            "ストレージ容量",
            "HDD容量",
            "使用ディスク容量",
            "storage",
            "storage gb",
            "disk",
            "disk gb",
        ],
    },
    FieldDef {
        field: "renewal_fy",
        kind: Year,
        headers: &[
            "更新予定年度",
            "更新年度",
            "更新予定",
            "更新時期",
            "機器更新年度",
            "リース満了年度",
            "renewal",
            "renewal fy",
            "renewal year",
        ],
    },
    FieldDef {
        field: "costs.maintenance",
        kind: Number(Money),
        headers: &[
            "年間保守費",
            "保守費",
            "保守料",
            "年間保守料",
            "保守費用",
            "年間保守費用",
            "maintenance",
            "annual maintenance",
            "costs maintenance",
        ],
    },
    FieldDef {
        field: "costs.renewal",
        kind: Number(Money),
        headers: &[
            "更新費用",
            "更新費",
            "更改費用",
            "更新費用見込",
            "更新概算",
            "renewal cost",
            "renewal price",
            "costs renewal",
        ],
    },
    FieldDef {
        field: "costs.power_w",
        kind: Number(Watts),
        headers: &[
            "消費電力",
            "平均消費電力",
            "電力",
            "power",
            "power w",
            "watts",
            "costs power w",
        ],
    },
    FieldDef {
        field: "costs.os_licence",
        kind: Number(Money),
        headers: &[
            "OSライセンス",
            "OSライセンス費",
            "OSライセンス料",
            "OS保守費",
            "os licence",
            "os license",
            "costs os licence",
        ],
    },
    FieldDef {
        field: "in_scope",
        kind: Flag,
        headers: &["集約対象", "対象", "仮想化対象", "in scope"],
    },
    FieldDef {
        field: "exclude_reason",
        kind: Text,
        headers: &["除外理由", "対象外理由", "exclude reason"],
    },
    FieldDef {
        field: "stay_physical",
        kind: Flag,
        headers: &["物理継続", "物理のまま", "物理存続", "stay physical"],
    },
    FieldDef { field: "bcp", kind: Flag, headers: &["BCP", "BCP対象", "ICT-BCP", "bcp"] },
    FieldDef {
        field: "redundancy_group",
        kind: Text,
        headers: &["冗長グループ", "冗長構成", "冗長化グループ", "redundancy group"],
    },
    FieldDef {
        field: "affinity_group",
        kind: Text,
        headers: &["同居グループ", "アフィニティ", "affinity group"],
    },
    FieldDef {
        field: "note",
        kind: Text,
        headers: &["備考", "note", "notes", "remarks", "comment"],
    },
];

/// Unit words a header may end with when it has no brackets (`メモリGB`).
const HEADER_UNITS: &[&str] =
    &["gb", "gib", "mb", "mib", "tb", "百万円", "千円", "万円", "円", "%", "w", "kw"];

/// CPU utilisation assumed for a row that gives none: the whole server, so that nothing is
/// sized below what it may need.
pub(crate) const DEFAULT_PEAK_CPU_PCT: f64 = 100.0;

/// A recognised column.
#[derive(Debug, Clone)]
struct Column {
    def: usize,
    col: usize,
    header: String,
    factor: f64,
}

/// The field a header names and the unit factor it carries, if any.
fn match_header(header: &str) -> Option<(usize, f64)> {
    let h = text::halfwidth(header);
    let mut unit = String::new();
    let mut base = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '[' | '（' | '［' | '【' => depth += 1,
            ')' | ']' | '）' | '］' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => unit.push(c),
            _ => base.push(c),
        }
    }
    let k = key(&base);
    let find = |k: &str| {
        FIELDS.iter().position(|f| {
            f.field.replace(['_', '.'], "") == k || f.headers.iter().any(|h| key(h) == k)
        })
    };
    let (def, unit) = match find(&k) {
        Some(d) => (d, unit),
        None => {
            let u = HEADER_UNITS.iter().find(|u| k.ends_with(*u) && k.len() > u.len())?;
            (find(&k[..k.len() - u.len()])?, u.to_string())
        }
    };
    let factor = match FIELDS[def].kind {
        Number(q) => q.unit_factor(&key(&unit)).unwrap_or(1.0),
        _ => 1.0,
    };
    Some((def, factor))
}

/// The columns a header row names (at most one per field; a second is an error).
fn header_columns(
    path: &Path,
    line: usize,
    cells: &[String],
    sheet: Option<&str>,
) -> Result<(Vec<Column>, Vec<String>), InputError> {
    let mut cols: Vec<Column> = Vec::new();
    let mut ignored = Vec::new();
    for (i, h) in cells.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match match_header(h) {
            Some((def, factor)) => {
                if let Some(first) = cols.iter().find(|c| c.def == def) {
                    let origin = RowOrigin {
                        file: path.into(),
                        sheet: sheet.map(str::to_string),
                        row: line,
                        columns: BTreeMap::new(),
                    };
                    return Err(origin.error_at(i + 1, h, format!(
                        "a second column for `{}` (the first is `{}`); keep one or rename the other",
                        FIELDS[def].field, first.header
                    )));
                }
                cols.push(Column { def, col: i + 1, header: h.clone(), factor });
            }
            None => ignored.push(h.clone()),
        }
    }
    Ok((cols, ignored))
}

/// The first sheet whose header row names a server column, or an error listing the sheets.
pub(crate) fn pick_sheet<'a>(
    path: &Path,
    tables: &'a [Table],
) -> Result<(&'a Table, String), InputError> {
    for t in tables {
        if find_header(t).is_some() {
            return Ok((t, t.sheet.clone().unwrap_or_default()));
        }
    }
    let names: Vec<String> = tables.iter().filter_map(|t| t.sheet.clone()).collect();
    Err(InputError::file(
        path,
        format!(
            "no sheet has a header row with a server name column (サーバ名, ホスト名 or server name) \
         and cores or memory; sheets: {}",
            names.join(", ")
        ),
    ))
}

/// Index in `t.rows` of the header row: within the first 20 rows, the first that names the
/// server and at least two other fields (title lines above it are skipped).
fn find_header(t: &Table) -> Option<usize> {
    t.rows.iter().take(20).position(|(_, cells)| {
        let defs: Vec<usize> =
            cells.iter().filter_map(|h| match_header(h)).map(|(d, _)| d).collect();
        defs.contains(&0) && defs.len() >= 3
    })
}

/// Reads a ledger table.
pub(crate) fn read(
    path: &Path,
    kind: String,
    t: &Table,
    opts: &Options,
    zones: &ZoneMatcher,
) -> Result<Imported, Vec<InputError>> {
    let Some(h) = find_header(t) else {
        return Err(vec![InputError::file(
            path,
            "no header row found in the first 20 rows: expected columns such as サーバ名 (or server name), システム名, CPUコア数, メモリ(GB), CPU使用率, 更新予定年度, 更新費用",
        )]);
    };
    let (header_line, header_cells) = &t.rows[h];
    let (cols, ignored) = header_columns(path, *header_line, header_cells, t.sheet.as_deref())
        .map_err(|e| vec![e])?;
    let present = |f: &str| cols.iter().any(|c| FIELDS[c.def].field == f);
    let mut notes = Vec::new();
    for (f, what) in [
        ("system", "システム名 missing: each server's system is its name"),
        ("zone", "ネットワーク区分 missing: every server goes to the --zone zone"),
        (
            "peak_cpu_pct",
            "CPU使用率 missing: every server assumed busy 100 % at peak (sized for the whole server)",
        ),
        ("storage_gb", "ディスク容量 missing: storage 0 GB"),
        ("renewal_fy", "更新予定年度 missing: every server renewed in the plan's refresh year"),
        (
            "costs.renewal",
            "更新費用 missing: renewal costs 0 in the baseline (fill them in to compare costs)",
        ),
        ("costs.maintenance", "年間保守費 missing: maintenance 0"),
        ("core_perf", "性能係数 missing: per-core performance 1.0 (a 2012-era core)"),
    ] {
        if !present(f) {
            notes.push(format!("column {what}"));
        }
    }
    let mut out = Imported::start(path, kind, notes, ignored);
    let mut errors = Vec::new();
    for (line, cells) in &t.rows[h + 1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let origin = RowOrigin {
            file: path.into(),
            sheet: t.sheet.clone(),
            row: *line,
            columns: cols
                .iter()
                .map(|c| (FIELDS[c.def].field.to_string(), (c.col, c.header.clone())))
                .collect(),
        };
        let row = Row { cells, cols: &cols, origin: &origin };
        match read_row(&row, opts, zones) {
            Ok(Some((entry, notes))) => {
                if !notes.is_empty() {
                    out.rows.push(RowNote { row: *line, server: entry.name.clone(), notes });
                }
                out.servers.push(ImportedServer { entry, origin });
            }
            Ok(None) => out.rows.push(RowNote {
                row: *line,
                server: String::new(),
                notes: vec!["no server name (a total or comment row): skipped".into()],
            }),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// One data row with its columns.
struct Row<'a> {
    cells: &'a [String],
    cols: &'a [Column],
    origin: &'a RowOrigin,
}

impl Row<'_> {
    /// The cell of a field: `None` when the file has no such column, `Some("")` when blank.
    fn cell(&self, field: &str) -> Option<(&Column, &str)> {
        let c = self.cols.iter().find(|c| FIELDS[c.def].field == field)?;
        let v = self.cells.get(c.col - 1).map_or("", String::as_str);
        Some((c, if is_blank(v) { "" } else { v.trim() }))
    }

    fn text(&self, field: &str) -> Option<String> {
        self.cell(field).map(|(_, v)| v.to_string()).filter(|v| !v.is_empty())
    }

    fn err(&self, c: &Column, message: String) -> InputError {
        self.origin.error_at(c.col, &c.header, message)
    }

    fn number(&self, field: &str, errors: &mut Vec<InputError>) -> Option<f64> {
        let (c, v) = self.cell(field)?;
        if v.is_empty() {
            return None;
        }
        let Number(q) = FIELDS[c.def].kind else { return None };
        text::number(v, q, c.factor).map_err(|m| errors.push(self.err(c, m))).ok()
    }

    /// A yes/no cell; a blank cell is `None` (the field's default).
    fn flag(&self, field: &str, errors: &mut Vec<InputError>) -> Option<bool> {
        let (c, v) = self.cell(field).filter(|(_, v)| !v.is_empty())?;
        text::flag(v).map_err(|m| errors.push(self.err(c, m))).ok()
    }
}

/// Words of a total row (合計 and the like), which is skipped.
const TOTALS: [&str; 5] = ["合計", "小計", "総計", "計", "total"];

/// Reads one row: `Ok(None)` for a total or comment row, else the entry and what was
/// assumed.
fn read_row(
    row: &Row,
    opts: &Options,
    zones: &ZoneMatcher,
) -> Result<Option<(ServerEntry, Vec<String>)>, Vec<InputError>> {
    let Some(name) = server_name(row)? else { return Ok(None) };
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let system = row.text("system").unwrap_or_else(|| {
        if row.cell("system").is_some() {
            notes.push("システム名 blank: system = server name".into());
        }
        name.clone()
    });
    let in_scope = row.flag("in_scope", &mut errors);
    let reason = row.text("exclude_reason");
    let excluded = in_scope == Some(false) || reason.is_some();
    let zone = zone_of(row, opts, zones, &mut errors, &mut notes, !excluded);
    let mut entry = ServerEntry { name, system, zone, org: row.text("org"), ..Default::default() };
    if excluded {
        let reason = reason
            .or(row.text("note"))
            .unwrap_or_else(|| "marked out of scope in the ledger".into());
        notes.push(format!("out of scope ({reason}): other columns not read"));
        entry.in_scope = Some(false);
        entry.exclude_reason = Some(reason);
    } else {
        in_scope_fields(row, opts, &mut entry, &mut errors, &mut notes);
    }
    if errors.is_empty() { Ok(Some((entry, notes))) } else { Err(errors) }
}

/// The row's server name; `None` for a total row or a row with a single value (a comment),
/// an error for a row that has values but no name.
fn server_name(row: &Row) -> Result<Option<String>, Vec<InputError>> {
    let is_total = |c: &str| TOTALS.contains(&text::halfwidth(c).trim().to_lowercase().as_str());
    if let Some(name) = row.text("name") {
        return Ok((!is_total(&name)).then_some(name));
    }
    let filled = row.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let total = row.cells.iter().any(|c| TOTALS.iter().any(|t| c.to_lowercase().contains(t)));
    if total || filled <= 1 {
        return Ok(None);
    }
    let (c, _) = row.cell("name").expect("the header row has a name column");
    Err(vec![row.err(
        c,
        "no server name in a row that has other values; give it a name or delete the row".into(),
    )])
}

/// A number the planner cannot do without (cores, memory): an error when blank or absent.
fn required(row: &Row, field: &str, what: &str, errors: &mut Vec<InputError>) -> Option<f64> {
    match row.cell(field) {
        None => {
            errors.push(
                row.origin
                    .error(None, format!("{what} is required: the file has no column for it")),
            );
            None
        }
        Some((c, "")) => {
            errors.push(
                row.err(c, format!("{what} is required for an in-scope server; the cell is empty")),
            );
            None
        }
        Some(_) => row.number(field, errors),
    }
}

/// The sizing and cost fields of an in-scope row, with a note for each blank cell defaulted.
fn in_scope_fields(
    row: &Row,
    opts: &Options,
    e: &mut ServerEntry,
    errors: &mut Vec<InputError>,
    notes: &mut Vec<String>,
) {
    let mut blank = |field: &str, note: String| {
        if row.cell(field).is_some_and(|(_, v)| v.is_empty()) {
            notes.push(note);
        }
    };
    blank("peak_cpu_pct", format!("CPU使用率 blank: assumed {DEFAULT_PEAK_CPU_PCT} %"));
    blank("storage_gb", "ディスク容量 blank: 0 GB".into());
    blank(
        "renewal_fy",
        format!("更新予定年度 blank: FY{} (the refresh year)", opts.default_renewal_fy),
    );
    blank("costs.renewal", "更新費用 blank: 0".into());
    e.cores = required(row, "cores", "the number of cores (CPUコア数)", errors).map(|c| c as u32);
    e.memory_gb = required(row, "memory_gb", "memory (メモリ)", errors);
    e.peak_cpu_pct = Some(row.number("peak_cpu_pct", errors).unwrap_or(DEFAULT_PEAK_CPU_PCT));
    e.storage_gb = row.number("storage_gb", errors);
    let fy = match row.cell("renewal_fy") {
        Some((c, v)) if !v.is_empty() => {
            text::fiscal_year(v).map_err(|m| errors.push(row.err(c, m))).ok()
        }
        _ => None,
    };
    e.renewal_fy = Some(fy.unwrap_or(opts.default_renewal_fy));
    e.costs = Some(ServerCosts {
        maintenance: row.number("costs.maintenance", errors).unwrap_or(0.0),
        power_w: row.number("costs.power_w", errors).unwrap_or(0.0),
        os_licence: row.number("costs.os_licence", errors).unwrap_or(0.0),
        renewal: row.number("costs.renewal", errors).unwrap_or(0.0),
    });
    e.role = row.text("role");
    e.core_perf = row.number("core_perf", errors);
    e.vcpus = row.number("vcpus", errors).map(|v| v as u32);
    e.redundancy_group = row.text("redundancy_group");
    e.bcp = row.flag("bcp", errors).filter(|b| *b);
    e.stay_physical = row.flag("stay_physical", errors).filter(|b| *b);
    e.affinity_group = row.text("affinity_group");
}

/// The zone of a row: its zone cell matched to the inventory's zones, or the default zone.
fn zone_of(
    row: &Row,
    opts: &Options,
    zones: &ZoneMatcher,
    errors: &mut Vec<InputError>,
    notes: &mut Vec<String>,
    needed: bool,
) -> Option<String> {
    if let Some((c, v)) = row.cell("zone").filter(|(_, v)| !v.is_empty()) {
        return match zones.resolve(v) {
            Ok(Some(z)) => {
                if z != v {
                    notes.push(format!("zone `{v}` → {z}"));
                }
                Some(z.to_string())
            }
            Ok(None) | Err(_) if !needed => {
                notes.push(format!(
                    "zone `{v}` matches no zone: left out (the row is out of scope)"
                ));
                None
            }
            Ok(None) => {
                errors.push(row.err(c, format!(
                    "unknown zone `{v}`; expected one of: {} (or one of the three-layer names such as \
                     LGWAN接続系, or an `aliases:` entry on a zone)",
                    zones.names()
                )));
                None
            }
            Err(m) => {
                errors.push(row.err(c, m));
                None
            }
        };
    }
    match &opts.default_zone {
        Some(z) => {
            if row.cell("zone").is_some() {
                notes.push(format!("ネットワーク区分 blank: zone {z} (--zone)"));
            }
            Some(z.clone())
        }
        None if needed => {
            errors.push(match row.cell("zone") {
                Some((c, _)) => {
                    row.err(c, "no zone: fill in ネットワーク区分 or pass --zone".into())
                }
                None => row
                    .origin
                    .error(None, "no zone: the file has no ネットワーク区分 column; pass --zone"),
            });
            None
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_japanese_and_english_with_units() {
        let f = |h: &str| match_header(h).map(|(d, k)| (FIELDS[d].field, k));
        assert_eq!(f("サーバ名"), Some(("name", 1.0)));
        assert_eq!(f("Server Name"), Some(("name", 1.0)));
        assert_eq!(f("メモリ(GB)"), Some(("memory_gb", 1.0)));
        assert_eq!(f("メモリ（ＭＢ）"), Some(("memory_gb", 1.0 / 1024.0)));
        assert_eq!(f("年間保守費(千円)"), Some(("costs.maintenance", 1000.0)));
        assert_eq!(f("ディスク容量TB"), Some(("storage_gb", 1000.0)));
        assert_eq!(f("peak_cpu_pct"), Some(("peak_cpu_pct", 1.0)));
        assert_eq!(f("更新予定年度"), Some(("renewal_fy", 1.0)));
        assert_eq!(f("購入日"), None);
    }
}
