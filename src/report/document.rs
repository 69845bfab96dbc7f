//! The content of the human-readable report, independent of markup. [`build`] turns a plan
//! result into a list of blocks; [`super::markdown`] and [`super::html`] only lay them out.
//!
//! Each section is one function from the plan result to blocks, listed in [`SECTIONS`]; a new
//! part of the model gets a new function there and appears in both formats. Clusters are shown
//! by site (the main site first, then each ICT-BCP site) everywhere; a host's role, a cluster's
//! policy and purchases, and the binding host loss are worded by the helpers here, which the
//! workbook, the charts and the stdout summary share.

use crate::inventory::Policy;
use crate::plan::{
    Cluster, Costs, Excluded, Host, PlanResult, Resources, ServerRow, YearHost, YearLayout,
};

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
    /// A part readers open when they need it: a collapsible `<details>` in HTML, a bold line
    /// and the blocks in markdown.
    Details(String, Vec<Block>),
}

/// The report: blocks in reading order.
pub type Document = Vec<Block>;

/// A section of the report.
pub type Section = fn(&PlanResult, &Money) -> Vec<Block>;

/// The sections, in reading order.
pub const SECTIONS: &[Section] = &[
    title,
    summary,
    how_to_read,
    clusters,
    time_of_day,
    bcp,
    purchases_and_years,
    costs,
    excluded,
    extra_items,
    assumptions,
];

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

/// Text from the planner, its `backticked` names as code: `group \`ap\` has 2` becomes text,
/// code, text. An unpaired backtick stays text.
pub fn with_code(s: &str) -> Rich {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return vec![text(s)];
    }
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| if i % 2 == 1 { code(*p) } else { text(*p) })
        .collect()
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

/// The name the model gives the main site.
pub const MAIN_SITE: &str = "main";

/// Whether a cluster is at the main site (anything else is an ICT-BCP site).
pub fn is_main(c: &Cluster) -> bool {
    c.site.is_empty() || c.site == MAIN_SITE
}

/// A site in words: `main site`, or the BCP site's name.
pub fn site_words(site: &str) -> String {
    if site.is_empty() || site == MAIN_SITE { "main site".into() } else { site.to_string() }
}

/// Sites in report order: the main site first, then the others as they first appear.
pub fn sites(r: &PlanResult) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    if r.clusters.iter().any(is_main) {
        out.push(MAIN_SITE);
    }
    for c in r.clusters.iter().filter(|c| !is_main(c)) {
        if !out.contains(&c.site.as_str()) {
            out.push(&c.site);
        }
    }
    out
}

/// Clusters in report order: grouped by site (see [`sites`]), in plan order within a site.
pub fn clusters_by_site(r: &PlanResult) -> Vec<&Cluster> {
    let mut out = Vec::with_capacity(r.clusters.len());
    for site in sites(r) {
        out.extend(r.clusters.iter().filter(|c| {
            if site == MAIN_SITE { is_main(c) } else { !is_main(c) && c.site == site }
        }));
    }
    out
}

/// The utilisation a cluster's policy allows in normal operation, per resource, percent: the
/// CPU and memory targets; vCPUs are capped by the vCPUs per core, which the capacity already
/// counts, so their limit is 100 %.
pub fn policy_target_pct(c: &Cluster) -> Resources {
    Resources { cpu: c.policy.target_cpu_pct, vcpu: 100.0, memory_gb: c.policy.target_memory_pct }
}

/// A number as written in policy sentences: `3`, `1.5`.
fn num(x: f64) -> String {
    if x.is_finite() && (x - x.round()).abs() < 1e-9 { format!("{x:.0}") } else { format!("{x}") }
}

/// A cluster's sizing policy in words.
pub fn policy_words(p: &Policy) -> String {
    let failover = if p.spare_hosts == 0 {
        "no host failure to survive".to_string()
    } else {
        format!(
            "survive the loss of {} at once (N+{}), survivors reaching at most {} CPU and {} \
             memory",
            format::count(p.spare_hosts as usize, "host", "hosts"),
            p.spare_hosts,
            format::pct_short(p.failover_cpu_pct),
            format::pct_short(p.failover_memory_pct)
        )
    };
    format!(
        "CPU target {}, memory target {}, at most {} vCPUs per core, memory overcommit {}; {}.",
        format::pct_short(p.target_cpu_pct),
        format::pct_short(p.target_memory_pct),
        num(p.vcpu_per_core),
        num(p.memory_overcommit),
        failover
    )
}

/// A host's role: `active`, `spare` or `minimum` (from `spare` when the model leaves it empty).
pub fn role(h: &Host) -> &str {
    match h.role.as_str() {
        "" if h.spare => "spare",
        "" => "active",
        other => other,
    }
}

/// Hosts by role: `3 (2 active, 1 spare)`, `11 (all active)`.
pub fn roles_words(c: &Cluster) -> String {
    format!("{} ({})", c.hosts.len(), roles_breakdown(c))
}

