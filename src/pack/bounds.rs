//! Combinatorial lower bounds on the number of bins of a [`Plain`] instance.
//!
//! Each is valid for vector packing because a vector packing projected on one dimension is a
//! one-dimensional packing; the vector-specific ones reason on pairwise incompatible items
//! and on how many items can share a bin. The LP bound lives in `colgen`.

use super::plain::Plain;

/// The bounds computed, kept apart for reports and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuickBounds {
    /// Continuous bound: max over dimensions of ceil(total demand / capacity).
    pub l1: u64,
    /// Martello–Toth L2, best dimension.
    pub l2: u64,
    /// Fekete–Schepers dual-feasible-function bound, best dimension and parameter.
    pub dff: u64,
    /// Clique of pairwise incompatible items plus what the rest cannot fit beside them.
    pub clique: u64,
    /// Items divided by the most items one bin can hold.
    pub cardinality: u64,
}

impl QuickBounds {
    /// The best of them.
    pub fn best(&self) -> u64 {
        self.l1.max(self.l2).max(self.dff).max(self.clique).max(self.cardinality)
    }
}

/// Computes every quick bound. Cost: O(n log n · d) plus O(n · k · d) for the DFF family and
/// O(n · q · d) for the clique (q its size), with limits for very large instances.
pub fn quick(p: &Plain) -> QuickBounds {
    if p.n == 0 {
        return QuickBounds::default();
    }
    if p.d == 0 {
        let one = 1;
        return QuickBounds { l1: one, l2: one, dff: one, clique: one, cardinality: one };
    }
    let mut qb = QuickBounds::default();
    let mut col: Vec<u64> = Vec::with_capacity(p.n);
    for j in 0..p.d {
        col.clear();
        col.extend((0..p.n).map(|i| p.w[i * p.d + j]));
        col.sort_unstable();
        let c = p.cap[j];
        qb.l1 = qb.l1.max(l1_dim(&col, c));
        qb.l2 = qb.l2.max(l2_dim(&col, c));
        let kmax = if p.n > 20_000 { 20 } else { 100 };
        qb.dff = qb.dff.max(dff_dim(&col, c, kmax));
    }
    if p.n <= 20_000 {
        qb.clique = clique_bound(p);
    }
    qb.cardinality = cardinality_bound(p);
    qb
}

/// ceil(sum / c).
pub fn l1_dim(sizes: &[u64], c: u64) -> u64 {
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    total.div_ceil(u128::from(c)) as u64
}

/// Martello–Toth L2 for one dimension; `sorted` ascending, every size ≤ `c`.
///
/// For a threshold K ≤ c/2: items larger than c−K (J1) and items in (c/2, c−K] (J2) each need
/// their own bin; items in [K, c/2] (J3) can only use the room J2 bins leave. Maximised over K
/// among the item sizes.
pub fn l2_dim(sorted: &[u64], c: u64) -> u64 {
    let n = sorted.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0u128);
    for &s in sorted {
        let last = *prefix.last().unwrap_or(&0);
        prefix.push(last + u128::from(s));
    }
    // index of first element > x
    let upper = |x: u64| sorted.partition_point(|&s| s <= x);
    let lower = |x: u64| sorted.partition_point(|&s| s < x);
    let half_end = upper(c / 2); // items <= c/2 are [0, half_end)
    let mut best = 0u64;
    let mut ks: Vec<u64> = sorted[..half_end].to_vec();
    ks.push(0);
    ks.dedup();
    for &k in &ks {
        let j1_start = upper(c - k); // items > c-k
        let j2_start = half_end; // items > c/2
        let n1 = (n - j1_start) as u128;
        let n2 = (j1_start.saturating_sub(j2_start)) as u128;
        let sum2 = prefix[j1_start.max(j2_start)] - prefix[j2_start];
        let j3_start = lower(k);
        let sum3 = prefix[half_end] - prefix[j3_start.min(half_end)];
        let room = n2 * u128::from(c) - sum2;
        let extra = if sum3 > room { (sum3 - room).div_ceil(u128::from(c)) } else { 0 };
        best = best.max((n1 + n2 + extra) as u64);
    }
    best
}

/// Fekete–Schepers bound with the dual feasible functions u^(k), k = 1..=kmax: an item of
/// relative size x counts x when (k+1)x is integral and floor((k+1)x)/k otherwise; the sum of
/// the counts, rounded up, bounds the bins. Exact integer arithmetic in units of 1/(k·c).
pub fn dff_dim(sizes: &[u64], c: u64, kmax: u64) -> u64 {
    let c128 = u128::from(c);
    let mut best = 0u64;
    for k in 1..=kmax {
        let k128 = u128::from(k);
        let mut total: u128 = 0;
        for &s in sizes {
            let t = (k128 + 1) * u128::from(s);
            total += if t % c128 == 0 { k128 * u128::from(s) } else { (t / c128) * c128 };
        }
        best = best.max(total.div_ceil(k128 * c128) as u64);
    }
    best
}

