//! Turning sized clusters, the schedule and the projection into the [`PlanResult`] that every
//! output is rendered from: names, utilisation, explanations, yearly layouts.

use super::SizedCluster;
use super::cluster::{HostState, Role};
use super::demand::{HOURS, Need, host_capacity, host_limit};
use super::failover::Outcome;
use super::result::*;
use crate::cost::{self, Schedule};
use crate::inventory::{Inventory, Policy, Purchase};
use std::collections::BTreeMap;

/// Assembles the result.
pub fn result(
    inv: &Inventory,
    sized: &[SizedCluster],
    schedule: &Schedule,
    years: Vec<YearCosts>,
    packer: &str,
) -> PlanResult {
    let names: Vec<Vec<String>> = sized
        .iter()
        .map(|c| (1..=c.staged.hosts.len()).map(|k| format!("{}-{k:02}", c.spec.name)).collect())
        .collect();
    let clusters: Vec<Cluster> =
        sized.iter().zip(&names).map(|(c, n)| cluster(inv, c, n)).collect();

    let mut host_of: Vec<Option<String>> = vec![None; inv.servers.len()];
    let mut bcp_host_of: Vec<Option<String>> = vec![None; inv.servers.len()];
    let mut sized_demand: Vec<Option<Resources>> = vec![None; inv.servers.len()];
    let mut bcp_demand: Vec<Option<Resources>> = vec![None; inv.servers.len()];
    for (c, n) in sized.iter().zip(&names) {
        let main = c.spec.site_name == "main";
        for (h, host) in c.staged.hosts.iter().enumerate() {
            for &u in &host.units {
                for &s in &c.units[u].members {
                    let slot = if main { &mut host_of[s] } else { &mut bcp_host_of[s] };
                    *slot = Some(n[h].clone());
                }
            }
        }
        for (u, unit) in c.units.iter().enumerate() {
            let fy = c.unit_move_fy[u];
            for &s in &unit.members {
                let mut need = super::need_of(inv, s, c.hours, c.spec.scale, fy);
                for y in fy..=inv.last_fy() {
                    need.max_with(&super::need_of(inv, s, c.hours, c.spec.scale, y));
                }
                let slot = if main { &mut sized_demand[s] } else { &mut bcp_demand[s] };
                *slot = Some(need.resources());
            }
        }
    }
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
            bcp_host: bcp_host_of[i].clone(),
            bcp_demand: bcp_demand[i],
            stays_physical: s.stay_physical,
            affinity_group: s.affinity_group.clone(),
            move_fy: match schedule.fates[i] {
                cost::Fate::Moves(fy) => Some(fy),
                _ => None,
            },
            demand: sized_demand[i]
                .unwrap_or_else(|| super::need_of(inv, i, 1, 1.0, inv.plan.first_fy).resources()),
            storage_gb: s.storage_gb,
            redundancy_group: s.redundancy_group.clone(),
            bcp: s.bcp,
        })
        .collect();
    let excluded: Vec<Excluded> = inv
        .servers
        .iter()
        .filter_map(|s| {
            let reason = if !s.in_scope {
                match &s.exclude_reason {
                    Some(why) => ExcludeReason::OutOfScope { reason: why.clone() },
                    None => ExcludeReason::Organisation { org: s.org.clone() },
                }
            } else if s.stay_physical {
                ExcludeReason::StaysPhysical
            } else {
                return None;
            };
            Some(Excluded { server: s.name.clone(), reason })
        })
        .collect();
    let yearly = yearly(inv, sized, &names);
    let baseline_total: f64 = years.iter().map(|y| y.baseline.total).sum();
    let plan_total: f64 = years.iter().map(|y| y.plan.total).sum();
    let cost_effect = baseline_total - plan_total;
    let summary = Summary {
        servers_total: inv.servers.len(),
        servers_in_scope: inv.servers.iter().filter(|s| s.in_scope).count(),
        servers_virtualised: host_of.iter().filter(|h| h.is_some()).count(),
        servers_excluded: inv.servers.iter().filter(|s| !s.in_scope).count(),
        servers_physical: inv.servers.iter().filter(|s| s.in_scope && s.stay_physical).count(),
        servers_bcp: bcp_host_of.iter().filter(|h| h.is_some()).count(),
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
    PlanResult {
        plan: PlanMeta {
            name: inv.plan.name.clone(),
            title: inv.plan.title.clone().unwrap_or_else(|| inv.plan.name.clone()),
            currency: inv.plan.currency.clone(),
            first_fy: inv.plan.first_fy,
            years: inv.plan.years,
            refresh_fy: inv.plan.refresh_fy,
            packer: packer.to_string(),
        },
        summary,
        clusters,
        years,
        yearly,
        servers,
        excluded,
        extra_items: cost::extra_rows(inv),
        assumptions: assumptions(inv),
        bom: cost::bom::bill(inv, schedule),
    }
}

