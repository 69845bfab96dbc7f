//! Same input, same output, whatever the thread count: the Gifu inventory planned with one
//! and with two rayon threads gives byte-identical outputs.

mod common;

use common::*;

fn plan_with_threads(threads: &str, out: &std::path::Path) {
    consolidate()
        .env("RAYON_NUM_THREADS", threads)
        .arg("plan")
        .arg(root().join("inventories/gifu-2018.yaml"))
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn outputs_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    plan_with_threads("1", &one);
    plan_with_threads("2", &two);
    for f in ["plan.json", "report.md", "layout.csv", "costs.csv", "utilisation.svg"] {
        let a = std::fs::read(one.join(f)).unwrap();
        let b = std::fs::read(two.join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
}
