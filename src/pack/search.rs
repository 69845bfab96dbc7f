//! Improvement search for the plain case: reduce the number of bins one at a time.
//!
//! To go from m to k = m − 1 bins, keep the k fullest bins of the best layout and put the
//! other items in a *pool*. A tabu search then swaps items between bins and the pool (up to
//! two out of a bin for up to two in from the pool) to pull weight out of the pool; every bin
//! stays feasible at all times, so the attempt succeeds exactly when the pool is empty. This is
//! the partial-solution scheme of Buljubašić & Vasquez's consistent neighbourhood search
//! (Computers & OR 76, 2016), which is strong on both one-dimensional and vector instances.
//!
//! The pool's weight is the scarcity-weighted normalised size of its items: emptying it means
//! pushing the large items into bins and keeping small, easy ones in the pool. When the tabu
//! search stalls, an exact "fill one bin" step (branch and bound over the bin's items and the
//! pool) intensifies, and random ejections diversify. Everything is driven by a work budget
//! and a seeded generator: the same input gives the same layout.

use super::budget::{Race, Stop, Work};
use super::plain::{Bins, Plain};
use super::rng::Rng;

const POOL: u32 = u32::MAX;
/// Pairs of items leave a bin only when it holds at most this many items (the number of pairs
/// grows quadratically; bins of many small items are served well by single moves).
const MAX_PAIR_BIN: usize = 16;
/// Pairs of pool items enter bins only when the pool holds at most this many items.
const MAX_PAIR_POOL: usize = 40;

/// Parameters of the tabu search (defaults tuned on the benchmark sets).
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    /// Tabu tenure of an item moved into a bin: `tenure_min + U[0, tenure_rand)` iterations.
    pub tenure_min: u64,
    /// Random part of the tenure.
    pub tenure_rand: usize,
    /// Run the exact bin-refill descent after this many iterations without progress.
    pub descent_every: u64,
    /// Node limit of one exact bin refill.
    pub descent_nodes: u64,
    /// Bins whose moves are evaluated per iteration (a rotating window when there are more),
    /// in one dimension.
    pub sample: usize,
    /// The same for vector instances: with two to four items per bin in several dimensions
    /// few bins accept a given pool item, and a window of `sample` bins mostly finds none
    /// (on the 250- and 500-item classes of Panigrahy et al. and Mommessin et al. a window
    /// of 40–80 bins ends 15–20 % closer to the optimum within 1 s than one of 15).
    pub vector_sample: usize,
    /// Bins left to the pool (the attempt succeeds when the pool packs into them).
    pub free_bins: usize,
    /// Exponent applied to an item's weighted size to make its pool weight (1: linear).
    pub power: f64,
    /// Weight dimensions by their scarcity (else equally).
    pub scarcity: bool,
    /// Constant added to every item's pool weight (favours pools of few items).
    pub per_item: f64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            tenure_min: 4,
            tenure_rand: 10,
            descent_every: 100,
            descent_nodes: 300,
            sample: 15,
            vector_sample: 80,
            free_bins: 2,
            power: 1.0,
            scarcity: true,
            per_item: 0.0,
        }
    }
}

/// Search parameters.
#[derive(Debug, Clone)]
pub struct SearchParams {
    /// Move evaluations allowed in all.
    pub work: u64,
    /// Seed of this search's generator.
    pub seed: u64,
    /// Stop as soon as the layout has this many bins (a proven lower bound).
    pub target: u64,
    /// Tabu search parameters.
    pub tuning: Tuning,
    /// Stop once this fraction of the time limit has passed (1: the whole limit), to leave
    /// time to a step that follows.
    pub time_fraction: f64,
    /// Stop when this much work (at least as much as it took to find the best layout) has
    /// passed without a better one; 0 never stops for that. Work, not time: the layout
    /// returned does not depend on the machine.
    pub stall: u64,
}

