//! When hosts are bought and where each server runs, fiscal year by fiscal year.
//!
//! *Refresh year*: the whole cluster is bought at once, sized for the largest demand any of
//! its servers reaches in the horizon (growth); each year shows the servers moved so far.
//! *As needed*: year by year, servers that move (or outgrow their host) go first to the room
//! left on hosts already bought, and only the rest is packed onto new hosts bought that year.

use super::PlanError;
use super::cluster::{Candidate, Ctx, HostState, Role};
use super::demand::{Need, host_limit};
use super::failover::Outcome;
use super::infeasible::{Infeasibility, OptionFailure, ServerRef};
use super::optimise::{Bounds, OPTION_BUDGET, SEARCH_BUDGET, one_model, search_within};
use super::result::{Method, ModelOption, StartRejection, StartUse};
use super::seed::{self, Seed};

/// Where each unit runs in one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearState {
    /// Fiscal year.
    pub fy: i32,
    /// Units on each host (indexed like the final hosts; hosts not yet bought are empty).
    pub units_on: Vec<Vec<usize>>,
    /// Hosts bought by this year.
    pub hosts_in_service: usize,
    /// Each unit's need this year.
    pub need: Vec<Need>,
}

/// A cluster's hosts and yearly layouts.
#[derive(Debug, Clone)]
pub struct Staged {
    /// Final hosts, in order of purchase.
    pub hosts: Vec<HostState>,
    /// One state per fiscal year from the first purchase to the end of the horizon.
    pub years: Vec<YearState>,
    /// Options evaluated for the largest purchase, cheapest first (the first chosen).
    pub options: Vec<ModelOption>,
    /// Packer's lower bound for that purchase (cost units).
    pub lower_bound_cost: u64,
    /// Packer's cost of that purchase's active hosts.
    pub packed_cost: u64,
    /// Packer proved that purchase optimal.
    pub proven_optimal: bool,
    /// Packer method.
    pub method: Method,
    /// Failover check in the last year.
    pub failover: Outcome,
    /// The need each unit was sized for (largest over its years in service).
    pub sized_need: Vec<Need>,
    /// What the mix search proved for the purchase (`None` when hosts are bought year by
    /// year: the search's prices are those of one purchase year).
    pub proof: Option<Proof>,
    /// What became of the start plan's layout (`None`: no start for this cluster).
    pub start: Option<StartUse>,
}

/// What the mix search proved about a cluster bought at once, and how the layout was made.
#[derive(Debug, Clone)]
pub struct Proof {
    /// The search's bounds (valid for any mix, with N+k).
    pub search: Bounds,
    /// The layout came from the fallback (per-model packing plus spares), not the search.
    pub fallback: bool,
    /// A packer call was cut by its wall-clock limit.
    pub clock_hit: bool,
}

impl Proof {
    /// Lower bound on the horizon cost of every plan for the cluster (infinite when every mix
    /// is refuted).
    pub fn cost_bound(&self) -> f64 {
        self.search.cost_bound.unwrap_or(f64::INFINITY)
    }
}

/// `need_at(u, fy)`: what unit `u` needs in fiscal year `fy`.
pub type NeedAt<'a> = dyn Fn(usize, i32) -> Need + Sync + 'a;

fn options_of(cands: &[Candidate]) -> Vec<ModelOption> {
    cands
        .iter()
        .enumerate()
        .map(|(i, c)| ModelOption {
            mix: c.mix.clone(),
            hosts: c.hosts.len(),
            horizon_cost: c.added_cost,
            chosen: i == 0,
        })
        .collect()
}

fn no_option(ctx: &Ctx, failed: Vec<OptionFailure>) -> PlanError {
    PlanError::infeasible(ctx, failed)
}

/// Fails early, naming the servers, when a redundancy group cannot be kept apart within the
/// cluster's maximum host count (N+k needs one host more per failure).
pub fn check_groups(ctx: &Ctx) -> Result<(), PlanError> {
    let Some(max) = ctx.max_hosts else { return Ok(()) };
    let k = ctx.policy.spare_hosts as usize;
    for (g, name) in ctx.group_names.iter().enumerate() {
        let members: Vec<ServerRef> = ctx
            .units
            .iter()
            .filter(|u| u.groups.contains(&g))
            .flat_map(|u| u.members.iter())
            .filter(|&&s| ctx.inv.servers[s].redundancy_group.as_deref() == Some(name.as_str()))
            .map(|&s| ServerRef { index: s, name: ctx.inv.servers[s].name.clone() })
            .collect();
        let size = ctx.units.iter().filter(|u| u.groups.contains(&g)).count();
        if size + k > max as usize {
            let reason = Infeasibility::RedundancyGroup {
                group: name.clone(),
                servers: members,
                spare_hosts: ctx.policy.spare_hosts,
                needed: size + k,
                max_hosts: max,
            };
            return Err(no_option(ctx, vec![OptionFailure { models: Vec::new(), reason }]));
        }
    }
    Ok(())
}

