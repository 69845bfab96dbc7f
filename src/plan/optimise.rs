//! One optimisation per cluster on the real objective: choose the hosts (any mix of the allowed
//! models within the cluster's host limits) and place every unit so that every loss of k hosts
//! is absorbed within the failover limits, at the least horizon cost.
//!
//! The search runs over host *mixes* (a count per model) in order of cost. Every mix is first
//! tested against conditions every feasible layout meets — each resource fits in normal
//! operation; after losing the k hosts with the most failover capacity the rest still hold the
//! whole demand within the failover limits; the largest redundancy group still finds distinct
//! hosts after the loss; each unit fits some model of the mix — and a mix that fails one is
//! *refuted*. The survivors are tried in cost order: a layout is built for the mix (N+k is part
//! of the build: the layout must pass the failover check before it counts), and the first mix
//! with a layout is the answer. The cheapest mix not refuted is a lower bound on the cost of
//! *every* plan for the cluster, whatever mix it uses: the plan is proven optimal when it is that
//! mix. An LP relaxation of the same conditions (solved with `good_lp`/`microlp`) says where the
//! search starts.

use super::cluster::{Ctx, HostState, Role};
use super::decide::{Decision, Small, decide};
use super::demand::{Need, failover_limit, host_limit};
use super::failover::Outcome;
use super::result::{BoundMix, ModelCount};
use good_lp::{Expression, Solution, SolverModel, Variable, variable, variables};

/// How many mixes the search may try to build a layout for before it gives up, and how many
/// failover checks it may run in all (work budgets, not time: the same inventory gives the
/// same plan on any machine).
const ATTEMPT_BUDGET: usize = 400;

/// Failover checks the whole search may run (constructions and repairs).
const CHECK_BUDGET: usize = 1_500;

/// The same budgets for the options list's one-model searches.
pub const OPTION_BUDGET: (usize, usize) = (16, 150);

/// At most this many mixes are enumerated in one cost window.
const WINDOW_LIMIT: usize = 200_000;

/// Units moved to repair one layout that does not survive a loss, at most.
const REPAIRS: usize = 24;

/// A host model as the search sees it.
#[derive(Debug, Clone)]
struct Model {
    /// Index into the inventory's host models.
    model: usize,
    /// Horizon cost of one host.
    cost: f64,
    /// Normal-operation limit, integer units.
    cap: Vec<u64>,
    /// Failover limit, integer units.
    fcap: Vec<u64>,
}

/// What the search found for one cluster, and what it proved.
#[derive(Debug, Clone)]
pub struct Search {
    /// The hosts found (model, units), or `None` when no mix within the budget had a layout.
    pub hosts: Option<Vec<HostState>>,
    /// Failover check of the hosts found.
    pub failover: Option<Outcome>,
    /// What the search proved, whatever it found.
    pub bounds: Bounds,
}

/// What the mix search proved about a cluster (the stage adds how the layout was then made,
/// the plan words it as `clusters[].proof`).
#[derive(Debug, Clone)]
pub struct Bounds {
    /// Lower bound on the horizon cost of every plan for the cluster: the cheapest mix no
    /// necessary condition refutes (`None`: every mix is refuted — the cluster is infeasible).
    pub cost_bound: Option<f64>,
    /// That mix, e.g. 9× v44c-768g + 2× v32c-512g.
    pub bound_mix: BoundMix,
    /// LP relaxation of the same conditions over all mixes (a weaker bound).
    pub lp_bound: f64,
    /// Fewest hosts any layout needs in normal operation (no host lost): the smallest mix
    /// meeting the normal-operation conditions.
    pub hosts_bound_normal: usize,
    /// Fewest hosts any layout needs with N+k: the smallest mix meeting every condition.
    pub hosts_bound_with_spares: usize,
    /// Mixes refuted by a necessary condition before the one chosen (cheaper than it).
    pub mixes_refuted: usize,
    /// Mixes the constructions found no layout for and the exhaustive search of a small
    /// cluster proved to have none ([`super::decide`]): passed over by the bound.
    pub mixes_proven_empty: usize,
    /// Mixes for which a layout was tried (the last one is chosen when found).
    pub mixes_tried: usize,
    /// True when the attempt budget ran out before a layout was found.
    pub budget_hit: bool,
}

/// What trying one mix gave.
enum Tried {
    /// A layout that survives every loss of k hosts.
    Layout((Vec<HostState>, Outcome)),
    /// Proven to have no layout.
    Empty,
    /// No layout found, nothing proven.
    Unknown,
}

/// Clusters of at most this many units have a mix the constructions fail on decided exactly.
const DECIDE_UNITS: usize = 20;

/// Search nodes the exact decision may spend on one mix.
const DECIDE_NODES: u64 = 2_000_000;

/// The cluster search's (mixes tried, failover checks) budgets.
pub const SEARCH_BUDGET: (usize, usize) = (ATTEMPT_BUDGET, CHECK_BUDGET);