/// Improves `init` (a feasible layout) and returns the best layout found.
///
/// Returns the layout and the work spent when it was found (0 for `init` itself). Reports
/// every improvement to `race` as search number `idx`, and gives up once `race` says another
/// search has won.
pub fn improve(
    p: &Plain,
    init: Bins,
    params: &SearchParams,
    stop: &Stop,
    race: &Race,
    idx: usize,
) -> (Bins, u64) {
    let mut best = init;
    let mut found_at = 0u64;
    let mut work = Work::new(params.work);
    let mut rng = Rng::stream(params.seed, 1);
    let tu = &params.tuning;
    let weights = if tu.scarcity { super::heuristics::scarcity(p) } else { vec![1.0; p.d] };
    let s: Vec<f64> = (0..p.n)
        .map(|i| {
            let lin: f64 = p.nitem(i).iter().zip(&weights).map(|(x, w)| x * w).sum();
            (if tu.power == 1.0 { lin } else { lin.powf(tu.power) }) + tu.per_item
        })
        .collect();
    while best.len() as u64 > params.target.max(stop.lower_bound()) && work.left() {
        if stop.expired() {
            break;
        }
        let k = best.len() - 1;
        let free = k.min(tu.free_bins.max(1));
        let mut st = State::from_layout(p, &best, k - free, &s, &weights, tu);
        st.free = free;
        let total = params.work;
        let stalled = |spent: u64| {
            params.stall > 0 && spent.saturating_sub(found_at) > params.stall.max(found_at)
        };
        let halt = |work_left: u64| {
            stop.expired()
                || stop.past(params.time_fraction)
                || (k as u64) < stop.lower_bound()
                || race.lost(idx, total - work_left, stop.lower_bound())
                || stalled(total - work_left)
        };
        let res = st.run(&mut work, &mut rng, &halt);
        match res {
            Some(bins) => {
                best = bins;
                found_at = params.work - work.remaining();
                race.report(best.len() as u64, found_at, idx);
                stop.lower_upper_bound(best.len() as u64);
            }
            None => break,
        }
    }
    (best, found_at)
}

/// A partial solution: k feasible bins and a pool.
struct State<'a> {
    p: &'a Plain,
    s: &'a [f64],
    bins: Vec<Vec<u32>>,
    /// Free room per bin, `k × d`.
    room: Vec<u64>,
    pool: Vec<u32>,
    where_: Vec<u32>,
    /// Iteration until which an item may not move.
    tabu: Vec<u64>,
    iter: u64,
    /// Bins left for the pool: the attempt succeeds when the pool packs into them.
    free: usize,
    /// Pool content (sorted) at the last failed packing check, to avoid repeating it.
    checked: Vec<u32>,
    /// Weight of one unit of room per dimension (the item weights' scale).
    room_scale: Vec<f64>,
    tu: &'a Tuning,
}

/// A candidate move: items `out` of bin `bin` to the pool, `inn` from the pool into it.
#[derive(Clone, Copy, Debug)]
struct Move {
    bin: usize,
    out: [u32; 2],
    n_out: usize,
    inn: [u32; 2],
    n_in: usize,
    gain: f64,
}

impl<'a> State<'a> {
    /// Keeps the k bins of largest weight, pools the rest, and greedily reinserts the pool.
    fn from_layout(
        p: &'a Plain,
        layout: &Bins,
        k: usize,
        s: &'a [f64],
        weights: &[f64],
        tu: &'a Tuning,
    ) -> Self {
        let mut order: Vec<usize> = (0..layout.len()).collect();
        let weight = |b: &Vec<u32>| b.iter().map(|&i| s[i as usize]).sum::<f64>();
        order.sort_by(|&a, &b| weight(&layout[b]).total_cmp(&weight(&layout[a])).then(a.cmp(&b)));
        let mut st = State {
            p,
            s,
            bins: Vec::with_capacity(k),
            room: Vec::with_capacity(k * p.d),
            pool: Vec::new(),
            where_: vec![POOL; p.n],
            tabu: vec![0; p.n],
            iter: 0,
            free: 0,
            checked: Vec::new(),
            room_scale: (0..p.d).map(|j| weights[j] / p.cap[j] as f64).collect(),
            tu,
        };
        for (rank, &b) in order.iter().enumerate() {
            if rank < k {
                let idx = st.bins.len();
                st.room.extend_from_slice(&p.cap);
                st.bins.push(Vec::new());
                for &i in &layout[b] {
                    st.place(i, idx);
                }
            } else {
                st.pool.extend_from_slice(&layout[b]);
            }
        }
        st.greedy_insert();
        st
    }