/// The largest need of each unit over the years it is in service from `from_fy`.
fn sized_need(ctx: &Ctx, need_at: &NeedAt, start: &[i32]) -> Vec<Need> {
    let last = ctx.inv.last_fy();
    (0..ctx.units.len())
        .map(|u| {
            let mut n = need_at(u, start[u].min(last));
            for fy in start[u]..=last {
                n.max_with(&need_at(u, fy));
            }
            n
        })
        .collect()
}

/// Buys the whole cluster in `purchase_fy`; unit `u` moves in `move_fy[u]` (≥ purchase_fy).
/// `start`: the start plan's layout for the cluster (or why it has none usable), checked here
/// and kept unless the search finds something strictly cheaper.
pub fn refresh_year(
    ctx: &Ctx,
    need_at: &NeedAt,
    move_fy: &[i32],
    purchase_fy: i32,
    start: Option<Result<Seed, StartRejection>>,
) -> Result<Staged, PlanError> {
    bought_at_once(ctx, need_at, move_fy, purchase_fy, start, true)
}

/// The hosts [`refresh_year`] buys, without the list of other options (each a search of its
/// own): for a comparison that needs only the hosts and their cost.
pub fn refresh_year_hosts(
    ctx: &Ctx,
    need_at: &NeedAt,
    move_fy: &[i32],
    purchase_fy: i32,
) -> Result<Vec<HostState>, PlanError> {
    Ok(bought_at_once(ctx, need_at, move_fy, purchase_fy, None, false)?.hosts)
}

fn bought_at_once(
    ctx: &Ctx,
    need_at: &NeedAt,
    move_fy: &[i32],
    purchase_fy: i32,
    start: Option<Result<Seed, StartRejection>>,
    with_options: bool,
) -> Result<Staged, PlanError> {
    check_groups(ctx)?;
    let sized = sized_need(ctx, need_at, move_fy);
    let checked = start.map(|s| s.and_then(|s| seed::check(ctx, &s, &sized)));
    let (best, cands, proof, start) = optimised(ctx, &sized, purchase_fy, checked, with_options)?;
    let years = (purchase_fy..=ctx.inv.last_fy())
        .map(|fy| YearState {
            fy,
            units_on: best
                .hosts
                .iter()
                .map(|h| h.units.iter().copied().filter(|&u| move_fy[u] <= fy).collect())
                .collect(),
            hosts_in_service: best.hosts.len(),
            need: (0..ctx.units.len()).map(|u| need_at(u, fy)).collect(),
        })
        .collect();
    Ok(Staged {
        options: options_of(&cands),
        hosts: best.hosts,
        years,
        lower_bound_cost: best.lower_bound_cost,
        packed_cost: best.packed_cost,
        proven_optimal: best.proven_optimal,
        method: best.method,
        failover: best.failover,
        sized_need: sized,
        proof: Some(proof),
        start,
    })
}

/// The next best options for the report: each allowed model alone, searched the same way
/// (cheapest first, after the chosen mix; the chosen mix is not repeated). The models are
/// searched in parallel, each search deterministic, read back in model order.
fn single_model_options(ctx: &Ctx, sized: &[Need], fy: i32, chosen: &Candidate) -> Vec<Candidate> {
    use rayon::prelude::*;
    if ctx.models.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<Candidate> = ctx
        .models
        .par_iter()
        .filter_map(|&m| {
            let (hosts, failover) = one_model(ctx, m, sized, fy, OPTION_BUDGET)?;
            let c: f64 = hosts.iter().map(|h| ctx.host_cost(h.model, h.bought_fy)).sum();
            Some(Candidate {
                added_cost: c,
                description: ctx.describe(&hosts),
                mix: ctx.mix(&hosts),
                lower_bound_cost: 0,
                packed_cost: c.round() as u64,
                proven_optimal: false,
                method: Method::MixSearchOneModel,
                hosts,
                failover,
            })
        })
        .filter(|c| c.description != chosen.description)
        .collect();
    out.sort_by(|a, b| {
        a.added_cost.total_cmp(&b.added_cost).then(a.description.cmp(&b.description))
    });
    out
}

