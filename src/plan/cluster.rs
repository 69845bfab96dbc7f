//! Sizing one cluster: choose the host model, pack the servers, add hosts until any k host
//! losses are absorbed, and describe the outcome.

use super::PlanError;
use super::demand::{capacity_units, demand_units, failover_limit, host_capacity, host_limit};
use super::failover::{self, FHost, Outcome};
use super::result::{Failover, ModelOption, Resources};
use crate::cost::host_horizon_cost;
use crate::inventory::Inventory;
use crate::pack::{self, BinType, PackOptions, Packer, Problem};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What to size: the servers of one zone.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    /// Cluster name.
    pub name: String,
    /// Security zone.
    pub zone: String,
    /// Indices of its servers in the inventory.
    pub servers: Vec<usize>,
    /// Fiscal year its hosts are bought.
    pub purchase_fy: i32,
    /// Host models it may use (indices into the inventory's models).
    pub models: Vec<usize>,
}

/// One host of a sized cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct SizedHost {
    /// Index into the inventory's host models.
    pub model: usize,
    /// Positions in `ClusterSpec::servers` of the servers on it.
    pub items: Vec<usize>,
    /// Added only to absorb host failures.
    pub spare: bool,
}

/// A sized cluster.
#[derive(Debug, Clone)]
pub struct SizedCluster {
    /// What was sized.
    pub spec: ClusterSpec,
    /// Hosts, normal ones first, spares last.
    pub hosts: Vec<SizedHost>,
    /// Packer's lower bound on the normal-operation cost, in the packer's cost units.
    pub lower_bound_cost: u64,
    /// Packer's cost of the normal-operation layout.
    pub packed_cost: u64,
    /// Packer proved its layout optimal.
    pub proven_optimal: bool,
    /// Packer method.
    pub method: String,
    /// Failover check of the final layout.
    pub failover: Outcome,
    /// Every option evaluated, cheapest first (the first is chosen).
    pub options: Vec<ModelOption>,
}

/// A cluster's servers as the solver sees them.
struct Items {
    demand: Vec<Vec<u64>>,
    groups_of: Vec<Vec<usize>>,
    groups: Vec<Vec<usize>>,
}

fn items(inv: &Inventory, spec: &ClusterSpec, demand: &[Resources]) -> Items {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (local, &s) in spec.servers.iter().enumerate() {
        if let Some(g) = &inv.servers[s].redundancy_group {
            by_group.entry(g.as_str()).or_default().push(local);
        }
    }
    let groups: Vec<Vec<usize>> = by_group.into_values().filter(|g| g.len() > 1).collect();
    let mut groups_of = vec![Vec::new(); spec.servers.len()];
    for (g, members) in groups.iter().enumerate() {
        for &m in members {
            groups_of[m].push(g);
        }
    }
    Items {
        demand: spec.servers.iter().map(|&s| demand_units(&demand[s])).collect(),
        groups_of,
        groups,
    }
}

/// A candidate layout before the choice.
struct Candidate {
    hosts: Vec<SizedHost>,
    cost: f64,
    lower_bound_cost: u64,
    packed_cost: u64,
    proven_optimal: bool,
    method: String,
    failover: Outcome,
    description: String,
}

