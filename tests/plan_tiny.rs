//! The tiny inventory's five-year figures, computed by hand.
//!
//! Inventory: inventories/tiny.yaml. One zone, one host model, four in-scope servers and one
//! hospital server that is out of scope (in neither column).
//!
//! Power: 1 W for a year = 8760 h × 1.5 PUE × 20 yen/kWh / 1000 = 262.8 yen.
//!   ap-1, ap-2: 300 W → 78,840; db-1: 400 W → 105,120; file-1: 200 W → 52,560;
//!   host std-16c: 500 W → 131,400.
//!
//! Baseline (first plan continued), running cost every year for the four servers:
//!   maintenance 100,000 + 100,000 + 150,000 + 50,000      = 400,000
//!   OS licences  20,000 +  20,000 +  20,000 + 10,000      =  70,000
//!   power        78,840 × 2 + 105,120 + 52,560            = 315,360
//!   data centre  4 × 100,000                              = 400,000
//!   running                                               = 1,185,360
//! renewals: FY2017 file-1 1,000,000; FY2018 ap-1 + ap-2 3,000,000; FY2019 db-1 3,000,000.
//!   FY2017 2,185,360  FY2018 4,185,360  FY2019 4,185,360  FY2020 1,185,360  FY2021 1,185,360
//!   five years: 5 × 1,185,360 + 7,000,000 = 12,926,800
//!
//! Layout: demand is tiny (CPU 13.6 of 22.4 usable on one host), but ap-1 and ap-2 form a
//! redundancy group: two hosts; and losing the host of one of them must not restart it next
//! to the other: a third host. So 3 × std-16c bought in FY2018.
//!   one host in FY2018: 2,000,000 + Windows DC 16 cores × 10,000 = 160,000 + maintenance
//!     200,000 + power 131,400 + data centre 100,000 = 2,591,400; later years 431,400.
//!   storage: (200 + 200 + 1000 + 2000) GB / 1000 / 0.8 fill = 4.25 TB → 425,000 in FY2018,
//!     42,500 maintenance every year from FY2018.
//! Moves: file-1 (due FY2017) runs its old hardware until FY2018; ap-1, ap-2 move in FY2018;
//!   db-1 in FY2019. Migration 200,000 per server in its move year.
//! Plan:
//!   FY2017: the four servers' running cost                                1,185,360
//!   FY2018: hosts 3 × 2,591,400 = 7,774,200 + storage 425,000 + 42,500
//!           + db-1 running (150,000 + 20,000 + 105,120 + 100,000 = 375,120)
//!           + migration 3 × 200,000 + security item 300,000              9,516,820
//!   FY2019: hosts 3 × 431,400 = 1,294,200 + storage 42,500 + migration 200,000   1,536,700
//!   FY2020, FY2021: 1,294,200 + 42,500                                   1,336,700 each
//!   five years: 14,912,280.  Cost effect: 12,926,800 − 14,912,280 = −1,985,480 (a handful
//!   of servers does not pay for three hosts: consolidation pays at scale).

mod common;

use common::*;

fn close(a: &serde_json::Value, b: f64) {
    let a = a.as_f64().expect("a number");
    assert!((a - b).abs() < 0.01, "{a} != {b}");
}

#[test]
fn tiny_five_year_figures_match_the_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    let inv = root().join("inventories/tiny.yaml");
    let plan = plan_ok(&inv, dir.path());

    close(&plan["summary"]["baseline_total"], 12_926_800.0);
    close(&plan["summary"]["plan_total"], 14_912_280.0);
    close(&plan["summary"]["cost_effect"], -1_985_480.0);
    assert_eq!(plan["summary"]["servers_in_scope"], 4);
    assert_eq!(plan["summary"]["servers_excluded"], 1);
    assert_eq!(plan["summary"]["hosts_total"], 3);

    let baseline = [2_185_360.0, 4_185_360.0, 4_185_360.0, 1_185_360.0, 1_185_360.0];
    let planned = [1_185_360.0, 9_516_820.0, 1_536_700.0, 1_336_700.0, 1_336_700.0];
    let years = plan["years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    for (i, y) in years.iter().enumerate() {
        assert_eq!(y["fy"], 2017 + i as i64);
        close(&y["baseline"]["total"], baseline[i]);
        close(&y["plan"]["total"], planned[i]);
    }
    // Category detail of FY2018 plan.
    let p18 = &years[1]["plan"];
    close(&p18["hardware"], 3.0 * 2_000_000.0 + 425_000.0);
    close(&p18["licences"], 3.0 * 160_000.0 + 20_000.0);
    close(&p18["migration"], 600_000.0);
    close(&p18["extra"], 300_000.0);
    close(&p18["power"], 3.0 * 131_400.0 + 105_120.0);

    verify_layout(&inv, &plan).unwrap();
    let excluded = plan["excluded"].as_array().unwrap();
    assert_eq!(excluded[0]["server"], "hosp-1");
}

/// The verifier itself must catch broken layouts, or the checks above prove nothing.
#[test]
fn the_independent_verifier_rejects_broken_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let inv = root().join("inventories/tiny.yaml");
    let plan = plan_ok(&inv, dir.path());
    let hosts = |p: &mut serde_json::Value| -> Vec<serde_json::Value> {
        p["clusters"][0]["hosts"].as_array().unwrap().clone()
    };

    // Redundancy partners on one host.
    let mut p = plan.clone();
    let h = hosts(&mut p);
    let mut all: Vec<serde_json::Value> = Vec::new();
    for host in &h {
        all.extend(host["servers"].as_array().unwrap().iter().cloned());
    }
    p["clusters"][0]["hosts"][0]["servers"] = serde_json::Value::Array(all);
    for i in 1..h.len() {
        p["clusters"][0]["hosts"][i]["servers"] = serde_json::json!([]);
    }
    let e = verify_layout(&inv, &p).unwrap_err();
    assert!(e.contains("redundancy group"), "{e}");

    // Without the spare host a single loss is not absorbed.
    let mut p = plan.clone();
    let mut h = hosts(&mut p);
    h.retain(|x| !x["spare"].as_bool().unwrap());
    p["clusters"][0]["hosts"] = serde_json::Value::Array(h);
    let e = verify_layout(&inv, &p).unwrap_err();
    assert!(e.contains("cannot be absorbed"), "{e}");

    // A server missing.
    let mut p = plan.clone();
    p["clusters"][0]["hosts"][0]["servers"] = serde_json::json!([]);
    assert!(verify_layout(&inv, &p).is_err());

    // An out-of-scope server placed.
    let mut p = plan;
    p["clusters"][0]["hosts"][2]["servers"] = serde_json::json!(["hosp-1"]);
    let e = verify_layout(&inv, &p).unwrap_err();
    assert!(e.contains("out of scope"), "{e}");
}
