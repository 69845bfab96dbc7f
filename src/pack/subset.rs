//! Small exact subset searches used inside the local search: the heaviest subset of a few
//! candidate items that fits one bin, and whether a few items pack into one or two bins.
//! Both are depth-first branch and bound with a node limit (they return `None` / `false`
//! when the limit cuts them, which only makes the local search weaker, never wrong).

use super::plain::Plain;

/// The subset of `cands` of largest total weight `s` that fits in `room`, if it is heavier
/// than `floor`. Nodes are counted into `nodes` (the search stops at `limit`).
pub fn best_fill(
    p: &Plain,
    cands: &[u32],
    s: &[f64],
    room: &[u64],
    floor: f64,
    limit: u64,
    nodes: &mut u64,
) -> Option<Vec<u32>> {
    let mut items: Vec<u32> =
        cands.iter().copied().filter(|&i| p.fits_room(room, i as usize)).collect();
    if p.d == 1 && room[0] <= DP_MAX_CAP && items.len() <= 64 {
        // One dimension: weights are proportional to sizes, so the heaviest subset is the
        // largest subset sum, found exactly by a bitset dynamic programme.
        let sizes: Vec<u64> = items.iter().map(|&i| p.item(i as usize)[0]).collect();
        *nodes += (items.len() as u64) * (room[0] / 64 + 1) / 8 + 1;
        let table = reach_table(&sizes, room[0]);
        let best = (0..=room[0]).rev().find(|&x| bit(&table[items.len()], x))?;
        let chosen = reconstruct(&table, &sizes, best);
        let picked: Vec<u32> = chosen.iter().map(|&k| items[k]).collect();
        let w: f64 = picked.iter().map(|&i| s[i as usize]).sum();
        return (w > floor + 1e-12).then_some(picked);
    }
    items.sort_by(|&a, &b| s[b as usize].total_cmp(&s[a as usize]).then(a.cmp(&b)));
    let mut suffix = vec![0.0; items.len() + 1];
    for k in (0..items.len()).rev() {
        suffix[k] = suffix[k + 1] + s[items[k] as usize];
    }
    let mut r = room.to_vec();
    let mut cur = Vec::new();
    let mut best: Option<(f64, Vec<u32>)> = None;
    let mut best_w = floor;
    dfs(p, &items, s, &suffix, 0, 0.0, &mut r, &mut cur, &mut best, &mut best_w, limit, nodes);
    best.map(|(_, v)| v)
}

#[allow(clippy::too_many_arguments)]
fn dfs(
    p: &Plain,
    items: &[u32],
    s: &[f64],
    suffix: &[f64],
    k: usize,
    w: f64,
    room: &mut [u64],
    cur: &mut Vec<u32>,
    best: &mut Option<(f64, Vec<u32>)>,
    best_w: &mut f64,
    limit: u64,
    nodes: &mut u64,
) {
    *nodes += 1;
    if w > *best_w + 1e-12 {
        *best_w = w;
        *best = Some((w, cur.clone()));
    }
    if k == items.len() || w + suffix[k] <= *best_w + 1e-12 || *nodes >= limit {
        return;
    }
    let i = items[k];
    if p.fits_room(room, i as usize) {
        let wi = p.item(i as usize);
        for j in 0..p.d {
            room[j] -= wi[j];
        }
        cur.push(i);
        dfs(p, items, s, suffix, k + 1, w + s[i as usize], room, cur, best, best_w, limit, nodes);
        cur.pop();
        for j in 0..p.d {
            room[j] += wi[j];
        }
    }
    dfs(p, items, s, suffix, k + 1, w, room, cur, best, best_w, limit, nodes);
}