/// The cluster bought at once: the mix search, or — when its budget runs out before a layout
/// is found — the per-model packings with spares added, whichever is cheaper. A feasible start
/// layout is the answer to beat: the search looks only for strictly cheaper mixes, and the
/// start layout is kept when none (nor the fallback) is found.
fn optimised(
    ctx: &Ctx,
    sized: &[Need],
    fy: i32,
    start: Option<Result<seed::Checked, StartRejection>>,
    with_options: bool,
) -> Result<(Candidate, Vec<Candidate>, Proof, Option<StartUse>), PlanError> {
    let seeded = start.as_ref().and_then(|s| s.as_ref().ok());
    let found = search_within(ctx, &ctx.models, sized, fy, SEARCH_BUDGET, seeded.map(|s| s.cost));
    let cost =
        |h: &[HostState]| -> f64 { h.iter().map(|x| ctx.host_cost(x.model, x.bought_fy)).sum() };
    let mut proof = Proof { search: found.bounds.clone(), fallback: false, clock_hit: false };
    let mut use_of = start.as_ref().map(|s| match s {
        Ok(c) => StartUse { feasible: true, taken: false, cost: Some(c.cost), reason: None },
        Err(why) => {
            StartUse { feasible: false, taken: false, cost: None, reason: Some(why.clone()) }
        }
    });
    let from_start = seeded.map(|s| Candidate {
        added_cost: s.cost,
        description: ctx.describe(&s.hosts),
        lower_bound_cost: 0,
        packed_cost: s.cost.round() as u64,
        proven_optimal: false,
        mix: ctx.mix(&s.hosts),
        method: Method::Start,
        hosts: s.hosts.clone(),
        failover: s.failover.clone(),
    });
    let searched = match (found.hosts, found.failover) {
        // Below the start's cost when there is one: the search looks no higher.
        (Some(hosts), Some(failover)) => {
            let c = cost(&hosts);
            let c = Candidate {
                added_cost: c,
                description: ctx.describe(&hosts),
                mix: ctx.mix(&hosts),
                lower_bound_cost: proof.cost_bound().min(c).round() as u64,
                packed_cost: c.round() as u64,
                proven_optimal: c <= proof.cost_bound() + 1e-6,
                method: Method::MixSearch { mixes_tried: found.bounds.mixes_tried },
                hosts,
                failover,
            };
            Some((c, false))
        }
        // Every cheaper mix was refuted or tried without a layout: the start stands.
        _ if !found.bounds.budget_hit => from_start.clone().map(|s| (s, true)),
        _ => None,
    };
    if let Some((mut best, taken)) = searched {
        if taken {
            best.proven_optimal = best.added_cost <= proof.cost_bound() + 1e-6;
            best.lower_bound_cost = proof.cost_bound().min(best.added_cost).round() as u64;
            if let Some(u) = &mut use_of {
                u.taken = true;
            }
        }
        let mut options = vec![best.clone()];
        if with_options {
            options.extend(single_model_options(ctx, sized, fy, &best));
        }
        return Ok((best, options, proof, use_of));
    }
    let all: Vec<usize> = (0..ctx.units.len()).collect();
    let (mut cands, failed) = ctx.extend(&[], &all, sized, fy)?;
    match from_start {
        Some(s) if cands.first().is_none_or(|c| c.added_cost >= s.added_cost - 1e-6) => {
            cands.retain(|c| c.hosts != s.hosts);
            cands.insert(0, s);
            if let Some(u) = &mut use_of {
                u.taken = true;
            }
        }
        _ => proof.fallback = true,
    }
    let Some(best) = cands.first().cloned() else { return Err(no_option(ctx, failed)) };
    proof.clock_hit = ctx.clock_hit.load(std::sync::atomic::Ordering::Relaxed);
    let c = cost(&best.hosts);
    let best = Candidate {
        proven_optimal: c <= proof.cost_bound() + 1e-6,
        lower_bound_cost: proof.cost_bound().min(c).round() as u64,
        ..best
    };
    Ok((best, cands, proof, use_of))
}