/// The hosts' roles: `2 active, 1 spare`, `all active`, `one active`.
pub fn roles_breakdown(c: &Cluster) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for h in &c.hosts {
        match counts.iter_mut().find(|(r, _)| *r == role(h)) {
            Some((_, n)) => *n += 1,
            None => counts.push((role(h), 1)),
        }
    }
    counts.sort_by_key(|(r, _)| match *r {
        "active" => 0,
        "spare" => 1,
        "minimum" => 2,
        _ => 3,
    });
    match counts.as_slice() {
        [] => "none".into(),
        [(r, n)] => format!("{} {r}", if *n == 1 { "one" } else { "all" }),
        _ => counts.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(", "),
    }
}

/// Purchases of a cluster by fiscal year: `FY2018: 3× std-32c; FY2019: 1× big-64c`; from the
/// hosts' `bought_fy` when the cluster lists no purchases.
pub fn purchases_words(c: &Cluster) -> String {
    let rows = purchases_of(c);
    if rows.is_empty() {
        return "no host bought".into();
    }
    let mut years: Vec<i32> = rows.iter().map(|p| p.0).collect();
    years.dedup();
    years
        .iter()
        .map(|fy| {
            let models: Vec<String> =
                rows.iter().filter(|p| p.0 == *fy).map(|p| format!("{}× {}", p.2, p.1)).collect();
            format!("{}: {}", format::fy(*fy), models.join(" + "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The purchases of a cluster as (fiscal year, model, count), by year: the model's list, or
/// counted from the hosts when the list is empty.
pub fn purchases_of(c: &Cluster) -> Vec<(i32, String, usize)> {
    let mut rows: Vec<(i32, String, usize)> = if c.purchases.is_empty() {
        let mut rows: Vec<(i32, String, usize)> = Vec::new();
        for h in &c.hosts {
            match rows.iter_mut().find(|p| p.0 == h.bought_fy && p.1 == h.model) {
                Some(p) => p.2 += 1,
                None => rows.push((h.bought_fy, h.model.clone(), 1)),
            }
        }
        rows
    } else {
        c.purchases.iter().map(|p| (p.fy, p.model.clone(), p.count)).collect()
    };
    rows.sort_by_key(|p| p.0);
    rows
}

/// The fiscal years a cluster's hosts are bought in: `FY2018`, `FY2018, FY2019`.
pub fn purchase_years(c: &Cluster) -> String {
    let mut years: Vec<i32> = purchases_of(c).iter().map(|p| p.0).collect();
    years.dedup();
    if years.is_empty() {
        return format::fy(c.purchase_fy);
    }
    years.iter().map(|y| format::fy(*y)).collect::<Vec<_>>().join(", ")
}

/// "N hosts with time-of-day packing (¥X over the horizon), M with peak sizing (¥Y)" for a
/// time-of-day cluster: the host count and what it costs, since the cheapest mix of models
/// may take more, smaller hosts.
pub fn time_of_day_words(c: &Cluster, m: &Money) -> Option<String> {
    if !c.time_of_day {
        return None;
    }
    let n = c.hosts.len();
    let packed = format!(
        "{} with time-of-day packing ({} over the horizon)",
        format::count(n, "host", "hosts"),
        m.millions(c.horizon_cost)
    );
    Some(match (c.peak_sizing_hosts, c.peak_sizing_cost) {
        (Some(p), Some(cost)) => {
            let saved = cost - c.horizon_cost;
            let verdict = if saved > 0.5 {
                format!("{} saved", m.millions(saved))
            } else {
                "nothing saved".to_string()
            };
            format!("{packed}, {p} with peak sizing ({}): {verdict}", m.millions(cost))
        }
        _ => format!("{packed} (peak sizing not evaluated)"),
    })
}

/// Failover in a few words: `N+1, survives`, `N+1, FAILS`, `none required`.
pub fn failover_short(c: &Cluster) -> String {
    let f = &c.failover;
    if f.required == 0 {
        "none required".into()
    } else if f.survives {
        format!("N+{}, survives", f.required)
    } else {
        format!("N+{}, FAILS", f.required)
    }
}

/// The hosts of the binding loss: `my-number-01`, `a + b`; `–` when there is none.
pub fn binding_loss_words(c: &Cluster) -> String {
    if c.failover.binding_loss.is_empty() {
        "–".into()
    } else {
        c.failover.binding_loss.join(" + ")
    }
}

/// Utilisation per resource: `CPU 88.6%, vCPU 100.0%, memory 90.2%`.
fn utilisation_words(u: &Resources) -> String {
    format!(
        "CPU {}, vCPU {}, memory {}",
        format::pct(u.cpu),
        format::pct(u.vcpu),
        format::pct(u.memory_gb)
    )
}

/// The sentence of the assumptions about the ICT-BCP environment, when there is one.
fn bcp_assumptions(r: &PlanResult) -> Vec<&str> {
    r.assumptions.iter().filter(|a| a.contains("BCP")).map(String::as_str).collect()
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
            ": {}, hosts bought from {}{currency}, layout by the ",
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
    let mut items = vec![vec![text(format!(
        "Servers: {} in the inventory, {} in scope: {} moved onto virtual hosts, {} {} \
         physical; {} excluded (out of scope).",
        s.servers_total,
        s.servers_in_scope,
        s.servers_virtualised,
        s.servers_physical,
        format::plural(s.servers_physical, "stays", "stay"),
        s.servers_excluded
    ))]];
    let site_list = sites(r);
    let by_site: Vec<String> = site_list
        .iter()
        .map(|site| {
            let n: usize = r
                .clusters
                .iter()
                .filter(|c| if *site == MAIN_SITE { is_main(c) } else { c.site == *site })
                .map(|c| c.hosts.len())
                .sum();
            format!("{n} at {}", if *site == MAIN_SITE { "the main site" } else { site })
        })
        .collect();
    items.push(vec![text(format!(
        "Virtual hosts: {} in {} {}{}.",
        s.hosts_total,
        r.clusters.len(),
        format::plural(r.clusters.len(), "cluster", "clusters"),
        if site_list.len() > 1 { format!(" ({})", by_site.join(", ")) } else { String::new() }
    ))]);
    for c in clusters_by_site(r) {
        let mut runs = vec![
            text("Cluster "),
            code(&c.name),
            text(if is_main(c) { String::new() } else { format!(" ({})", c.site) }),
            text(format!(
                ": {}, {}",
                format::count(c.hosts.len(), "host", "hosts"),
                host_models(c)
            )),
        ];
        if c.failover.required > 0 {
            runs.push(text(format!("; {}", failover_short(c))));
            if !c.failover.binding_loss.is_empty() {
                runs.push(text(", binding host loss "));
                runs.push(code(binding_loss_words(c)));
            }
        }
        if let Some(t) = time_of_day_words(c, m) {
            runs.push(text(format!("; {t}")));
        }
        runs.push(text("."));
        items.push(runs);
    }
    let bcp: Vec<&Cluster> = r.clusters.iter().filter(|c| !is_main(c)).collect();
    if s.servers_bcp > 0 || !bcp.is_empty() {
        let hosts: usize = bcp.iter().map(|c| c.hosts.len()).sum();
        let mut where_ = bcp.iter().map(|c| c.site.as_str()).collect::<Vec<_>>();
        where_.dedup();
        let from = bcp.iter().flat_map(|c| purchases_of(c).into_iter().map(|p| p.0)).min();
        items.push(vec![text(format!(
            "ICT-BCP minimum environment: {} also {} at {} on {}{}.",
            format::count(s.servers_bcp, "server", "servers"),
            format::plural(s.servers_bcp, "runs", "run"),
            if where_.is_empty() { "the BCP site".to_string() } else { where_.join(", ") },
            format::count(hosts, "host", "hosts"),
            from.map(|y| format!(" from {}", format::fy(y))).unwrap_or_default()
        ))]);
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
             memory: GB × overcommit); the limit is the capacity at the cluster's target \
             utilisation, which normal operation stays under. CPU is in normalised cores (one \
             2012-era core fully busy = 1); with time-of-day packing it is the busiest hour of \
             the servers' combined day. Active hosts carry the servers; spare hosts (N+k) and \
             minimum hosts (to reach a cluster's minimum size) are empty in normal operation and \
             take the servers of failed hosts. The binding host loss is the failure that leaves \
             the least headroom on the survivors."
        )),
    ])]
}

fn clusters(r: &PlanResult, m: &Money) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Clusters and hosts".into())];
    if r.clusters.is_empty() {
        out.push(para(vec![text("No clusters: no server was placed on a virtual host.")]));
        return out;
    }
    let mut t = Table::new(&[
        ("Site", Align::Left),
        ("Cluster", Align::Left),
        ("Zone", Align::Left),
        ("Servers", Align::Right),
        ("Hosts", Align::Left),
        ("Bought", Align::Left),
        ("Binding resource", Align::Left),
        ("Failover", Align::Left),
        ("Binding host loss", Align::Left),
        ("Busiest survivor", Align::Left),
        ("After the loss (CPU / vCPU / memory)", Align::Right),
    ]);
    for c in clusters_by_site(r) {
        let f = &c.failover;
        let lost = f.required > 0 && !f.binding_loss.is_empty();
        let w = f.worst_utilisation_pct;
        t.row(vec![
            site_words(&c.site),
            c.name.clone(),
            c.zone.clone(),
            c.servers.to_string(),
            roles_words(c),
            purchase_years(c),
            format::resource_label(&c.binding_resource).to_string(),
            failover_short(c),
            binding_loss_words(c),
            if lost { f.worst_host.clone().unwrap_or_else(|| "–".into()) } else { "–".into() },
            if lost {
                format!(
                    "{} / {} / {}",
                    format::pct(w.cpu),
                    format::pct(w.vcpu),
                    format::pct(w.memory_gb)
                )
            } else {
                "–".into()
            },
        ]);
    }
    out.push(para(vec![
        strong("Overview."),
        text(
            " One cluster per zone and site. The binding host loss is the host whose failure \
             leaves the least headroom; the last columns give the busiest surviving host and \
             the highest utilisation any survivor reaches after it.",
        ),
    ]));
    out.push(Block::Table(t));
    out.push(Block::Chart(ChartKind::Utilisation));
    for c in clusters_by_site(r) {
        out.extend(cluster(r, c, m));
    }
    out
}