/// Packs `items` into at most `bins` (1 or 2) empty bins, exactly (within the node limit).
pub fn pack_small(p: &Plain, items: &[u32], bins: usize, limit: u64) -> Option<Vec<Vec<u32>>> {
    let d = p.d;
    let mut total = vec![0u128; d];
    for &i in items {
        for j in 0..d {
            total[j] += u128::from(p.item(i as usize)[j]);
        }
    }
    if (0..d).any(|j| total[j] > bins as u128 * u128::from(p.cap[j])) {
        return None;
    }
    if (0..d).all(|j| total[j] <= u128::from(p.cap[j])) {
        return Some(vec![items.to_vec()]);
    }
    if bins < 2 {
        return None;
    }
    if d == 1 && p.cap[0] <= DP_MAX_CAP && items.len() <= 64 {
        // Some subset must land in [total − C, C]: exact by subset-sum reachability.
        let sizes: Vec<u64> = items.iter().map(|&i| p.item(i as usize)[0]).collect();
        let c = p.cap[0];
        let lo = (total[0] as u64).saturating_sub(c);
        let table = reach_table(&sizes, c);
        let x = (lo..=c).find(|&x| bit(&table[items.len()], x))?;
        let chosen = reconstruct(&table, &sizes, x);
        let mut in_a = vec![false; items.len()];
        for k in chosen {
            in_a[k] = true;
        }
        let a: Vec<u32> = (0..items.len()).filter(|&k| in_a[k]).map(|k| items[k]).collect();
        let b: Vec<u32> = (0..items.len()).filter(|&k| !in_a[k]).map(|k| items[k]).collect();
        return Some(vec![a, b]);
    }
    // Two bins: choose the content of the first bin (containing the largest item, by symmetry)
    // so that the rest fits the second.
    let mut order = items.to_vec();
    order.sort_by(|&a, &b| {
        let ka = p.size[a as usize];
        let kb = p.size[b as usize];
        kb.total_cmp(&ka).then(a.cmp(&b))
    });
    let mut r1 = p.cap.clone();
    let mut rest = total.clone();
    let mut in1 = vec![false; order.len()];
    let mut nodes = 0u64;
    // first item always in bin 1
    let w0 = p.item(order[0] as usize);
    for j in 0..d {
        r1[j] -= w0[j];
        rest[j] -= u128::from(w0[j]);
    }
    in1[0] = true;
    if two_bin(p, &order, 1, &mut r1, &mut rest, &mut in1, limit, &mut nodes) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            if in1[k] { a.push(i) } else { b.push(i) }
        }
        return Some(vec![a, b]);
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn two_bin(
    p: &Plain,
    order: &[u32],
    k: usize,
    r1: &mut [u64],
    rest: &mut [u128],
    in1: &mut [bool],
    limit: u64,
    nodes: &mut u64,
) -> bool {
    *nodes += 1;
    // `rest` holds what is not in bin 1 among all items (decided or not); if it fits bin 2, done.
    if (0..p.d).all(|j| rest[j] <= u128::from(p.cap[j])) {
        return true;
    }
    if k == order.len() || *nodes >= limit {
        return false;
    }
    let i = order[k];
    let w = p.item(i as usize);
    if p.fits_room(r1, i as usize) {
        for j in 0..p.d {
            r1[j] -= w[j];
            rest[j] -= u128::from(w[j]);
        }
        in1[k] = true;
        if two_bin(p, order, k + 1, r1, rest, in1, limit, nodes) {
            return true;
        }
        in1[k] = false;
        for j in 0..p.d {
            r1[j] += w[j];
            rest[j] += u128::from(w[j]);
        }
    }
    two_bin(p, order, k + 1, r1, rest, in1, limit, nodes)
}

/// The subset of `sizes` with the largest sum at most `cap` (indices), by a bitset
/// dynamic programme that records, for every sum, the item that first reached it (the rest of
/// that sum was reachable with earlier items only, so the chain reconstructs a valid subset).
/// O(n · cap / 64 + cap).
pub fn max_subset_sum(sizes: &[u64], cap: u64) -> Vec<usize> {
    let words = (cap / 64 + 1) as usize;
    let mut cur = vec![0u64; words];
    cur[0] = 1;
    let mut first = vec![u32::MAX; (cap + 1) as usize];
    for (k, &w) in sizes.iter().enumerate() {
        if w > cap || w == 0 {
            continue;
        }
        let (ws, bs) = ((w / 64) as usize, (w % 64) as u32);
        for i in (ws..words).rev() {
            let mut v = cur[i - ws] << bs;
            if bs > 0 && i > ws {
                v |= cur[i - ws - 1] >> (64 - bs);
            }
            let mut new = v & !cur[i];
            if i == words - 1 {
                let extra = (words as u64) * 64 - (cap + 1);
                if extra > 0 {
                    new &= u64::MAX >> extra;
                }
            }
            cur[i] |= new;
            while new != 0 {
                let b = new.trailing_zeros() as usize;
                first[i * 64 + b] = k as u32;
                new &= new - 1;
            }
        }
    }
    let mut x = (0..=cap).rev().find(|&x| bit(&cur, x)).unwrap_or(0);
    let mut out = Vec::new();
    while x > 0 {
        let k = first[x as usize] as usize;
        out.push(k);
        x -= sizes[k];
    }
    out
}

