//! Plan results built by hand for the report tests: no planner involved.

#![allow(dead_code)]

use consolidate::plan::{
    Cluster, Costs, Excluded, ExtraRow, Failover, Host, ModelOption, PlanMeta, PlanResult,
    Resources, ServerRow, Summary, YearCosts,
};

fn res(cpu: f64, vcpu: f64, memory_gb: f64) -> Resources {
    Resources { cpu, vcpu, memory_gb }
}

/// A host with `servers`, each using `per_server`, of a model with `capacity`, at 80 % target.
fn host(
    name: &str,
    model: &str,
    spare: bool,
    servers: &[&str],
    used: Resources,
    capacity: Resources,
) -> Host {
    let target = 0.8;
    let limit = res(capacity.cpu * target, capacity.vcpu * target, capacity.memory_gb * target);
    Host {
        name: name.into(),
        model: model.into(),
        spare,
        role: if spare { "spare" } else { "active" }.into(),
        bought_fy: 2018,
        cpu_by_hour_pct: None,
        servers: servers.iter().map(|s| s.to_string()).collect(),
        capacity,
        limit,
        used,
        utilisation_pct: used.percent_of(&capacity),
    }
}

fn server(
    name: &str,
    system: &str,
    zone: &str,
    host: Option<&str>,
    demand: Resources,
) -> ServerRow {
    ServerRow {
        name: name.into(),
        system: system.into(),
        zone: zone.into(),
        org: "city".into(),
        in_scope: host.is_some(),
        host: host.map(String::from),
        bcp_host: None,
        stays_physical: false,
        affinity_group: None,
        move_fy: host.map(|_| 2018),
        demand,
        storage_gb: 500.0,
        redundancy_group: None,
        bcp: false,
    }
}

fn costs(
    hardware: f64,
    maintenance: f64,
    licences: f64,
    power: f64,
    datacentre: f64,
    migration: f64,
    extra: f64,
) -> Costs {
    Costs { hardware, maintenance, licences, power, datacentre, migration, extra, total: 0.0 }
        .with_total()
}

/// Cluster totals from its hosts.
fn cluster(name: &str, hosts: Vec<Host>, failover: Failover, options: Vec<ModelOption>) -> Cluster {
    let sum =
        |f: fn(&Host) -> Resources| hosts.iter().fold(Resources::default(), |a, h| a.add(&f(h)));
    Cluster {
        name: name.into(),
        zone: name.into(),
        site: "main".into(),
        time_of_day: false,
        peak_sizing_hosts: None,
        purchases: Vec::new(),
        resource_needs: Vec::new(),
        policy: consolidate::inventory::Policy::default(),
        lower_bound_reason: "memory".into(),
        servers: hosts.iter().map(|h| h.servers.len()).sum(),
        purchase_fy: 2018,
        demand: sum(|h| h.used),
        capacity: sum(|h| h.capacity),
        usable: sum(|h| h.limit),
        binding_resource: "memory".into(),
        sizing_note: format!("Memory needs {} hosts at 80 % target utilisation.", hosts.len()),
        lower_bound_hosts: hosts.iter().filter(|h| !h.spare).count() as u64,
        proven_optimal: true,
        method: "first-fit decreasing".into(),
        failover,
        storage_tb: 12.5,
        options,
        hosts,
    }
}

/// Years with cumulative figures and a summary consistent with them.
fn years_and_summary(pairs: Vec<(i32, Costs, Costs)>) -> (Vec<YearCosts>, f64, f64) {
    let (mut cb, mut cp) = (0.0, 0.0);
    let years: Vec<YearCosts> = pairs
        .into_iter()
        .map(|(fy, baseline, plan)| {
            cb += baseline.total;
            cp += plan.total;
            YearCosts {
                fy,
                baseline,
                plan,
                effect: baseline.total - plan.total,
                baseline_cumulative: cb,
                plan_cumulative: cp,
            }
        })
        .collect();
    (years, cb, cp)
}

