//! The independent plan verifier must reject plans that break any constraint of issue 4, or
//! the property tests that rely on it prove nothing. Each case plans a small inventory, breaks
//! one thing in the result, and expects the verifier to name it.

use consolidate::inventory;
use consolidate::pack::{FirstFitDecreasing, PackOptions};
use consolidate::plan::{self, PlanResult};
use std::path::Path;

fn planned(yaml: &str) -> (inventory::Inventory, PlanResult) {
    let loaded = inventory::parse(Path::new("case.yaml"), yaml).expect("valid inventory");
    let r = plan::plan(&loaded.inventory, &FirstFitDecreasing, &PackOptions::default()).unwrap();
    assert!(plan::verify::verify(&loaded.inventory, &r).is_empty(), "sound plan to start from");
    (loaded.inventory, r)
}

fn rejects(inv: &inventory::Inventory, r: &PlanResult, needle: &str) {
    let errors = plan::verify::verify(inv, r);
    assert!(
        errors.iter().any(|e| e.to_string().contains(needle)),
        "expected `{needle}` in {errors:#?}"
    );
}

const BASE: &str = "plan: {name: v, first_fy: 2017, years: 5, refresh_fy: 2018}
zones: [{name: z}]
host_models:
  - {name: h, sockets: 1, cores: 10, core_perf: 1.0, memory_gb: 100, price: 1000000}
storage: {price_per_tb: 0}
policy: {target_cpu_pct: 100, target_memory_pct: 100, failover_cpu_pct: 100, failover_memory_pct: 100, spare_hosts: 0}
costs: {electricity_per_kwh: 0}
";

fn server(name: &str, mem: u32, fy: i32, extra: &str) -> String {
    format!(
        "  - {{name: {name}, system: s, zone: z, cores: 1, peak_cpu_pct: 10, memory_gb: {mem}, \
         renewal_fy: {fy}, costs: {{renewal: 1}}{extra}}}\n"
    )
}

#[test]
fn rejects_an_hour_over_capacity() {
    let day = |from: usize, to: usize| -> String {
        let v: Vec<&str> =
            (0..24).map(|h| if (from..to).contains(&h) { "75" } else { "5" }).collect();
        format!("[{}]", v.join(", "))
    };
    let mut y = format!("{BASE}servers:\n");
    for (n, p) in [("on", day(9, 17)), ("off", day(0, 8)), ("on2", day(9, 17))] {
        y.push_str(&format!(
            "  - {{name: {n}, system: s, zone: z, cores: 8, cpu_profile: {p}, memory_gb: 10, \
             renewal_fy: 2018, costs: {{renewal: 1}}}}\n"
        ));
    }
    let (inv, mut r) = planned(&y);
    // Put both day servers on one host: 6.0 + 6.0 at noon > 10.
    let all: Vec<String> = r.clusters[0].hosts.iter().flat_map(|h| h.servers.clone()).collect();
    for h in &mut r.clusters[0].hosts {
        h.servers.clear();
    }
    r.clusters[0].hosts[0].servers = all;
    rejects(&inv, &r, "over its target limit");
    // The violation is typed: which layout, host and dimensions (hours 9–16 of the CPU).
    let over = plan::verify::verify(&inv, &r).into_iter().find_map(|v| match v {
        plan::verify::Violation::OverLimit { when, host, dims, .. } => Some((when, host, dims)),
        _ => None,
    });
    let (when, host, dims) = over.expect("an OverLimit violation");
    assert_eq!((when, host), (plan::verify::When::Final, 0));
    assert!(dims.contains(&12) && !dims.contains(&3), "{dims:?}");
}

#[test]
fn rejects_a_missing_bcp_copy() {
    let mut y = format!("{BASE}bcp: {{site: hall, from_fy: 2021}}\nservers:\n");
    y.push_str(&server("a", 50, 2018, ", bcp: true"));
    let (inv, mut r) = planned(&y);
    assert_eq!(r.clusters.len(), 2);
    r.clusters.pop();
    rejects(&inv, &r, "BCP placement");
}

