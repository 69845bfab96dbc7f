//! Plan results built by hand for the report tests: no planner involved.

#![allow(dead_code)]

pub mod unzip;

use consolidate::inventory::Policy;
use consolidate::plan::{
    Assumption, BomKind, BomLine, BomUnit, Cluster, Costs, ExcludeReason, Excluded, ExtraRow,
    Failover, Host, HostRole, LowerBoundReason, Method, ModelCount, ModelOption, PlanMeta,
    PlanResult, PurchaseRow, ResourceNeed, Resources, ServerRow, SizingFact, Summary, YearCluster,
    YearCosts, YearHost, YearLayout,
};

fn mc(model: &str, count: u32) -> ModelCount {
    ModelCount { model: model.into(), count }
}

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
        role: if spare { HostRole::Spare } else { HostRole::Active },
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
        bcp_demand: None,
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
        peak_sizing_cost: None,
        horizon_cost: hosts.len() as f64 * 5_000_000.0,
        purchases: Vec::new(),
        resource_needs: Vec::new(),
        policy: Policy {
            vcpu_per_core: 4.0,
            memory_overcommit: 1.0,
            target_cpu_pct: 80.0,
            target_memory_pct: 80.0,
            failover_cpu_pct: 100.0,
            failover_memory_pct: 100.0,
            spare_hosts: failover.required,
        },
        lower_bound_reason: LowerBoundReason::MixSearch,
        servers: hosts.iter().map(|h| h.servers.len()).sum(),
        purchase_fy: 2018,
        demand: sum(|h| h.used),
        capacity: sum(|h| h.capacity),
        usable: sum(|h| h.limit),
        binding_resource: "memory".into(),
        sizing_note: vec![
            SizingFact::ResourceBound {
                resource: "memory".into(),
                hosts_worth: hosts.len() as f64 - 0.5,
                model: hosts.first().map_or(String::new(), |h| h.model.clone()),
                target: 80.0,
                hosts: hosts.len() as u64,
            },
            SizingFact::ActiveHosts { hosts: hosts.iter().filter(|h| !h.spare).count() },
            SizingFact::NoCostBound,
        ],
        lower_bound_hosts: hosts.iter().filter(|h| !h.spare).count() as u64,
        proven_optimal: true,
        method: Method::Packer { name: "greedy-sum-ff-cheapest".into() },
        failover,
        storage_tb: 12.5,
        options,
        proof: Default::default(),
        start: None,
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
            worst_host_utilisation_pct: Resources::default(),
            binding_moves: vec![
                ("mn-ap-01".into(), "my-number-03".into()),
                ("mn-db-01".into(), "my-number-03".into()),
            ],
        },
        vec![
            ModelOption {
                mix: vec![mc("std-32c", 3)],
                hosts: 3,
                horizon_cost: 21_000_000.0,
                chosen: true,
            },
            ModelOption {
                mix: vec![mc("big-64c", 2)],
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
            worst_host_utilisation_pct: Resources::default(),
            binding_moves: vec![],
        },
        vec![ModelOption {
            mix: vec![mc("big-64c", 1), mc("std-32c", 1)],
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
    let mut mn = mn;
    let mut lg = lg;

    // my-number is packed by time of day: an office-hours host, a night-batch host, the spare.
    mn.time_of_day = true;
    mn.peak_sizing_hosts = Some(4);
    mn.peak_sizing_cost = Some(20_000_000.0);
    let day: Vec<f64> =
        (0..24).map(|h| if (8..18).contains(&h) { 57.8 } else { 20.0 + h as f64 * 0.1 }).collect();
    let night: Vec<f64> = (0..24).map(|h| if (8..18).contains(&h) { 15.0 } else { 38.3 }).collect();
    mn.hosts[0].cpu_by_hour_pct = Some(day);
    mn.hosts[1].cpu_by_hour_pct = Some(night);
    mn.hosts[2].cpu_by_hour_pct = Some(vec![0.0; 24]);
    mn.purchases = vec![PurchaseRow { fy: 2018, model: "std-32c".into(), count: 3 }];
    mn.binding_resource = "memory".into();
    mn.lower_bound_hosts = 2;
    mn.lower_bound_reason =
        LowerBoundReason::Resource { resource: "memory".into(), demand: 680.0, per_host: 409.6 };
    mn.failover.worst_host = Some("my-number-03".into());
    mn.resource_needs = vec![
        ResourceNeed {
            resource: "cpu".into(),
            model: "std-32c".into(),
            demand: 30.75,
            per_host: 25.6,
            hosts_worth: 1.2,
            hosts: 2,
            utilisation_pct: 48.05,
        },
        ResourceNeed {
            resource: "vcpu".into(),
            model: "std-32c".into(),
            demand: 112.0,
            per_host: 102.4,
            hosts_worth: 1.09,
            hosts: 2,
            utilisation_pct: 43.75,
        },
        ResourceNeed {
            resource: "memory".into(),
            model: "std-32c".into(),
            demand: 680.0,
            per_host: 409.6,
            hosts_worth: 1.66,
            hosts: 2,
            utilisation_pct: 66.41,
        },
    ];

    // lgwan's hosts are bought in two years: the big one in FY2018, the small one in FY2019.
    lg.hosts[1].bought_fy = 2019;
    lg.purchases = vec![
        PurchaseRow { fy: 2018, model: "big-64c".into(), count: 1 },
        PurchaseRow { fy: 2019, model: "std-32c".into(), count: 1 },
    ];

    // The ICT-BCP minimum environment: a copy of the resident-records servers at the new city
    // hall from FY2021, on one host, with its own policy.
    let mut bcp = cluster(
        "bcp-my-number",
        vec![Host {
            bought_fy: 2021,
            ..host(
                "bcp-my-number-01",
                "std-32c",
                false,
                &["mn-ap-01", "mn-db-01"],
                res(9.25, 36.0, 190.0),
                std,
            )
        }],
        Failover {
            required: 0,
            survives: true,
            spare_hosts: 0,
            binding_loss: vec![],
            worst_utilisation_pct: Resources::default(),
            worst_host: None,
            worst_host_utilisation_pct: Resources::default(),
            binding_moves: vec![],
        },
        vec![ModelOption {
            mix: vec![mc("std-32c", 1)],
            hosts: 1,
            horizon_cost: 2_100_000.0,
            chosen: true,
        }],
    );
    bcp.zone = "my-number".into();
    bcp.site = "new-city-hall".into();
    bcp.purchase_fy = 2021;
    bcp.purchases = vec![PurchaseRow { fy: 2021, model: "std-32c".into(), count: 1 }];
    bcp.policy.target_cpu_pct = 85.0;
    bcp.policy.target_memory_pct = 90.0;
    bcp.policy.spare_hosts = 0;

    let mut servers = servers;
    for s in servers.iter_mut().filter(|s| s.name == "mn-ap-01" || s.name == "mn-db-01") {
        s.bcp = true;
        s.bcp_host = Some("bcp-my-number-01".into());
        s.bcp_demand = Some(res(2.5, 4.0, 32.0));
        s.affinity_group = Some("resident-records".into());
    }
    for s in servers.iter_mut().filter(|s| s.name == "lg-ap-01" || s.name == "mn_batch_01") {
        s.move_fy = Some(2019);
    }
    servers.push(ServerRow {
        in_scope: true,
        stays_physical: true,
        bcp: true,
        ..server("lg-fax-01", "Fax gateway", "lgwan", None, res(1.0, 2.0, 8.0))
    });

    let yh = |h: &Host, servers: &[&str], share: f64| YearHost {
        name: h.name.clone(),
        model: h.model.clone(),
        servers: servers.iter().map(|s| s.to_string()).collect(),
        used: Resources {
            cpu: h.used.cpu * share,
            vcpu: h.used.vcpu * share,
            memory_gb: h.used.memory_gb * share,
        },
        utilisation_pct: Resources {
            cpu: h.utilisation_pct.cpu * share,
            vcpu: h.utilisation_pct.vcpu * share,
            memory_gb: h.utilisation_pct.memory_gb * share,
        },
    };
    let yc = |c: &Cluster, bought: usize, hosts: Vec<YearHost>| YearCluster {
        name: c.name.clone(),
        hosts_in_service: hosts.len(),
        hosts_bought: bought,
        servers: hosts.iter().map(|h| h.servers.len()).sum(),
        hosts,
    };
    let main_years = |fy: i32, lg_bought: usize, lg_hosts: Vec<YearHost>| -> Vec<YearCluster> {
        vec![
            yc(
                &mn,
                if fy == 2018 { 3 } else { 0 },
                vec![
                    yh(&mn.hosts[0], &["mn-ap-01", "mn-db-01"], 0.96),
                    // The batch server moves in FY2019, onto a host already in service.
                    if fy == 2018 {
                        yh(&mn.hosts[1], &["mn-ap-02"], 0.5)
                    } else {
                        yh(&mn.hosts[1], &["mn-ap-02", "mn_batch_01"], 0.96)
                    },
                    yh(&mn.hosts[2], &[], 0.0),
                ],
            ),
            yc(&lg, lg_bought, lg_hosts),
        ]
    };
    let lg_2018 = vec![yh(&lg.hosts[0], &["lg-web-01", "lg-file-01"], 0.95)];
    let lg_later = || {
        vec![
            yh(&lg.hosts[0], &["lg-web-01", "lg-file-01"], 1.0),
            yh(&lg.hosts[1], &["lg-ap-01"], 1.0),
        ]
    };
    let mut y2021 = main_years(2021, 0, lg_later());
    y2021.push(yc(&bcp, 1, vec![yh(&bcp.hosts[0], &["mn-ap-01", "mn-db-01"], 1.0)]));
    let yearly = vec![
        YearLayout { fy: 2017, clusters: vec![] },
        YearLayout { fy: 2018, clusters: main_years(2018, 1, lg_2018) },
        YearLayout { fy: 2019, clusters: main_years(2019, 1, lg_later()) },
        YearLayout { fy: 2020, clusters: main_years(2020, 0, lg_later()) },
        YearLayout { fy: 2021, clusters: y2021 },
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
        yearly,
        summary: Summary {
            servers_physical: 1,
            servers_bcp: 2,
            servers_total: 9,
            servers_in_scope: 8,
            servers_virtualised: 7,
            servers_excluded: 1,
            hosts_total: 6,
            baseline_total,
            plan_total,
            cost_effect,
            cost_effect_pct: cost_effect / baseline_total * 100.0,
        },
        clusters: vec![mn, lg, bcp],
        years,
        servers,
        excluded: vec![
            Excluded { server: "lg-fax-01".into(), reason: ExcludeReason::StaysPhysical },
            Excluded {
                server: "hp-db-01".into(),
                reason: ExcludeReason::Organisation { org: "hospital".into() },
            },
        ],
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
            Assumption::Baseline,
            Assumption::Power { hours: 8760.0, electricity_per_kwh: 20.0 },
            Assumption::Bcp { site: "new-city-hall".into(), from_fy: 2021, sizing_pct: 50.0 },
        ],
        bom: vec![
            bom_line(2018, "main", BomKind::Host, "std-32c", BomUnit::Host, 3.0, 2_000_000.0),
            bom_line(2018, "main", BomKind::Host, "big-64c", BomUnit::Host, 1.0, 3_500_000.0),
            bom_line(2018, "main", BomKind::Storage, "", BomUnit::Tb, 12.5, 250_000.0),
            BomLine {
                packs: Some(64),
                hosts: Some(4),
                ..bom_line(2018, "main", BomKind::Licence, "OS", BomUnit::Core, 128.0, 40_000.0)
            },
            bom_line(2019, "main", BomKind::Host, "std-32c", BomUnit::Host, 1.0, 2_000_000.0),
            bom_line(
                2021,
                "new-city-hall",
                BomKind::Host,
                "std-32c",
                BomUnit::Host,
                1.0,
                2_000_000.0,
            ),
        ],
    }
}

/// A bill-of-materials line of the fixture: one-time price only, maintenance 10 %.
fn bom_line(
    fy: i32,
    site: &str,
    kind: BomKind,
    item: &str,
    unit: BomUnit,
    quantity: f64,
    unit_price: f64,
) -> BomLine {
    BomLine {
        fy,
        site: site.into(),
        kind,
        item: item.into(),
        unit,
        quantity,
        packs: None,
        hosts: None,
        unit_price,
        amount: quantity * unit_price,
        annual_unit_price: unit_price / 10.0,
        annual_amount: quantity * unit_price / 10.0,
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
    r.yearly.clear();
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
