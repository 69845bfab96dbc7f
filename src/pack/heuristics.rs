//! Constructive heuristics for the plain case: first fit and best fit in many decreasing
//! orders, and bin-centric "dot product" filling, run as a portfolio in parallel.
//!
//! No single order is best on vector instances (Panigrahy et al. 2011, Mommessin et al. 2024):
//! items that are large in a scarce dimension should go first on some instances, items large
//! overall on others. The portfolio is cheap next to the search that follows, and it gives the
//! search a good start and the report a baseline. Results are combined by (bins, index), so
//! the choice does not depend on which thread finishes first.

use super::budget::Stop;
use super::plain::{Bins, Plain};
use rayon::prelude::*;

/// Placement rule for an item-centric heuristic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Lowest-index bin with room.
    FirstFit,
    /// Bin left with the least normalised room (sum over dimensions, scarcity-weighted).
    BestFit,
    /// Bin whose load is most aligned with the item (largest weighted dot product of the
    /// item with the bin's free room): pairs items with complementary holes.
    DotFit,
}

/// Item order keys (all decreasing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Sum of normalised demands.
    Sum,
    /// Largest normalised demand.
    Max,
    /// Sum of squared normalised demands.
    SumSq,
    /// Normalised demands weighted by how scarce each dimension is overall.
    Scarcity,
    /// Product of (normalised demand + 0.01).
    Product,
    /// One dimension, ties by sum.
    Dim(usize),
}

/// One heuristic of the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heuristic {
    /// Item-centric: sort by key, place by rule.
    Item(Key, Rule),
    /// Bin-centric: fill one bin at a time with the item best aligned to its free room.
    BinDot,
    /// Minimum bin slack (Gupta & Ho; with the largest item forced, Fleszar & Hindi): fill one
    /// bin at a time with the subset of the remaining items that leaves the least room.
    MinSlack,
    /// Dot-product fit restricted to a window of the most recently opened bins, first fit
    /// (by the fit tree) over all bins as fallback: O(n · window) for very large instances.
    DotWindow(Key),
    /// Bin-centric dot product over items grouped by shape: each bin takes, among the largest
    /// items of every shape group that still fit, the one best aligned with its free room.
    /// Balances the resources of large fleets of small items in O(n · groups · scan).
    BinDotBuckets,
}

impl Heuristic {
    /// Short name for reports.
    pub fn name(&self) -> String {
        match self {
            Heuristic::Item(k, r) => format!("{r:?}-{k:?}").to_lowercase(),
            Heuristic::BinDot => "bin-dot".into(),
            Heuristic::MinSlack => "min-slack".into(),
            Heuristic::DotWindow(k) => format!("dotwindow-{k:?}").to_lowercase(),
            Heuristic::BinDotBuckets => "bin-dot-buckets".into(),
        }
    }
}

/// Weight of each dimension: its total normalised demand, scaled to sum to d.
pub fn scarcity(p: &Plain) -> Vec<f64> {
    let mut t = vec![0.0; p.d];
    for i in 0..p.n {
        for (j, x) in p.nitem(i).iter().enumerate() {
            t[j] += x;
        }
    }
    let s: f64 = t.iter().sum();
    if s > 0.0 {
        for x in &mut t {
            *x *= p.d as f64 / s;
        }
    } else {
        t.iter_mut().for_each(|x| *x = 1.0);
    }
    t
}

/// Items sorted by `key`, decreasing, ties by index (deterministic).
pub fn order(p: &Plain, key: Key, weights: &[f64]) -> Vec<u32> {
    let k: Vec<f64> = (0..p.n)
        .map(|i| {
            let x = p.nitem(i);
            match key {
                Key::Sum => p.size[i],
                Key::Max => x.iter().cloned().fold(0.0, f64::max),
                Key::SumSq => x.iter().map(|v| v * v).sum(),
                Key::Scarcity => x.iter().zip(weights).map(|(v, w)| v * w).sum(),
                Key::Product => x.iter().map(|v| v + 0.01).product(),
                Key::Dim(j) => x.get(j).copied().unwrap_or(0.0) * 1e6 + p.size[i],
            }
        })
        .collect();
    let mut o: Vec<u32> = (0..p.n as u32).collect();
    o.sort_by(|&a, &b| k[b as usize].total_cmp(&k[a as usize]).then(a.cmp(&b)));
    o
}

