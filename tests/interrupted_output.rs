//! `plan` killed at random moments (SIGKILL, no chance to tidy up): the output folder is at
//! every kill either the previous complete output or the new complete one, and the next run
//! removes what the killed runs left beside it.

mod common;

use common::*;
use std::time::Duration;

/// Every output file of the tiny inventory is present and plan.json is whole.
fn complete(out: &std::path::Path) -> bool {
    let files = output_files(inventory_has_profiles(&root().join("inventories/tiny.yaml")));
    files.iter().all(|f| out.join(f).is_file())
        && std::fs::read_to_string(out.join("plan.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some()
}

#[test]
fn a_killed_plan_leaves_a_complete_output_and_the_next_run_tidies_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let inventory = root().join("inventories/tiny.yaml");
    let bin = assert_cmd::cargo::cargo_bin("consolidate");
    plan_ok(&inventory, &out);
    // Kill times spread over a whole run (about 0.1–0.5 s here), so some land while staging
    // and some around the swap.
    for k in 0..24u64 {
        let mut child = std::process::Command::new(&bin)
            .args(["plan", inventory.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 * k));
        let _ = child.kill();
        let _ = child.wait();
        assert!(complete(&out), "after a kill at {} ms the output is incomplete", 20 * k);
    }
    plan_ok(&inventory, &out);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect();
    assert!(left.is_empty(), "left beside the output: {left:?}");
}
