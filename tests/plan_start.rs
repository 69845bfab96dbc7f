//! `consolidate plan --start PLAN_JSON`: an earlier plan's layout seeds each cluster's search.
//! Planned from its own plan, the sample keeps every cluster's layout and cost; a start plan
//! of another inventory only makes the clusters it does not fit note why; a file that is not a
//! plan, a missing file, or a plan sharing no cluster with the inventory is exit code 2 with
//! nothing written.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories").join(name)
}

fn plan(inventory: &Path, out: &Path, start: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::cargo_bin("consolidate").expect("binary");
    cmd.arg("plan").arg(inventory).arg("--out").arg(out);
    if let Some(s) = start {
        cmd.arg("--start").arg(s);
    }
    cmd.output().expect("runs")
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("plan.json")).expect("json")
}

#[test]
fn planned_from_its_own_plan_the_sample_keeps_every_cluster() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first");
    assert!(plan(&sample("gifu-2018.yaml"), &first, None).status.success());
    let again = dir.path().join("again");
    // The folder is accepted as well as the file.
    let out = plan(&sample("gifu-2018.yaml"), &again, Some(&first));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (a, b) = (json(&first.join("plan.json")), json(&again.join("plan.json")));
    assert!(a["clusters"][0].get("start").is_none(), "no start, no record");
    for (x, y) in a["clusters"].as_array().unwrap().iter().zip(b["clusters"].as_array().unwrap()) {
        let start = &y["start"];
        assert_eq!(start["feasible"], true, "{}: {start}", y["name"]);
        assert!(y["horizon_cost"].as_f64() <= x["horizon_cost"].as_f64(), "{}", y["name"]);
        assert!(stderr.contains(&format!("cluster {}", y["name"].as_str().unwrap())));
        if start["taken"] == true {
            assert_eq!(x["hosts"].as_array().unwrap().len(), y["hosts"].as_array().unwrap().len());
        }
    }
    assert_eq!(a["summary"]["plan_total"], b["summary"]["plan_total"]);
}

#[test]
fn a_start_plan_of_another_inventory_is_noted_per_cluster() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tiny = dir.path().join("tiny");
    assert!(plan(&sample("tiny.yaml"), &tiny, None).status.success());
    // tiny's only cluster is `lgwan`, on a host model and with servers the sample does not have.
    let out = plan(&sample("gifu-2018.yaml"), &dir.path().join("g"), Some(&tiny.join("plan.json")));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: cluster lgwan: the start plan's layout is not used"),
        "{stderr}"
    );
    let p = json(&dir.path().join("g").join("plan.json"));
    let lgwan = p["clusters"].as_array().unwrap().iter().find(|c| c["name"] == "lgwan").unwrap();
    assert_eq!(lgwan["start"]["feasible"], false);
    // The reason is data in plan.json, worded by the catalogue on stderr.
    assert_eq!(lgwan["start"]["reason"]["kind"], "unknown_model");
    assert_eq!(lgwan["start"]["reason"]["model"], "std-16c");
    assert!(stderr.contains("host model `std-16c` is not in the inventory"), "{stderr}");

    // In Japanese, every start line is Japanese.
    let mut cmd = Command::cargo_bin("consolidate").expect("binary");
    cmd.arg("plan").arg(sample("gifu-2018.yaml")).arg("--lang").arg("ja");
    cmd.arg("--out").arg(dir.path().join("ja")).arg("--start").arg(tiny.join("plan.json"));
    let out = cmd.output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("注：クラスタlgwan：開始計画の配置は使いません：ホスト機種 `std-16c` がインベントリにありません"),
        "{stderr}"
    );
    assert!(!stderr.contains("start plan"), "{stderr}");
}

#[test]
fn a_start_that_is_not_a_plan_of_this_inventory_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inv = sample("gifu-2018.yaml");
    let out_dir = dir.path().join("out");
    let refused = |start: &Path, says: &str| {
        let out = plan(&inv, &out_dir, Some(start));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!out_dir.exists(), "nothing written");
    };
    refused(&dir.path().join("missing.json"), "missing.json");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"plan\": 3\n}\n").unwrap();
    refused(&bad, "bad.json:2:");
    // A real plan whose clusters are all renamed: it shares none with the inventory.
    let first = dir.path().join("first");
    assert!(plan(&inv, &first, None).status.success());
    let mut p = json(&first.join("plan.json"));
    for c in p["clusters"].as_array_mut().unwrap() {
        c["name"] = Value::from(format!("other-{}", c["name"].as_str().unwrap()));
    }
    let other = dir.path().join("other.json");
    std::fs::write(&other, serde_json::to_string(&p).unwrap()).unwrap();
    refused(&other, "match none of this inventory's");
}