/// Greedy cliques of pairwise incompatible items (two items are incompatible when they
/// overflow some dimension together), each extended by the room the clique's bins leave for
/// the other items: |Q| + max_d ceil((Σ_{i∉Q} w_id − Σ_{q∈Q}(C_d − w_qd))⁺ / C_d).
pub fn clique_bound(p: &Plain) -> u64 {
    let mut best = 0u64;
    let mut keys: Vec<Vec<f64>> = Vec::new();
    keys.push((0..p.n).map(|i| p.nitem(i).iter().cloned().fold(0.0, f64::max)).collect());
    keys.push(p.size.clone());
    for j in 0..p.d.min(10) {
        keys.push((0..p.n).map(|i| p.nw[i * p.d + j]).collect());
    }
    let totals: Vec<u128> =
        (0..p.d).map(|j| (0..p.n).map(|i| u128::from(p.w[i * p.d + j])).sum()).collect();
    let mut order: Vec<usize> = (0..p.n).collect();
    for key in &keys {
        order.sort_by(|&a, &b| key[b].total_cmp(&key[a]).then(a.cmp(&b)));
        let mut clique: Vec<usize> = Vec::new();
        for &i in &order {
            let wi = p.item(i);
            let incompatible_with_all = clique.iter().all(|&q| {
                let wq = p.item(q);
                (0..p.d).any(|j| wi[j] > p.cap[j] - wq[j])
            });
            if incompatible_with_all {
                clique.push(i);
            }
        }
        let q = clique.len() as u128;
        let mut extra = 0u128;
        for j in 0..p.d {
            let c = u128::from(p.cap[j]);
            let inside: u128 = clique.iter().map(|&i| u128::from(p.w[i * p.d + j])).sum();
            let rest = totals[j] - inside;
            let room = q * c - inside;
            if rest > room {
                extra = extra.max((rest - room).div_ceil(c));
            }
        }
        best = best.max((q + extra) as u64);
    }
    best
}

/// ceil(n / k) where k bounds the number of items a bin can hold: in each dimension, the
/// number of smallest items that fit together; k is the smallest over dimensions.
pub fn cardinality_bound(p: &Plain) -> u64 {
    let mut k = p.n;
    let mut col: Vec<u64> = Vec::with_capacity(p.n);
    for j in 0..p.d {
        col.clear();
        col.extend((0..p.n).map(|i| p.w[i * p.d + j]));
        col.sort_unstable();
        let mut sum = 0u128;
        let mut fit = 0;
        for &s in &col {
            sum += u128::from(s);
            if sum > u128::from(p.cap[j]) {
                break;
            }
            fit += 1;
        }
        k = k.min(fit.max(1));
    }
    p.n.div_ceil(k.max(1)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn l2_counts_big_items_and_what_fills_them() {
        // Three items of 6 in bins of 10 need 3 bins; L1 says 2.
        let s = [6, 6, 6];
        assert_eq!(l1_dim(&s, 10), 2);
        assert_eq!(l2_dim(&s, 10), 3);
        // 6,6 plus four 3s: J2 = {6,6} leave 8, J3 = 12 → 2 + ceil(4/10) = 3.
        let s = [3, 3, 3, 3, 6, 6];
        assert_eq!(l2_dim(&s, 10), 3);
    }

    #[test]
    fn dff_beats_l1_on_many_thirds_plus() {
        // Items of 34 in bins of 100: two per bin, 5 items need 3 bins; L1 = ceil(170/100) = 2.
        let s = [34u64; 5];
        assert_eq!(l1_dim(&s, 100), 2);
        assert_eq!(dff_dim(&s, 100, 10), 3);
    }

    #[test]
    fn vector_bounds() {
        // Two dims: items big in alternating dims are compatible; equal items are not.
        let p = Plain::new(&[10, 10], &[6, 1, 6, 1, 1, 6, 1, 6]);
        assert_eq!(clique_bound(&p), 2);
        let q = quick(&p);
        assert_eq!(q.best(), 2);
        let p = Plain::new(&[10, 10], &[6, 6, 6, 6, 6, 6]);
        assert_eq!(clique_bound(&p), 3);
        let p = Plain::new(&[10], &[4, 4, 4, 4, 4]);
        assert_eq!(cardinality_bound(&p), 3);
    }
}
