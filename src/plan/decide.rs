//! Whether a small cluster has a layout on a given set of hosts, decided exactly.
//!
//! The mix search tries a mix with a few greedy constructions; when they all fail, the mix is
//! not refuted, so its cost stays the cluster's lower bound although no layout was found. On a
//! small cluster (a dozen servers on three or four hosts, like the sample's internet zone) the
//! question can be settled: every assignment of the units to the hosts that fits in normal
//! operation (each resource and hour within each host's limit, redundancy partners apart) is
//! enumerated, and for each, every loss of `k` hosts is re-placed exhaustively (the lost units
//! onto the survivors within their failover limits, apart from the partners a survivor holds or
//! receives) — the same conditions as [`super::failover::check`]. When no assignment survives,
//! the mix is proven to have no layout and the search may pass over it; when one does, it is a
//! layout the greedy constructions missed.
//!
//! Work is counted in search nodes, never timed: past the budget the answer is
//! [`Decision::Unknown`] and nothing is claimed. Identical empty hosts are interchangeable, so
//! a unit goes to the first empty host of each model only.

use super::failover::next_combination;

/// The outcome of [`decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A layout: the host of each unit (it survives every loss of k hosts).
    Layout(Vec<usize>),
    /// No assignment of the units to these hosts fits and survives every loss of k hosts.
    None,
    /// The node budget ran out first.
    Unknown,
}

/// A small cluster problem in integer units.
pub struct Small<'a> {
    /// Normal-operation limit of each host, per dimension.
    pub cap: &'a [Vec<u64>],
    /// Failover limit of each host, per dimension.
    pub fcap: &'a [Vec<u64>],
    /// A class per host: hosts of one class are interchangeable (same model).
    pub class: &'a [usize],
    /// Demand of each unit, per dimension.
    pub demand: &'a [Vec<u64>],
    /// Redundancy groups of each unit (members of a group never share a host).
    pub groups: &'a [Vec<usize>],
    /// Hosts whose loss must be absorbed.
    pub k: usize,
}

/// Decides whether `p` has a layout, within `budget` search nodes.
pub fn decide(p: &Small, budget: u64) -> Decision {
    let n = p.cap.len();
    if p.k >= n && !p.demand.is_empty() {
        return Decision::None;
    }
    let mut order: Vec<usize> = (0..p.demand.len()).collect();
    let size = |u: usize| p.demand[u].iter().sum::<u64>();
    order.sort_by(|&a, &b| size(b).cmp(&size(a)).then(a.cmp(&b)));
    let dims = p.cap.first().map_or(0, Vec::len);
    let mut s = Search {
        p,
        order,
        host: vec![usize::MAX; p.demand.len()],
        load: vec![vec![0; dims]; n],
        on: vec![Vec::new(); n],
        left: budget,
    };
    match s.assign(0) {
        Some(true) => Decision::Layout(s.host),
        Some(false) => Decision::None,
        None => Decision::Unknown,
    }
}

struct Search<'a, 'p> {
    p: &'a Small<'p>,
    order: Vec<usize>,
    host: Vec<usize>,
    load: Vec<Vec<u64>>,
    on: Vec<Vec<usize>>,
    left: u64,
}

