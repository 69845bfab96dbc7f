//! Large instances (thousands of bins): improvement by decomposition.
//!
//! The tabu search of `search` works on the whole layout and reduces one bin per attempt, which
//! does not scale to fleets of 100,000 VMs. Here each round picks a small group of bins — the
//! least filled in each dimension, with complementary holes, plus a few random ones — and
//! re-solves the sub-problem made of their items with that same search. When the sub-problem
//! needs fewer bins, its layout replaces the group. Two disjoint groups are solved in parallel
//! per round and applied in a fixed order, so the result depends on the seed and the budgets,
//! not on the thread count.

use super::budget::{Race, Stop};
use super::plain::{Bins, Plain};
use super::rng::Rng;
use super::search::{self, SearchParams, Tuning};
use std::time::Duration;

/// Parameters of the decomposition search.
#[derive(Debug, Clone)]
pub struct LargeParams {
    /// Rounds (each solves up to two groups).
    pub rounds: u64,
    /// Bins per group.
    pub group: usize,
    /// Work of the search on one group.
    pub group_work: u64,
    /// Seed.
    pub seed: u64,
    /// Search parameters for the groups.
    pub tuning: Tuning,
}

/// Improves `bins` by re-solving groups of bins; stops at `lb` bins.
pub fn improve_large(
    p: &Plain,
    mut bins: Bins,
    lb: u64,
    params: &LargeParams,
    stop: &Stop,
) -> Bins {
    let mut rng = Rng::stream(params.seed, 0x1a75);
    let d = p.d;
    for round in 0..params.rounds {
        if bins.len() as u64 <= lb.max(stop.lower_bound()) || stop.expired() {
            break;
        }
        let loads: Vec<Vec<u64>> = bins.iter().map(|b| p.load_of(b)).collect();
        let mut taken = vec![false; bins.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for _ in 0..2 {
            let g = pick_group(p, &loads, &mut taken, params.group, &mut rng);
            if g.len() >= 2 {
                groups.push(g);
            }
        }
        let left = Duration::from_secs_f64(stop.remaining_secs());
        let solved: Vec<Option<Bins>> = {
            let solve = |k: usize| -> Option<Bins> {
                let g = groups.get(k)?;
                solve_group(p, &bins, g, params, params.seed ^ (round << 1) ^ k as u64, left, stop)
            };
            let (a, b) = rayon::join(|| solve(0), || solve(1));
            vec![a, b]
        };
        // Apply in group order; groups are disjoint.
        let mut remove: Vec<usize> = Vec::new();
        let mut add: Bins = Vec::new();
        for (k, s) in solved.into_iter().enumerate() {
            if let Some(new) = s {
                remove.extend_from_slice(&groups[k]);
                add.extend(new);
            }
        }
        if !remove.is_empty() {
            remove.sort_unstable();
            for &b in remove.iter().rev() {
                bins.swap_remove(b);
            }
            bins.extend(add);
            stop.lower_upper_bound(bins.len() as u64);
        }
        let _ = d;
    }
    bins
}

/// A group: for each binding dimension (the two with the largest total demand), bins drawn
/// among those with the most free room in it, then random bins. Bins with room in
/// complementary dimensions are what a sub-problem can merge.
fn pick_group(
    p: &Plain,
    loads: &[Vec<u64>],
    taken: &mut [bool],
    size: usize,
    rng: &mut Rng,
) -> Vec<usize> {
    let nb = loads.len();
    let mut dims: Vec<usize> = (0..p.d).collect();
    let total =
        |j: usize| -> f64 { loads.iter().map(|l| l[j] as f64).sum::<f64>() / p.cap[j] as f64 };
    dims.sort_by(|&a, &b| total(b).total_cmp(&total(a)).then(a.cmp(&b)));
    dims.truncate(2);
    let per_dim = (size * 2 / (2 * dims.len() + 1)).max(1);
    let mut group = Vec::new();
    for &j in &dims {
        let mut idx: Vec<usize> = (0..nb).filter(|&b| !taken[b]).collect();
        idx.sort_by_key(|&b| (loads[b][j], b));
        let pool = idx.len().min(per_dim * 6);
        let mut picked = 0;
        let mut tries = 0;
        while picked < per_dim && tries < 8 * per_dim && pool > 0 {
            tries += 1;
            let b = idx[rng.below(pool)];
            if !taken[b] {
                taken[b] = true;
                group.push(b);
                picked += 1;
            }
        }
    }
    let mut tries = 0;
    while group.len() < size && tries < 8 * size {
        tries += 1;
        let b = rng.below(nb);
        if !taken[b] {
            taken[b] = true;
            group.push(b);
        }
    }
    group
}

/// Re-solves the items of `group`; returns a layout with fewer bins, if found.
fn solve_group(
    p: &Plain,
    bins: &Bins,
    group: &[usize],
    params: &LargeParams,
    seed: u64,
    left: Duration,
    parent: &Stop,
) -> Option<Bins> {
    let items: Vec<u32> = group.iter().flat_map(|&b| bins[b].iter().copied()).collect();
    let mut flat = Vec::with_capacity(items.len() * p.d);
    for &i in &items {
        flat.extend_from_slice(p.item(i as usize));
    }
    let sub = Plain::new(&p.cap, &flat);
    let lb = super::bounds::quick(&sub).l1;
    if lb >= group.len() as u64 {
        return None;
    }
    let start: Bins = {
        let mut off = 0u32;
        group
            .iter()
            .map(|&b| {
                let v: Vec<u32> = (off..off + bins[b].len() as u32).collect();
                off += bins[b].len() as u32;
                v
            })
            .collect()
    };
    let stop = Stop::new(left);
    let sp = SearchParams {
        work: params.group_work,
        seed,
        target: lb,
        tuning: params.tuning.clone(),
        time_fraction: 1.0,
        stall: 0,
    };
    let (best, _) = search::improve(&sub, start, &sp, &stop, &Race::new(), 0);
    parent.absorb(&stop);
    (best.len() < group.len()).then(|| {
        best.into_iter().map(|b| b.into_iter().map(|k| items[k as usize]).collect()).collect()
    })
}