    fn room(&self, b: usize) -> &[u64] {
        &self.room[b * self.p.d..(b + 1) * self.p.d]
    }

    fn place(&mut self, i: u32, b: usize) {
        let d = self.p.d;
        let w = self.p.item(i as usize);
        for j in 0..d {
            self.room[b * d + j] -= w[j];
        }
        self.bins[b].push(i);
        self.where_[i as usize] = b as u32;
    }

    fn unplace(&mut self, i: u32) {
        let d = self.p.d;
        let b = self.where_[i as usize] as usize;
        let w = self.p.item(i as usize);
        for j in 0..d {
            self.room[b * d + j] += w[j];
        }
        if let Some(pos) = self.bins[b].iter().position(|&x| x == i) {
            self.bins[b].swap_remove(pos);
        }
        self.where_[i as usize] = POOL;
    }

    /// Inserts pool items (largest first) into the bin where they leave the least room.
    fn greedy_insert(&mut self) {
        let s = self.s;
        self.pool.sort_by(|&a, &b| s[b as usize].total_cmp(&s[a as usize]).then(a.cmp(&b)));
        let mut kept = Vec::new();
        let pool = std::mem::take(&mut self.pool);
        for i in pool {
            let mut best: Option<(f64, usize)> = None;
            for b in 0..self.bins.len() {
                if self.p.fits_room(self.room(b), i as usize) {
                    let left: f64 = self.room_weight(b) - s[i as usize];
                    if best.is_none_or(|(l, _)| left < l) {
                        best = Some((left, b));
                    }
                }
            }
            match best {
                Some((_, b)) => self.place(i, b),
                None => kept.push(i),
            }
        }
        self.pool = kept;
    }

    fn room_weight(&self, b: usize) -> f64 {
        let r = self.room(b);
        (0..self.p.d).map(|j| r[j] as f64 / self.p.cap[j] as f64).sum()
    }

    fn pool_weight(&self) -> f64 {
        self.pool.iter().map(|&i| self.s[i as usize]).sum()
    }

    /// The layout when the pool packs into the free bins.
    fn try_close(&mut self, work: &mut Work) -> Option<Bins> {
        if self.pool.is_empty() {
            return Some(self.bins.clone());
        }
        let d = self.p.d;
        let mut load = vec![0u128; d];
        for &i in &self.pool {
            for j in 0..d {
                load[j] += u128::from(self.p.item(i as usize)[j]);
            }
        }
        if (0..d).any(|j| load[j] > self.free as u128 * u128::from(self.p.cap[j])) {
            return None;
        }
        let mut key = self.pool.clone();
        key.sort_unstable();
        if key == self.checked {
            return None;
        }
        work.spend(2_000);
        let res = super::subset::pack_small(self.p, &self.pool, self.free, 2_000);
        self.checked = key;
        res.map(|extra| {
            let mut bins = self.bins.clone();
            bins.extend(extra.into_iter().filter(|b| !b.is_empty()));
            bins
        })
    }

