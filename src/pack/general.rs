//! General problems: several bin types with different capacities and costs, count limits per
//! type, and conflict groups (items of a group in pairwise different bins).
//!
//! The objective is the total cost, so the engine must choose the mix of types. Strategy:
//! - proven infeasibility first (a conflict group larger than the bins allowed, capacity of
//!   all allowed bins below the total demand, an item whose only fitting types allow no bin);
//! - candidates: first-fit decreasing itself (so the answer is never worse than it), a greedy
//!   portfolio (orders × placement × which type to open), and, without conflicts, the plain
//!   engine run with each type alone;
//! - improvement: large-neighbourhood search that empties the least-used bins, reinserts their
//!   items and reopens the cheapest mix, with every bin shrunk to the cheapest type that holds
//!   its content;
//! - lower bound: max of the continuous bound, the conflict bound and the LP bound over all
//!   types (column generation with the count limits and conflicts relaxed).
//!
//! Everything is seeded and budgeted like the plain path; results are combined by (cost,
//! index).

use super::budget::{Stop, Work};
use super::colgen::{self, Class, Types};
use super::plain::Plain;
use super::rng::Rng;
use super::solver::{Engine, PackStats};
use super::{FirstFitDecreasing, PackError, PackOptions, PackedBin, Packer, Packing, Problem};
use rayon::prelude::*;
use std::time::Duration;

/// One open bin.
#[derive(Debug, Clone)]
struct GBin {
    t: usize,
    items: Vec<u32>,
    load: Vec<u64>,
    /// Conflict groups present (sorted).
    groups: Vec<u32>,
}

/// A layout: bins and total cost.
#[derive(Debug, Clone)]
struct GSol {
    bins: Vec<GBin>,
}

/// The instance in the form the general heuristics use.
struct Gen<'a> {
    prob: &'a Problem,
    n: usize,
    d: usize,
    /// Conflict groups of each item (sorted).
    groups_of: Vec<Vec<u32>>,
    /// Normalised size (by the largest capacity per dimension).
    size: Vec<f64>,
    /// Reference capacity per dimension (largest over types, at least 1).
    refcap: Vec<f64>,
}

impl<'a> Gen<'a> {
    fn new(prob: &'a Problem) -> Self {
        let n = prob.len();
        let d = prob.dims();
        let mut groups_of: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (g, group) in prob.conflict_groups().iter().enumerate() {
            if group.len() > 1 {
                for &i in group {
                    groups_of[i].push(g as u32);
                }
            }
        }
        let refcap: Vec<f64> = (0..d)
            .map(|j| {
                prob.bin_types().iter().map(|t| t.capacity[j]).max().unwrap_or(1).max(1) as f64
            })
            .collect();
        let size = (0..n)
            .map(|i| prob.demand(i).iter().zip(&refcap).map(|(&w, c)| w as f64 / c).sum())
            .collect();
        Gen { prob, n, d, groups_of, size, refcap }
    }

    fn cap(&self, t: usize) -> &[u64] {
        &self.prob.bin_types()[t].capacity
    }

    fn cost(&self, t: usize) -> u64 {
        self.prob.bin_types()[t].cost
    }

    fn types(&self) -> usize {
        self.prob.bin_types().len()
    }

    fn max_count(&self, t: usize) -> usize {
        self.prob.bin_types()[t].max_count.unwrap_or(usize::MAX)
    }

    /// Whether item i fits bin b (capacity and conflicts).
    fn fits(&self, b: &GBin, i: usize) -> bool {
        let w = self.prob.demand(i);
        let cap = self.cap(b.t);
        (0..self.d).all(|j| w[j] <= cap[j] - b.load[j])
            && self.groups_of[i].iter().all(|g| b.groups.binary_search(g).is_err())
    }

    fn add(&self, b: &mut GBin, i: usize) {
        let w = self.prob.demand(i);
        for j in 0..self.d {
            b.load[j] += w[j];
        }
        b.items.push(i as u32);
        for &g in &self.groups_of[i] {
            if let Err(pos) = b.groups.binary_search(&g) {
                b.groups.insert(pos, g);
            }
        }
    }

    fn empty_bin(&self, t: usize) -> GBin {
        GBin { t, items: Vec::new(), load: vec![0; self.d], groups: Vec::new() }
    }

    fn sol_cost(&self, s: &GSol) -> u64 {
        s.bins.iter().map(|b| self.cost(b.t)).sum()
    }

