//! Independent check of a plan against its inventory. It recomputes every demand and limit
//! from the inventory's own fields and shares no code with the planner, so a planner bug
//! cannot hide behind its own arithmetic. It checks:
//!
//! - every in-scope server that does not stay physical runs on exactly one host of its zone
//!   at the main site, and no other server does; at the BCP site, exactly the BCP servers;
//! - host models allowed for the cluster; cluster minimum and maximum host counts;
//! - in every fiscal year's layout and in the final one: each host within its target
//!   utilisation in every packed dimension (every hour with day profiles), with growth;
//!   redundancy partners on different hosts; affinity groups on one host;
//! - hosts in service each year = hosts bought by then; servers present = servers moved;
//! - in every year, every loss of `spare_hosts` hosts re-placed on the survivors within the
//!   failover limits, apart from redundancy partners (found by this module's own search). With
//!   hosts bought at once, a year whose layout is the final one's hosts with a subset of their
//!   servers is implied by the final layout's check (each server's need that year is at most
//!   its largest, which the final layout is checked at; a re-placement of the larger needs,
//!   restricted to the servers present, is one of the smaller), so it is not searched again;
//! - cost totals add up.

use super::result::{Cluster, PlanResult};
use crate::inventory::{HostModel, Inventory, Policy, Purchase, Server};
use std::collections::{HashMap, HashSet};

const EPS: f64 = 1e-6;

/// Which layout of a cluster a violation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The hosts as bought, at each server's largest demand.
    Final,
    /// One fiscal year's layout, at that year's demand.
    Year(i32),
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Final => write!(f, "final layout"),
            When::Year(fy) => write!(f, "FY{fy}"),
        }
    }
}

