//! Planner benchmarks: the two samples, and generated inventories (`plan::generate`) of 2,000
//! servers with N+2 and N+3 and 20,000 servers with N+1 — the sizes issue 8 sets targets for.
//! `cargo bench --bench plan`.
use consolidate::commands::plan::planner_engine;
use consolidate::inventory::{self, Inventory};
use consolidate::pack::PackOptions;
use consolidate::plan;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;

fn load(path: &Path) -> Inventory {
    inventory::load(path).expect("inventory loads").inventory
}

/// Generated inventories are read as plain YAML (the generator's text needs no loader step);
/// 20,000 servers is issue 8's scale target and the loader's upper limit.
fn generated(n: usize, k: u32) -> Inventory {
    serde_yaml::from_str(&plan::generate::inventory_yaml(n, k, 1)).expect("a plain inventory")
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories");
    let cases: Vec<(String, Inventory)> = vec![
        ("gifu-2018".into(), load(&root.join("gifu-2018.yaml"))),
        ("mid-size".into(), load(&root.join("mid-size.yaml"))),
        ("2000-n2".into(), generated(2000, 2)),
        ("2000-n3".into(), generated(2000, 3)),
        ("20000-n1".into(), generated(20_000, 1)),
    ];
    let mut g = c.benchmark_group("plan");
    g.sample_size(10);
    for (name, inv) in &cases {
        g.bench_function(name, |b| {
            b.iter(|| plan::plan(inv, &planner_engine(), &PackOptions::default()).expect("plans"))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    // No plots: the plotting backend needs system fonts that CI machines may lack (it panics
    // with FontUnavailable without them).
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
