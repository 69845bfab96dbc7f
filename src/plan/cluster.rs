//! Buying hosts for a cluster: every host model alone and the mix of all of them are packed,
//! hosts are added until every loss of k hosts is absorbed and the cluster's minimum is met,
//! and the options are ranked by what they cost over the rest of the horizon.

use super::PlanError;
use super::demand::{Need, failover_limit, host_limit};
use super::failover::{self, FHost, Outcome};
use super::infeasible::{Infeasibility, OptionFailure, ServerRef};
use super::result::{Method, ModelCount};
use crate::cost::{Site, host_horizon_cost};
use crate::inventory::{Inventory, Policy};
use crate::pack::{self, BinType, PackOptions, Packer, Problem};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Servers that are placed together: one server, or an affinity group.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Inventory indices of its servers.
    pub members: Vec<usize>,
    /// Redundancy groups (cluster-local ids) of its members.
    pub groups: Vec<usize>,
}

/// Why a host is in the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Carries servers in normal operation.
    Active,
    /// Added to absorb host failures (empty in normal operation when bought).
    Spare,
    /// Added to reach the cluster's minimum host count.
    Minimum,
}

/// One host of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct HostState {
    /// Index into the inventory's host models.
    pub model: usize,
    /// Units on it.
    pub units: Vec<usize>,
    /// Why it is there.
    pub role: Role,
    /// Fiscal year it is bought.
    pub bought_fy: i32,
}

/// Everything that stays fixed while a cluster is sized.
pub struct Ctx<'a> {
    /// The inventory.
    pub inv: &'a Inventory,
    /// Cluster name, for messages.
    pub name: String,
    /// Its zone, and whether it is at the ICT-BCP site (to locate what makes it infeasible).
    pub zone: (String, bool),
    /// Sizing policy in force.
    pub policy: Policy,
    /// Where its hosts run (pricing).
    pub site: Site,
    /// Host models it may use.
    pub models: Vec<usize>,
    /// CPU values per demand: 1 (peak) or 24 (time of day).
    pub hours: usize,
    /// Minimum host count.
    pub min_hosts: Option<u32>,
    /// Maximum host count.
    pub max_hosts: Option<u32>,
    /// The packer.
    pub packer: &'a dyn Packer,
    /// Its options.
    pub options: PackOptions,
    /// The units to place.
    pub units: Vec<Unit>,
    /// Names of the redundancy groups (by cluster-local id).
    pub group_names: Vec<String>,
    /// Set when a packer call was cut by its wall-clock limit.
    pub clock_hit: std::sync::atomic::AtomicBool,
}

/// Active hosts from one packing, with the packer's figures (costs in packer units).
#[derive(Debug, Clone)]
struct Packed {
    hosts: Vec<HostState>,
    lower_bound_cost: u64,
    cost: u64,
    proven_optimal: bool,
    method: Method,
    /// Other layouts of the same units, dearer to pack (the other CPU view, the mix's other
    /// packings): kept because the cheaper packing is not always the cheaper cluster once
    /// the spares N+k needs are added.
    others: Vec<Packed>,
}

impl Packed {
    /// This layout first, then the others (each without its own list).
    fn layouts(mut self) -> Vec<Packed> {
        let others = std::mem::take(&mut self.others);
        let mut all = vec![self];
        all.extend(others.into_iter().flat_map(Packed::layouts));
        all
    }
}

/// One way to extend a cluster.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The whole cluster afterwards.
    pub hosts: Vec<HostState>,
    /// Cost of the hosts it adds, over the rest of the horizon.
    pub added_cost: f64,
    /// The hosts it adds, e.g. "3× v32c + 1× v16c".
    pub description: String,
    /// The same, as data: hosts added per model.
    pub mix: Vec<ModelCount>,
    /// Packer's lower bound on the cost of the active hosts added.
    pub lower_bound_cost: u64,
    /// Packer's cost of those hosts.
    pub packed_cost: u64,
    /// Packer proved them optimal.
    pub proven_optimal: bool,
    /// Packer method.
    pub method: Method,
    /// Failover check of the whole cluster.
    pub failover: Outcome,
}

