//! Pricing for column generation: the most valuable pattern (multiset of item types that fits
//! one bin) for given integer values.
//!
//! Two exact solvers: dynamic programming over the capacity for one dimension with a small
//! capacity (and for two dimensions when the capacity grid is small), and a depth-first branch
//! and bound for everything else, bounded by a surrogate constraint whose multipliers follow the
//! values (`surrogate_weights`). Both return an *upper bound* on the best value beside the
//! best pattern found: when the branch and bound is cut by its node limit, the bound still
//! covers the unexplored part, so the Farley bound built on it stays valid.

use super::budget::Stop;

/// One item type offered to the pricing problem.
#[derive(Debug, Clone)]
pub struct KItem {
    /// Demand per dimension.
    pub w: Vec<u64>,
    /// Value of one copy (scaled dual, non-negative).
    pub value: u64,
    /// Most copies a pattern may hold.
    pub max: u32,
}

/// Most patterns one pricing call returns.
pub const MAX_PATTERNS: usize = 12;

/// A pattern: (item type, copies), types ascending.
pub type Pattern = Vec<(usize, u32)>;

/// Outcome of one pricing call.
#[derive(Debug, Clone, Default)]
pub struct Priced {
    /// Best patterns found, best first (at most a handful).
    pub patterns: Vec<(u64, Pattern)>,
    /// Upper bound on the value of any pattern (equals the best value when exact).
    pub upper: u64,
    /// Nodes / cells visited (work units).
    pub work: u64,
}

/// Chooses and runs an exact pricing method; `node_limit` caps the branch and bound.
pub fn price(
    items: &[KItem],
    cap: &[u64],
    node_limit: u64,
    threshold: u64,
    stop: Option<&Stop>,
) -> Priced {
    let d = cap.len();
    let useful: Vec<usize> =
        (0..items.len()).filter(|&t| items[t].value > 0 && items[t].max > 0).collect();
    if useful.is_empty() {
        return Priced { patterns: vec![(0, Vec::new())], upper: 0, work: 1 };
    }
    let copies: u64 = useful.iter().map(|&t| u64::from(items[t].max.min(64))).sum();
    if d == 1 {
        let c = cap[0];
        if copies.saturating_mul(c + 1) <= 6_000_000 {
            return dp_1d(items, &useful, c);
        }
    }
    if d == 2 {
        let cells = (cap[0] + 1).saturating_mul(cap[1] + 1);
        if cells <= 40_000 && copies.saturating_mul(cells) <= 8_000_000 {
            return dp_2d(items, &useful, cap);
        }
    }
    // The node cost grows with the items and bounded dimensions: keep the work per call flat.
    let per_node = (useful.len() as u64) * (d as u64 + 1) / 4 + 1;
    let limit = node_limit.min((BB_OPS / per_node.max(1)).max(1_000));
    branch_and_bound(items, &useful, cap, limit, threshold, stop)
}

/// Share of the uniform weights (one over each capacity) mixed into the fitted surrogate
/// multipliers, so that no dimension is left out of the relaxation entirely.
const UNIFORM_SHARE: f64 = 0.1;

/// Multipliers λ ≥ 0 of the surrogate constraint Σ_j λ_j w_j ≤ Σ_j λ_j cap_j that the branch
/// and bound relaxes to (any λ ≥ 0 gives a valid bound): the non-negative least-squares fit of
/// the values by the demands, mixed with the uniform weights.
///
/// Why: near convergence the duals price the dimensions that are tight across the instance
/// (on the vector classes that are nearly full in one dimension, that dimension). Summing the
/// dimensions uniformly then lets small items of that dimension look cheap, the bound stays
/// loose and the search is cut by its node limit before it finds the improving pattern, so
/// column generation stalls well above the LP optimum. Weighted by the fit, the surrogate
/// follows the dimensions the values follow.
fn surrogate_weights(items: &[KItem], useful: &[usize], cap: &[u64]) -> Vec<f64> {
    let d = cap.len();
    let uniform: Vec<f64> =
        cap.iter().map(|&c| if c == 0 { 0.0 } else { 1.0 / c as f64 }).collect();
    if d < 2 {
        return uniform;
    }
    let lam = nnls_fit(items, useful, d);
    let total: f64 = (0..d).map(|j| lam[j] * cap[j] as f64).sum();
    if !(total.is_finite() && total > 0.0) {
        return uniform;
    }
    // Scaled so that both parts weigh the full bin alike (Σ_j λ_j cap_j = d).
    (0..d)
        .map(|j| (1.0 - UNIFORM_SHARE) * lam[j] * d as f64 / total + UNIFORM_SHARE * uniform[j])
        .collect()
}