/// Sizes one cluster with every host model alone and keeps the cheapest over the horizon.
pub fn size(
    inv: &Inventory,
    spec: &ClusterSpec,
    demand: &[Resources],
    packer: &dyn Packer,
    options: &PackOptions,
) -> Result<SizedCluster, PlanError> {
    let items = items(inv, spec, demand);
    let k = inv.policy.spare_hosts as usize;
    let candidates: Vec<Result<Option<Candidate>, PlanError>> = spec
        .models
        .par_iter()
        .copied()
        .map(|m| single_model(inv, spec, &items, m, k, packer, options))
        .collect();
    let mut found = Vec::new();
    for c in candidates {
        if let Some(c) = c? {
            found.push(c);
        }
    }
    if found.is_empty() {
        return Err(PlanError::Infeasible {
            cluster: spec.name.clone(),
            reason: "no host model can carry every server of this cluster".into(),
        });
    }
    found.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.hosts.len().cmp(&b.hosts.len()))
            .then(a.description.cmp(&b.description))
    });
    let options = found
        .iter()
        .enumerate()
        .map(|(i, c)| ModelOption {
            description: c.description.clone(),
            hosts: c.hosts.len(),
            horizon_cost: c.cost,
            chosen: i == 0,
        })
        .collect();
    let best = found.swap_remove(0);
    Ok(SizedCluster {
        spec: spec.clone(),
        hosts: best.hosts,
        lower_bound_cost: best.lower_bound_cost,
        packed_cost: best.packed_cost,
        proven_optimal: best.proven_optimal,
        method: best.method,
        failover: best.failover,
        options,
    })
}

/// Packs the cluster on model `m` alone and adds spares; `None` when a server does not fit
/// the model.
fn single_model(
    inv: &Inventory,
    spec: &ClusterSpec,
    items: &Items,
    m: usize,
    k: usize,
    packer: &dyn Packer,
    options: &PackOptions,
) -> Result<Option<Candidate>, PlanError> {
    let model = &inv.host_models[m];
    let capacity = capacity_units(&host_limit(model, &inv.policy));
    let fits = |d: &Vec<u64>| d.iter().zip(&capacity).all(|(x, c)| x <= c);
    if !items.demand.iter().all(fits) {
        return Ok(None);
    }
    let unit_cost = host_cost(inv, m, spec.purchase_fy);
    let bin = BinType { name: model.name.clone(), capacity, cost: unit_cost, max_count: None };
    let problem = Problem::new(3, vec![bin], items.demand.clone(), items.groups.clone())
        .map_err(|e| PlanError::Internal(e.to_string()))?;
    let packing = packer
        .pack(&problem, options)
        .map_err(|e| PlanError::Infeasible { cluster: spec.name.clone(), reason: e.to_string() })?;
    pack::verify::verify(&problem, &packing).map_err(|v| {
        PlanError::Internal(format!("packer {} returned an invalid layout: {v}", packer.name()))
    })?;
    let mut hosts: Vec<SizedHost> = packing
        .bins
        .iter()
        .map(|b| SizedHost { model: m, items: b.items.clone(), spare: false })
        .collect();
    let failover = add_spares(inv, spec, items, &mut hosts, k)?;
    let cost = hosts
        .iter()
        .map(|h| host_horizon_cost(inv, &inv.host_models[h.model], spec.purchase_fy))
        .sum();
    Ok(Some(Candidate {
        description: describe(inv, &hosts),
        hosts,
        cost,
        lower_bound_cost: packing.lower_bound,
        packed_cost: packing.cost(&problem),
        proven_optimal: packing.proven_optimal,
        method: packing.method,
        failover,
    }))
}

/// The packer's weight for one host: its cost over the horizon, in whole currency units.
fn host_cost(inv: &Inventory, m: usize, purchase_fy: i32) -> u64 {
    host_horizon_cost(inv, &inv.host_models[m], purchase_fy).round().max(1.0) as u64
}

