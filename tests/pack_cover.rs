//! Zero-slack benchmark instances the exact cover must close (issue 8 part 6): two of the
//! 501-item three-dimensional triplets and two `CL_10` instances of Caprara & Toth, at their
//! optimum, with a layout the independent verifier accepts. The cover runs on a counted work
//! budget (about 0.1 s here); the generous time limit is only the safety net, so this does
//! not depend on the machine's speed. Fails with a clear message when the benchmark folder is
//! missing.

use consolidate::commands::harness::benchmarks_dir;
use consolidate::pack::verify::verify;
use consolidate::pack::{Engine, PackOptions, Packer};
use std::time::Duration;

#[test]
fn zero_slack_triplets_reach_their_optimum() {
    let root = benchmarks_dir();
    assert!(
        root.join("optima.csv").is_file(),
        "benchmark folder not found at {} (expected ../shared/benchmarks next to the crate, or \
         set CONSOLIDATE_BENCHMARKS)",
        root.display()
    );
    let cases = [
        ("vbp/triplet_f/classF_501_3_0.vbp", 167),
        ("vbp/triplet_f/classF_501_3_7.vbp", 167),
        ("vbp/caprara_toth/CL_10_201_02.vbp", 67),
        ("vbp/caprara_toth/CL_10_201_06.vbp", 67),
    ];
    let opts = PackOptions { time_limit: Duration::from_secs(20), seed: 1 };
    for (file, optimum) in cases {
        let p = consolidate::vbp::read(&root.join(file)).expect("parses");
        let s = Engine::default().pack(&p, &opts).expect("packs");
        if let Err(v) = verify(&p, &s) {
            panic!("{file}: infeasible layout: {v}");
        }
        assert_eq!(s.bins_used() as u64, optimum, "{file}: method {}", s.method);
        assert_eq!(s.method, "exact-cover", "{file}");
    }
}