/// Buys hosts as they are first needed (unit `u` moves in `move_fy[u]`): the cheaper of two
/// schedules over the horizon. *Incremental* packs each year's movers onto the room left and
/// new hosts, year after year; *scheduled* packs every server at once, as in the refresh-year
/// policy, and buys each host in the year its first server moves (spares when a year's layout
/// first needs them). The first adapts to each year; the second avoids the fragmentation of
/// many small purchases.
pub fn as_needed(ctx: &Ctx, need_at: &NeedAt, move_fy: &[i32]) -> Result<Staged, PlanError> {
    let incremental = incremental(ctx, need_at, move_fy)?;
    let scheduled = scheduled(ctx, need_at, move_fy)?;
    let cost =
        |s: &Staged| -> f64 { s.hosts.iter().map(|h| ctx.host_cost(h.model, h.bought_fy)).sum() };
    // On equal cost, the schedule that pays later (the larger sum of purchase years).
    let later = |s: &Staged| -> i64 { s.hosts.iter().map(|h| i64::from(h.bought_fy)).sum() };
    let (a, b) = (cost(&incremental), cost(&scheduled));
    let take_incremental =
        a < b - 1e-6 || ((a - b).abs() <= 1e-6 && later(&incremental) > later(&scheduled));
    Ok(if take_incremental { incremental } else { scheduled })
}