impl Ctx<'_> {
    /// Weight of one host of model `m` bought in `fy`: its cost over the rest of the horizon.
    pub fn host_cost(&self, m: usize, fy: i32) -> f64 {
        host_horizon_cost(self.inv, &self.inv.host_models[m], self.site, fy)
    }

    fn host_weight(&self, m: usize, fy: i32) -> u64 {
        self.host_cost(m, fy).round().max(1.0) as u64
    }

    /// Redundancy groups of each unit, for the failover check.
    fn groups_of(&self) -> Vec<Vec<usize>> {
        self.units.iter().map(|u| u.groups.clone()).collect()
    }

    /// Runs the failover check on `hosts` with the given unit needs.
    pub fn check_failover(&self, hosts: &[HostState], need: &[Need]) -> Outcome {
        let demand: Vec<Vec<u64>> = need.iter().map(Need::demand_units).collect();
        let fhosts: Vec<FHost> = hosts
            .iter()
            .map(|h| FHost {
                limit: failover_limit(&self.inv.host_models[h.model], &self.policy, self.hours)
                    .capacity_units(),
                items: h.units.clone(),
            })
            .collect();
        let f = |i: usize| demand[i].as_slice();
        failover::check(&fhosts, &f, &self.groups_of(), self.policy.spare_hosts as usize)
    }

    /// Whether `need` fits an empty host of model `m` in normal operation (`need` may be peak
    /// based or hourly).
    pub fn fits_model(&self, need: &Need, m: usize) -> bool {
        let hours = need.cpu.len();
        let cap = host_limit(&self.inv.host_models[m], &self.policy, hours).capacity_units();
        need.demand_units().iter().zip(&cap).all(|(d, c)| d <= c)
    }

    /// Every way to place `new_units` on new hosts bought in `fy`, next to `existing` hosts,
    /// cheapest first; and the reasons each failed option failed.
    pub fn extend(
        &self,
        existing: &[HostState],
        new_units: &[usize],
        need: &[Need],
        fy: i32,
    ) -> Result<(Vec<Candidate>, Vec<OptionFailure>), PlanError> {
        let mut choices: Vec<Vec<usize>> = self.models.iter().map(|&m| vec![m]).collect();
        if self.models.len() > 1 {
            choices.push(self.models.clone());
        }
        // Each choice is packed once; the mix reuses the single-model packings.
        let mut packs: Vec<Result<Packed, OptionFailure>> = choices
            .par_iter()
            .map(|models| self.pack_choice(existing, new_units, need, fy, models))
            .collect::<Result<_, _>>()?;
        if let Some((mix, singles)) = packs.split_last_mut()
            && self.models.len() > 1
            && let Ok(own) = mix
        {
            // The mix: the packer's own answer over every model, and each model's packing
            // alone, each host right-sized to the cheapest model that carries it; the
            // cheapest first, the others kept for the spares to decide.
            let bound = own.lower_bound_cost;
            let mut all: Vec<Packed> = own
                .clone()
                .layouts()
                .into_iter()
                .chain(singles.iter().flatten().flat_map(|p| p.clone().layouts()))
                .map(|p| {
                    let mut p = self.right_sized(p, need, &self.models, fy);
                    p.proven_optimal = p.cost <= bound;
                    p.lower_bound_cost = bound;
                    p
                })
                .collect();
            let first = (0..all.len()).min_by_key(|&k| (all[k].cost, k)).unwrap_or(0);
            let mut best = all.remove(first);
            all.dedup_by(|a, b| a.hosts == b.hosts);
            all.retain(|p| p.hosts != best.hosts);
            best.others = all;
            *own = best;
        }
        let results: Vec<Result<Candidate, Vec<OptionFailure>>> = choices
            .par_iter()
            .zip(packs)
            .map(|(models, packed)| {
                packed.map_err(|f| vec![f]).and_then(|p| self.finish(existing, p, need, fy, models))
            })
            .collect();
        let mut found = Vec::new();
        let mut failed = Vec::new();
        for r in results {
            match r {
                Ok(c) => {
                    if !found.iter().any(|f: &Candidate| f.hosts == c.hosts) {
                        found.push(c);
                    }
                }
                Err(reasons) => failed.extend(reasons),
            }
        }
        found.sort_by(|a, b| {
            a.added_cost
                .total_cmp(&b.added_cost)
                .then(a.hosts.len().cmp(&b.hosts.len()))
                .then(a.description.cmp(&b.description))
        });
        Ok((found, failed))
    }

    /// The option's models by name.
    fn label(&self, models: &[usize]) -> Vec<String> {
        models.iter().map(|&m| self.inv.host_models[m].name.clone()).collect()
    }

    /// Why unit `u` fits no model of `models` (its servers, its need).
    pub fn too_large(&self, u: usize, need: &Need, models: &[usize]) -> Infeasibility {
        let servers: Vec<ServerRef> = self.units[u]
            .members
            .iter()
            .map(|&s| ServerRef { index: s, name: self.inv.servers[s].name.clone() })
            .collect();
        let affinity_group =
            self.units[u].members.first().and_then(|&s| self.inv.servers[s].affinity_group.clone());
        let r = need.resources();
        Infeasibility::TooLargeForModels {
            servers,
            affinity_group,
            models: self.label(models),
            cpu: r.cpu,
            vcpu: r.vcpu,
            memory_gb: r.memory_gb,
        }
    }

    /// Packs `new_units` on new hosts of `models` (nothing to pack: no host).
    fn pack_choice(
        &self,
        existing: &[HostState],
        new_units: &[usize],
        need: &[Need],
        fy: i32,
        models: &[usize],
    ) -> Result<Result<Packed, OptionFailure>, PlanError> {
        let label = self.label(models);
        if let Some(&u) =
            new_units.iter().find(|&&u| !models.iter().any(|&m| self.fits_model(&need[u], m)))
        {
            let reason = self.too_large(u, &need[u], models);
            return Ok(Err(OptionFailure { models: label, reason }));
        }
        if new_units.is_empty() {
            return Ok(Ok(Packed {
                hosts: Vec::new(),
                lower_bound_cost: 0,
                cost: 0,
                proven_optimal: true,
                method: Method::None,
                others: Vec::new(),
            }));
        }
        let room = self.max_hosts.map(|m| (m as usize).saturating_sub(existing.len()));
        Ok(self.pack_on(models, new_units, need, fy, room)?.map_err(|message| OptionFailure {
            models: label,
            reason: Infeasibility::NoLayout { message, max_hosts: self.max_hosts },
        }))
    }

    /// Turns a packing into a cluster option: balanced (unless that costs spares), the
    /// cluster minimum, spares for N+k, the maximum checked.
    fn finish(
        &self,
        existing: &[HostState],
        packed: Packed,
        need: &[Need],
        fy: i32,
        models: &[usize],
    ) -> Result<Candidate, Vec<OptionFailure>> {
        let label = self.label(models);
        // The balanced layout reads better and spreads headroom, but headroom concentrated on
        // a few hosts can take a large server after a failure where spread headroom cannot:
        // keep the balanced one unless it needs more hosts for N+k. Likewise a dearer packing
        // may need a cheaper spare: every layout is completed and the cheapest cluster kept
        // (ties to the earlier: the cheaper packing, balanced).
        let mut best: Option<(Vec<HostState>, Outcome, usize)> = None;
        // Every distinct reason a layout failed, not only the last one's.
        let mut errors: Vec<Infeasibility> = Vec::new();
        let cost = |h: &[HostState]| -> f64 {
            h.iter().map(|x| self.host_cost(x.model, x.bought_fy)).sum()
        };
        let layouts = packed.layouts();
        for (k, layout) in layouts.iter().enumerate() {
            let mut balanced = layout.hosts.clone();
            self.balance(&mut balanced, need);
            for fresh in [balanced, layout.hosts.clone()] {
                let mut all = existing.to_vec();
                all.extend(fresh);
                match self.complete(&mut all, need, fy, models) {
                    Ok(o) => {
                        if best.as_ref().is_none_or(|(b, _, _)| cost(&all) < cost(b) - 1e-6) {
                            best = Some((all, o, k));
                        }
                    }
                    Err(e) => {
                        if !errors.contains(&e) {
                            errors.push(e);
                        }
                    }
                }
            }
        }
        let Some((hosts, failover, k)) = best else {
            return Err(errors
                .into_iter()
                .map(|reason| OptionFailure { models: label.clone(), reason })
                .collect());
        };
        let packed = layouts.into_iter().nth(k).expect("the chosen layout exists");
        if let Some(max) = self.max_hosts
            && hosts.len() > max as usize
        {
            let spares = hosts.iter().filter(|h| h.role == Role::Spare).count();
            let active = hosts
                .iter()
                .filter(|h| h.role == Role::Active)
                .map(|h| {
                    let members = h.units.iter().flat_map(|&u| &self.units[u].members);
                    members.map(|&s| self.inv.servers[s].name.clone()).collect()
                })
                .collect();
            let reason = Infeasibility::AboveMaxHosts {
                active,
                hosts: hosts.len(),
                spares,
                spare_hosts: self.policy.spare_hosts,
                max_hosts: max,
            };
            return Err(vec![OptionFailure { models: label, reason }]);
        }
        let added: Vec<HostState> = hosts[existing.len()..].to_vec();
        Ok(Candidate {
            added_cost: cost(&added),
            description: self.describe(&added),
            mix: self.mix(&added),
            hosts,
            lower_bound_cost: packed.lower_bound_cost,
            packed_cost: packed.cost,
            proven_optimal: packed.proven_optimal,
            method: packed.method,
            failover,
        })
    }

    /// Adds the cluster minimum and the spares N+k needs to `hosts`.
    fn complete(
        &self,
        hosts: &mut Vec<HostState>,
        need: &[Need],
        fy: i32,
        models: &[usize],
    ) -> Result<Outcome, Infeasibility> {
        if let Some(min) = self.min_hosts {
            let cheapest = self.cheapest(models, fy);
            while hosts.len() < min as usize {
                hosts.push(HostState {
                    model: cheapest,
                    units: Vec::new(),
                    role: Role::Minimum,
                    bought_fy: fy,
                });
            }
        }
        self.add_spares(hosts, need, fy, models)
    }

    /// Spreads the units of `hosts` so that the fullest host is as empty as it can be made by
    /// moving one unit at a time (a packer fills the first hosts to the brim and leaves the
    /// last nearly empty; a hypervisor's scheduler would even them out, and so should the
    /// layout an engineer reads). The host count and models do not change; limits and
    /// redundancy groups hold after every move. Deterministic: ties go to the lowest index.
    fn balance(&self, hosts: &mut [HostState], need: &[Need]) {
        if hosts.len() < 2 {
            return;
        }
        let caps: Vec<Vec<u64>> = hosts
            .iter()
            .map(|h| {
                host_limit(&self.inv.host_models[h.model], &self.policy, self.hours)
                    .capacity_units()
            })
            .collect();
        let units: Vec<Vec<u64>> = need.iter().map(Need::demand_units).collect();
        let mut loads: Vec<Vec<u64>> = hosts
            .iter()
            .map(|h| {
                let mut l = vec![0u64; self.hours + 2];
                for &u in &h.units {
                    for (a, b) in l.iter_mut().zip(&units[u]) {
                        *a += b;
                    }
                }
                l
            })
            .collect();
        let score = |load: &[u64], cap: &[u64]| -> f64 {
            load.iter()
                .zip(cap)
                .map(|(&l, &c)| if c == 0 { 0.0 } else { l as f64 / c as f64 })
                .fold(0.0, f64::max)
        };
        for _ in 0..4 * need.len().max(1) {
            let scores: Vec<f64> = loads.iter().zip(&caps).map(|(l, c)| score(l, c)).collect();
            let hi = (0..hosts.len())
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            let mut order: Vec<usize> = (0..hosts.len()).filter(|&h| h != hi).collect();
            order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(a.cmp(&b)));
            let mut moved = false;
            'search: for k in 0..hosts[hi].units.len() {
                let u = hosts[hi].units[k];
                let mut from: Vec<u64> = loads[hi].clone();
                for (a, b) in from.iter_mut().zip(&units[u]) {
                    *a -= b;
                }
                for &lo in &order {
                    let to: Vec<u64> =
                        loads[lo].iter().zip(&units[u]).map(|(a, b)| a + b).collect();
                    let fits = to.iter().zip(&caps[lo]).all(|(l, c)| l <= c);
                    let apart = hosts[lo].units.iter().all(|&o| {
                        self.units[o].groups.iter().all(|g| !self.units[u].groups.contains(g))
                    });
                    if fits
                        && apart
                        && score(&to, &caps[lo]).max(score(&from, &caps[hi])) < scores[hi] - 1e-9
                    {
                        hosts[hi].units.remove(k);
                        hosts[lo].units.push(u);
                        loads[hi] = from;
                        loads[lo] = to;
                        moved = true;
                        break 'search;
                    }
                }
            }
            if !moved {
                break;
            }
        }
        for h in hosts.iter_mut() {
            h.units.sort_unstable();
        }
    }

    /// Packs `new_units` on new hosts of `models` bought in `fy` (at most `room` per model).
    ///
    /// With day profiles the packing is made twice, on the hourly profiles and on the peaks
    /// alone, and the cheaper comes first, the other among `others`: a layout that fits on
    /// peaks fits every hour, and a heuristic in 26 dimensions can do worse than in 3, so
    /// time-of-day packing never needs more than peak sizing. The hourly packer's bound is
    /// the bound of both (peaks are the stricter problem).
    fn pack_on(
        &self,
        models: &[usize],
        new_units: &[usize],
        need: &[Need],
        fy: i32,
        room: Option<usize>,
    ) -> Result<Result<Packed, String>, PlanError> {
        let hourly = self.pack_view(models, new_units, need, fy, room, self.hours)?;
        if self.hours == 1 {
            return Ok(hourly);
        }
        let peak = self.pack_view(models, new_units, need, fy, room, 1)?;
        Ok(match (hourly, peak) {
            (Ok(h), Ok(p)) => {
                let p = Packed {
                    lower_bound_cost: h.lower_bound_cost,
                    proven_optimal: p.cost <= h.lower_bound_cost,
                    ..p
                };
                let (mut first, second) = if p.cost < h.cost { (p, h) } else { (h, p) };
                first.others.push(second);
                Ok(first)
            }
            (Ok(h), Err(_)) => Ok(h),
            (Err(_), Ok(p)) => Ok(p),
            (Err(e), Err(_)) => Err(e),
        })
    }

    /// Packs on `hours` CPU values (1: each unit's busiest hour stands for the whole day).
    fn pack_view(
        &self,
        models: &[usize],
        new_units: &[usize],
        need: &[Need],
        fy: i32,
        room: Option<usize>,
        hours: usize,
    ) -> Result<Result<Packed, String>, PlanError> {
        let bins: Vec<BinType> = models
            .iter()
            .map(|&m| BinType {
                name: self.inv.host_models[m].name.clone(),
                capacity: host_limit(&self.inv.host_models[m], &self.policy, hours)
                    .capacity_units(),
                cost: self.host_weight(m, fy),
                max_count: room,
            })
            .collect();
        let view = |n: &Need| -> Vec<u64> {
            if hours == n.cpu.len() {
                n.demand_units()
            } else {
                Need { cpu: vec![n.peak_cpu()], vcpu: n.vcpu, memory_gb: n.memory_gb }
                    .demand_units()
            }
        };
        let demand: Vec<Vec<u64>> = new_units.iter().map(|&u| view(&need[u])).collect();
        let mut by_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, &u) in new_units.iter().enumerate() {
            for &g in &self.units[u].groups {
                by_group.entry(g).or_default().push(i);
            }
        }
        let conflicts: Vec<Vec<usize>> = by_group.into_values().filter(|g| g.len() > 1).collect();
        let problem = Problem::new(hours + 2, bins, demand, conflicts)
            .map_err(|e| PlanError::Internal(e.to_string()))?;
        let (packing, stats) = match self.packer.pack_with_stats(&problem, &self.options) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e.to_string())),
        };
        if stats.time_limit_hit {
            self.clock_hit.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        pack::verify::verify(&problem, &packing).map_err(|v| {
            PlanError::Internal(format!(
                "packer {} returned an invalid layout for {}: {v}",
                self.packer.name(),
                self.name
            ))
        })?;
        Ok(Ok(Packed {
            hosts: packing
                .bins
                .iter()
                .map(|b| HostState {
                    model: models[b.bin_type],
                    units: b.items.iter().map(|&i| new_units[i]).collect(),
                    role: Role::Active,
                    bought_fy: fy,
                })
                .collect(),
            lower_bound_cost: packing.lower_bound,
            cost: packing.cost(&problem),
            proven_optimal: packing.proven_optimal,
            method: Method::Packer { name: packing.method },
            others: Vec::new(),
        }))
    }

    /// `p` with each host moved to the cheapest model that carries its units.
    fn right_sized(&self, mut p: Packed, need: &[Need], models: &[usize], fy: i32) -> Packed {
        for h in &mut p.hosts {
            if let Some(m) = self.right_size(&h.units, need, models, fy) {
                h.model = m;
            }
        }
        p.cost = p.hosts.iter().map(|h| self.host_weight(h.model, fy)).sum();
        p
    }

    /// The cheapest model among `models` that carries `units` in normal operation: a packer
    /// that fills a large host only half may leave a smaller, cheaper one enough.
    fn right_size(
        &self,
        units: &[usize],
        need: &[Need],
        models: &[usize],
        fy: i32,
    ) -> Option<usize> {
        let mut load = Need::zero(self.hours);
        for &u in units {
            load.add(&need[u]);
        }
        models
            .iter()
            .copied()
            .filter(|&m| self.fits_model(&load, m))
            .min_by_key(|&m| (self.host_weight(m, fy), m))
    }

    fn cheapest(&self, models: &[usize], fy: i32) -> usize {
        models.iter().copied().min_by_key(|&m| (self.host_weight(m, fy), m)).unwrap_or(0)
    }

    /// "3× v32c-512g" or "2× v32c-512g + 1× v16c-256g" (spares included).
    pub fn describe(&self, hosts: &[HostState]) -> String {
        let mut count: BTreeMap<usize, usize> = BTreeMap::new();
        for h in hosts {
            *count.entry(h.model).or_default() += 1;
        }
        if count.is_empty() {
            return "no new host".into();
        }
        count
            .iter()
            .map(|(&m, n)| format!("{n}× {}", self.inv.host_models[m].name))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// Hosts per model, in the inventory's model order (empty: no host).
    pub fn mix(&self, hosts: &[HostState]) -> Vec<ModelCount> {
        let mut count: BTreeMap<usize, u32> = BTreeMap::new();
        for h in hosts {
            *count.entry(h.model).or_default() += 1;
        }
        count
            .into_iter()
            .map(|(m, count)| ModelCount { model: self.inv.host_models[m].name.clone(), count })
            .collect()
    }

    /// Adds empty hosts bought in `fy` until every loss of k hosts is absorbed: each round
    /// tries one more host of every model and keeps the cheapest that makes the cluster
    /// survive; when none does alone, it adds the model with the most failover capacity and
    /// tries again.
    pub fn add_spares(
        &self,
        hosts: &mut Vec<HostState>,
        need: &[Need],
        fy: i32,
        models: &[usize],
    ) -> Result<Outcome, Infeasibility> {
        let k = self.policy.spare_hosts as usize;
        let mut outcome = self.check_failover(hosts, need);
        let mut by_cost: Vec<usize> = models.to_vec();
        by_cost.sort_by_key(|&m| (self.host_weight(m, fy), m));
        let biggest = models
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let size = |m: usize| {
                    let l = failover_limit(&self.inv.host_models[m], &self.policy, 1);
                    l.cpu[0] * l.memory_gb
                };
                size(a).total_cmp(&size(b)).then(b.cmp(&a))
            })
            .unwrap_or(0);
        let mut added = 0;
        while !outcome.survives() {
            if added >= k + 8 {
                return Err(Infeasibility::SparesCannotAbsorb {
                    added,
                    spare_hosts: self.policy.spare_hosts,
                });
            }
            let mut chosen = None;
            for &m in &by_cost {
                hosts.push(HostState {
                    model: m,
                    units: Vec::new(),
                    role: Role::Spare,
                    bought_fy: fy,
                });
                let o = self.check_failover(hosts, need);
                hosts.pop();
                if o.survives() {
                    chosen = Some((m, o));
                    break;
                }
            }
            let m = chosen.as_ref().map_or(biggest, |(m, _)| *m);
            hosts.push(HostState { model: m, units: Vec::new(), role: Role::Spare, bought_fy: fy });
            outcome = match chosen {
                Some((_, o)) => o,
                None => self.check_failover(hosts, need),
            };
            added += 1;
        }
        Ok(outcome)
    }
}
