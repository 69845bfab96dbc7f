//! The engine against a brute-force reference on random small instances: every layout is
//! feasible (independent verifier), its lower bound never exceeds the true optimum,
//! "proven optimal" is claimed only at the optimum, infeasibility is reported exactly when
//! no layout exists, and the engine is never worse than first-fit decreasing.

use consolidate::pack::verify::verify;
use consolidate::pack::{
    BinType, Engine, EngineConfig, FirstFitDecreasing, PackError, PackOptions, Packer, Problem,
};
use proptest::prelude::*;
use std::time::Duration;

/// Optimal cost by enumerating every partition of the items into blocks (restricted growth
/// strings), every assignment of a bin type to each block, conflicts and count limits
/// checked naively. `None` when no layout exists.
fn brute_force(p: &Problem) -> Option<u64> {
    let n = p.len();
    let mut best: Option<u64> = None;
    let mut block = vec![0usize; n];
    fn rec(p: &Problem, k: usize, blocks: usize, block: &mut Vec<usize>, best: &mut Option<u64>) {
        let n = p.len();
        if k == n {
            if let Some(c) = cheapest_types(p, block, blocks) {
                *best = Some(best.map_or(c, |b: u64| b.min(c)));
            }
            return;
        }
        for b in 0..=blocks {
            block[k] = b;
            rec(p, k + 1, blocks.max(b + 1), block, best);
        }
    }
    if n == 0 {
        return Some(0);
    }
    rec(p, 0, 0, &mut block, &mut best);
    best
}

/// Cheapest choice of a type per block (each block must fit its type, respect conflicts, and
/// the type counts must stay within their limits).
fn cheapest_types(p: &Problem, block: &[usize], blocks: usize) -> Option<u64> {
    for g in p.conflict_groups() {
        for (x, &a) in g.iter().enumerate() {
            for &b in &g[x + 1..] {
                if block[a] == block[b] {
                    return None;
                }
            }
        }
    }
    let d = p.dims();
    let loads: Vec<Vec<u64>> = (0..blocks)
        .map(|b| {
            let mut l = vec![0u64; d];
            for (i, &bi) in block.iter().enumerate() {
                if bi == b {
                    for (lj, &w) in l.iter_mut().zip(p.demand(i)) {
                        *lj += w;
                    }
                }
            }
            l
        })
        .collect();
    let types = p.bin_types();
    let mut best: Option<u64> = None;
    let mut choice = vec![0usize; blocks];
    fn rec(
        types: &[BinType],
        loads: &[Vec<u64>],
        k: usize,
        choice: &mut Vec<usize>,
        best: &mut Option<u64>,
    ) {
        if k == loads.len() {
            for (t, ty) in types.iter().enumerate() {
                let used = choice.iter().filter(|&&c| c == t).count();
                if ty.max_count.is_some_and(|m| used > m) {
                    return;
                }
            }
            let cost: u64 = choice.iter().map(|&t| types[t].cost).sum();
            *best = Some(best.map_or(cost, |b: u64| b.min(cost)));
            return;
        }
        for (t, ty) in types.iter().enumerate() {
            if loads[k].iter().zip(&ty.capacity).all(|(l, c)| l <= c) {
                choice[k] = t;
                rec(types, loads, k + 1, choice, best);
            }
        }
    }
    rec(types, &loads, 0, &mut choice, &mut best);
    best
}

/// A small engine configuration so that hundreds of cases run in seconds; the default is
/// exercised by the other tests.
fn engine() -> Engine {
    Engine::with_config(EngineConfig {
        search_effort: 2_000,
        min_search_work: 100_000,
        large_rounds: 20,
        ..EngineConfig::default()
    })
}

/// No improvement search and no LP: layouts are often suboptimal, so that a wrong optimality
/// claim or an invalid bound would show.
fn weak_engine() -> Engine {
    Engine::with_config(EngineConfig {
        search_effort: 0,
        min_search_work: 0,
        lp_bound: false,
        large_rounds: 0,
        ..EngineConfig::default()
    })
}

/// Only the LP side closes gaps: no improvement search and no exact search, so the layouts
/// that beat the heuristic portfolio come from the integer program over the root's patterns
/// and from branch-and-price, and a wrong claim built on them would show.
fn lp_engine() -> Engine {
    Engine::with_config(EngineConfig {
        search_effort: 0,
        min_search_work: 0,
        exact_max_items: 0,
        large_rounds: 0,
        ..EngineConfig::default()
    })
}

/// `lp_engine` without the integer program: branch-and-price alone.
fn bnp_engine() -> Engine {
    Engine::with_config(EngineConfig { milp_share: 0.0, ..lp_engine().config })
}

fn options() -> PackOptions {
    PackOptions { time_limit: Duration::from_secs(30), seed: 11 }
}

/// Runs both engines and checks them against the brute-force optimum.
fn check(p: &Problem) -> Result<(), TestCaseError> {
    let opt = brute_force(p);
    check_one(&engine(), p, opt)?;
    check_one(&weak_engine(), p, opt)?;
    check_one(&lp_engine(), p, opt)?;
    check_one(&bnp_engine(), p, opt)
}