#[test]
fn rejects_a_host_used_before_it_is_bought() {
    let mut y = format!("{BASE}servers:\n")
        .replace("refresh_fy: 2018}", "refresh_fy: 2018, purchase: as-needed}");
    y.push_str(&server("a", 80, 2018, ""));
    y.push_str(&server("b", 80, 2020, ""));
    let (inv, mut r) = planned(&y);
    let last = r.clusters[0].hosts.len() - 1;
    r.clusters[0].hosts[last].bought_fy = 2021;
    rejects(&inv, &r, "not bought yet");
}

#[test]
fn rejects_a_server_listed_before_it_moves() {
    let mut y = format!("{BASE}servers:\n");
    y.push_str(&server("a", 30, 2018, ""));
    y.push_str(&server("b", 30, 2020, ""));
    let (inv, mut r) = planned(&y);
    // FY2018's layout shows b, which only moves in FY2020.
    let fy2018 = r.yearly.iter_mut().find(|y| y.fy == 2018).unwrap();
    fy2018.clusters[0].hosts[0].servers.push("b".into());
    rejects(&inv, &r, "has not moved");
}

#[test]
fn rejects_a_split_affinity_group() {
    let mut y = format!("{BASE}servers:\n");
    y.push_str(&server("a1", 30, 2018, ", affinity_group: g"));
    y.push_str(&server("a2", 30, 2018, ", affinity_group: g"));
    y.push_str(&server("b", 60, 2018, ""));
    let (inv, mut r) = planned(&y);
    let hosts = &mut r.clusters[0].hosts;
    let from = hosts.iter().position(|h| h.servers.contains(&"a2".to_string())).unwrap();
    let to = (from + 1) % hosts.len();
    hosts[from].servers.retain(|s| s != "a2");
    hosts[to].servers.push("a2".into());
    rejects(&inv, &r, "affinity group g split");
}

#[test]
fn rejects_a_physical_server_on_a_host() {
    let mut y = format!("{BASE}servers:\n");
    y.push_str(&server("p", 10, 2018, ", stay_physical: true"));
    y.push_str(&server("a", 10, 2018, ""));
    let (inv, mut r) = planned(&y);
    r.clusters[0].hosts[0].servers.push("p".into());
    rejects(&inv, &r, "staying physical");
}

#[test]
fn rejects_a_disallowed_model_and_too_many_hosts() {
    let y = format!("{BASE}servers:\n{}", server("a", 10, 2018, ""))
        .replace("zones: [{name: z}]", "zones: [{name: z, host_models: [h], max_hosts: 1}]")
        .replace(
            "host_models:\n",
            "host_models:\n  - {name: other, sockets: 1, cores: 10, core_perf: 1.0, memory_gb: 100, price: 1}\n",
        );
    let (inv, mut r) = planned(&y);
    r.clusters[0].hosts[0].model = "other".into();
    rejects(&inv, &r, "not allowed");
    let extra = r.clusters[0].hosts[0].clone();
    r.clusters[0].hosts.push(extra);
    rejects(&inv, &r, "maximum 1");
}

#[test]
fn rejects_a_layout_that_cannot_absorb_a_loss_with_growth() {
    // Two 45 GB servers, 10 % growth, N+1: they grow to 65.9 GB by FY2021. A layout with one
    // of them per host and no spare cannot absorb a loss (131.8 > 100).
    let y = format!(
        "{BASE}growth: {{overall_pct: 10}}\nservers:\n{}{}",
        server("a", 45, 2018, ""),
        server("b", 45, 2018, "")
    )
    .replace("spare_hosts: 0", "spare_hosts: 1");
    let (inv, mut r) = planned(&y);
    r.clusters[0].hosts.retain(|h| !h.servers.is_empty());
    for y in &mut r.yearly {
        for c in &mut y.clusters {
            c.hosts.retain(|h| !h.servers.is_empty());
        }
    }
    rejects(&inv, &r, "cannot be absorbed");
}
