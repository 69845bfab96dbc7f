//! Exact search for small plain instances: decides whether the items fit in `k` bins.
//!
//! Item-oriented branch and bound (in the manner of Martello and Toth's MTP): items in
//! decreasing size, each placed in an open bin or in one new bin; bins with identical loads are
//! tried once (symmetry); a node is cut when the remaining demand of some dimension exceeds
//! the room left in the open bins plus the bins not yet opened. It closes the gap left by the
//! heuristics on small instances in both directions: it finds a layout with one bin less, or
//! proves there is none, which proves the heuristic layout optimal. A node limit keeps it
//! deterministic and bounded; when the limit is reached the answer is `Unknown`.

use super::budget::Stop;
use super::plain::{Bins, Plain};

/// Outcome of [`pack_into`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exact {
    /// A layout with at most `k` bins.
    Found(Bins),
    /// No layout with `k` bins exists.
    Impossible,
    /// The node limit (or the deadline) stopped the search.
    Unknown,
}

/// Decides whether `p` packs into `k` bins, within `node_limit` nodes.
pub fn pack_into(p: &Plain, k: usize, node_limit: u64, stop: &Stop) -> Exact {
    if p.n == 0 {
        return Exact::Found(Vec::new());
    }
    if k == 0 {
        return Exact::Impossible;
    }
    let mut order: Vec<u32> = (0..p.n as u32).collect();
    order.sort_by(|&a, &b| p.size[b as usize].total_cmp(&p.size[a as usize]).then(a.cmp(&b)));
    // suffix[idx * d + j]: demand of order[idx..] in dimension j
    let d = p.d;
    let mut suffix = vec![0u128; (p.n + 1) * d];
    for idx in (0..p.n).rev() {
        let w = p.item(order[idx] as usize);
        for j in 0..d {
            suffix[idx * d + j] = suffix[(idx + 1) * d + j] + u128::from(w[j]);
        }
    }
    let mut s = Bb {
        p,
        k,
        order,
        suffix,
        room: Vec::with_capacity(k * d),
        bins: Vec::with_capacity(k),
        nodes: 0,
        limit: node_limit,
        stop,
        cut: false,
    };
    if s.dfs(0) {
        Exact::Found(s.bins)
    } else if s.cut {
        Exact::Unknown
    } else {
        Exact::Impossible
    }
}

struct Bb<'a> {
    p: &'a Plain,
    k: usize,
    order: Vec<u32>,
    suffix: Vec<u128>,
    room: Vec<u64>,
    bins: Bins,
    nodes: u64,
    limit: u64,
    stop: &'a Stop,
    cut: bool,
}

impl Bb<'_> {
    fn dfs(&mut self, idx: usize) -> bool {
        let p = self.p;
        let d = p.d;
        if idx == self.order.len() {
            return true;
        }
        self.nodes += 1;
        if self.nodes > self.limit || (self.nodes & 1023 == 0 && self.stop.expired()) {
            self.cut = true;
            return false;
        }
        // Remaining demand must fit the room of the open bins plus the unopened ones.
        let open = self.bins.len();
        for j in 0..d {
            let free: u128 = (0..open).map(|b| u128::from(self.room[b * d + j])).sum::<u128>()
                + (self.k - open) as u128 * u128::from(p.cap[j]);
            if self.suffix[idx * d + j] > free {
                return false;
            }
        }
        let i = self.order[idx];
        let w = p.item(i as usize);
        for b in 0..open {
            let r = &self.room[b * d..(b + 1) * d];
            if !(0..d).all(|j| w[j] <= r[j]) {
                continue;
            }
            // symmetry: an earlier open bin with the same room gives the same subtree
            if (0..b).any(|c| self.room[c * d..(c + 1) * d] == self.room[b * d..(b + 1) * d]) {
                continue;
            }
            for j in 0..d {
                self.room[b * d + j] -= w[j];
            }
            self.bins[b].push(i);
            if self.dfs(idx + 1) {
                return true;
            }
            self.bins[b].pop();
            for j in 0..d {
                self.room[b * d + j] += w[j];
            }
            if self.cut {
                return false;
            }
        }
        if open < self.k {
            self.room.extend_from_slice(&p.cap);
            for j in 0..d {
                self.room[open * d + j] -= w[j];
            }
            self.bins.push(vec![i]);
            if self.dfs(idx + 1) {
                return true;
            }
            self.bins.pop();
            self.room.truncate(open * d);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::plain::is_feasible;
    use std::time::Duration;

    #[test]
    fn decides_small_instances() {
        let stop = Stop::new(Duration::from_secs(10));
        // 6,5,5,4,4,3,3 in bins of 10: three bins ({6,4},{5,5},{4,3,3}), not two.
        let p = Plain::new(&[10], &[6, 5, 5, 4, 4, 3, 3]);
        match pack_into(&p, 3, 100_000, &stop) {
            Exact::Found(b) => assert!(is_feasible(&p, &b) && b.len() <= 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(pack_into(&p, 2, 100_000, &stop), Exact::Impossible);
        // Vector case where the continuous bound (2) is not enough: three (6,6) items.
        let q = Plain::new(&[10, 10], &[6, 6, 6, 6, 6, 6, 1, 1]);
        assert_eq!(pack_into(&q, 2, 100_000, &stop), Exact::Impossible);
        assert!(matches!(pack_into(&q, 3, 100_000, &stop), Exact::Found(_)));
        assert_eq!(pack_into(&q, 3, 0, &stop), Exact::Unknown);
    }
}