    /// Descent with unlimited add/drop moves: refill each bin with the heaviest subset of its
    /// items and the pool. Returns true when the pool weight went down.
    fn descent(&mut self, work: &mut Work) -> bool {
        let mut improved = false;
        let mut cands: Vec<u32> = Vec::new();
        for b in 0..self.bins.len() {
            cands.clear();
            cands.extend_from_slice(&self.bins[b]);
            cands.extend_from_slice(&self.pool);
            let current: f64 = self.bins[b].iter().map(|&i| self.s[i as usize]).sum();
            let mut nodes = 0u64;
            let full = self.p.cap.clone();
            let fill = super::subset::best_fill(
                self.p,
                &cands,
                self.s,
                &full,
                current + 1e-9,
                self.tu.descent_nodes,
                &mut nodes,
            );
            work.spend(nodes);
            if let Some(fill) = fill {
                let old = std::mem::take(&mut self.bins[b]);
                for &i in &old {
                    self.where_[i as usize] = POOL;
                }
                self.pool.extend_from_slice(&old);
                let off = b * self.p.d;
                self.room[off..off + self.p.d].copy_from_slice(&self.p.cap);
                for &i in &fill {
                    if let Some(pos) = self.pool.iter().position(|&y| y == i) {
                        self.pool.swap_remove(pos);
                    }
                    self.place(i, b);
                }
                improved = true;
            }
        }
        improved
    }

