//! The plain solver, used by the engine on single-type problems and by the general solver on
//! each host type alone: quick bounds, the heuristic portfolio, exact filling of zero-slack
//! instances, in parallel the LP side (column generation, then the integer program over its
//! patterns and branch-and-price) and the improvement searches, and the exact search on small
//! instances. It imports neither the engine's dispatch (`engine`) nor the general solver
//! (`general`), which both call it.
//!
//! Determinism: every search runs on a fixed work budget with its own seeded generator, and
//! parallel results are combined by (cost, index). Sharing the lower bound between threads
//! only changes *when* a search stops, never the layout it returns, because a search only
//! replaces its best layout by a strictly better one and stops at the bound. The wall-clock
//! limit is a safety net: when it fires (see [`PackStats::time_limit_hit`]) the answer depends
//! on timing.

use super::budget::{Race, Stop};
use super::plain::{Bins, Plain, canonical};
use super::{
    PackOptions, bnp, bounds, colgen, cover, exact, exactfill, heuristics, knapsack, lns, milp,
    search, setcover,
};
use rayon::prelude::*;

/// Tuning of the engine. `Default` is for one instance at a time (`consolidate pack`, the
/// harness); [`EngineConfig::planning`] is what the planner uses.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// Work budget of the improvement search, in move evaluations per item (the search on an
    /// instance of n items gets `search_effort × n` units, at least `min_search_work`).
    pub search_effort: u64,
    /// Floor of the search budget, in move evaluations.
    pub min_search_work: u64,
    /// Compute the LP (column generation) bound when the quick bounds leave a gap.
    pub lp_bound: bool,
    /// After column generation, search for a better layout by branch-and-price (`bnp`).
    pub branch_and_price: bool,
    /// Work budget of branch-and-price (simplex pivots × rows + pricing work).
    pub bnp_work: u64,
    /// Share of the time left that the integer program over the root's patterns (`milp`, by
    /// good_lp's microlp) may use before branch-and-price; 0 skips it. Its backend stops on
    /// the clock only, so a run it cuts is reported in `PackStats::time_limit_hit`.
    pub milp_share: f64,
    /// Run the exact search on instances up to this many items when a gap remains.
    pub exact_max_items: usize,
    /// Node limit of one exact search.
    pub exact_nodes: u64,
    /// Independent improvement searches (different seeds) run in parallel.
    pub search_threads: usize,
    /// Parameters of the tabu search.
    pub tuning: search::Tuning,
    /// Rounds of the decomposition search on large instances.
    pub large_rounds: u64,
    /// Work of the search on one group of the decomposition.
    pub large_group_work: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            search_effort: 400_000,
            min_search_work: 30_000_000,
            lp_bound: true,
            branch_and_price: true,
            bnp_work: 400_000_000,
            milp_share: 0.3,
            exact_max_items: 60,
            exact_nodes: 2_000_000,
            search_threads: 2,
            tuning: search::Tuning::default(),
            large_rounds: 400,
            large_group_work: 300_000,
        }
    }
}

impl EngineConfig {
    /// The preset `consolidate plan` uses. A plan packs many small problems (one per cluster,
    /// host-model option, fiscal year and failure check), so each call gets a small work budget
    /// that finishes long before the wall-clock limit: the plan then never depends on timing,
    /// and a whole inventory plans in seconds. City clusters hold tens of servers, where the
    /// bounds, the exact search and a short improvement search already close the gap.
    pub fn planning() -> Self {
        EngineConfig {
            search_effort: 5_000,
            min_search_work: 300_000,
            exact_nodes: 200_000,
            large_rounds: 40,
            bnp_work: 20_000_000,
            // The planner must not depend on timing: no clock-bound step.
            milp_share: 0.0,
            ..EngineConfig::default()
        }
    }
}

/// From this many items on, the plain path improves by decomposition (`lns`) instead of the
/// whole-layout tabu search and skips the LP bound.
const LARGE_N: usize = 5_000;
/// Bins per sub-problem of the decomposition.
const LARGE_GROUP: usize = 30;

/// Work budget of the exact cover of zero-slack instances with at most three items per bin
/// (about 0.3 s of one core; the 501-item triplets need at most 50 million units in tests
/// over five seeds, the `CL_10` instances at most 10 million).
const COVER_WORK: u64 = 100_000_000;

