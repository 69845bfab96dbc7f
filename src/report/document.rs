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
    Assumption, Cluster, Costs, ExcludeReason, Excluded, Host, PlanResult, Resources, ServerRow,
    YearHost, YearLayout,
};

use super::charts::kind::ChartKind;
use super::format::{self, Money};
use super::i18n::Text;

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

pub use super::table::{Align, Cell, Row, Table, Value};

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
    /// A picture other than the plan's charts (the comparison's chart): a PNG link in
    /// markdown, its SVG inlined in HTML.
    Figure(Figure),
}

/// A picture drawn before the document is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// File name without extension: `<stem>.png` and `<stem>.svg` are written beside.
    pub stem: String,
    /// What it shows (alt text).
    pub title: String,
    /// The caption.
    pub caption: String,
    /// The SVG, inlined by the HTML renderer.
    pub svg: String,
}

/// The report: blocks in reading order.
pub type Document = Vec<Block>;

/// What a section needs besides the plan: amounts and words in one language.
pub struct Lx {
    /// Money in the plan's currency, written the language's way.
    pub m: Money,
    /// The words.
    pub t: Text,
}

/// A section of the report.
pub type Section = fn(&PlanResult, &Lx) -> Vec<Block>;

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
    bill_of_materials,
    excluded,
    extra_items,
    assumptions,
];

/// The whole report, in English.
pub fn build(r: &PlanResult) -> Document {
    build_in(r, Text::EN)
}

/// The whole report in the language of `t`.
pub fn build_in(r: &PlanResult, t: Text) -> Document {
    let lx = Lx { m: Money::with_text(&r.plan.currency, t), t };
    SECTIONS.iter().flat_map(|section| section(r, &lx)).collect()
}