/// λ ≥ 0 minimising Σ_t (value_t − λ·w_t)² over the useful types, by projected coordinate
/// descent on the normal equations (d is small: one pass costs d²).
fn nnls_fit(items: &[KItem], useful: &[usize], d: usize) -> Vec<f64> {
    let mut a = vec![0.0f64; d * d];
    let mut b = vec![0.0f64; d];
    for &t in useful {
        let w = &items[t].w;
        let v = items[t].value as f64;
        for i in 0..d {
            b[i] += w[i] as f64 * v;
            for j in 0..d {
                a[i * d + j] += w[i] as f64 * w[j] as f64;
            }
        }
    }
    let mut lam = vec![0.0f64; d];
    for _ in 0..100 {
        for i in 0..d {
            if a[i * d + i] > 0.0 {
                let others: f64 = (0..d).filter(|&j| j != i).map(|j| a[i * d + j] * lam[j]).sum();
                lam[i] = ((b[i] - others) / a[i * d + i]).max(0.0);
            }
        }
    }
    lam
}

/// Elementary operations one branch-and-bound pricing may spend (about 5 ms).
const BB_OPS: u64 = 6_000_000;

/// 0/1 copies by binary splitting of multiplicities.
fn split(items: &[KItem], useful: &[usize]) -> Vec<(usize, u32)> {
    let mut v = Vec::new();
    for &t in useful {
        let mut left = items[t].max;
        let mut k = 1u32;
        while left > 0 {
            let take = k.min(left);
            v.push((t, take));
            left -= take;
            k = k.saturating_mul(2);
        }
    }
    v
}

fn dp_1d(items: &[KItem], useful: &[usize], c: u64) -> Priced {
    let c = c as usize;
    let parts = split(items, useful);
    let mut best = vec![0u64; c + 1];
    // take[k] marks the capacities at which part k improved the table (for reconstruction).
    let mut take: Vec<Vec<u64>> = Vec::with_capacity(parts.len());
    let words = (c + 1).div_ceil(64);
    let mut work = 0u64;
    for &(t, m) in &parts {
        let w = (items[t].w[0] * u64::from(m)) as usize;
        let v = items[t].value * u64::from(m);
        let mut bits = vec![0u64; words];
        if w <= c {
            for x in (w..=c).rev() {
                let cand = best[x - w] + v;
                if cand > best[x] {
                    best[x] = cand;
                    bits[x / 64] |= 1 << (x % 64);
                }
            }
        }
        work += (c + 1) as u64;
        take.push(bits);
    }
    // The best pattern, then the best patterns of other exact weights (distinct patterns).
    let mut ends: Vec<usize> = (0..=c).filter(|&x| x == 0 || best[x] > best[x - 1]).collect();
    ends.sort_by(|&a, &b| best[b].cmp(&best[a]).then(b.cmp(&a)));
    ends.truncate(MAX_PATTERNS);
    let patterns = ends
        .iter()
        .map(|&end| {
            let mut x = end;
            let mut count: Vec<u32> = vec![0; items.len()];
            for k in (0..parts.len()).rev() {
                if take[k][x / 64] >> (x % 64) & 1 == 1 {
                    let (t, m) = parts[k];
                    count[t] += m;
                    x -= (items[t].w[0] * u64::from(m)) as usize;
                }
            }
            (best[end], to_pattern(&count))
        })
        .collect();
    Priced { patterns, upper: best[c], work }
}

fn to_pattern(count: &[u32]) -> Pattern {
    count.iter().enumerate().filter(|(_, c)| **c > 0).map(|(t, &c)| (t, c)).collect()
}

