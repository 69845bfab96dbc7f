//! The planner: from an inventory to a layout per cluster, year by year, and the five-year
//! projection.
//!
//! Pure: an [`Inventory`] and a [`Packer`] in, a [`PlanResult`] out. File names and positions
//! are added by the caller.

pub mod build;
pub mod cluster;
mod decide;
pub mod demand;
pub mod failover;
pub mod generate;
pub mod infeasible;
pub mod memo;
pub mod optimise;
pub mod result;
pub mod seed;
pub mod stage;
pub mod verify;

pub use result::*;

use crate::cost::{self, Fate, HostPurchase, Schedule, Site, StoragePurchase};
use crate::inventory::{Inventory, Policy, Purchase};
use crate::pack::{PackOptions, Packer};
use cluster::{Ctx, Unit};
use demand::{HOURS, Need, growth_factor, host_limit, server_need};
use rayon::prelude::*;
use stage::Staged;
use std::collections::BTreeMap;

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
    /// A cluster cannot be built under the constraints: every option tried failed.
    #[error("cluster {cluster}: {}", infeasible::describe(.failures))]
    Infeasible {
        /// Cluster name.
        cluster: String,
        /// Its zone.
        zone: String,
        /// True for the cluster at the ICT-BCP site.
        bcp: bool,
        /// Why, per option tried (host models) and constraint, each once, in the order tried.
        failures: Vec<infeasible::OptionFailure>,
    },
    /// A bug: a solver answer failed verification.
    #[error("internal error: {0}")]
    Internal(String),
}

impl PlanError {
    /// The cluster of `ctx` cannot be built, for the reasons `failures` gives.
    pub(crate) fn infeasible(ctx: &Ctx, failures: Vec<infeasible::OptionFailure>) -> Self {
        PlanError::Infeasible {
            cluster: ctx.name.clone(),
            zone: ctx.zone.0.clone(),
            bcp: ctx.zone.1,
            failures: infeasible::distinct(failures),
        }
    }
}

/// What to size as one cluster.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    /// Cluster name.
    pub name: String,
    /// Security zone.
    pub zone: String,
    /// `main` or the BCP site's name.
    pub site_name: String,
    /// Pricing of the site.
    pub site: Site,
    /// Inventory indices of its servers.
    pub servers: Vec<usize>,
    /// Policy in force.
    pub policy: Policy,
    /// Host models it may use.
    pub models: Vec<usize>,
    /// Minimum and maximum host counts.
    pub min_hosts: Option<u32>,
    /// See `min_hosts`.
    pub max_hosts: Option<u32>,
    /// Share of CPU, vCPUs and memory needed (1.0 at the main site).
    pub scale: f64,
    /// All hosts bought in this year, or `None` to buy them as needed.
    pub purchase_fy: Option<i32>,
    /// Year each server moves onto the cluster (indexed like `servers`).
    pub move_fy: Vec<i32>,
}

/// A sized cluster: its spec, units and staging.
#[derive(Debug, Clone)]
pub struct SizedCluster {
    /// What was sized.
    pub spec: ClusterSpec,
    /// Placement units (servers, or affinity groups).
    pub units: Vec<Unit>,
    /// Redundancy group names by cluster-local id.
    pub group_names: Vec<String>,
    /// 24 when packed on day profiles, else 1.
    pub hours: usize,
    /// Hosts and yearly layouts.
    pub staged: Staged,
    /// With time-of-day packing: hosts peak-based sizing would need, and their cost.
    pub peak_sizing: Option<(usize, f64)>,
    /// Cost of the cluster's hosts over the horizon.
    pub horizon_cost: f64,
    /// Move year of each unit.
    pub unit_move_fy: Vec<i32>,
}

/// Plans the inventory with the given packer.
pub fn plan(
    inv: &Inventory,
    packer: &dyn Packer,
    options: &PackOptions,
) -> Result<PlanResult, PlanError> {
    plan_with_progress(inv, packer, options, &|_, _| {})
}