/// Runs the search for the cluster's units (all new, bought in `fy`) with needs `need`, over
/// the host models `allowed` (the cluster's own, or one of them for the options list), with the
/// given (mixes tried, failover checks) budgets. With a `ceiling` (the cost of a layout known
/// to be feasible, such as a start plan's), only mixes strictly cheaper are tried: the search
/// ends without hosts when none of them has a layout (`budget_hit` stays false then).
pub fn search_within(
    ctx: &Ctx,
    allowed: &[usize],
    need: &[Need],
    fy: i32,
    budget: (usize, usize),
    ceiling: Option<f64>,
) -> Search {
    let models: Vec<Model> = allowed
        .iter()
        .map(|&m| Model {
            model: m,
            cost: ctx.host_cost(m, fy),
            cap: host_limit(&ctx.inv.host_models[m], &ctx.policy, ctx.hours).capacity_units(),
            fcap: failover_limit(&ctx.inv.host_models[m], &ctx.policy, ctx.hours).capacity_units(),
        })
        .collect();
    let demand: Vec<Vec<u64>> = need.iter().map(Need::demand_units).collect();
    let p = Prob::new(ctx, models, demand, budget.1);
    let lp = p.lp_bound();
    let hosts_bound_normal = p.fewest_hosts(false);
    let hosts_bound_with_spares = p.fewest_hosts(true);
    let mut out = Search {
        hosts: None,
        failover: None,
        bounds: Bounds {
            cost_bound: None,
            bound_mix: BoundMix::Mix { hosts: Vec::new() },
            lp_bound: lp,
            hosts_bound_normal,
            hosts_bound_with_spares,
            mixes_refuted: 0,
            mixes_proven_empty: 0,
            mixes_tried: 0,
            budget_hit: false,
        },
    };
    let cap_cost = p.cost_cap();
    let mut lo = f64::NEG_INFINITY;
    let mut hi = (lp.max(1.0)) * 1.01;
    // Every mix up to `proven_floor` has been enumerated and refuted.
    let mut proven_floor = lp;
    'windows: loop {
        let (mixes, refuted, truncated) = p.mixes_between(lo, hi);
        out.bounds.mixes_refuted += refuted;
        if truncated && out.bounds.cost_bound.is_none() {
            // Not every mix of the window was seen: only its lower end is proven.
            out.bounds.cost_bound = Some(proven_floor.max(lo.max(0.0)));
            out.bounds.bound_mix = BoundMix::EnumerationCut;
        }
        for x in &mixes {
            // The first mix neither refuted nor proven empty bounds every plan's cost.
            let unrefuted = |out: &mut Search| {
                if out.bounds.cost_bound.is_none() {
                    out.bounds.cost_bound = Some(p.cost(x));
                    out.bounds.bound_mix = p.describe(ctx, x);
                }
            };
            if ceiling.is_some_and(|c| p.cost(x) >= c - 1e-6) {
                unrefuted(&mut out);
                break 'windows;
            }
            if out.bounds.mixes_tried >= budget.0 || p.checks.get() >= budget.1 {
                unrefuted(&mut out);
                out.bounds.budget_hit = true;
                break 'windows;
            }
            out.bounds.mixes_tried += 1;
            match p
                .build(ctx, x, need, fy)
                .map_or_else(|| p.decide(ctx, x, need, fy), Tried::Layout)
            {
                Tried::Layout((hosts, o)) => {
                    unrefuted(&mut out);
                    out.hosts = Some(hosts);
                    out.failover = Some(o);
                    break 'windows;
                }
                Tried::Empty => out.bounds.mixes_proven_empty += 1,
                Tried::Unknown => unrefuted(&mut out),
            }
        }
        // Every mix of the window refuted or proven empty: the floor moves up.
        if out.bounds.cost_bound.is_none() {
            proven_floor = proven_floor.max(hi);
        }
        if hi >= cap_cost {
            if out.bounds.cost_bound.is_none() {
                out.bounds.cost_bound = Some(proven_floor);
                out.bounds.bound_mix = BoundMix::NoneUpToCap;
            }
            break;
        }
        if out.bounds.cost_bound.is_some() && ceiling.is_some_and(|c| hi >= c - 1e-6) {
            break;
        }
        lo = hi;
        hi = (hi * 1.05).min(cap_cost);
    }
    out
}

/// One host model alone, for the options list: a count of hosts of model `m` with a layout
/// (with N+k), found by galloping up from the count bound (1, 2, 4, 8… above it) and then
/// bisecting between the last count without a layout and the first with one.
///
/// A count is tried with the same constructions as the mix search; it stops after `budget`
/// (counts tried, failover checks). The heuristic's feasibility is not strictly monotone in
/// the count, so a count below the answer may also have a layout: the options list calls
/// the answer "found", never "fewest". On large clusters of small hosts this tries a handful
/// of counts where walking up one by one tried a dozen or more, each a full set of
/// constructions that fail.
pub fn one_model(
    ctx: &Ctx,
    m: usize,
    need: &[Need],
    fy: i32,
    budget: (usize, usize),
) -> Option<(Vec<HostState>, Outcome)> {
    let model = Model {
        model: m,
        cost: ctx.host_cost(m, fy),
        cap: host_limit(&ctx.inv.host_models[m], &ctx.policy, ctx.hours).capacity_units(),
        fcap: failover_limit(&ctx.inv.host_models[m], &ctx.policy, ctx.hours).capacity_units(),
    };
    let demand: Vec<Vec<u64>> = need.iter().map(Need::demand_units).collect();
    let p = Prob::new(ctx, vec![model], demand, budget.1);
    let first = p.fewest_hosts(true).max(1);
    let last = p.max_hosts.unwrap_or(first + need.len() + p.k + 1);
    let mut tries = 0usize;
    let mut attempt = |c: usize| -> Option<Option<(Vec<HostState>, Outcome)>> {
        if tries >= budget.0 || p.checks.get() >= budget.1 {
            return None;
        }
        tries += 1;
        let x = [c as u32];
        Some(if p.refute(&x, true).is_some() { None } else { p.build(ctx, &x, need, fy) })
    };
    // Gallop: the largest count known to fail, the smallest known to work.
    let (mut fail, mut step) = (first - 1, 1usize);
    let (mut ok, mut found) = loop {
        let c = (fail + step).min(last);
        match attempt(c)? {
            Some(layout) => break (c, layout),
            None if c >= last => return None,
            None => (fail, step) = (c, step * 2),
        }
    };
    while ok - fail > 1 {
        let mid = fail + (ok - fail) / 2;
        match attempt(mid) {
            Some(Some(layout)) => (ok, found) = (mid, layout),
            Some(None) => fail = mid,
            None => break,
        }
    }
    Some(found)
}