    fn counts(&self, s: &GSol) -> Vec<usize> {
        let mut c = vec![0; self.types()];
        for b in &s.bins {
            c[b.t] += 1;
        }
        c
    }

    /// Room left in bin b after its load, normalised (smaller = fuller).
    fn room_after(&self, b: &GBin, i: usize) -> f64 {
        let cap = self.cap(b.t);
        let w = self.prob.demand(i);
        (0..self.d).map(|j| (cap[j] - b.load[j] - w[j]) as f64 / self.refcap[j]).sum()
    }

    /// Utilisation of a bin relative to its cost: lower means a better candidate to empty.
    fn usefulness(&self, b: &GBin) -> f64 {
        let cap = self.cap(b.t);
        let fill: f64 = (0..self.d)
            .filter(|&j| cap[j] > 0)
            .map(|j| b.load[j] as f64 / cap[j] as f64)
            .fold(0.0, f64::max);
        fill
    }

    /// Type to open for item i: `prefer` when it fits and has room in its count, else the
    /// fitting type with the lowest cost per unit of (reference) capacity.
    fn open_type(&self, i: usize, prefer: Option<usize>, counts: &[usize]) -> Option<usize> {
        let ok = |t: usize| counts[t] < self.max_count(t) && self.prob.fits_alone(i, t);
        if let Some(t) = prefer
            && ok(t)
        {
            return Some(t);
        }
        (0..self.types())
            .filter(|&t| ok(t))
            .min_by(|&a, &b| self.efficiency(a).total_cmp(&self.efficiency(b)).then(a.cmp(&b)))
    }

    /// Cost per unit of normalised capacity.
    fn efficiency(&self, t: usize) -> f64 {
        let c: f64 = (0..self.d).map(|j| self.cap(t)[j] as f64 / self.refcap[j]).sum();
        self.cost(t) as f64 / c.max(1e-12)
    }

    /// Greedy construction; `best_fit` places into the fullest fitting bin, else the first.
    fn greedy(&self, order: &[u32], best_fit: bool, prefer: Option<usize>) -> Option<GSol> {
        let mut sol = GSol { bins: Vec::new() };
        let mut counts = vec![0usize; self.types()];
        for &i in order {
            let i = i as usize;
            let mut chosen: Option<(f64, usize)> = None;
            for (k, b) in sol.bins.iter().enumerate() {
                if self.fits(b, i) {
                    if !best_fit {
                        chosen = Some((0.0, k));
                        break;
                    }
                    let r = self.room_after(b, i);
                    if chosen.is_none_or(|(br, _)| r < br) {
                        chosen = Some((r, k));
                    }
                }
            }
            let k = match chosen {
                Some((_, k)) => k,
                None => {
                    let t = self.open_type(i, prefer, &counts)?;
                    counts[t] += 1;
                    sol.bins.push(self.empty_bin(t));
                    sol.bins.len() - 1
                }
            };
            let mut b = std::mem::replace(&mut sol.bins[k], self.empty_bin(0));
            self.add(&mut b, i);
            sol.bins[k] = b;
        }
        self.downsize(&mut sol);
        Some(sol)
    }

    /// Gives every bin the cheapest type that holds its content (within the count limits).
    fn downsize(&self, sol: &mut GSol) {
        self.downsize_from(sol, 0);
    }

    /// Packs `items` into new bins added to `sol`, trying each type as the one to open and
    /// keeping the cheapest outcome. False when no option places every item.
    fn open_for(&self, sol: &mut GSol, items: &[u32]) -> bool {
        if items.is_empty() {
            return true;
        }
        let counts = self.counts(sol);
        let mut best: Option<(u64, Vec<GBin>)> = None;
        let options: Vec<Option<usize>> =
            std::iter::once(None).chain((0..self.types()).map(Some)).collect();
        for prefer in options {
            let mut c = counts.clone();
            let mut new: Vec<GBin> = Vec::new();
            let mut ok = true;
            for &i in items {
                let i = i as usize;
                let mut placed = false;
                for b in new.iter_mut() {
                    if self.fits(b, i) {
                        self.add(b, i);
                        placed = true;
                        break;
                    }
                }
                if !placed {
                    let Some(t) = self.open_type(i, prefer, &c) else {
                        ok = false;
                        break;
                    };
                    c[t] += 1;
                    let mut b = self.empty_bin(t);
                    self.add(&mut b, i);
                    new.push(b);
                }
            }
            if !ok {
                continue;
            }
            let mut tmp = GSol { bins: new };
            // shrink the new bins given the counts used elsewhere
            let mut all = GSol { bins: sol.bins.clone() };
            let base = all.bins.len();
            all.bins.append(&mut tmp.bins);
            self.downsize_from(&mut all, base);
            let new: Vec<GBin> = all.bins.split_off(base);
            let cost: u64 = new.iter().map(|b| self.cost(b.t)).sum();
            if best.as_ref().is_none_or(|(bc, _)| cost < *bc) {
                best = Some((cost, new));
            }
        }
        match best {
            Some((_, mut new)) => {
                sol.bins.append(&mut new);
                true
            }
            None => false,
        }
    }

