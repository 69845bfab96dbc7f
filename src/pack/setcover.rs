//! Price-and-branch by local search: a layout of at most k bins chosen among the patterns
//! column generation produced, found by a weighted local search for a set multicover of k
//! columns (after the row-weighting local search of Gao, Weise & Li for set covering,
//! "An efficient local search heuristic with row weighting for the unicost set covering
//! problem", EJOR 246(3), 2015).
//!
//! Why: on the 250- and 500-item vector classes the root's columns often hold a layout a
//! few bins below what the swaps of the tabu search reach, and good_lp's microlp does not
//! find it by branching within the time (`milp`). A cover is enough: an item type covered
//! more often than it has items just leaves a copy out of a bin, and a bin minus items still
//! fits.
//!
//! State: k columns (with repetition). Each step removes the column whose removal uncovers
//! the least weight (not the one just added), adds the column that covers the most weight
//! among those holding a random uncovered item type (not the one just removed), and raises
//! the weight of every type still uncovered, so the search is pushed towards the types that
//! stay uncovered. When every type is covered, the layout is kept and one column is removed
//! to aim one bin lower.
//!
//! Nothing is trusted: the columns found become concrete bins through `milp::to_bins`, which
//! re-checks coverage and feasibility in integers. Determinism: a pure function of its input,
//! its seed and its work budget; the clock only cuts it as a safety net.

use super::budget::{Stop, Work};
use super::colgen::{CgOutcome, Types};
use super::knapsack::Pattern;
use super::milp;
use super::plain::{Bins, Plain};
use super::rng::Rng;

/// Limits of one search.
#[derive(Debug, Clone)]
pub(crate) struct CoverParams {
    /// Work units (about one per coefficient visited).
    pub work: u64,
    /// Seed of the generator.
    pub seed: u64,
    /// Give up once this fraction of the time limit has passed.
    pub max_time_fraction: f64,
}

/// Searches the root's columns (those `milp::columns` keeps) for layouts of fewer than `start`
/// bins, down to `floor` (a proven bound); returns the best layout found.
pub(crate) fn search(
    p: &Plain,
    ty: &Types,
    root: &CgOutcome,
    start: u64,
    floor: u64,
    params: &CoverParams,
    stop: &Stop,
) -> Option<Bins> {
    let k = start.checked_sub(1)?;
    if k < floor.max(1) || root.duals.len() != ty.len() {
        return None;
    }
    let patterns: Vec<Pattern> = root.patterns.iter().map(|(_, pat)| pat.clone()).collect();
    let cols = milp::columns(p, ty, &patterns, &root.duals, root.master, k);
    let demand: Vec<u32> = (0..ty.len()).map(|t| ty.count(t)).collect();
    let mut ls = Cover::new(&cols, &demand, params.seed);
    ls.fill(k as usize);
    let mut work = Work::new(params.work);
    let mut best = None;
    loop {
        if ls.uncovered.is_empty() {
            let counts: Vec<u64> = ls.x.iter().map(|&c| u64::from(c)).collect();
            let bins = counts.iter().sum::<u64>();
            if let Some(b) = milp::to_bins(p, ty, &cols, &counts, bins) {
                best = Some(b);
            }
            if bins <= floor.max(1) {
                break;
            }
            ls.drop_one();
            continue;
        }
        if !work.spend(ls.step()) || stop.expired() || stop.past(params.max_time_fraction) {
            break;
        }
    }
    best
}

/// A subset of `0..n` as a list with each member's place in it: O(1) insertion, removal
/// (the last member takes the removed one's place) and random choice.
struct Members {
    list: Vec<usize>,
    place: Vec<usize>,
}