/// The cluster problem in integer units.
struct Prob {
    models: Vec<Model>,
    demand: Vec<Vec<u64>>,
    groups: Vec<Vec<usize>>,
    total: Vec<u64>,
    dims: usize,
    k: usize,
    largest_group: usize,
    min_hosts: usize,
    max_hosts: Option<usize>,
    /// Each unit's busiest CPU hour (the largest of the first `dims - 2` dimensions).
    peak: Vec<u64>,
    /// Failover checks run so far, and how many are allowed.
    checks: std::cell::Cell<usize>,
    check_budget: usize,
}

impl Prob {
    fn new(ctx: &Ctx, models: Vec<Model>, demand: Vec<Vec<u64>>, check_budget: usize) -> Self {
        let dims = ctx.hours + 2;
        let mut total = vec![0u64; dims];
        for d in &demand {
            for (t, x) in total.iter_mut().zip(d) {
                *t += x;
            }
        }
        let largest_group = (0..ctx.group_names.len())
            .map(|g| ctx.units.iter().filter(|u| u.groups.contains(&g)).count())
            .max()
            .unwrap_or(0);
        Prob {
            models,
            groups: ctx.units.iter().map(|u| u.groups.clone()).collect(),
            peak: demand.iter().map(|d| busiest(d)).collect(),
            demand,
            total,
            dims,
            k: ctx.policy.spare_hosts as usize,
            largest_group,
            min_hosts: ctx.min_hosts.unwrap_or(0) as usize,
            max_hosts: ctx.max_hosts.map(|m| m as usize),
            checks: std::cell::Cell::new(0),
            check_budget,
        }
    }

    fn cost(&self, x: &[u32]) -> f64 {
        x.iter().zip(&self.models).map(|(&n, m)| f64::from(n) * m.cost).sum()
    }

    fn describe(&self, ctx: &Ctx, x: &[u32]) -> BoundMix {
        let hosts: Vec<ModelCount> = x
            .iter()
            .zip(&self.models)
            .filter(|(n, _)| **n > 0)
            .map(|(n, m)| ModelCount {
                model: ctx.inv.host_models[m.model].name.clone(),
                count: *n,
            })
            .collect();
        BoundMix::Mix { hosts }
    }

    /// Fewest hosts a layout needs (with N+k when `spares`), over every mix.
    fn fewest_hosts(&self, spares: bool) -> usize {
        if self.demand.is_empty() {
            return if spares { self.min_hosts } else { 0 };
        }
        let mut n = 1usize;
        for d in 0..self.dims {
            let best = self.models.iter().map(|m| m.cap[d]).max().unwrap_or(0).max(1);
            n = n.max(self.total[d].div_ceil(best) as usize);
        }
        n = n.max(self.largest_group);
        if spares {
            n = n.max(self.min_hosts).max(self.largest_group + self.k);
        }
        // A unit no model carries: no mix is feasible, and no count is worth looking for.
        let fits_some = |lim: &dyn Fn(&Model) -> &Vec<u64>| {
            self.demand
                .iter()
                .all(|u| self.models.iter().any(|m| u.iter().zip(lim(m)).all(|(a, b)| a <= b)))
        };
        if !fits_some(&|m| &m.cap) || (spares && self.k > 0 && !fits_some(&|m| &m.fcap)) {
            return n;
        }
        // Past the capacity bound, one host of the largest model per unit always suffices for
        // capacity; the loop stops well before counts that large.
        let limit = self.max_hosts.unwrap_or(usize::MAX).min(n + self.demand.len() + self.k + 1);
        while n <= limit {
            if self.exists_mix_of(n, spares) {
                return n;
            }
            n += 1;
        }
        n
    }

    /// Whether some mix of exactly `n` hosts meets the conditions.
    fn exists_mix_of(&self, n: usize, spares: bool) -> bool {
        let m = self.models.len();
        let mut x = vec![0u32; m];
        fn go(p: &Prob, x: &mut Vec<u32>, i: usize, left: usize, spares: bool) -> bool {
            if i + 1 == x.len() {
                x[i] = left as u32;
                let ok = p.refute(x, spares).is_none();
                x[i] = 0;
                return ok;
            }
            for c in 0..=left {
                x[i] = c as u32;
                if go(p, x, i + 1, left - c, spares) {
                    x[i] = 0;
                    return true;
                }
            }
            x[i] = 0;
            false
        }
        m > 0 && go(self, &mut x, 0, n, spares)
    }

