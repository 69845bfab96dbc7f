//! Constraints no plan can meet, found from the inventory alone, so that the error points at
//! the line that states the constraint (the planner would only name the cluster).
//!
//! Each check is a necessary condition of the planner's model, never stricter: a zone with
//! `max_hosts` below its spares plus one host; a redundancy group with more members in a zone
//! than `max_hosts` leaves room for after losing the spares (its members must stay on
//! different hosts even then); an affinity group whose members together exceed, in every hour
//! and at the smallest demand growth allows in the horizon, an empty host of every model the
//! zone may use. Whatever the loader lets through, the planner still checks in full.

use super::model::*;
use std::collections::BTreeMap;

/// Relative slack before a demand counts as over a capacity, so that rounding never refuses
/// an inventory the planner (which rounds needs up and capacities down) would accept.
const SLACK: f64 = 1e-9;

/// Every constraint found unmeetable, as `(path, message)`. Run on a validated inventory.
pub fn check(inv: &Inventory) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (z, zone) in inv.zones.iter().enumerate() {
        let members: Vec<usize> = (0..inv.servers.len())
            .filter(|&i| {
                let s = &inv.servers[i];
                s.zone == zone.name && s.in_scope && !s.stay_physical
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        spares_fit(inv, z, &mut problems);
        redundancy_fits(inv, z, &members, &mut problems);
        affinity_fits(inv, z, &members, &mut problems);
    }
    problems
}

/// `max_hosts` must leave one host running after the spares fail.
fn spares_fit(inv: &Inventory, z: usize, problems: &mut Vec<(String, String)>) {
    let spares = inv.policy.spare_hosts;
    if let Some(max) = inv.zones[z].max_hosts
        && max <= spares
    {
        problems.push((
            format!("zones[{z}].max_hosts"),
            format!(
                "zone `{}` allows at most {max} host(s), but surviving {spares} host failure(s) \
                 (policy.spare_hosts) needs at least {} hosts; expected max_hosts ≥ {}",
                inv.zones[z].name,
                spares + 1,
                spares + 1
            ),
        ));
    }
}

/// A redundancy group of `g` servers in one zone needs `g + spare_hosts` hosts.
fn redundancy_fits(
    inv: &Inventory,
    z: usize,
    members: &[usize],
    problems: &mut Vec<(String, String)>,
) {
    let Some(max) = inv.zones[z].max_hosts else { return };
    let spares = inv.policy.spare_hosts;
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in members {
        if let Some(g) = &inv.servers[i].redundancy_group {
            groups.entry(g).or_default().push(i);
        }
    }
    for (g, group) in groups {
        let need = group.len() as u64 + u64::from(spares);
        if need <= u64::from(max) {
            continue;
        }
        let names: Vec<&str> = group.iter().map(|&i| inv.servers[i].name.as_str()).collect();
        problems.push((
            format!("servers[{}].redundancy_group", group[0]),
            format!(
                "cluster {}: redundancy group `{g}` has {} servers ({}) that must run on \
                 different hosts even after losing {spares} host(s), so the cluster needs at \
                 least {need} hosts, but max_hosts is {max}",
                inv.zones[z].name,
                group.len(),
                names.join(", ")
            ),
        ));
    }
}

/// The servers of one affinity group share a host: together they must fit an empty host of
/// some model the zone may use.
fn affinity_fits(
    inv: &Inventory,
    z: usize,
    members: &[usize],
    problems: &mut Vec<(String, String)>,
) {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in members {
        if let Some(g) = &inv.servers[i].affinity_group {
            groups.entry(g).or_default().push(i);
        }
    }
    let zone = &inv.zones[z];
    let models: Vec<&HostModel> = inv
        .host_models
        .iter()
        .filter(|m| zone.host_models.is_empty() || zone.host_models.contains(&m.name))
        .collect();
    for (g, group) in groups {
        if group.len() < 2 {
            continue; // One server alone: the planner names it and its line itself.
        }
        let need = group_need(inv, &group);
        if models.iter().any(|m| fits(&need, m, &inv.policy)) {
            continue;
        }
        let names: Vec<&str> = group.iter().map(|&i| inv.servers[i].name.as_str()).collect();
        let cpu = need.cpu.iter().copied().fold(0.0, f64::max);
        problems.push((
            format!("servers[{}].affinity_group", group[0]),
            format!(
                "affinity group `{g}` ({}) must share one host but needs CPU {cpu:.2} core \
                 units, {} vCPUs and {:.1} GB together, more than an empty host of any model \
                 zone `{}` may use offers at the target utilisation",
                names.join(", "),
                need.vcpu,
                need.memory_gb,
                zone.name
            ),
        ));
    }
}

/// What a group needs at the least: CPU per hour (24 values), vCPUs, memory, each server's
/// CPU and memory at the smallest growth factor of the horizon.
struct GroupNeed {
    cpu: Vec<f64>,
    vcpu: f64,
    memory_gb: f64,
}

fn group_need(inv: &Inventory, group: &[usize]) -> GroupNeed {
    let mut need = GroupNeed { cpu: vec![0.0; 24], vcpu: 0.0, memory_gb: 0.0 };
    for &i in group {
        let s = &inv.servers[i];
        let rate = inv.growth.systems.get(&s.system).copied().unwrap_or(inv.growth.overall_pct);
        let shrink =
            if rate < 0.0 { (1.0 + rate / 100.0).powi(inv.plan.years as i32 - 1) } else { 1.0 };
        let per_pct = f64::from(s.cores) * s.core_perf / 100.0 * shrink;
        for (h, c) in need.cpu.iter_mut().enumerate() {
            let pct = match (&s.cpu_profile, s.peak_cpu_pct) {
                (Some(p), _) => p.get(h).copied().unwrap_or(0.0),
                (None, Some(p)) => p,
                (None, None) => 0.0,
            };
            *c += pct * per_pct;
        }
        need.vcpu += f64::from(s.vcpus.unwrap_or(s.cores));
        need.memory_gb += s.memory_gb * shrink;
    }
    need
}

fn fits(need: &GroupNeed, m: &HostModel, p: &Policy) -> bool {
    let cores = f64::from(m.cores);
    let cpu = cores * m.core_perf * p.target_cpu_pct / 100.0;
    let vcpu = cores * p.vcpu_per_core;
    let memory = m.memory_gb * p.memory_overcommit * p.target_memory_pct / 100.0;
    let within = |d: f64, c: f64| d <= c * (1.0 + SLACK) + SLACK;
    need.cpu.iter().all(|&d| within(d, cpu))
        && within(need.vcpu, vcpu)
        && within(need.memory_gb, memory)
}
