//! The planner: from an inventory to a layout per cluster and the five-year projection.
//!
//! Pure: an [`Inventory`] and a [`Packer`] in, a [`PlanResult`] out. File names and positions
//! are added by the caller.

pub mod cluster;
pub mod demand;
pub mod failover;
pub mod result;

pub use result::*;

use crate::cost::{self, Fate, HostPurchase, Schedule, StoragePurchase};
use crate::inventory::Inventory;
use crate::pack::{PackOptions, Packer};
use cluster::{ClusterSpec, SizedCluster};
use demand::{host_capacity, host_limit, server_demand};

/// Why an inventory could not be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// A server fits no host model even alone; `server` indexes the inventory's servers.
    #[error("{message}")]
    ServerTooLarge {
        /// Index of the server in the inventory.
        server: usize,
        /// Names the server, its demand and the closest host model's capacity.
        message: String,
    },
    /// A cluster cannot be built under the constraints.
    #[error("cluster {cluster}: {reason}")]
    Infeasible {
        /// Cluster name.
        cluster: String,
        /// Which constraint cannot be met, and for which servers.
        reason: String,
    },
    /// A bug: a solver answer failed verification.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Plans the inventory with the given packer.
pub fn plan(
    inv: &Inventory,
    packer: &dyn Packer,
    options: &PackOptions,
) -> Result<PlanResult, PlanError> {
    let demand: Vec<Resources> = inv.servers.iter().map(server_demand).collect();
    for (i, s) in inv.servers.iter().enumerate() {
        if s.in_scope {
            check_fits_some_model(inv, i, &demand[i], &allowed_models(inv, &s.zone))?;
        }
    }
    let refresh = inv.plan.refresh_fy;
    let specs: Vec<ClusterSpec> = inv
        .zones
        .iter()
        .map(|z| ClusterSpec {
            name: z.name.clone(),
            zone: z.name.clone(),
            servers: (0..inv.servers.len())
                .filter(|&i| inv.servers[i].in_scope && inv.servers[i].zone == z.name)
                .collect(),
            purchase_fy: refresh,
            models: allowed_models(inv, &z.name),
        })
        .filter(|c| !c.servers.is_empty())
        .collect();
    let sized: Vec<SizedCluster> = specs
        .iter()
        .map(|spec| cluster::size(inv, spec, &demand, packer, options))
        .collect::<Result<_, _>>()?;

    let mut schedule =
        Schedule {
            fates: inv
                .servers
                .iter()
                .map(|s| {
                    if s.in_scope { Fate::Moves(s.renewal_fy.max(refresh)) } else { Fate::Excluded }
                })
                .collect(),
            ..Schedule::default()
        };
    for c in &sized {
        for h in &c.hosts {
            schedule.hosts.push(HostPurchase { model: h.model, fy: c.spec.purchase_fy });
        }
        schedule
            .storage
            .push(StoragePurchase { tb: storage_tb(inv, &c.spec), fy: c.spec.purchase_fy });
    }
    let years = cost::project(inv, &schedule);

    let mut host_of: Vec<Option<String>> = vec![None; inv.servers.len()];
    let clusters: Vec<Cluster> =
        sized.iter().map(|c| build_cluster(inv, c, &demand, &mut host_of)).collect();
    let servers: Vec<ServerRow> = inv
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| ServerRow {
            name: s.name.clone(),
            system: s.system.clone(),
            zone: s.zone.clone(),
            org: s.org.clone(),
            in_scope: s.in_scope,
            host: host_of[i].clone(),
            move_fy: match schedule.fates[i] {
                Fate::Moves(fy) => Some(fy),
                _ => None,
            },
            demand: demand[i],
            storage_gb: s.storage_gb,
            redundancy_group: s.redundancy_group.clone(),
            bcp: s.bcp,
        })
        .collect();
    let excluded: Vec<Excluded> = inv
        .servers
        .iter()
        .filter(|s| !s.in_scope)
        .map(|s| Excluded {
            server: s.name.clone(),
            reason: format!(
                "out of scope: organisation `{}` is to be discussed separately from this plan",
                s.org
            ),
        })
        .collect();
    let baseline_total: f64 = years.iter().map(|y| y.baseline.total).sum();
    let plan_total: f64 = years.iter().map(|y| y.plan.total).sum();
    let cost_effect = baseline_total - plan_total;
    let summary = Summary {
        servers_total: inv.servers.len(),
        servers_in_scope: inv.servers.iter().filter(|s| s.in_scope).count(),
        servers_virtualised: host_of.iter().filter(|h| h.is_some()).count(),
        servers_excluded: excluded.len(),
        hosts_total: clusters.iter().map(|c| c.hosts.len()).sum(),
        baseline_total,
        plan_total,
        cost_effect,
        cost_effect_pct: if baseline_total > 0.0 {
            cost_effect / baseline_total * 100.0
        } else {
            0.0
        },
    };
    Ok(PlanResult {
        plan: PlanMeta {
            name: inv.plan.name.clone(),
            title: inv.plan.title.clone().unwrap_or_else(|| inv.plan.name.clone()),
            currency: inv.plan.currency.clone(),
            first_fy: inv.plan.first_fy,
            years: inv.plan.years,
            refresh_fy: refresh,
            packer: packer.name().to_string(),
        },
        summary,
        clusters,
        years,
        servers,
        excluded,
        extra_items: cost::extra_rows(inv),
        assumptions: assumptions(inv),
    })
}

