//! Issue 4's capabilities on small inventories whose right answer is worked out by hand in
//! each test. Costs are kept to host prices (no maintenance, power or licences) unless a test
//! is about them, so that every figure is a sum a person can check.

mod common;

use common::*;
use serde_json::Value;

/// An option's hosts of one model, as plan.json writes them.
fn mix(model: &str, count: u32) -> Value {
    serde_json::json!([{"model": model, "count": count}])
}

/// Plans `yaml` (written to a temporary file), checks the plan with the independent verifier,
/// and returns plan.json.
fn plan(name: &str, yaml: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&file, yaml).unwrap();
    let out = plan_ok(&file, &dir.path().join("out"));
    verify_layout(&file, &out).unwrap_or_else(|e| panic!("{name}: {e}"));
    out
}

/// Runs `plan` expecting failure; returns stderr.
fn plan_fails(name: &str, yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&file, yaml).unwrap();
    let a = consolidate().arg("plan").arg(&file).arg("--out").arg(dir.path().join("out")).assert();
    let out = a.get_output();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Header shared by the cases: 5 years from FY2017, refresh FY2018, no running costs.
fn head(name: &str, policy: &str, models: &str) -> String {
    format!(
        "plan: {{name: {name}, first_fy: 2017, years: 5, refresh_fy: 2018}}
zones: [{{name: z}}]
host_models:
{models}
storage: {{price_per_tb: 0}}
policy: {policy}
costs: {{electricity_per_kwh: 0}}
"
    )
}

/// A server line: memory-bound (1 core at 10 %), renewed in `fy`.
fn server(name: &str, memory: u32, fy: i32, extra: &str) -> String {
    format!(
        "  - {{name: {name}, system: s, zone: z, cores: 1, peak_cpu_pct: 10, memory_gb: {memory}, \
         renewal_fy: {fy}, costs: {{renewal: 1000000}}{extra}}}\n"
    )
}

fn hosts(p: &Value, cluster: usize) -> Vec<Value> {
    p["clusters"][cluster]["hosts"].as_array().unwrap().clone()
}

fn models_of(p: &Value, cluster: usize) -> Vec<String> {
    let mut m: Vec<String> =
        hosts(p, cluster).iter().map(|h| h["model"].as_str().unwrap().to_string()).collect();
    m.sort();
    m
}

const FULL: &str = "{target_cpu_pct: 100, target_memory_pct: 100, failover_cpu_pct: 100, \
                    failover_memory_pct: 100, spare_hosts: 1}";

/// Four 50 GB servers. Normal operation alone: one `big` (200 GB, 3.0M) beats two `small`
/// (100 GB, 1.6M each = 3.2M). But N+1 with no headroom: losing the big host puts 200 GB on
/// the spare, which a small spare cannot take, so `big` needs a second big host (6.0M); two
/// small hosts need only a third small one (4.8M). The cheapest plan that survives a host
/// loss is 3 × small; 2 × big is the next best, 1.2M dearer.
#[test]
fn ha_spare_must_match_the_largest_loss_not_the_smallest_model() {
    let models =
        "  - {name: big, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 200, price: 3000000}
  - {name: small, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1600000}";
    let mut y = head("ha", FULL, models);
    y.push_str("servers:\n");
    for i in 0..4 {
        y.push_str(&server(&format!("s{i}"), 50, 2018, ""));
    }
    let p = plan("ha", &y);
    assert_eq!(models_of(&p, 0), vec!["small", "small", "small"]);
    let c = &p["clusters"][0];
    assert_eq!(c["failover"]["survives"], true);
    assert_eq!(c["failover"]["spare_hosts"], 1);
    assert_eq!(c["failover"]["binding_loss"].as_array().unwrap().len(), 1);
    let opts = c["options"].as_array().unwrap();
    assert_eq!(opts[0]["mix"], serde_json::json!([{"model": "small", "count": 3}]));
    assert_eq!(opts[0]["horizon_cost"], 4_800_000.0);
    let big = opts.iter().find(|o| o["mix"] == mix("big", 2)).expect("2× big evaluated");
    assert_eq!(big["horizon_cost"], 6_000_000.0);
    // The planner's note names the binding loss.
    let note = c["sizing_note"].as_array().unwrap();
    let spares = note.iter().find(|f| f["kind"] == "spares").expect("a spares fact");
    assert_eq!(spares["spares"], 1);
    assert_eq!(spares["worst_loss"].as_array().unwrap().len(), 1);
}