/// The portfolio for this instance: every key with first fit and best fit, dot fit on a few,
/// and bin-centric dot product for moderate sizes. Very large instances get only first-fit
/// variants (each is O(n log m) with the fit tree).
pub fn portfolio_for(p: &Plain) -> Vec<Heuristic> {
    let mut keys = vec![Key::Sum, Key::Max, Key::SumSq, Key::Scarcity, Key::Product];
    if p.d > 1 {
        for j in 0..p.d.min(10) {
            keys.push(Key::Dim(j));
        }
    } else {
        keys.truncate(1); // every key orders a one-dimensional instance the same way
    }
    let mut hs = Vec::new();
    if p.n > 20_000 {
        // First fit costs O(n log m) only in good cases (the fit tree degrades when many bins
        // have room in some dimension); keep the reference order and the linear heuristics.
        keys.truncate(1);
    }
    for &k in &keys {
        hs.push(Heuristic::Item(k, Rule::FirstFit));
    }
    if p.d > 1 {
        for &k in &[Key::Sum, Key::Scarcity, Key::Max] {
            hs.push(Heuristic::DotWindow(k));
        }
    }
    if p.n <= 5_000 {
        for &k in &keys {
            hs.push(Heuristic::Item(k, Rule::BestFit));
        }
        if p.d > 1 {
            for &k in &[Key::Sum, Key::Scarcity, Key::Max] {
                hs.push(Heuristic::Item(k, Rule::DotFit));
            }
        }
    }
    if p.n <= 3_000 && p.d > 1 {
        hs.push(Heuristic::BinDot);
    }
    if p.n > 1_000 && p.d > 1 {
        hs.push(Heuristic::BinDotBuckets);
    }
    let dp_cost = if p.d == 1 { p.n as u64 * p.n as u64 * (p.cap[0] / 64 + 1) / 8 } else { 0 };
    if p.n <= 2_000 && dp_cost <= 400_000_000 {
        hs.push(Heuristic::MinSlack);
    }
    hs
}

/// Runs one heuristic.
pub fn run(p: &Plain, h: Heuristic, weights: &[f64]) -> Bins {
    match h {
        Heuristic::Item(k, Rule::FirstFit) => first_fit(p, &order(p, k, weights)),
        Heuristic::Item(k, r) => scan_fit(p, &order(p, k, weights), r, weights),
        Heuristic::BinDot => bin_dot(p, weights),
        Heuristic::MinSlack => min_slack(p, weights),
        Heuristic::DotWindow(k) => dot_window(p, &order(p, k, weights), weights),
        Heuristic::BinDotBuckets => bin_dot_buckets(p, weights),
    }
}

/// Runs the whole portfolio in parallel and returns the best layout with the name of the
/// heuristic that made it (fewest bins; ties to the earliest in the portfolio).
pub fn best_of_portfolio(p: &Plain, stop: &Stop) -> (Bins, String) {
    let weights = scarcity(p);
    let hs = portfolio_for(p);
    let results: Vec<Option<Bins>> = hs
        .par_iter()
        .enumerate()
        .map(|(idx, &h)| if idx > 0 && stop.expired() { None } else { Some(run(p, h, &weights)) })
        .collect();
    let mut best: Option<(usize, Bins)> = None;
    for (idx, r) in results.into_iter().enumerate() {
        if let Some(b) = r
            && best.as_ref().is_none_or(|(_, bb)| b.len() < bb.len())
        {
            best = Some((idx, b));
        }
    }
    match best {
        Some((idx, b)) => (b, hs[idx].name()),
        None => (first_fit(p, &order(p, Key::Sum, &weights)), "firstfit-sum".into()),
    }
}

/// First fit in the given order, using a tree over the bins' free room so that a large
/// instance costs O(n log m) in practice instead of O(n m).
pub fn first_fit(p: &Plain, order: &[u32]) -> Bins {
    let mut tree = FitTree::new(p.d);
    let mut bins: Bins = Vec::new();
    let mut room: Vec<u64> = Vec::new();
    for &i in order {
        let w = p.item(i as usize);
        let b = match tree.first_fit(w) {
            Some(b) => b,
            None => {
                bins.push(Vec::new());
                room.extend_from_slice(&p.cap);
                tree.push(&p.cap);
                bins.len() - 1
            }
        };
        let r = &mut room[b * p.d..(b + 1) * p.d];
        for j in 0..p.d {
            r[j] -= w[j];
        }
        tree.update(b, r);
        bins[b].push(i);
    }
    bins
}