fn cluster(r: &PlanResult, c: &Cluster, m: &Money) -> Vec<Block> {
    let normal = c.hosts.iter().filter(|h| role(h) == "active").count();
    let place = if is_main(c) { "main site".to_string() } else { format!("site {}", c.site) };
    let mut out = vec![Block::Heading(3, format!("Cluster {} (zone {}, {place})", c.name, c.zone))];
    let mut facts = vec![text(format!(
        "{} on {} ({}), bought {}; shared storage {} TB usable. Layout by {}",
        format::count(c.servers, "server", "servers"),
        format::count(c.hosts.len(), "host", "hosts"),
        roles_breakdown(c),
        purchases_words(c),
        format::qty(c.storage_tb),
        c.method
    ))];
    facts.push(text(proof_words(c, normal, m)));
    out.push(para(facts));
    out.push(para(vec![strong("Policy: "), text(policy_words(&c.policy))]));
    out.push(Block::Table(hosts_table(c)));
    out.push(para(vec![strong("Servers on each host:")]));
    out.push(Block::List(
        c.hosts
            .iter()
            .map(|h| {
                let mut runs = vec![code(&h.name), text(": ")];
                if h.servers.is_empty() {
                    runs.push(text(match role(h) {
                        "active" => "empty",
                        "minimum" => "minimum host, empty in normal operation",
                        _ => "spare, empty in normal operation",
                    }));
                } else {
                    runs.push(text(h.servers.join(", ")));
                }
                runs
            })
            .collect(),
    ));
    out.extend(affinity(r, c));
    out.extend(failover(c));
    out.extend(why(c, m));
    out
}

