//! The planners' questions (issue 12): `sweep` never gets dearer as a limit is relaxed,
//! `sensitivity` writes its ranking, break-evens and charts, `--samples` is deterministic
//! whatever the thread count, and bad `--set` keys or values are refused with exit code 2,
//! a located message and nothing written.

mod common;

use common::{consolidate, root};
use consolidate::inventory;
use consolidate::whatif::{Base, sweep, uncertainty};
use predicates::prelude::*;
use std::path::Path;

fn base(path: &Path) -> Base {
    Base::new(inventory::load(path).expect("loads")).expect("plans")
}

fn gifu() -> Base {
    base(&root().join("inventories/gifu-2018.yaml"))
}

fn swept(base: &Base, set: &str) -> sweep::Sweep {
    sweep::run(base, &[sweep::parse_set(set).expect("a --set")]).expect("sweeps")
}

/// The plan totals in the order of the values, each never above the one before (the values
/// given from tight to loose).
fn assert_never_dearer(s: &sweep::Sweep) {
    let totals: Vec<f64> = s.rows.iter().map(|r| r.plan_total.expect("a plan")).collect();
    for w in totals.windows(2) {
        assert!(w[1] <= w[0] + 0.5, "{}: plan totals {totals:?} get dearer", s.key);
    }
}

#[test]
fn relaxing_vcpu_per_core_or_the_cpu_target_never_makes_the_sample_dearer() {
    let b = gifu();
    let s = swept(&b, "policy.vcpu_per_core=3,4,5,6");
    assert_eq!(s.rows.len(), 4);
    assert_eq!(s.rows[0].plan_total, Some(b.plan.summary.plan_total), "3 is the sample's value");
    assert_never_dearer(&s);
    let s = swept(&b, "policy.target_cpu_pct=60..80:5");
    let values: Vec<&str> = s.rows.iter().map(|r| r.values[0].as_str()).collect();
    assert_eq!(values, ["60", "65", "70", "75", "80"]);
    assert_never_dearer(&s);
    assert!(s.rows[0].hosts > s.rows[4].hosts, "a looser CPU target needs fewer hosts");
}

/// A generated inventory on which the planner's own search finds a dearer plan when
/// vcpu_per_core is relaxed (the case saved by tests/plan_monotone.rs): the sweep carries the
/// tighter plan over, verified, and stays monotone.
#[test]
fn a_dearer_looser_plan_is_replaced_by_the_verified_tighter_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.yaml");
    std::fs::write(&path, consolidate::plan::generate::inventory_yaml(31, 1, 8762)).unwrap();
    let b = base(&path);
    let s = swept(&b, "policy.vcpu_per_core=3,4");
    assert_never_dearer(&s);
    let looser = &s.rows[1];
    if let Some(from) = &looser.carried_over_from {
        assert_eq!(from, "3");
        assert!(looser.own_plan_total.expect("its own plan") > looser.plan_total.unwrap());
        assert_eq!(s.carried_over, 1);
    }
}

#[test]
fn samples_are_the_same_with_one_thread_or_two() {
    let b = gifu();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| uncertainty::run(&b, 12, 42, Some(230e6)).expect("samples"))
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.effects, two.effects);
    assert_eq!((one.p10, one.p50, one.p90), (two.p10, two.p50, two.p90));
    assert_eq!(one.planned, 12);
    assert!(one.p10 <= one.p50 && one.p50 <= one.p90);
    let other = uncertainty::run(&b, 12, 43, None).expect("samples");
    assert_ne!(one.effects, other.effects, "another seed draws other samples");
}

