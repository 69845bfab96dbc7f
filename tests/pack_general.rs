//! The engine on general problems: several bin types with costs, count limits, conflict
//! groups. Small hand-made cases with known answers.

use consolidate::pack::verify::verify;
use consolidate::pack::{
    BinType, Engine, EngineConfig, FirstFitDecreasing, PackError, PackOptions, Packer, Problem,
};

fn bt(name: &str, cap: &[u64], cost: u64, max: Option<usize>) -> BinType {
    BinType { name: name.into(), capacity: cap.to_vec(), cost, max_count: max }
}

fn solve(p: &Problem) -> consolidate::pack::Packing {
    let s = Engine::default().pack(p, &PackOptions::default()).unwrap();
    verify(p, &s).unwrap();
    assert!(s.lower_bound <= s.cost(p));
    s
}

#[test]
fn chooses_the_cheapest_mix_of_types() {
    // One big bin (cost 5) beats two small ones (cost 3 each).
    let p = Problem::new(
        1,
        vec![bt("small", &[10], 3, None), bt("big", &[20], 5, None)],
        vec![vec![10], vec![10]],
        vec![],
    )
    .unwrap();
    let s = solve(&p);
    assert_eq!(s.cost(&p), 5);
    assert!(s.proven_optimal);
    // Three items of 10: big + small = 8 beats two bigs (10) and three smalls (9).
    let p = Problem::new(
        1,
        vec![bt("small", &[10], 3, None), bt("big", &[20], 5, None)],
        vec![vec![10], vec![10], vec![10]],
        vec![],
    )
    .unwrap();
    let s = solve(&p);
    assert_eq!(s.cost(&p), 8);
}

#[test]
fn conflicts_are_respected_and_bounded() {
    let p = Problem::new(
        2,
        vec![bt("h", &[10, 10], 7, None)],
        vec![vec![1, 1], vec![1, 1], vec![1, 1], vec![2, 2]],
        vec![vec![0, 1, 2]],
    )
    .unwrap();
    let s = solve(&p);
    assert_eq!(s.bins_used(), 3);
    assert_eq!(s.cost(&p), 21);
    assert!(s.proven_optimal, "the conflict bound proves 3 bins");
}

#[test]
fn count_limits_are_respected() {
    // Cheap small bins are limited to one; the rest must go to the dear type.
    let p = Problem::new(
        1,
        vec![bt("cheap", &[10], 1, Some(1)), bt("dear", &[10], 10, None)],
        vec![vec![6], vec![6], vec![6]],
        vec![],
    )
    .unwrap();
    let s = solve(&p);
    assert_eq!(s.cost(&p), 21);
    assert!(s.bins.iter().filter(|b| b.bin_type == 0).count() <= 1);
}

#[test]
fn proven_infeasibility_is_reported_with_a_reason() {
    let p = Problem::new(
        1,
        vec![bt("h", &[10], 1, Some(2))],
        vec![vec![1], vec![1], vec![1]],
        vec![vec![0, 1, 2]],
    )
    .unwrap();
    match Engine::default().pack(&p, &PackOptions::default()) {
        Err(PackError::Infeasible(reason)) => {
            assert!(reason.contains("conflict group"), "{reason}")
        }
        other => panic!("expected infeasible, got {other:?}"),
    }
    let p = Problem::new(1, vec![bt("h", &[10], 1, Some(2))], vec![vec![6]; 3], vec![]).unwrap();
    match Engine::default().pack(&p, &PackOptions::default()) {
        Err(PackError::Infeasible(reason)) => assert!(reason.contains("at least 3"), "{reason}"),
        other => panic!("expected infeasible, got {other:?}"),
    }
    let p = Problem::new(1, vec![bt("h", &[10], 1, None)], vec![vec![11]], vec![]).unwrap();
    assert_eq!(
        Engine::default().pack(&p, &PackOptions::default()).unwrap_err(),
        PackError::ItemTooLarge { item: 0 }
    );
}

#[test]
fn never_worse_than_ffd_on_mixed_instances() {
    let mut s = 7u64;
    let mut next = move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s >> 33
    };
    for round in 0..30 {
        let n = 10 + (next() % 40) as usize;
        let demands: Vec<Vec<u64>> =
            (0..n).map(|_| vec![1 + next() % 60, 1 + next() % 60]).collect();
        let types = vec![
            bt("a", &[100, 100], 10, None),
            bt("b", &[60, 140], 9, if round % 2 == 0 { None } else { Some(3) }),
            bt("c", &[200, 200], 19, None),
        ];
        let groups: Vec<Vec<usize>> =
            if round % 3 == 0 { vec![(0..n.min(4)).collect()] } else { vec![] };
        let p = Problem::new(2, types, demands, groups).unwrap();
        let small = Engine::with_config(EngineConfig {
            search_effort: 5_000,
            min_search_work: 200_000,
            ..EngineConfig::default()
        });
        let e = small.pack(&p, &PackOptions::default()).unwrap();
        verify(&p, &e).unwrap();
        assert!(e.lower_bound <= e.cost(&p));
        if let Ok(f) = FirstFitDecreasing.pack(&p, &PackOptions::default()) {
            assert!(
                e.cost(&p) <= f.cost(&p),
                "round {round}: engine {} > ffd {}",
                e.cost(&p),
                f.cost(&p)
            );
        }
    }
}
