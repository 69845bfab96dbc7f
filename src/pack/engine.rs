//! The packing engine: dispatches a problem to the plain solver (`solver`) or the general
//! solver (`general`), behind the [`Packer`] trait, and reports what happened ([`PackStats`]).
//!
//! Pipeline for one problem:
//! 1. reduce to the plain case when there is a single bin type without limits or conflicts;
//! 2. quick lower bounds and the heuristic portfolio; stop if they meet;
//! 3. in parallel: the LP side (column generation, the integer program over its patterns,
//!    branch-and-price) and the improvement search, which stops as soon as it reaches the
//!    best bound published so far;
//! 4. exact search on small instances when a gap remains.
//!
//! Determinism: see `solver`; the wall-clock limit is a safety net, and when it fires (see
//! [`PackStats::time_limit_hit`]) the answer depends on timing.

use super::budget::Stop;
use super::general;
use super::plain::Plain;
use super::{PackError, PackOptions, PackStats, PackedBin, Packer, Packing, Problem};

use super::Engine;

impl Engine {
    /// Packs and reports statistics beside the packing.
    pub fn pack_with_stats(
        &self,
        problem: &Problem,
        options: &PackOptions,
    ) -> Result<(Packing, PackStats), PackError> {
        problem.check_items_fit()?;
        let stop = Stop::new(options.time_limit);
        let mut stats = PackStats::default();
        let packing = if problem.is_empty() {
            Packing {
                bins: Vec::new(),
                lower_bound: 0,
                proven_optimal: true,
                method: "empty".into(),
            }
        } else if let Some(t) = plain_type(problem) {
            self.pack_plain(problem, t, options, &stop, &mut stats)?
        } else {
            general::pack(self, problem, options, &stop, &mut stats)?
        };
        stats.time_limit_hit = stop.fired();
        stats.seconds = stop.elapsed();
        Ok((packing, stats))
    }

    /// Plain case: a single bin type (any cost) without count limit or conflicts.
    fn pack_plain(
        &self,
        problem: &Problem,
        t: usize,
        options: &PackOptions,
        stop: &Stop,
        stats: &mut PackStats,
    ) -> Result<Packing, PackError> {
        let bt = &problem.bin_types()[t];
        let p = Plain::new(&bt.capacity, problem.demands_flat());
        let r = self.solve_plain(&p, options, stop);
        let cost = bt.cost;
        stats.quick_bound = r.quick_bound * cost;
        stats.lp_bound = r.lp_bound.map(|b| b * cost);
        stats.heuristic_cost = r.heuristic_bins * cost;
        Ok(Packing {
            bins: r
                .bins
                .into_iter()
                .map(|b| PackedBin {
                    bin_type: t,
                    items: b.into_iter().map(|i| i as usize).collect(),
                })
                .collect(),
            lower_bound: r.lower_bound * cost,
            proven_optimal: r.proven,
            method: r.method,
        })
    }
}

/// The single bin type of a problem that is plain up to the cost of a bin.
fn plain_type(problem: &Problem) -> Option<usize> {
    (problem.bin_types().len() == 1
        && problem.bin_types()[0].max_count.is_none()
        && problem.conflict_groups().iter().all(|g| g.len() <= 1))
    .then_some(0)
}

impl Packer for Engine {
    fn name(&self) -> &str {
        "engine"
    }

    fn pack(&self, problem: &Problem, options: &PackOptions) -> Result<Packing, PackError> {
        Engine::pack_with_stats(self, problem, options).map(|(p, _)| p)
    }

    fn pack_with_stats(
        &self,
        problem: &Problem,
        options: &PackOptions,
    ) -> Result<(Packing, PackStats), PackError> {
        Engine::pack_with_stats(self, problem, options)
    }
}