#[test]
fn sensitivity_writes_the_ranking_break_evens_tornado_and_band() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sens");
    consolidate()
        .arg("sensitivity")
        .arg(root().join("inventories/gifu-2018.yaml"))
        .args(["--target-effect", "230000000", "--samples", "8", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Break-even"));
    for f in [
        "sensitivity.md",
        "sensitivity.csv",
        "sensitivity.json",
        "tornado.png",
        "tornado.svg",
        "uncertainty.csv",
        "uncertainty.png",
        "uncertainty.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    let png = std::fs::read(out.join("tornado.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "tornado.png is a PNG");
    let svg = std::fs::read_to_string(out.join("tornado.svg")).unwrap();
    assert!(svg.contains("servers[*].costs.renewal") && svg.contains("IPAexGothic"));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sensitivity.json")).unwrap())
            .unwrap();
    let base = json["base_effect"].as_f64().unwrap();
    assert!((base - 92_867_369.0).abs() < 1.0, "the sample's effect, {base}");
    let params = json["parameters"].as_array().unwrap();
    assert!(params.len() >= 20, "every parameter the sample has");
    let swing = |p: &serde_json::Value| p["swing"].as_f64().unwrap();
    assert!(params.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])), "ranked by swing");
    for p in params {
        for k in ["parameter", "low", "high", "effect_low", "effect_high"] {
            assert!(p.get(k).is_some(), "{k} in {p}");
        }
        assert!(p["low"].as_f64() <= p["high"].as_f64());
    }
    let names: Vec<&str> = params.iter().map(|p| p["parameter"].as_str().unwrap()).collect();
    for expected in [
        "costs.electricity_per_kwh",
        "costs.pue",
        "policy.vcpu_per_core",
        "host_models[v44c-768g].price",
        "host_models[v44c-768g].annual_maintenance",
        "costs.migration_per_server",
        "growth.overall_pct",
    ] {
        assert!(names.contains(&expected), "{expected} varied");
    }
    // Break-evens: each either found with a bracket whose ends lie on either side of the
    // target, or not reached with the range searched.
    let be = json["break_even"].as_array().unwrap();
    assert!(!be.is_empty());
    for b in be {
        let t = b["target"].as_f64().unwrap();
        if b["found"].as_bool().unwrap() {
            let e = b["effect_at"].as_array().unwrap();
            let (e0, e1) = (e[0].as_f64().unwrap(), e[1].as_f64().unwrap());
            assert!((e0 - t) * (e1 - t) <= 0.0, "the bracket straddles {t}: {b}");
        } else {
            assert!(b["value"].is_null() && b["domain"].is_array());
        }
    }
    let md = std::fs::read_to_string(out.join("sensitivity.md")).unwrap();
    assert!(md.contains("![Tornado chart of the cost effect](tornado.png)"));
    assert!(md.contains("P10") && md.contains("P90"));
    let u = &json["uncertainty"];
    assert!(u["p10"].as_f64() <= u["p50"].as_f64() && u["p50"].as_f64() <= u["p90"].as_f64());
    let csv = std::fs::read_to_string(out.join("uncertainty.csv")).unwrap();
    assert!(csv.starts_with("fy,base,p10,p50,p90\n") && csv.contains("\ntotal,"));
}

#[test]
fn sweep_writes_its_files_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    consolidate()
        .arg("sweep")
        .arg(root().join("inventories/gifu-2018.yaml"))
        .args(["--set", "costs.electricity_per_kwh=18,30", "--lang", "ja", "--out"])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["key"], "costs.electricity_per_kwh");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["value"], 18.0);
    for k in ["value", "hosts", "plan_total", "cost_effect"] {
        assert!(rows[0].get(k).is_some(), "{k}");
    }
    // Dearer power: a smaller saving (the baseline runs more machines than the plan).
    assert!(rows[1]["cost_effect"].as_f64() > rows[0]["cost_effect"].as_f64());
    let md = std::fs::read_to_string(out.join("sweep.md")).unwrap();
    assert!(md.contains("削減効果"), "Japanese labels");
    assert!(std::fs::read(out.join("sweep.png")).unwrap().starts_with(b"\x89PNG"));
    assert!(out.join("sweep.csv").is_file() && out.join("sweep.svg").is_file());
}

