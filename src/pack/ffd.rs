//! First-fit decreasing: the reference heuristic that planning tools use today, and the
//! baseline every other packer is measured against.

use super::{PackError, PackOptions, PackedBin, Packer, Packing, Problem};

/// First-fit decreasing with items ordered by the sum of their demands normalised by the bin
/// capacity. With several bin types it packs with each type alone and keeps the cheapest.
#[derive(Debug, Clone, Copy, Default)]
pub struct FirstFitDecreasing;

impl Packer for FirstFitDecreasing {
    fn name(&self) -> &str {
        "ffd"
    }

    fn pack(&self, problem: &Problem, _options: &PackOptions) -> Result<Packing, PackError> {
        problem.check_items_fit()?;
        let lower_bound = continuous_bound(problem);
        let mut best: Option<(u64, Vec<PackedBin>)> = None;
        let mut last_err = None;
        for t in 0..problem.bin_types().len() {
            match ffd_single_type(problem, t) {
                Ok(bins) => {
                    let cost = bins.len() as u64 * problem.bin_types()[t].cost;
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        best = Some((cost, bins));
                    }
                }
                Err(e) => last_err = Some(e),
            }
        }
        match best {
            Some((cost, bins)) => Ok(Packing {
                bins,
                lower_bound: lower_bound.min(cost),
                proven_optimal: cost == lower_bound,
                method: "ffd".into(),
            }),
            None => Err(last_err.unwrap_or_else(|| PackError::Infeasible("no bin type".into()))),
        }
    }
}

/// Continuous lower bound on total cost: in each dimension the total demand must be bought at
/// the cheapest cost per unit of capacity; the largest such figure is a bound.
pub fn continuous_bound(problem: &Problem) -> u64 {
    let mut bound = 0u64;
    for d in 0..problem.dims() {
        let total: u128 = (0..problem.len()).map(|i| u128::from(problem.demand(i)[d])).sum();
        if total == 0 {
            continue;
        }
        // min over types of cost / capacity, compared exactly as fractions.
        let best = problem.bin_types().iter().filter(|t| t.capacity[d] > 0).min_by(|a, b| {
            (u128::from(a.cost) * u128::from(b.capacity[d]))
                .cmp(&(u128::from(b.cost) * u128::from(a.capacity[d])))
        });
        if let Some(t) = best {
            let num = total * u128::from(t.cost);
            let den = u128::from(t.capacity[d]);
            bound = bound.max(num.div_ceil(den) as u64);
        }
    }
    bound
}

/// Packs every item into bins of type `t` by first fit in decreasing normalised size.
fn ffd_single_type(problem: &Problem, t: usize) -> Result<Vec<PackedBin>, PackError> {
    let bt = &problem.bin_types()[t];
    let dims = problem.dims();
    let n = problem.len();
    if let Some(i) = (0..n).find(|&i| !problem.fits_alone(i, t)) {
        return Err(PackError::Infeasible(format!(
            "item {i} does not fit a bin of type {}",
            bt.name
        )));
    }
    let size = |i: usize| -> f64 {
        problem
            .demand(i)
            .iter()
            .zip(&bt.capacity)
            .map(|(&d, &c)| if c == 0 { 0.0 } else { d as f64 / c as f64 })
            .sum()
    };
    let mut order: Vec<usize> = (0..n).collect();
    let keys: Vec<f64> = (0..n).map(size).collect();
    order.sort_by(|&a, &b| keys[b].total_cmp(&keys[a]).then(a.cmp(&b)));

    let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (g, group) in problem.conflict_groups().iter().enumerate() {
        for &i in group {
            groups_of[i].push(g);
        }
    }

    let mut loads: Vec<u64> = Vec::new(); // bins × dims, row-major
    let mut bin_groups: Vec<Vec<usize>> = Vec::new();
    let mut bins: Vec<PackedBin> = Vec::new();
    for &i in &order {
        let demand = problem.demand(i);
        let fits = |b: usize| -> bool {
            let load = &loads[b * dims..(b + 1) * dims];
            load.iter().zip(demand).zip(&bt.capacity).all(|((l, d), c)| l + d <= *c)
                && groups_of[i].iter().all(|g| !bin_groups[b].contains(g))
        };
        let b = match (0..bins.len()).find(|&b| fits(b)) {
            Some(b) => b,
            None => {
                if bt.max_count.is_some_and(|m| bins.len() >= m) {
                    return Err(PackError::Infeasible(format!(
                        "first-fit needs more than the {} bins of type {} allowed",
                        bins.len(),
                        bt.name
                    )));
                }
                bins.push(PackedBin { bin_type: t, items: Vec::new() });
                loads.extend(std::iter::repeat_n(0, dims));
                bin_groups.push(Vec::new());
                bins.len() - 1
            }
        };
        for (l, d) in loads[b * dims..(b + 1) * dims].iter_mut().zip(demand) {
            *l += d;
        }
        bin_groups[b].extend_from_slice(&groups_of[i]);
        bins[b].items.push(i);
    }
    Ok(bins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::verify::verify;

    #[test]
    fn packs_one_dimension_and_proves_a_tight_bound() {
        let p = Problem::uniform(vec![10], vec![vec![6], vec![4], vec![5], vec![5]]).unwrap();
        let s = FirstFitDecreasing.pack(&p, &PackOptions::default()).unwrap();
        verify(&p, &s).unwrap();
        assert_eq!(s.bins_used(), 2);
        assert_eq!(s.lower_bound, 2);
        assert!(s.proven_optimal);
    }

    #[test]
    fn conflicts_force_separate_bins() {
        let bin = super::super::BinType {
            name: "h".into(),
            capacity: vec![10],
            cost: 1,
            max_count: None,
        };
        let p = Problem::new(1, vec![bin], vec![vec![1], vec![1], vec![1]], vec![vec![0, 1, 2]])
            .unwrap();
        let s = FirstFitDecreasing.pack(&p, &PackOptions::default()).unwrap();
        verify(&p, &s).unwrap();
        assert_eq!(s.bins_used(), 3);
        assert!(!s.proven_optimal, "continuous bound is 1, conflicts need 3");
    }

    #[test]
    fn picks_the_cheaper_bin_type() {
        let small = super::super::BinType {
            name: "small".into(),
            capacity: vec![10],
            cost: 3,
            max_count: None,
        };
        let big = super::super::BinType {
            name: "big".into(),
            capacity: vec![20],
            cost: 5,
            max_count: None,
        };
        let p = Problem::new(1, vec![small, big], vec![vec![10], vec![10]], vec![]).unwrap();
        let s = FirstFitDecreasing.pack(&p, &PackOptions::default()).unwrap();
        verify(&p, &s).unwrap();
        assert_eq!(s.cost(&p), 5);
    }

    #[test]
    fn item_too_large_is_named() {
        let p = Problem::uniform(vec![10, 10], vec![vec![1, 1], vec![3, 11]]).unwrap();
        let e = FirstFitDecreasing.pack(&p, &PackOptions::default()).unwrap_err();
        assert_eq!(e, PackError::ItemTooLarge { item: 1 });
    }
}