/// Work budget of the local search for a cover among the root's columns (`setcover`): on the
/// 250- and 500-item vector classes it ends within it, 100 million finds no better layouts.
const COVER_SEARCH_WORK: u64 = 30_000_000;

/// Share of the time left (before 95 % of the limit) the cover search may use.
const COVER_SEARCH_SHARE: f64 = 0.3;

/// Work without a better layout after which an improvement search stops when the LP side
/// runs beside it (at least the work its best layout took), up to 250 items; it grows with
/// the cube of the items beyond (see `stall_work`). The searches mostly reach their final
/// layout within a few million moves on the 250-item vector classes and then hold a core the
/// LP side can use: its pattern searches and branch-and-price run side by side
/// (`lp_layout`), and rayon hands the second of them to the core the searches free.
const STALL_WORK: u64 = 5_000_000;

/// The stall limit of an improvement search on `n` items beside the LP side: `STALL_WORK`
/// up to 250 items, times (n / 250)³ beyond. Why the cube: on 500 items the searches still
/// improve after long stretches and branch-and-price does not reach those sizes within a
/// second; 5 M moves there left 30 more bins on 18 mommessin_new 500-item instances at 1 s
/// than no stall rule, 20 M 10 more, 50 M 2 more.
fn stall_work(n: usize) -> u64 {
    let r = (n as f64 / 250.0).max(1.0);
    (STALL_WORK as f64 * r * r * r).min(u64::MAX as f64 / 2.0) as u64
}

/// Work budget of the exact-fill search on zero-slack instances.
const EXACT_FILL_WORK: u64 = 20_000_000;

/// The packing engine.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    /// Its configuration.
    pub config: EngineConfig,
}

