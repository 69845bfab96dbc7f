//! The content of the human-readable report, independent of markup. [`build`] turns a plan
//! result into a list of blocks; [`super::markdown`] and [`super::html`] only lay them out.
//!
//! Each section is one function from the plan result to blocks, listed in [`SECTIONS`]; a new
//! part of the model (BCP clusters, per-year layouts, time-of-day utilisation…) gets a new
//! function there and appears in both formats.

use crate::plan::{Cluster, Costs, Host, PlanResult, Resources};

use super::charts::ChartKind;
use super::format::{self, Money};

/// A run of text inside a paragraph, list item or table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised text.
    Strong(String),
    /// A name or code (server, host, model names).
    Code(String),
}

/// Text made of inline runs.
pub type Rich = Vec<Inline>;

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Figures.
    Right,
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Cells, as many as the table has columns.
    pub cells: Vec<String>,
    /// A totals row, shown emphasised.
    pub strong: bool,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Alignment per column.
    pub align: Vec<Align>,
    /// Rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// A table with headings; alignment per heading.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            header: columns.iter().map(|(h, _)| h.to_string()).collect(),
            align: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row { cells, strong: false });
    }

    /// Adds a totals row.
    pub fn strong_row(&mut self, cells: Vec<String>) {
        self.rows.push(Row { cells, strong: true });
    }
}

/// A block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is the title.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Rich),
    /// A bulleted list.
    List(Vec<Rich>),
    /// A table.
    Table(Table),
    /// One of the charts: an image link in markdown, the SVG inlined in HTML.
    Chart(ChartKind),
}

/// The report: blocks in reading order.
pub type Document = Vec<Block>;

/// A section of the report.
pub type Section = fn(&PlanResult, &Money) -> Vec<Block>;

/// The sections, in reading order.
pub const SECTIONS: &[Section] =
    &[title, summary, how_to_read, clusters, costs, excluded, extra_items, assumptions];