fn dp_2d(items: &[KItem], useful: &[usize], cap: &[u64]) -> Priced {
    let (c0, c1) = (cap[0] as usize, cap[1] as usize);
    let cells = (c0 + 1) * (c1 + 1);
    let parts = split(items, useful);
    let mut best = vec![0u64; cells];
    let words = cells.div_ceil(64);
    let mut take: Vec<Vec<u64>> = Vec::with_capacity(parts.len());
    let mut work = 0u64;
    for &(t, m) in &parts {
        let w0 = (items[t].w[0] * u64::from(m)) as usize;
        let w1 = (items[t].w[1] * u64::from(m)) as usize;
        let v = items[t].value * u64::from(m);
        let mut bits = vec![0u64; words];
        if w0 <= c0 && w1 <= c1 {
            for x in (w0..=c0).rev() {
                for y in (w1..=c1).rev() {
                    let from = (x - w0) * (c1 + 1) + (y - w1);
                    let at = x * (c1 + 1) + y;
                    let cand = best[from] + v;
                    if cand > best[at] {
                        best[at] = cand;
                        bits[at / 64] |= 1 << (at % 64);
                    }
                }
            }
        }
        work += cells as u64;
        take.push(bits);
    }
    let mut ends: Vec<usize> = (0..cells).collect();
    ends.sort_by(|&a, &b| best[b].cmp(&best[a]).then(b.cmp(&a)));
    let mut patterns: Vec<(u64, Pattern)> = Vec::new();
    for &end in &ends {
        if patterns.len() >= MAX_PATTERNS || best[end] == 0 {
            break;
        }
        let mut at = end;
        let mut count: Vec<u32> = vec![0; items.len()];
        for k in (0..parts.len()).rev() {
            if take[k][at / 64] >> (at % 64) & 1 == 1 {
                let (t, m) = parts[k];
                count[t] += m;
                let w0 = (items[t].w[0] * u64::from(m)) as usize;
                let w1 = (items[t].w[1] * u64::from(m)) as usize;
                at -= w0 * (c1 + 1) + w1;
            }
        }
        let pat = to_pattern(&count);
        if !patterns.iter().any(|(_, p)| *p == pat) {
            patterns.push((best[end], pat));
        }
    }
    if patterns.is_empty() {
        patterns.push((0, Vec::new()));
    }
    let upper = best[cells - 1];
    Priced { patterns, upper, work }
}

struct Bb<'a> {
    items: &'a [KItem],
    order: Vec<usize>,
    /// Surrogate weight (sum of demands over capacities) per position in `order`.
    sw: Vec<f64>,
    d: usize,
    room: Vec<u64>,
    count: Vec<u32>,
    best: u64,
    found: Vec<(u64, Pattern)>,
    nodes: u64,
    limit: u64,
    open_max: u64,
    /// Surrogate multiplier per dimension (see `surrogate_weights`).
    lambda: Vec<f64>,
    /// Patterns worth more than this are collected as extra columns.
    threshold: u64,
    /// Wall-clock safety net.
    stop: Option<&'a Stop>,
    extra: Vec<(u64, Pattern)>,
}

fn branch_and_bound(
    items: &[KItem],
    useful: &[usize],
    cap: &[u64],
    limit: u64,
    threshold: u64,
    stop: Option<&Stop>,
) -> Priced {
    let d = cap.len();
    let lambda = surrogate_weights(items, useful, cap);
    let sw_of = |t: usize| -> f64 { (0..d).map(|j| items[t].w[j] as f64 * lambda[j]).sum() };
    let mut order: Vec<usize> = useful.to_vec();
    // Decreasing efficiency (value per surrogate weight); free items first.
    order.sort_by(|&a, &b| {
        let (sa, sb) = (sw_of(a), sw_of(b));
        let ea = if sa > 0.0 { items[a].value as f64 / sa } else { f64::INFINITY };
        let eb = if sb > 0.0 { items[b].value as f64 / sb } else { f64::INFINITY };
        eb.total_cmp(&ea).then(a.cmp(&b))
    });
    let sw: Vec<f64> = order.iter().map(|&t| sw_of(t)).collect();
    let mut bb = Bb {
        items,
        order,
        sw,
        d,
        room: cap.to_vec(),
        count: vec![0; items.len()],
        best: 0,
        found: Vec::new(),
        nodes: 0,
        limit,
        open_max: 0,
        lambda,
        threshold,
        extra: Vec::new(),
        stop,
    };
    let all: Vec<usize> =
        (0..bb.order.len()).filter(|&pos| bb.fitting(bb.order[pos]) > 0).collect();
    bb.dfs(&all, 0);
    let upper = bb.best.max(bb.open_max);
    let mut found = bb.found;
    found.reverse();
    found.truncate(MAX_PATTERNS / 2);
    let mut extra = bb.extra;
    extra.sort_by_key(|e| std::cmp::Reverse(e.0));
    for e in extra {
        if found.len() >= MAX_PATTERNS {
            break;
        }
        if !found.iter().any(|(_, p)| *p == e.1) {
            found.push(e);
        }
    }
    if found.is_empty() {
        found.push((0, Vec::new()));
    }
    Priced { patterns: found, upper, work: bb.nodes }
}