/// Best fit / dot fit by scanning every open bin (O(n m d)).
fn scan_fit(p: &Plain, order: &[u32], rule: Rule, weights: &[f64]) -> Bins {
    let d = p.d;
    let mut bins: Bins = Vec::new();
    let mut room: Vec<u64> = Vec::new();
    let inv: Vec<f64> = p.cap.iter().map(|&c| 1.0 / c as f64).collect();
    for &i in order {
        let w = p.item(i as usize);
        let nwi = p.nitem(i as usize);
        let mut best: Option<(f64, usize)> = None;
        for b in 0..bins.len() {
            let r = &room[b * d..(b + 1) * d];
            if (0..d).any(|j| w[j] > r[j]) {
                continue;
            }
            let score = match rule {
                // smaller is better: room left after placing
                Rule::BestFit => {
                    (0..d).map(|j| (r[j] - w[j]) as f64 * inv[j] * weights[j]).sum::<f64>()
                }
                // larger dot product with the free room is better
                Rule::DotFit => -(0..d).map(|j| nwi[j] * r[j] as f64 * inv[j]).sum::<f64>(),
                Rule::FirstFit => b as f64,
            };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, b));
            }
        }
        let b = match best {
            Some((_, b)) => b,
            None => {
                bins.push(Vec::new());
                room.extend_from_slice(&p.cap);
                bins.len() - 1
            }
        };
        for j in 0..d {
            room[b * d + j] -= w[j];
        }
        bins[b].push(i);
    }
    bins
}

/// Bin-centric: open a bin, repeatedly add the fitting item with the largest weighted dot
/// product with the bin's free room, close it when nothing fits (Panigrahy et al.'s
/// "dot product" heuristic). O(n² d).
fn bin_dot(p: &Plain, weights: &[f64]) -> Bins {
    let d = p.d;
    let mut left: Vec<u32> = order(p, Key::Scarcity, weights);
    let mut bins: Bins = Vec::new();
    let inv: Vec<f64> = p.cap.iter().map(|&c| 1.0 / c as f64).collect();
    let mut room = vec![0u64; d];
    while !left.is_empty() {
        room.copy_from_slice(&p.cap);
        let mut bin = Vec::new();
        loop {
            let mut best: Option<(f64, usize)> = None;
            for (pos, &i) in left.iter().enumerate() {
                let w = p.item(i as usize);
                if (0..d).any(|j| w[j] > room[j]) {
                    continue;
                }
                let nwi = p.nitem(i as usize);
                let s: f64 = (0..d).map(|j| nwi[j] * room[j] as f64 * inv[j] * weights[j]).sum();
                if best.is_none_or(|(bs, _)| s > bs) {
                    best = Some((s, pos));
                }
            }
            let Some((_, pos)) = best else { break };
            let i = left.remove(pos);
            let w = p.item(i as usize);
            for j in 0..d {
                room[j] -= w[j];
            }
            bin.push(i);
        }
        if bin.is_empty() {
            // cannot happen for items that fit an empty bin; never loop forever
            bin.push(left.remove(0));
        }
        bins.push(bin);
    }
    bins
}

/// Levels per dimension of the shape key of [`Heuristic::BinDotBuckets`].
const SHAPE_LEVELS: f64 = 6.0;
/// Score of an item in [`Heuristic::BinDotBuckets`]: cos^COS_EXP (alignment with the free
/// room) × size^SIZE_EXP. Shape dominates, so that large memory-heavy VMs do not share a host
/// merely because they are large (tuned on generated fleets of several seeds).
const COS_EXP: i32 = 6;
const SIZE_EXP: f64 = 1.0;
/// Items examined per shape group when filling a bin.
const GROUP_SCAN: usize = 24;