/// Affinity groups of the cluster's servers: which host keeps each group together.
fn affinity(r: &PlanResult, c: &Cluster) -> Vec<Block> {
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for h in &c.hosts {
        for s in &h.servers {
            let Some(g) =
                r.servers.iter().find(|x| x.name == *s).and_then(|x| x.affinity_group.as_deref())
            else {
                continue;
            };
            match groups.iter_mut().find(|e| e.0 == g && e.1 == h.name) {
                Some(e) => e.2.push(s),
                None => groups.push((g, &h.name, vec![s])),
            }
        }
    }
    if groups.is_empty() {
        return Vec::new();
    }
    let mut runs = vec![strong("Affinity groups"), text(" (kept on one host): ")];
    for (i, (g, h, members)) in groups.iter().enumerate() {
        if i > 0 {
            runs.push(text("; "));
        }
        runs.push(code(*g));
        runs.push(text(" on "));
        runs.push(code(*h));
        runs.push(text(format!(" ({})", members.join(", "))));
    }
    runs.push(text("."));
    vec![para(runs)]
}

fn hosts_table(c: &Cluster) -> Table {
    let mut t = Table::new(&[
        ("Host", Align::Left),
        ("Model", Align::Left),
        ("Role", Align::Left),
        ("Bought", Align::Left),
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
            role(h).to_string(),
            format::fy(h.bought_fy),
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
    if f.required == 0 {
        return vec![para(vec![
            strong("Failover: "),
            text("no host failure is required to be survived."),
        ])];
    }
    let mut runs = vec![strong(format!("Failover (N+{}): ", f.required))];
    if !f.binding_loss.is_empty() {
        runs.push(strong(format!(
            "binding host {} ",
            if f.binding_loss.len() == 1 { "loss" } else { "losses" }
        )));
        for (i, h) in f.binding_loss.iter().enumerate() {
            if i > 0 {
                runs.push(text(" + "));
            }
            runs.push(code(h));
        }
        runs.push(text(". "));
    }
    runs.push(text(format!(
        "The policy requires surviving the loss of {} at once; {}. {}",
        format::count(f.required as usize, "host", "hosts"),
        if f.survives {
            "every such loss is absorbed by the remaining hosts"
        } else {
            "NOT every such loss can be absorbed"
        },
        match f.spare_hosts {
            0 => "No spare host is needed for it.".to_string(),
            n => format!("{} added for it.", format::count(n, "spare host", "spare hosts")),
        }
    )));
    if !f.binding_loss.is_empty() {
        runs.push(text(format!(
            " After the binding loss the busiest survivor{} reaches {} of capacity (limits after a \
             failure: CPU {}, memory {}).",
            f.worst_host.as_deref().map(|h| format!(", {h},")).unwrap_or_default(),
            utilisation_words(if f.worst_host.is_some() {
                &f.worst_host_utilisation_pct
            } else {
                &f.worst_utilisation_pct
            }),
            format::pct_short(c.policy.failover_cpu_pct),
            format::pct_short(c.policy.failover_memory_pct)
        )));
    }
    let mut out = vec![para(runs)];
    if !f.binding_moves.is_empty() {
        let mut t =
            Table::new(&[("Server (on the lost host)", Align::Left), ("Restarts on", Align::Left)]);
        for (server, host) in &f.binding_moves {
            t.row(vec![server.clone(), host.clone()]);
        }
        out.push(Block::Table(t));
    }
    out
}

/// Why the cluster has this many hosts: the demand per resource against one host, the lower
/// bound, spares, time of day, the planner's note and the host-model options.
fn why(c: &Cluster, m: &Money) -> Vec<Block> {
    let mut out =
        vec![para(vec![strong(format!("Why {}:", format::count(c.hosts.len(), "host", "hosts")))])];
    if c.resource_needs.is_empty() {
        out.push(Block::Table(demand_table(c)));
    } else {
        let mut t = Table::new(&[
            ("Resource", Align::Left),
            ("Demand", Align::Right),
            ("Per host at target", Align::Right),
            ("Hosts' worth", Align::Right),
            ("Hosts it needs", Align::Right),
            ("Demand / capacity of active hosts", Align::Right),
        ]);
        for n in &c.resource_needs {
            let model = if n.model.is_empty() { String::new() } else { format!(" ({})", n.model) };
            let cells = vec![
                format::resource_with_unit(&n.resource),
                format::qty(n.demand),
                format!("{}{model}", format::qty(n.per_host)),
                format::thousands(n.hosts_worth, 2),
                n.hosts.to_string(),
                format::pct(n.utilisation_pct),
            ];
            if n.resource == c.binding_resource {
                t.strong_row(cells);
            } else {
                t.row(cells);
            }
        }
        out.push(Block::Table(t));
    }
    let mut items = Vec::new();
    let bind = c.resource_needs.iter().find(|n| n.resource == c.binding_resource);
    let mut binding = vec![
        text("Binding resource: "),
        strong(format::resource_label(&c.binding_resource).to_string()),
    ];
    if let Some(n) = bind {
        let model = (!n.model.is_empty()).then_some(n.model.as_str());
        binding.push(text(format!(
            ", {} hosts' worth{}: {} for it alone.",
            format::thousands(n.hosts_worth, 2),
            model.map(|m| format!(" of {m}")).unwrap_or_default(),
            format::count(n.hosts as usize, "host", "hosts")
        )));
        let active: Vec<&Host> = c.hosts.iter().filter(|h| role(h) == "active").collect();
        if let Some(m) = model
            && active.iter().any(|h| h.model != m)
        {
            binding.push(text(format!(
                " The active hosts mix models, so they count by capacity: the demand is {} of \
                 theirs.",
                format::pct(n.utilisation_pct)
            )));
        }
    } else {
        binding.push(text("."));
    }
    items.push(binding);
    let mut bound = vec![text(format!(
        "Lower bound: {} in normal operation",
        format::count(c.lower_bound_hosts as usize, "host", "hosts")
    ))];
    if !c.lower_bound_reason.is_empty() {
        bound.push(text(" ("));
        bound.extend(with_code(&c.lower_bound_reason));
        bound.push(text(")"));
    }
    bound.push(text("."));
    if c.proof.hosts_lower_bound_with_failover > 0 {
        bound.push(text(format!(
            " With N+{}: at least {} (any mix of the allowed models).",
            c.failover.required,
            format::count(c.proof.hosts_lower_bound_with_failover, "host", "hosts")
        )));
    }
    items.push(bound);
    let count = |r: &str| c.hosts.iter().filter(|h| role(h) == r).count();
    let mut chosen = format!(
        "Chosen: {} ({})",
        format::count(count("active"), "active host", "active hosts"),
        if c.proven_optimal { "proven optimal" } else { "not proven optimal" }
    );
    if count("spare") > 0 {
        chosen.push_str(&format!(
            ", + {} for N+{}",
            format::count(count("spare"), "spare", "spares"),
            c.failover.required
        ));
    }
    if count("minimum") > 0 {
        chosen.push_str(&format!(
            ", + {} to reach the cluster minimum",
            format::count(count("minimum"), "host", "hosts")
        ));
    }
    chosen.push('.');
    items.push(vec![text(chosen)]);
    if let Some(t) = time_of_day_words(c, m) {
        items.push(vec![text("Time of day: "), strong(t), text(".")]);
    }
    if !c.sizing_note.trim().is_empty() {
        let note = c.sizing_note.trim();
        let end = if note.ends_with('.') { "" } else { "." };
        let mut runs = vec![text("Planner's note: ")];
        runs.extend(with_code(&format!("{note}{end}")));
        items.push(runs);
    }
    out.push(Block::List(items));
    out.extend(options(c, m));
    out
}

/// Demand, usable and capacity per resource (when the model gives no per-resource needs).
fn demand_table(c: &Cluster) -> Table {
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
    demand
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

fn time_of_day(r: &PlanResult, m: &Money) -> Vec<Block> {
    let tod: Vec<&Cluster> = clusters_by_site(r).into_iter().filter(|c| c.time_of_day).collect();
    if tod.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Block::Heading(2, "Time-of-day packing".into()),
        para(vec![text(
            "Servers with a day profile are packed on their hourly CPU: servers busy at \
             different hours share a host, and a host's CPU is its busiest hour, not the sum of \
             its servers' peaks. Memory and vCPUs are still counted in full.",
        )]),
    ];
    out.push(Block::List(
        tod.iter()
            .map(|c| {
                vec![
                    code(&c.name),
                    text(": "),
                    strong(time_of_day_words(c, m).unwrap_or_default()),
                    text("."),
                ]
            })
            .collect(),
    ));
    out.push(Block::Chart(ChartKind::TimeOfDay));
    out
}

fn bcp(r: &PlanResult, _m: &Money) -> Vec<Block> {
    let clusters: Vec<&Cluster> = clusters_by_site(r).into_iter().filter(|c| !is_main(c)).collect();
    // Servers with a copy first, then those flagged for ICT-BCP that have none.
    let copied: Vec<&ServerRow> = r.servers.iter().filter(|s| s.bcp_host.is_some()).collect();
    let uncopied: Vec<&ServerRow> =
        r.servers.iter().filter(|s| s.bcp_host.is_none() && s.bcp && s.in_scope).collect();
    let servers: Vec<&ServerRow> = copied.iter().chain(&uncopied).copied().collect();
    if clusters.is_empty() && servers.is_empty() && r.summary.servers_bcp == 0 {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, "ICT-BCP minimum environment".into())];
    for a in bcp_assumptions(r) {
        out.push(para(with_code(a)));
    }
    if clusters.is_empty() {
        out.push(para(vec![text(
            "No cluster is planned at a BCP site: the servers flagged for ICT-BCP have no \
             minimum environment in this plan.",
        )]));
    }
    let items: Vec<Rich> = clusters
        .iter()
        .map(|c| {
            let from = r
                .yearly
                .iter()
                .find(|y| y.clusters.iter().any(|yc| yc.name == c.name))
                .map(|y| y.fy)
                .or_else(|| purchases_of(c).first().map(|p| p.0))
                .unwrap_or(c.purchase_fy);
            vec![
                code(&c.name),
                text(format!(
                    " at {} (zone {}), in service from {}: {} on {} bought {}. Sized at CPU \
                     target {} and memory target {}; binding resource {}; failover: {}.",
                    c.site,
                    c.zone,
                    format::fy(from),
                    format::count(c.servers, "server", "servers"),
                    format::count(c.hosts.len(), "host", "hosts"),
                    purchases_words(c),
                    format::pct_short(c.policy.target_cpu_pct),
                    format::pct_short(c.policy.target_memory_pct),
                    format::resource_label(&c.binding_resource),
                    failover_short(c)
                )),
            ]
        })
        .collect();
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    if !servers.is_empty() {
        let mut t = Table::new(&[
            ("Server", Align::Left),
            ("System", Align::Left),
            ("Zone", Align::Left),
            ("Main-site host", Align::Left),
            ("BCP host", Align::Left),
            ("BCP copy: CPU / vCPU / memory GB", Align::Right),
        ]);
        for s in &servers {
            t.row(vec![
                s.name.clone(),
                s.system.clone(),
                s.zone.clone(),
                s.host.clone().unwrap_or_else(|| "–".into()),
                match &s.bcp_host {
                    Some(h) => h.clone(),
                    None if s.stays_physical => "none (stays physical)".into(),
                    None => "none".into(),
                },
                s.bcp_demand.map_or_else(
                    || "–".into(),
                    |d| {
                        format!(
                            "{} / {} / {}",
                            format::qty(d.cpu),
                            format::qty(d.vcpu),
                            format::qty(d.memory_gb)
                        )
                    },
                ),
            ]);
        }
        let mut words = format!(
            "{} {} a reduced copy in the minimum environment",
            format::count(copied.len(), "server", "servers"),
            format::plural(copied.len(), "has", "have")
        );
        if !uncopied.is_empty() {
            words.push_str(&format!(
                "; {} flagged for ICT-BCP {} none",
                uncopied.len(),
                format::plural(uncopied.len(), "has", "have")
            ));
        }
        words.push(':');
        out.push(para(vec![text(words)]));
        out.push(Block::Table(t));
    }
    out
}

fn purchases_and_years(r: &PlanResult, _m: &Money) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Purchases and hosts by fiscal year".into())];
    let order = clusters_by_site(r);
    let mut rows: Vec<(i32, usize, &Cluster, String, usize)> = Vec::new();
    for (i, c) in order.iter().enumerate() {
        for (fy, model, count) in purchases_of(c) {
            rows.push((fy, i, c, model, count));
        }
    }
    rows.sort_by_key(|p| (p.0, p.1));
    if rows.is_empty() {
        out.push(para(vec![text("No host is bought.")]));
    } else {
        let mut t = Table::new(&[
            ("Fiscal year", Align::Left),
            ("Site", Align::Left),
            ("Cluster", Align::Left),
            ("Model", Align::Left),
            ("Hosts bought", Align::Right),
        ]);
        for (fy, _, c, model, count) in &rows {
            t.row(vec![
                format::fy(*fy),
                site_words(&c.site),
                c.name.clone(),
                model.clone(),
                count.to_string(),
            ]);
        }
        let total: usize = rows.iter().map(|p| p.4).sum();
        t.strong_row(vec![
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            total.to_string(),
        ]);
        out.push(para(vec![
            strong("Purchases."),
            text(" Hosts bought, by fiscal year and model."),
        ]));
        out.push(Block::Table(t));
    }
    if r.yearly.is_empty() {
        out.push(para(vec![text("No year-by-year layout was produced.")]));
        return out;
    }

    // Clusters in report order, then any only the yearly layouts name.
    let mut names: Vec<&str> = order.iter().map(|c| c.name.as_str()).collect();
    for y in &r.yearly {
        for c in &y.clusters {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
    }
    let mut columns: Vec<(&str, Align)> = vec![("Fiscal year", Align::Left)];
    columns.extend(names.iter().map(|n| (*n, Align::Right)));
    columns.push(("All clusters", Align::Right));
    let mut t = Table::new(&columns);
    let cell = |hosts: usize, bought: usize, servers: usize| {
        if bought > 0 {
            format!("{hosts} (+{bought}) / {servers}")
        } else {
            format!("{hosts} / {servers}")
        }
    };
    for y in &r.yearly {
        let mut cells = vec![format::fy(y.fy)];
        for n in &names {
            cells.push(match y.clusters.iter().find(|c| c.name == *n) {
                Some(c) => cell(c.hosts_in_service, c.hosts_bought, c.servers),
                None => "–".into(),
            });
        }
        cells.push(cell(
            y.clusters.iter().map(|c| c.hosts_in_service).sum(),
            y.clusters.iter().map(|c| c.hosts_bought).sum(),
            main_servers(r, y),
        ));
        t.row(cells);
    }
    out.push(para(vec![
        strong("Year by year."),
        text(
            " Each cell: hosts in service (+ hosts bought that year) / servers running on them. \
             Servers move in their renewal year; until then they run on their old hardware. The \
             last column counts each server once, leaving out the copies at a BCP site.",
        ),
    ]));
    out.push(Block::Table(t));
    out.push(Block::Chart(ChartKind::HostsByYear));
    out.push(para(vec![
        strong("Where each server runs, year by year."),
        text(
            " Per fiscal year, every host in service with its servers and utilisation that year \
             (with demand growth). On a host already in service the year before, a server marked \
             (new) arrived that year.",
        ),
    ]));
    let mut previous: Option<&YearLayout> = None;
    for y in &r.yearly {
        out.push(year_layout(r, y, previous));
        previous = Some(y);
    }
    out
}

/// Whether a cluster, by name, is at a BCP site.
fn is_bcp_cluster(r: &PlanResult, name: &str) -> bool {
    r.clusters.iter().any(|c| c.name == name && !is_main(c))
}

/// Servers on the main site's hosts in a year (the BCP copies left out).
fn main_servers(r: &PlanResult, y: &YearLayout) -> usize {
    y.clusters.iter().filter(|c| !is_bcp_cluster(r, &c.name)).map(|c| c.servers).sum()
}

/// One fiscal year's layout: a table of hosts grouped by cluster, inside a collapsible block.
fn year_layout(r: &PlanResult, y: &YearLayout, previous: Option<&YearLayout>) -> Block {
    let hosts: usize = y.clusters.iter().map(|c| c.hosts.len()).sum();
    let servers = main_servers(r, y);
    let copies: usize =
        y.clusters.iter().filter(|c| is_bcp_cluster(r, &c.name)).map(|c| c.servers).sum();
    let before = previous.map_or(0, |p| main_servers(r, p));
    if y.clusters.is_empty() || hosts == 0 {
        return para(vec![
            strong(format!("{}:", format::fy(y.fy))),
            text(" no virtual host in service yet; every server runs on its old hardware."),
        ]);
    }
    let moved = servers.saturating_sub(before);
    let summary = format!(
        "{}: {} in {}, {}{}{}",
        format::fy(y.fy),
        format::count(hosts, "host", "hosts"),
        format::count(y.clusters.len(), "cluster", "clusters"),
        format::count(servers, "server", "servers"),
        if moved > 0 { format!(" (+{moved} this year)") } else { String::new() },
        if copies > 0 {
            format!(", {}", format::count(copies, "BCP copy", "BCP copies"))
        } else {
            String::new()
        }
    );
    let role_of = |name: &str| {
        r.clusters
            .iter()
            .flat_map(|c| c.hosts.iter())
            .find(|h| h.name == name)
            .map_or("active", role)
    };
    let mut t = Table::new(&[
        ("Host", Align::Left),
        ("Model", Align::Left),
        ("Servers", Align::Right),
        ("CPU %", Align::Right),
        ("vCPU %", Align::Right),
        ("Memory %", Align::Right),
        ("Servers on it", Align::Left),
    ]);
    for c in &y.clusters {
        t.strong_row(vec![
            c.name.clone(),
            String::new(),
            c.servers.to_string(),
            String::new(),
            String::new(),
            String::new(),
            format!(
                "{} in service{}",
                format::count(c.hosts_in_service, "host", "hosts"),
                if c.hosts_bought > 0 {
                    format!(", {} bought this year", c.hosts_bought)
                } else {
                    String::new()
                }
            ),
        ]);
        let prev_hosts: Option<&[YearHost]> = previous
            .and_then(|p| p.clusters.iter().find(|pc| pc.name == c.name))
            .map(|pc| pc.hosts.as_slice());
        for h in &c.hosts {
            let before = prev_hosts.and_then(|hs| hs.iter().find(|ph| ph.name == h.name));
            let list: Vec<String> = h
                .servers
                .iter()
                .map(|s| match before {
                    Some(b) if !b.servers.contains(s) => format!("{s} (new)"),
                    _ => s.clone(),
                })
                .collect();
            let u = h.utilisation_pct;
            t.row(vec![
                h.name.clone(),
                h.model.clone(),
                h.servers.len().to_string(),
                format::pct(u.cpu),
                format::pct(u.vcpu),
                format::pct(u.memory_gb),
                match (list.is_empty(), role_of(&h.name)) {
                    (false, _) => list.join(", "),
                    (true, "active") => "empty".into(),
                    (true, other) => format!("empty ({other})"),
                },
            ]);
        }
    }
    Block::Details(summary, vec![Block::Table(t)])
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
    let mut out = vec![Block::Heading(2, "Servers not moved".into())];
    let reasons = |name: &str| {
        r.excluded.iter().find(|e| e.server == name).map(|e| e.reason.clone()).unwrap_or_default()
    };
    let physical: Vec<&ServerRow> = r.servers.iter().filter(|s| s.stays_physical).collect();
    let out_of_scope: Vec<&Excluded> =
        r.excluded.iter().filter(|e| !physical.iter().any(|s| s.name == e.server)).collect();
    if physical.is_empty() && out_of_scope.is_empty() {
        out.push(para(vec![text("None: every server of the inventory is in the plan.")]));
        return out;
    }
    if !physical.is_empty() {
        let mut t = Table::new(&[
            ("Server", Align::Left),
            ("System", Align::Left),
            ("Zone", Align::Left),
            ("Organisation", Align::Left),
            ("Reason", Align::Left),
        ]);
        for s in &physical {
            let reason = reasons(&s.name);
            t.row(vec![
                s.name.clone(),
                s.system.clone(),
                s.zone.clone(),
                s.org.clone(),
                if reason.is_empty() { "stays physical".into() } else { reason },
            ]);
        }
        out.push(para(vec![
            strong("Staying physical: "),
            text(format!(
                "{} in scope {} on {} own hardware, not packed; {} baseline cost counts in both \
                 columns.",
                format::count(physical.len(), "server", "servers"),
                format::plural(physical.len(), "stays", "stay"),
                format::plural(physical.len(), "its", "their"),
                format::plural(physical.len(), "its", "their"),
            )),
        ]));
        out.push(Block::Table(t));
    }
    if !out_of_scope.is_empty() {
        let mut t = Table::new(&[
            ("Server", Align::Left),
            ("System", Align::Left),
            ("Organisation", Align::Left),
            ("Reason", Align::Left),
        ]);
        for e in &out_of_scope {
            let row = r.servers.iter().find(|s| s.name == e.server);
            t.row(vec![
                e.server.clone(),
                row.map(|s| s.system.clone()).unwrap_or_default(),
                row.map(|s| s.org.clone()).unwrap_or_default(),
                e.reason.clone(),
            ]);
        }
        out.push(para(vec![
            strong("Excluded: "),
            text(format!(
                "{} left out of the plan, in neither column:",
                format::count(out_of_scope.len(), "server", "servers")
            )),
        ]));
        out.push(Block::Table(t));
    }
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
        Block::List(r.assumptions.iter().map(|a| with_code(a)).collect()),
    ]
}

