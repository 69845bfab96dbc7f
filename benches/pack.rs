//! Speed benchmarks of the packing engine (criterion). Quality is measured by the harness
//! (`consolidate harness`, see benches/RESULTS.md); here only time, on generated instances so
//! that the benchmarks need no data files:
//! - the quick bounds and the heuristic portfolio on a 500-item 3-d instance,
//! - the engine on small/medium vector instances (deterministic budgets, generous limit),
//! - the scale benchmark: 100,000 generated VMs (vCPU, memory, storage) with the 4 s limit the
//!   5 s wall-clock target leaves room for; the bins and the gap to the lower bound are printed
//!   once before timing.

use consolidate::pack::bounds;
use consolidate::pack::budget::Stop;
use consolidate::pack::generate::{uniform, vm_fleet};
use consolidate::pack::heuristics::best_of_portfolio;
use consolidate::pack::plain::Plain;
use consolidate::pack::{Engine, FirstFitDecreasing, PackOptions, Packer};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn plain_of(p: &consolidate::pack::Problem) -> Plain {
    Plain::new(&p.bin_types()[0].capacity, p.demands_flat())
}

fn small(c: &mut Criterion) {
    let p = uniform(500, 3, 1000, 5, 40, 1);
    let pl = plain_of(&p);
    c.bench_function("bounds/quick 500x3", |b| b.iter(|| bounds::quick(black_box(&pl))));
    c.bench_function("portfolio 500x3", |b| {
        b.iter(|| best_of_portfolio(black_box(&pl), &Stop::new(Duration::from_secs(60))))
    });
    c.bench_function("ffd 500x3", |b| {
        b.iter(|| FirstFitDecreasing.pack(black_box(&p), &PackOptions::default()))
    });
    let opts = PackOptions { time_limit: Duration::from_secs(60), seed: 1 };
    for (name, inst) in [
        ("engine 100x2 (items 10-40%)", uniform(100, 2, 1000, 10, 40, 2)),
        ("engine 200x1 (items 20-50%)", uniform(200, 1, 1000, 20, 50, 3)),
    ] {
        c.bench_function(name, |b| b.iter(|| Engine::default().pack(black_box(&inst), &opts)));
    }
}

fn scale(c: &mut Criterion) {
    let p = vm_fleet(100_000, 1);
    let opts = PackOptions { time_limit: Duration::from_secs(4), seed: 1 };
    let (s, stats) = Engine::default().pack_with_stats(&p, &opts).expect("packs");
    let gap = 100.0 * (s.bins_used() as f64 / s.lower_bound as f64 - 1.0);
    eprintln!(
        "scale 100k VMs: {} bins, lower bound {}, gap {gap:.2} %, {:.2} s",
        s.bins_used(),
        s.lower_bound,
        stats.seconds
    );
    let mut g = c.benchmark_group("scale");
    g.sample_size(10).measurement_time(Duration::from_secs(45));
    g.bench_function("engine 100k VMs x 3 resources", |b| {
        b.iter(|| Engine::default().pack(black_box(&p), &opts))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // No plots: the plotting backend needs system fonts that CI machines may lack.
    config = Criterion::default().without_plots();
    targets = small, scale
}
criterion_main!(benches);
