//! RVTools exports: the vInfo tab (one row per virtual machine), with the vCPU, vHost and
//! vMemory tabs where present, from the workbook or from the per-tab CSV files
//! (`RVTools_tabvInfo.csv` and its siblings). Older versions head columns `VM`, `Powerstate`,
//! `Memory`, `Provisioned MB`; newer ones `Provisioned MiB`, and the CSV export
//! `vInfoVMName`, `vInfoPowerstate`, ... — all are read.

use super::source::{self, Table};
use super::text::{self, Quantity};
use super::zones::ZoneMatcher;
use super::{Imported, ImportedServer, Options, RowNote, RowOrigin};
use crate::error::InputError;
use crate::inventory::{ServerCosts, ServerEntry};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A header reduced to letters and digits, lower case, without the tab prefix the CSV export
/// puts in front (`vInfoVMName` → `vmname`).
fn rv_key(header: &str) -> String {
    let k: String = text::halfwidth(header)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    for tab in ["vinfo", "vhost", "vcpu", "vmemory"] {
        if let Some(rest) = k.strip_prefix(tab)
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    k
}

/// Canonical column → header keys it has had across RVTools versions.
const COLUMNS: &[(&str, &[&str])] = &[
    ("vm", &["vm", "vmname"]),
    ("powerstate", &["powerstate"]),
    ("template", &["template"]),
    ("cpus", &["cpus", "numcpu", "numcpus"]),
    ("memory", &["memory", "memorymb", "memorymib"]),
    ("provisioned", &["provisionedmib", "provisionedmb", "provisioned"]),
    ("host", &["host", "hostname", "name"]),
    ("cluster", &["cluster", "clustername"]),
    ("datacenter", &["datacenter", "datacentre"]),
    ("annotation", &["annotation"]),
    ("overall", &["overall", "overallmhz"]),
    ("max", &["max", "maxmhz"]),
    ("speed", &["speed", "speedmhz", "cpuspeed"]),
    ("cpuusage", &["cpuusage"]),
    ("size", &["sizemib", "sizemb"]),
];

/// A table's columns by canonical name (1-based), and the headers not used.
fn columns(t: &Table) -> (HashMap<&'static str, (usize, String)>, Vec<String>) {
    let mut map = HashMap::new();
    let mut ignored = Vec::new();
    let header = t.rows.first().map(|(_, c)| c.as_slice()).unwrap_or_default();
    for (i, h) in header.iter().enumerate() {
        let k = rv_key(h);
        match COLUMNS.iter().find(|(_, keys)| keys.contains(&k.as_str())) {
            Some((name, _)) if !map.contains_key(name) => {
                map.insert(*name, (i + 1, h.clone()));
            }
            _ if !h.is_empty() => ignored.push(h.clone()),
            _ => {}
        }
    }
    (map, ignored)
}

/// Whether a workbook sheet is RVTools' vInfo tab.
pub(crate) fn is_vinfo_sheet(t: &Table) -> bool {
    t.sheet.as_deref().is_some_and(|s| ["vinfo", "tabvinfo"].contains(&s.to_lowercase().as_str()))
}

/// Whether a CSV file is RVTools' vInfo tab: named so, or headed with `VM` and `Powerstate`.
pub(crate) fn is_vinfo_csv(path: &Path, t: &Table) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_lowercase();
    let (cols, _) = columns(t);
    name.contains("vinfo") || (cols.contains_key("vm") && cols.contains_key("powerstate"))
}

/// The vHost, vCPU and vMemory CSV files beside a vInfo CSV (`RVTools_tabvHost.csv`, ...),
/// those that exist, as tables named after their tab.
pub(crate) fn csv_siblings(path: &Path) -> Result<Vec<Table>, InputError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let Some(at) = name.to_lowercase().find("vinfo") else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for tab in ["vHost", "vCPU", "vMemory"] {
        let sibling: PathBuf =
            path.with_file_name(format!("{}{tab}{}", &name[..at], &name[at + 5..]));
        if !sibling.is_file() {
            continue;
        }
        let bytes = source::read_bytes(&sibling)?;
        let (text, _) = source::decode(&sibling, &bytes)?;
        let mut t = source::csv_table(&sibling, &text)?;
        t.sheet = Some(tab.to_string());
        out.push(t);
    }
    Ok(out)
}

/// Per-VM or per-host figures from a side tab, by the key column's value.
fn side(tables: &[Table], tab: &str, key: &str, value: &str) -> HashMap<String, f64> {
    let Some(t) = tables.iter().find(|t| {
        t.sheet.as_deref().is_some_and(|s| {
            s.eq_ignore_ascii_case(tab) || s.eq_ignore_ascii_case(&format!("tab{tab}"))
        })
    }) else {
        return HashMap::new();
    };
    let (cols, _) = columns(t);
    let (Some((k, _)), Some((v, _))) = (cols.get(key), cols.get(value)) else {
        return HashMap::new();
    };
    t.rows
        .iter()
        .skip(1)
        .filter_map(|(_, cells)| {
            let name = cells.get(k - 1)?.trim().to_string();
            let x = text::number(cells.get(v - 1)?, Quantity::Ratio, 1.0).ok()?;
            Some((name, x))
        })
        .collect()
}

