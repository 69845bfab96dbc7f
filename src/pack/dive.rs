//! LP diving: a primal heuristic driven by the column generation LP (plain case).
//!
//! Repeatedly solve the pattern LP of the items not yet packed (column generation from the
//! patterns known so far), fix the patterns the LP uses at value one or more (or, if none, the
//! most used one) as bins, and continue on the residual demand. On instances with the integer
//! round-up property (the optimum is the LP bound rounded up, true of nearly all benchmark
//! instances) this reaches optimal layouts that local search misses, because the LP sees the
//! whole instance at once. A dive stops early when the LP proves it cannot beat the target.

use super::budget::Stop;
use super::colgen::Types;
use super::knapsack::{KItem, Pattern, price};
use super::lp::{Column, LpError, Master};
use super::plain::{Bins, Plain};
use std::collections::HashSet;

const SCALE: f64 = 2_147_483_648.0;

/// Limits of a dive.
#[derive(Debug, Clone)]
pub struct DiveParams {
    /// Pricing rounds per LP re-solve.
    pub rounds: usize,
    /// Node limit of one branch-and-bound pricing.
    pub node_limit: u64,
}

impl Default for DiveParams {
    fn default() -> Self {
        DiveParams { rounds: 60, node_limit: 20_000 }
    }
}

/// Dives from the `patterns` known; returns a layout of at most `target` bins, if found.
pub fn dive(
    p: &Plain,
    ty: &Types,
    patterns: &[Pattern],
    target: u64,
    params: &DiveParams,
    stop: &Stop,
) -> Option<Bins> {
    let nt = ty.len();
    let mut left: Vec<u32> = (0..nt).map(|t| ty.count(t)).collect();
    let fit: Vec<u32> = (0..nt)
        .map(|t| {
            let mut m = u32::MAX;
            for j in 0..p.d {
                if let Some(q) = p.cap[j].checked_div(ty.w[t][j]) {
                    m = m.min(q.min(u64::from(u32::MAX)) as u32);
                }
            }
            m.max(1)
        })
        .collect();
    let mut pool: Vec<Pattern> = patterns.to_vec();
    let mut fixed: Vec<Pattern> = Vec::new();
    while left.iter().any(|&c| c > 0) {
        if fixed.len() as u64 >= target || stop.expired() {
            return None;
        }
        // Rows: the types still to pack.
        let active: Vec<usize> = (0..nt).filter(|&t| left[t] > 0).collect();
        let mut row = vec![usize::MAX; nt];
        for (r, &t) in active.iter().enumerate() {
            row[t] = r;
        }
        let b: Vec<f64> = active.iter().map(|&t| f64::from(left[t])).collect();
        let singles: Vec<Column> = active
            .iter()
            .enumerate()
            .map(|(r, &t)| Column { coef: vec![(r, f64::from(fit[t].min(left[t])))], cost: 1.0 })
            .collect();
        let mut lp = Master::new(b, singles)?;
        // Known patterns restricted to what is left.
        let mut cols: Vec<Pattern> =
            active.iter().map(|&t| vec![(t, fit[t].min(left[t]))]).collect();
        let mut seen: HashSet<Pattern> = cols.iter().cloned().collect();
        for pat in &pool {
            let r: Pattern = pat
                .iter()
                .filter(|&&(t, _)| left[t] > 0)
                .map(|&(t, c)| (t, c.min(left[t])))
                .collect();
            if r.len() + r.first().map_or(0, |x| x.1 as usize) > 1 && seen.insert(r.clone()) {
                lp.add_column(column(&r, &row));
                cols.push(r);
            }
        }
        let mut kitems: Vec<KItem> = (0..nt)
            .map(|t| KItem { w: ty.w[t].clone(), value: 0, max: fit[t].min(left[t]) })
            .collect();
        let mut converged = false;
        for _ in 0..params.rounds {
            if lp.optimize(20_000, Some(stop)) == Err(LpError::Singular) {
                return None;
            }
            let y = lp.duals();
            for t in 0..nt {
                kitems[t].value = if left[t] > 0 {
                    (y[row[t]].clamp(0.0, 1.0) * SCALE).floor() as u64
                } else {
                    0
                };
            }
            let priced = price(&kitems, &p.cap, params.node_limit, SCALE as u64, Some(stop));
            let mut added = 0;
            for (_, pat) in priced.patterns {
                let val: f64 = pat.iter().map(|&(t, c)| y[row[t]].max(0.0) * f64::from(c)).sum();
                if val > 1.0 + 1e-9 && seen.insert(pat.clone()) {
                    lp.add_column(column(&pat, &row));
                    cols.push(pat);
                    added += 1;
                }
            }
            if added == 0 {
                converged = priced.upper == 0 || (priced.upper as f64) <= SCALE * (1.0 + 1e-9);
                break;
            }
            if stop.expired() {
                return None;
            }
        }
        if converged {
            // The LP value is then a bound on any completion of this dive.
            let z = lp.objective();
            if fixed.len() as u64 + (z - 1e-6).ceil().max(0.0) as u64 > target {
                return None;
            }
        }
        let x = lp.column_values();
        // Fix every pattern used at one or more (its integer part), else the most used one.
        let mut chosen: Vec<(usize, u32)> = Vec::new();
        for (k, &v) in x.iter().enumerate() {
            if v >= 1.0 - 1e-6 {
                chosen.push((k, (v + 1e-6).floor() as u32));
            }
        }
        if chosen.is_empty() {
            let best = (0..x.len()).max_by(|&a, &b| {
                x[a].total_cmp(&x[b]).then(size(&cols[a]).cmp(&size(&cols[b]))).then(b.cmp(&a))
            })?;
            chosen.push((best, 1));
        }
        let mut progress = false;
        for (k, copies) in chosen {
            for _ in 0..copies {
                let pat = &cols[k];
                if pat.iter().all(|&(t, c)| left[t] >= c) {
                    for &(t, c) in pat {
                        left[t] -= c;
                    }
                    fixed.push(pat.clone());
                    progress = true;
                }
            }
        }
        if !progress {
            return None;
        }
        for c in cols {
            if !pool.contains(&c) {
                pool.push(c);
            }
        }
    }
    if fixed.len() as u64 > target {
        return None;
    }
    // Concrete items for the patterns.
    let mut next: Vec<usize> = vec![0; nt];
    let bins: Bins = fixed
        .iter()
        .map(|pat| {
            let mut bin = Vec::new();
            for &(t, c) in pat {
                for _ in 0..c {
                    bin.push(ty.items[t][next[t]]);
                    next[t] += 1;
                }
            }
            bin
        })
        .collect();
    Some(bins)
}

fn size(p: &Pattern) -> u32 {
    p.iter().map(|&(_, c)| c).sum()
}

fn column(pat: &Pattern, row: &[usize]) -> Column {
    Column { coef: pat.iter().map(|&(t, c)| (row[t], f64::from(c))).collect(), cost: 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;
    use std::time::Duration;

    #[test]
    fn dives_to_an_optimal_layout() {
        // 3 bins: {6,4}, {5,5}, {7,3}; FFD-like start would not matter here.
        let p = Plain::new(&[10], &[6, 4, 5, 5, 7, 3, 3, 7]);
        let ty = Types::of(&p);
        let stop = Stop::new(Duration::from_secs(5));
        let b = dive(&p, &ty, &[], 4, &DiveParams::default(), &stop).expect("dive");
        assert!(is_feasible(&p, &b));
        assert_eq!(b.len(), 4);
        assert!(dive(&p, &ty, &[], 3, &DiveParams::default(), &stop).is_none());
    }
}