    /// [`Gen::downsize`] for the bins from index `from` on.
    fn downsize_from(&self, sol: &mut GSol, from: usize) {
        let mut counts = self.counts(sol);
        let mut by_cost: Vec<usize> = (0..self.types()).collect();
        by_cost.sort_by_key(|&t| (self.cost(t), t));
        for b in sol.bins[from..].iter_mut() {
            for &t in &by_cost {
                if self.cost(t) >= self.cost(b.t) {
                    break;
                }
                let cap = self.cap(t);
                if counts[t] < self.max_count(t) && (0..self.d).all(|j| b.load[j] <= cap[j]) {
                    counts[b.t] -= 1;
                    counts[t] += 1;
                    b.t = t;
                    break;
                }
            }
        }
    }

    /// Large-neighbourhood search: empty a few bins (the least used, or random ones), reinsert
    /// their items by best fit, open the cheapest bins for the rest; keep non-worsening moves.
    fn lns(&self, mut cur: GSol, lb: u64, work: &mut Work, rng: &mut Rng, stop: &Stop) -> GSol {
        let mut cur_cost = self.sol_cost(&cur);
        let mut best = cur.clone();
        let mut best_cost = cur_cost;
        let mut iter = 0u64;
        while best_cost > lb && work.left() && !cur.bins.is_empty() {
            iter += 1;
            if iter.is_multiple_of(16) && (stop.expired() || best_cost <= stop.lower_bound()) {
                break;
            }
            let mut cand = cur.clone();
            let nb = cand.bins.len();
            let r = 1 + rng.below(nb.min(3));
            let mut victims: Vec<usize> = Vec::new();
            // one of the three least useful bins, then random ones
            let mut idx: Vec<usize> = (0..nb).collect();
            idx.sort_by(|&a, &b| {
                self.usefulness(&cand.bins[a])
                    .total_cmp(&self.usefulness(&cand.bins[b]))
                    .then(a.cmp(&b))
            });
            victims.push(idx[rng.below(nb.min(3))]);
            while victims.len() < r {
                let v = rng.below(nb);
                if !victims.contains(&v) {
                    victims.push(v);
                }
            }
            victims.sort_unstable();
            let mut pool: Vec<u32> = Vec::new();
            for &v in victims.iter().rev() {
                pool.extend(cand.bins.swap_remove(v).items);
            }
            pool.sort_by(|&a, &b| {
                self.size[b as usize].total_cmp(&self.size[a as usize]).then(a.cmp(&b))
            });
            let mut left: Vec<u32> = Vec::new();
            for &i in &pool {
                let i = i as usize;
                let mut chosen: Option<(f64, usize)> = None;
                for (k, b) in cand.bins.iter().enumerate() {
                    if self.fits(b, i) {
                        let r = self.room_after(b, i);
                        if chosen.is_none_or(|(br, _)| r < br) {
                            chosen = Some((r, k));
                        }
                    }
                }
                match chosen {
                    Some((_, k)) => {
                        let mut b = std::mem::replace(&mut cand.bins[k], self.empty_bin(0));
                        self.add(&mut b, i);
                        cand.bins[k] = b;
                    }
                    None => left.push(i as u32),
                }
            }
            work.spend((pool.len() * (cand.bins.len() + 1)) as u64 + 1);
            if !self.open_for(&mut cand, &left) {
                continue;
            }
            self.downsize(&mut cand);
            let c = self.sol_cost(&cand);
            if c <= cur_cost {
                cur = cand;
                cur_cost = c;
                if c < best_cost {
                    best = cur.clone();
                    best_cost = c;
                    stop.lower_upper_bound(c);
                }
            }
        }
        best
    }

