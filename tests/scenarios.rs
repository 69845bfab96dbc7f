//! Scenario files: an inventory that `extends` another replaces the base's top-level sections
//! one by one, and every error still names the file it is in.

mod common;

use common::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn fails(file: &std::path::Path) -> String {
    let out =
        consolidate().arg("plan").arg(file).arg("--out").arg(file.with_extension("out")).assert();
    let o = out.get_output();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!file.with_extension("out").exists());
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn a_scenario_replaces_sections_of_its_base() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("inventories/tiny.yaml")).unwrap();
    write(dir.path(), "tiny.yaml", &base);
    // Without N+1 the tiny case needs two hosts, not three.
    let s = write(
        dir.path(),
        "no-spare.yaml",
        "extends: tiny.yaml\nplan: {name: tiny-no-spare}\npolicy: {spare_hosts: 0}\n",
    );
    let p = plan_ok(&s, &dir.path().join("out"));
    assert_eq!(p["plan"]["name"], "tiny-no-spare");
    assert_eq!(p["summary"]["hosts_total"], 2);
    // The base's servers and costs are used as they are: same baseline.
    assert!((p["summary"]["baseline_total"].as_f64().unwrap() - 12_926_800.0).abs() < 0.01);
    verify_layout(&s, &p).unwrap();
}

#[test]
fn errors_name_the_file_they_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("inventories/tiny.yaml")).unwrap().replacen(
        "    cores: 4\n",
        "    cores: 0\n",
        1,
    );
    write(dir.path(), "base.yaml", &base);
    let s = write(dir.path(), "scen.yaml", "extends: base.yaml\npolicy: {target_cpu_pct: 170}\n");
    let err = fails(&s);
    assert!(err.contains("scen.yaml:2:") && err.contains("policy.target_cpu_pct"), "{err}");
    assert!(err.contains("base.yaml:") && err.contains("servers[3].cores"), "{err}");
}

#[test]
fn unknown_fields_and_missing_bases_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "typo.yaml", "extend: tiny.yaml\n");
    let err = fails(&s);
    assert!(err.contains("typo.yaml:1:1") && err.contains("unknown field `extend`"), "{err}");
    let s = write(dir.path(), "nobase.yaml", "extends: nowhere.yaml\n");
    let err = fails(&s);
    assert!(
        err.contains("nobase.yaml:1:10") && err.contains("cannot read the base inventory"),
        "{err}"
    );
}

#[test]
fn a_loop_of_extends_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", "extends: b.yaml\n");
    let b = write(dir.path(), "b.yaml", "extends: a.yaml\n");
    let err = fails(&b);
    assert!(err.contains("loop"), "{err}");
}

#[test]
fn sections_missing_everywhere_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "half.yaml", "plan: {name: half}\nzones: [{name: z}]\n");
    let s = write(dir.path(), "top.yaml", "extends: half.yaml\n");
    let err = fails(&s);
    for f in ["host_models", "storage", "costs", "servers"] {
        assert!(err.contains(&format!("missing field `{f}`")), "{err}");
    }
}
