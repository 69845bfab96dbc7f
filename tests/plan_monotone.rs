//! Relaxing a limit never makes the sample plans dearer: for every key of the sizing policy,
//! the sample inventories are planned again with that limit loosened and every cluster (and
//! the total) must cost no more than before. The same on small random inventories (the
//! generator of `examples/gen_inventory.rs` with a random size, N+k and seed) as a property,
//! the looser inventory planned from the tighter one's plan (`plan_with_start`).

use consolidate::commands::plan::planner_engine;
use consolidate::inventory::{self, Inventory, Policy};
use consolidate::pack::PackOptions;
use consolidate::plan::{self, PlanResult};
use proptest::prelude::*;
use std::path::Path;

fn planned(inv: &Inventory) -> PlanResult {
    let r = plan::plan(inv, &planner_engine(), &PackOptions::default()).expect("plans");
    assert!(plan::verify::verify(inv, &r).is_empty());
    r
}

/// Loosens one policy key by a step.
type Relax = fn(&mut Policy);

fn relaxations() -> Vec<(&'static str, Relax)> {
    vec![
        ("vcpu_per_core", |p| p.vcpu_per_core += 1.0),
        ("memory_overcommit", |p| p.memory_overcommit += 0.2),
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

fn check(sample: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories").join(sample);
    let base_inv = inventory::load(&path).expect("sample loads").inventory;
    let base = planned(&base_inv);
    for (key, relax) in relaxations() {
        let mut inv = base_inv.clone();
        relax(&mut inv.policy);
        let relaxed = planned(&inv);
        for (a, b) in base.clusters.iter().zip(&relaxed.clusters) {
            assert!(
                b.horizon_cost <= a.horizon_cost + 1e-6,
                "{sample}, {key} relaxed: cluster {} costs {:.0} against {:.0}",
                a.name,
                b.horizon_cost,
                a.horizon_cost
            );
        }
        assert!(relaxed.summary.plan_total <= base.summary.plan_total + 1e-6, "{sample}, {key}");
    }
}

#[test]
fn relaxing_any_policy_key_never_makes_gifu_2018_dearer() {
    check("gifu-2018.yaml");
}

#[test]
fn relaxing_any_policy_key_never_makes_mid_size_dearer() {
    check("mid-size.yaml");
}

/// Plans `inv` from the `start` plan ([`plan::plan_with_start`]), checked by the verifier.
fn planned_from(inv: &Inventory, start: &PlanResult) -> PlanResult {
    let r = plan::plan_with_start(
        inv,
        &planner_engine(),
        &PackOptions::default(),
        &|_, _| {},
        Some(start),
    )
    .expect("plans");
    assert!(plan::verify::verify(inv, &r).is_empty());
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// The search is not exact, so a looser inventory planned afresh can cost more than the
    /// tighter one (first case found: n 31, N+1, seed 8762, `vcpu_per_core` relaxed, kept in
    /// the regressions file beside this test). Planned from the tighter plan, it never does:
    /// the tighter layout is feasible for the looser inventory, and the search keeps it unless
    /// it finds something cheaper.
    #[test]
    fn relaxing_a_limit_never_makes_a_random_plan_dearer(
        n in 8usize..40, k in 0u32..3, seed in 1u64..10_000,
    ) {
        let text = plan::generate::inventory_yaml(n, k, seed);
        let base_inv: Inventory = serde_yaml::from_str(&text).expect("a plain inventory");
        let base = planned(&base_inv);
        // memory_overcommit is left out here: it is tried on the samples above.
        for (key, relax) in relaxations().into_iter().filter(|(k, _)| *k != "memory_overcommit") {
            let mut inv = base_inv.clone();
            relax(&mut inv.policy);
            let relaxed = planned_from(&inv, &base);
            for (a, b) in base.clusters.iter().zip(&relaxed.clusters) {
                prop_assert_eq!(&a.name, &b.name);
                let start = b.start.as_ref().expect("the start is recorded");
                prop_assert!(start.feasible, "{key}: {:?}", start.reason);
                prop_assert!(
                    b.horizon_cost <= a.horizon_cost + 1e-6,
                    "n {n}, N+{k}, seed {seed}, {key} relaxed: cluster {} costs {:.0} against {:.0}",
                    a.name, b.horizon_cost, a.horizon_cost
                );
            }
        }
    }
}