impl Search<'_, '_> {
    /// Spends one node; `false` when the budget is gone.
    fn spend(&mut self) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        true
    }

    /// Places units `order[at..]`: `Some(true)` when a surviving layout is found, `Some(false)`
    /// when none exists below this node, `None` when the budget ran out.
    fn assign(&mut self, at: usize) -> Option<bool> {
        if !self.spend() {
            return None;
        }
        let Some(&u) = self.order.get(at) else {
            return self.survives();
        };
        let p = self.p;
        for h in 0..p.cap.len() {
            let empty = self.on[h].is_empty();
            // An empty host like an earlier empty one would repeat that branch.
            if empty && (0..h).any(|g| self.on[g].is_empty() && p.class[g] == p.class[h]) {
                continue;
            }
            if !self.fits(u, h) {
                continue;
            }
            self.put(u, h);
            if !self.may_survive() {
                self.take(u, h);
                continue;
            }
            let r = self.assign(at + 1);
            self.take(u, h);
            match r {
                Some(false) => {}
                other => {
                    if other == Some(true) {
                        self.host[u] = h;
                    }
                    return other;
                }
            }
        }
        Some(false)
    }

    /// A necessary condition for surviving the loss of any one host (implied by every loss of
    /// k ≥ 1 hosts), which later units can only make harder — loads only grow further down —
    /// so a node that fails it has no surviving layout below it: each host's load fits, in
    /// every dimension, in the failover room the other hosts have left.
    fn may_survive(&self) -> bool {
        let p = self.p;
        if p.k == 0 {
            return true;
        }
        let dims = self.load.first().map_or(0, Vec::len);
        (0..dims).all(|d| {
            let room = |s: usize| p.fcap[s][d].saturating_sub(self.load[s][d]);
            let total: u64 = (0..p.cap.len()).map(room).sum();
            (0..p.cap.len()).all(|h| self.load[h][d] <= total - room(h))
        })
    }

    fn fits(&self, u: usize, h: usize) -> bool {
        let p = self.p;
        self.load[h].iter().zip(&p.demand[u]).zip(&p.cap[h]).all(|((l, x), c)| l + x <= *c)
            && self.on[h].iter().all(|&v| disjoint(&p.groups[u], &p.groups[v]))
    }

    fn put(&mut self, u: usize, h: usize) {
        for (l, x) in self.load[h].iter_mut().zip(&self.p.demand[u]) {
            *l += x;
        }
        self.on[h].push(u);
        self.host[u] = h;
    }

    fn take(&mut self, u: usize, h: usize) {
        for (l, x) in self.load[h].iter_mut().zip(&self.p.demand[u]) {
            *l -= x;
        }
        self.on[h].pop();
    }

    /// Every loss of k hosts re-placed, for the complete assignment in `on`.
    fn survives(&mut self) -> Option<bool> {
        let (n, k) = (self.p.cap.len(), self.p.k);
        if k == 0 {
            return Some(true);
        }
        let mut lost: Vec<usize> = (0..k).collect();
        loop {
            if !self.absorbed(&lost)? {
                return Some(false);
            }
            if !next_combination(&mut lost, n) {
                return Some(true);
            }
        }
    }

    /// Whether the units of the `lost` hosts can restart on the others.
    fn absorbed(&mut self, lost: &[usize]) -> Option<bool> {
        let p = self.p;
        let mut moving: Vec<usize> = lost.iter().flat_map(|&h| self.on[h].clone()).collect();
        let size = |u: usize| p.demand[u].iter().sum::<u64>();
        moving.sort_by(|&a, &b| size(b).cmp(&size(a)).then(a.cmp(&b)));
        let mut load = self.load.clone();
        let mut got: Vec<Vec<usize>> = vec![Vec::new(); p.cap.len()];
        self.replace(&moving, 0, lost, &mut load, &mut got)
    }

    fn replace(
        &mut self,
        moving: &[usize],
        at: usize,
        lost: &[usize],
        load: &mut [Vec<u64>],
        got: &mut [Vec<usize>],
    ) -> Option<bool> {
        if !self.spend() {
            return None;
        }
        let Some(&u) = moving.get(at) else { return Some(true) };
        let p = self.p;
        for s in (0..p.cap.len()).filter(|s| !lost.contains(s)) {
            let room =
                load[s].iter().zip(&p.demand[u]).zip(&p.fcap[s]).all(|((l, x), c)| l + x <= *c);
            let apart =
                self.on[s].iter().chain(&got[s]).all(|&v| disjoint(&p.groups[u], &p.groups[v]));
            if !room || !apart {
                continue;
            }
            for (l, x) in load[s].iter_mut().zip(&p.demand[u]) {
                *l += x;
            }
            got[s].push(u);
            let r = self.replace(moving, at + 1, lost, load, got);
            got[s].pop();
            for (l, x) in load[s].iter_mut().zip(&p.demand[u]) {
                *l -= x;
            }
            if r != Some(false) {
                return r;
            }
        }
        Some(false)
    }
}