/// A reason the planner gives for leaving a server out, in the language of `t` and without
/// backticks: the planner's known sentences are translated, a reason the inventory gives
/// (`exclude_reason`) keeps its own words behind a translated "out of scope", anything else is
/// kept as written.
pub fn reason_words(t: Text, reason: &ExcludeReason) -> String {
    super::facts::exclude_reason(t, reason)
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
pub fn host_models(c: &Cluster, t: Text) -> String {
    if c.hosts.is_empty() {
        return t.s("no_hosts_word").into();
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
        // Models in name order, as the planner's option descriptions and the purchases list
        // them, so that one cluster's models read the same everywhere.
        counts.sort_by(|a, b| a.0.cmp(b.0));
        for (model, n) in counts {
            let n = n.to_string();
            let key = if spare { "models_spare" } else { "models_count" };
            parts.push(t.f(key, &[("n", &n), ("model", model)]));
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
pub fn site_words(site: &str, t: Text) -> String {
    if site.is_empty() || site == MAIN_SITE {
        t.s("site_main_words").into()
    } else {
        site.to_string()
    }
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
pub fn policy_words(p: &Policy, t: Text) -> String {
    let failover = if p.spare_hosts == 0 {
        t.s("policy_no_failover").to_string()
    } else {
        t.f(
            "policy_failover",
            &[
                ("hosts", &t.count(p.spare_hosts as usize, "n_host", "n_hosts")),
                ("k", &p.spare_hosts.to_string()),
                ("cpu", &format::pct_short(p.failover_cpu_pct)),
                ("mem", &format::pct_short(p.failover_memory_pct)),
            ],
        )
    };
    t.f(
        "policy_sentence",
        &[
            ("cpu", &format::pct_short(p.target_cpu_pct)),
            ("mem", &format::pct_short(p.target_memory_pct)),
            ("vcpu", &num(p.vcpu_per_core)),
            ("over", &num(p.memory_overcommit)),
            ("failover", &failover),
        ],
    )
}

/// A host's role: `active`, `spare` or `minimum` (from `spare` when the model leaves it empty).
pub fn role(h: &Host) -> &str {
    h.role.name()
}

/// A role's word in the language of `t`: `spare`, `予備`.
pub fn role_label(t: crate::report::Text, role: &str) -> &str {
    match role {
        "active" | "spare" | "minimum" => t.s(&format!("role_{role}")),
        other => other,
    }
}

/// Hosts by role: `3 (2 active, 1 spare)`, `11 (all active)`.
pub fn roles_words(c: &Cluster, t: Text) -> String {
    t.f("roles_total", &[("n", &c.hosts.len().to_string()), ("breakdown", &roles_breakdown(c, t))])
}

/// The hosts' roles: `2 active, 1 spare`, `all active`, `one active`.
pub fn roles_breakdown(c: &Cluster, t: Text) -> String {
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
        [] => t.s("roles_none").into(),
        [(r, n)] => {
            t.f(if *n == 1 { "roles_one" } else { "roles_all" }, &[("role", role_label(t, r))])
        }
        _ => counts
            .iter()
            .map(|(r, n)| t.f("roles_n", &[("n", &n.to_string()), ("role", role_label(t, r))]))
            .collect::<Vec<_>>()
            .join(t.s("roles_sep")),
    }
}

/// Purchases of a cluster by fiscal year: `FY2018: 3× std-32c; FY2019: 1× big-64c`; from the
/// hosts' `bought_fy` when the cluster lists no purchases.
pub fn purchases_words(c: &Cluster, t: Text) -> String {
    let rows = purchases_of(c);
    if rows.is_empty() {
        return t.s("no_host_bought").into();
    }
    let mut years: Vec<i32> = rows.iter().map(|p| p.0).collect();
    years.dedup();
    years
        .iter()
        .map(|fy| {
            let models: Vec<String> = rows
                .iter()
                .filter(|p| p.0 == *fy)
                .map(|p| t.f("models_count", &[("n", &p.2.to_string()), ("model", &p.1)]))
                .collect();
            t.f("fy_models", &[("fy", &t.fy(*fy)), ("models", &models.join(" + "))])
        })
        .collect::<Vec<_>>()
        .join(t.s("list_sep"))
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
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    rows
}

/// The fiscal years a cluster's hosts are bought in: `FY2018`, `FY2018, FY2019`.
pub fn purchase_years(c: &Cluster, t: Text) -> String {
    let mut years: Vec<i32> = purchases_of(c).iter().map(|p| p.0).collect();
    years.dedup();
    if years.is_empty() {
        return t.fy(c.purchase_fy);
    }
    years.iter().map(|y| t.fy(*y)).collect::<Vec<_>>().join(t.s("name_sep"))
}

/// "N hosts with time-of-day packing (¥X over the horizon), M with peak sizing (¥Y)" for a
/// time-of-day cluster: the host count and what it costs, since the cheapest mix of models
/// may take more, smaller hosts.
pub fn time_of_day_words(c: &Cluster, m: &Money, t: Text) -> Option<String> {
    if !c.time_of_day {
        return None;
    }
    let n = c.hosts.len();
    let packed = t.f(
        "tod_packed",
        &[("hosts", &t.count(n, "n_host", "n_hosts")), ("cost", &m.millions(c.horizon_cost))],
    );
    Some(match (c.peak_sizing_hosts, c.peak_sizing_cost) {
        (Some(p), Some(cost)) => {
            let saved = cost - c.horizon_cost;
            let verdict = if saved > 0.5 {
                t.f("tod_saved", &[("cost", &m.millions(saved))])
            } else {
                t.s("tod_nothing_saved").to_string()
            };
            t.f(
                "tod_vs_peak",
                &[
                    ("packed", &packed),
                    ("p", &p.to_string()),
                    ("cost", &m.millions(cost)),
                    ("verdict", &verdict),
                ],
            )
        }
        _ => t.f("tod_peak_not_evaluated", &[("packed", &packed)]),
    })
}

/// Failover in a few words: `N+1, survives`, `N+1, FAILS`, `none required`.
pub fn failover_short(c: &Cluster, t: Text) -> String {
    let f = &c.failover;
    let k = f.required.to_string();
    if f.required == 0 {
        t.s("fo_none_required").into()
    } else if f.survives {
        t.f("fo_survives", &[("k", &k)])
    } else {
        t.f("fo_fails", &[("k", &k)])
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
fn utilisation_words(u: &Resources, t: Text) -> String {
    t.f(
        "util_words",
        &[
            ("cpu", &format::pct(u.cpu)),
            ("vcpu", &format::pct(u.vcpu)),
            ("mem", &format::pct(u.memory_gb)),
        ],
    )
}

/// The sentence of the assumptions about the ICT-BCP environment, when there is one.
fn bcp_assumptions(r: &PlanResult) -> Vec<&Assumption> {
    r.assumptions.iter().filter(|a| matches!(a, Assumption::Bcp { .. })).collect()
}

/// A packing method's internal name in plain words: `greedy-max-ff-cheapest` is "a greedy
/// fill (each server on the first host it fits, largest servers first by their largest
/// resource, cheapest host model first)". A name it does not know is kept as written.
pub fn method_words(t: Text, method: &str) -> String {
    let (base, lns) = match method.strip_suffix("+lns") {
        Some(b) => (b, t.s("m_lns")),
        None => (method, ""),
    };
    let words = match base {
        "exact" => t.s("m_exact").to_string(),
        "exact-fill" => t.s("m_exact_fill").to_string(),
        "exact-fill-repair" => t.s("m_exact_fill_repair").to_string(),
        "tabu" => t.s("m_tabu").to_string(),
        "pattern-milp" => t.s("m_pattern_milp").to_string(),
        "pattern-cover" => t.s("m_pattern_cover").to_string(),
        "exact-cover" => t.s("m_exact_cover").to_string(),
        "branch-and-price" => t.s("m_branch_and_price").to_string(),
        "none" => t.s("m_none").to_string(),
        "engine" => t.s("m_engine").to_string(),
        "exhaustive" => t.s("m_exhaustive").to_string(),
        other if other.starts_with("mix search (") => {
            let tried: String = other.chars().filter(char::is_ascii_digit).collect();
            t.f("m_mix_search", &[("n", &tried)])
        }
        other => match greedy_words(t, other) {
            Some(w) => w,
            None => return method.to_string(),
        },
    };
    format!("{words}{lns}")
}

/// `greedy-<order>-<ff|bf>-<model|cheapest>` in words.
fn greedy_words(t: Text, name: &str) -> Option<String> {
    let rest = name.strip_prefix("greedy-")?;
    let mut parts = rest.splitn(3, '-');
    let (order, fit, pref) = (parts.next()?, parts.next()?, parts.next()?);
    let order = match order {
        "sum" | "max" | "conflicts" => t.s(&format!("m_order_{order}")),
        _ => return None,
    };
    let fit = match fit {
        "ff" | "bf" => t.s(&format!("m_fit_{fit}")),
        _ => return None,
    };
    let pref = if pref == "cheapest" {
        t.s("m_pref_cheapest").to_string()
    } else {
        t.f("m_pref_model", &[("model", pref)])
    };
    Some(t.f("m_greedy", &[("fit", fit), ("order", order), ("pref", &pref)]))
}

fn title(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let t = lx.t;
    let currency = if r.plan.currency.is_empty() {
        String::new()
    } else {
        t.f("title_currency", &[("code", &r.plan.currency)])
    };
    let line = rich_f(
        t,
        "title_line",
        &[
            ("name", &r.plan.name),
            ("span", &format::span(t, r)),
            ("fy", &t.fy(r.plan.refresh_fy)),
            ("currency", &currency),
            ("method", &method_words(t, &r.plan.packer)),
        ],
        &["name"],
    );
    vec![Block::Heading(1, r.plan.title.clone()), para(line)]
}

fn summary(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let (m, t) = (&lx.m, lx.t);
    let s = &r.summary;
    let span = format::span(t, r);
    let mut items = vec![vec![text(t.f(
        "sum_servers",
        &[
            ("total", &s.servers_total.to_string()),
            ("scope", &s.servers_in_scope.to_string()),
            ("virt", &s.servers_virtualised.to_string()),
            ("phys", &s.servers_physical.to_string()),
            ("stay", t.s(if s.servers_physical == 1 { "stays" } else { "stay" })),
            ("excl", &s.servers_excluded.to_string()),
        ],
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
            let site = if *site == MAIN_SITE { t.s("the_main_site") } else { site };
            t.f("sum_at_site", &[("n", &n.to_string()), ("site", site)])
        })
        .collect();
    let sites_words =
        if site_list.len() > 1 { paren(t, &by_site.join(t.s("name_sep"))) } else { String::new() };
    items.push(vec![text(t.f(
        "sum_hosts",
        &[
            ("n", &s.hosts_total.to_string()),
            ("clusters", &t.count(r.clusters.len(), "n_cluster", "n_clusters")),
            ("sites", &sites_words),
        ],
    ))]);
    for c in clusters_by_site(r) {
        let mut runs = rich_f(
            t,
            "sum_cluster",
            &[
                ("name", &c.name),
                ("site", &if is_main(c) { String::new() } else { paren(t, &c.site) }),
                ("hosts", &t.count(c.hosts.len(), "n_host", "n_hosts")),
                ("models", &host_models(c, t)),
            ],
            &["name"],
        );
        if c.failover.required > 0 {
            runs.push(text(format!("{}{}", t.s("list_sep"), failover_short(c, t))));
            if !c.failover.binding_loss.is_empty() {
                let hosts = binding_loss_words(c);
                runs.extend(rich_f(t, "sum_binding_loss", &[("hosts", &hosts)], &["hosts"]));
            }
        }
        if let Some(words) = time_of_day_words(c, m, t) {
            runs.push(text(format!("{}{words}", t.s("list_sep"))));
        }
        runs.push(text(t.s("full_stop")));
        items.push(runs);
    }
    let bcp: Vec<&Cluster> = r.clusters.iter().filter(|c| !is_main(c)).collect();
    if s.servers_bcp > 0 || !bcp.is_empty() {
        let hosts: usize = bcp.iter().map(|c| c.hosts.len()).sum();
        let mut where_ = bcp.iter().map(|c| c.site.as_str()).collect::<Vec<_>>();
        where_.dedup();
        let from = bcp.iter().flat_map(|c| purchases_of(c).into_iter().map(|p| p.0)).min();
        let where_ = if where_.is_empty() {
            t.s("the_bcp_site").to_string()
        } else {
            where_.join(t.s("name_sep"))
        };
        items.push(vec![text(
            t.f(
                "sum_bcp",
                &[
                    ("servers", &t.count(s.servers_bcp, "n_server", "n_servers")),
                    ("run", t.s(if s.servers_bcp == 1 { "runs" } else { "run" })),
                    ("where", &where_),
                    ("hosts", &t.count(hosts, "n_host", "n_hosts")),
                    (
                        "from",
                        &from
                            .map(|y| lead(t, &t.f("from_fy", &[("fy", &t.fy(y))])))
                            .unwrap_or_default(),
                    ),
                ],
            ),
        )]);
    }
    items.push(vec![
        text(spaced(t, &t.f("sum_baseline", &[("span", &span)]))),
        strong(m.amount(s.baseline_total)),
        text(paren(t, &m.millions(s.baseline_total))),
    ]);
    items.push(vec![
        text(spaced(t, &t.f("sum_plan", &[("span", &span)]))),
        strong(m.amount(s.plan_total)),
        text(paren(t, &m.millions(s.plan_total))),
    ]);
    items.push(vec![
        text(spaced(t, t.s("sum_effect"))),
        strong(m.amount(s.cost_effect)),
        text(lead(
            t,
            &t.f(
                "sum_effect_tail",
                &[
                    ("millions", &m.millions(s.cost_effect)),
                    ("pct", &format::pct(s.cost_effect_pct)),
                ],
            ),
        )),
    ]);
    vec![Block::Heading(2, t.s("h_summary").into()), Block::List(items)]
}

/// `x ` in English (a label before more text), `x` in Japanese (no spaces between words).
pub fn spaced(t: Text, x: &str) -> String {
    if t.ja() { x.to_string() } else { format!("{x} ") }
}

/// ` x` in English (more text after a word), `x` in Japanese.
pub fn lead(t: Text, x: &str) -> String {
    if t.ja() { x.to_string() } else { format!(" {x}") }
}

/// The template of `key` filled with `args` as inline runs, the values of the holes named in
/// `codes` as code (names of servers, hosts, models), the rest as text.
pub fn rich_f(t: Text, key: &str, args: &[(&str, &str)], codes: &[&str]) -> Rich {
    let mut runs = Vec::new();
    let mut rest = t.s(key);
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => {
                if !rest[..start].is_empty() {
                    runs.push(text(&rest[..start]));
                }
                runs.push(if codes.contains(&name) { code(*v) } else { text(*v) });
            }
            None => runs.push(text(&rest[..start + end + 2])),
        }
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        runs.push(text(rest));
    }
    runs
}

/// `(x)` in English, `（x）` in Japanese.
pub fn paren(t: Text, x: &str) -> String {
    if t.ja() { format!("（{x}）") } else { format!(" ({x})") }
}

fn how_to_read(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let t = lx.t;
    let amounts = if r.plan.currency.is_empty() {
        t.s("amounts_plain").to_string()
    } else {
        t.f("amounts_in", &[("code", &r.plan.currency)])
    };
    vec![para(vec![
        strong(spaced(t, t.s("how_to_read_label"))),
        text(t.f("how_to_read", &[("amounts", &amounts)])),
    ])]
}

fn clusters(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let w = lx.t;
    let mut out = vec![Block::Heading(2, w.s("h_clusters").into())];
    if r.clusters.is_empty() {
        out.push(para(vec![text(w.s("no_clusters"))]));
        return out;
    }
    let mut t = Table::new(&[
        (w.s("col_site"), Align::Left),
        (w.s("col_cluster"), Align::Left),
        (w.s("col_zone"), Align::Left),
        (w.s("col_servers"), Align::Right),
        (w.s("col_hosts"), Align::Left),
        (w.s("col_bought"), Align::Left),
        (w.s("col_binding_resource"), Align::Left),
        (w.s("col_failover"), Align::Left),
        (w.s("col_binding_loss"), Align::Left),
        (w.s("col_busiest"), Align::Left),
        (w.s("col_after_loss"), Align::Right),
    ]);
    for c in clusters_by_site(r) {
        let f = &c.failover;
        let lost = f.required > 0 && !f.binding_loss.is_empty();
        let wu = f.worst_utilisation_pct;
        t.row(vec![
            site_words(&c.site, w),
            c.name.clone(),
            c.zone.clone(),
            c.servers.to_string(),
            roles_words(c, w),
            purchase_years(c, w),
            format::resource_label_in(w, &c.binding_resource).to_string(),
            failover_short(c, w),
            binding_loss_words(c),
            if lost { f.worst_host.clone().unwrap_or_else(|| "–".into()) } else { "–".into() },
            if lost {
                format!(
                    "{} / {} / {}",
                    format::pct(wu.cpu),
                    format::pct(wu.vcpu),
                    format::pct(wu.memory_gb)
                )
            } else {
                "–".into()
            },
        ]);
    }
    out.push(para(vec![strong(w.s("overview_label")), text(lead(w, w.s("overview_text")))]));
    out.push(Block::Table(t));
    out.push(Block::Chart(ChartKind::Utilisation));
    for c in clusters_by_site(r) {
        out.extend(cluster(r, c, lx));
    }
    out
}

fn cluster(r: &PlanResult, c: &Cluster, lx: &Lx) -> Vec<Block> {
    let t = lx.t;
    let place = if is_main(c) {
        t.s("site_main_words").to_string()
    } else {
        t.f("place_site", &[("site", &c.site)])
    };
    let heading =
        t.f("cluster_heading", &[("name", &c.name), ("zone", &c.zone), ("place", &place)]);
    let mut out = vec![Block::Heading(3, heading)];
    let mut facts = vec![text(t.f(
        "cluster_facts",
        &[
            ("servers", &t.count(c.servers, "n_server", "n_servers")),
            ("hosts", &t.count(c.hosts.len(), "n_host", "n_hosts")),
            ("roles", &roles_breakdown(c, t)),
            ("purchases", &purchases_words(c, t)),
            ("tb", &format::qty(c.storage_tb)),
            ("method", &super::facts::method(t, &c.method)),
        ],
    ))];
    facts.push(text(proof_words(c, lx)));
    out.push(para(facts));
    out.push(para(vec![strong(spaced(t, t.s("policy_label"))), text(policy_words(&c.policy, t))]));
    out.push(Block::Table(hosts_table(c, t)));
    out.push(para(vec![strong(t.s("servers_on_hosts"))]));
    out.push(Block::List(
        c.hosts
            .iter()
            .map(|h| {
                let mut runs = vec![code(&h.name), text(t.s("colon_sp"))];
                if h.servers.is_empty() {
                    runs.push(text(match role(h) {
                        "active" => t.s("host_empty"),
                        "minimum" => t.s("host_minimum_empty"),
                        _ => t.s("host_spare_empty"),
                    }));
                } else {
                    runs.push(text(h.servers.join(t.s("name_sep"))));
                }
                runs
            })
            .collect(),
    ));
    out.extend(affinity(r, c, t));
    out.extend(failover(c, t));
    out.extend(why(c, lx));
    out
}

/// What is proven about the cluster's cost and host count, and for which problem: the cost
/// against a lower bound valid for every allowed mix with N+k (or none claimed for hosts bought
/// year by year), then the host counts needed in normal operation and with N+k.
fn proof_words(c: &Cluster, lx: &Lx) -> String {
    let (t, m, p) = (lx.t, &lx.m, &c.proof);
    let k = c.failover.required.to_string();
    let cost = match (p.cost_lower_bound, p.cost_gap, p.cost_gap_pct) {
        (Some(b), Some(_), Some(_)) if p.cost_proven_optimal => t.f(
            "proof_cost_optimal",
            &[("cost", &m.amount(b)), ("k", &k), ("zero", &m.amount(0.0))],
        ),
        (Some(b), Some(gap), Some(pct)) => t.f(
            "proof_cost_gap",
            &[
                ("cost", &m.amount(c.horizon_cost)),
                ("bound", &m.amount(b)),
                ("k", &k),
                ("gap", &m.amount(gap)),
                ("pct", &format!("{pct:.2}")),
            ],
        ),
        _ => t.s("proof_cost_none").to_string(),
    };
    let normal = c.hosts.iter().filter(|h| role(h) == "active").count();
    let minimal = if p.host_count_proven_minimal { t.s("proof_hosts_minimal") } else { "" };
    let hosts = t.f(
        "proof_hosts",
        &[
            ("hosts", &c.hosts.len().to_string()),
            ("normal", &normal.to_string()),
            ("lb", &c.lower_bound_hosts.to_string()),
            ("lbk", &p.hosts_lower_bound_with_failover.to_string()),
            ("k", &k),
            ("minimal", minimal),
        ],
    );
    let clock = if p.cut_by_clock { t.s("proof_clock") } else { "" };
    format!("{cost}{hosts}{clock}")
}

/// Affinity groups of the cluster's servers: which host keeps each group together.
fn affinity(r: &PlanResult, c: &Cluster, t: Text) -> Vec<Block> {
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
    let mut runs = vec![strong(t.s("affinity_label")), text(t.s("affinity_kept"))];
    for (i, (g, h, members)) in groups.iter().enumerate() {
        if i > 0 {
            runs.push(text(t.s("list_sep")));
        }
        runs.push(code(*g));
        runs.push(text(t.s("affinity_on")));
        runs.push(code(*h));
        runs.push(text(paren(t, &members.join(t.s("name_sep")))));
    }
    runs.push(text(t.s("full_stop")));
    vec![para(runs)]
}

fn hosts_table(c: &Cluster, w: Text) -> Table {
    let mut t = Table::new(&[
        (w.s("col_host"), Align::Left),
        (w.s("col_model"), Align::Left),
        (w.s("col_role"), Align::Left),
        (w.s("col_bought"), Align::Left),
        (w.s("col_servers"), Align::Right),
        (w.s("col_cpu_used"), Align::Right),
        (w.s("col_cpu_pct"), Align::Right),
        (w.s("col_vcpu_used"), Align::Right),
        (w.s("col_vcpu_pct"), Align::Right),
        (w.s("col_mem_used"), Align::Right),
        (w.s("col_mem_pct"), Align::Right),
    ]);
    for h in &c.hosts {
        let mut cells = vec![
            h.name.clone(),
            h.model.clone(),
            role_label(w, role(h)).to_string(),
            w.fy(h.bought_fy),
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
        w.s("all_hosts").to_string(),
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

fn failover(c: &Cluster, t: Text) -> Vec<Block> {
    let f = &c.failover;
    if f.required == 0 {
        return vec![para(vec![strong(spaced(t, t.s("fo_label"))), text(t.s("fo_not_required"))])];
    }
    let mut runs = vec![strong(spaced(t, &t.f("fo_heading", &[("k", &f.required.to_string())])))];
    if !f.binding_loss.is_empty() {
        let key = if f.binding_loss.len() == 1 { "fo_binding_one" } else { "fo_binding_many" };
        runs.push(strong(spaced(t, t.s(key))));
        for (i, h) in f.binding_loss.iter().enumerate() {
            if i > 0 {
                runs.push(text(" + "));
            }
            runs.push(code(h));
        }
        runs.push(text(spaced(t, t.s("full_stop"))));
    }
    let spares = match f.spare_hosts {
        0 => t.s("fo_no_spare").to_string(),
        n => t.f("fo_spares", &[("n", &t.count(n, "n_spare_host", "n_spare_hosts"))]),
    };
    runs.push(text(t.f(
        "fo_policy",
        &[
            ("hosts", &t.count(f.required as usize, "n_host", "n_hosts")),
            ("verdict", t.s(if f.survives { "fo_absorbed" } else { "fo_not_absorbed" })),
            ("spares", &spares),
        ],
    )));
    if !f.binding_loss.is_empty() {
        let host = f
            .worst_host
            .as_deref()
            .map(|h| t.f("fo_after_host", &[("host", h)]))
            .unwrap_or_default();
        let util = utilisation_words(
            if f.worst_host.is_some() {
                &f.worst_host_utilisation_pct
            } else {
                &f.worst_utilisation_pct
            },
            t,
        );
        runs.push(text(lead(
            t,
            &t.f(
                "fo_after",
                &[
                    ("host", &host),
                    ("util", &util),
                    ("cpu", &format::pct_short(c.policy.failover_cpu_pct)),
                    ("mem", &format::pct_short(c.policy.failover_memory_pct)),
                ],
            ),
        )));
    }
    let mut out = vec![para(runs)];
    if !f.binding_moves.is_empty() {
        let mut table = Table::new(&[
            (t.s("col_server_lost"), Align::Left),
            (t.s("col_restarts_on"), Align::Left),
        ]);
        for (server, host) in &f.binding_moves {
            table.row(vec![server.clone(), host.clone()]);
        }
        out.push(Block::Table(table));
    }
    out
}

/// Why the cluster has this many hosts: the demand per resource against one host, the lower
/// bound, spares, time of day, the planner's note and the host-model options.
fn why(c: &Cluster, lx: &Lx) -> Vec<Block> {
    let (m, w) = (&lx.m, lx.t);
    let hosts_words = w.count(c.hosts.len(), "n_host", "n_hosts");
    let mut out = vec![para(vec![strong(w.f("why_heading", &[("hosts", &hosts_words)]))])];
    if c.resource_needs.is_empty() {
        out.push(Block::Table(demand_table(c, w)));
    } else {
        let mut t = Table::new(&[
            (w.s("col_resource"), Align::Left),
            (w.s("col_demand"), Align::Right),
            (w.s("col_per_host"), Align::Right),
            (w.s("col_hosts_worth"), Align::Right),
            (w.s("col_hosts_needed"), Align::Right),
            (w.s("col_demand_capacity"), Align::Right),
        ]);
        for n in &c.resource_needs {
            let model = if n.model.is_empty() { String::new() } else { paren(w, &n.model) };
            let cells = vec![
                format::resource_with_unit_in(w, &n.resource),
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
        text(spaced(w, w.s("binding_label"))),
        strong(format::resource_label_in(w, &c.binding_resource).to_string()),
    ];
    if let Some(n) = bind {
        let model = (!n.model.is_empty()).then_some(n.model.as_str());
        binding.push(text(
            w.f(
                "binding_worth",
                &[
                    ("worth", &format::thousands(n.hosts_worth, 2)),
                    (
                        "model",
                        &model
                            .map(|m| lead(w, &w.f("binding_of_model", &[("model", m)])))
                            .unwrap_or_default(),
                    ),
                    ("hosts", &w.count(n.hosts as usize, "n_host", "n_hosts")),
                ],
            ),
        ));
        let active: Vec<&Host> = c.hosts.iter().filter(|h| role(h) == "active").collect();
        if let Some(m) = model
            && active.iter().any(|h| h.model != m)
        {
            let mix = w.f("binding_mix", &[("pct", &format::pct(n.utilisation_pct))]);
            binding.push(text(lead(w, &mix)));
        }
    } else {
        binding.push(text(w.s("full_stop")));
    }
    items.push(binding);
    items.push(lower_bound(c, w));
    items.push(vec![text(chosen_words(c, w))]);
    if let Some(t) = time_of_day_words(c, m, w) {
        items.push(vec![text(spaced(w, w.s("tod_label"))), strong(t), text(w.s("full_stop"))]);
    }
    if !c.sizing_note.is_empty() {
        let note = super::facts::sizing_note(w, m, c);
        items.push(vec![text(spaced(w, w.s("planner_note"))), text(note)]);
    }
    out.push(Block::List(items));
    out.extend(options(c, lx));
    out
}

/// The cluster's lower bound and how it was reached (the planner's words).
fn lower_bound(c: &Cluster, t: Text) -> Rich {
    let hosts = t.count(c.lower_bound_hosts as usize, "n_host", "n_hosts");
    let mut bound = vec![text(t.f("lower_bound", &[("hosts", &hosts)]))];
    let reason = super::facts::lower_bound_reason(t, &c.lower_bound_reason);
    bound.push(text(if t.ja() { format!("（{reason}）") } else { format!(" ({reason})") }));
    bound.push(text(t.s("full_stop")));
    if c.proof.hosts_lower_bound_with_failover > 0 {
        let hosts = t.count(c.proof.hosts_lower_bound_with_failover, "n_host", "n_hosts");
        let k = c.failover.required.to_string();
        bound.push(text(t.f("bound_with_failover", &[("k", &k), ("hosts", &hosts)])));
    }
    bound
}

/// The hosts chosen: active, spares for failover, hosts to reach the minimum; what is proven of
/// the cost, and of the host count (with N+k) when it is the fewest possible — two claims,
/// never one worded as the other (the active count alone may well exceed the normal-operation
/// bound just above it: the hosts N+k needs are not always spares).
fn chosen_words(c: &Cluster, t: Text) -> String {
    let count = |r: &str| c.hosts.iter().filter(|h| role(h) == r).count();
    let mut proven =
        t.s(if c.proven_optimal { "proven_word" } else { "not_proven_word" }).to_string();
    if c.proof.host_count_proven_minimal && c.proof.cost_lower_bound.is_some() {
        proven.push_str(&t.f("hosts_minimal_word", &[("k", &c.failover.required.to_string())]));
    }
    let active = t.count(count("active"), "n_active_host", "n_active_hosts");
    let mut chosen = t.f("chosen_line", &[("active", &active), ("proven", &proven)]);
    if count("spare") > 0 {
        chosen.push_str(&t.f(
            "chosen_spares",
            &[
                ("spares", &t.count(count("spare"), "n_spare", "n_spares")),
                ("k", &c.failover.required.to_string()),
            ],
        ));
    }
    if count("minimum") > 0 {
        let hosts = t.count(count("minimum"), "n_host", "n_hosts");
        chosen.push_str(&t.f("chosen_minimum", &[("hosts", &hosts)]));
    }
    chosen.push_str(t.s("full_stop"));
    chosen
}

/// Demand, usable and capacity per resource (when the model gives no per-resource needs).
fn demand_table(c: &Cluster, t: Text) -> Table {
    let mut demand = Table::new(&[
        (t.s("col_resource"), Align::Left),
        (t.s("col_demand"), Align::Right),
        (t.s("col_usable"), Align::Right),
        (t.s("col_capacity"), Align::Right),
        (t.s("col_demand_usable"), Align::Right),
    ]);
    let usage = c.demand.percent_of(&c.usable).values();
    for (i, name) in Resources::NAMES.iter().enumerate() {
        demand.row(vec![
            format::resource_with_unit_in(t, name),
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

fn options(c: &Cluster, lx: &Lx) -> Vec<Block> {
    let (m, w) = (&lx.m, lx.t);
    if c.options.is_empty() {
        return Vec::new();
    }
    let chosen = c.options.iter().find(|o| o.chosen).unwrap_or(&c.options[0]);
    let mut runs = vec![
        strong(spaced(w, w.s("options_label"))),
        text(w.f("options_count", &[("n", &w.count(c.options.len(), "n_option", "n_options"))])),
    ];
    runs.push(code(super::facts::mix(w, &chosen.mix)));
    runs.push(text(w.f("options_cost", &[("cost", &m.amount(chosen.horizon_cost))])));
    let next = c
        .options
        .iter()
        .filter(|o| !std::ptr::eq(*o, chosen))
        .min_by(|a, b| a.horizon_cost.total_cmp(&b.horizon_cost));
    match next {
        Some(n) => {
            runs.push(text(w.s("options_next")));
            runs.push(code(super::facts::mix(w, &n.mix)));
            runs.push(text(w.f(
                "options_more",
                &[
                    ("diff", &m.amount(n.horizon_cost - chosen.horizon_cost)),
                    ("cost", &m.amount(n.horizon_cost)),
                ],
            )));
        }
        None => runs.push(text(w.s("options_none"))),
    }
    let mut t = Table::new(&[
        (w.s("col_option"), Align::Left),
        (w.s("col_hosts"), Align::Right),
        (w.s("col_horizon_cost"), Align::Right),
        (w.s("col_vs_chosen"), Align::Right),
        (w.s("col_chosen"), Align::Left),
    ]);
    for o in c.options.iter().take(OPTIONS_SHOWN) {
        t.row(vec![
            super::facts::mix(w, &o.mix),
            o.hosts.to_string(),
            m.amount(o.horizon_cost),
            m.signed(o.horizon_cost - chosen.horizon_cost),
            if o.chosen { w.s("yes").into() } else { String::new() },
        ]);
    }
    let mut out = vec![para(runs), Block::Table(t)];
    if c.options.len() > OPTIONS_SHOWN {
        let more = (c.options.len() - OPTIONS_SHOWN).to_string();
        out.push(para(vec![text(w.f("options_in_json", &[("n", &more)]))]));
    }
    out
}

fn time_of_day(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let (m, t) = (&lx.m, lx.t);
    let tod: Vec<&Cluster> = clusters_by_site(r).into_iter().filter(|c| c.time_of_day).collect();
    if tod.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, t.s("h_tod").into()), para(vec![text(t.s("tod_intro"))])];
    out.push(Block::List(
        tod.iter()
            .map(|c| {
                vec![
                    code(&c.name),
                    text(t.s("colon_sp")),
                    strong(time_of_day_words(c, m, t).unwrap_or_default()),
                    text(t.s("full_stop")),
                ]
            })
            .collect(),
    ));
    if ChartKind::TimeOfDay.shown(r) {
        out.push(Block::Chart(ChartKind::TimeOfDay));
    }
    out
}

fn bcp(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let w = lx.t;
    let clusters: Vec<&Cluster> = clusters_by_site(r).into_iter().filter(|c| !is_main(c)).collect();
    // Servers with a copy first, then those flagged for ICT-BCP that have none.
    let copied: Vec<&ServerRow> = r.servers.iter().filter(|s| s.bcp_host.is_some()).collect();
    let uncopied: Vec<&ServerRow> =
        r.servers.iter().filter(|s| s.bcp_host.is_none() && s.bcp && s.in_scope).collect();
    let servers: Vec<&ServerRow> = copied.iter().chain(&uncopied).copied().collect();
    if clusters.is_empty() && servers.is_empty() && r.summary.servers_bcp == 0 {
        return Vec::new();
    }
    let mut out = vec![Block::Heading(2, w.s("h_bcp").into())];
    for a in bcp_assumptions(r) {
        out.push(para(vec![text(super::facts::assumption(w, a))]));
    }
    if clusters.is_empty() {
        out.push(para(vec![text(w.s("bcp_no_cluster"))]));
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
                text(lead(
                    w,
                    &w.f(
                        "bcp_item",
                        &[
                            ("site", &c.site),
                            ("zone", &c.zone),
                            ("fy", &w.fy(from)),
                            ("servers", &w.count(c.servers, "n_server", "n_servers")),
                            ("hosts", &w.count(c.hosts.len(), "n_host", "n_hosts")),
                            ("purchases", &purchases_words(c, w)),
                            ("cpu", &format::pct_short(c.policy.target_cpu_pct)),
                            ("mem", &format::pct_short(c.policy.target_memory_pct)),
                            ("res", format::resource_label_in(w, &c.binding_resource)),
                            ("failover", &failover_short(c, w)),
                        ],
                    ),
                )),
            ]
        })
        .collect();
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    if !servers.is_empty() {
        let mut t = Table::new(&[
            (w.s("csv_server_h"), Align::Left),
            (w.s("col_system"), Align::Left),
            (w.s("col_zone"), Align::Left),
            (w.s("col_main_host"), Align::Left),
            (w.s("col_bcp_host"), Align::Left),
            (w.s("col_bcp_copy"), Align::Right),
        ]);
        for s in &servers {
            t.row(vec![
                s.name.clone(),
                s.system.clone(),
                s.zone.clone(),
                s.host.clone().unwrap_or_else(|| "–".into()),
                match &s.bcp_host {
                    Some(h) => h.clone(),
                    None if s.stays_physical => w.s("bcp_none_physical").into(),
                    None => w.s("bcp_none").into(),
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
        let have = |n: usize| w.s(if n == 1 { "has" } else { "have" });
        let mut words = w.f(
            "bcp_copies",
            &[
                ("servers", &w.count(copied.len(), "n_server", "n_servers")),
                ("have", have(copied.len())),
            ],
        );
        if !uncopied.is_empty() {
            words.push_str(&w.f(
                "bcp_uncopied",
                &[("n", &uncopied.len().to_string()), ("have", have(uncopied.len()))],
            ));
        }
        words.push_str(w.s("colon"));
        out.push(para(vec![text(words)]));
        out.push(Block::Table(t));
    }
    out
}

fn purchases_and_years(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let w = lx.t;
    let mut out = vec![Block::Heading(2, w.s("h_purchases").into())];
    let order = clusters_by_site(r);
    let mut rows: Vec<(i32, usize, &Cluster, String, usize)> = Vec::new();
    for (i, c) in order.iter().enumerate() {
        for (fy, model, count) in purchases_of(c) {
            rows.push((fy, i, c, model, count));
        }
    }
    rows.sort_by_key(|p| (p.0, p.1));
    if rows.is_empty() {
        out.push(para(vec![text(w.s("no_host_is_bought"))]));
    } else {
        let mut t = Table::new(&[
            (w.s("col_fy"), Align::Left),
            (w.s("col_site"), Align::Left),
            (w.s("col_cluster"), Align::Left),
            (w.s("col_model"), Align::Left),
            (w.s("col_hosts_bought"), Align::Right),
        ]);
        for (fy, _, c, model, count) in &rows {
            t.row(vec![
                w.fy(*fy),
                site_words(&c.site, w),
                c.name.clone(),
                model.clone(),
                count.to_string(),
            ]);
        }
        let total: usize = rows.iter().map(|p| p.4).sum();
        t.strong_row(vec![
            w.s("total").into(),
            String::new(),
            String::new(),
            String::new(),
            total.to_string(),
        ]);
        out.push(para(vec![strong(w.s("purchases_label")), text(lead(w, w.s("purchases_text")))]));
        out.push(Block::Table(t));
    }
    if r.yearly.is_empty() {
        out.push(para(vec![text(w.s("no_year_layout"))]));
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
    let mut columns: Vec<(&str, Align)> = vec![(w.s("col_fy"), Align::Left)];
    columns.extend(names.iter().map(|n| (*n, Align::Right)));
    columns.push((w.s("col_all_clusters"), Align::Right));
    let mut t = Table::new(&columns);
    let cell = |hosts: usize, bought: usize, servers: usize| {
        if bought > 0 {
            format!("{hosts} (+{bought}) / {servers}")
        } else {
            format!("{hosts} / {servers}")
        }
    };
    for y in &r.yearly {
        let mut cells = vec![w.fy(y.fy)];
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
        strong(w.s("year_by_year_label")),
        text(lead(w, w.s("year_by_year_text"))),
    ]));
    out.push(Block::Table(t));
    out.push(Block::Chart(ChartKind::HostsByYear));
    out.push(para(vec![strong(w.s("where_label")), text(lead(w, w.s("where_text")))]));
    let mut previous: Option<&YearLayout> = None;
    for y in &r.yearly {
        out.push(year_layout(r, y, previous, w));
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
fn year_layout(r: &PlanResult, y: &YearLayout, previous: Option<&YearLayout>, w: Text) -> Block {
    let hosts: usize = y.clusters.iter().map(|c| c.hosts.len()).sum();
    let servers = main_servers(r, y);
    let copies: usize =
        y.clusters.iter().filter(|c| is_bcp_cluster(r, &c.name)).map(|c| c.servers).sum();
    let before = previous.map_or(0, |p| main_servers(r, p));
    if y.clusters.is_empty() || hosts == 0 {
        return para(vec![
            strong(format!("{}{}", w.fy(y.fy), w.s("colon"))),
            text(lead(w, w.s("year_no_hosts"))),
        ]);
    }
    let moved = servers.saturating_sub(before);
    let moved = if moved > 0 {
        lead(w, &w.f("year_moved", &[("n", &moved.to_string())]))
    } else {
        String::new()
    };
    let copies = if copies > 0 {
        w.f("year_copies", &[("copies", &w.count(copies, "n_bcp_copy", "n_bcp_copies"))])
    } else {
        String::new()
    };
    let summary = w.f(
        "year_summary",
        &[
            ("fy", &w.fy(y.fy)),
            ("hosts", &w.count(hosts, "n_host", "n_hosts")),
            ("clusters", &w.count(y.clusters.len(), "n_cluster", "n_clusters")),
            ("servers", &w.count(servers, "n_server", "n_servers")),
            ("moved", &moved),
            ("copies", &copies),
        ],
    );
    let role_of = |name: &str| {
        r.clusters
            .iter()
            .flat_map(|c| c.hosts.iter())
            .find(|h| h.name == name)
            .map_or("active", role)
    };
    let mut t = Table::new(&[
        (w.s("col_host"), Align::Left),
        (w.s("col_model"), Align::Left),
        (w.s("col_servers"), Align::Right),
        (w.s("col_cpu_pct"), Align::Right),
        (w.s("col_vcpu_pct"), Align::Right),
        (w.s("col_mem_pct"), Align::Right),
        (w.s("col_servers_on_it"), Align::Left),
    ]);
    for c in &y.clusters {
        t.strong_row(vec![
            c.name.clone(),
            String::new(),
            c.servers.to_string(),
            String::new(),
            String::new(),
            String::new(),
            w.f(
                "year_in_service",
                &[
                    ("hosts", &w.count(c.hosts_in_service, "n_host", "n_hosts")),
                    (
                        "bought",
                        &if c.hosts_bought > 0 {
                            w.f("year_bought", &[("n", &c.hosts_bought.to_string())])
                        } else {
                            String::new()
                        },
                    ),
                ],
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
                    Some(b) if !b.servers.contains(s) => w.f("new_mark", &[("name", s)]),
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
                    (false, _) => list.join(w.s("name_sep")),
                    (true, "active") => w.s("host_empty").into(),
                    (true, other) => w.f("empty_role", &[("role", role_label(w, other))]),
                },
            ]);
        }
    }
    Block::Details(summary, vec![Block::Table(t)])
}

fn costs(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let (m, w) = (&lx.m, lx.t);
    let mut out = vec![Block::Heading(2, w.s("h_costs").into())];
    if r.years.is_empty() {
        out.push(para(vec![text(w.s("no_years"))]));
        return out;
    }
    let mut totals = Table::new(&[
        (w.s("col_fy"), Align::Left),
        (w.s("Baseline"), Align::Right),
        (w.s("Plan"), Align::Right),
        (w.s("col_effect"), Align::Right),
        (w.s("col_cum_baseline"), Align::Right),
        (w.s("col_cum_plan"), Align::Right),
        (w.s("col_cum_effect"), Align::Right),
    ]);
    let money = |x: f64| Cell::figure(m.amount(x), Value::Money(x));
    let fy = |y: i32| Cell::figure(w.fy(y), Value::Year(f64::from(y)));
    for y in &r.years {
        totals.cells(vec![
            fy(y.fy),
            money(y.baseline.total),
            money(y.plan.total),
            money(y.effect),
            money(y.baseline_cumulative),
            money(y.plan_cumulative),
            money(y.baseline_cumulative - y.plan_cumulative),
        ]);
    }
    let s = &r.summary;
    totals.strong_cells(vec![
        Cell::text(w.s("total")),
        money(s.baseline_total),
        money(s.plan_total),
        money(s.cost_effect),
        Cell::empty(),
        Cell::empty(),
        Cell::empty(),
    ]);
    out.push(para(vec![strong(w.s("totals_label")), text(lead(w, w.s("totals_text")))]));
    out.push(Block::Table(totals));

    let mut columns = vec![(w.s("col_fy"), Align::Left), (w.s("col_column"), Align::Left)];
    columns
        .extend(Costs::CATEGORIES.iter().map(|c| (format::category_label_in(w, c), Align::Right)));
    columns.push((w.s("total"), Align::Right));
    let mut by_cat = Table::new(&columns);
    let cost_cells = |c: &Costs| -> Vec<Cell> {
        c.categories().iter().chain([c.total].iter()).map(|x| money(*x)).collect()
    };
    for y in &r.years {
        for (label, c) in [("baseline", &y.baseline), ("plan", &y.plan)] {
            let mut cells = vec![fy(y.fy), Cell::text(w.s(label))];
            cells.extend(cost_cells(c));
            by_cat.cells(cells);
        }
    }
    for (label, pick) in [
        ("baseline", (|y| &y.baseline) as fn(&crate::plan::YearCosts) -> &Costs),
        ("plan", |y| &y.plan),
    ] {
        let sum = sum_costs(r.years.iter().map(pick));
        let mut cells = vec![Cell::text(w.s("total")), Cell::text(w.s(label))];
        cells.extend(cost_cells(&sum));
        by_cat.strong_cells(cells);
    }
    out.push(para(vec![strong(w.s("by_category_label"))]));
    out.push(Block::Table(by_cat));
    out.push(Block::Chart(ChartKind::Cumulative));
    out.push(Block::Chart(ChartKind::Yearly));
    out
}

/// What the plan buys, by fiscal year and site ([`super::bom`]).
fn bill_of_materials(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    super::bom::section(r, &lx.m, lx.t)
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

fn excluded(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let w = lx.t;
    let mut out = vec![Block::Heading(2, w.s("h_excluded").into())];
    let reasons = |name: &str| {
        r.excluded
            .iter()
            .find(|e| e.server == name)
            .map(|e| reason_words(w, &e.reason))
            .unwrap_or_default()
    };
    let physical: Vec<&ServerRow> = r.servers.iter().filter(|s| s.stays_physical).collect();
    let out_of_scope: Vec<&Excluded> =
        r.excluded.iter().filter(|e| !physical.iter().any(|s| s.name == e.server)).collect();
    if physical.is_empty() && out_of_scope.is_empty() {
        out.push(para(vec![text(w.s("excluded_none"))]));
        return out;
    }
    if !physical.is_empty() {
        let mut t = Table::new(&[
            (w.s("csv_server_h"), Align::Left),
            (w.s("col_system"), Align::Left),
            (w.s("col_zone"), Align::Left),
            (w.s("col_org"), Align::Left),
            (w.s("col_reason"), Align::Left),
        ]);
        for s in &physical {
            let reason = reasons(&s.name);
            t.row(vec![
                s.name.clone(),
                s.system.clone(),
                s.zone.clone(),
                s.org.clone(),
                if reason.is_empty() { w.s("reason_stays_physical_short").into() } else { reason },
            ]);
        }
        let n = physical.len();
        out.push(para(vec![
            strong(spaced(w, w.s("staying_label"))),
            text(w.f(
                "staying_text",
                &[
                    ("servers", &w.count(n, "n_server", "n_servers")),
                    ("stay", w.s(if n == 1 { "stays" } else { "stay" })),
                    ("its", w.s(if n == 1 { "its" } else { "their" })),
                ],
            )),
        ]));
        out.push(Block::Table(t));
    }
    if !out_of_scope.is_empty() {
        let mut t = Table::new(&[
            (w.s("csv_server_h"), Align::Left),
            (w.s("col_system"), Align::Left),
            (w.s("col_org"), Align::Left),
            (w.s("col_reason"), Align::Left),
        ]);
        for e in &out_of_scope {
            let row = r.servers.iter().find(|s| s.name == e.server);
            t.row(vec![
                e.server.clone(),
                row.map(|s| s.system.clone()).unwrap_or_default(),
                row.map(|s| s.org.clone()).unwrap_or_default(),
                reason_words(w, &e.reason),
            ]);
        }
        let servers = w.count(out_of_scope.len(), "n_server", "n_servers");
        out.push(para(vec![
            strong(spaced(w, w.s("excluded_label"))),
            text(w.f("excluded_text", &[("servers", &servers)])),
        ]));
        out.push(Block::Table(t));
    }
    out
}

fn extra_items(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    let (m, w) = (&lx.m, lx.t);
    if r.extra_items.is_empty() {
        return Vec::new();
    }
    let mut t = Table::new(&[
        (w.s("col_item"), Align::Left),
        (w.s("col_counts_in"), Align::Left),
        (w.s("col_fys"), Align::Left),
        (w.s("col_per_year"), Align::Right),
        (w.s("col_total"), Align::Right),
        (w.s("col_note"), Align::Left),
    ]);
    for x in &r.extra_items {
        t.row(vec![
            x.name.clone(),
            applies_words(w, &x.applies_to),
            x.years.iter().map(|y| w.fy(*y)).collect::<Vec<_>>().join(w.s("name_sep")),
            m.amount(x.amount),
            m.amount(x.amount * x.years.len() as f64),
            x.note.clone().unwrap_or_default(),
        ]);
    }
    vec![Block::Heading(2, w.s("h_extra").into()), Block::Table(t)]
}

/// Where an extra item counts (`baseline`, `plan`, `both`), in the language of `t`.
pub fn applies_words(t: Text, applies_to: &str) -> String {
    match applies_to {
        "baseline" | "plan" | "both" => t.s(&format!("applies_{applies_to}")).to_string(),
        other => other.to_string(),
    }
}

fn assumptions(r: &PlanResult, lx: &Lx) -> Vec<Block> {
    if r.assumptions.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(2, lx.t.s("h_assumptions").into()),
        Block::List(
            r.assumptions.iter().map(|a| vec![text(super::facts::assumption(lx.t, a))]).collect(),
        ),
    ]
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

    /// Every method name the packing engine reports for a layout is worded in both languages
    /// (a name without words would reach a Japanese report as written).
    #[test]
    fn every_engine_method_is_worded() {
        use super::super::i18n::{Era, Lang};
        let names = [
            "exact",
            "exact-fill",
            "exact-fill-repair",
            "exact-cover",
            "tabu",
            "pattern-cover",
            "pattern-milp",
            "branch-and-price",
            "tabu+lns",
        ];
        for lang in [Lang::En, Lang::Ja] {
            let t = Text::new(lang, Era::Western);
            for name in names {
                let words = method_words(t, name);
                assert_ne!(words, name, "{name} has no words in {lang:?}");
                assert!(!words.contains('?'), "{name}: {words}");
            }
        }
    }

    #[test]
    fn site_words_and_numbers() {
        assert_eq!(site_words("main", Text::EN), "main site");
        assert_eq!(site_words("", Text::EN), "main site");
        assert_eq!(site_words("new-city-hall", Text::EN), "new-city-hall");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.5), "1.5");
    }
}