/// What happened during a `pack` call, for reports and the harness.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackStats {
    /// Best quick (combinatorial) bound on the cost.
    pub quick_bound: u64,
    /// LP bound on the cost, when computed (rounded up, proven).
    pub lp_bound: Option<u64>,
    /// Cost of the best constructive heuristic.
    pub heuristic_cost: u64,
    /// True when the wall-clock limit cut some step (the result may then depend on timing).
    pub time_limit_hit: bool,
    /// Seconds spent.
    pub seconds: f64,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn with_config(config: EngineConfig) -> Self {
        Engine { config }
    }

    /// Solves a plain instance (bins counted, not costed).
    pub(crate) fn solve_plain(&self, p: &Plain, options: &PackOptions, stop: &Stop) -> PlainResult {
        let qb = bounds::quick(p);
        let mut lb = qb.best();
        stop.raise_lower_bound(lb);
        let (bins, method) = heuristics::best_of_portfolio(p, stop);
        stop.lower_upper_bound(bins.len() as u64);
        let heuristic_bins = bins.len() as u64;
        let mut best: Bins = bins;
        let mut method = method;
        let mut lp_bound = None;
        if (best.len() as u64) > lb
            && let Some(exact) = cover::solve(p, lb, COVER_WORK, options.seed, stop, 0.5)
        {
            best = exact;
            method = "exact-cover".into();
        } else if (best.len() as u64) > lb
            && let Some(exact) = exactfill::solve(p, lb, options.seed, EXACT_FILL_WORK, stop, 0.2)
        {
            best = exact;
            method = "exact-fill".into();
        }
        // Zero-slack instances keep time for the exact-fill repair after the searches (the
        // LP side's dive, whose nodes fill their rests exactly, goes first: it closes more
        // of them than an early repair did).
        let zero_slack = (best.len() as u64) > lb && exactfill::zero_slack(p, lb);
        if (best.len() as u64) > lb && p.n >= LARGE_N && !stop.expired() {
            let params = lns::LargeParams {
                rounds: self.config.large_rounds,
                group: LARGE_GROUP,
                group_work: self.config.large_group_work,
                seed: options.seed,
                tuning: self.config.tuning.clone(),
            };
            let improved = lns::improve_large(p, best.clone(), lb, &params, stop);
            if improved.len() < best.len() {
                best = improved;
                method = format!("{method}+lns");
            }
        } else if (best.len() as u64) > lb && !stop.expired() {
            let start = best.clone();
            let per_bin = p.n as f64 / start.len().max(1) as f64;
            let lp_side = self.config.lp_bound && colgen::worthwhile(p.d, &p.cap, per_bin);
            let (cg, improved) = rayon::join(
                || {
                    if !lp_side {
                        return None;
                    }
                    let ty = colgen::Types::of(p);
                    // Column generation may use most of the time left when it starts
                    // (after the exact filling of zero-slack instances).
                    let used = stop.used_fraction().min(1.0);
                    let mut cgp = colgen::CgParams::default();
                    cgp.max_time_fraction = used + cgp.max_time_fraction * (1.0 - used);
                    let cg = colgen::lp_bound(p, &ty, &start, stop, &cgp);
                    let known = lb.max(cg.bound);
                    // The LP side's layouts, aiming below the portfolio's (a fixed target
                    // keeps them deterministic), then below their own.
                    let dived = (self.config.branch_and_price
                        && (start.len() as u64) > known
                        && !stop.expired())
                    .then(|| self.lp_layout(p, &ty, &cg, start.len() as u64, known, stop))
                    .flatten();
                    if let Some((d, _)) = &dived {
                        stop.lower_upper_bound(d.len() as u64);
                    }
                    Some((cg.bound, dived))
                },
                || self.run_searches(p, &start, lb, options, stop, zero_slack, lp_side),
            );
            let mut dived = None;
            if let Some((bound, d)) = cg {
                lp_bound = Some(bound);
                lb = lb.max(bound);
                dived = d;
            }
            if let Some(b) = improved
                && b.len() < best.len()
            {
                best = b;
                method = "tabu".into();
            }
            // The LP side's layout is used only when strictly better: column generation may
            // have stopped early because a search reached the bound (then the LP side's input
            // depends on timing, but the search's layout, optimal, is kept), otherwise both
            // are deterministic.
            if let Some((d, by)) = dived
                && d.len() < best.len()
            {
                best = d;
                method = by.into();
            }
        }
        if zero_slack
            && (best.len() as u64) > lb
            && let Some(fixed) =
                exactfill::repair(p, &best, lb, options.seed, EXACT_FILL_WORK, stop, 0.97)
        {
            best = fixed;
            method = "exact-fill-repair".into();
        }
        // Small instances: exact search for one bin less, which either improves the layout or
        // proves it optimal.
        while (best.len() as u64) > lb && p.n <= self.config.exact_max_items && !stop.expired() {
            match exact::pack_into(p, best.len() - 1, self.config.exact_nodes, stop) {
                exact::Exact::Found(b) => {
                    best = b;
                    method = "exact".into();
                }
                exact::Exact::Impossible => lb = best.len() as u64,
                exact::Exact::Unknown => break,
            }
        }
        lb = lb.min(best.len() as u64);
        let proven = best.len() as u64 == lb;
        PlainResult {
            bins: canonical(best),
            lower_bound: lb,
            proven,
            method,
            quick_bound: qb.best(),
            lp_bound,
            heuristic_bins,
        }
    }

    /// The LP side's layouts after column generation: the root LP solved to convergence
    /// (`bnp::root`), then side by side the searches over its columns (`pattern_layouts`) and
    /// branch-and-price (`bnp`), each aiming below `start` bins and then below its own best,
    /// down to the bound `known`. Returns the best layout and the method that found it.
    fn lp_layout(
        &self,
        p: &Plain,
        ty: &colgen::Types,
        cg: &colgen::CgOutcome,
        start: u64,
        known: u64,
        stop: &Stop,
    ) -> Option<(Bins, &'static str)> {
        let mut params = bnp::BnpParams { work: self.config.bnp_work, ..Default::default() };
        if p.d < 2 {
            // One dimension: the dives fix one pattern per node. Their nodes take 1–5 ms
            // (hard28), so a finer dive is affordable, and rounding up the nearly whole
            // patterns too reached 21 hard28 optima at 1 s against 23.
            params.round_up = f64::INFINITY;
        }
        let pats: Vec<knapsack::Pattern> = cg.patterns.iter().map(|(_, pt)| pt.clone()).collect();
        let (root, spent) = bnp::root(p, ty, &pats, &params, stop);
        params.work = params.work.saturating_sub(spent);
        let target = start.saturating_sub(1);
        if target < known.max(1) {
            return None;
        }
        // Side by side: on one core they run one after the other, as before; a second core
        // (freed by the stalled improvement searches) takes branch-and-price. Each side is
        // deterministic on its own budget; the fewer bins win, the pattern side on a tie.
        let (by_patterns, by_bnp) = rayon::join(
            || self.pattern_layouts(p, ty, &root, target, known, stop),
            || {
                let pats: Vec<knapsack::Pattern> =
                    root.patterns.iter().map(|(_, pt)| pt.clone()).collect();
                let first = first_target(root.master, target, known);
                bnp_layouts(p, ty, &pats, first, target, known, params, stop)
            },
        );
        match (by_patterns, by_bnp) {
            (Some(a), Some(b)) if b.len() < a.0.len() => Some((b, "branch-and-price")),
            (Some(a), _) => Some(a),
            (None, b) => b.map(|b| (b, "branch-and-price")),
        }
    }

    /// The searches over the root's columns: a cover search (vector instances: in one
    /// dimension the dive finds those layouts itself), then the integer program over them
    /// (`milp`, in several dimensions only: in one the pattern MILP's microlp branch and bound
    /// does not close these instances — hard28, triplets — and the dive does better).
    fn pattern_layouts(
        &self,
        p: &Plain,
        ty: &colgen::Types,
        root: &colgen::CgOutcome,
        mut target: u64,
        known: u64,
        stop: &Stop,
    ) -> Option<(Bins, &'static str)> {
        if p.d < 2 {
            return None;
        }
        let mut best = None;
        if let Some(b) = cover_search(p, ty, root, target, known, stop) {
            target = b.len() as u64 - 1;
            best = Some((b, "pattern-cover"));
        }
        if self.config.milp_share > 0.0 && target >= known.max(1) && !stop.expired() {
            let secs = stop.remaining_secs() * self.config.milp_share;
            if let Some(b) = milp::over_patterns(p, ty, root, target, secs, stop) {
                best = Some((b, "pattern-milp"));
            }
        }
        best
    }

    /// Runs the improvement searches (one per seed) in parallel; returns the winner by fewest
    /// bins, then least work to find them, then lowest index (independent of timing). On
    /// zero-slack instances the window of bins is the one-dimensional one. Beside the LP side
    /// (`lp_side`) a search that has stalled stops (see [`STALL_WORK`]).
    #[allow(clippy::too_many_arguments)]
    fn run_searches(
        &self,
        p: &Plain,
        start: &Bins,
        lb: u64,
        options: &PackOptions,
        stop: &Stop,
        zero_slack: bool,
        lp_side: bool,
    ) -> Option<Bins> {
        // Zero-slack instances keep 40 % of the time for the exact-fill repair.
        let time_fraction = if zero_slack { 0.6 } else { 1.0 };
        let work = self.config.min_search_work.max(self.config.search_effort * p.n as u64);
        let mut tuning = self.config.tuning.clone();
        if zero_slack {
            // Every bin of a layout at the bound is full (the vector triplets): the narrow
            // window does better there (the 501-item triplets end 1 bin above the bound with
            // 15 bins, 2–8 with 80).
            tuning.vector_sample = tuning.sample;
        }
        let race = Race::new();
        let runs: Vec<(Bins, u64)> = (0..self.config.search_threads)
            .into_par_iter()
            .map(|k| {
                let params = search::SearchParams {
                    work,
                    seed: options.seed.wrapping_add(k as u64),
                    target: lb,
                    tuning: tuning.clone(),
                    time_fraction,
                    stall: if lp_side { stall_work(p.n) } else { 0 },
                };
                search::improve(p, start.clone(), &params, stop, &race, k)
            })
            .collect();
        let mut winner: Option<(usize, u64, usize)> = None;
        for (k, (b, w)) in runs.iter().enumerate() {
            let key = (b.len(), *w, k);
            if winner.is_none_or(|x| key < x) {
                winner = Some(key);
            }
        }
        winner.map(|(_, _, k)| runs[k].0.clone())
    }
}