/// Memory 80, 80, 80, 20 GB with no spare. A (100 GB, 1.0M) alone: 80 | 80 | 80+20 = 3.0M.
/// B (160 GB, 1.5M) alone: 80+80 | 80+20 = 3.0M. The mix B(80+80) + A(80+20) = 2.5M.
#[test]
fn cheapest_mix_of_host_models_and_the_next_best() {
    let models =
        "  - {name: A, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}
  - {name: B, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 160, price: 1500000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("mix", &policy, models);
    y.push_str("servers:\n");
    for (i, m) in [80, 80, 80, 20].iter().enumerate() {
        y.push_str(&server(&format!("s{i}"), *m, 2018, ""));
    }
    let p = plan("mix", &y);
    assert_eq!(models_of(&p, 0), vec!["A", "B"]);
    let opts = p["clusters"][0]["options"].as_array().unwrap();
    assert_eq!(opts[0]["horizon_cost"], 2_500_000.0);
    assert_eq!(opts[0]["chosen"], true);
    assert_eq!(opts[1]["horizon_cost"], 3_000_000.0, "next best: one model alone");
    assert_eq!(p["summary"]["plan_total"], 2_500_000.0);
}

/// Per-core licences with their minimums are part of a host's price: host `c8` (1 socket × 8
/// cores, 1.0M) and `c32` (2 sockets × 16 cores, 2.0M) with a per-core subscription of 100,000
/// a year and at least 16 cores per socket: c8 is billed for 16 cores (1.6M a year), c32 for
/// 32 (3.2M). Over FY2018–FY2021 (4 years) one c8 costs 1.0 + 4 × 1.6 = 7.4M and one c32
/// 2.0 + 4 × 3.2 = 14.8M. Four servers of 3 cores at 100 % need 2 × c8 (two per host) or
/// 1 × c32: both 14.8M — the per-socket minimum erases the small host's advantage (billed
/// for its 8 real cores, two c8 would cost 2 × (1.0 + 3.2) = 8.4M).
#[test]
fn per_core_licence_minimums_price_the_models() {
    let models =
        "  - {name: c8, sockets: 1, cores: 8, core_perf: 1.0, memory_gb: 64, price: 1000000,
     licences: [{name: hv, per: core, annual: 100000, min_cores_per_socket: 16}]}
  - {name: c32, sockets: 2, cores: 32, core_perf: 1.0, memory_gb: 64, price: 2000000,
     licences: [{name: hv, per: core, annual: 100000, min_cores_per_socket: 16}]}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("lic", &policy, models);
    y.push_str("servers:\n");
    for i in 0..4 {
        y.push_str(&format!(
            "  - {{name: s{i}, system: s, zone: z, cores: 3, peak_cpu_pct: 100, memory_gb: 4, \
             renewal_fy: 2018, costs: {{renewal: 1000000}}}}\n"
        ));
    }
    let p = plan("lic", &y);
    let opts = p["clusters"][0]["options"].as_array().unwrap();
    let c8 = opts.iter().find(|o| o["mix"] == mix("c8", 2)).expect("2× c8");
    let c32 = opts.iter().find(|o| o["mix"] == mix("c32", 1)).expect("1× c32");
    assert_eq!(c8["horizon_cost"], 2.0 * (1_000_000.0 + 4.0 * 1_600_000.0));
    assert_eq!(c32["horizon_cost"], 2_000_000.0 + 4.0 * 3_200_000.0);
}