impl Members {
    fn new(n: usize) -> Self {
        Members { list: Vec::new(), place: vec![usize::MAX; n] }
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn insert(&mut self, v: usize) {
        if self.place[v] == usize::MAX {
            self.place[v] = self.list.len();
            self.list.push(v);
        }
    }

    fn remove(&mut self, v: usize) {
        let at = self.place[v];
        if at != usize::MAX {
            self.list.swap_remove(at);
            if let Some(&moved) = self.list.get(at) {
                self.place[moved] = at;
            }
            self.place[v] = usize::MAX;
        }
    }
}

/// The local search's state.
struct Cover<'a> {
    cols: &'a [Pattern],
    demand: &'a [u32],
    /// Columns holding each type.
    of_type: Vec<Vec<usize>>,
    /// Copies of each column chosen.
    x: Vec<u32>,
    /// The columns chosen at least once.
    chosen: Members,
    /// Coverage of each type.
    cov: Vec<u32>,
    /// Weight of each type.
    w: Vec<u64>,
    /// Types covered less often than they have items.
    uncovered: Members,
    /// Step at which each column last changed (ties go to the oldest), and the tabu moves.
    stamp: Vec<u64>,
    last_added: usize,
    last_removed: usize,
    steps: u64,
    rng: Rng,
}

impl<'a> Cover<'a> {
    fn new(cols: &'a [Pattern], demand: &'a [u32], seed: u64) -> Self {
        let nt = demand.len();
        let mut of_type = vec![Vec::new(); nt];
        for (c, pat) in cols.iter().enumerate() {
            for &(t, _) in pat {
                of_type[t].push(c);
            }
        }
        let mut cover = Cover {
            cols,
            demand,
            of_type,
            x: vec![0; cols.len()],
            chosen: Members::new(cols.len()),
            cov: vec![0; nt],
            w: vec![1; nt],
            uncovered: Members::new(nt),
            stamp: vec![0; cols.len()],
            last_added: usize::MAX,
            last_removed: usize::MAX,
            steps: 0,
            rng: Rng::stream(seed, 7),
        };
        for t in 0..nt {
            cover.refresh(t);
        }
        cover
    }

    /// Keeps the uncovered list in step with the coverage of type `t`.
    fn refresh(&mut self, t: usize) {
        if self.cov[t] < self.demand[t] {
            self.uncovered.insert(t);
        } else {
            self.uncovered.remove(t);
        }
    }

    /// Weight column `c` would newly cover.
    fn gain(&self, c: usize) -> u64 {
        self.cols[c]
            .iter()
            .map(|&(t, a)| {
                let short = self.demand[t].saturating_sub(self.cov[t]);
                self.w[t] * u64::from(a.min(short))
            })
            .sum()
    }

    /// Weight that removing one copy of column `c` would uncover.
    fn loss(&self, c: usize) -> u64 {
        self.cols[c]
            .iter()
            .map(|&(t, a)| {
                let spare = self.cov[t].saturating_sub(self.demand[t]);
                self.w[t] * u64::from(a.saturating_sub(spare))
            })
            .sum()
    }

    fn add(&mut self, c: usize) {
        self.chosen.insert(c);
        self.x[c] += 1;
        for i in 0..self.cols[c].len() {
            let (t, a) = self.cols[c][i];
            self.cov[t] += a;
            self.refresh(t);
        }
        self.stamp[c] = self.steps;
        self.last_added = c;
    }

    fn remove(&mut self, c: usize) {
        self.x[c] -= 1;
        if self.x[c] == 0 {
            self.chosen.remove(c);
        }
        for i in 0..self.cols[c].len() {
            let (t, a) = self.cols[c][i];
            self.cov[t] -= a;
            self.refresh(t);
        }
        self.stamp[c] = self.steps;
        self.last_removed = c;
    }

    /// Greedy start: `k` columns, each the one covering the most weight.
    fn fill(&mut self, k: usize) {
        for _ in 0..k {
            let best = (0..self.cols.len()).max_by_key(|&c| (self.gain(c), std::cmp::Reverse(c)));
            match best {
                Some(c) => self.add(c),
                None => break,
            }
        }
    }

    /// Removes the chosen column of least loss (the layout was a cover: aim one bin lower).
    fn drop_one(&mut self) {
        if let Some(c) = self.cheapest_removal(usize::MAX) {
            self.remove(c);
        }
    }

    /// The chosen column of least loss other than `tabu`, the oldest on ties.
    fn cheapest_removal(&self, tabu: usize) -> Option<usize> {
        self.chosen
            .list
            .iter()
            .copied()
            .filter(|&c| c != tabu)
            .min_by_key(|&c| (self.loss(c), self.stamp[c], c))
    }