fn disjoint(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|g| !b.contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every assignment, every re-placement: the reference `decide` must agree with.
    fn brute(p: &Small) -> bool {
        let (n, m) = (p.cap.len(), p.demand.len());
        let mut host = vec![0usize; m];
        loop {
            if brute_fits(p, &host) && brute_survives(p, &host) {
                return true;
            }
            let mut i = 0;
            loop {
                if i == m {
                    return false;
                }
                host[i] += 1;
                if host[i] < n {
                    break;
                }
                host[i] = 0;
                i += 1;
            }
        }
    }

    fn brute_fits(p: &Small, host: &[usize]) -> bool {
        (0..p.cap.len()).all(|h| {
            let on: Vec<usize> = (0..host.len()).filter(|&u| host[u] == h).collect();
            let ok = (0..p.cap[h].len())
                .all(|d| on.iter().map(|&u| p.demand[u][d]).sum::<u64>() <= p.cap[h][d]);
            ok && on
                .iter()
                .all(|&a| on.iter().all(|&b| a == b || disjoint(&p.groups[a], &p.groups[b])))
        })
    }

    fn brute_survives(p: &Small, host: &[usize]) -> bool {
        let n = p.cap.len();
        if p.k == 0 {
            return true;
        }
        // Every set of k hosts (as bit masks).
        (0u32..1 << n).filter(|m| m.count_ones() as usize == p.k).all(|mask| {
            let lost = |h: usize| mask >> h & 1 == 1;
            let moving: Vec<usize> = (0..host.len()).filter(|&u| lost(host[u])).collect();
            let survivors: Vec<usize> = (0..n).filter(|&h| !lost(h)).collect();
            let mut to = vec![0usize; moving.len()];
            loop {
                let mut ok = true;
                for &s in &survivors {
                    let stay: Vec<usize> = (0..host.len()).filter(|&u| host[u] == s).collect();
                    let came: Vec<usize> = (0..moving.len())
                        .filter(|&i| survivors[to[i]] == s)
                        .map(|i| moving[i])
                        .collect();
                    if came.is_empty() {
                        continue;
                    }
                    let all: Vec<usize> = stay.iter().chain(&came).copied().collect();
                    let room = (0..p.fcap[s].len())
                        .all(|d| all.iter().map(|&u| p.demand[u][d]).sum::<u64>() <= p.fcap[s][d]);
                    let apart = came.iter().all(|&a| {
                        all.iter().all(|&b| a == b || disjoint(&p.groups[a], &p.groups[b]))
                    });
                    ok &= room && apart;
                }
                if ok {
                    return true;
                }
                let mut i = 0;
                loop {
                    if i == moving.len() || survivors.is_empty() {
                        return false;
                    }
                    to[i] += 1;
                    if to[i] < survivors.len() {
                        break;
                    }
                    to[i] = 0;
                    i += 1;
                }
            }
        })
    }

    #[allow(clippy::type_complexity)]
    fn instance()
    -> impl Strategy<Value = (Vec<(u64, u64, u64, u64, usize)>, Vec<(u64, u64, Option<usize>)>, usize)>
    {
        (
            prop::collection::vec((4u64..12, 4u64..12, 0u64..4, 0u64..4, 0usize..2), 2..4),
            prop::collection::vec((1u64..7, 1u64..7, prop::option::of(0usize..2)), 0..7),
            0usize..2,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever `decide` answers (within a budget it never runs out of here) is what the
        /// brute force finds: a layout that fits and survives, or none at all.
        #[test]
        fn decide_agrees_with_brute_force((hosts, units, k) in instance()) {
            let cap: Vec<Vec<u64>> = hosts.iter().map(|h| vec![h.0, h.1]).collect();
            let fcap: Vec<Vec<u64>> = hosts.iter().map(|h| vec![h.0 + h.2, h.1 + h.3]).collect();
            let class: Vec<usize> = hosts.iter().map(|h| h.4).collect();
            // Hosts of one class must be alike for the symmetry rule: make them so.
            let cap: Vec<Vec<u64>> = (0..cap.len()).map(|h| cap[class.iter().position(|&c| c == class[h]).unwrap()].clone()).collect();
            let fcap: Vec<Vec<u64>> = (0..fcap.len()).map(|h| fcap[class.iter().position(|&c| c == class[h]).unwrap()].clone()).collect();
            let demand: Vec<Vec<u64>> = units.iter().map(|u| vec![u.0, u.1]).collect();
            let groups: Vec<Vec<usize>> = units.iter().map(|u| u.2.into_iter().collect()).collect();
            let p = Small { cap: &cap, fcap: &fcap, class: &class, demand: &demand, groups: &groups, k };
            let truth = brute(&p);
            match decide(&p, 10_000_000) {
                Decision::Layout(host) => {
                    prop_assert!(truth);
                    prop_assert!(brute_fits(&p, &host) && brute_survives(&p, &host), "{host:?}");
                }
                Decision::None => prop_assert!(!truth),
                Decision::Unknown => prop_assert!(false, "budget ran out"),
            }
        }
    }
}
