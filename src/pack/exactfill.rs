//! Zero-slack instances: when the total demand in some dimension is exactly the lower bound
//! times the capacity, a packing with that many bins must fill every bin *exactly* in that
//! dimension. Triplet instances (Falkenauer's "t" class and its vector versions) are built
//! this way, and they are notoriously hard for local search, which keeps finding bins that
//! are almost full. Here the exactness is used directly: a depth-first search builds bins one
//! at a time, each holding the largest remaining item plus one or two others that complete
//! the tight dimensions exactly (found by hashing the missing vector), with randomised order
//! and a node budget.

use super::budget::Stop;
use super::plain::{Bins, Plain};
use super::rng::Rng;
use std::collections::HashMap;

/// Tries to pack `p` into exactly `bins` bins that are full in every tight dimension.
/// Returns `None` when the instance has no tight dimension for `bins` or the search fails
/// within its budget: `work` elementary steps in all, split into restarts (the first follows
/// the largest-partner-first order, the others perturb it with the seeded generator).
pub fn solve(
    p: &Plain,
    bins: u64,
    seed: u64,
    work: u64,
    stop: &Stop,
    max_fraction: f64,
) -> Option<Bins> {
    if p.n == 0 || p.d == 0 || bins == 0 {
        return None;
    }
    let tight = tight_dims(p, bins);
    if tight.is_empty() {
        return None;
    }
    let mut order: Vec<u32> = (0..p.n as u32).collect();
    order.sort_by(|&a, &b| p.size[b as usize].total_cmp(&p.size[a as usize]).then(a.cmp(&b)));
    let mut by_key: HashMap<u64, Vec<u32>> = HashMap::new();
    for &i in order.iter().rev() {
        by_key.entry(key(&tight, p.item(i as usize))).or_default().push(i);
    }
    let mut pos_of = vec![0; p.n];
    for (k, &i) in order.iter().enumerate() {
        pos_of[i as usize] = k;
    }
    let mut s = Search {
        pos_of,
        p,
        tight,
        order,
        alive: vec![true; p.n],
        by_key,
        bins: Vec::new(),
        nodes: 0,
        limit: 0,
        rng: Rng::stream(seed, 0xe4ac),
        noise: 0.0,
        stop,
    };
    let per_restart = (work / 4).max(20 * p.n as u64);
    let mut spent = 0u64;
    let mut restart = 0u32;
    while spent < work && !stop.expired() && !stop.past(max_fraction) {
        s.noise = if restart == 0 { 0.0 } else { 0.3 };
        s.nodes = 0;
        s.limit = per_restart;
        s.bins.clear();
        s.alive.iter_mut().for_each(|a| *a = true);
        if s.dfs() {
            return Some(s.bins);
        }
        if s.nodes <= s.limit {
            // The tree was exhausted, not cut: another order explores the same completions.
            return None;
        }
        spent += s.nodes;
        restart += 1;
    }
    None
}

/// True when some dimension's total demand is exactly `bins` capacities (zero slack).
pub fn zero_slack(p: &Plain, bins: u64) -> bool {
    !tight_dims(p, bins).is_empty()
}

/// The dimensions whose total demand is exactly `bins` capacities: in a layout of `bins` bins
/// every bin must be exactly full in them.
fn tight_dims(p: &Plain, bins: u64) -> Vec<usize> {
    (0..p.d)
        .filter(|&j| {
            let total: u128 = (0..p.n).map(|i| u128::from(p.w[i * p.d + j])).sum();
            total == u128::from(bins) * u128::from(p.cap[j])
        })
        .collect()
}