    /// Why mix `x` cannot carry the cluster (`None`: no condition refutes it). Without
    /// `spares`, only normal operation is checked.
    fn refute(&self, x: &[u32], spares: bool) -> Option<&'static str> {
        let n: usize = x.iter().map(|&c| c as usize).sum();
        if n < self.largest_group {
            return Some("redundancy group larger than the host count");
        }
        if spares {
            if n < self.min_hosts {
                return Some("below the cluster minimum");
            }
            if self.max_hosts.is_some_and(|m| n > m) {
                return Some("above the cluster maximum");
            }
            if n < self.largest_group + self.k {
                return Some("redundancy group cannot stay apart after the loss");
            }
        }
        let used: Vec<&Model> =
            x.iter().zip(&self.models).filter(|(c, _)| **c > 0).map(|(_, m)| m).collect();
        for d in 0..self.dims {
            let cap: u64 = x.iter().zip(&self.models).map(|(&c, m)| u64::from(c) * m.cap[d]).sum();
            if cap < self.total[d] {
                return Some("normal-operation capacity");
            }
            if spares && self.k > 0 {
                let mut f: Vec<u64> = Vec::with_capacity(n);
                for (&c, m) in x.iter().zip(&self.models) {
                    f.extend(std::iter::repeat_n(m.fcap[d], c as usize));
                }
                f.sort_unstable_by(|a, b| b.cmp(a));
                let after: u64 = f.iter().skip(self.k).sum();
                if after < self.total[d] {
                    return Some("failover capacity after losing the k largest hosts");
                }
            }
        }
        for u in &self.demand {
            let fits = |lim: &dyn Fn(&Model) -> &Vec<u64>| {
                used.iter().any(|m| u.iter().zip(lim(m)).all(|(a, b)| a <= b))
            };
            if !fits(&|m| &m.cap) {
                return Some("a unit fits no model of the mix");
            }
            if spares && self.k > 0 && !fits(&|m| &m.fcap) {
                return Some("a unit fits no model of the mix after a failure");
            }
        }
        None
    }

    /// LP relaxation of the conditions over all mixes (fractional host counts), solved with
    /// good_lp's embedded microlp solver. The k largest hosts are relaxed to k of the largest
    /// model in each resource, which keeps every inequality valid for every integer mix.
    fn lp_bound(&self) -> f64 {
        if self.demand.is_empty() || self.models.is_empty() {
            return 0.0;
        }
        let mut vars = variables!();
        let xs: Vec<Variable> = self.models.iter().map(|_| vars.add(variable().min(0.0))).collect();
        let scale = 1e6;
        let objective: Expression =
            xs.iter().zip(&self.models).map(|(&x, m)| (m.cost / scale) * x).sum();
        let mut lp = vars.minimise(objective.clone()).using(good_lp::microlp);
        for d in 0..self.dims {
            let t = self.total[d] as f64;
            if t <= 0.0 {
                continue;
            }
            let normal: Expression =
                xs.iter().zip(&self.models).map(|(&x, m)| (m.cap[d] as f64 / t) * x).sum();
            lp = lp.with(normal.geq(1.0));
            if self.k > 0 {
                let big = self.models.iter().map(|m| m.fcap[d]).max().unwrap_or(0) as f64;
                let after: Expression =
                    xs.iter().zip(&self.models).map(|(&x, m)| (m.fcap[d] as f64 / t) * x).sum();
                lp = lp.with(after.geq(1.0 + self.k as f64 * big / t));
            }
        }
        let count: Expression = xs.iter().map(|&x| Expression::from(x)).sum();
        let floor = (self.largest_group + self.k).max(self.min_hosts) as f64;
        lp = lp.with(count.geq(floor));
        match lp.solve() {
            // Solver tolerance: shade the value so that it stays a bound.
            Ok(s) => (s.eval(&objective) * scale * (1.0 - 1e-7)).max(0.0),
            Err(_) => 0.0,
        }
    }

    /// Cost above which no mix is worth enumerating: the dearest useful single-model mix.
    fn cost_cap(&self) -> f64 {
        let n = self.fewest_hosts(true).max(1) + self.k + 2;
        let n = self.max_hosts.map_or(n, |m| m.max(1));
        let dearest = self.models.iter().map(|m| m.cost).fold(0.0, f64::max);
        // Every single-model mix that can carry the cluster needs at most this many hosts.
        let mut worst = 0usize;
        for m in &self.models {
            let mut c = n;
            for d in 0..self.dims {
                if m.fcap[d] > 0 {
                    c = c.max(self.total[d].div_ceil(m.fcap[d].max(1)) as usize + self.k + 1);
                }
            }
            worst = worst.max(c);
        }
        let n = self.max_hosts.map_or(worst, |m| m.min(worst.max(n)));
        dearest * (n as f64) * 1.5 + 1.0
    }

    /// Mixes with cost in (lo, hi] that no condition refutes, cheapest first (ties: fewer
    /// hosts, then the count vector), how many in the window were refuted, and whether the
    /// enumeration was cut at [`WINDOW_LIMIT`].
    fn mixes_between(&self, lo: f64, hi: f64) -> (Vec<Vec<u32>>, usize, bool) {
        let mut found = Vec::new();
        let mut refuted = 0usize;
        let mut x = vec![0u32; self.models.len()];
        self.enumerate(0, 0.0, lo, hi, &mut x, &mut found, &mut refuted);
        found.sort_by(|a, b| {
            self.cost(a)
                .total_cmp(&self.cost(b))
                .then(a.iter().sum::<u32>().cmp(&b.iter().sum::<u32>()))
                .then(a.cmp(b))
        });
        let truncated = found.len() + refuted >= WINDOW_LIMIT;
        (found, refuted, truncated)
    }

    #[allow(clippy::too_many_arguments)]
    fn enumerate(
        &self,
        i: usize,
        spent: f64,
        lo: f64,
        hi: f64,
        x: &mut Vec<u32>,
        found: &mut Vec<Vec<u32>>,
        refuted: &mut usize,
    ) {
        if found.len() + *refuted >= WINDOW_LIMIT {
            return;
        }
        if i == self.models.len() {
            if spent > lo + 1e-6 && spent <= hi + 1e-6 {
                if self.refute(x, true).is_none() {
                    found.push(x.clone());
                } else {
                    *refuted += 1;
                }
            }
            return;
        }
        let m = &self.models[i];
        let mut c = 0u32;
        loop {
            let cost = spent + f64::from(c) * m.cost;
            if cost > hi + 1e-6 {
                break;
            }
            x[i] = c;
            if self.rest_bound(i, x) <= hi + 1e-6 {
                self.enumerate(i + 1, cost, lo, hi, x, found, refuted);
            }
            c += 1;
            if self.max_hosts.is_some_and(|mx| c as usize > mx) {
                break;
            }
        }
        x[i] = 0;
    }

    /// Lower bound on the cost of a mix whose counts of models 0..=i are `x[..=i]`: their cost
    /// plus what the later models must add to reach the normal-operation capacity.
    fn rest_bound(&self, i: usize, x: &[u32]) -> f64 {
        let fixed: f64 = (0..=i).map(|j| f64::from(x[j]) * self.models[j].cost).sum();
        let mut more = 0.0f64;
        for d in 0..self.dims {
            let have: u64 = (0..=i).map(|j| u64::from(x[j]) * self.models[j].cap[d]).sum();
            let short = self.total[d].saturating_sub(have);
            if short == 0 {
                continue;
            }
            let rate = self.models[i + 1..]
                .iter()
                .filter(|m| m.cap[d] > 0)
                .map(|m| m.cost / m.cap[d] as f64)
                .fold(f64::INFINITY, f64::min);
            more = more.max(short as f64 * rate);
        }
        fixed + more
    }

    /// Tries to lay the units out on mix `x`: several constructions, each checked for N+k.
    fn build(
        &self,
        ctx: &Ctx,
        x: &[u32],
        need: &[Need],
        fy: i32,
    ) -> Option<(Vec<HostState>, Outcome)> {
        // Larger hosts first, so that the big units find room.
        let mut kinds: Vec<usize> = Vec::new();
        let mut order: Vec<usize> = (0..self.models.len()).collect();
        order.sort_by(|&a, &b| self.models[b].cost.total_cmp(&self.models[a].cost).then(a.cmp(&b)));
        for &m in &order {
            kinds.extend(std::iter::repeat_n(m, x[m] as usize));
        }
        // With one loss, tight first: where it survives, the hosts N+k adds stay empty and read
        // as spares. With more, spread first: tight layouts rarely survive them, and each
        // failed check costs a pass over every loss combination.
        let fills = if self.k <= 1 {
            [Fill::Tight, Fill::Spread, Fill::Keep, Fill::Reserve]
        } else {
            [Fill::Spread, Fill::Keep, Fill::Reserve, Fill::Tight]
        };
        let tries = fills
            .into_iter()
            .flat_map(|f| [Order::Largest, Order::Sum, Order::Memory].map(|o| (f, o)));
        for (fill, order) in tries {
            let placed = self.place(&kinds, fill, order);
            let Some(on) = placed else { continue };
            if let Some(found) = self.survive(ctx, &kinds, on, need, fy) {
                return Some(found);
            }
        }
        None
    }

    /// Decides mix `x` exactly on a small cluster ([`super::decide`]) once the constructions
    /// found no layout: proven empty, a layout they missed (checked again by the failover
    /// check itself), or unknown past the node budget.
    fn decide(&self, ctx: &Ctx, x: &[u32], need: &[Need], fy: i32) -> Tried {
        if self.demand.len() > DECIDE_UNITS {
            return Tried::Unknown;
        }
        let kinds: Vec<usize> =
            x.iter().enumerate().flat_map(|(m, &c)| std::iter::repeat_n(m, c as usize)).collect();
        let cap: Vec<Vec<u64>> = kinds.iter().map(|&m| self.models[m].cap.clone()).collect();
        let fcap: Vec<Vec<u64>> = kinds.iter().map(|&m| self.models[m].fcap.clone()).collect();
        let small = Small {
            cap: &cap,
            fcap: &fcap,
            class: &kinds,
            demand: &self.demand,
            groups: &self.groups,
            k: self.k,
        };
        let host = match decide(&small, DECIDE_NODES) {
            Decision::None => return Tried::Empty,
            Decision::Unknown => return Tried::Unknown,
            Decision::Layout(host) => host,
        };
        let hosts: Vec<HostState> = kinds
            .iter()
            .enumerate()
            .map(|(h, &m)| {
                let units: Vec<usize> = (0..host.len()).filter(|&u| host[u] == h).collect();
                HostState {
                    model: self.models[m].model,
                    role: if units.is_empty() {
                        self.empty_role(kinds.len())
                    } else {
                        Role::Active
                    },
                    units,
                    bought_fy: fy,
                }
            })
            .collect();
        match ctx.check_failover(&hosts, need) {
            o @ Outcome::Survives { .. } => Tried::Layout((hosts, o)),
            Outcome::Fails { .. } => Tried::Unknown,
        }
    }

    /// Checks N+k on the layout `on`; while a loss is not absorbed, moves the largest unit it
    /// can off a lost host to the survivor left emptiest, and checks again (bounded repairs).
    fn survive(
        &self,
        ctx: &Ctx,
        kinds: &[usize],
        on: Vec<Vec<usize>>,
        need: &[Need],
        fy: i32,
    ) -> Option<(Vec<HostState>, Outcome)> {
        let n = kinds.len();
        let mut st = Layout::new(kinds.iter().map(|&m| self.models[m].cap.clone()).collect());
        for (h, units) in on.iter().enumerate() {
            for &u in units {
                self.put(&mut st, u, h);
            }
        }
        let reference: Vec<f64> = (0..self.dims)
            .map(|d| st.caps.iter().map(|c| c[d]).max().unwrap_or(1).max(1) as f64)
            .collect();
        let size = |u: usize| -> f64 {
            (0..self.dims).map(|d| self.demand[u][d] as f64 / reference[d]).fold(0.0, f64::max)
        };
        // Each repair is a full failover check: fewer when the losses are many to enumerate.
        let repairs = if n > 24 && self.k >= 2 { 4 } else { REPAIRS };
        for _ in 0..=repairs {
            if self.checks.get() >= self.check_budget {
                return None;
            }
            self.checks.set(self.checks.get() + 1);
            let hosts: Vec<HostState> = kinds
                .iter()
                .zip(&st.on)
                .map(|(&m, units)| {
                    let mut units = units.clone();
                    units.sort_unstable();
                    HostState {
                        model: self.models[m].model,
                        role: if units.is_empty() { self.empty_role(n) } else { Role::Active },
                        units,
                        bought_fy: fy,
                    }
                })
                .collect();
            let lost = match ctx.check_failover(&hosts, need) {
                o @ Outcome::Survives { .. } => return Some((hosts, o)),
                Outcome::Fails { lost } => lost,
            };
            let mut moved = false;
            'lost: for &h in &lost {
                let mut units = st.on[h].clone();
                units.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
                for u in units {
                    self.take(&mut st, u, h);
                    let target = (0..n)
                        .filter(|g| !lost.contains(g) && self.fits(&st, u, *g))
                        .min_by(|&a, &b| {
                            let fill = |g: usize| {
                                st.load[g]
                                    .iter()
                                    .zip(&st.caps[g])
                                    .map(|(&l, &c)| if c == 0 { 0.0 } else { l as f64 / c as f64 })
                                    .fold(0.0, f64::max)
                            };
                            fill(a).total_cmp(&fill(b)).then(a.cmp(&b))
                        });
                    if let Some(g) = target {
                        self.put(&mut st, u, g);
                        moved = true;
                        break 'lost;
                    }
                    self.put(&mut st, u, h);
                }
            }
            if !moved {
                return None;
            }
        }
        None
    }

    fn empty_role(&self, n: usize) -> Role {
        if self.k == 0 && n <= self.min_hosts { Role::Minimum } else { Role::Spare }
    }

    /// Places every unit on the hosts `kinds` (model per host) in normal operation, largest
    /// unit first (by `order`), apart from its redundancy partners; a unit that finds no room
    /// may move one placed unit to another host to make room (one ejection).
    fn place(&self, kinds: &[usize], fill: Fill, order: Order) -> Option<Vec<Vec<usize>>> {
        let n = kinds.len();
        let big = self.largest_unit();
        let caps: Vec<Vec<u64>> = kinds
            .iter()
            .enumerate()
            .map(|(h, &m)| {
                let mdl = &self.models[m];
                match fill {
                    // Keep on every host the share of failover room a loss of k hosts would
                    // need if the load were even: load ≤ fcap × (n − k) / n.
                    Fill::Reserve if self.k > 0 && n > self.k => mdl
                        .cap
                        .iter()
                        .zip(&mdl.fcap)
                        .map(|(&c, &f)| c.min(f * (n - self.k) as u64 / n as u64))
                        .collect(),
                    // The first k hosts keep room for the largest unit after a failure.
                    Fill::Keep if h < self.k && n > self.k => mdl
                        .cap
                        .iter()
                        .zip(&mdl.fcap)
                        .zip(&big)
                        .map(|((&c, &f), &b)| c.min(f.saturating_sub(b)))
                        .collect(),
                    _ => mdl.cap.clone(),
                }
            })
            .collect();
        let reference: Vec<f64> = (0..self.dims)
            .map(|d| caps.iter().map(|c| c[d]).max().unwrap_or(1).max(1) as f64)
            .collect();
        let rel = |u: usize, d: usize| self.demand[u][d] as f64 / reference[d];
        let size = |u: usize| -> f64 {
            match order {
                Order::Largest => (0..self.dims).map(|d| rel(u, d)).fold(0.0, f64::max),
                Order::Sum => (0..self.dims).map(|d| rel(u, d)).sum(),
                Order::Memory => rel(u, self.dims - 1),
            }
        };
        let mut units: Vec<usize> = (0..self.demand.len()).collect();
        units.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
        let mut st = Layout::new(caps);
        for u in units {
            if let Some(h) = self.choose(&st, u, fill, None) {
                self.put(&mut st, u, h);
                continue;
            }
            if !self.eject_for(&mut st, u, fill) {
                return None;
            }
        }
        for h in &mut st.on {
            h.sort_unstable();
        }
        Some(st.on)
    }

    /// Demand of the unit that is largest in its largest share of a host (index order on a
    /// tie).
    fn largest_unit(&self) -> Vec<u64> {
        let big: Vec<f64> = (0..self.dims)
            .map(|d| self.models.iter().map(|m| m.fcap[d]).max().unwrap_or(1).max(1) as f64)
            .collect();
        let size =
            |u: &Vec<u64>| u.iter().zip(&big).map(|(&a, b)| a as f64 / b).fold(0.0, f64::max);
        self.demand
            .iter()
            .max_by(|a, b| size(a).total_cmp(&size(b)))
            .cloned()
            .unwrap_or_else(|| vec![0; self.dims])
    }

    /// Capacity first (a few integer comparisons), then the redundancy groups the host
    /// already holds (kept per host by [`Prob::put`] and [`Prob::take`], so this does not walk
    /// the host's units: it was most of the planner's time at 2,000 servers).
    ///
    /// Dimensions are compared from the last (memory, then vCPUs, then the CPU hours from the
    /// busiest end): on full hosts memory refuses most units, and a refusal ends the loop.
    ///
    /// The CPU hours are first compared as a whole: a unit whose busiest hour fits in the
    /// host's smallest hourly room (`busiest load + busiest need ≤ smallest limit`) fits in every
    /// hour, so the 24 comparisons are made only for hosts near their CPU limit.
    fn fits(&self, st: &Layout, u: usize, h: usize) -> bool {
        let (load, x, cap) = (&st.load[h], &self.demand[u], &st.caps[h]);
        let d = self.dims;
        let hours_fit = || {
            st.peak[h] + self.peak[u] <= st.floor[h]
                || (0..d - 2).rev().all(|d| load[d] + x[d] <= cap[d])
        };
        load[d - 1] + x[d - 1] <= cap[d - 1]
            && load[d - 2] + x[d - 2] <= cap[d - 2]
            && hours_fit()
            && self.groups[u].iter().all(|g| !st.groups[h].contains(g))
    }

    /// How full host `h` is after `u` joins it: its largest share of a limit. The CPU hours
    /// are summed only when their bound (`(busiest load + busiest need) × largest reciprocal`)
    /// could exceed the memory and vCPU shares; otherwise the largest share is one of those two,
    /// the same value the full loop returns.
    fn fill_after(&self, st: &Layout, u: usize, h: usize) -> f64 {
        let (load, x, inv) = (&st.load[h], &self.demand[u], &st.inverse[h]);
        let d = self.dims;
        let share = |d: usize| (load[d] + x[d]) as f64 * inv[d];
        let flat = share(d - 1).max(share(d - 2));
        if ((st.peak[h] + self.peak[u]) as f64 * st.top_inverse[h]) <= flat {
            return flat;
        }
        (0..d - 2).map(share).fold(flat, f64::max)
    }

    /// The host for `u` under `fill` (never `except`).
    fn choose(&self, st: &Layout, u: usize, fill: Fill, except: Option<usize>) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for h in 0..st.on.len() {
            if Some(h) == except || !self.fits(st, u, h) {
                continue;
            }
            let after = self.fill_after(st, u, h);
            let better = match (best, fill) {
                (None, _) => true,
                (Some((b, _)), Fill::Tight) => after > b + 1e-12,
                (Some((b, _)), _) => after < b - 1e-12,
            };
            if better {
                best = Some((after, h));
            }
        }
        best.map(|(_, h)| h)
    }

    fn put(&self, st: &mut Layout, u: usize, h: usize) {
        for (l, x) in st.load[h].iter_mut().zip(&self.demand[u]) {
            *l += x;
        }
        st.peak[h] = busiest(&st.load[h]);
        st.on[h].push(u);
        st.groups[h].extend_from_slice(&self.groups[u]);
    }

    fn take(&self, st: &mut Layout, u: usize, h: usize) {
        for (l, x) in st.load[h].iter_mut().zip(&self.demand[u]) {
            *l -= x;
        }
        st.peak[h] = busiest(&st.load[h]);
        st.on[h].retain(|&o| o != u);
        for g in &self.groups[u] {
            if let Some(at) = st.groups[h].iter().position(|x| x == g) {
                st.groups[h].swap_remove(at);
            }
        }
    }

    /// Makes room for `u` by moving one placed unit `v` from some host `h` to another host, then
    /// puts `u` on `h`. Deterministic: the first such move in host and unit order.
    ///
    /// A try that fails leaves `v` at the end of its host's list (it is taken and put back), so
    /// after all of a host's units failed the list is back in its order. Tries where `u` cannot
    /// fit even without `v` are decided without moving anything ([`Prob::fits_without`]); the
    /// rotation they stand for is applied before the next real try, so every list ends in the
    /// same order as when each try moved units — the layouts are those of the plain loop.
    ///
    /// A try also fails, without moving anything, when `v` is larger in some dimension than the
    /// room any other host has there ([`Rooms`]): failing tries leave the layout as it was
    /// (but for the rotation), so the rooms stay those of the layout on entry.
    fn eject_for(&self, st: &mut Layout, u: usize, fill: Fill) -> bool {
        let rooms = Rooms::of(st);
        for h in 0..st.on.len() {
            let placed = st.on[h].clone();
            let mut pending = 0;
            for v in placed {
                if !self.fits_without(st, u, h, v) || !rooms.some_other_takes(&self.demand[v], h) {
                    pending += 1;
                    continue;
                }
                st.on[h].rotate_left(pending);
                pending = 0;
                self.take(st, v, h);
                if self.fits(st, u, h) {
                    self.put(st, u, h);
                    if let Some(g) = self.choose(st, v, fill, Some(h)) {
                        self.put(st, v, g);
                        return true;
                    }
                    self.take(st, u, h);
                }
                self.put(st, v, h);
            }
            st.on[h].rotate_left(pending);
        }
        false
    }

    /// Whether `u` would fit on `h` once `v` (on `h`) is taken off, without changing `st`.
    fn fits_without(&self, st: &Layout, u: usize, h: usize, v: usize) -> bool {
        let (du, dv) = (&self.demand[u], &self.demand[v]);
        let room = (0..self.dims).all(|d| st.load[h][d] - dv[d] + du[d] <= st.caps[h][d]);
        room && self.groups[u].iter().all(|g| {
            let held = st.groups[h].iter().filter(|x| *x == g).count();
            held <= self.groups[v].iter().filter(|x| *x == g).count()
        })
    }
}