/// See [`Heuristic::BinDotBuckets`].
fn bin_dot_buckets(p: &Plain, weights: &[f64]) -> Bins {
    let d = p.d;
    // Shape key: the item's normalised vector divided by its sum, quantised (at most the
    // first four dimensions, enough to separate CPU-heavy from memory-heavy shapes).
    let mut groups: std::collections::BTreeMap<Vec<u8>, Vec<u32>> = Default::default();
    for i in 0..p.n {
        let x = p.nitem(i);
        let total: f64 = x.iter().sum::<f64>().max(1e-12);
        let key: Vec<u8> =
            x.iter().take(4).map(|v| ((v / total) * SHAPE_LEVELS).round() as u8).collect();
        groups.entry(key).or_default().push(i as u32);
    }
    let mut lists: Vec<Vec<u32>> = groups.into_values().collect();
    for l in &mut lists {
        // largest last, so that taking an item is a pop or a swap_remove near the end
        l.sort_by(|&a, &b| p.size[a as usize].total_cmp(&p.size[b as usize]).then(b.cmp(&a)));
    }
    let inv: Vec<f64> = p.cap.iter().map(|&c| 1.0 / c as f64).collect();
    let mut bins: Bins = Vec::new();
    let mut room = vec![0u64; d];
    let mut left: usize = p.n;
    while left > 0 {
        room.copy_from_slice(&p.cap);
        let mut bin = Vec::new();
        loop {
            let mut best: Option<(f64, usize, usize)> = None; // score, list, position
            for (g, l) in lists.iter().enumerate() {
                // The largest fitting item among the largest of the group, else among its
                // smallest (a nearly full bin needs small items).
                let n = l.len();
                let top = (0..n.min(GROUP_SCAN)).map(|k| n - 1 - k);
                let bottom = (0..n.min(GROUP_SCAN)).rev().filter(|&x| x + GROUP_SCAN < n);
                let Some(pos) = top.chain(bottom).find(|&x| p.fits_room(&room, l[x] as usize))
                else {
                    continue;
                };
                let i = l[pos];
                let x = p.nitem(i as usize);
                let (mut dot, mut xx, mut rr) = (0.0, 0.0, 0.0);
                for j in 0..d {
                    let rj = room[j] as f64 * inv[j] * weights[j];
                    let xj = x[j] * weights[j];
                    dot += xj * rj;
                    xx += xj * xj;
                    rr += rj * rj;
                }
                let cos = dot / (xx * rr).sqrt().max(1e-12);
                let score = cos.powi(COS_EXP) * p.size[i as usize].powf(SIZE_EXP);
                if best.is_none_or(|(s, _, _)| score > s) {
                    best = Some((score, g, pos));
                }
            }
            let Some((_, g, pos)) = best else { break };
            let i = lists[g].remove(pos);
            let w = p.item(i as usize);
            for j in 0..d {
                room[j] -= w[j];
            }
            bin.push(i);
            left -= 1;
        }
        if bin.is_empty() {
            // every item fits an empty bin, so this cannot happen; never loop forever
            if let Some(l) = lists.iter_mut().find(|l| !l.is_empty())
                && let Some(i) = l.pop()
            {
                bin.push(i);
                left -= 1;
            }
        }
        bins.push(bin);
    }
    bins
}

/// Bins considered by [`Heuristic::DotWindow`].
const WINDOW: usize = 48;

/// Places each item in the window bin whose free room it matches best (largest weighted dot
/// product of the item with the normalised free room), else by first fit over all bins, else
/// in a new bin. The window holds the most recently opened bins.
fn dot_window(p: &Plain, order: &[u32], weights: &[f64]) -> Bins {
    let d = p.d;
    let inv: Vec<f64> = p.cap.iter().map(|&c| 1.0 / c as f64).collect();
    let mut tree = FitTree::new(d);
    let mut bins: Bins = Vec::new();
    let mut room: Vec<u64> = Vec::new();
    for &i in order {
        let w = p.item(i as usize);
        let nwi = p.nitem(i as usize);
        let lo = bins.len().saturating_sub(WINDOW);
        let mut best: Option<(f64, usize)> = None;
        for b in lo..bins.len() {
            let r = &room[b * d..(b + 1) * d];
            if (0..d).any(|j| w[j] > r[j]) {
                continue;
            }
            let score: f64 = (0..d).map(|j| nwi[j] * r[j] as f64 * inv[j] * weights[j]).sum();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, b));
            }
        }
        let b = match best.map(|(_, b)| b).or_else(|| tree.first_fit(w)) {
            Some(b) => b,
            None => {
                bins.push(Vec::new());
                room.extend_from_slice(&p.cap);
                tree.push(&p.cap);
                bins.len() - 1
            }
        };
        let r = &mut room[b * d..(b + 1) * d];
        for j in 0..d {
            r[j] -= w[j];
        }
        tree.update(b, r);
        bins[b].push(i);
    }
    bins
}