fn total(need: &[Need], units: &[usize], hours: usize) -> Need {
    let mut t = Need::zero(hours);
    for &u in units {
        t.add(&need[u]);
    }
    t
}

fn role_of(r: Role) -> HostRole {
    match r {
        Role::Active => HostRole::Active,
        Role::Spare => HostRole::Spare,
        Role::Minimum => HostRole::Minimum,
    }
}

fn server_names(inv: &Inventory, c: &SizedCluster, units: &[usize]) -> Vec<String> {
    units
        .iter()
        .flat_map(|&u| c.units[u].members.iter().map(|&s| inv.servers[s].name.clone()))
        .collect()
}

fn host(inv: &Inventory, c: &SizedCluster, h: &HostState, name: &str) -> Host {
    let model = &inv.host_models[h.model];
    let policy = &c.spec.policy;
    let capacity = host_capacity(model, policy);
    let need = total(&c.staged.sized_need, &h.units, c.hours);
    let used = need.resources();
    Host {
        name: name.to_string(),
        model: model.name.clone(),
        spare: h.role != Role::Active,
        role: role_of(h.role),
        bought_fy: h.bought_fy,
        servers: server_names(inv, c, &h.units),
        capacity,
        limit: host_limit(model, policy, 1).resources(),
        used,
        utilisation_pct: used.percent_of(&capacity),
        cpu_by_hour_pct: (c.hours == HOURS).then(|| {
            need.cpu
                .iter()
                .map(|x| if capacity.cpu > 0.0 { x / capacity.cpu * 100.0 } else { 0.0 })
                .collect()
        }),
    }
}