    fn sol_of_packing(&self, p: &Packing) -> GSol {
        let mut sol = GSol { bins: Vec::new() };
        for pb in &p.bins {
            let mut b = self.empty_bin(pb.bin_type);
            for &i in &pb.items {
                self.add(&mut b, i);
            }
            sol.bins.push(b);
        }
        sol
    }
}

/// Infeasibility that can be proven cheaply, with the reason.
fn proven_infeasible(g: &Gen) -> Option<String> {
    let prob = g.prob;
    for i in 0..g.n {
        if !(0..g.types()).any(|t| g.max_count(t) > 0 && prob.fits_alone(i, t)) {
            return Some(format!("item {i} fits only bin types that allow no bin (max_count 0)"));
        }
    }
    let bounded = prob.bin_types().iter().all(|t| t.max_count.is_some());
    if bounded {
        let total: usize = (0..g.types()).map(|t| g.max_count(t)).sum();
        for (k, group) in prob.conflict_groups().iter().enumerate() {
            if group.len() > total {
                return Some(format!(
                    "conflict group {k} has {} items that need distinct bins, but at most {total} \
                     bins are allowed",
                    group.len()
                ));
            }
        }
        for j in 0..g.d {
            let demand: u128 = (0..g.n).map(|i| u128::from(prob.demand(i)[j])).sum();
            let cap: u128 =
                (0..g.types()).map(|t| g.max_count(t) as u128 * u128::from(g.cap(t)[j])).sum();
            if demand > cap {
                return Some(format!(
                    "dimension {j}: total demand {demand} exceeds the capacity {cap} of all \
                     allowed bins"
                ));
            }
        }
    }
    None
}

/// Node budget of [`exhaustive_layout`] (a count, so answers do not depend on timing).
const EXHAUSTIVE_NODES: u64 = 200_000;

/// Every layout tried, item by item (largest first) into each open bin it fits or a new bin of
/// each type the count limits still allow — complete, since new bins of one type are
/// interchangeable. For the small problems whose limits defeat the greedy heuristics (two bins
/// of different shapes, each allowed once, say). `Some(Some(layout))`: found; `Some(None)`:
/// proven that none exists; `None`: the node budget ran out first.
fn exhaustive_layout(g: &Gen, node_limit: u64) -> Option<Option<GSol>> {
    let mut order: Vec<usize> = (0..g.n).collect();
    order.sort_by(|&a, &b| g.size[b].total_cmp(&g.size[a]).then(a.cmp(&b)));
    let mut search = Exhaustive {
        g,
        order,
        bins: Vec::new(),
        counts: vec![0; g.types()],
        nodes: 0,
        limit: node_limit,
    };
    match search.place(0) {
        Some(true) => Some(Some(GSol { bins: search.bins })),
        Some(false) => Some(None),
        None => None,
    }
}

/// The state of [`exhaustive_layout`].
struct Exhaustive<'a, 'b> {
    g: &'b Gen<'a>,
    order: Vec<usize>,
    bins: Vec<GBin>,
    counts: Vec<usize>,
    nodes: u64,
    limit: u64,
}

impl Exhaustive<'_, '_> {
    /// Places items `order[k..]`: `Some(true)` when all are placed (the bins hold the layout),
    /// `Some(false)` when no placement exists, `None` when the budget ran out.
    fn place(&mut self, k: usize) -> Option<bool> {
        if k == self.order.len() {
            return Some(true);
        }
        self.nodes += 1;
        if self.nodes > self.limit {
            return None;
        }
        let i = self.order[k];
        for b in 0..self.bins.len() {
            if self.g.fits(&self.bins[b], i) && self.with(b, i, k)? {
                return Some(true);
            }
        }
        for t in 0..self.g.types() {
            if self.counts[t] >= self.g.max_count(t) || !self.g.prob.fits_alone(i, t) {
                continue;
            }
            self.bins.push(self.g.empty_bin(t));
            self.counts[t] += 1;
            if self.with(self.bins.len() - 1, i, k)? {
                return Some(true);
            }
            self.counts[t] -= 1;
            self.bins.pop();
        }
        Some(false)
    }

    /// Item `i` in bin `b`, then the rest; undone when the rest cannot be placed.
    fn with(&mut self, b: usize, i: usize, k: usize) -> Option<bool> {
        let saved = self.bins[b].clone();
        self.g.add(&mut self.bins[b], i);
        let placed = self.place(k + 1)?;
        if !placed {
            self.bins[b] = saved;
        }
        Some(placed)
    }
}