/// Usable TB of shared storage for a cluster: its servers' data at the fill target.
pub fn storage_tb(inv: &Inventory, spec: &ClusterSpec) -> f64 {
    let gb: f64 = spec.servers.iter().map(|&s| inv.servers[s].storage_gb).sum();
    gb / 1000.0 / (inv.storage.fill_target_pct / 100.0)
}

/// Host models a zone's cluster may use: those it lists, or every model.
pub fn allowed_models(inv: &Inventory, zone: &str) -> Vec<usize> {
    let listed = inv.zones.iter().find(|z| z.name == zone).map(|z| &z.host_models);
    (0..inv.host_models.len())
        .filter(|&m| listed.is_none_or(|l| l.is_empty() || l.contains(&inv.host_models[m].name)))
        .collect()
}

/// Fails with a message naming the server, its demand and the closest host model when the
/// server fits no allowed model even on an empty host.
fn check_fits_some_model(
    inv: &Inventory,
    i: usize,
    d: &Resources,
    models: &[usize],
) -> Result<(), PlanError> {
    let ratio = |m: usize| {
        let l = host_limit(&inv.host_models[m], &inv.policy);
        d.values()
            .iter()
            .zip(l.values())
            .map(|(&x, c)| if c > 0.0 { x / c } else { f64::INFINITY })
            .fold(0.0, f64::max)
    };
    let fits = |m: usize| {
        let l = demand::capacity_units(&host_limit(&inv.host_models[m], &inv.policy));
        demand::demand_units(d).iter().zip(&l).all(|(x, c)| x <= c)
    };
    if models.iter().any(|&m| fits(m)) {
        return Ok(());
    }
    let closest =
        models.iter().copied().min_by(|&a, &b| ratio(a).total_cmp(&ratio(b))).unwrap_or(0);
    let m = &inv.host_models[closest];
    let l = host_limit(m, &inv.policy);
    let short: Vec<&str> = Resources::NAMES
        .iter()
        .zip(d.values().iter().zip(l.values()))
        .filter(|(_, (x, c))| *x > c)
        .map(|(n, _)| *n)
        .collect();
    let s = &inv.servers[i];
    Err(PlanError::ServerTooLarge {
        server: i,
        message: format!(
            "server `{}` fits no host model even alone: it needs CPU {:.2} core units, {} vCPUs \
             and {:.1} GB of memory; the largest fit, host model `{}`, offers CPU {:.2}, {} \
             vCPUs and {:.1} GB at the target utilisation ({} short)",
            s.name,
            d.cpu,
            d.vcpu,
            d.memory_gb,
            m.name,
            l.cpu,
            l.vcpu,
            l.memory_gb,
            short.join(", ")
        ),
    })
}

