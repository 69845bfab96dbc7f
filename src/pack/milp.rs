//! Price-and-branch: the integer program over the patterns column generation generated,
//! modelled with `good_lp` and solved by its embedded `microlp` backend.
//!
//! min Σ_p x_p subject to Σ_p a_tp x_p ≥ b_t for every item type t, Σ_p x_p ≤ target,
//! x_p ∈ ℕ — the pattern formulation restricted to the columns the root LP produced (plus one
//! single-type pattern per type, so that it is never empty). On the one-bin misses the root LP
//! already proves the optimum, and its columns usually hold an optimal layout that local search
//! does not find; a MILP solver finds it by branching over those columns. Only columns whose
//! reduced cost under the root duals leaves room within the target are kept (reduced-cost
//! fixing), which keeps the model small.
//!
//! Nothing here is trusted: a backend may return a wrong "optimal" or a rounded value. The
//! answer is rounded to integers, every item type's coverage is re-checked in integer
//! arithmetic, the patterns become concrete bins, and the layout must pass the exact
//! feasibility check before it is returned; otherwise the answer is dropped. The model never
//! claims a bound either: a layout it finds is optimal only when it meets a bound proven
//! elsewhere.

use super::budget::Stop;
use super::colgen::{CgOutcome, Types};
use super::knapsack::Pattern;
use super::plain::{Bins, Plain, is_feasible};
use good_lp::{
    Expression, ProblemVariables, Solution, SolutionStatus, SolverModel, WithMipGap, WithTimeLimit,
    microlp, variable,
};

/// Margin on the reduced-cost filter.
const RC_MARGIN: f64 = 0.25;
/// Most columns handed to the MILP (those of least reduced cost).
const MAX_COLUMNS: usize = 2_500;

/// The MILP over the root's patterns for a layout of at most `target` bins; the root's duals
/// and LP value serve the reduced-cost fixing; `seconds` is the backend's time limit. A
/// backend stopped by its time limit is reported to `stop` as a cut by the clock.
pub fn over_patterns(
    p: &Plain,
    ty: &Types,
    root: &CgOutcome,
    target: u64,
    seconds: f64,
    stop: &Stop,
) -> Option<Bins> {
    let patterns: Vec<Pattern> = root.patterns.iter().map(|(_, pat)| pat.clone()).collect();
    let (duals, lp_value) = (&root.duals, root.master);
    let nt = ty.len();
    if nt == 0 || target == 0 || seconds <= 0.0 || duals.len() != nt {
        return None;
    }
    let cols = columns(p, ty, &patterns, duals, lp_value, target);
    let mut vars = ProblemVariables::new();
    let x: Vec<_> = cols
        .iter()
        .map(|pat| {
            let most = pat.iter().map(|&(t, c)| ty.count(t).div_ceil(c)).max().unwrap_or(0);
            vars.add(variable().integer().min(0).max(f64::from(most)))
        })
        .collect();
    let total: Expression = x.iter().copied().sum();
    let mut model = vars
        .minimise(total.clone())
        .using(microlp)
        .with_time_limit(seconds)
        // Any layout within the target will do: the target row already says how good.
        .with_mip_gap(0.99)
        .ok()?;
    let mut rows: Vec<Expression> = vec![Expression::from(0.0); nt];
    for (k, pat) in cols.iter().enumerate() {
        for &(t, c) in pat {
            rows[t] += f64::from(c) * x[k];
        }
    }
    for (t, row) in rows.into_iter().enumerate() {
        model.add_constraint(row.geq(f64::from(ty.count(t))));
    }
    model.add_constraint(total.leq(target as f64));
    let solution = match model.solve() {
        Ok(s) => s,
        Err(_) => {
            if stop.remaining_secs() <= 0.0 {
                stop.mark_cut();
            }
            return None;
        }
    };
    if matches!(solution.status(), SolutionStatus::TimeLimit) {
        stop.mark_cut();
    }
    let counts: Vec<u64> = x.iter().map(|&v| solution.value(v).round().max(0.0) as u64).collect();
    to_bins(p, ty, &cols, &counts, target)
}