/// One way a plan breaks its inventory (`Display` gives the message).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Violation {
    /// A cluster of a zone the inventory does not have.
    #[error("cluster {cluster}: unknown zone {zone}")]
    UnknownZone {
        /// Cluster.
        cluster: String,
        /// Its zone.
        zone: String,
    },
    /// Fewer hosts than the zone's `min_hosts`.
    #[error("cluster {cluster}: {hosts} hosts, minimum {min}")]
    BelowMinimum {
        /// Cluster.
        cluster: String,
        /// Its hosts.
        hosts: usize,
        /// The zone's minimum.
        min: u32,
    },
    /// More hosts than the zone's `max_hosts`.
    #[error("cluster {cluster}: {hosts} hosts, maximum {max}")]
    AboveMaximum {
        /// Cluster.
        cluster: String,
        /// Its hosts.
        hosts: usize,
        /// The zone's maximum.
        max: u32,
    },
    /// A cluster away from the main site without a `bcp` section.
    #[error("cluster {cluster} at site {site} but no bcp section")]
    NoBcpSection {
        /// Cluster.
        cluster: String,
        /// Its site.
        site: String,
    },
    /// A cluster at a site that is neither the main site nor the BCP site.
    #[error("cluster {cluster}: site {site} is neither main nor {bcp_site}")]
    UnknownSite {
        /// Cluster.
        cluster: String,
        /// Its site.
        site: String,
        /// The BCP site.
        bcp_site: String,
    },
    /// A host of a model the cluster may not use.
    #[error("cluster {cluster}: host {host} of model {model} not allowed")]
    ModelNotAllowed {
        /// Cluster.
        cluster: String,
        /// Host.
        host: String,
        /// Its model.
        model: String,
    },
    /// A host of a model the inventory does not have.
    #[error("host {host}: unknown model {model}")]
    UnknownModel {
        /// Host.
        host: String,
        /// Its model.
        model: String,
    },
    /// A server the inventory does not have.
    #[error("host {host}: unknown server {server}")]
    UnknownServer {
        /// Host.
        host: String,
        /// The server.
        server: String,
    },
    /// A server on a host of another zone's cluster.
    #[error("server {server} of zone {server_zone} on {host} in zone {zone}")]
    WrongZone {
        /// Server.
        server: String,
        /// Its zone.
        server_zone: String,
        /// Host.
        host: String,
        /// The host's zone.
        zone: String,
    },
    /// A server on two hosts of one site.
    #[error("server {server} on both {first} and {second}")]
    PlacedTwice {
        /// Server.
        server: String,
        /// One host.
        first: String,
        /// The other.
        second: String,
    },
    /// A server to be virtualised on no host, or one that is not on a host.
    #[error(
        "server {server}: {} but {} on a host",
        if *virtualised { "to be virtualised" } else { "out of scope or staying physical" },
        if *virtualised { "not" } else { "placed" }
    )]
    Placement {
        /// Server.
        server: String,
        /// Whether it is to be virtualised.
        virtualised: bool,
    },
    /// A server's copy at the BCP site missing, or present when it should not be.
    #[error("server {server}: BCP placement wrong (expected {expected})")]
    BcpPlacement {
        /// Server.
        server: String,
        /// Whether it should have a copy.
        expected: bool,
    },
    /// A year's categories do not add up to its total.
    #[error("FY{fy} {column}: categories sum to {sum}, total says {total}")]
    CategoriesSum {
        /// Fiscal year.
        fy: i32,
        /// `baseline` or `plan`.
        column: &'static str,
        /// Sum of the categories.
        sum: f64,
        /// The total stated.
        total: f64,
    },
    /// The summary's totals differ from the sum of the years.
    #[error("summary totals differ from the sum of the years")]
    SummaryTotals,
    /// A cluster with hosts bought by a year missing from that year's layout.
    #[error("FY{fy}: cluster {cluster} missing from the yearly layout")]
    MissingYear {
        /// Fiscal year.
        fy: i32,
        /// Cluster.
        cluster: String,
    },
    /// A year's host count differs from the hosts bought by then.
    #[error("FY{fy} cluster {cluster}: {listed} hosts listed, {bought} bought by then")]
    HostsInService {
        /// Fiscal year.
        fy: i32,
        /// Cluster.
        cluster: String,
        /// Hosts listed that year.
        listed: usize,
        /// Hosts bought by then.
        bought: usize,
    },
    /// A host in a year before it is bought.
    #[error("FY{fy}: host {host} not bought yet")]
    NotBoughtYet {
        /// Fiscal year.
        fy: i32,
        /// Host.
        host: String,
    },
    /// A server present in a year before it moves, or missing after.
    #[error(
        "FY{fy} cluster {cluster}: server {server} {} but {}",
        if *moved { "has moved" } else { "has not moved" },
        if *moved { "is missing" } else { "is listed" }
    )]
    MovedMismatch {
        /// Fiscal year.
        fy: i32,
        /// Cluster.
        cluster: String,
        /// Server.
        server: String,
        /// Whether it has moved by then.
        moved: bool,
    },
    /// Two servers of one redundancy group on one host.
    #[error("{when} cluster {cluster} host {host}: two servers of redundancy group {group}")]
    RedundancyTogether {
        /// Which layout.
        when: When,
        /// Cluster.
        cluster: String,
        /// Host, by position.
        host: usize,
        /// The group.
        group: String,
    },
    /// An affinity group over more than one host.
    #[error("{when} cluster {cluster}: affinity group {group} split over hosts")]
    AffinitySplit {
        /// Which layout.
        when: When,
        /// Cluster.
        cluster: String,
        /// The group.
        group: String,
    },
    /// A host over its target limit.
    #[error(
        "{when} cluster {cluster} host {host} ({model}): over its target limit in dimensions \
         {dims:?} (0–23 CPU by hour, 24 vCPU, 25 memory)"
    )]
    OverLimit {
        /// Which layout.
        when: When,
        /// Cluster.
        cluster: String,
        /// Host, by position.
        host: usize,
        /// Its model.
        model: String,
        /// The dimensions over the limit.
        dims: Vec<usize>,
    },
    /// A loss of `spare_hosts` hosts the survivors cannot absorb.
    #[error(
        "{when} cluster {cluster}: losing host(s) {lost:?} cannot be absorbed by the survivors"
    )]
    FailoverGap {
        /// Which layout.
        when: When,
        /// Cluster.
        cluster: String,
        /// The hosts lost, by position.
        lost: Vec<usize>,
    },
}

