//! Same problem and options, same layout, whatever the number of threads: the engine runs in
//! rayon pools of 1 and 2 threads and the layouts must be identical. The budgets are small
//! and the time limit generous, so that the deterministic work budgets (not the clock) end
//! every search.

use consolidate::pack::generate::{uniform, vm_fleet};
use consolidate::pack::{BinType, Engine, EngineConfig, PackOptions, Packer, Packing, Problem};
use std::time::Duration;

fn engine() -> Engine {
    Engine::with_config(EngineConfig {
        search_effort: 5_000,
        min_search_work: 300_000,
        large_rounds: 30,
        large_group_work: 50_000,
        ..EngineConfig::default()
    })
}

fn run_in(threads: usize, p: &Problem) -> Packing {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let opts = PackOptions { time_limit: Duration::from_secs(120), seed: 42 };
    pool.install(|| engine().pack(p, &opts)).expect("packs")
}

fn assert_same(p: &Problem, what: &str) {
    let one = run_in(1, p);
    let two = run_in(2, p);
    assert_eq!(one.bins, two.bins, "{what}: layouts differ between 1 and 2 threads");
    assert_eq!(one.lower_bound, two.lower_bound, "{what}: bounds differ");
    assert_eq!(one.proven_optimal, two.proven_optimal, "{what}");
    assert_eq!(one.method, two.method, "{what}");
}

#[test]
fn vector_instances_give_the_same_layout_on_one_and_two_threads() {
    // Hard enough that the search runs (class-1-like items, 3 dimensions).
    assert_same(&uniform(120, 3, 1000, 10, 40, 7), "uniform 120x3");
    assert_same(&uniform(80, 2, 150, 13, 66, 8), "uniform 80x2");
    assert_same(&uniform(150, 1, 1000, 20, 50, 9), "uniform 150x1");
}

#[test]
fn large_fleet_gives_the_same_layout_on_one_and_two_threads() {
    assert_same(&vm_fleet(6_000, 3), "fleet 6000");
}

#[test]
fn general_problem_gives_the_same_layout_on_one_and_two_threads() {
    let base = uniform(60, 2, 100, 5, 45, 10);
    let demands: Vec<Vec<u64>> = (0..base.len()).map(|i| base.demand(i).to_vec()).collect();
    let types = vec![
        BinType { name: "small".into(), capacity: vec![100, 100], cost: 10, max_count: None },
        BinType { name: "large".into(), capacity: vec![200, 150], cost: 17, max_count: Some(8) },
    ];
    let groups = vec![vec![0, 1, 2, 3], vec![10, 20, 30]];
    let p = Problem::new(2, types, demands, groups).unwrap();
    assert_same(&p, "typed with conflicts");
}