/// Two clusters (one with a spare host), five fiscal years, one excluded server.
pub fn small() -> PlanResult {
    let std = res(32.0, 128.0, 512.0);
    let big = res(64.0, 256.0, 1024.0);
    let mn = cluster(
        "my-number",
        vec![
            host(
                "my-number-01",
                "std-32c",
                false,
                &["mn-ap-01", "mn-db-01"],
                res(18.5, 72.0, 380.0),
                std,
            ),
            host(
                "my-number-02",
                "std-32c",
                false,
                &["mn-ap-02", "mn_batch_01"],
                res(12.25, 40.0, 300.0),
                std,
            ),
            host("my-number-03", "std-32c", true, &[], Resources::default(), std),
        ],
        Failover {
            required: 1,
            survives: true,
            spare_hosts: 1,
            binding_loss: vec!["my-number-01".into()],
            worst_utilisation_pct: res(57.8, 56.3, 74.2),
            worst_host: None,
            binding_moves: vec![
                ("mn-ap-01".into(), "my-number-03".into()),
                ("mn-db-01".into(), "my-number-03".into()),
            ],
        },
        vec![
            ModelOption {
                description: "3× std-32c".into(),
                hosts: 3,
                horizon_cost: 21_000_000.0,
                chosen: true,
            },
            ModelOption {
                description: "2× big-64c".into(),
                hosts: 2,
                horizon_cost: 24_500_000.0,
                chosen: false,
            },
        ],
    );
    let lg = cluster(
        "lgwan",
        vec![
            host(
                "lgwan-01",
                "big-64c",
                false,
                &["lg-web-01", "lg-file-01"],
                res(40.0, 150.0, 700.0),
                big,
            ),
            host("lgwan-02", "std-32c", false, &["lg-ap-01"], res(9.0, 24.0, 200.0), std),
        ],
        Failover {
            required: 0,
            survives: true,
            spare_hosts: 0,
            binding_loss: vec![],
            worst_utilisation_pct: Resources::default(),
            worst_host: None,
            binding_moves: vec![],
        },
        vec![ModelOption {
            description: "1× big-64c, 1× std-32c".into(),
            hosts: 2,
            horizon_cost: 19_800_000.0,
            chosen: true,
        }],
    );
    let (years, baseline_total, plan_total) = years_and_summary(vec![
        (
            2017,
            costs(12_000_000.0, 3_000_000.0, 800_000.0, 1_200_000.0, 900_000.0, 0.0, 0.0),
            costs(12_000_000.0, 3_000_000.0, 800_000.0, 1_200_000.0, 900_000.0, 0.0, 0.0),
        ),
        (
            2018,
            costs(45_000_000.0, 3_500_000.0, 900_000.0, 1_250_000.0, 950_000.0, 0.0, 0.0),
            costs(
                30_500_000.0,
                1_200_000.0,
                1_500_000.0,
                600_000.0,
                400_000.0,
                2_800_000.0,
                5_000_000.0,
            ),
        ),
        (
            2019,
            costs(8_000_000.0, 4_100_000.0, 950_000.0, 1_250_000.0, 950_000.0, 0.0, 0.0),
            costs(0.0, 2_400_000.0, 1_500_000.0, 600_000.0, 400_000.0, 400_000.0, 1_000_000.0),
        ),
        (
            2020,
            costs(6_500_000.0, 4_300_000.0, 950_000.0, 1_250_000.0, 950_000.0, 0.0, 0.0),
            costs(0.0, 2_400_000.0, 1_500_000.0, 600_000.0, 400_000.0, 300_000.0, 1_000_000.0),
        ),
        (
            2021,
            costs(0.0, 4_300_000.0, 950_000.0, 1_250_000.5, 950_000.0, 0.0, 0.0),
            costs(0.0, 2_400_000.0, 1_500_000.0, 600_000.25, 400_000.0, 0.0, 1_000_000.0),
        ),
    ]);
    let cost_effect = baseline_total - plan_total;
    let servers = vec![
        server(
            "mn-ap-01",
            "Resident records AP",
            "my-number",
            Some("my-number-01"),
            res(8.0, 32.0, 128.0),
        ),
        server(
            "mn-db-01",
            "Resident records DB",
            "my-number",
            Some("my-number-01"),
            res(10.5, 40.0, 252.0),
        ),
        server("mn-ap-02", "Tax AP", "my-number", Some("my-number-02"), res(6.25, 24.0, 200.0)),
        server(
            "mn_batch_01",
            "Tax batch",
            "my-number",
            Some("my-number-02"),
            res(6.0, 16.0, 100.0),
        ),
        server(
            "lg-web-01",
            "LGWAN portal <web>",
            "lgwan",
            Some("lgwan-01"),
            res(20.0, 70.0, 300.0),
        ),
        server("lg-file-01", "File server", "lgwan", Some("lgwan-01"), res(20.0, 80.0, 400.0)),
        server("lg-ap-01", "Groupware", "lgwan", Some("lgwan-02"), res(9.0, 24.0, 200.0)),
        ServerRow {
            org: "hospital".into(),
            ..server("hp-db-01", "Hospital records", "lgwan", None, res(4.0, 8.0, 64.0))
        },
    ];
    PlanResult {
        plan: PlanMeta {
            name: "fixture".into(),
            title: "Fixture plan: two clusters & one spare".into(),
            currency: "JPY".into(),
            first_fy: 2017,
            years: 5,
            refresh_fy: 2018,
            packer: "ffd".into(),
        },
        yearly: Vec::new(),
        summary: Summary {
            servers_physical: 0,
            servers_bcp: 0,
            servers_total: 8,
            servers_in_scope: 7,
            servers_virtualised: 7,
            servers_excluded: 1,
            hosts_total: 5,
            baseline_total,
            plan_total,
            cost_effect,
            cost_effect_pct: cost_effect / baseline_total * 100.0,
        },
        clusters: vec![mn, lg],
        years,
        servers,
        excluded: vec![Excluded {
            server: "hp-db-01".into(),
            reason: "organisation hospital is out of scope".into(),
        }],
        extra_items: vec![
            ExtraRow {
                name: "Security measures".into(),
                applies_to: "plan".into(),
                years: vec![2018],
                amount: 4_000_000.0,
                note: Some("three-layer model".into()),
            },
            ExtraRow {
                name: "ICT-BCP environment".into(),
                applies_to: "plan".into(),
                years: vec![2018, 2019, 2020, 2021],
                amount: 1_000_000.0,
                note: None,
            },
        ],
        assumptions: vec![
            "Prices exclude consumption tax.".into(),
            "Power at 20 yen/kWh, PUE 1.8.".into(),
        ],
    }
}