/// The two largest rooms (capacity − load) per dimension over a layout's hosts, with their
/// hosts: a unit larger in some dimension than every other host's room there fits no other host.
struct Rooms {
    top: Vec<[(u64, usize); 2]>,
}

impl Rooms {
    fn of(st: &Layout) -> Rooms {
        let dims = st.caps.first().map_or(0, Vec::len);
        let mut top = vec![[(0u64, usize::MAX); 2]; dims];
        for (g, (cap, load)) in st.caps.iter().zip(&st.load).enumerate() {
            for (t, (c, l)) in top.iter_mut().zip(cap.iter().zip(load)) {
                let free = c.saturating_sub(*l);
                if free > t[0].0 {
                    t[1] = t[0];
                    t[0] = (free, g);
                } else if free > t[1].0 {
                    t[1] = (free, g);
                }
            }
        }
        Rooms { top }
    }

    /// Whether some host other than `h` has room for `demand` in every dimension taken alone
    /// (a necessary condition for it to take the unit).
    fn some_other_takes(&self, demand: &[u64], h: usize) -> bool {
        self.top.iter().zip(demand).all(|(t, &x)| x <= if t[0].1 == h { t[1].0 } else { t[0].0 })
    }
}

/// A layout under construction.
/// 1 / capacity per host and dimension (0 for a zero capacity), so that scoring a host
/// multiplies instead of dividing in every dimension.
fn inverse_of(caps: &[Vec<u64>]) -> Vec<Vec<f64>> {
    caps.iter()
        .map(|c| c.iter().map(|&c| if c == 0 { 0.0 } else { 1.0 / c as f64 }).collect())
        .collect()
}