#[test]
fn bad_set_keys_and_values_are_refused_with_a_located_message_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let sample = root().join("inventories/gifu-2018.yaml");
    let run = |set: &str| {
        consolidate().arg("sweep").arg(&sample).args(["--set", set, "--out"]).arg(&out).assert()
    };
    run("policy.vcpu_per_cor=3,4").code(2).stderr(
        predicate::str::contains("gifu-2018.yaml")
            .and(predicate::str::contains("policy.vcpu_per_cor"))
            .and(predicate::str::contains("close valid keys: policy.vcpu_per_core")),
    );
    run("host_models[v44c-786g].price=5e6").code(2).stderr(
        predicate::str::contains("no item named `v44c-786g`")
            .and(predicate::str::contains("host_models[v44c-768g]")),
    );
    run("policy=3").code(2).stderr(predicate::str::contains("names a section"));
    // A value out of range: the loader's message, at the line where the field is written.
    run("policy.vcpu_per_core=3,0").code(2).stderr(
        predicate::str::is_match(r"gifu-2018\.yaml:\d+:\d+: policy\.vcpu_per_core: --set policy\.vcpu_per_core=0: expected a number greater than 0, found 0")
            .unwrap(),
    );
    run("policy.spare_hosts=1.5").code(2).stderr(predicate::str::contains("policy.spare_hosts"));
    run("policy.vcpu_per_core").code(2).stderr(predicate::str::contains("expected KEY=V1,V2"));
    run("policy.target_cpu_pct=80..60").code(2);
    assert!(!out.exists(), "nothing written");
    // A sample without an uncertainty section cannot draw samples.
    consolidate()
        .arg("sensitivity")
        .arg(root().join("inventories/tiny.yaml"))
        .args(["--samples", "3", "--out"])
        .arg(dir.path().join("sens"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("uncertainty"));
    assert!(!dir.path().join("sens").exists());
}

/// A variant with no change is the inventory itself: the value tree and the loader keep every
/// field (servers read through `extends` included), so a sweep changes only what it names.
#[test]
fn a_variant_without_changes_is_the_inventory() {
    for sample in [
        "gifu-2018.yaml",
        "mid-size.yaml",
        "tiny.yaml",
        "scenarios/gifu-2018-as-needed.yaml",
        "scenarios/gifu-2018-dense.yaml",
    ] {
        let loaded = inventory::load(&root().join("inventories").join(sample)).expect("loads");
        let mut expected = loaded.inventory.clone();
        expected.uncertainty.clear();
        let b = Base::new(loaded).expect("plans");
        assert_eq!(b.variant(&[]).expect("reads back"), expected, "{sample}");
    }
}

#[test]
fn uncertainty_ranges_are_checked_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("inventories/gifu-2018.yaml")).unwrap();
    let bad = text.replacen(
        "  costs.pue: {low: 1.5, likely: 1.8, high: 2.0}",
        "  costs.pu: {low: 1.5, likely: 1.8, high: 2.0}\n  \
         policy.target_cpu_pct: {low: 50, likely: 65, high: 95}\n  \
         storage.annual_maintenance_per_tb: {low: 30000, likely: 25000, high: 20000}",
        1,
    );
    assert_ne!(bad, text);
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, bad).unwrap();
    consolidate().arg("check").arg(&path).assert().code(2).stderr(
        predicate::str::is_match(
            r"bad\.yaml:\d+:\d+: uncertainty\.costs\.pu: .*close valid keys: costs\.pue",
        )
        .unwrap()
        .and(predicate::str::contains(
            "uncertainty.policy.target_cpu_pct: high 95 gives policy.failover_cpu_pct",
        ))
        .and(predicate::str::contains("expected low ≤ likely ≤ high")),
    );
}

/// A value that is valid but that no plan can meet (too few hosts for N+1) is a row without a
/// plan that says why; the other values are planned.
#[test]
fn a_value_no_plan_can_meet_is_a_row_that_says_why() {
    let b = gifu();
    let s = swept(&b, "zones[lgwan].max_hosts=2,5");
    assert!(s.rows[0].plan_total.is_none() && s.rows[0].hosts.is_none());
    let why = s.rows[0].no_plan.as_deref().expect("a reason");
    assert!(why.contains("max_hosts"), "{why}");
    assert!(s.rows[1].plan_total.is_some() && s.rows[1].no_plan.is_none());
}
