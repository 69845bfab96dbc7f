//! The plan's tables that are files of their own and sheets of the workbook: the layout (one
//! row per server) and the costs (three rows per fiscal year), built once here from the plan
//! result with the language applied, as [`Table`]s of typed cells. [`super::csv`] writes them
//! as `layout.csv` and `costs.csv` (machine headers in English), [`super::xlsx`] as the Layout
//! and Costs sheets (readable headers, the costs with their totals as formulas), beside the
//! Hosts, Purchases and Time of day sheets built here too. The columns are documented in [`super::csv`].

use std::collections::{HashMap, HashSet};

use crate::plan::{Costs, PlanResult, ServerRow};

use super::document;
use super::i18n::Text;
use super::table::{Align, Cell, Sum, Table, Value};

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

/// One placed or left-out server, as layout rows see it.
struct Placement<'a> {
    cluster: &'a str,
    host: &'a str,
    model: &'a str,
}

/// The headers of `columns` in the language of `t`.
fn headers(t: Text, columns: &[&str]) -> Vec<String> {
    columns
        .iter()
        .map(|c| if t.ja() { t.s(&format!("csv_{c}")).to_string() } else { c.to_string() })
        .collect()
}

/// The table of `layout.csv` (and of the workbook's Layout sheet), in the language of `t`:
/// one row per server, as the module documentation says; quantities rounded to 4 decimals.
pub(crate) fn layout(r: &PlanResult, t: Text) -> Table {
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
            Cell::figure(x.to_string(), Value::Quantity(x))
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

/// A resource quantity, rounded to 4 decimals.
fn quantity(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The table of `costs.csv` (and of the workbook's Costs sheet), in the language of `t`: three
/// rows per fiscal year (baseline, plan, effect), amounts unrounded.
pub(crate) fn costs(r: &PlanResult, t: Text) -> Table {
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
            let money = |x: f64| Cell::figure(x.to_string(), Value::Money(x));
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

/// Readable headers of `columns` by catalogue key (`prefix` + column), for the workbook.
fn readable(t: Text, prefix: &str, columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| t.s(&format!("{prefix}{c}")).to_string()).collect()
}

/// The workbook's Layout sheet: the rows of `layout.csv` under readable headers.
pub(crate) fn layout_sheet(r: &PlanResult, t: Text) -> Table {
    let mut out = layout(r, t);
    out.header = readable(t, "csv_", &LAYOUT_COLUMNS);
    out
}

/// The workbook's Costs sheet: the rows of `costs.csv` under readable headers, then the
/// horizon's totals of baseline, plan and effect, each summing the rows of its kind.
pub(crate) fn costs_sheet(r: &PlanResult, t: Text) -> Table {
    let mut out = costs(r, t);
    out.header = readable(t, "csv_", &COSTS_COLUMNS);
    out.key_columns = 2;
    let baseline = document::sum_costs(r.years.iter().map(|y| &y.baseline));
    let plan = document::sum_costs(r.years.iter().map(|y| &y.plan));
    let effect = difference(&baseline, &plan, r.summary.cost_effect);
    for (column, c) in [("baseline", &baseline), ("plan", &plan), ("effect", &effect)] {
        let money = |x: f64| Cell::figure(x.to_string(), Value::Money(x));
        let mut cells = vec![Cell::text(t.s("total")), Cell::text(column_label(t, column))];
        cells.extend(c.categories().iter().map(|x| money(*x)));
        cells.push(money(c.total));
        cells.push(Cell::empty());
        out.sum_cells(cells, Sum::Matching(1));
    }
    out
}

/// Columns of the Hosts sheet.
const HOST_COLUMNS: [&str; 20] = [
    "cluster",
    "site",
    "host",
    "model",
    "role",
    "bought_fy",
    "servers",
    "cpu_used",
    "cpu_limit",
    "cpu_capacity",
    "cpu_utilisation",
    "vcpu_used",
    "vcpu_limit",
    "vcpu_capacity",
    "vcpu_utilisation",
    "memory_gb_used",
    "memory_gb_limit",
    "memory_gb_capacity",
    "memory_utilisation",
    "binding_loss",
];

/// The workbook's Hosts sheet: one row per host, in the plan's cluster order, with its use,
/// limit and capacity of each resource and whether its loss is the failover's binding one.
pub(crate) fn hosts(r: &PlanResult, t: Text) -> Table {
    let align = HOST_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, _)| if i < 5 || i == 19 { Align::Left } else { Align::Right })
        .collect();
    let mut out = Table::with(readable(t, "h_", &HOST_COLUMNS), align);
    out.key_columns = 3;
    for c in document::clusters_by_site(r) {
        for h in &c.hosts {
            let mut cells = vec![
                Cell::text(c.name.as_str()),
                Cell::text(c.site.as_str()),
                Cell::text(h.name.as_str()),
                Cell::text(h.model.as_str()),
                Cell::text(document::role_label(t, document::role(h))),
                year(h.bought_fy),
                count(h.servers.len()),
            ];
            for k in 0..3 {
                cells.push(qty(h.used.values()[k]));
                cells.push(qty(h.limit.values()[k]));
                cells.push(qty(h.capacity.values()[k]));
                let pct = h.utilisation_pct.values()[k];
                cells.push(Cell::figure(format!("{pct}"), Value::Percent(pct)));
            }
            let binding = c.failover.required > 0 && c.failover.binding_loss.contains(&h.name);
            cells.push(Cell::text(t.s(super::format::yes_no(binding))));
            out.cells(cells);
        }
    }
    out
}

/// The workbook's Purchases sheet: hosts bought by fiscal year, cluster and model (clusters in
/// the plan's order within a year), then their total.
pub(crate) fn purchases(r: &PlanResult, t: Text) -> Table {
    let columns = ["fy", "cluster", "site", "model", "hosts_bought"];
    let align = vec![Align::Right, Align::Left, Align::Left, Align::Left, Align::Right];
    let mut out = Table::with(readable(t, "h_", &columns), align);
    let mut rows: Vec<(i32, usize, &crate::plan::Cluster, String, usize)> = Vec::new();
    for (i, c) in document::clusters_by_site(r).into_iter().enumerate() {
        for (fy, model, n) in document::purchases_of(c) {
            rows.push((fy, i, c, model, n));
        }
    }
    rows.sort_by_key(|p| (p.0, p.1));
    for (fy, _, c, model, n) in &rows {
        out.cells(vec![
            year(*fy),
            Cell::text(c.name.as_str()),
            Cell::text(c.site.as_str()),
            Cell::text(model.as_str()),
            count(*n),
        ]);
    }
    if !rows.is_empty() {
        let total: usize = rows.iter().map(|p| p.4).sum();
        let mut cells = vec![Cell::text(t.s("total"))];
        cells.extend((0..3).map(|_| Cell::empty()));
        cells.push(count(total));
        out.sum_cells(cells, Sum::All);
    }
    out
}

/// The workbook's Time of day sheet: for each host of a time-of-day cluster that has a day
/// profile, its CPU target and its CPU use hour by hour (percentages). No row when no host
/// has a profile.
pub(crate) fn hours(r: &PlanResult, t: Text) -> Table {
    let mut header = readable(t, "h_", &["cluster", "host", "role", "cpu_target"]);
    header.extend((0..24).map(|h| format!("{h}:00")));
    let mut align = vec![Align::Left; 3];
    align.extend([Align::Right; 25]);
    let mut out = Table::with(header, align);
    out.key_columns = 2;
    let pct = |x: f64| Cell::figure(format!("{x}"), Value::Percent(x));
    for c in document::clusters_by_site(r).into_iter().filter(|c| c.time_of_day) {
        for h in &c.hosts {
            let Some(p) = h.cpu_by_hour_pct.as_deref() else { continue };
            let mut cells = vec![
                Cell::text(c.name.as_str()),
                Cell::text(h.name.as_str()),
                Cell::text(document::role_label(t, document::role(h))),
                pct(c.policy.target_cpu_pct),
            ];
            cells.extend(p.iter().take(24).map(|v| pct(*v)));
            out.cells(cells);
        }
    }
    out
}

fn year(fy: i32) -> Cell {
    Cell::figure(fy.to_string(), Value::Year(f64::from(fy)))
}

fn count(n: usize) -> Cell {
    Cell::figure(n.to_string(), Value::Count(n as f64))
}

fn qty(x: f64) -> Cell {
    Cell::figure(x.to_string(), Value::Quantity(x))
}