/// What is proven about a cluster, in words: the cost against its lower bound (gap in yen and
/// percent), and the host count against the bounds for normal operation and for N+k.
fn proof_words(c: &Cluster, normal: usize, m: &Money) -> String {
    let p = &c.proof;
    let hosts = format!(
        " Hosts: {} ({} active in normal operation); at least {} are needed in normal operation \
         and {} with N+{}{}.",
        c.hosts.len(),
        normal,
        c.lower_bound_hosts,
        p.hosts_lower_bound_with_failover,
        c.failover.required,
        if p.host_count_proven_minimal { ", so the host count is proven minimal" } else { "" }
    );
    let cost = match (p.cost_lower_bound, p.cost_gap, p.cost_gap_pct) {
        (Some(b), Some(_), Some(_)) if p.cost_proven_optimal => format!(
            ". Cost proven optimal: {} over the horizon equals the lower bound for every allowed \
             mix with N+{} (gap {}, 0 %).",
            m.amount(b),
            c.failover.required,
            m.amount(0.0)
        ),
        (Some(b), Some(gap), Some(pct)) => format!(
            ". Best found, not proven optimal: {} over the horizon against a lower bound of {} \
             for every allowed mix with N+{} (gap {}, {:.2} %).",
            m.amount(c.horizon_cost),
            m.amount(b),
            c.failover.required,
            m.amount(gap),
            pct
        ),
        _ => ". Hosts bought year by year: no lower bound on the cost is claimed.".to_string(),
    };
    let clock = if p.cut_by_clock { " A solver step was cut by its time limit." } else { "" };
    format!("{cost}{hosts}{clock}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticked_names_become_code() {
        assert_eq!(
            with_code("group `ap` has 2 servers"),
            vec![text("group "), code("ap"), text(" has 2 servers")]
        );
        assert_eq!(with_code("`a` and `b`"), vec![code("a"), text(" and "), code("b")]);
        assert_eq!(with_code("one ` alone"), vec![text("one ` alone")]);
        assert_eq!(with_code("plain"), vec![text("plain")]);
    }

    #[test]
    fn site_words_and_numbers() {
        assert_eq!(site_words("main"), "main site");
        assert_eq!(site_words(""), "main site");
        assert_eq!(site_words("new-city-hall"), "new-city-hall");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.5), "1.5");
    }
}