/// A plan with `clusters` clusters of `hosts_per_cluster` hosts each (the last host of each
/// cluster a spare), for checking that charts stay readable with many hosts.
pub fn large(clusters: usize, hosts_per_cluster: usize) -> PlanResult {
    let mut r = small();
    let zones = ["my-number", "lgwan", "internet", "bcp-site", "extra"];
    let cap = res(48.0, 192.0, 768.0);
    r.clusters = (0..clusters)
        .map(|c| {
            let zone = zones[c % zones.len()];
            let hosts = (0..hosts_per_cluster)
                .map(|i| {
                    let spare = i + 1 == hosts_per_cluster;
                    let f = 0.35 + 0.4 * (((i * 7 + c * 3) % 10) as f64 / 10.0);
                    let used = if spare {
                        Resources::default()
                    } else {
                        res(cap.cpu * f, cap.vcpu * (f * 0.9), cap.memory_gb * (1.15 - f).min(0.79))
                    };
                    let names: Vec<String> = if spare {
                        vec![]
                    } else {
                        (0..6).map(|k| format!("{zone}-srv-{i:02}-{k}")).collect()
                    };
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    host(&format!("{zone}-{:02}", i + 1), "std-48c", spare, &refs, used, cap)
                })
                .collect();
            let mut cl =
                cluster(zone, hosts, r.clusters[0].failover.clone(), r.clusters[0].options.clone());
            cl.zone = zone.into();
            cl
        })
        .collect();
    r.summary.hosts_total = clusters * hosts_per_cluster;
    r
}

/// A plan with nothing in it: no clusters, years, servers.
pub fn empty() -> PlanResult {
    let mut r = small();
    r.clusters.clear();
    r.years.clear();
    r.servers.clear();
    r.excluded.clear();
    r.extra_items.clear();
    r.assumptions.clear();
    r.summary = Summary {
        servers_physical: 0,
        servers_bcp: 0,
        servers_total: 0,
        servers_in_scope: 0,
        servers_virtualised: 0,
        servers_excluded: 0,
        hosts_total: 0,
        baseline_total: 0.0,
        plan_total: 0.0,
        cost_effect: 0.0,
        cost_effect_pct: 0.0,
    };
    r
}