struct Layout {
    load: Vec<Vec<u64>>,
    /// Each host's busiest CPU hour ([`busiest`] of its load).
    peak: Vec<u64>,
    /// Each host's smallest hourly CPU limit.
    floor: Vec<u64>,
    /// Each host's largest reciprocal of an hourly CPU limit.
    top_inverse: Vec<f64>,
    on: Vec<Vec<usize>>,
    /// Redundancy groups of the units on each host, one entry per unit and group (a
    /// multiset: taking a unit removes one entry per group).
    groups: Vec<Vec<usize>>,
    caps: Vec<Vec<u64>>,
    /// [`inverse_of`] the caps.
    inverse: Vec<Vec<f64>>,
}

impl Layout {
    /// Empty hosts with these limits (dimensions: the CPU hours, then vCPUs, then memory).
    fn new(caps: Vec<Vec<u64>>) -> Layout {
        let n = caps.len();
        let dims = caps.first().map_or(2, Vec::len);
        let inverse = inverse_of(&caps);
        Layout {
            load: vec![vec![0u64; dims]; n],
            peak: vec![0; n],
            floor: caps.iter().map(|c| c[..dims - 2].iter().copied().min().unwrap_or(0)).collect(),
            top_inverse: inverse
                .iter()
                .map(|r| r[..dims - 2].iter().copied().fold(0.0, f64::max))
                .collect(),
            on: vec![Vec::new(); n],
            groups: vec![Vec::new(); n],
            caps,
            inverse,
        }
    }
}

/// The largest CPU-hour value of a demand or load vector (every dimension but the last two).
fn busiest(v: &[u64]) -> u64 {
    v[..v.len().saturating_sub(2)].iter().copied().max().unwrap_or(0)
}

/// Which units a construction places first.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    /// Largest share of a host in any resource.
    Largest,
    /// Largest sum of shares.
    Sum,
    /// Most memory.
    Memory,
}

/// How a construction chooses a host for each unit.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fill {
    /// The host left least loaded (spreads headroom for failover).
    Spread,
    /// Spread, each host kept to its even share of the failover room.
    Reserve,
    /// The host left fullest (keeps whole hosts free).
    Tight,
    /// Spread, the first k hosts keeping room for the largest unit after a failure.
    Keep,
}