/// Minimum bin slack with the largest remaining item forced into each new bin. One dimension:
/// exact subset sum; vectors: the heaviest (scarcity-weighted) subset by a node-limited branch
/// and bound over the remaining items that fit beside the forced one.
fn min_slack(p: &Plain, weights: &[f64]) -> Bins {
    let s: Vec<f64> =
        (0..p.n).map(|i| p.nitem(i).iter().zip(weights).map(|(x, w)| x * w).sum::<f64>()).collect();
    let mut left: Vec<u32> = order(p, Key::Scarcity, weights);
    let mut bins: Bins = Vec::new();
    while let Some(&first) = left.first() {
        let w0 = p.item(first as usize);
        let room: Vec<u64> = (0..p.d).map(|j| p.cap[j] - w0[j]).collect();
        let cands: Vec<u32> =
            left[1..].iter().copied().filter(|&i| p.fits_room(&room, i as usize)).collect();
        let mut bin = vec![first];
        if p.d == 1 {
            let sizes: Vec<u64> = cands.iter().map(|&i| p.item(i as usize)[0]).collect();
            bin.extend(
                super::subset::max_subset_sum(&sizes, room[0]).into_iter().map(|k| cands[k]),
            );
        } else {
            let mut nodes = 0;
            if let Some(f) = super::subset::best_fill(p, &cands, &s, &room, 0.0, 5_000, &mut nodes)
            {
                bin.extend(f);
            }
        }
        let mut taken = vec![false; p.n];
        for &i in &bin {
            taken[i as usize] = true;
        }
        left.retain(|&i| !taken[i as usize]);
        bins.push(bin);
    }
    bins
}

/// A complete binary tree over the bins whose nodes hold the componentwise maximum free room
/// of their subtree: a subtree whose maximum does not dominate the item holds no bin that
/// fits it, so first fit descends only into promising subtrees.
pub struct FitTree {
    d: usize,
    leaves: usize,
    len: usize,
    max: Vec<u64>,
}

impl FitTree {
    /// An empty tree for `d` dimensions.
    pub fn new(d: usize) -> Self {
        FitTree { d, leaves: 1, len: 0, max: vec![0; 2 * d] }
    }

    /// Number of bins.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no bins.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends a bin with free room `room`.
    pub fn push(&mut self, room: &[u64]) {
        if self.len == self.leaves {
            let old = std::mem::take(&mut self.max);
            let old_leaves = self.leaves;
            self.leaves *= 2;
            self.max = vec![0; 2 * self.leaves * self.d];
            for b in 0..self.len {
                let src = &old[(old_leaves + b) * self.d..(old_leaves + b + 1) * self.d];
                let dst = (self.leaves + b) * self.d;
                self.max[dst..dst + self.d].copy_from_slice(src);
            }
            for node in (1..self.leaves).rev() {
                self.pull(node);
            }
        }
        self.len += 1;
        self.update(self.len - 1, room);
    }

    fn pull(&mut self, node: usize) {
        let d = self.d;
        for j in 0..d {
            let a = self.max[2 * node * d + j];
            let b = self.max[(2 * node + 1) * d + j];
            self.max[node * d + j] = a.max(b);
        }
    }

    /// Sets the free room of bin `b`.
    pub fn update(&mut self, b: usize, room: &[u64]) {
        let d = self.d;
        let mut node = self.leaves + b;
        self.max[node * d..(node + 1) * d].copy_from_slice(room);
        while node > 1 {
            node /= 2;
            self.pull(node);
        }
    }

    /// The lowest-index bin whose free room dominates `w`.
    pub fn first_fit(&self, w: &[u64]) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        self.find(1, 0, self.leaves, w)
    }

    fn find(&self, node: usize, lo: usize, width: usize, w: &[u64]) -> Option<usize> {
        if lo >= self.len {
            return None;
        }
        let m = &self.max[node * self.d..(node + 1) * self.d];
        if m.iter().zip(w).any(|(a, b)| a < b) {
            return None;
        }
        if width == 1 {
            return Some(lo);
        }
        let half = width / 2;
        self.find(2 * node, lo, half, w).or_else(|| self.find(2 * node + 1, lo + half, half, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;

    #[test]
    fn every_heuristic_gives_a_feasible_packing() {
        let mut demands = Vec::new();
        let mut s = 12345u64;
        for _ in 0..200 {
            for _ in 0..3 {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                demands.push((s >> 33) % 60 + 1);
            }
        }
        let p = Plain::new(&[100, 100, 100], &demands);
        let w = scarcity(&p);
        for h in portfolio_for(&p) {
            let b = run(&p, h, &w);
            assert!(is_feasible(&p, &b), "{}", h.name());
        }
    }

    #[test]
    fn fit_tree_finds_the_first_fitting_bin() {
        let mut t = FitTree::new(2);
        t.push(&[1, 9]);
        t.push(&[9, 1]);
        t.push(&[5, 5]);
        assert_eq!(t.first_fit(&[2, 2]), Some(2));
        assert_eq!(t.first_fit(&[1, 1]), Some(0));
        assert_eq!(t.first_fit(&[6, 6]), None);
        t.update(0, &[7, 7]);
        assert_eq!(t.first_fit(&[6, 6]), Some(0));
        assert_eq!(t.len(), 3);
    }
}