/// Repairs a layout of a zero-slack instance: the bins that are not exactly full in the tight
/// dimensions, together with a few exactly full ones drawn at random, form a smaller
/// zero-slack instance that must fit in one bin less per bin in excess of `bins`; the exact
/// search solves it (small instances are easy for it) and the rest of the layout is kept.
/// Rounds draw more exact bins each time, within `work`.
pub fn repair(
    p: &Plain,
    layout: &Bins,
    bins: u64,
    seed: u64,
    work: u64,
    stop: &Stop,
    max_fraction: f64,
) -> Option<Bins> {
    let excess = (layout.len() as u64).checked_sub(bins).filter(|&e| e > 0)?;
    let tight = tight_dims(p, bins);
    if tight.is_empty() {
        return None;
    }
    let exact: Vec<bool> = layout
        .iter()
        .map(|b| {
            let l = p.load_of(b);
            tight.iter().all(|&j| l[j] == p.cap[j])
        })
        .collect();
    let loose: Vec<usize> = (0..layout.len()).filter(|&b| !exact[b]).collect();
    let full: Vec<usize> = (0..layout.len()).filter(|&b| exact[b]).collect();
    let mut rng = Rng::stream(seed, 0x4e9a);
    let mut bin_of = vec![0usize; p.n];
    for (b, bin) in layout.iter().enumerate() {
        for &i in bin {
            bin_of[i as usize] = b;
        }
    }
    let mut by_key: HashMap<u64, Vec<u32>> = HashMap::new();
    for i in 0..p.n as u32 {
        by_key.entry(key(&tight, p.item(i as usize))).or_default().push(i);
    }
    let mut spent = 0u64;
    let mut round = 0u32;
    while spent < work && !stop.expired() && !stop.past(max_fraction) {
        round += 1;
        // Full bins holding partners that complete loose items exactly, then a few random.
        let mut in_group = vec![false; layout.len()];
        for &b in &loose {
            in_group[b] = true;
        }
        let loose_items: Vec<u32> = loose.iter().flat_map(|&b| layout[b].iter().copied()).collect();
        for &a in &loose_items {
            let wa = p.item(a as usize);
            let mut found: Vec<(u32, u32)> = Vec::new();
            for _ in 0..64 {
                let b = rng.below(p.n) as u32;
                if b == a {
                    continue;
                }
                let wb = p.item(b as usize);
                if (0..p.d).any(|j| wa[j] + wb[j] > p.cap[j]) {
                    continue;
                }
                let need: Vec<u64> = tight.iter().map(|&j| p.cap[j] - wa[j] - wb[j]).collect();
                let h = need.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &v| {
                    (h ^ v).wrapping_mul(0x0100_0000_01B3).rotate_left(23)
                });
                if let Some(list) = by_key.get(&h)
                    && let Some(&c) = list.iter().find(|&&c| {
                        c != a
                            && c != b
                            && tight.iter().zip(&need).all(|(&j, &v)| p.item(c as usize)[j] == v)
                    })
                {
                    found.push((b, c));
                    if found.len() >= 3 {
                        break;
                    }
                }
            }
            if let Some(&(b, c)) = found.get(rng.below(found.len().max(1))) {
                in_group[bin_of[b as usize]] = true;
                in_group[bin_of[c as usize]] = true;
            }
        }
        for _ in 0..(round as usize % 4) {
            if let Some(&b) = full.get(rng.below(full.len().max(1))) {
                in_group[b] = true;
            }
        }
        let group: Vec<usize> = (0..layout.len()).filter(|&b| in_group[b]).collect();
        let items: Vec<u32> = group.iter().flat_map(|&b| layout[b].iter().copied()).collect();
        let mut flat = Vec::with_capacity(items.len() * p.d);
        for &i in &items {
            flat.extend_from_slice(p.item(i as usize));
        }
        let sub = Plain::new(&p.cap, &flat);
        let target = group.len() as u64 - excess;
        let budget = (work / 16).max(2_000 * items.len() as u64);
        spent += budget;
        if let Some(sol) = solve(&sub, target, rng.next_u64(), budget, stop, max_fraction) {
            let mut out: Bins = (0..layout.len())
                .filter(|b| !group.contains(b))
                .map(|b| layout[b].clone())
                .collect();
            out.extend(sol.into_iter().map(|b| b.into_iter().map(|k| items[k as usize]).collect()));
            return Some(out);
        }
    }
    None
}

/// Hash of the tight part of a demand vector (equal vectors, equal keys; candidates found by
/// key are compared exactly).
fn key(tight: &[usize], w: &[u64]) -> u64 {
    tight.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &j| {
        (h ^ w[j]).wrapping_mul(0x0100_0000_01B3).rotate_left(23)
    })
}

/// Largest alive items scored for most-constrained-first branching.
const MRV_LARGEST: usize = 12;
/// Random alive items scored beside them.
const MRV_RANDOM: usize = 8;

struct Search<'a> {
    p: &'a Plain,
    tight: Vec<usize>,
    order: Vec<u32>,
    alive: Vec<bool>,
    /// Alive items by the hash of their tight-dimension vector (dead entries skipped).
    by_key: HashMap<u64, Vec<u32>>,
    bins: Bins,
    nodes: u64,
    limit: u64,
    rng: Rng,
    /// Relative noise on the completion order (0 for the first, deterministic pass).
    noise: f64,
    stop: &'a Stop,
    /// Position of each item in `order`.
    pos_of: Vec<usize>,
}