    /// The tabu search; returns the k-bin layout when the pool fits the free bins.
    fn run(&mut self, work: &mut Work, rng: &mut Rng, halt: &dyn Fn(u64) -> bool) -> Option<Bins> {
        let d = self.p.d;
        let mut best_weight = self.pool_weight();
        let mut since_best = 0u64;
        let mut in_sets: Vec<(f64, [u32; 2], usize)> = Vec::new();
        let mut in_load: Vec<u64> = Vec::new();
        let mut r = vec![0u64; d];
        loop {
            if let Some(b) = self.try_close(work) {
                return Some(b);
            }
            if !work.left() || (self.iter & 63 == 0 && halt(work.remaining())) {
                return None;
            }
            self.iter += 1;
            // Candidate in-sets: singles and pairs from the pool, by decreasing weight.
            in_sets.clear();
            let pool_pairs = self.pool.len() <= MAX_PAIR_POOL;
            for (a, &x) in self.pool.iter().enumerate() {
                in_sets.push((self.s[x as usize], [x, x], 1));
                if !pool_pairs {
                    continue;
                }
                for &y in &self.pool[a + 1..] {
                    in_sets.push((self.s[x as usize] + self.s[y as usize], [x, y], 2));
                }
            }
            in_sets.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            in_load.clear();
            for &(_, it, c) in &in_sets {
                for j in 0..d {
                    let mut v = self.p.item(it[0] as usize)[j];
                    if c == 2 {
                        v += self.p.item(it[1] as usize)[j];
                    }
                    in_load.push(v);
                }
            }
            let top_in = in_sets.first().map(|x| x.0).unwrap_or(0.0);
            let mut best: Option<Move> = None;
            let mut ties = 0u32;
            let mut evals = in_sets.len() as u64;
            let aspiration_weight = self.pool_weight();
            let nbins = self.bins.len();
            let window = if d > 1 { self.tu.vector_sample } else { self.tu.sample };
            let sample = nbins.min(window);
            let start = if sample < nbins { rng.below(nbins) } else { 0 };
            for t in 0..sample {
                let b = (start + t) % nbins;
                let bi = &self.bins[b];
                let nb = bi.len();
                // out-sets: none, singles, pairs
                let mut o_idx = 0usize;
                let total_o = if nb <= MAX_PAIR_BIN {
                    1 + nb + nb * nb.saturating_sub(1) / 2
                } else {
                    1 + nb
                };
                let (mut oa, mut ob) = (0usize, 0usize);
                while o_idx < total_o {
                    // decode out-set o_idx: 0 = none; 1..=nb single; then pairs in order
                    let (n_out, out) = if o_idx == 0 {
                        (0, [0u32, 0u32])
                    } else if o_idx <= nb {
                        (1, [bi[o_idx - 1], 0])
                    } else {
                        if o_idx == nb + 1 {
                            oa = 0;
                            ob = 1;
                        }
                        let v = (2, [bi[oa], bi[ob]]);
                        ob += 1;
                        if ob == nb {
                            oa += 1;
                            ob = oa + 1;
                        }
                        v
                    };
                    o_idx += 1;
                    evals += 1;
                    let mut s_out = 0.0;
                    let mut tabu_out = false;
                    for &x in &out[..n_out] {
                        s_out += self.s[x as usize];
                        tabu_out |= self.tabu[x as usize] > self.iter;
                    }
                    let bound = best.map(|m| m.gain).unwrap_or(f64::NEG_INFINITY);
                    if top_in - s_out < bound {
                        continue;
                    }
                    let room = &self.room[b * d..(b + 1) * d];
                    for j in 0..d {
                        let mut v = room[j];
                        for &x in &out[..n_out] {
                            v += self.p.item(x as usize)[j];
                        }
                        r[j] = v;
                    }
                    // An in-set that fits has weight at most the weight of the room.
                    let s_room: f64 = (0..d).map(|j| r[j] as f64 * self.room_scale[j]).sum();
                    let start = in_sets.partition_point(|x| x.0 > s_room + 1e-9);
                    for (q, &(s_in, it, c)) in in_sets.iter().enumerate().skip(start) {
                        let gain = s_in - s_out;
                        let bound = best.map(|m| m.gain).unwrap_or(f64::NEG_INFINITY);
                        if gain < bound - 1e-12 {
                            break;
                        }
                        evals += 1;
                        let l = &in_load[q * d..(q + 1) * d];
                        if (0..d).any(|j| l[j] > r[j]) {
                            continue;
                        }
                        // Skip swaps that exchange identical loads: they change nothing.
                        if n_out > 0 && (0..d).all(|j| l[j] + room[j] == r[j]) {
                            continue;
                        }
                        let tabu_in = it[..c].iter().any(|&x| self.tabu[x as usize] > self.iter);
                        let aspires = aspiration_weight - gain < best_weight - 1e-9;
                        if (tabu_in || tabu_out) && !aspires {
                            continue;
                        }
                        let better = match best {
                            None => true,
                            Some(m) if gain > m.gain + 1e-12 => {
                                ties = 0;
                                true
                            }
                            Some(m) if gain > m.gain - 1e-12 => {
                                ties += 1;
                                rng.below(ties as usize + 1) == 0
                            }
                            _ => false,
                        };
                        if better {
                            if best.is_none() {
                                ties = 0;
                            }
                            best = Some(Move { bin: b, out, n_out, inn: it, n_in: c, gain });
                        }
                    }
                }
            }
            work.spend(evals.max(1));
            match best {
                Some(m) => self.apply(&m, rng),
                None => self.kick(rng),
            }
            let w = self.pool_weight();
            if w < best_weight - 1e-9 {
                best_weight = w;
                since_best = 0;
            } else {
                since_best += 1;
            }
            if since_best > 0
                && since_best.is_multiple_of(self.tu.descent_every)
                && self.descent(work)
            {
                let w = self.pool_weight();
                if w < best_weight - 1e-9 {
                    best_weight = w;
                    since_best = 0;
                }
            }
        }
    }

    fn apply(&mut self, m: &Move, rng: &mut Rng) {
        let tenure = self.tu.tenure_min + rng.below(self.tu.tenure_rand) as u64;
        for &x in &m.out[..m.n_out] {
            self.unplace(x);
            self.pool.push(x);
        }
        for &x in &m.inn[..m.n_in] {
            if let Some(pos) = self.pool.iter().position(|&y| y == x) {
                self.pool.swap_remove(pos);
            }
            self.place(x, m.bin);
            self.tabu[x as usize] = self.iter + tenure;
        }
    }

    /// Diversification: eject a random item from a random bin.
    fn kick(&mut self, rng: &mut Rng) {
        if self.bins.is_empty() {
            return;
        }
        let b = rng.below(self.bins.len());
        if self.bins[b].is_empty() {
            return;
        }
        let x = self.bins[b][rng.below(self.bins[b].len())];
        self.unplace(x);
        self.pool.push(x);
        self.tabu[x as usize] = self.iter + 5;
    }
}

impl Plain {
    /// True when item `i` fits in free room `room`.
    #[inline]
    pub fn fits_room(&self, room: &[u64], i: usize) -> bool {
        let w = self.item(i);
        (0..self.d).all(|j| w[j] <= room[j])
    }
}