fn cluster(inv: &Inventory, c: &SizedCluster, names: &[String]) -> Cluster {
    let policy = &c.spec.policy;
    let hosts: Vec<Host> =
        c.staged.hosts.iter().zip(names).map(|(h, n)| host(inv, c, h, n)).collect();
    let all: Vec<usize> = (0..c.units.len()).collect();
    let demand_need = total(&c.staged.sized_need, &all, c.hours);
    let demand = demand_need.resources();
    let capacity = hosts.iter().fold(Resources::default(), |a, h| a.add(&h.capacity));
    let usable = hosts.iter().fold(Resources::default(), |a, h| a.add(&h.limit));
    let active: Vec<&HostState> =
        c.staged.hosts.iter().filter(|h| h.role == Role::Active).collect();
    let active_capacity = active.iter().fold(Resources::default(), |a, h| {
        a.add(&host_capacity(&inv.host_models[h.model], policy))
    });
    let main_model = main_model(&c.staged.hosts);
    let per_host = host_limit(&inv.host_models[main_model], policy, 1).resources();
    let best_per_host = c.spec.models.iter().fold(Resources::default(), |a, &m| {
        let l = host_limit(&inv.host_models[m], policy, 1).resources();
        Resources::from_values([a.cpu.max(l.cpu), a.vcpu.max(l.vcpu), a.memory_gb.max(l.memory_gb)])
    });
    let cap = active_capacity.values();
    let resource_needs: Vec<ResourceNeed> = Resources::NAMES
        .iter()
        .enumerate()
        .map(|(r, name)| {
            let d = demand.values()[r];
            let p = per_host.values()[r];
            let worth = if p > 0.0 { d / p } else { 0.0 };
            ResourceNeed {
                resource: name.to_string(),
                model: inv.host_models[main_model].name.clone(),
                demand: d,
                per_host: p,
                hosts_worth: worth,
                hosts: (worth - 1e-9).ceil().max(0.0) as u64,
                utilisation_pct: if cap[r] > 0.0 { d / cap[r] * 100.0 } else { 0.0 },
            }
        })
        .collect();
    let binding = resource_needs
        .iter()
        .max_by(|a, b| a.hosts_worth.total_cmp(&b.hosts_worth))
        .map_or("cpu".to_string(), |r| r.resource.clone());

    let proof = proof_of(c, hosts.len());
    let bound = match &c.staged.proof {
        Some(_) => proof.hosts_lower_bound_normal as u64,
        None => Resources::NAMES
            .iter()
            .enumerate()
            .map(|(r, _)| {
                let big = best_per_host.values()[r];
                if big > 0.0 { (demand.values()[r] / big - 1e-9).ceil().max(0.0) as u64 } else { 0 }
            })
            .max()
            .unwrap_or(0),
    };
    // Name the per-resource bound when it is the one that binds; otherwise the mix search's.
    let mut reason = LowerBoundReason::NoServer;
    let mut per_resource = 0u64;
    for (r, name) in Resources::NAMES.iter().enumerate() {
        let big = best_per_host.values()[r];
        if big > 0.0 {
            let b = (demand.values()[r] / big - 1e-9).ceil().max(0.0) as u64;
            if b > per_resource {
                per_resource = b;
                reason = LowerBoundReason::Resource {
                    resource: name.to_string(),
                    demand: demand.values()[r],
                    per_host: big,
                };
            }
        }
    }
    for (g, gname) in c.group_names.iter().enumerate() {
        let size = c.units.iter().filter(|u| u.groups.contains(&g)).count();
        if size as u64 > per_resource {
            per_resource = size as u64;
            reason = LowerBoundReason::RedundancyGroup { group: gname.clone(), servers: size };
        }
    }
    if bound != per_resource {
        reason = LowerBoundReason::MixSearch;
    }
    let failover = describe_failover(inv, c, names);
    let bind = resource_needs.iter().find(|r| r.resource == binding).expect("binding resource");
    let note = sizing_note(c, policy, bind, (bound, &reason), &proof, &failover, hosts.len());
    let optimal = proof.cost_proven_optimal;
    let mut purchases: BTreeMap<(i32, usize), usize> = BTreeMap::new();
    for h in &c.staged.hosts {
        *purchases.entry((h.bought_fy, h.model)).or_default() += 1;
    }
    Cluster {
        name: c.spec.name.clone(),
        zone: c.spec.zone.clone(),
        site: c.spec.site_name.clone(),
        time_of_day: c.hours == HOURS,
        peak_sizing_hosts: c.peak_sizing.map(|p| p.0),
        peak_sizing_cost: c.peak_sizing.map(|p| p.1),
        horizon_cost: c.horizon_cost,
        purchases: purchases
            .into_iter()
            .map(|((fy, m), count)| PurchaseRow {
                fy,
                model: inv.host_models[m].name.clone(),
                count,
            })
            .collect(),
        resource_needs,
        policy: policy.clone(),
        servers: c.spec.servers.len(),
        purchase_fy: c
            .staged
            .hosts
            .iter()
            .map(|h| h.bought_fy)
            .min()
            .unwrap_or(inv.plan.refresh_fy),
        hosts,
        demand,
        capacity,
        usable,
        binding_resource: binding,
        sizing_note: note,
        lower_bound_hosts: bound,
        lower_bound_reason: reason,
        proven_optimal: optimal,
        method: c.staged.method.clone(),
        failover,
        storage_tb: c
            .spec
            .servers
            .iter()
            .map(|&s| {
                inv.servers[s].storage_gb
                    * super::growth_factor(inv, &inv.servers[s], inv.last_fy()).max(1.0)
            })
            .sum::<f64>()
            / 1000.0
            / (inv.storage.fill_target_pct / 100.0),
        options: c.staged.options.clone(),
        proof,
        start: c.staged.start.clone(),
    }
}