/// Largest capacity for which the one-dimensional searches use the bitset programme.
const DP_MAX_CAP: u64 = 200_000;

/// `table[k]`: bitset of the sums reachable with the first k sizes, capped at `cap`.
fn reach_table(sizes: &[u64], cap: u64) -> Vec<Vec<u64>> {
    let words = (cap / 64 + 1) as usize;
    let mut table = Vec::with_capacity(sizes.len() + 1);
    let mut cur = vec![0u64; words];
    cur[0] = 1;
    table.push(cur.clone());
    for &w in sizes {
        let mut next = cur.clone();
        if w <= cap {
            let (ws, bs) = ((w / 64) as usize, (w % 64) as u32);
            for i in (ws..words).rev() {
                let mut v = cur[i - ws] << bs;
                if bs > 0 && i > ws {
                    v |= cur[i - ws - 1] >> (64 - bs);
                }
                next[i] |= v;
            }
            // clear bits above cap
            let extra = (words as u64) * 64 - (cap + 1);
            if extra > 0 {
                next[words - 1] &= u64::MAX >> extra;
            }
        }
        table.push(next.clone());
        cur = next;
    }
    table
}

#[inline]
fn bit(set: &[u64], x: u64) -> bool {
    set[(x / 64) as usize] >> (x % 64) & 1 == 1
}

/// Indices of sizes that sum to `x` (reachable in the table).
fn reconstruct(table: &[Vec<u64>], sizes: &[u64], mut x: u64) -> Vec<usize> {
    let mut out = Vec::new();
    for k in (0..sizes.len()).rev() {
        if !bit(&table[k], x) {
            out.push(k);
            x -= sizes[k];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_splits_exactly() {
        let p = Plain::new(&[10], &[6, 5, 4, 3, 2]);
        let s: Vec<f64> = p.size.clone();
        let mut nodes = 0;
        let f = best_fill(&p, &[0, 1, 2, 3, 4], &s, &[10], 0.0, 1000, &mut nodes).unwrap();
        let total: u64 = f.iter().map(|&i| p.item(i as usize)[0]).sum();
        assert_eq!(total, 10);
        assert!(pack_small(&p, &[0, 1, 2, 3, 4], 2, 1000).is_some()); // 6+4, 5+3+2
        assert!(pack_small(&p, &[0, 1, 2], 1, 1000).is_none());
        let q = Plain::new(&[10], &[6, 6, 6]);
        assert!(pack_small(&q, &[0, 1, 2], 2, 1000).is_none());
        // the same in two dimensions goes through the depth-first search
        let p2 = Plain::new(&[10, 10], &[6, 1, 5, 1, 4, 1, 3, 1, 2, 1]);
        assert!(pack_small(&p2, &[0, 1, 2, 3, 4], 2, 1000).is_some());
        let pick = max_subset_sum(&[6, 5, 4, 3, 2], 12);
        assert_eq!(pick.iter().map(|&k| [6, 5, 4, 3, 2][k]).sum::<u64>(), 12);
        let pick = max_subset_sum(&[7, 7, 7], 20);
        assert_eq!(pick.len(), 2);
        let table = reach_table(&[3, 5, 7], 20);
        assert!(bit(&table[3], 15) && bit(&table[3], 12) && !bit(&table[3], 11));
        let mut r = reconstruct(&table, &[3, 5, 7], 12);
        r.sort_unstable();
        assert_eq!(r, vec![1, 2]);
    }
}