/// Demand or limit: CPU per hour (24 values), vCPUs, memory.
type Vector = Vec<f64>;

fn growth(inv: &Inventory, s: &Server, fy: i32) -> f64 {
    let rate = inv.growth.systems.get(&s.system).copied().unwrap_or(inv.growth.overall_pct);
    (1.0 + rate / 100.0).powi(fy - inv.plan.first_fy)
}

/// A server's demand in `fy` at `scale` (BCP sizing), 24 hourly CPU values + vCPU + memory.
fn demand(inv: &Inventory, s: &Server, fy: i32, scale: f64) -> Vector {
    let g = growth(inv, s, fy) * scale;
    let per = f64::from(s.cores) * s.core_perf / 100.0 * g;
    let mut v: Vector = match (&s.cpu_profile, s.peak_cpu_pct) {
        (Some(p), _) => p.iter().map(|u| u * per).collect(),
        (None, Some(peak)) => vec![peak * per; 24],
        (None, None) => vec![0.0; 24],
    };
    let vcpus = f64::from(s.vcpus.unwrap_or(s.cores));
    v.push((vcpus * scale - 1e-9).ceil().max(1.0));
    v.push(s.memory_gb * g);
    v
}

fn limit(m: &HostModel, p: &Policy, cpu_pct: f64, mem_pct: f64) -> Vector {
    let mut v = vec![f64::from(m.cores) * m.core_perf * cpu_pct / 100.0; 24];
    v.push(f64::from(m.cores) * p.vcpu_per_core);
    v.push(m.memory_gb * p.memory_overcommit * mem_pct / 100.0);
    v
}

/// Tolerance for one dimension: the planner rounds demands up to 1/1000 of a unit per server.
fn fits(load: &[f64], cap: &[f64], servers: usize) -> bool {
    load.iter().zip(cap).all(|(l, c)| *l <= c + EPS + servers as f64 * 1e-3)
}

struct Site<'a> {
    policy: Policy,
    scale: f64,
    models: Vec<&'a str>,
    start: Box<dyn Fn(&Server) -> i32 + 'a>,
}