/// The ICT-BCP minimum environment. Host `h`: 100 GB, price 1.0M, maintenance 0.1M a year,
/// 1,000 W. Electricity 10/kWh. Main site: PUE 2.0, fee 50,000 → power 1000 W × 8.76 h ×
/// 2.0 × 10 = 175,200. BCP site (city hall from FY2021): PUE 1.5, no fee → 131,400; set-up
/// 100,000 per BCP server; sized at 50 %.
/// Main: a, b, c (80 GB) → 3 hosts in FY2018 (no spare): each 1,000,000 + 100,000 + 175,200 +
/// 50,000 = 1,325,200 in FY2018 and 325,200 a year after.
/// BCP: a and b at 50 % = 40 GB each → one host in FY2021: 1,000,000 + 100,000 + 131,400 =
/// 1,231,400, plus set-up 2 × 100,000.
/// Plan FY2021 = 3 × 325,200 + 1,231,400 + 200,000 = 2,407,000.
#[test]
fn bcp_minimum_environment_has_its_own_hosts_and_costs() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000,
     annual_maintenance: 100000, power_w: 1000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("bcp", &policy, models).replace(
        "costs: {electricity_per_kwh: 0}",
        "costs: {electricity_per_kwh: 10, pue: 2.0, datacentre_fee_per_host_year: 50000}",
    );
    y.push_str(
        "bcp: {site: city-hall, from_fy: 2021, sizing_pct: 50, pue: 1.5, \
         datacentre_fee_per_host_year: 0, setup_per_server: 100000}\nservers:\n",
    );
    y.push_str(&server("a", 80, 2018, ", bcp: true"));
    y.push_str(&server("b", 80, 2018, ", bcp: true"));
    y.push_str(&server("c", 80, 2018, ""));
    let p = plan("bcp", &y);
    let clusters = p["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0]["site"], "main");
    assert_eq!(hosts(&p, 0).len(), 3);
    let bcp = &clusters[1];
    assert_eq!(bcp["site"], "city-hall");
    assert_eq!(bcp["name"], "bcp-z");
    let h = hosts(&p, 1);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["bought_fy"], 2021);
    assert_eq!(h[0]["servers"], serde_json::json!(["a", "b"]));
    assert!((h[0]["used"]["memory_gb"].as_f64().unwrap() - 80.0).abs() < 1e-9);
    let fy = |i: usize| p["years"][i]["plan"]["total"].as_f64().unwrap();
    assert!((fy(1) - 3.0 * 1_325_200.0).abs() < 0.01, "FY2018 {}", fy(1));
    assert!((fy(3) - 3.0 * 325_200.0).abs() < 0.01, "FY2020 {}", fy(3));
    assert!((fy(4) - 2_407_000.0).abs() < 0.01, "FY2021 {}", fy(4));
    assert_eq!(p["summary"]["servers_bcp"], 2);
    let rows = p["servers"].as_array().unwrap();
    assert_eq!(rows[0]["bcp_host"], "bcp-z-01");
    assert_eq!(rows[2]["bcp_host"], Value::Null);
}