/// The columns of the model: single-type patterns, then the generated patterns whose reduced
/// cost fits within the target (least reduced cost first, at most `MAX_COLUMNS`).
pub(super) fn columns(
    p: &Plain,
    ty: &Types,
    patterns: &[Pattern],
    duals: &[f64],
    lp_value: f64,
    target: u64,
) -> Vec<Pattern> {
    let nt = ty.len();
    // Exact reduced-cost fixing would keep rc ≤ target − z; the root LP may have stopped just
    // short of its optimum, so keep a margin (this only sizes a heuristic's model).
    let slack = (target as f64 - lp_value).max(0.0) + RC_MARGIN;
    let mut seen = std::collections::HashSet::new();
    let mut cols: Vec<Pattern> = Vec::new();
    for t in 0..nt {
        let mut most = ty.count(t);
        for j in 0..p.d {
            if let Some(q) = p.cap[j].checked_div(ty.w[t][j]) {
                most = most.min(q.min(u64::from(u32::MAX)) as u32);
            }
        }
        let pat = vec![(t, most.max(1))];
        seen.insert(pat.clone());
        cols.push(pat);
    }
    let mut scored: Vec<(f64, usize)> = patterns
        .iter()
        .enumerate()
        .filter(|(_, pat)| !pat.is_empty() && pat.iter().all(|&(t, _)| t < nt))
        .map(|(k, pat)| {
            let value: f64 = pat.iter().map(|&(t, c)| duals[t] * f64::from(c)).sum();
            (1.0 - value, k)
        })
        .filter(|&(rc, _)| rc <= slack)
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, k) in scored {
        if cols.len() >= MAX_COLUMNS + nt {
            break;
        }
        if seen.insert(patterns[k].clone()) {
            cols.push(patterns[k].clone());
        }
    }
    cols
}

/// Checks a solution in integers and turns it into bins: every type covered, at most `target`
/// bins, every bin feasible.
pub(super) fn to_bins(
    p: &Plain,
    ty: &Types,
    cols: &[Pattern],
    counts: &[u64],
    target: u64,
) -> Option<Bins> {
    let bins_used: u64 = counts.iter().sum();
    if bins_used > target {
        return None;
    }
    let mut cover = vec![0u64; ty.len()];
    for (pat, &k) in cols.iter().zip(counts) {
        for &(t, c) in pat {
            cover[t] += u64::from(c) * k;
        }
    }
    if (0..ty.len()).any(|t| cover[t] < u64::from(ty.count(t))) {
        return None;
    }
    let mut next = vec![0usize; ty.len()];
    let mut bins: Bins = Vec::new();
    for (pat, &k) in cols.iter().zip(counts) {
        for _ in 0..k {
            let mut bin = Vec::new();
            for &(t, c) in pat {
                for _ in 0..c {
                    if let Some(&i) = ty.items[t].get(next[t]) {
                        bin.push(i);
                        next[t] += 1;
                    }
                }
            }
            if !bin.is_empty() {
                bins.push(bin);
            }
        }
    }
    is_feasible(p, &bins).then_some(bins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn finds_the_layout_among_the_columns_and_checks_it() {
        let p = Plain::new(&[10], &[6, 4, 5, 5, 7, 3, 3, 7]);
        let ty = Types::of(&p);
        let stop = Stop::new(Duration::from_secs(5));
        // Types in order of appearance: 6, 4, 5, 7, 3.
        let root = CgOutcome {
            patterns: vec![vec![(0, 1), (1, 1)], vec![(2, 2)], vec![(3, 1), (4, 1)]]
                .into_iter()
                .map(|pat| (0, pat))
                .collect(),
            duals: vec![0.6, 0.4, 0.5, 0.7, 0.3],
            master: 4.0,
            ..CgOutcome::default()
        };
        let b = over_patterns(&p, &ty, &root, 4, 5.0, &stop).expect("layout");
        assert!(is_feasible(&p, &b));
        assert_eq!(b.len(), 4);
        assert!(over_patterns(&p, &ty, &root, 3, 5.0, &stop).is_none());
    }
}