/// Returns every violation found (empty when the plan is sound).
pub fn verify(inv: &Inventory, plan: &PlanResult) -> Vec<Violation> {
    let mut errors = Vec::new();
    let servers: HashMap<&str, &Server> =
        inv.servers.iter().map(|s| (s.name.as_str(), s)).collect();
    let models: HashMap<&str, &HostModel> =
        inv.host_models.iter().map(|m| (m.name.as_str(), m)).collect();
    let refresh = inv.plan.refresh_fy;
    let as_needed = inv.plan.purchase == Purchase::AsNeeded;
    let move_fy = move |s: &Server| -> i32 {
        let own = if as_needed { s.renewal_fy } else { s.renewal_fy.max(refresh) };
        // An affinity group moves with its last member.
        match &s.affinity_group {
            Some(g) => inv
                .servers
                .iter()
                .filter(|o| o.affinity_group.as_ref() == Some(g))
                .map(|o| if as_needed { o.renewal_fy } else { o.renewal_fy.max(refresh) })
                .max()
                .unwrap_or(own),
            None => own,
        }
    };
    let all_models: Vec<&str> = inv.host_models.iter().map(|m| m.name.as_str()).collect();
    fn names<'a>(all: &[&'a str], list: &'a [String]) -> Vec<&'a str> {
        if list.is_empty() { all.to_vec() } else { list.iter().map(String::as_str).collect() }
    }

    let mut main_placed: HashMap<&str, &str> = HashMap::new();
    let mut bcp_placed: HashMap<&str, &str> = HashMap::new();
    for c in &plan.clusters {
        let is_main = c.site == "main";
        let site = if is_main {
            let zone = inv.zones.iter().find(|z| z.name == c.zone);
            let Some(zone) = zone else {
                errors
                    .push(Violation::UnknownZone { cluster: c.name.clone(), zone: c.zone.clone() });
                continue;
            };
            if let Some(min) = zone.min_hosts
                && c.hosts.len() < min as usize
            {
                errors.push(Violation::BelowMinimum {
                    cluster: c.name.clone(),
                    hosts: c.hosts.len(),
                    min,
                });
            }
            if let Some(max) = zone.max_hosts
                && c.hosts.len() > max as usize
            {
                errors.push(Violation::AboveMaximum {
                    cluster: c.name.clone(),
                    hosts: c.hosts.len(),
                    max,
                });
            }
            Site {
                policy: inv.policy.clone(),
                scale: 1.0,
                models: names(&all_models, &zone.host_models),
                start: Box::new(move_fy),
            }
        } else {
            let Some(b) = &inv.bcp else {
                errors.push(Violation::NoBcpSection {
                    cluster: c.name.clone(),
                    site: c.site.clone(),
                });
                continue;
            };
            if c.site != b.site {
                errors.push(Violation::UnknownSite {
                    cluster: c.name.clone(),
                    site: c.site.clone(),
                    bcp_site: b.site.clone(),
                });
            }
            let from = b.from_fy;
            Site {
                policy: b.policy.over(&inv.policy),
                scale: b.sizing_pct / 100.0,
                models: names(&all_models, &b.host_models),
                start: Box::new(move |_| from),
            }
        };
        for h in &c.hosts {
            if !site.models.contains(&h.model.as_str()) {
                errors.push(Violation::ModelNotAllowed {
                    cluster: c.name.clone(),
                    host: h.name.clone(),
                    model: h.model.clone(),
                });
            }
            if !models.contains_key(h.model.as_str()) {
                errors
                    .push(Violation::UnknownModel { host: h.name.clone(), model: h.model.clone() });
                return errors;
            }
            for s in &h.servers {
                let Some(srv) = servers.get(s.as_str()) else {
                    errors
                        .push(Violation::UnknownServer { host: h.name.clone(), server: s.clone() });
                    continue;
                };
                if srv.zone != c.zone {
                    errors.push(Violation::WrongZone {
                        server: s.clone(),
                        server_zone: srv.zone.clone(),
                        host: h.name.clone(),
                        zone: c.zone.clone(),
                    });
                }
                let placed = if is_main { &mut main_placed } else { &mut bcp_placed };
                if let Some(prev) = placed.insert(s.as_str(), h.name.as_str()) {
                    errors.push(Violation::PlacedTwice {
                        server: s.clone(),
                        first: prev.to_string(),
                        second: h.name.clone(),
                    });
                }
            }
        }
        let before = errors.len();
        check_cluster(inv, c, &site, &servers, &models, &mut errors);
        let final_ok = errors.len() == before;
        check_years(inv, plan, c, &site, &servers, &models, final_ok, &mut errors);
    }
    for s in &inv.servers {
        let virtualised = s.in_scope && !s.stay_physical;
        if virtualised != main_placed.contains_key(s.name.as_str()) {
            errors.push(Violation::Placement { server: s.name.clone(), virtualised });
        }
        let in_bcp = inv.bcp.is_some() && virtualised && s.bcp;
        if in_bcp != bcp_placed.contains_key(s.name.as_str()) {
            errors.push(Violation::BcpPlacement { server: s.name.clone(), expected: in_bcp });
        }
    }
    for y in &plan.years {
        for (col, c) in [("baseline", &y.baseline), ("plan", &y.plan)] {
            let sum: f64 = c.categories().iter().sum();
            if (sum - c.total).abs() > 1e-3 * c.total.abs().max(1.0) {
                errors.push(Violation::CategoriesSum {
                    fy: y.fy,
                    column: col,
                    sum,
                    total: c.total,
                });
            }
        }
    }
    let base: f64 = plan.years.iter().map(|y| y.baseline.total).sum();
    let planned: f64 = plan.years.iter().map(|y| y.plan.total).sum();
    if (base - plan.summary.baseline_total).abs() > 1.0
        || (planned - plan.summary.plan_total).abs() > 1.0
    {
        errors.push(Violation::SummaryTotals);
    }
    errors
}