/// Hosts bought when first needed. Host `h`: 100 GB, 1.0M. a, b (80 GB) move in FY2018:
/// two hosts; d (15 GB) in FY2019 fits the 20 GB left beside a: no purchase; c (30 GB) in
/// FY2020 fits nowhere: a third host in FY2020. Buying everything in the refresh year instead
/// packs 80+15 | 80 | 30: the same three hosts, all paid in FY2018.
#[test]
fn staged_purchases_buy_hosts_in_the_year_first_needed() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("staged", &policy, models)
        .replace("refresh_fy: 2018}", "refresh_fy: 2018, purchase: as-needed}");
    y.push_str("servers:\n");
    y.push_str(&server("a", 80, 2018, ""));
    y.push_str(&server("b", 80, 2018, ""));
    y.push_str(&server("c", 30, 2020, ""));
    y.push_str(&server("d", 15, 2019, ""));
    let p = plan("staged", &y);
    let buys = p["clusters"][0]["purchases"].as_array().unwrap();
    let b: Vec<(i64, i64)> =
        buys.iter().map(|r| (r["fy"].as_i64().unwrap(), r["count"].as_i64().unwrap())).collect();
    assert_eq!(b, vec![(2018, 2), (2020, 1)]);
    let in_service: Vec<i64> = p["yearly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            y["clusters"]
                .as_array()
                .unwrap()
                .first()
                .map_or(0, |c| c["hosts_in_service"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(in_service, vec![0, 2, 2, 3, 3]);
    let hw: Vec<f64> =
        (0..5).map(|i| p["years"][i]["plan"]["hardware"].as_f64().unwrap()).collect();
    assert_eq!(hw, vec![0.0, 2_000_000.0, 0.0, 1_000_000.0, 0.0]);
    // d sits beside a (the host with 20 GB free) from FY2019.
    let fy2019 = &p["yearly"][2]["clusters"][0]["hosts"];
    let with_d = fy2019
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["servers"].as_array().unwrap().contains(&Value::from("d")))
        .unwrap();
    assert!(with_d["servers"].as_array().unwrap().contains(&Value::from("a")));

    // The same inventory bought all at once: three hosts in FY2018.
    let all = plan("refresh", &y.replace(", purchase: as-needed", ""));
    assert_eq!(all["years"][1]["plan"]["hardware"], 3_000_000.0);
    assert_eq!(hosts(&all, 0).len(), 3);
}

/// Demand growth of 10 % a year from FY2017: two 40 GB servers need 44 GB each in FY2018 (one
/// 100 GB host holds both), 48.4 in FY2019 (96.8: still one), 53.24 in FY2020 (106.5: no).
/// Bought as needed: one host in FY2018, a second in FY2020. Bought in the refresh year: sized
/// for FY2021 (58.6 GB each), two hosts in FY2018.
#[test]
fn demand_growth_adds_hosts_when_servers_outgrow_them() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("growth", &policy, models)
        .replace("refresh_fy: 2018}", "refresh_fy: 2018, purchase: as-needed}");
    y.push_str("growth: {overall_pct: 10}\nservers:\n");
    y.push_str(&server("a", 40, 2018, ""));
    y.push_str(&server("b", 40, 2018, ""));
    let p = plan("growth", &y);
    let buys: Vec<i64> = p["clusters"][0]["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["fy"].as_i64().unwrap())
        .collect();
    assert_eq!(buys, vec![2018, 2020]);
    let fy2019 = &p["yearly"][2]["clusters"][0]["hosts"][0];
    assert!((fy2019["used"]["memory_gb"].as_f64().unwrap() - 96.8).abs() < 1e-6);
    let all = plan("growth-refresh", &y.replace(", purchase: as-needed", ""));
    assert_eq!(hosts(&all, 0).len(), 2);
    assert_eq!(all["years"][1]["plan"]["hardware"], 2_000_000.0);
}

/// A day profile busy (75 %) from hour `from` up to `to` (wrapping past midnight when
/// `from > to`), 5 % otherwise.
fn profile(from: usize, to: usize) -> String {
    let v: Vec<String> = (0..24)
        .map(|h| {
            let on = if from <= to { (from..to).contains(&h) } else { h >= from || h < to };
            if on { "75".into() } else { "5".into() }
        })
        .collect();
    format!("[{}]", v.join(", "))
}

/// Time-of-day packing. Host: 10 cores at 1.0, CPU target 100 % → 10 units every hour.
/// Online servers (8 cores) run 75 % from 09:00 to 17:00 (6.0 units) and 5 % otherwise (0.4);
/// batch servers the same at night (22:00–06:00). On peaks every server needs 6.0: one per
/// host, 4 hosts. By the hour, one online and one batch server need 6.4 at any hour: 2 hosts.
#[test]
fn time_of_day_packing_pairs_day_and_night_servers() {
    let models =
        "  - {name: h, sockets: 1, cores: 10, core_perf: 1.0, memory_gb: 1000, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("tod", &policy, models);
    y.push_str("servers:\n");
    for (name, prof) in [
        ("online-1", profile(9, 17)),
        ("online-2", profile(9, 17)),
        ("batch-1", profile(22, 6)),
        ("batch-2", profile(22, 6)),
    ] {
        y.push_str(&format!(
            "  - {{name: {name}, system: s, zone: z, cores: 8, cpu_profile: {prof}, memory_gb: 16, \
             renewal_fy: 2018, costs: {{renewal: 1000000}}}}\n"
        ));
    }
    let p = plan("tod", &y);
    let c = &p["clusters"][0];
    assert_eq!(c["time_of_day"], true);
    assert_eq!(c["peak_sizing_hosts"], 4);
    let h = hosts(&p, 0);
    assert_eq!(h.len(), 2);
    for host in &h {
        let s: Vec<&str> =
            host["servers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(s.len(), 2);
        assert!(
            s.iter().any(|n| n.starts_with("online")) && s.iter().any(|n| n.starts_with("batch")),
            "{s:?}"
        );
        let by_hour = host["cpu_by_hour_pct"].as_array().unwrap();
        assert_eq!(by_hour.len(), 24);
        assert!((by_hour[12].as_f64().unwrap() - 64.0).abs() < 1e-9);
        assert!((host["utilisation_pct"]["cpu"].as_f64().unwrap() - 64.0).abs() < 1e-9);
    }
    let note = c["sizing_note"].as_array().unwrap();
    let tod = note.iter().find(|f| f["kind"] == "time_of_day").expect("a time-of-day fact");
    assert_eq!(tod["peak_hosts"], 4);
}

/// A server that stays physical is not packed and costs the same in both columns (its FY2019
/// renewal of 2.0M appears in both); an affinity group shares one host.
#[test]
fn stay_physical_and_affinity_groups() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("phys", &policy, models);
    y.push_str("servers:\n");
    y.push_str(
        "  - {name: appliance, system: s, zone: z, cores: 4, peak_cpu_pct: 10, memory_gb: 8, \
         renewal_fy: 2019, stay_physical: true, costs: {maintenance: 100000, renewal: 2000000}}\n",
    );
    y.push_str(&server("a1", 40, 2018, ", affinity_group: app"));
    y.push_str(&server("b", 40, 2018, ""));
    y.push_str(&server("a2", 40, 2018, ", affinity_group: app"));
    let p = plan("phys", &y);
    let h = hosts(&p, 0);
    let placed: Vec<String> = h
        .iter()
        .flat_map(|x| {
            x["servers"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string())
        })
        .collect();
    assert!(!placed.contains(&"appliance".to_string()));
    let together =
        h.iter().find(|x| x["servers"].as_array().unwrap().contains(&Value::from("a1"))).unwrap();
    assert!(together["servers"].as_array().unwrap().contains(&Value::from("a2")));
    assert_eq!(h.len(), 2, "a1+a2 (80 GB) on one host, b on another");
    for i in 0..5 {
        let base = &p["years"][i]["baseline"];
        let plan = &p["years"][i]["plan"];
        // The appliance's maintenance is in both columns every year.
        assert!(plan["maintenance"].as_f64().unwrap() >= 100_000.0);
        assert_eq!(base["maintenance"], 100_000.0);
    }
    assert_eq!(p["years"][2]["plan"]["hardware"], 2_000_000.0, "appliance renewal in FY2019");
    assert_eq!(p["summary"]["servers_physical"], 1);
    let ex = p["excluded"].as_array().unwrap();
    assert!(ex.iter().any(|e| e["server"] == "appliance"
        && e["reason"] == serde_json::json!({"kind": "stays_physical"})));
}

/// Why: the binding resource and the bound, in words.
/// Memory 3 × 80 GB = 240 GB on 100 GB hosts: 2.4 hosts' worth → at least 3.
#[test]
fn why_names_the_binding_resource_and_its_bound() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("why", &policy, models);
    y.push_str("servers:\n");
    for i in 0..3 {
        y.push_str(&server(&format!("s{i}"), 80, 2018, ""));
    }
    let p = plan("why", &y);
    let c = &p["clusters"][0];
    assert_eq!(c["binding_resource"], "memory");
    assert_eq!(c["lower_bound_hosts"], 3);
    let note = &c["sizing_note"][0];
    assert_eq!(note["kind"], "resource_bound", "{note}");
    assert_eq!((&note["resource"], &note["model"]), (&"memory".into(), &"h".into()));
    assert_eq!((&note["target"], &note["hosts"]), (&100.0.into(), &3.into()));
    assert!((note["hosts_worth"].as_f64().unwrap() - 2.4).abs() < 1e-9);
    // In words: the binding resource, its hosts' worth of the model at its target.
    let result: consolidate::plan::PlanResult = serde_json::from_value(p.clone()).unwrap();
    let words = consolidate::report::facts::sizing_note(
        consolidate::report::Text::EN,
        &consolidate::report::format::Money::new("JPY"),
        &result.clusters[0],
    );
    assert!(
        words.starts_with(
            "memory: 2.4 hosts' worth of h at 100 % memory target → at least 3 hosts if all were h"
        ),
        "{words}"
    );
    let mem =
        c["resource_needs"].as_array().unwrap().iter().find(|r| r["resource"] == "memory").unwrap();
    assert!((mem["hosts_worth"].as_f64().unwrap() - 2.4).abs() < 1e-9);
    assert!((mem["utilisation_pct"].as_f64().unwrap() - 80.0).abs() < 1e-9);
}