    /// One swap; returns the work it took.
    fn step(&mut self) -> u64 {
        self.steps += 1;
        let mut work = self.chosen.len() as u64 * 4;
        // The column just added stays unless it is the only one (then it must go: the
        // number of columns stays k).
        let out =
            self.cheapest_removal(self.last_added).or_else(|| self.cheapest_removal(usize::MAX));
        if let Some(c) = out {
            self.remove(c);
        }
        let t = self.uncovered.list[self.rng.below(self.uncovered.len())];
        let tabu = self.last_removed;
        let add = self.of_type[t]
            .iter()
            .copied()
            .filter(|&c| c != tabu || self.of_type[t].len() == 1)
            .max_by_key(|&c| {
                (self.gain(c), std::cmp::Reverse(self.stamp[c]), std::cmp::Reverse(c))
            });
        work += self.of_type[t].len() as u64 * 4;
        if let Some(c) = add {
            self.add(c);
        }
        for i in 0..self.uncovered.len() {
            let u = self.uncovered.list[i];
            self.w[u] += 1;
        }
        work + self.uncovered.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;
    use std::time::Duration;

    fn root_with(patterns: Vec<Pattern>, nt: usize) -> CgOutcome {
        CgOutcome {
            patterns: patterns.into_iter().map(|pat| (0, pat)).collect(),
            duals: vec![0.0; nt],
            master: 0.0,
            ..CgOutcome::default()
        }
    }

    #[test]
    fn finds_the_cover_among_the_columns_and_aims_lower() {
        let p = Plain::new(&[10], &[6, 4, 5, 5, 7, 3, 3, 7]);
        let ty = Types::of(&p);
        // Types in order of appearance: 6, 4, 5, 7, 3 (counts 1, 1, 2, 2, 2).
        let root = root_with(vec![vec![(0, 1), (1, 1)], vec![(2, 2)], vec![(3, 1), (4, 1)]], 5);
        let stop = Stop::new(Duration::from_secs(5));
        let params = CoverParams { work: 1_000_000, seed: 1, max_time_fraction: 1.0 };
        let b = search(&p, &ty, &root, 8, 1, &params, &stop).expect("a layout");
        assert!(is_feasible(&p, &b));
        assert_eq!(b.len(), 4, "{b:?}");
        assert_eq!(b.iter().map(Vec::len).sum::<usize>(), 8);
        // Not below the floor, and nothing when the start is already at it.
        assert!(search(&p, &ty, &root, 4, 4, &params, &stop).is_none());
    }

    /// On random one-dimensional instances and random columns, whatever the search finds is a
    /// layout of every item exactly once, feasible, with fewer bins than the start.
    #[test]
    fn returns_only_true_layouts_over_the_columns() {
        let mut rng = Rng::new(5);
        for case in 0..200 {
            let n = 3 + rng.below(8);
            let sizes: Vec<u64> = (0..n).map(|_| 1 + rng.below(9) as u64).collect();
            let p = Plain::new(&[10], &sizes);
            let ty = Types::of(&p);
            let nt = ty.len();
            let mut patterns: Vec<Pattern> = Vec::new();
            for _ in 0..rng.below(12) {
                let mut pat: Pattern = Vec::new();
                let mut load = 0;
                for t in 0..nt {
                    if rng.below(3) == 0 && load + ty.w[t][0] <= 10 {
                        load += ty.w[t][0];
                        pat.push((t, 1));
                    }
                }
                if !pat.is_empty() {
                    patterns.push(pat);
                }
            }
            let root = root_with(patterns, nt);
            let stop = Stop::new(Duration::from_secs(5));
            let params = CoverParams { work: 200_000, seed: case, max_time_fraction: 1.0 };
            if let Some(b) = search(&p, &ty, &root, n as u64, 1, &params, &stop) {
                assert!(is_feasible(&p, &b), "case {case}");
                assert!(b.len() < n, "case {case}");
                let mut items: Vec<u32> = b.concat();
                items.sort_unstable();
                assert_eq!(items, (0..n as u32).collect::<Vec<_>>(), "case {case}");
            }
        }
    }
}