/// The final layout: groups, N+k, and capacity — with hosts bought at once, at each server's
/// largest demand over its years in service (the cluster is sized for it); with hosts bought
/// as needed, the final layout is the last year's, so at that year's demand (each earlier
/// year's layout is checked at its own demand by `check_years`; with shrinking demand the
/// servers' largest demands fall in different years and never meet on one host).
fn check_cluster(
    inv: &Inventory,
    c: &Cluster,
    site: &Site,
    servers: &HashMap<&str, &Server>,
    models: &HashMap<&str, &HostModel>,
    errors: &mut Vec<Violation>,
) {
    let last = inv.last_fy();
    let as_needed = inv.plan.purchase == Purchase::AsNeeded;
    let peak = |s: &Server| -> Vector {
        let from = if as_needed { last } else { (site.start)(s) };
        let mut v = demand(inv, s, from.min(last), site.scale);
        for fy in from..=last {
            for (a, b) in v.iter_mut().zip(demand(inv, s, fy, site.scale)) {
                *a = a.max(b);
            }
        }
        v
    };
    let layout: Vec<(&str, Vec<&str>)> = c
        .hosts
        .iter()
        .map(|h| (h.model.as_str(), h.servers.iter().map(String::as_str).collect()))
        .collect();
    check_layout(inv, &c.name, When::Final, &layout, site, servers, models, &peak, true, errors);
}

/// Whether the year's layout `yc` is implied by the final layout's check (see the module
/// comment): hosts bought at once, the same hosts in the same order, each holding a subset of
/// its final servers, every server present already moved (so its need is at most the one the
/// final layout was checked at).
fn dominated(
    inv: &Inventory,
    c: &Cluster,
    yc: &super::result::YearCluster,
    fy: i32,
    site: &Site,
    servers: &HashMap<&str, &Server>,
) -> bool {
    inv.plan.purchase != Purchase::AsNeeded
        && fy <= inv.last_fy()
        && yc.hosts.len() == c.hosts.len()
        && yc.hosts.iter().zip(&c.hosts).all(|(y, h)| {
            y.name == h.name
                && y.model == h.model
                && y.servers.iter().all(|s| {
                    h.servers.contains(s)
                        && servers.get(s.as_str()).is_some_and(|srv| (site.start)(srv) <= fy)
                })
        })
}