/// When an inventory cannot be planned, the message names the servers and the constraint:
/// three servers that must run apart, N+1, but at most 3 hosts in the zone.
#[test]
fn infeasible_redundancy_group_is_explained() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let mut y = head("apart", FULL, models)
        .replace("zones: [{name: z}]", "zones: [{name: z, max_hosts: 3}]");
    y.push_str("servers:\n");
    for i in 0..3 {
        y.push_str(&server(&format!("db{i}"), 10, 2018, ", redundancy_group: db"));
    }
    let err = plan_fails("apart", &y);
    for part in [
        "cluster z",
        "redundancy group `db` has 3 servers (db0, db1, db2)",
        "at least 4 hosts",
        "max_hosts is 3",
    ] {
        assert!(err.contains(part), "missing `{part}` in {err}");
    }
}

/// A cluster minimum adds hosts beyond what the servers need.
#[test]
fn cluster_minimum_host_count() {
    let models =
        "  - {name: h, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}";
    let policy = FULL.replace("spare_hosts: 1", "spare_hosts: 0");
    let mut y = head("min", &policy, models)
        .replace("zones: [{name: z}]", "zones: [{name: z, min_hosts: 3}]");
    y.push_str("servers:\n");
    y.push_str(&server("s", 10, 2018, ""));
    let p = plan("min", &y);
    let roles: Vec<String> =
        hosts(&p, 0).iter().map(|h| h["role"].as_str().unwrap().to_string()).collect();
    assert_eq!(roles, vec!["active", "minimum", "minimum"]);
}