/// Sizes all units at once, then buys each host in the year it is first needed.
fn scheduled(ctx: &Ctx, need_at: &NeedAt, move_fy: &[i32]) -> Result<Staged, PlanError> {
    let first = move_fy.iter().copied().min().unwrap_or(ctx.inv.plan.refresh_fy);
    let last = ctx.inv.last_fy();
    let mut staged = refresh_year(ctx, need_at, move_fy, first, None)?;
    let mut bought: Vec<Option<i32>> = staged
        .hosts
        .iter()
        .map(|h| match h.role {
            Role::Active => h.units.iter().map(|&u| move_fy[u]).min(),
            Role::Minimum => Some(first),
            Role::Spare => None,
        })
        .collect();
    let mut failover = Outcome::Survives { binding: None };
    for fy in first..=last {
        let need: Vec<Need> = (0..ctx.units.len()).map(|u| need_at(u, fy)).collect();
        loop {
            let layout: Vec<HostState> = staged
                .hosts
                .iter()
                .zip(&bought)
                .filter(|(_, b)| b.is_some_and(|b| b <= fy))
                .map(|(h, _)| HostState {
                    units: h.units.iter().copied().filter(|&u| move_fy[u] <= fy).collect(),
                    ..h.clone()
                })
                .collect();
            let outcome = ctx.check_failover(&layout, &need);
            if outcome.survives() || layout.is_empty() {
                failover = outcome;
                break;
            }
            // Bring forward the next spare, else the next host to be bought.
            let next = (0..bought.len()).find(|&h| bought[h].is_none()).or_else(|| {
                (0..bought.len())
                    .filter(|&h| bought[h].is_some_and(|b| b > fy))
                    .min_by_key(|&h| bought[h])
            });
            match next {
                Some(h) => bought[h] = Some(fy),
                None => {
                    failover = outcome;
                    break;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..staged.hosts.len()).collect();
    order.sort_by_key(|&h| (bought[h].unwrap_or(last), h));
    let hosts: Vec<HostState> = order
        .iter()
        .map(|&h| HostState { bought_fy: bought[h].unwrap_or(last), ..staged.hosts[h].clone() })
        .collect();
    staged.years = (first..=last)
        .map(|fy| YearState {
            fy,
            units_on: hosts
                .iter()
                .map(|h| {
                    if h.bought_fy <= fy {
                        h.units.iter().copied().filter(|&u| move_fy[u] <= fy).collect()
                    } else {
                        Vec::new()
                    }
                })
                .collect(),
            hosts_in_service: hosts.iter().filter(|h| h.bought_fy <= fy).count(),
            need: (0..ctx.units.len()).map(|u| need_at(u, fy)).collect(),
        })
        .collect();
    staged.hosts = hosts;
    staged.failover = failover;
    // Hosts bought later cost less over the horizon than the search priced them.
    staged.proof = None;
    Ok(staged)
}

/// Year by year: movers and outgrown units go to room on hosts already bought, the rest onto
/// new hosts bought that year.
fn incremental(ctx: &Ctx, need_at: &NeedAt, move_fy: &[i32]) -> Result<Staged, PlanError> {
    check_groups(ctx)?;
    let first = move_fy.iter().copied().min().unwrap_or(ctx.inv.plan.refresh_fy);
    let mut hosts: Vec<HostState> = Vec::new();
    let mut years: Vec<YearState> = Vec::new();
    let mut biggest: Option<(usize, Vec<Candidate>, Candidate)> = None;
    let mut failover = Outcome::Survives { binding: None };
    for fy in first..=ctx.inv.last_fy() {
        let need: Vec<Need> = (0..ctx.units.len()).map(|u| need_at(u, fy)).collect();
        let mut pending: Vec<usize> = Vec::new();
        for h in hosts.iter_mut() {
            evict_overflow(ctx, h, &need, &mut pending);
        }
        pending.extend((0..ctx.units.len()).filter(|&u| move_fy[u] == fy));
        let remaining = first_fit(ctx, &mut hosts, &need, pending);
        let survives = ctx.check_failover(&hosts, &need);
        if remaining.is_empty() && survives.survives() {
            failover = survives;
        } else {
            let (cands, failed) = ctx.extend(&hosts, &remaining, &need, fy)?;
            let Some(best) = cands.first().cloned() else { return Err(no_option(ctx, failed)) };
            let added = best.hosts.len() - hosts.len();
            hosts = best.hosts.clone();
            failover = best.failover.clone();
            if biggest.as_ref().is_none_or(|(n, _, _)| added > *n) {
                biggest = Some((added, cands, best));
            }
        }
        years.push(YearState {
            fy,
            units_on: hosts.iter().map(|h| h.units.clone()).collect(),
            hosts_in_service: hosts.len(),
            need,
        });
    }
    let n = hosts.len();
    for y in &mut years {
        y.units_on.resize(n, Vec::new());
    }
    let (options, lb, packed, proven, method) = match biggest {
        Some((_, cands, best)) => (
            options_of(&cands),
            best.lower_bound_cost,
            best.packed_cost,
            best.proven_optimal,
            best.method,
        ),
        None => (Vec::new(), 0, 0, true, Method::None),
    };
    Ok(Staged {
        sized_need: sized_need(ctx, need_at, move_fy),
        hosts,
        years,
        options,
        lower_bound_cost: lb,
        packed_cost: packed,
        proven_optimal: proven,
        method,
        failover,
        proof: None,
        start: None,
    })
}

fn load_units(need: &[Need], units: &[usize], hours: usize) -> Vec<u64> {
    let mut total = Need::zero(hours);
    for &u in units {
        total.add(&need[u]);
    }
    total.demand_units()
}

/// Moves units off a host that demand growth has pushed over its limit (largest first).
fn evict_overflow(ctx: &Ctx, h: &mut HostState, need: &[Need], pending: &mut Vec<usize>) {
    let cap = host_limit(&ctx.inv.host_models[h.model], &ctx.policy, ctx.hours).capacity_units();
    loop {
        let load = load_units(need, &h.units, ctx.hours);
        if load.iter().zip(&cap).all(|(l, c)| l <= c) {
            return;
        }
        let Some(pos) = (0..h.units.len()).max_by(|&a, &b| {
            need[h.units[a]].memory_gb.total_cmp(&need[h.units[b]].memory_gb).then(b.cmp(&a))
        }) else {
            return;
        };
        pending.push(h.units.remove(pos));
    }
}

/// Places units on the room left by hosts already bought (largest first, first fit, apart
/// from redundancy partners); returns those that found no room.
fn first_fit(
    ctx: &Ctx,
    hosts: &mut [HostState],
    need: &[Need],
    mut pending: Vec<usize>,
) -> Vec<usize> {
    let size = |u: usize| need[u].memory_gb + need[u].peak_cpu();
    pending.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
    let mut left = Vec::new();
    for u in pending {
        let d = need[u].demand_units();
        let spot = hosts.iter().position(|h| {
            let cap =
                host_limit(&ctx.inv.host_models[h.model], &ctx.policy, ctx.hours).capacity_units();
            let load = load_units(need, &h.units, ctx.hours);
            let apart = h
                .units
                .iter()
                .all(|&o| ctx.units[o].groups.iter().all(|g| !ctx.units[u].groups.contains(g)));
            apart && load.iter().zip(&d).zip(&cap).all(|((l, x), c)| l + x <= *c)
        });
        match spot {
            Some(h) => {
                hosts[h].units.push(u);
                if hosts[h].role != Role::Active {
                    hosts[h].role = Role::Active;
                }
            }
            None => left.push(u),
        }
    }
    left
}
