//! When no host mix works, the planner's error lists every option of host models it tried with
//! the reason each failed (not only the last one), and each reason carries the servers and the
//! inventory field that states the constraint (issue 11, part 6).

use consolidate::commands::plan::planner_engine;
use consolidate::inventory;
use consolidate::pack::PackOptions;
use consolidate::plan::infeasible::Infeasibility;
use consolidate::plan::{self, PlanError};
use std::path::Path;

const HEAD: &str = "plan: {name: v, first_fy: 2017, years: 5, refresh_fy: 2018}
zones: [{name: z, max_hosts: 3}]
host_models:
  - {name: small, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 100, price: 1000000}
  - {name: big, sockets: 1, cores: 16, core_perf: 1.0, memory_gb: 200, price: 1500000}
storage: {price_per_tb: 0}
policy: {target_cpu_pct: 100, target_memory_pct: 100, failover_cpu_pct: 100, failover_memory_pct: 100, spare_hosts: 1}
costs: {electricity_per_kwh: 0}
servers:
";

fn server(name: &str, mem: u32, extra: &str) -> String {
    format!(
        "  - {{name: {name}, system: s, zone: z, cores: 1, peak_cpu_pct: 10, memory_gb: {mem}, \
         renewal_fy: 2018, costs: {{renewal: 1}}{extra}}}\n"
    )
}

fn failures(inv: &inventory::Inventory) -> Vec<consolidate::plan::infeasible::OptionFailure> {
    match plan::plan(inv, &planner_engine(), &PackOptions::default()) {
        Err(PlanError::Infeasible { cluster, zone, bcp, failures }) => {
            assert_eq!((cluster.as_str(), zone.as_str(), bcp), ("z", "z", false));
            failures
        }
        other => panic!("expected an infeasible cluster, got {other:?}"),
    }
}

/// `small` alone cannot take the 150 GB server; `big` alone and the mix need 3 active hosts
/// for 510 GB and a spare, one more than max_hosts: each option is reported with its reason.
#[test]
fn every_failing_option_is_reported_with_its_own_reason() {
    let mut y = HEAD.to_string();
    y.push_str(&server("large", 150, ""));
    for i in 0..4 {
        y.push_str(&server(&format!("s{i}"), 90, ""));
    }
    let loaded = inventory::parse(Path::new("case.yaml"), &y).expect("the loader accepts it");
    let all = failures(&loaded.inventory);
    let options: Vec<String> = all.iter().map(|f| f.models.join(" + ")).collect();
    for o in ["small", "big", "small + big"] {
        assert!(options.iter().any(|x| x == o), "option {o} missing from {all:#?}");
    }
    let small = all.iter().find(|f| f.models == ["small"]).unwrap();
    match &small.reason {
        Infeasibility::TooLargeForModels { servers, models, .. } => {
            assert_eq!(servers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["large"]);
            assert_eq!(models, &["small"]);
            assert_eq!(small.reason.field(Some(0), false), "servers[0]");
        }
        other => panic!("small: {other:?}"),
    }
    let big = all.iter().find(|f| f.models == ["big"]).unwrap();
    match &big.reason {
        Infeasibility::AboveMaxHosts { hosts, spares, max_hosts, active, .. } => {
            assert_eq!((*hosts, *spares, *max_hosts), (4, 1, 3));
            assert_eq!(active.iter().map(Vec::len).sum::<usize>(), 5, "{active:?}");
            assert_eq!(big.reason.field(Some(0), false), "zones[0].max_hosts");
        }
        other => panic!("big: {other:?}"),
    }
    // The message says it all in one place.
    let text = plan::plan(&loaded.inventory, &planner_engine(), &PackOptions::default())
        .unwrap_err()
        .to_string();
    assert!(text.starts_with("cluster z: no option of host models can carry it: "), "{text}");
    assert!(text.contains("host model small: server large needs"), "{text}");
    assert!(text.contains("host model big: needs 4 hosts"), "{text}");
}

/// A redundancy group larger than max_hosts leaves room for (the loader refuses it first; the
/// planner, given such an inventory directly, names the group, its servers and the field).
#[test]
fn a_redundancy_group_the_host_limit_cannot_keep_apart_is_named() {
    let mut y = HEAD.replace("max_hosts: 3", "max_hosts: 4");
    for i in 0..3 {
        y.push_str(&server(&format!("ap{i}"), 10, ", redundancy_group: ap"));
    }
    let mut inv = inventory::parse(Path::new("case.yaml"), &y).expect("4 hosts allowed").inventory;
    inv.zones[0].max_hosts = Some(3);
    let all = failures(&inv);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].models.is_empty(), "before any option is tried");
    match &all[0].reason {
        Infeasibility::RedundancyGroup { group, servers, needed, max_hosts, .. } => {
            assert_eq!((group.as_str(), *needed, *max_hosts), ("ap", 4, 3));
            let names: Vec<&str> = servers.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(names, ["ap0", "ap1", "ap2"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(all[0].reason.field(Some(0), false), "servers[0].redundancy_group");
}