impl Bb<'_> {
    /// Copies of type `t` that fit the current room (no division for single copies).
    #[inline]
    fn fitting(&self, t: usize) -> u64 {
        let it = &self.items[t];
        if it.max == 1 {
            return u64::from((0..self.d).all(|j| it.w[j] <= self.room[j]));
        }
        let mut m = u64::from(it.max);
        for j in 0..self.d {
            if let Some(q) = self.room[j].checked_div(it.w[j]) {
                m = m.min(q);
            }
        }
        m
    }

    /// Keeps a leaf pattern worth more than the threshold as an extra column.
    fn collect(&mut self, value: u64) {
        if value > self.threshold && self.extra.len() < 4 * MAX_PATTERNS {
            let pat: Pattern = self
                .count
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(t, &c)| (t, c))
                .collect();
            self.extra.push((value, pat));
        }
    }

    /// Enumerates patterns in combination order: the children of a node add one more type
    /// (some copies) among the later ones that still fit, kept in `cands` (positions in
    /// `order`, ascending). A node's subtree is cut by the surrogate bound over its
    /// candidates; siblings by the cheap bound `value + efficiency × surrogate room`, valid
    /// because later types are no more efficient.
    fn dfs(&mut self, cands: &[usize], value: u64) {
        self.nodes += 1;
        if value > self.best {
            self.best = value;
            self.found.push((value, self.pattern()));
        }
        if cands.is_empty() {
            self.collect(value);
            return;
        }
        let b = value.saturating_add(self.list_bound(cands));
        if b <= self.best {
            self.collect(value);
            return;
        }
        if self.nodes >= self.limit
            || (self.nodes & 1023 == 0 && self.stop.is_some_and(|s| s.expired()))
        {
            self.limit = self.nodes; // cut here: the open bound keeps the result valid
            self.open_max = self.open_max.max(b);
            return;
        }
        let sroom: f64 = (0..self.d).map(|j| self.room[j] as f64 * self.lambda[j]).sum();
        let mut next: Vec<usize> = Vec::with_capacity(cands.len());
        for (x, &pos) in cands.iter().enumerate() {
            let t = self.order[pos];
            let v = self.items[t].value;
            if self.sw[pos] > 0.0 {
                let eff = v as f64 / self.sw[pos];
                let cheap = (eff * sroom * (1.0 + 1e-9) + 1.0).ceil() as u64;
                if value.saturating_add(cheap) <= self.best {
                    break;
                }
            }
            let m = self.fitting(t) as u32;
            if m == 0 {
                continue;
            }
            for c in (1..=m).rev() {
                let w = &self.items[t].w;
                for j in 0..self.d {
                    self.room[j] -= w[j] * u64::from(c);
                }
                self.count[t] = c;
                next.clear();
                for &q in &cands[x + 1..] {
                    if self.fitting(self.order[q]) > 0 {
                        next.push(q);
                    }
                }
                let child = std::mem::take(&mut next);
                self.dfs(&child, value + v * u64::from(c));
                next = child;
                self.count[t] = 0;
                let w = &self.items[t].w;
                for j in 0..self.d {
                    self.room[j] += w[j] * u64::from(c);
                }
                if self.nodes >= self.limit {
                    // the bound of this node covers every branch not explored
                    self.open_max = self.open_max.max(b);
                    return;
                }
            }
        }
    }

    /// Fractional knapsack on the surrogate constraint over the candidates (already in
    /// decreasing efficiency), rounded up with a safety margin.
    fn list_bound(&self, cands: &[usize]) -> u64 {
        let mut cap: f64 = (0..self.d).map(|j| self.room[j] as f64 * self.lambda[j]).sum();
        let mut v = 0.0f64;
        for &pos in cands {
            let t = self.order[pos];
            let it = &self.items[t];
            let m = self.fitting(t);
            let s = self.sw[pos];
            let full = m as f64 * s;
            if full <= cap {
                cap -= full;
                v += m as f64 * it.value as f64;
            } else {
                v += it.value as f64 * cap / s;
                break;
            }
        }
        (v * (1.0 + 1e-9) + 1.0).ceil() as u64
    }

    fn pattern(&self) -> Pattern {
        self.count.iter().enumerate().filter(|(_, c)| **c > 0).map(|(t, &c)| (t, c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(items: &[KItem], cap: &[u64]) -> u64 {
        fn rec(items: &[KItem], cap: &[u64], k: usize, room: &mut Vec<u64>) -> u64 {
            if k == items.len() {
                return 0;
            }
            let mut best = 0;
            for c in 0..=items[k].max as u64 {
                if (0..cap.len()).any(|j| items[k].w[j] * c > room[j]) {
                    break;
                }
                for j in 0..cap.len() {
                    room[j] -= items[k].w[j] * c;
                }
                best = best.max(c * items[k].value + rec(items, cap, k + 1, room));
                for j in 0..cap.len() {
                    room[j] += items[k].w[j] * c;
                }
            }
            best
        }
        rec(items, cap, 0, &mut cap.to_vec())
    }

    #[test]
    fn all_pricers_agree_with_brute_force() {
        let mut s = 99u64;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s >> 33
        };
        for round in 0..60 {
            let d = 1 + round % 3;
            let cap: Vec<u64> = (0..d).map(|_| 20 + next() % 30).collect();
            let items: Vec<KItem> = (0..6)
                .map(|_| KItem {
                    w: cap.iter().map(|&c| next() % (c / 2 + 1)).collect(),
                    value: next() % 100,
                    max: 1 + (next() % 3) as u32,
                })
                .collect();
            let want = brute(&items, &cap);
            let useful: Vec<usize> = (0..items.len()).filter(|&t| items[t].value > 0).collect();
            let bb = branch_and_bound(&items, &useful, &cap, u64::MAX, u64::MAX, None);
            assert_eq!(bb.patterns[0].0, want, "{cap:?} {items:?}");
            assert_eq!(bb.upper, want);
            let via = price(&items, &cap, 1_000_000, 0, None);
            assert_eq!(via.patterns[0].0, want, "round {round}");
            // the pattern must fit and be worth its value
            let pat = &via.patterns[0].1;
            let v: u64 = pat.iter().map(|&(t, c)| items[t].value * u64::from(c)).sum();
            assert_eq!(v, want);
            for j in 0..d {
                let l: u64 = pat.iter().map(|&(t, c)| items[t].w[j] * u64::from(c)).sum();
                assert!(l <= cap[j]);
            }
            let cut = branch_and_bound(&items, &useful, &cap, 3, 0, None);
            assert!(cut.upper >= want, "a cut search still bounds the optimum");
        }
    }

    /// Values that follow one dimension (as duals do when that dimension is tight) put the
    /// surrogate multipliers almost all on it; the bound must stay valid in the others, and
    /// every cut search must still bound the optimum.
    #[test]
    fn fitted_surrogate_stays_exact_when_values_follow_one_dimension() {
        let mut rng = crate::pack::rng::Rng::new(7);
        let mut next = || rng.next_u64() >> 33;
        for round in 0..80 {
            let d = 2 + round % 3;
            let tight = round % d;
            let cap: Vec<u64> = (0..d).map(|_| 30 + next() % 40).collect();
            let items: Vec<KItem> = (0..9)
                .map(|_| {
                    let w: Vec<u64> = cap.iter().map(|&c| next() % (c / 2 + 1)).collect();
                    let value = 3 * w[tight] + next() % 5;
                    KItem { w, value, max: 1 + (next() % 2) as u32 }
                })
                .collect();
            let lambda = surrogate_weights(&items, &(0..9).collect::<Vec<_>>(), &cap);
            assert!(lambda.iter().all(|&l| l > 0.0 && l.is_finite()), "{lambda:?}");
            let want = brute(&items, &cap);
            let useful: Vec<usize> = (0..items.len()).filter(|&t| items[t].value > 0).collect();
            let bb = branch_and_bound(&items, &useful, &cap, u64::MAX, u64::MAX, None);
            assert_eq!(bb.patterns[0].0, want, "round {round}");
            assert_eq!(bb.upper, want, "round {round}");
            for limit in [1, 4, 16] {
                let cut = branch_and_bound(&items, &useful, &cap, limit, 0, None);
                assert!(cut.upper >= want, "round {round}: a cut search must bound the optimum");
            }
        }
    }
}
