//! A start plan's layout as a seed for a cluster's search (`consolidate plan --start`).
//!
//! The mix search is not exact: relaxing a limit can lead it to a dearer answer than the
//! tighter problem's. Seeding each cluster with the layout an earlier plan chose for it (same
//! cluster name; hosts by model and the servers on each, as `plan.json` records them) closes
//! that gap: when the layout is feasible for the new inventory — checked here on every
//! resource, hourly profiles, redundancy groups, host limits and every loss of k hosts — the
//! search only looks for something strictly cheaper, and keeps the seed otherwise. So the answer
//! never costs more than the start's layout priced under the new inventory.

use super::cluster::{Ctx, HostState, Role};
use super::demand::{Need, host_limit};
use super::failover::Outcome;
use super::result::{Cluster, StartRejection};
use std::collections::BTreeMap;

/// The start plan's layout for one cluster, mapped onto this inventory's units.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Its hosts (model, units; bought in the cluster's purchase year).
    pub hosts: Vec<HostState>,
}

/// A checked seed: its hosts, their failover check and horizon cost.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The hosts.
    pub hosts: Vec<HostState>,
    /// Their failover check (survives).
    pub failover: Outcome,
    /// What they cost over the horizon under this inventory.
    pub cost: f64,
}

/// Maps the start plan's cluster onto this cluster's units: every host model must be one the
/// cluster may use, every server on its hosts one of the cluster's servers, every unit (an
/// affinity group moves whole) on one host, and every unit placed. `Err` says why not.
pub fn layout_of(ctx: &Ctx, start: &Cluster, fy: i32) -> Result<Seed, StartRejection> {
    let mut unit_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (u, unit) in ctx.units.iter().enumerate() {
        for &s in &unit.members {
            unit_of.insert(ctx.inv.servers[s].name.as_str(), u);
        }
    }
    let mut host_of: Vec<Option<usize>> = vec![None; ctx.units.len()];
    let mut hosts = Vec::with_capacity(start.hosts.len());
    for (h, host) in start.hosts.iter().enumerate() {
        let model = ctx
            .inv
            .host_models
            .iter()
            .position(|m| m.name == host.model)
            .ok_or_else(|| StartRejection::UnknownModel { model: host.model.clone() })?;
        if !ctx.models.contains(&model) {
            return Err(StartRejection::ModelNotAllowed { model: host.model.clone() });
        }
        let mut units: Vec<usize> = Vec::new();
        for name in &host.servers {
            let &u = unit_of
                .get(name.as_str())
                .ok_or_else(|| StartRejection::UnknownServer { server: name.clone() })?;
            match host_of[u] {
                Some(other) if other != h => {
                    return Err(StartRejection::AffinitySplit {
                        server: name.clone(),
                        host: host.name.clone(),
                        other: start.hosts[other].name.clone(),
                    });
                }
                Some(_) => {}
                None => {
                    host_of[u] = Some(h);
                    units.push(u);
                }
            }
        }
        units.sort_unstable();
        let role = if units.is_empty() { Role::Spare } else { Role::Active };
        hosts.push(HostState { model, units, role, bought_fy: fy });
    }
    if let Some(u) = host_of.iter().position(Option::is_none) {
        let s = ctx.units[u].members[0];
        return Err(StartRejection::NotPlaced { server: ctx.inv.servers[s].name.clone() });
    }
    Ok(Seed { hosts })
}

/// Checks the seed against this inventory with the units' sized needs: host limits, every
/// resource in every hour within each host's normal-operation limit, redundancy partners apart,
/// every loss of k hosts absorbed. Empty hosts are spares (or, with no loss to absorb, the
/// cluster minimum).
pub fn check(ctx: &Ctx, seed: &Seed, need: &[Need]) -> Result<Checked, StartRejection> {
    let n = seed.hosts.len();
    if let Some(min) = ctx.min_hosts
        && n < min as usize
    {
        return Err(StartRejection::BelowMinHosts { hosts: n, min });
    }
    if let Some(max) = ctx.max_hosts
        && n > max as usize
    {
        return Err(StartRejection::AboveMaxHosts { hosts: n, max });
    }
    let k = ctx.policy.spare_hosts as usize;
    let demand: Vec<Vec<u64>> = need.iter().map(Need::demand_units).collect();
    let mut hosts = seed.hosts.clone();
    for h in &mut hosts {
        let cap =
            host_limit(&ctx.inv.host_models[h.model], &ctx.policy, ctx.hours).capacity_units();
        let mut load = vec![0u64; cap.len()];
        let mut groups: Vec<usize> = Vec::new();
        for &u in &h.units {
            for (l, x) in load.iter_mut().zip(&demand[u]) {
                *l += x;
            }
            groups.extend_from_slice(&ctx.units[u].groups);
        }
        if load.iter().zip(&cap).any(|(l, c)| l > c) {
            return Err(StartRejection::OverLimit);
        }
        let before = groups.len();
        groups.sort_unstable();
        groups.dedup();
        if groups.len() < before {
            return Err(StartRejection::PartnersShareHost);
        }
        if h.units.is_empty() && k == 0 {
            h.role = Role::Minimum;
        }
    }
    let failover = ctx.check_failover(&hosts, need);
    if !failover.survives() {
        return Err(StartRejection::LossNotAbsorbed { spare_hosts: ctx.policy.spare_hosts });
    }
    let cost = hosts.iter().map(|h| ctx.host_cost(h.model, h.bought_fy)).sum();
    Ok(Checked { hosts, failover, cost })
}
