//! The engine on a fixed sample of the benchmark instances with known optima
//! (`../shared/benchmarks`, or `$CONSOLIDATE_BENCHMARKS`): every layout passes the
//! independent verifier, the lower bound never exceeds the known optimum (or best known
//! solution), "proven optimal" is never claimed above the optimum, and the engine never uses
//! more bins than first-fit decreasing. Fails with a clear message when the folder is missing.

use consolidate::commands::harness::{Known, benchmarks_dir, optima_key, read_optima};
use consolidate::pack::verify::verify;
use consolidate::pack::{Engine, FirstFitDecreasing, PackOptions, Packer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Sets sampled and how many instances of each (spread evenly over the sorted file list).
const SAMPLE: &[(&str, usize)] = &[
    ("vbp/caprara_toth", 8),
    ("vbp/panigrahy", 8),
    ("vbp/mommessin_new", 6),
    ("vbp/triplet_f", 3),
    ("bpp/falkenauer_u", 2),
    ("bpp/falkenauer_t", 2),
    ("bpp/scholl_1", 3),
    ("bpp/scholl_2", 3),
    ("bpp/schwerin_1", 1),
    ("bpp/waescher", 1),
    ("bpp/hard28", 2),
];

fn root() -> PathBuf {
    let dir = benchmarks_dir();
    assert!(
        dir.join("optima.csv").is_file(),
        "benchmark folder not found at {} (expected ../shared/benchmarks next to the crate, or \
         set CONSOLIDATE_BENCHMARKS)",
        dir.display()
    );
    dir
}

fn sample(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for &(set, k) in SAMPLE {
        let dir = root.join(set);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "vbp"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .vbp files in {}", dir.display());
        let step = (files.len() / k).max(1);
        out.extend(files.into_iter().step_by(step).take(k));
    }
    out
}

#[test]
fn sampled_benchmarks_are_feasible_and_bounds_are_valid() {
    let root = root();
    let optima: HashMap<String, Known> = read_optima(&root.join("optima.csv")).expect("optima.csv");
    let opts = PackOptions { time_limit: Duration::from_millis(400), seed: 1 };
    let mut checked = 0;
    for file in sample(&root) {
        let key = optima_key(&file);
        let known = optima.get(&key).unwrap_or_else(|| panic!("{key} missing from optima.csv"));
        let p = consolidate::vbp::read(&file).expect("parses");
        let s = Engine::default().pack(&p, &opts).expect("packs");
        if let Err(v) = verify(&p, &s) {
            panic!("{key}: infeasible layout: {v}");
        }
        let bins = s.bins_used() as u64;
        let best_known = known.optimum().or(known.ub);
        if let Some(ub) = best_known {
            assert!(s.lower_bound <= ub, "{key}: bound {} above best known {ub}", s.lower_bound);
        }
        if let Some(opt) = known.optimum() {
            assert!(bins >= opt, "{key}: {bins} bins beats the proven optimum {opt}?");
            if s.proven_optimal {
                assert_eq!(bins, opt, "{key}: claims optimality at {bins}, optimum is {opt}");
            }
        }
        assert!(bins >= known.lb, "{key}: {bins} bins below the known lower bound {}", known.lb);
        let f = FirstFitDecreasing.pack(&p, &opts).expect("ffd packs");
        assert!(bins <= f.bins_used() as u64, "{key}: engine {bins} > FFD {}", f.bins_used());
        checked += 1;
    }
    assert!(checked >= 30, "sample too small: {checked}");
}