/// The planner's note on how the host count was reached, as facts in reading order: the
/// binding resource, a higher lower bound, the active hosts, the cost against its bound, hosts
/// for the minimum and for N+k, and time-of-day packing against peak sizing.
fn sizing_note(
    c: &SizedCluster,
    policy: &Policy,
    bind: &ResourceNeed,
    (bound, reason): (u64, &LowerBoundReason),
    proof: &ClusterProof,
    failover: &Failover,
    hosts: usize,
) -> Vec<SizingFact> {
    let count = |r: Role| c.staged.hosts.iter().filter(|h| h.role == r).count();
    let target = match bind.resource.as_str() {
        "cpu" => policy.target_cpu_pct,
        "vcpu" => policy.vcpu_per_core,
        _ => policy.target_memory_pct,
    };
    let mut note = vec![SizingFact::ResourceBound {
        resource: bind.resource.clone(),
        hosts_worth: bind.hosts_worth,
        model: bind.model.clone(),
        target,
        hosts: bind.hosts,
    }];
    if bound > bind.hosts {
        note.push(SizingFact::LowerBound { hosts: bound, reason: reason.clone() });
    }
    note.push(SizingFact::ActiveHosts { hosts: count(Role::Active) });
    note.push(match (proof.cost_lower_bound, proof.cost_gap, proof.cost_gap_pct) {
        (Some(b), Some(gap), Some(pct)) => SizingFact::CostBound {
            horizon_cost: c.horizon_cost,
            lower_bound: b,
            k: policy.spare_hosts,
            mix: proof.bound_mix.clone(),
            gap,
            gap_pct: pct,
            proven_optimal: proof.cost_proven_optimal,
        },
        _ => SizingFact::NoCostBound,
    });
    if count(Role::Minimum) > 0 {
        note.push(SizingFact::MinimumHosts { hosts: count(Role::Minimum) });
    }
    if failover.required > 0 {
        note.push(SizingFact::Spares {
            spares: count(Role::Spare),
            k: failover.required,
            worst_loss: failover.binding_loss.clone(),
            cpu_pct: failover.worst_utilisation_pct.cpu,
            memory_pct: failover.worst_utilisation_pct.memory_gb,
        });
    }
    if let Some((peak_hosts, peak_cost)) = c.peak_sizing {
        note.push(SizingFact::TimeOfDay { hosts, cost: c.horizon_cost, peak_hosts, peak_cost });
    }
    note
}

/// The claims about a cluster, from the mix search's proof (none when bought year by year).
fn proof_of(c: &SizedCluster, hosts: usize) -> ClusterProof {
    let Some(p) = &c.staged.proof else {
        return ClusterProof::default();
    };
    let bound = p.cost_bound().min(c.horizon_cost);
    let b = &p.search;
    let gap = (c.horizon_cost - bound).max(0.0);
    ClusterProof {
        cost_lower_bound: Some(bound),
        bound_mix: Some(b.bound_mix.clone()),
        cost_gap: Some(gap),
        cost_gap_pct: Some(if c.horizon_cost > 0.0 { gap / c.horizon_cost * 100.0 } else { 0.0 }),
        cost_proven_optimal: gap <= 1e-6,
        lp_bound: Some(b.lp_bound.min(bound)),
        hosts_lower_bound_normal: b.hosts_bound_normal,
        hosts_lower_bound_with_failover: b.hosts_bound_with_spares,
        host_count_proven_minimal: hosts == b.hosts_bound_with_spares,
        mixes_refuted: b.mixes_refuted,
        mixes_proven_empty: b.mixes_proven_empty,
        mixes_tried: b.mixes_tried,
        budget_hit: b.budget_hit,
        cut_by_clock: p.clock_hit,
    }
}

/// The most common model among active hosts (the lower index on a tie; the first host's
/// model when none is active).
fn main_model(hosts: &[HostState]) -> usize {
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for h in hosts.iter().filter(|h| h.role == Role::Active) {
        *count.entry(h.model).or_default() += 1;
    }
    count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&m, _)| m)
        .unwrap_or_else(|| hosts.first().map_or(0, |h| h.model))
}