fn build_cluster(
    inv: &Inventory,
    c: &SizedCluster,
    demand: &[Resources],
    host_of: &mut [Option<String>],
) -> Cluster {
    let names: Vec<String> =
        (1..=c.hosts.len()).map(|k| format!("{}-{k:02}", c.spec.name)).collect();
    let mut total_cap = Resources::default();
    let mut total_usable = Resources::default();
    let hosts: Vec<Host> = c
        .hosts
        .iter()
        .zip(&names)
        .map(|(h, name)| {
            let model = &inv.host_models[h.model];
            let capacity = host_capacity(model, &inv.policy);
            let limit = host_limit(model, &inv.policy);
            total_cap = total_cap.add(&capacity);
            total_usable = total_usable.add(&limit);
            let mut used = Resources::default();
            let mut servers = Vec::with_capacity(h.items.len());
            for &i in &h.items {
                let s = c.spec.servers[i];
                used = used.add(&demand[s]);
                servers.push(inv.servers[s].name.clone());
                host_of[s] = Some(name.clone());
            }
            Host {
                name: name.clone(),
                model: model.name.clone(),
                spare: h.spare,
                servers,
                capacity,
                limit,
                used,
                utilisation_pct: used.percent_of(&capacity),
            }
        })
        .collect();
    let total_demand =
        c.spec.servers.iter().fold(Resources::default(), |acc, &s| acc.add(&demand[s]));
    let normal = c.hosts.iter().filter(|h| !h.spare).count();
    let main_model = c.hosts.first().map_or(0, |h| h.model);
    let limit = host_limit(&inv.host_models[main_model], &inv.policy);
    let worth: Vec<f64> = total_demand
        .values()
        .iter()
        .zip(limit.values())
        .map(|(&d, l)| if l > 0.0 { d / l } else { 0.0 })
        .collect();
    let (bind, &bind_worth) =
        worth.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap_or((0, &0.0));
    let unit = if normal > 0 { c.packed_cost as f64 / normal as f64 } else { 1.0 };
    let lower_bound_hosts = (c.lower_bound_cost as f64 / unit - 1e-9).ceil().max(0.0) as u64;
    let failover = cluster::describe_failover(inv, c, &names, demand);
    let pct = |r: usize| match r {
        0 => format!("{} % CPU target", inv.policy.target_cpu_pct),
        1 => format!("{} vCPUs per core", inv.policy.vcpu_per_core),
        _ => format!("{} % memory target", inv.policy.target_memory_pct),
    };
    let mut note = format!(
        "{}: {:.1} hosts' worth of {} at {} → at least {} host(s); packed on {}{}",
        Resources::NAMES[bind],
        bind_worth,
        inv.host_models[main_model].name,
        pct(bind),
        (bind_worth - 1e-9).ceil().max(0.0),
        normal,
        if c.proven_optimal {
            " (proven optimal)".to_string()
        } else {
            format!(" (lower bound {lower_bound_hosts})")
        }
    );
    if failover.required > 0 {
        note.push_str(&format!(
            "; {} for N+{}: any {} host loss(es) absorbed",
            match failover.spare_hosts {
                0 => "no spare host needed".to_string(),
                n => format!("+{n} spare host(s)"),
            },
            failover.required,
            failover.required
        ));
        if !failover.binding_loss.is_empty() {
            note.push_str(&format!(
                ", worst case losing {} ({:.0} % CPU, {:.0} % memory on the fullest survivor)",
                failover.binding_loss.join(" + "),
                failover.worst_utilisation_pct.cpu,
                failover.worst_utilisation_pct.memory_gb
            ));
        }
    }
    Cluster {
        name: c.spec.name.clone(),
        zone: c.spec.zone.clone(),
        servers: c.spec.servers.len(),
        purchase_fy: c.spec.purchase_fy,
        hosts,
        demand: total_demand,
        capacity: total_cap,
        usable: total_usable,
        binding_resource: Resources::NAMES[bind].to_string(),
        sizing_note: note,
        lower_bound_hosts,
        proven_optimal: c.proven_optimal,
        method: c.method.clone(),
        failover,
        storage_tb: storage_tb(inv, &c.spec),
        options: c.options.clone(),
    }
}

fn assumptions(inv: &Inventory) -> Vec<String> {
    let p = &inv.policy;
    let refresh = inv.plan.refresh_fy;
    vec![
        format!(
            "Baseline: the first plan continued. Every in-scope server is renewed like for like \
             in its renewal year and keeps its maintenance, OS licence, power and data-centre fee \
             every year."
        ),
        format!(
            "Plan: virtual hosts and shared storage are bought in FY{refresh}. Each server moves \
             to them in its renewal year (servers due earlier run on their old hardware until \
             FY{refresh}); until it moves it keeps its baseline running costs, and its migration \
             labour is paid in the year it moves."
        ),
        format!(
            "CPU demand = cores × per-core performance × peak utilisation (a 2012-era core = \
             1.0). Hosts are filled to {} % CPU and {} % memory in normal operation, at most {} \
             vCPUs per core and memory overcommit {}; after a host failure survivors may reach {} \
             % CPU and {} % memory.",
            p.target_cpu_pct,
            p.target_memory_pct,
            p.vcpu_per_core,
            p.memory_overcommit,
            p.failover_cpu_pct,
            p.failover_memory_pct
        ),
        format!(
            "N+{}: every loss of {} host(s) is checked by re-placing its servers on the \
             survivors, apart from their redundancy partners.",
            p.spare_hosts, p.spare_hosts
        ),
        "Host licences (per core with their minimums, per socket or per host) cover the guest \
         operating systems: a server's OS licence ends when it moves."
            .to_string(),
        format!(
            "Power: average draw × {} h × PUE {} × {} per kWh.",
            cost::HOURS_PER_YEAR,
            inv.costs.pue,
            inv.costs.electricity_per_kwh
        ),
        "Servers of out-of-scope organisations are in neither column.".to_string(),
    ]
}
