//! Relaxing a limit never makes a plan dearer, on small random inventories (the generator of
//! `examples/gen_inventory.rs` with a random size, N+k and seed): each policy key is loosened
//! by a step and every cluster must cost no more than before. Next to `plan_monotone.rs`,
//! which does the same on the samples.

use consolidate::commands::plan::planner_engine;
use consolidate::inventory::{Inventory, Policy};
use consolidate::pack::PackOptions;
use consolidate::plan::{self, PlanResult};
use proptest::prelude::*;

fn planned(inv: &Inventory) -> PlanResult {
    let r = plan::plan(inv, &planner_engine(), &PackOptions::default()).expect("plans");
    assert!(plan::verify::verify(inv, &r).is_empty());
    r
}

type Relax = fn(&mut Policy);

fn relaxations() -> Vec<(&'static str, Relax)> {
    vec![
        ("vcpu_per_core", |p| p.vcpu_per_core += 1.0),
        ("target_cpu_pct", |p| p.target_cpu_pct = (p.target_cpu_pct + 5.0).min(p.failover_cpu_pct)),
        ("target_memory_pct", |p| {
            p.target_memory_pct = (p.target_memory_pct + 5.0).min(p.failover_memory_pct)
        }),
        ("failover_cpu_pct", |p| p.failover_cpu_pct = (p.failover_cpu_pct + 5.0).min(100.0)),
        ("failover_memory_pct", |p| {
            p.failover_memory_pct = (p.failover_memory_pct + 5.0).min(100.0)
        }),
        ("spare_hosts", |p| p.spare_hosts = p.spare_hosts.saturating_sub(1)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// Fails today, and is run on demand (`cargo test --release --test plan_monotone_random --
    /// --ignored`): the search is not exact, and nothing seeds the looser problem with the
    /// tighter one's layout yet (issue 8, part 3). First case found: n 31, N+1, seed 8762,
    /// `vcpu_per_core` relaxed, cluster zone-000 ¥39,352,712 against ¥37,823,443; kept in the
    /// regressions file beside this test.
    #[test]
    #[ignore = "finds plans that get dearer when a limit is relaxed (issue 8 part 3 open)"]
    fn relaxing_a_limit_never_makes_a_random_plan_dearer(
        n in 8usize..40, k in 0u32..3, seed in 1u64..10_000,
    ) {
        let text = plan::generate::inventory_yaml(n, k, seed);
        let base_inv: Inventory = serde_yaml::from_str(&text).expect("a plain inventory");
        let base = planned(&base_inv);
        for (key, relax) in relaxations() {
            let mut inv = base_inv.clone();
            relax(&mut inv.policy);
            let relaxed = planned(&inv);
            for (a, b) in base.clusters.iter().zip(&relaxed.clusters) {
                prop_assert!(
                    b.horizon_cost <= a.horizon_cost + 1e-6,
                    "n {n}, N+{k}, seed {seed}, {key} relaxed: cluster {} costs {:.0} against {:.0}",
                    a.name, b.horizon_cost, a.horizon_cost
                );
            }
        }
    }
}