fn check_one(engine: &Engine, p: &Problem, opt: Option<u64>) -> Result<(), TestCaseError> {
    match (engine.pack(p, &options()), opt) {
        (Ok(s), Some(opt)) => {
            prop_assert!(verify(p, &s).is_ok(), "infeasible layout: {:?}", verify(p, &s));
            let cost = s.cost(p);
            prop_assert!(cost >= opt, "cost {cost} below the brute-force optimum {opt}?");
            prop_assert!(s.lower_bound <= opt, "bound {} above optimum {opt}", s.lower_bound);
            if s.proven_optimal {
                prop_assert_eq!(cost, opt, "claims optimality at {} but optimum is {}", cost, opt);
                prop_assert_eq!(s.lower_bound, cost, "optimality claimed without a matching bound");
            }
            let continuous = consolidate::pack::ffd::continuous_bound(p).min(cost);
            prop_assert!(
                s.lower_bound >= continuous,
                "bound {} below L1 {continuous}",
                s.lower_bound
            );
            if let Ok(f) = FirstFitDecreasing.pack(p, &options()) {
                prop_assert!(cost <= f.cost(p), "engine {} worse than FFD {}", cost, f.cost(p));
            }
        }
        (Err(PackError::Infeasible(_)), None) => {}
        (Err(PackError::ItemTooLarge { item }), None) => {
            prop_assert!((0..p.bin_types().len()).all(|t| !p.fits_alone(item, t)));
        }
        (Err(PackError::Malformed(m)), _) => {
            prop_assert!(false, "well-formed problem reported malformed: {m}");
        }
        (Err(e), Some(opt)) => {
            prop_assert!(false, "engine failed ({e}) but a layout of cost {opt} exists");
        }
        (Ok(s), None) => {
            prop_assert!(false, "engine returned {:?} for an infeasible problem", s.bins);
        }
    }
    Ok(())
}

/// Items of 5–60 % of the capacity, so that optimal layouts share bins in interesting ways.
fn plain_problem() -> impl Strategy<Value = Problem> {
    (1usize..=3, 1usize..=8).prop_flat_map(|(d, n)| {
        (
            prop::collection::vec(10u64..=40, d),
            prop::collection::vec(prop::collection::vec(5u64..=60, d), n),
        )
            .prop_map(move |(cap, items)| {
                let items: Vec<Vec<u64>> = items
                    .into_iter()
                    .map(|w| w.iter().zip(&cap).map(|(&pct, &c)| c * pct / 100).collect())
                    .collect();
                Problem::uniform(cap, items).expect("well-formed")
            })
    })
}

fn general_problem() -> impl Strategy<Value = Problem> {
    (1usize..=2, 1usize..=6, 1usize..=3).prop_flat_map(|(d, n, t)| {
        (
            prop::collection::vec(
                (
                    prop::collection::vec(8u64..=20, d),
                    1u64..=9,
                    prop::option::weighted(0.3, 1usize..=3),
                ),
                t,
            ),
            prop::collection::vec(prop::collection::vec(0u64..=12, d), n),
            prop::collection::vec(prop::collection::vec(0usize..n, 0..=3), 0..=2),
        )
            .prop_map(move |(types, items, groups)| {
                let types: Vec<BinType> = types
                    .into_iter()
                    .enumerate()
                    .map(|(k, (capacity, cost, max_count))| BinType {
                        name: format!("t{k}"),
                        capacity,
                        cost,
                        max_count,
                    })
                    .collect();
                let groups: Vec<Vec<usize>> = groups
                    .into_iter()
                    .map(|mut g| {
                        g.sort_unstable();
                        g.dedup();
                        g
                    })
                    .collect();
                Problem::new(d, types, items, groups).expect("well-formed")
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn plain_instances_match_brute_force(p in plain_problem()) {
        check(&p)?;
    }

    #[test]
    fn typed_limited_and_conflicting_instances_match_brute_force(p in general_problem()) {
        check(&p)?;
    }
}

/// The generators must produce instances where bins are shared and bounds are not trivially
/// tight, or the properties above would test little.
#[test]
fn generated_instances_are_not_trivial() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut shared, mut general_shared, mut infeasible) = (0, 0, 0);
    for _ in 0..100 {
        let p = plain_problem().new_tree(&mut runner).unwrap().current();
        if brute_force(&p).is_some_and(|o| (o as usize) < p.len()) {
            shared += 1;
        }
        let g = general_problem().new_tree(&mut runner).unwrap().current();
        match brute_force(&g) {
            Some(o) if g.len() > 1 && o < g.len() as u64 * g.bin_types()[0].cost => {
                general_shared += 1
            }
            None => infeasible += 1,
            _ => {}
        }
    }
    assert!(shared > 50, "only {shared}/100 plain instances put two items in a bin");
    assert!(general_shared > 20, "only {general_shared}/100 general instances share bins");
    assert!(infeasible > 3, "only {infeasible}/100 general instances are infeasible");
}

#[test]
fn default_engine_on_a_few_fixed_cases() {
    // Known optimum 3 where L2 says 3 and FFD needs 4.
    let p = Problem::uniform(
        vec![10],
        vec![vec![6], vec![5], vec![5], vec![4], vec![4], vec![3], vec![3]],
    )
    .unwrap();
    let s = Engine::default().pack(&p, &options()).unwrap();
    verify(&p, &s).unwrap();
    assert_eq!(brute_force(&p), Some(3));
    assert_eq!(s.bins_used(), 3);
    assert!(s.proven_optimal);
    let empty = Problem::uniform(vec![10, 10], vec![]).unwrap();
    let s = Engine::default().pack(&empty, &options()).unwrap();
    assert_eq!((s.bins_used(), s.lower_bound, s.proven_optimal), (0, 0, true));
    let zeros = Problem::uniform(vec![10, 10], vec![vec![0, 0]; 5]).unwrap();
    let s = Engine::default().pack(&zeros, &options()).unwrap();
    verify(&zeros, &s).unwrap();
    assert_eq!(s.bins_used(), 1);
}