/// Branch-and-price's first target: the root LP value rounded up (at least the bound `known`,
/// at most `target`, the most bins worth looking for).
///
/// Why not `target` first: the dives find layouts far above the LP value at once, and then
/// step down one bin per search, a whole dive each, before they reach the bins that matter.
/// The rounded-up LP value is often the optimum itself (on the 250-item vector classes of
/// Mommessin et al. it was for four of five instances traced). Aiming there at once
/// reached 31 of 69 mommessin_new instances an earlier build missed at 1 s, against 10
/// stepping down from the portfolio's layout, the build otherwise the same (see
/// benches/RESULTS.md).
fn first_target(lp_value: f64, target: u64, known: u64) -> u64 {
    if !(lp_value.is_finite() && lp_value > 0.0) {
        return target;
    }
    let rounded = (lp_value - 1e-6).ceil().max(0.0) as u64;
    rounded.max(known.max(1)).min(target)
}

/// Branch-and-price from the root's `patterns`: a layout of `first` bins, else (once) of one
/// more, at most `most`; after each layout found, one bin fewer, down to the bound `known`;
/// all within the work of `params`.
#[allow(clippy::too_many_arguments)]
fn bnp_layouts(
    p: &Plain,
    ty: &colgen::Types,
    patterns: &[knapsack::Pattern],
    first: u64,
    most: u64,
    known: u64,
    mut params: bnp::BnpParams,
    stop: &Stop,
) -> Option<Bins> {
    let mut best = None;
    let mut target = first;
    // Below this the search has nothing left to try (the bound, or a target it failed).
    let mut floor = known.max(1);
    while target >= floor && target <= most && params.work > 0 && !stop.expired() {
        let out = bnp::search(p, ty, patterns, target, &params, stop);
        params.work = params.work.saturating_sub(out.work);
        match out.bins {
            Some(b) => {
                target = b.len() as u64 - 1;
                best = Some(b);
            }
            None if best.is_none() && target == first => {
                floor = first + 1;
                target = first + 1;
            }
            None => break,
        }
    }
    best
}