/// The whole report.
pub fn build(r: &PlanResult) -> Document {
    let money = Money::new(&r.plan.currency);
    SECTIONS.iter().flat_map(|section| section(r, &money)).collect()
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

fn para(runs: Rich) -> Block {
    Block::Paragraph(runs)
}

/// Host models of a cluster with counts, normal hosts then spares: `3× std-32c + 1 spare
/// std-32c`.
pub fn host_models(c: &Cluster) -> String {
    if c.hosts.is_empty() {
        return "no hosts".into();
    }
    let mut parts = Vec::new();
    for spare in [false, true] {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for h in c.hosts.iter().filter(|h| h.spare == spare) {
            match counts.iter_mut().find(|(m, _)| *m == h.model) {
                Some((_, n)) => *n += 1,
                None => counts.push((&h.model, 1)),
            }
        }
        for (model, n) in counts {
            parts.push(if spare { format!("{n} spare {model}") } else { format!("{n}× {model}") });
        }
    }
    parts.join(" + ")
}

/// Target utilisation of a host per resource in percent (limit / capacity), 0 when the
/// capacity is 0.
pub fn target_pct(h: &Host) -> Resources {
    h.limit.percent_of(&h.capacity)
}

/// The target utilisation of a cluster per resource, from its first host with capacity.
pub fn cluster_target_pct(c: &Cluster) -> Option<Resources> {
    c.hosts.iter().find(|h| h.capacity.values().iter().all(|v| *v > 0.0)).map(target_pct)
}

/// Target utilisation in words: `80%` when all resources share it, else per resource.
pub fn target_words(t: &Resources) -> String {
    let v = t.values();
    if v.iter().all(|x| (x - v[0]).abs() < 0.05) {
        format::pct_short(v[0])
    } else {
        Resources::NAMES
            .iter()
            .zip(v)
            .map(|(n, x)| format!("{} {}", format::resource_label(n), format::pct_short(x)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn title(r: &PlanResult, _m: &Money) -> Vec<Block> {
    let currency = if r.plan.currency.is_empty() {
        String::new()
    } else {
        format!(", amounts in {}", r.plan.currency)
    };
    let runs = vec![
        text("Plan "),
        code(&r.plan.name),
        text(format!(
            ": {}, hosts bought in {}{currency}, layout by the ",
            format::fy_span(r),
            format::fy(r.plan.refresh_fy),
        )),
        code(&r.plan.packer),
        text(" packer."),
    ];
    vec![Block::Heading(1, r.plan.title.clone()), para(runs)]
}

fn summary(r: &PlanResult, m: &Money) -> Vec<Block> {
    let s = &r.summary;
    let span = format::fy_span(r);
    let mut items = vec![
        vec![text(format!(
            "Servers: {} in the inventory, {} in scope, {} moved onto virtual hosts, {} excluded.",
            s.servers_total, s.servers_in_scope, s.servers_virtualised, s.servers_excluded
        ))],
        vec![text(format!(
            "Virtual hosts: {} in {} {}{}",
            s.hosts_total,
            r.clusters.len(),
            format::plural(r.clusters.len(), "cluster", "clusters"),
            "."
        ))],
    ];
    for c in &r.clusters {
        items.push(vec![
            text("Cluster "),
            code(&c.name),
            text(format!(
                ": {}, {}",
                format::count(c.hosts.len(), "host", "hosts"),
                host_models(c)
            )),
        ]);
    }
    items.push(vec![
        text(format!("Baseline (first plan continued), {span}: ")),
        strong(m.amount(s.baseline_total)),
        text(format!(" ({})", m.millions(s.baseline_total))),
    ]);
    items.push(vec![
        text(format!("Plan, {span}: ")),
        strong(m.amount(s.plan_total)),
        text(format!(" ({})", m.millions(s.plan_total))),
    ]);
    items.push(vec![
        text("Cost effect (baseline − plan): "),
        strong(m.amount(s.cost_effect)),
        text(format!(
            " ({}), {} of the baseline.",
            m.millions(s.cost_effect),
            format::pct(s.cost_effect_pct)
        )),
    ]);
    vec![Block::Heading(2, "Summary".into()), Block::List(items)]
}

fn how_to_read(r: &PlanResult, _m: &Money) -> Vec<Block> {
    let currency =
        if r.plan.currency.is_empty() { String::new() } else { format!(" in {}", r.plan.currency) };
    vec![para(vec![
        strong("How to read: "),
        text(format!(
            "the baseline renews every server one for one as the first plan did; the plan moves \
             each in-scope server onto virtual hosts in its renewal year. Amounts are{currency}, \
             rounded to whole units; a positive effect is a saving. Utilisation is what a host's \
             servers use as a share of its physical capacity (vCPU: cores × vCPUs per core; \
             memory: GB × overcommit); the limit is the capacity at the target utilisation, which \
             normal operation stays under. CPU is in normalised cores (one 2012-era core fully \
             busy = 1). Spare hosts are empty in normal operation and take the servers of failed \
             hosts."
        )),
    ])]
}

fn clusters(r: &PlanResult, m: &Money) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Clusters and hosts".into())];
    if r.clusters.is_empty() {
        out.push(para(vec![text("No clusters: no server was placed on a virtual host.")]));
        return out;
    }
    out.push(Block::Chart(ChartKind::Utilisation));
    for c in &r.clusters {
        out.extend(cluster(c, m));
    }
    out
}

fn cluster(c: &Cluster, m: &Money) -> Vec<Block> {
    let spares = c.hosts.iter().filter(|h| h.spare).count();
    let mut out = vec![Block::Heading(3, format!("Cluster {} (zone {})", c.name, c.zone))];
    let mut facts = vec![text(format!(
        "{} on {} ({}), bought in {}; shared storage {} TB usable. Layout by {}",
        format::count(c.servers, "server", "servers"),
        format::count(c.hosts.len(), "host", "hosts"),
        if spares > 0 {
            format!("{} for failover", format::count(spares, "spare", "spares"))
        } else {
            "no spare".to_string()
        },
        format::fy(c.purchase_fy),
        format::qty(c.storage_tb),
        c.method
    ))];
    let normal = c.hosts.len() - spares;
    facts.push(text(if c.proven_optimal {
        format!(", proven optimal: {normal} hosts in normal operation.")
    } else {
        format!(
            ", not proven optimal: {normal} hosts in normal operation against a lower bound of {}.",
            c.lower_bound_hosts
        )
    }));
    out.push(para(facts));

    let mut sizing = vec![strong("Sizing: ")];
    if !c.sizing_note.is_empty() {
        sizing.push(text(format!("{} ", c.sizing_note.trim_end())));
    }
    sizing.push(text("Binding resource: "));
    sizing.push(strong(format::resource_label(&c.binding_resource).to_string()));
    sizing.push(text("."));
    out.push(para(sizing));

    let mut demand = Table::new(&[
        ("Resource", Align::Left),
        ("Demand", Align::Right),
        ("Usable (at target)", Align::Right),
        ("Capacity", Align::Right),
        ("Demand / usable", Align::Right),
    ]);
    let usage = c.demand.percent_of(&c.usable).values();
    for (i, name) in Resources::NAMES.iter().enumerate() {
        demand.row(vec![
            format::resource_with_unit(name),
            format::qty(c.demand.values()[i]),
            format::qty(c.usable.values()[i]),
            format::qty(c.capacity.values()[i]),
            format::pct(usage[i]),
        ]);
    }
    out.push(Block::Table(demand));

    if let Some(t) = cluster_target_pct(c) {
        out.push(para(vec![text(format!(
            "Target utilisation {}: a host's limit is that share of its capacity; normal \
             operation stays under it.",
            target_words(&t)
        ))]));
    }
    out.push(Block::Table(hosts_table(c)));
    out.push(para(vec![strong("Servers on each host:")]));
    out.push(Block::List(
        c.hosts
            .iter()
            .map(|h| {
                let mut runs = vec![code(&h.name), text(": ")];
                if h.servers.is_empty() {
                    runs.push(text(if h.spare {
                        "spare, empty in normal operation"
                    } else {
                        "empty"
                    }));
                } else {
                    runs.push(text(h.servers.join(", ")));
                }
                runs
            })
            .collect(),
    ));
    out.extend(failover(c));
    out.extend(options(c, m));
    out
}

fn hosts_table(c: &Cluster) -> Table {
    let mut t = Table::new(&[
        ("Host", Align::Left),
        ("Model", Align::Left),
        ("Spare", Align::Left),
        ("Servers", Align::Right),
        ("CPU used / limit", Align::Right),
        ("CPU %", Align::Right),
        ("vCPU used / limit", Align::Right),
        ("vCPU %", Align::Right),
        ("Memory GB used / limit", Align::Right),
        ("Memory %", Align::Right),
    ]);
    for h in &c.hosts {
        let mut cells = vec![
            h.name.clone(),
            h.model.clone(),
            format::yes_no(h.spare).into(),
            h.servers.len().to_string(),
        ];
        cells.extend(usage_cells(&h.used, &h.limit, &h.utilisation_pct));
        t.row(cells);
    }
    let (u, l) = (
        c.hosts.iter().fold(Resources::default(), |a, h| a.add(&h.used)),
        c.hosts.iter().fold(Resources::default(), |a, h| a.add(&h.limit)),
    );
    let cap = c.hosts.iter().fold(Resources::default(), |a, h| a.add(&h.capacity));
    let mut cells = vec![
        "All hosts".to_string(),
        String::new(),
        String::new(),
        c.hosts.iter().map(|h| h.servers.len()).sum::<usize>().to_string(),
    ];
    cells.extend(usage_cells(&u, &l, &u.percent_of(&cap)));
    t.strong_row(cells);
    t
}

/// Per resource: "used / limit" and the utilisation percentage.
fn usage_cells(used: &Resources, limit: &Resources, pct: &Resources) -> Vec<String> {
    let (u, l, p) = (used.values(), limit.values(), pct.values());
    (0..3)
        .flat_map(|i| [format!("{} / {}", format::qty(u[i]), format::qty(l[i])), format::pct(p[i])])
        .collect()
}

fn failover(c: &Cluster) -> Vec<Block> {
    let f = &c.failover;
    let mut runs = vec![strong("Failover: ")];
    if f.required == 0 {
        runs.push(text("no host failure is required to be survived."));
        return vec![para(runs)];
    }
    runs.push(text(format!(
        "the policy requires surviving the loss of {} at once; {}. {} added for it.",
        format::count(f.required as usize, "host", "hosts"),
        if f.survives {
            "every such loss is absorbed by the remaining hosts"
        } else {
            "NOT every such loss can be absorbed"
        },
        format::count(f.spare_hosts, "spare host", "spare hosts")
    )));
    if !f.binding_loss.is_empty() {
        runs.push(text(" The tightest case is losing "));
        for (i, h) in f.binding_loss.iter().enumerate() {
            if i > 0 {
                runs.push(text(" and "));
            }
            runs.push(code(h));
        }
        let w = f.worst_utilisation_pct;
        runs.push(text(format!(
            ": the busiest surviving host then runs at CPU {}, vCPU {}, memory {} of capacity.",
            format::pct(w.cpu),
            format::pct(w.vcpu),
            format::pct(w.memory_gb)
        )));
    }
    let mut out = vec![para(runs)];
    if !f.binding_moves.is_empty() {
        let mut t =
            Table::new(&[("Server (on a lost host)", Align::Left), ("Restarts on", Align::Left)]);
        for (server, host) in &f.binding_moves {
            t.row(vec![server.clone(), host.clone()]);
        }
        out.push(Block::Table(t));
    }
    out
}

/// Options shown in the report; the rest are in `plan.json`.
const OPTIONS_SHOWN: usize = 5;

fn options(c: &Cluster, m: &Money) -> Vec<Block> {
    if c.options.is_empty() {
        return Vec::new();
    }
    let chosen = c.options.iter().find(|o| o.chosen).unwrap_or(&c.options[0]);
    let mut runs = vec![
        strong("Host models evaluated: "),
        text(format!("{}. Chosen: ", format::count(c.options.len(), "option", "options"))),
    ];
    runs.push(code(&chosen.description));
    runs.push(text(format!(", {} over the horizon", m.amount(chosen.horizon_cost))));
    let next = c
        .options
        .iter()
        .filter(|o| !std::ptr::eq(*o, chosen))
        .min_by(|a, b| a.horizon_cost.total_cmp(&b.horizon_cost));
    match next {
        Some(n) => {
            runs.push(text("; next best: "));
            runs.push(code(&n.description));
            runs.push(text(format!(
                ", {} more ({}).",
                m.amount(n.horizon_cost - chosen.horizon_cost),
                m.amount(n.horizon_cost)
            )));
        }
        None => runs.push(text("; no other option fits.")),
    }
    let mut t = Table::new(&[
        ("Option", Align::Left),
        ("Hosts", Align::Right),
        ("Cost over the horizon", Align::Right),
        ("vs chosen", Align::Right),
        ("Chosen", Align::Left),
    ]);
    for o in c.options.iter().take(OPTIONS_SHOWN) {
        t.row(vec![
            o.description.clone(),
            o.hosts.to_string(),
            m.amount(o.horizon_cost),
            m.signed(o.horizon_cost - chosen.horizon_cost),
            if o.chosen { "yes".into() } else { String::new() },
        ]);
    }
    let mut out = vec![para(runs), Block::Table(t)];
    if c.options.len() > OPTIONS_SHOWN {
        out.push(para(vec![text(format!(
            "{} more options are listed in plan.json.",
            c.options.len() - OPTIONS_SHOWN
        ))]));
    }
    out
}

fn costs(r: &PlanResult, m: &Money) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Cost by fiscal year".into())];
    if r.years.is_empty() {
        out.push(para(vec![text("No fiscal years were projected.")]));
        return out;
    }
    let mut totals = Table::new(&[
        ("Fiscal year", Align::Left),
        ("Baseline", Align::Right),
        ("Plan", Align::Right),
        ("Effect", Align::Right),
        ("Cumulative baseline", Align::Right),
        ("Cumulative plan", Align::Right),
        ("Cumulative effect", Align::Right),
    ]);
    for y in &r.years {
        totals.row(vec![
            format::fy(y.fy),
            m.amount(y.baseline.total),
            m.amount(y.plan.total),
            m.amount(y.effect),
            m.amount(y.baseline_cumulative),
            m.amount(y.plan_cumulative),
            m.amount(y.baseline_cumulative - y.plan_cumulative),
        ]);
    }
    let s = &r.summary;
    totals.strong_row(vec![
        "Total".into(),
        m.amount(s.baseline_total),
        m.amount(s.plan_total),
        m.amount(s.cost_effect),
        String::new(),
        String::new(),
        String::new(),
    ]);
    out.push(para(vec![strong("Totals and effect."), text(" Effect = baseline − plan.")]));
    out.push(Block::Table(totals));

    let mut columns = vec![("Fiscal year", Align::Left), ("Column", Align::Left)];
    columns.extend(Costs::CATEGORIES.iter().map(|c| (format::category_label(c), Align::Right)));
    columns.push(("Total", Align::Right));
    let mut by_cat = Table::new(&columns);
    let cost_cells = |c: &Costs| -> Vec<String> {
        c.categories().iter().chain([c.total].iter()).map(|x| m.amount(*x)).collect()
    };
    for y in &r.years {
        for (label, c) in [("baseline", &y.baseline), ("plan", &y.plan)] {
            let mut cells = vec![format::fy(y.fy), label.to_string()];
            cells.extend(cost_cells(c));
            by_cat.row(cells);
        }
    }
    for (label, pick) in [
        ("baseline", (|y| &y.baseline) as fn(&crate::plan::YearCosts) -> &Costs),
        ("plan", |y| &y.plan),
    ] {
        let sum = sum_costs(r.years.iter().map(pick));
        let mut cells = vec!["Total".to_string(), label.to_string()];
        cells.extend(cost_cells(&sum));
        by_cat.strong_row(cells);
    }
    out.push(para(vec![strong("By category.")]));
    out.push(Block::Table(by_cat));
    out.push(Block::Chart(ChartKind::Cumulative));
    out.push(Block::Chart(ChartKind::Yearly));
    out
}

/// Category-wise sum of several years' costs (total summed as given, not recomputed).
pub fn sum_costs<'a>(costs: impl Iterator<Item = &'a Costs>) -> Costs {
    costs.fold(Costs::default(), |a, c| Costs {
        hardware: a.hardware + c.hardware,
        maintenance: a.maintenance + c.maintenance,
        licences: a.licences + c.licences,
        power: a.power + c.power,
        datacentre: a.datacentre + c.datacentre,
        migration: a.migration + c.migration,
        extra: a.extra + c.extra,
        total: a.total + c.total,
    })
}

fn excluded(r: &PlanResult, _m: &Money) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Excluded servers".into())];
    if r.excluded.is_empty() {
        out.push(para(vec![text("None: every server of the inventory is in the plan.")]));
        return out;
    }
    let mut t = Table::new(&[
        ("Server", Align::Left),
        ("System", Align::Left),
        ("Organisation", Align::Left),
        ("Reason", Align::Left),
    ]);
    for e in &r.excluded {
        let row = r.servers.iter().find(|s| s.name == e.server);
        t.row(vec![
            e.server.clone(),
            row.map(|s| s.system.clone()).unwrap_or_default(),
            row.map(|s| s.org.clone()).unwrap_or_default(),
            e.reason.clone(),
        ]);
    }
    out.push(para(vec![text(format!(
        "{} left out of the plan:",
        format::count(r.excluded.len(), "server", "servers")
    ))]));
    out.push(Block::Table(t));
    out
}

fn extra_items(r: &PlanResult, m: &Money) -> Vec<Block> {
    if r.extra_items.is_empty() {
        return Vec::new();
    }
    let mut t = Table::new(&[
        ("Item", Align::Left),
        ("Counts in", Align::Left),
        ("Fiscal years", Align::Left),
        ("Per year", Align::Right),
        ("Total", Align::Right),
        ("Note", Align::Left),
    ]);
    for x in &r.extra_items {
        t.row(vec![
            x.name.clone(),
            x.applies_to.clone(),
            x.years.iter().map(|y| format::fy(*y)).collect::<Vec<_>>().join(", "),
            m.amount(x.amount),
            m.amount(x.amount * x.years.len() as f64),
            x.note.clone().unwrap_or_default(),
        ]);
    }
    vec![Block::Heading(2, "Extra plan items".into()), Block::Table(t)]
}

fn assumptions(r: &PlanResult, _m: &Money) -> Vec<Block> {
    if r.assumptions.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(2, "Assumptions".into()),
        Block::List(r.assumptions.iter().map(|a| vec![text(a)]).collect()),
    ]
}