/// "3× std-32c" or "2× std-32c + 1× big-64c".
fn describe(inv: &Inventory, hosts: &[SizedHost]) -> String {
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for h in hosts {
        *count.entry(h.model).or_default() += 1;
    }
    count
        .iter()
        .map(|(&m, n)| format!("{n}× {}", inv.host_models[m].name))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Runs the failover check on the current hosts.
fn check_failover(inv: &Inventory, items: &Items, hosts: &[SizedHost], k: usize) -> Outcome {
    let fhosts: Vec<FHost> = hosts
        .iter()
        .map(|h| FHost {
            limit: capacity_units(&failover_limit(&inv.host_models[h.model], &inv.policy)),
            items: h.items.clone(),
        })
        .collect();
    let demand = |i: usize| items.demand[i].as_slice();
    failover::check(&fhosts, &demand, &items.groups_of, k)
}

/// Adds empty hosts until every loss of `k` hosts is absorbed: each round tries one more host
/// of every model and keeps the cheapest that makes the cluster survive; when none does alone,
/// it adds the model with the most failover capacity and tries again.
fn add_spares(
    inv: &Inventory,
    spec: &ClusterSpec,
    items: &Items,
    hosts: &mut Vec<SizedHost>,
    k: usize,
) -> Result<Outcome, PlanError> {
    let mut outcome = check_failover(inv, items, hosts, k);
    let limit = k + 8;
    let mut added = 0;
    while !outcome.survives() {
        if added >= limit {
            return Err(PlanError::Infeasible {
                cluster: spec.name.clone(),
                reason: format!(
                    "even with {added} spare hosts the cluster does not survive the loss of {k} \
                     host(s)"
                ),
            });
        }
        let mut by_cost: Vec<usize> = spec.models.clone();
        by_cost.sort_by_key(|&m| (host_cost(inv, m, spec.purchase_fy), m));
        let mut chosen = None;
        for &m in &by_cost {
            hosts.push(SizedHost { model: m, items: Vec::new(), spare: true });
            let o = check_failover(inv, items, hosts, k);
            hosts.pop();
            if o.survives() {
                chosen = Some((m, o));
                break;
            }
        }
        match chosen {
            Some((m, o)) => {
                hosts.push(SizedHost { model: m, items: Vec::new(), spare: true });
                outcome = o;
            }
            None => {
                let biggest = spec
                    .models
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        let size = |m: usize| {
                            let l = failover_limit(&inv.host_models[m], &inv.policy);
                            (l.cpu, l.memory_gb)
                        };
                        size(a).partial_cmp(&size(b)).unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .unwrap_or(0);
                hosts.push(SizedHost { model: biggest, items: Vec::new(), spare: true });
                outcome = check_failover(inv, items, hosts, k);
            }
        }
        added += 1;
    }
    Ok(outcome)
}

/// The failover section of the report, in real units and names.
pub fn describe_failover(
    inv: &Inventory,
    sized: &SizedCluster,
    host_names: &[String],
    demand: &[Resources],
) -> Failover {
    let spare_hosts = sized.hosts.iter().filter(|h| h.spare).count();
    let required = inv.policy.spare_hosts;
    let mut out = Failover {
        required,
        survives: sized.failover.survives(),
        spare_hosts,
        binding_loss: Vec::new(),
        worst_utilisation_pct: Resources::default(),
        binding_moves: Vec::new(),
    };
    let Outcome::Survives { binding: Some(b) } = &sized.failover else {
        return out;
    };
    out.binding_loss = b.lost.iter().map(|&h| host_names[h].clone()).collect();
    let mut used: Vec<Resources> = sized
        .hosts
        .iter()
        .map(|h| {
            h.items
                .iter()
                .fold(Resources::default(), |acc, &i| acc.add(&demand[sized.spec.servers[i]]))
        })
        .collect();
    for &(item, host) in &b.moves {
        used[host] = used[host].add(&demand[sized.spec.servers[item]]);
        out.binding_moves
            .push((inv.servers[sized.spec.servers[item]].name.clone(), host_names[host].clone()));
    }
    let mut worst = [0.0f64; 3];
    for (h, u) in used.iter().enumerate() {
        if b.lost.contains(&h) {
            continue;
        }
        let cap = host_capacity(&inv.host_models[sized.hosts[h].model], &inv.policy);
        for (w, p) in worst.iter_mut().zip(u.percent_of(&cap).values()) {
            *w = w.max(p);
        }
    }
    out.worst_utilisation_pct = Resources::from_values(worst);
    out
}