/// A layout of at most `target` bins among the columns of the root LP (`setcover`), down to
/// the bound `known`.
fn cover_search(
    p: &Plain,
    ty: &colgen::Types,
    root: &colgen::CgOutcome,
    target: u64,
    known: u64,
    stop: &Stop,
) -> Option<Bins> {
    if stop.expired() {
        return None;
    }
    let used = stop.used_fraction().min(1.0);
    let params = setcover::CoverParams {
        work: COVER_SEARCH_WORK,
        seed: 1,
        max_time_fraction: used + (0.95 - used).max(0.0) * COVER_SEARCH_SHARE,
    };
    setcover::search(p, ty, root, target + 1, known, &params, stop)
}

/// Outcome of the plain solver.
#[derive(Debug, Clone)]
pub(crate) struct PlainResult {
    pub bins: Bins,
    pub lower_bound: u64,
    pub proven: bool,
    pub method: String,
    pub quick_bound: u64,
    pub lp_bound: Option<u64>,
    pub heuristic_bins: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;
    use std::time::Duration;

    #[test]
    fn stall_limit_is_flat_to_250_items_then_grows_with_the_cube() {
        assert_eq!(stall_work(20), STALL_WORK);
        assert_eq!(stall_work(250), STALL_WORK);
        assert_eq!(stall_work(500), 8 * STALL_WORK);
        assert!(stall_work(usize::MAX) > 0);
    }

    #[test]
    fn first_target_is_the_rounded_lp_value_within_the_bounds() {
        assert_eq!(first_target(93.37, 98, 91), 94);
        // An integral LP value is its own rounding (within the tolerance).
        assert_eq!(first_target(90.0 + 1e-9, 98, 85), 90);
        // Never below the proven bound, never above the most bins worth looking for.
        assert_eq!(first_target(80.2, 98, 84), 84);
        assert_eq!(first_target(99.5, 98, 84), 98);
        // No LP value: the old start.
        assert_eq!(first_target(0.0, 98, 84), 98);
        assert_eq!(first_target(f64::NAN, 98, 84), 98);
    }

    /// Aimed one bin below the optimum, branch-and-price must fail there (its layouts are
    /// verified) and still return the optimum, found at the raised target.
    #[test]
    fn branch_and_price_aimed_too_low_raises_its_target_once() {
        // Optimum 4: 6+4, 5+5, 7+3, 3+7 in bins of 10.
        let p = Plain::new(&[10], &[6, 4, 5, 5, 7, 3, 3, 7]);
        let ty = colgen::Types::of(&p);
        let stop = Stop::new(Duration::from_secs(5));
        let params = bnp::BnpParams::default();
        let b = bnp_layouts(&p, &ty, &[], 3, 6, 3, params.clone(), &stop).expect("a layout");
        assert!(is_feasible(&p, &b));
        assert_eq!(b.len(), 4);
        // Aimed at the optimum, it is not raised; aimed above, it steps down to it.
        assert_eq!(
            bnp_layouts(&p, &ty, &[], 4, 6, 4, params.clone(), &stop).map(|b| b.len()),
            Some(4)
        );
        assert_eq!(bnp_layouts(&p, &ty, &[], 6, 6, 4, params, &stop).map(|b| b.len()), Some(4));
    }
}