/// [`plan`], calling `progress(done, total)` after each cluster is sized (for a progress bar;
/// the plan does not depend on it).
pub fn plan_with_progress(
    inv: &Inventory,
    packer: &dyn Packer,
    options: &PackOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<PlanResult, PlanError> {
    plan_with_start(inv, packer, options, progress, None)
}

/// [`plan_with_progress`], each cluster's search seeded with the `start` plan's layout for the
/// cluster of the same name (hosts by model, servers on each). Where that layout is feasible
/// for this inventory (checked on every resource, hourly profiles, redundancy groups, host
/// limits and N+k), the cluster costs no more than it does; so a plan of a looser inventory,
/// started from the plan of a tighter one, is never dearer cluster by cluster. Each cluster
/// records in `start` whether the layout was feasible, whether it was kept, and why not.
/// Clusters whose hosts are bought year by year do not use it (said in their `start` note).
pub fn plan_with_start(
    inv: &Inventory,
    packer: &dyn Packer,
    options: &PackOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    start: Option<&PlanResult>,
) -> Result<PlanResult, PlanError> {
    let refresh = inv.plan.refresh_fy;
    let as_needed = inv.plan.purchase == Purchase::AsNeeded;
    let move_fy: Vec<i32> = inv
        .servers
        .iter()
        .map(|s| if as_needed { s.renewal_fy } else { s.renewal_fy.max(refresh) })
        .collect();
    let virtualised = |i: usize| inv.servers[i].in_scope && !inv.servers[i].stay_physical;

    let mut specs = Vec::new();
    for z in &inv.zones {
        let servers: Vec<usize> = (0..inv.servers.len())
            .filter(|&i| virtualised(i) && inv.servers[i].zone == z.name)
            .collect();
        if servers.is_empty() {
            continue;
        }
        let models = allowed(inv, &z.host_models);
        for &s in &servers {
            check_fits_some_model(inv, s, &models, &inv.policy, 1.0, move_fy[s])?;
        }
        specs.push(ClusterSpec {
            name: z.name.clone(),
            zone: z.name.clone(),
            site_name: "main".into(),
            site: Site::main(inv),
            move_fy: servers.iter().map(|&s| move_fy[s]).collect(),
            servers,
            policy: inv.policy.clone(),
            models,
            min_hosts: z.min_hosts,
            max_hosts: z.max_hosts,
            scale: 1.0,
            purchase_fy: (!as_needed).then_some(refresh),
        });
    }
    if let Some(b) = &inv.bcp {
        for z in &inv.zones {
            let servers: Vec<usize> = (0..inv.servers.len())
                .filter(|&i| virtualised(i) && inv.servers[i].bcp && inv.servers[i].zone == z.name)
                .collect();
            if servers.is_empty() {
                continue;
            }
            specs.push(ClusterSpec {
                name: format!("bcp-{}", z.name),
                zone: z.name.clone(),
                site_name: b.site.clone(),
                site: Site::bcp(inv),
                move_fy: vec![b.from_fy; servers.len()],
                servers,
                policy: b.policy.over(&inv.policy),
                models: allowed(inv, &b.host_models),
                min_hosts: None,
                max_hosts: None,
                scale: b.sizing_pct / 100.0,
                purchase_fy: Some(b.from_fy),
            });
        }
    }
    let memo = memo::Memo::new(packer);
    let total = specs.len();
    // Clusters are independent: all sized on the thread pool at once (each deterministic,
    // collected in order, so the plan — and the first error in cluster order — is the same for
    // any thread count), the progress counted as each one ends.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let sized: Vec<Result<SizedCluster, PlanError>> = specs
        .into_par_iter()
        .map(|spec| {
            let from = start.map(|p| p.clusters.iter().find(|c| c.name == spec.name));
            let s = size(inv, spec, &memo, options, from);
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
            s
        })
        .collect();
    let sized: Vec<SizedCluster> = sized.into_iter().collect::<Result<_, _>>()?;

    let schedule = schedule(inv, &sized, &move_fy);
    let years = cost::project(inv, &schedule);
    Ok(build::result(inv, &sized, &schedule, years, packer.name()))
}

/// Host models named in `names` (all models when empty).
fn allowed(inv: &Inventory, names: &[String]) -> Vec<usize> {
    (0..inv.host_models.len())
        .filter(|&m| names.is_empty() || names.contains(&inv.host_models[m].name))
        .collect()
}

/// Host models a zone's main cluster may use.
pub fn allowed_models(inv: &Inventory, zone: &str) -> Vec<usize> {
    let names = inv.zones.iter().find(|z| z.name == zone).map(|z| z.host_models.clone());
    allowed(inv, &names.unwrap_or_default())
}

/// The need of server `s` in fiscal year `fy` for a cluster packing `hours` CPU values.
fn need_of(inv: &Inventory, s: usize, hours: usize, scale: f64, fy: i32) -> Need {
    let server = &inv.servers[s];
    server_need(server, hours, growth_factor(inv, server, fy) * scale, scale)
}

/// Sizes one cluster: units from affinity groups, redundancy groups, staging by purchase
/// policy, and the peak-based comparison for time-of-day packing. `start`: with a start plan,
/// its cluster of the same name (`Some(None)`: it has none).
fn size(
    inv: &Inventory,
    spec: ClusterSpec,
    packer: &dyn Packer,
    options: &PackOptions,
    start: Option<Option<&Cluster>>,
) -> Result<SizedCluster, PlanError> {
    let hours =
        if spec.servers.iter().any(|&s| inv.servers[s].cpu_profile.is_some()) { HOURS } else { 1 };
    let mut by_affinity: BTreeMap<&str, usize> = BTreeMap::new();
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut unit_move: Vec<i32> = Vec::new();
    for (k, &s) in spec.servers.iter().enumerate() {
        match inv.servers[s].affinity_group.as_deref() {
            Some(g) if by_affinity.contains_key(g) => {
                let u = by_affinity[g];
                units[u].push(s);
                // The group moves together, when its last member is due.
                unit_move[u] = unit_move[u].max(spec.move_fy[k]);
            }
            other => {
                if let Some(g) = other {
                    by_affinity.insert(g, units.len());
                }
                units.push(vec![s]);
                unit_move.push(spec.move_fy[k]);
            }
        }
    }
    let mut group_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for &s in &spec.servers {
        if let Some(g) = inv.servers[s].redundancy_group.as_deref() {
            let n = group_ids.len();
            group_ids.entry(g).or_insert(n);
        }
    }
    let mut group_names = vec![String::new(); group_ids.len()];
    for (name, &id) in &group_ids {
        group_names[id] = name.to_string();
    }
    let units: Vec<Unit> = units
        .into_iter()
        .map(|members| {
            let mut groups: Vec<usize> = members
                .iter()
                .filter_map(|&s| inv.servers[s].redundancy_group.as_deref().map(|g| group_ids[g]))
                .collect();
            groups.sort_unstable();
            groups.dedup();
            Unit { members, groups }
        })
        .collect();
    let scale = spec.scale;
    let ctx = Ctx {
        inv,
        name: spec.name.clone(),
        zone: (spec.zone.clone(), spec.site_name != "main"),
        policy: spec.policy.clone(),
        site: spec.site,
        models: spec.models.clone(),
        hours,
        min_hosts: spec.min_hosts,
        max_hosts: spec.max_hosts,
        packer,
        options: options.clone(),
        units: units.clone(),
        group_names: group_names.clone(),
        clock_hit: Default::default(),
    };
    check_units_fit(&ctx, &unit_move, scale)?;
    let need_at = |u: usize, fy: i32| unit_need(inv, &units[u], hours, scale, fy);
    let seed = |fy: i32| {
        start.map(|c| match c {
            Some(c) => seed::layout_of(&ctx, c, fy),
            None => Err(StartRejection::NoCluster),
        })
    };
    let staged = match spec.purchase_fy {
        Some(fy) => stage::refresh_year(&ctx, &need_at, &unit_move, fy, seed(fy))?,
        None => {
            let mut staged = stage::as_needed(&ctx, &need_at, &unit_move)?;
            staged.start = start.map(|_| StartUse {
                reason: Some(StartRejection::BoughtYearByYear),
                ..StartUse::default()
            });
            staged
        }
    };
    let cost_of = |c: &Ctx, hosts: &[cluster::HostState]| -> f64 {
        hosts.iter().map(|h| c.host_cost(h.model, h.bought_fy)).sum()
    };
    let horizon_cost = cost_of(&ctx, &staged.hosts);
    let peak_sizing = if hours == HOURS {
        let peak_ctx = Ctx { hours: 1, clock_hit: Default::default(), ..ctx };
        let peak_need = |u: usize, fy: i32| unit_need(inv, &units[u], 1, scale, fy);
        let fy = spec.purchase_fy.unwrap_or_else(|| unit_move.iter().copied().min().unwrap_or(0));
        let start: Vec<i32> = unit_move.iter().map(|&m| m.max(fy)).collect();
        // Peak-based sizing can be impossible where time of day is not (an affinity group
        // whose members peak at different hours): then there is nothing to compare.
        match stage::refresh_year_hosts(&peak_ctx, &peak_need, &start, fy) {
            Ok(peak) => Some((peak.len(), cost_of(&peak_ctx, &peak))),
            Err(PlanError::Infeasible { .. }) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    Ok(SizedCluster {
        spec,
        units,
        group_names,
        hours,
        staged,
        peak_sizing,
        horizon_cost,
        unit_move_fy: unit_move,
    })
}

fn unit_need(inv: &Inventory, unit: &Unit, hours: usize, scale: f64, fy: i32) -> Need {
    let mut n = Need::zero(hours);
    for &s in &unit.members {
        n.add(&need_of(inv, s, hours, scale, fy));
    }
    n
}

/// The largest need of server `s` over the years from `from_fy` to the end of the horizon.
fn sized_server_need(inv: &Inventory, s: usize, scale: f64, from_fy: i32) -> Need {
    let mut n = need_of(inv, s, 1, scale, from_fy);
    for fy in from_fy..=inv.last_fy() {
        n.max_with(&need_of(inv, s, 1, scale, fy));
    }
    n
}

/// Fails, naming the servers, when an affinity group (or a server at the BCP site) fits no
/// allowed host model even alone.
///
/// The unit's need is the one it is sized for — its largest over its years in service, hour by
/// hour where the cluster packs day profiles: the members of an affinity group may peak at
/// different hours, and their peaks added up can exceed a host that carries them every hour.
fn check_units_fit(ctx: &Ctx, unit_move: &[i32], scale: f64) -> Result<(), PlanError> {
    let last = ctx.inv.last_fy();
    for (u, unit) in ctx.units.iter().enumerate() {
        let from = unit_move[u];
        let mut need = unit_need(ctx.inv, unit, ctx.hours, scale, from.min(last));
        for fy in from..=last {
            need.max_with(&unit_need(ctx.inv, unit, ctx.hours, scale, fy));
        }
        if !ctx.models.iter().any(|&m| ctx.fits_model(&need, m)) {
            let reason = ctx.too_large(u, &need, &ctx.models);
            let failure = infeasible::OptionFailure { models: Vec::new(), reason };
            return Err(PlanError::infeasible(ctx, vec![failure]));
        }
    }
    Ok(())
}

/// Fails with a message naming the server, its demand and the closest host model when the
/// server fits no allowed model even on an empty host.
fn check_fits_some_model(
    inv: &Inventory,
    i: usize,
    models: &[usize],
    policy: &Policy,
    scale: f64,
    from_fy: i32,
) -> Result<(), PlanError> {
    let d = sized_server_need(inv, i, scale, from_fy);
    let limit = |m: usize| host_limit(&inv.host_models[m], policy, 1);
    let fits =
        |m: usize| d.demand_units().iter().zip(&limit(m).capacity_units()).all(|(x, c)| x <= c);
    if models.iter().any(|&m| fits(m)) {
        return Ok(());
    }
    let ratio = |m: usize| {
        let l = limit(m).resources();
        d.resources()
            .values()
            .iter()
            .zip(l.values())
            .map(|(&x, c)| if c > 0.0 { x / c } else { f64::INFINITY })
            .fold(0.0, f64::max)
    };
    let closest =
        models.iter().copied().min_by(|&a, &b| ratio(a).total_cmp(&ratio(b))).unwrap_or(0);
    let m = &inv.host_models[closest];
    let l = limit(closest).resources();
    let r = d.resources();
    let short: Vec<&str> = Resources::NAMES
        .iter()
        .zip(r.values().iter().zip(l.values()))
        .filter(|(_, (x, c))| *x > c)
        .map(|(n, _)| *n)
        .collect();
    Err(PlanError::ServerTooLarge {
        server: i,
        message: format!(
            "server `{}` fits no host model even alone: it needs CPU {:.2} core units, {} vCPUs \
             and {:.1} GB of memory; the largest fit, host model `{}`, offers CPU {:.2}, {} \
             vCPUs and {:.1} GB at the target utilisation ({} short)",
            inv.servers[i].name,
            r.cpu,
            r.vcpu,
            r.memory_gb,
            m.name,
            l.cpu,
            l.vcpu,
            l.memory_gb,
            short.join(", ")
        ),
    })
}

/// Everything bought and moved, for the cost projection.
fn schedule(inv: &Inventory, sized: &[SizedCluster], move_fy: &[i32]) -> Schedule {
    let mut s = Schedule {
        fates: inv
            .servers
            .iter()
            .enumerate()
            .map(|(i, srv)| match (srv.in_scope, srv.stay_physical) {
                (false, _) => Fate::Excluded,
                (true, true) => Fate::StaysPhysical,
                (true, false) => Fate::Moves(move_fy[i]),
            })
            .collect(),
        ..Schedule::default()
    };
    let last = inv.last_fy();
    for c in sized {
        for h in &c.staged.hosts {
            s.hosts.push(HostPurchase {
                model: h.model,
                fy: h.bought_fy,
                site: c.spec.site,
                site_name: c.spec.site_name.clone(),
            });
        }
        // Storage for each year's movers, sized for their data at the end of the horizon.
        let mut tb_by_year: BTreeMap<i32, f64> = BTreeMap::new();
        for (k, &srv) in c.spec.servers.iter().enumerate() {
            let server = &inv.servers[srv];
            let fy = c.spec.purchase_fy.unwrap_or(c.spec.move_fy[k]);
            let gb = server.storage_gb * growth_factor(inv, server, last).max(1.0);
            *tb_by_year.entry(fy).or_default() +=
                gb / 1000.0 / (inv.storage.fill_target_pct / 100.0);
        }
        for (fy, tb) in tb_by_year {
            s.storage.push(StoragePurchase { tb, fy, site_name: c.spec.site_name.clone() });
        }
        if c.spec.site_name != "main"
            && let Some(b) = &inv.bcp
        {
            s.labour.push((b.from_fy, b.setup_per_server * c.spec.servers.len() as f64));
        }
    }
    s
}