/// Cheap lower bounds on the cost: continuous, and the largest conflict group times the
/// cheapest bin.
fn quick_bound(g: &Gen) -> u64 {
    let cont = super::ffd::continuous_bound(g.prob);
    let cheapest = (0..g.types()).map(|t| g.cost(t)).min().unwrap_or(0);
    let biggest_group =
        g.prob.conflict_groups().iter().map(|gr| gr.len()).max().unwrap_or(0).min(g.n);
    let conflict = cheapest.saturating_mul(biggest_group as u64);
    // At least one bin when there is an item.
    let one = if g.n > 0 { cheapest } else { 0 };
    cont.max(conflict).max(one)
}

/// Packs a general problem.
pub(crate) fn pack(
    engine: &Engine,
    problem: &Problem,
    options: &PackOptions,
    stop: &Stop,
    stats: &mut PackStats,
) -> Result<Packing, PackError> {
    let g = Gen::new(problem);
    if let Some(reason) = proven_infeasible(&g) {
        return Err(PackError::Infeasible(reason));
    }
    let mut lb = quick_bound(&g);
    stop.raise_lower_bound(lb);
    stats.quick_bound = lb;
    let has_conflicts = problem.conflict_groups().iter().any(|gr| gr.len() > 1);

    // Candidates, each (cost, solution, method); the first is FFD itself.
    let mut cands: Vec<(u64, GSol, String)> = Vec::new();
    if let Ok(ffd) = FirstFitDecreasing.pack(problem, options) {
        let s = g.sol_of_packing(&ffd);
        cands.push((g.sol_cost(&s), s, "ffd".into()));
    }
    // Greedy portfolio.
    let mut orders: Vec<Vec<u32>> = Vec::new();
    let mut o: Vec<u32> = (0..g.n as u32).collect();
    o.sort_by(|&a, &b| g.size[b as usize].total_cmp(&g.size[a as usize]).then(a.cmp(&b)));
    orders.push(o.clone());
    let maxkey: Vec<f64> = (0..g.n)
        .map(|i| {
            problem.demand(i).iter().zip(&g.refcap).map(|(&w, c)| w as f64 / c).fold(0.0, f64::max)
        })
        .collect();
    o.sort_by(|&a, &b| maxkey[b as usize].total_cmp(&maxkey[a as usize]).then(a.cmp(&b)));
    orders.push(o.clone());
    if has_conflicts {
        // items with the most conflicts first, then by size
        o.sort_by(|&a, &b| {
            g.groups_of[b as usize]
                .len()
                .cmp(&g.groups_of[a as usize].len())
                .then(g.size[b as usize].total_cmp(&g.size[a as usize]))
                .then(a.cmp(&b))
        });
        orders.push(o);
    }
    let mut configs: Vec<(usize, bool, Option<usize>)> = Vec::new();
    for oi in 0..orders.len() {
        for bf in [false, true] {
            configs.push((oi, bf, None));
            for t in 0..g.types() {
                configs.push((oi, bf, Some(t)));
            }
        }
    }
    let greedy: Vec<Option<GSol>> =
        configs.par_iter().map(|&(oi, bf, pref)| g.greedy(&orders[oi], bf, pref)).collect();
    for (k, s) in greedy.into_iter().enumerate() {
        if let Some(s) = s {
            let (oi, bf, pref) = configs[k];
            let name = format!(
                "greedy-{}-{}-{}",
                ["sum", "max", "conflicts"][oi],
                if bf { "bf" } else { "ff" },
                pref.map(|t| problem.bin_types()[t].name.clone()).unwrap_or("cheapest".into())
            );
            cands.push((g.sol_cost(&s), s, name));
        }
    }
    // Without conflicts: the plain engine with each type alone (limits permitting).
    if !has_conflicts && !stop.expired() {
        let slice = options.time_limit.div_f64((g.types() + 1) as f64);
        for t in 0..g.types() {
            if !(0..g.n).all(|i| problem.fits_alone(i, t)) || stop.expired() {
                continue;
            }
            let p = Plain::new(g.cap(t), problem.demands_flat());
            let sub = Stop::new(slice.min(Duration::from_secs_f64(
                (options.time_limit.as_secs_f64() - stop.elapsed()).max(0.0),
            )));
            let r = engine.solve_plain(&p, options, &sub);
            stop.absorb(&sub);
            if g.types() == 1 && r.lower_bound > g.max_count(t) as u64 {
                return Err(PackError::Infeasible(format!(
                    "at least {} bins of type {} are needed, at most {} are allowed",
                    r.lower_bound,
                    problem.bin_types()[t].name,
                    g.max_count(t)
                )));
            }
            if r.bins.len() <= g.max_count(t) {
                let mut s = GSol { bins: Vec::new() };
                for bin in &r.bins {
                    let mut b = g.empty_bin(t);
                    for &i in bin {
                        g.add(&mut b, i as usize);
                    }
                    s.bins.push(b);
                }
                g.downsize(&mut s);
                cands.push((g.sol_cost(&s), s, format!("engine-{}", problem.bin_types()[t].name)));
            }
        }
    }
    if cands.is_empty() {
        // The heuristics placed nothing within the limits: search every layout (small problems).
        match exhaustive_layout(&g, EXHAUSTIVE_NODES) {
            Some(Some(s)) => cands.push((g.sol_cost(&s), s, "exhaustive".into())),
            Some(None) => {
                return Err(PackError::Infeasible(
                    "no layout exists within the bin-count limits and conflict groups (every \
                     placement tried)"
                        .into(),
                ));
            }
            None => {}
        }
    }
    let Some(best_idx) = (0..cands.len()).min_by_key(|&k| (cands[k].0, k)) else {
        let lbs = lb;
        return Err(PackError::Infeasible(format!(
            "no layout found within the bin-count limits and conflict groups (not proven \
             impossible; cost lower bound {lbs})"
        )));
    };
    let (mut best_cost, mut best, mut method) = cands.swap_remove(best_idx);
    stats.heuristic_cost = best_cost;
    stop.lower_upper_bound(best_cost);

    // LP bound (relaxing limits and conflicts) beside the improvement search.
    if best_cost > lb && !stop.expired() {
        let start = best.clone();
        let (cg, improved) = rayon::join(
            || {
                let per_bin = g.n as f64 / start.bins.len().max(1) as f64;
                let caps: Vec<u64> = g.refcap.iter().map(|&c| c as u64).collect();
                (engine.config.lp_bound && colgen::worthwhile(g.d, &caps, per_bin))
                    .then(|| lp_bound(&g, &start, stop))
            },
            || {
                let units =
                    engine.config.min_search_work.max(engine.config.search_effort * g.n as u64)
                        / 20;
                let mut work = Work::new(units);
                let mut rng = Rng::stream(options.seed, 7);
                g.lns(start.clone(), lb, &mut work, &mut rng, stop)
            },
        );
        if let Some(b) = cg {
            stats.lp_bound = Some(b);
            lb = lb.max(b);
        }
        let c = g.sol_cost(&improved);
        if c < best_cost {
            best_cost = c;
            best = improved;
            method = format!("{method}+lns");
        }
    }
    let lb = lb.min(best_cost);
    let mut bins: Vec<PackedBin> = best
        .bins
        .into_iter()
        .map(|b| {
            let mut items: Vec<usize> = b.items.into_iter().map(|i| i as usize).collect();
            items.sort_unstable();
            PackedBin { bin_type: b.t, items }
        })
        .filter(|b| !b.items.is_empty())
        .collect();
    bins.sort_by(|a, b| a.items.cmp(&b.items));
    Ok(Packing { bins, lower_bound: lb, proven_optimal: best_cost == lb, method })
}

/// LP bound over all types (count limits and conflicts relaxed).
fn lp_bound(g: &Gen, start: &GSol, stop: &Stop) -> u64 {
    // Keep the dimensions some item uses, with the largest capacity as the reference.
    let refcap: Vec<u64> = g.refcap.iter().map(|&c| c as u64).collect();
    let p = Plain::new(&refcap, g.prob.demands_flat());
    let ty = Types::of(&p);
    let classes: Vec<Class> = (0..g.types())
        .map(|t| Class { cap: p.keep.iter().map(|&j| g.cap(t)[j]).collect(), cost: g.cost(t) })
        .collect();
    let start: Vec<(usize, super::knapsack::Pattern)> =
        start.bins.iter().map(|b| (b.t, ty.pattern(&b.items))).collect();
    colgen::lp_bound_classes(&ty, &classes, &start, None, stop, &colgen::CgParams::default()).bound
}