/// The failover section in real units and names.
fn describe_failover(inv: &Inventory, c: &SizedCluster, names: &[String]) -> Failover {
    let policy: &Policy = &c.spec.policy;
    let mut out = Failover {
        required: policy.spare_hosts,
        survives: c.staged.failover.survives(),
        spare_hosts: c.staged.hosts.iter().filter(|h| h.role == Role::Spare).count(),
        binding_loss: Vec::new(),
        worst_utilisation_pct: Resources::default(),
        worst_host: None,
        worst_host_utilisation_pct: Resources::default(),
        binding_moves: Vec::new(),
    };
    let Outcome::Survives { binding: Some(b) } = &c.staged.failover else {
        return out;
    };
    out.binding_loss = b.lost.iter().map(|&h| names[h].clone()).collect();
    let need = &c.staged.years.last().map_or(&c.staged.sized_need, |y| &y.need);
    let mut load: Vec<Need> =
        c.staged.hosts.iter().map(|h| total(need, &h.units, c.hours)).collect();
    for &(u, h) in &b.moves {
        load[h].add(&need[u]);
        for &s in &c.units[u].members {
            out.binding_moves.push((inv.servers[s].name.clone(), names[h].clone()));
        }
    }
    let mut worst = [0.0f64; 3];
    let mut top: (f64, Option<(String, Resources)>) = (f64::MIN, None);
    for (h, l) in load.iter().enumerate() {
        if b.lost.contains(&h) {
            continue;
        }
        let cap = host_capacity(&inv.host_models[c.staged.hosts[h].model], policy);
        let pct = l.resources().percent_of(&cap).values();
        for (w, p) in worst.iter_mut().zip(pct) {
            *w = w.max(p);
        }
        let highest = pct.iter().copied().fold(0.0, f64::max);
        if highest > top.0 {
            top = (highest, Some((names[h].clone(), Resources::from_values(pct))));
        }
    }
    out.worst_utilisation_pct = Resources::from_values(worst);
    if let Some((host, pct)) = top.1 {
        out.worst_host = Some(host);
        out.worst_host_utilisation_pct = pct;
    }
    out
}

fn yearly(inv: &Inventory, sized: &[SizedCluster], names: &[Vec<String>]) -> Vec<YearLayout> {
    inv.fiscal_years()
        .map(|fy| YearLayout {
            fy,
            clusters: sized
                .iter()
                .zip(names)
                .filter_map(|(c, n)| {
                    let y = c.staged.years.iter().find(|y| y.fy == fy)?;
                    let hosts: Vec<YearHost> = (0..y.hosts_in_service)
                        .map(|h| {
                            let model = &inv.host_models[c.staged.hosts[h].model];
                            let used = total(&y.need, &y.units_on[h], c.hours).resources();
                            YearHost {
                                name: n[h].clone(),
                                model: model.name.clone(),
                                servers: server_names(inv, c, &y.units_on[h]),
                                used,
                                utilisation_pct: used
                                    .percent_of(&host_capacity(model, &c.spec.policy)),
                            }
                        })
                        .collect();
                    Some(YearCluster {
                        name: c.spec.name.clone(),
                        hosts_in_service: y.hosts_in_service,
                        hosts_bought: c.staged.hosts.iter().filter(|h| h.bought_fy == fy).count(),
                        servers: hosts.iter().map(|h| h.servers.len()).sum(),
                        hosts,
                    })
                })
                .collect(),
        })
        .collect()
}

fn assumptions(inv: &Inventory) -> Vec<Assumption> {
    let p = &inv.policy;
    let mut out = vec![
        Assumption::Baseline,
        match inv.plan.purchase {
            Purchase::RefreshYear => Assumption::PlanRefreshYear { fy: inv.plan.refresh_fy },
            Purchase::AsNeeded => Assumption::PlanAsNeeded,
        },
        Assumption::Sizing {
            target_cpu_pct: p.target_cpu_pct,
            target_memory_pct: p.target_memory_pct,
            vcpu_per_core: p.vcpu_per_core,
            memory_overcommit: p.memory_overcommit,
            failover_cpu_pct: p.failover_cpu_pct,
            failover_memory_pct: p.failover_memory_pct,
        },
        Assumption::Failover { spare_hosts: p.spare_hosts },
        Assumption::Licences,
        Assumption::Power {
            hours: cost::HOURS_PER_YEAR,
            electricity_per_kwh: inv.costs.electricity_per_kwh,
        },
        Assumption::Scope,
    ];
    if inv.growth.overall_pct != 0.0 || !inv.growth.systems.is_empty() {
        out.push(Assumption::Growth {
            overall_pct: inv.growth.overall_pct,
            from_fy: inv.plan.first_fy,
            per_system: !inv.growth.systems.is_empty(),
        });
    }
    if let Some(b) = &inv.bcp {
        out.push(Assumption::Bcp {
            site: b.site.clone(),
            from_fy: b.from_fy,
            sizing_pct: b.sizing_pct,
        });
    }
    out
}
