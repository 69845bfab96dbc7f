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
    }
}