/// Every fiscal year's layout of this cluster (`final_ok`: the final layout passed its check).
#[allow(clippy::too_many_arguments)]
fn check_years(
    inv: &Inventory,
    plan: &PlanResult,
    c: &Cluster,
    site: &Site,
    servers: &HashMap<&str, &Server>,
    models: &HashMap<&str, &HostModel>,
    final_ok: bool,
    errors: &mut Vec<Violation>,
) {
    let bought: HashMap<&str, i32> =
        c.hosts.iter().map(|h| (h.name.as_str(), h.bought_fy)).collect();
    for y in &plan.yearly {
        let Some(yc) = y.clusters.iter().find(|yc| yc.name == c.name) else {
            let expected = c.hosts.iter().filter(|h| h.bought_fy <= y.fy).count();
            if expected > 0 {
                errors.push(Violation::MissingYear { fy: y.fy, cluster: c.name.clone() });
            }
            continue;
        };
        let in_service = c.hosts.iter().filter(|h| h.bought_fy <= y.fy).count();
        if yc.hosts.len() != in_service || yc.hosts_in_service != in_service {
            errors.push(Violation::HostsInService {
                fy: y.fy,
                cluster: c.name.clone(),
                listed: yc.hosts.len(),
                bought: in_service,
            });
        }
        for h in &yc.hosts {
            if bought.get(h.name.as_str()).is_none_or(|&b| b > y.fy) {
                errors.push(Violation::NotBoughtYet { fy: y.fy, host: h.name.clone() });
            }
        }
        let present: HashSet<&str> =
            yc.hosts.iter().flat_map(|h| h.servers.iter().map(String::as_str)).collect();
        for h in &c.hosts {
            for s in &h.servers {
                let moved = servers.get(s.as_str()).is_some_and(|srv| (site.start)(srv) <= y.fy);
                if moved != present.contains(s.as_str()) {
                    errors.push(Violation::MovedMismatch {
                        fy: y.fy,
                        cluster: c.name.clone(),
                        server: s.clone(),
                        moved,
                    });
                }
            }
        }
        let fy = y.fy;
        let need = |s: &Server| demand(inv, s, fy, site.scale);
        let layout: Vec<(&str, Vec<&str>)> = yc
            .hosts
            .iter()
            .map(|h| (h.model.as_str(), h.servers.iter().map(String::as_str).collect()))
            .collect();
        let failover = !(final_ok && dominated(inv, c, yc, fy, site, servers));
        check_layout(
            inv,
            &c.name,
            When::Year(fy),
            &layout,
            site,
            servers,
            models,
            &need,
            failover,
            errors,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_layout(
    inv: &Inventory,
    cluster: &str,
    when: When,
    layout: &[(&str, Vec<&str>)],
    site: &Site,
    servers: &HashMap<&str, &Server>,
    models: &HashMap<&str, &HostModel>,
    need: &dyn Fn(&Server) -> Vector,
    failover: bool,
    errors: &mut Vec<Violation>,
) {
    let p = &site.policy;
    let mut where_affinity: HashMap<&str, usize> = HashMap::new();
    let mut units: Vec<(Vector, Vec<String>)> = Vec::new();
    let mut host_units: Vec<Vec<usize>> = Vec::new();
    let mut caps: Vec<Vector> = Vec::new();
    for (h, (model, names)) in layout.iter().enumerate() {
        let Some(m) = models.get(model) else { continue };
        caps.push(limit(m, p, p.failover_cpu_pct, p.failover_memory_pct));
        let cap = limit(m, p, p.target_cpu_pct, p.target_memory_pct);
        let mut load = vec![0.0; 26];
        let mut groups = HashSet::new();
        let mut mine = Vec::new();
        let mut by_affinity: HashMap<&str, usize> = HashMap::new();
        for name in names {
            let Some(s) = servers.get(name) else { continue };
            for (a, b) in load.iter_mut().zip(need(s)) {
                *a += b;
            }
            if let Some(g) = &s.redundancy_group
                && !groups.insert(g.as_str())
            {
                errors.push(Violation::RedundancyTogether {
                    when,
                    cluster: cluster.to_string(),
                    host: h,
                    group: g.clone(),
                });
            }
            match &s.affinity_group {
                Some(g) => {
                    if let Some(&other) = where_affinity.get(g.as_str())
                        && other != h
                    {
                        errors.push(Violation::AffinitySplit {
                            when,
                            cluster: cluster.to_string(),
                            group: g.clone(),
                        });
                    }
                    where_affinity.insert(g.as_str(), h);
                    match by_affinity.get(g.as_str()) {
                        Some(&u) => {
                            for (a, b) in units[u].0.iter_mut().zip(need(s)) {
                                *a += b;
                            }
                            units[u].1.extend(s.redundancy_group.clone());
                        }
                        None => {
                            by_affinity.insert(g.as_str(), units.len());
                            mine.push(units.len());
                            units.push((need(s), s.redundancy_group.iter().cloned().collect()));
                        }
                    }
                }
                None => {
                    mine.push(units.len());
                    units.push((need(s), s.redundancy_group.iter().cloned().collect()));
                }
            }
        }
        if !fits(&load, &cap, names.len()) {
            let over: Vec<usize> =
                (0..26).filter(|&d| load[d] > cap[d] + EPS + names.len() as f64 * 1e-3).collect();
            errors.push(Violation::OverLimit {
                when,
                cluster: cluster.to_string(),
                host: h,
                model: model.to_string(),
                dims: over,
            });
        }
        host_units.push(mine);
    }
    let _ = inv;
    let k = p.spare_hosts as usize;
    if failover
        && k > 0
        && !units.is_empty()
        && let Some(lost) = failover_gap(&units, &host_units, &caps, k)
    {
        errors.push(Violation::FailoverGap { when, cluster: cluster.to_string(), lost });
    }
}

/// Returns a k-set of hosts whose loss cannot be absorbed, if any: the first in lexicographic
/// order (loss sets are searched in parallel batches and read back in that order).
fn failover_gap(
    units: &[(Vector, Vec<String>)],
    host_units: &[Vec<usize>],
    caps: &[Vector],
    k: usize,
) -> Option<Vec<usize>> {
    use rayon::prelude::*;
    let n = host_units.len();
    if n <= k {
        return Some((0..n).collect());
    }
    // Group names as numbers, each host's load and groups summed once.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let groups_of: Vec<Vec<usize>> = units
        .iter()
        .map(|(_, g)| {
            g.iter()
                .map(|x| {
                    let next = ids.len();
                    *ids.entry(x.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();
    let host_load: Vec<Vector> = host_units
        .iter()
        .map(|us| {
            let mut l = vec![0.0; 26];
            for &u in us {
                for (a, b) in l.iter_mut().zip(&units[u].0) {
                    *a += b;
                }
            }
            l
        })
        .collect();
    let host_groups: Vec<Vec<usize>> = host_units
        .iter()
        .map(|us| us.iter().flat_map(|&u| groups_of[u].iter().copied()).collect())
        .collect();
    let absorbed = |lost: &Vec<usize>| -> bool {
        let survivors: Vec<usize> = (0..n).filter(|h| !lost.contains(h)).collect();
        let mut load: Vec<Vector> = survivors.iter().map(|&h| host_load[h].clone()).collect();
        let mut groups: Vec<Vec<usize>> =
            survivors.iter().map(|&h| host_groups[h].clone()).collect();
        let mut moving: Vec<usize> =
            lost.iter().flat_map(|&h| host_units[h].iter().copied()).collect();
        moving.sort_by(|&a, &b| units[b].0[25].total_cmp(&units[a].0[25]).then(a.cmp(&b)));
        let cap: Vec<Vector> = survivors.iter().map(|&h| caps[h].clone()).collect();
        let mut budget = 1_000_000usize;
        search(units, &groups_of, &moving, 0, &cap, &mut load, &mut groups, &mut budget)
    };
    let mut lost: Vec<usize> = (0..k).collect();
    let mut more = true;
    while more {
        let mut batch = Vec::with_capacity(256);
        while more && batch.len() < 256 {
            batch.push(lost.clone());
            more = next_set(&mut lost, n);
        }
        let ok: Vec<bool> = batch.par_iter().map(absorbed).collect();
        if let Some(at) = ok.iter().position(|&a| !a) {
            return Some(batch.swap_remove(at));
        }
    }
    None
}

/// Advances `lost` to the next k-set of 0..n in lexicographic order (false after the last).
fn next_set(lost: &mut [usize], n: usize) -> bool {
    let k = lost.len();
    let mut i = k;
    loop {
        if i == 0 {
            return false;
        }
        i -= 1;
        if lost[i] < n - k + i {
            lost[i] += 1;
            for j in i + 1..k {
                lost[j] = lost[j - 1] + 1;
            }
            return true;
        }
    }
}

/// Depth-first search for a re-placement (exact up to the node budget).
#[allow(clippy::too_many_arguments)]
fn search(
    units: &[(Vector, Vec<String>)],
    groups_of: &[Vec<usize>],
    moving: &[usize],
    at: usize,
    cap: &[Vector],
    load: &mut [Vector],
    groups: &mut [Vec<usize>],
    budget: &mut usize,
) -> bool {
    let Some(&u) = moving.get(at) else { return true };
    let (d, g) = (&units[u].0, &groups_of[u]);
    for h in 0..cap.len() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let room = load[h].iter().zip(d).zip(&cap[h]).all(|((l, x), c)| l + x <= c + EPS + 1e-3);
        let apart = g.iter().all(|x| !groups[h].contains(x));
        if room && apart {
            for (l, x) in load[h].iter_mut().zip(d) {
                *l += x;
            }
            let before = groups[h].len();
            groups[h].extend(g.iter().copied());
            if search(units, groups_of, moving, at + 1, cap, load, groups, budget) {
                return true;
            }
            groups[h].truncate(before);
            for (l, x) in load[h].iter_mut().zip(d) {
                *l -= x;
            }
        }
    }
    false
}