/// The figures of the side tabs, by VM or host name.
struct Side {
    /// vCPU tab: the VM's CPU use and its maximum, MHz.
    overall: HashMap<String, f64>,
    max: HashMap<String, f64>,
    /// vHost tab: the host's CPU usage, percent.
    host_usage: HashMap<String, f64>,
    /// vMemory tab: the VM's memory, MiB.
    memory: HashMap<String, f64>,
}

/// What one vInfo row needs: its cells by canonical column, where it is, the side tabs.
struct Vm<'a> {
    cols: &'a HashMap<&'static str, (usize, String)>,
    cells: &'a [String],
    origin: RowOrigin,
    side: &'a Side,
}

impl Vm<'_> {
    fn get(&self, c: &str) -> &str {
        self.cols.get(c).and_then(|(i, _)| self.cells.get(i - 1)).map_or("", |s| s.trim())
    }

    /// A number cell (`q` checks it), reported at the inventory field's column when bad.
    fn number(
        &self,
        field: &str,
        col: &str,
        q: Quantity,
        errors: &mut Vec<InputError>,
    ) -> Option<f64> {
        text::number(self.get(col), q, 1.0)
            .map_err(|m| errors.push(self.origin.error(Some(field), m)))
            .ok()
    }
}

/// Reads the vInfo table, with the side tabs among `tables` where present.
pub(crate) fn read(
    path: &Path,
    kind: String,
    vinfo: &Table,
    tables: &[Table],
    opts: &Options,
    zones: &ZoneMatcher,
) -> Result<Imported, Vec<InputError>> {
    let (cols, ignored) = columns(vinfo);
    let header_line = vinfo.rows.first().map_or(1, |(l, _)| *l);
    let at = |row| RowOrigin {
        file: path.into(),
        sheet: vinfo.sheet.clone(),
        row,
        columns: BTreeMap::new(),
    };
    if let Some(need) = ["vm", "cpus", "memory"].into_iter().find(|c| !cols.contains_key(c)) {
        return Err(vec![at(header_line).error(None, format!(
            "no `{need}` column in the vInfo header; expected RVTools' vInfo tab (VM, Powerstate, Template, CPUs, Memory, ...)"
        ))]);
    }
    let side = Side {
        overall: side(tables, "vCPU", "vm", "overall"),
        max: side(tables, "vCPU", "vm", "max"),
        host_usage: side(tables, "vHost", "host", "cpuusage"),
        memory: side(tables, "vMemory", "vm", "size"),
    };
    let notes = file_notes(tables, opts, side.overall.is_empty());
    let mut out = Imported::start(path, kind, notes, ignored);
    let columns_of: BTreeMap<String, (usize, String)> = [
        ("name", "vm"),
        ("cores", "cpus"),
        ("memory_gb", "memory"),
        ("storage_gb", "provisioned"),
        ("zone", "cluster"),
    ]
    .iter()
    .filter_map(|(f, c)| cols.get(c).map(|v| (f.to_string(), v.clone())))
    .collect();
    let mut errors = Vec::new();
    for (line, cells) in
        vinfo.rows.iter().skip(1).filter(|(_, c)| c.iter().any(|c| !c.trim().is_empty()))
    {
        let vm = Vm {
            cols: &cols,
            cells,
            origin: RowOrigin { columns: columns_of.clone(), ..at(*line) },
            side: &side,
        };
        let (server, notes) = read_vm(&vm, opts, zones, &mut errors);
        if !notes.is_empty() {
            out.rows.push(RowNote { row: *line, server: vm.get("vm").to_string(), notes });
        }
        out.servers.extend(server);
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// What the whole file assumes (printed once, not per VM).
fn file_notes(tables: &[Table], opts: &Options, no_per_vm_cpu: bool) -> Vec<String> {
    let tabs: String = tables
        .iter()
        .filter_map(|t| t.sheet.clone())
        .filter(|s| ["vcpu", "vhost", "vmemory"].contains(&s.to_lowercase().as_str()))
        .map(|t| format!(", {t}"))
        .collect();
    let mut notes = vec![
        format!("tabs read: vInfo{tabs} (vMemory only where vInfo gives no memory)"),
        "memory: vInfo Memory (MiB) ÷ 1024; storage: Provisioned MiB ÷ 1024".into(),
        "each vCPU counted as one core of per-core performance 1.0 (set core_perf if the current hosts' cores are faster or slower than a 2012-era core)".into(),
        format!("renewal year FY{} for every VM (they move when the new hosts are bought)", opts.default_renewal_fy),
        "costs 0 (a VM has no hardware of its own; the baseline renews nothing for it)".into(),
        "CPU figures are RVTools' snapshot at export time, not a measured peak".into(),
    ];
    if no_per_vm_cpu {
        notes.push("no per-VM CPU figure (vCPU tab with Overall): CPU demand from the host's CPU usage where vHost gives it".into());
    }
    notes
}

/// One virtual machine: the server it becomes (none for a template) and what was assumed.
fn read_vm(
    vm: &Vm,
    opts: &Options,
    zones: &ZoneMatcher,
    errors: &mut Vec<InputError>,
) -> (Option<ImportedServer>, Vec<String>) {
    let name = vm.get("vm").to_string();
    if name.is_empty() {
        errors.push(vm.origin.error(Some("name"), "no VM name"));
        return (None, Vec::new());
    }
    if text::flag(vm.get("template")).unwrap_or(false) {
        return (None, vec!["template: skipped".into()]);
    }
    let mut notes = Vec::new();
    let powered_off = rv_key(vm.get("powerstate")) == "poweredoff";
    let system = annotation(vm.get("annotation")).unwrap_or_else(|| name.clone());
    if powered_off && !opts.include_powered_off {
        notes.push("powered off: listed as excluded (--include-powered-off keeps it)".into());
        let zone = vm_zone(vm.get("cluster"), vm.get("datacenter"), opts, zones).ok().flatten();
        let entry = ServerEntry {
            name,
            system,
            zone,
            in_scope: Some(false),
            exclude_reason: Some("powered off in the RVTools export".into()),
            ..Default::default()
        };
        return (Some(ImportedServer { entry, origin: vm.origin.clone() }), notes);
    }
    let cpus = vm.number("cores", "cpus", Quantity::Count, errors);
    let memory_mib = vm
        .number("memory_gb", "memory", Quantity::Ratio, errors)
        .or_else(|| vm.side.memory.get(&name).copied());
    let storage_mib = match vm.get("provisioned") {
        "" => None,
        _ => vm.number("storage_gb", "provisioned", Quantity::Ratio, errors),
    };
    let zone = zone_of(vm, opts, zones, errors, &mut notes);
    let peak = cpu_pct(vm, &name, &mut notes);
    if powered_off {
        notes.push("powered off: kept in scope (--include-powered-off)".into());
    }
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let entry = ServerEntry {
        name,
        system,
        zone,
        cores: cpus.map(|c| c as u32),
        vcpus: cpus.map(|c| c as u32),
        peak_cpu_pct: Some(round(peak)),
        memory_gb: memory_mib.map(|m| round(m / 1024.0)),
        storage_gb: storage_mib.map(|m| round(m / 1024.0)),
        renewal_fy: Some(opts.default_renewal_fy),
        costs: Some(ServerCosts { maintenance: 0.0, power_w: 0.0, os_licence: 0.0, renewal: 0.0 }),
        ..Default::default()
    };
    (Some(ImportedServer { entry, origin: vm.origin.clone() }), notes)
}

/// The zone of an in-scope VM, or an error at its cluster column.
fn zone_of(
    vm: &Vm,
    opts: &Options,
    zones: &ZoneMatcher,
    errors: &mut Vec<InputError>,
    notes: &mut Vec<String>,
) -> Option<String> {
    let (cluster, datacenter) = (vm.get("cluster"), vm.get("datacenter"));
    match vm_zone(cluster, datacenter, opts, zones) {
        Ok(Some(z)) => {
            let named = |v: &str| zones.resolve(v).ok().flatten().is_some();
            if !named(cluster) && !named(datacenter) {
                notes.push(format!("zone {z} (--zone: cluster `{cluster}` names no zone)"));
            }
            Some(z)
        }
        Ok(None) => {
            errors.push(vm.origin.error(Some("zone"), format!(
                "cannot tell the zone: cluster `{cluster}` and datacenter `{datacenter}` match no zone ({}); pass --zone or add an alias to a zone",
                zones.names()
            )));
            None
        }
        Err(m) => {
            errors.push(vm.origin.error(Some("zone"), m));
            None
        }
    }
}

/// CPU utilisation of a VM: its own (vCPU Overall ÷ Max), else its host's (vHost CPU usage),
/// else the whole VM; the fallbacks are noted.
fn cpu_pct(vm: &Vm, name: &str, notes: &mut Vec<String>) -> f64 {
    if let (Some(o), Some(m)) = (vm.side.overall.get(name), vm.side.max.get(name))
        && *m > 0.0
    {
        return (o / m * 100.0).clamp(0.0, 100.0);
    }
    let host = vm.get("host");
    match vm.side.host_usage.get(host) {
        Some(u) => {
            notes.push(format!("CPU {u} % from host {host}'s utilisation (no per-VM figure)"));
            u.clamp(0.0, 100.0)
        }
        None => {
            let pct = super::ledger::DEFAULT_PEAK_CPU_PCT;
            notes.push(format!("no CPU figure for the VM or its host: assumed {pct} %"));
            pct
        }
    }
}

/// The first line of a VM's annotation, as its business system.
fn annotation(a: &str) -> Option<String> {
    a.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string)
}

/// The zone of a VM: its cluster's or datacenter's name matched to a zone, else `--zone`.
fn vm_zone(
    cluster: &str,
    datacenter: &str,
    opts: &Options,
    zones: &ZoneMatcher,
) -> Result<Option<String>, String> {
    for v in [cluster, datacenter] {
        if let Some(z) = zones.resolve(v)? {
            return Ok(Some(z.to_string()));
        }
    }
    Ok(opts.default_zone.clone())
}