impl Search<'_> {
    fn kill(&mut self, i: u32) {
        self.alive[i as usize] = false;
    }

    fn revive(&mut self, i: u32) {
        self.alive[i as usize] = true;
    }

    /// An alive item whose tight part equals `need`, other than those in `not`, fitting
    /// `room`.
    fn find(&self, need: &[u64], not: &[u32], room: &[u64]) -> Option<u32> {
        let h = self.tight.iter().zip(need).fold(0x9E37_79B9_7F4A_7C15u64, |h, (_, &v)| {
            (h ^ v).wrapping_mul(0x0100_0000_01B3).rotate_left(23)
        });
        let list = self.by_key.get(&h)?;
        list.iter().rev().copied().find(|&c| {
            self.alive[c as usize]
                && !not.contains(&c)
                && self.tight.iter().zip(need).all(|(&j, &v)| self.p.item(c as usize)[j] == v)
                && self.p.fits_room(room, c as usize)
        })
    }

    /// Completions of item `a` (other alive items that fill the tight dimensions exactly
    /// beside it and fit the others), at most `cap` of them.
    fn completions(&mut self, a: u32, cap: usize) -> Vec<Vec<u32>> {
        let p = self.p;
        let wa = p.item(a as usize);
        let room: Vec<u64> = (0..p.d).map(|j| p.cap[j] - wa[j]).collect();
        let need: Vec<u64> = self.tight.iter().map(|&j| room[j]).collect();
        let mut out: Vec<Vec<u32>> = Vec::new();
        if need.iter().all(|&x| x == 0) {
            out.push(Vec::new());
        }
        if let Some(c) = self.find(&need, &[a], &room) {
            out.push(vec![c]);
        }
        let mut rest = vec![0u64; p.d];
        let mut k = vec![0u64; self.tight.len()];
        for x in 0..self.order.len() {
            if out.len() >= cap {
                break;
            }
            let b = self.order[x];
            self.nodes += 1;
            if b == a || !self.alive[b as usize] || !p.fits_room(&room, b as usize) {
                continue;
            }
            let wb = p.item(b as usize);
            for j in 0..p.d {
                rest[j] = room[j] - wb[j];
            }
            for (t, &j) in self.tight.iter().enumerate() {
                k[t] = rest[j];
            }
            if let Some(c) = self.find(&k, &[a, b], &rest)
                && self.rank(b) < self.rank(c)
            {
                out.push(vec![b, c]);
            }
        }
        out
    }

    /// Most-constrained-first: the alive item with the fewest completions goes next; an item
    /// without any proves the branch dead (forward checking).
    fn dfs(&mut self) -> bool {
        self.nodes += 1;
        if self.nodes > self.limit || (self.nodes & 63 == 0 && self.stop.expired()) {
            self.nodes = self.nodes.max(self.limit + 1);
            return false;
        }
        let alive: Vec<u32> =
            self.order.iter().copied().filter(|&i| self.alive[i as usize]).collect();
        if alive.is_empty() {
            return true;
        }
        // Candidates for the most constrained item: the largest alive ones and a few random
        // others (scoring every item would cost O(n²) per node).
        let mut cands: Vec<u32> = alive.iter().copied().take(MRV_LARGEST).collect();
        for _ in 0..MRV_RANDOM.min(alive.len()) {
            let x = alive[self.rng.below(alive.len())];
            if !cands.contains(&x) {
                cands.push(x);
            }
        }
        let mut pick: Option<(usize, u32)> = None;
        for &a in &cands {
            let c = self.completions(a, 4).len();
            if c == 0 {
                return false;
            }
            if pick.is_none_or(|(bc, _)| c < bc) {
                pick = Some((c, a));
                if c == 1 {
                    break;
                }
            }
            if self.nodes > self.limit {
                return false;
            }
        }
        let Some((_, a)) = pick else { return false };
        let completions = self.completions(a, 48);
        let p = self.p;
        // Largest partner first (keeps small items for the end), perturbed on restarts.
        let mut keyed: Vec<(f64, Vec<u32>)> = completions
            .into_iter()
            .map(|c| {
                let big = c.first().map(|&b| p.size[b as usize]).unwrap_or(f64::INFINITY);
                let noise = if self.noise > 0.0 { 1.0 + self.noise * self.rng.unit() } else { 1.0 };
                (big * noise, c)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, comp) in keyed {
            self.kill(a);
            for &c in &comp {
                self.kill(c);
            }
            let mut bin = vec![a];
            bin.extend_from_slice(&comp);
            self.bins.push(bin);
            if self.dfs() {
                return true;
            }
            self.bins.pop();
            self.revive(a);
            for &c in &comp {
                self.revive(c);
            }
            if self.nodes > self.limit {
                return false;
            }
        }
        false
    }

    fn rank(&self, i: u32) -> usize {
        self.pos_of[i as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;

    #[test]
    fn finds_exact_triplets() {
        // Four triplets summing to 100 each, shuffled.
        let t = [[40, 35, 25], [45, 30, 25], [50, 26, 24], [38, 33, 29]];
        let mut w: Vec<u64> = t.iter().flat_map(|x| x.iter().copied()).collect();
        let mut r = Rng::new(3);
        r.shuffle(&mut w);
        let p = Plain::new(&[100], &w);
        let stop = Stop::new(std::time::Duration::from_secs(10));
        let b = solve(&p, 4, 1, 10_000, &stop, 1.0).expect("exact triplets exist");
        assert_eq!(b.len(), 4);
        assert!(is_feasible(&p, &b));
        // not zero-slack for 5 bins
        assert!(solve(&p, 5, 1, 10_000, &stop, 1.0).is_none());
    }
}
