//! Property tests: on random inventories (zones, host models, policies, purchase policies,
//! growth, BCP sites, day profiles, redundancy and affinity groups, servers that stay
//! physical), every plan the planner emits passes the independent verifier, and planning the
//! same inventory twice gives the same plan.

use consolidate::commands::plan::planner_engine;
use consolidate::inventory::*;
use consolidate::pack::PackOptions;
use consolidate::plan::{self, PlanError};
use proptest::prelude::*;

fn model(i: usize, cores: u32, perf: f64, mem: f64, price: f64) -> HostModel {
    HostModel {
        name: format!("m{i}"),
        sockets: 2,
        cores: cores * 2,
        core_perf: perf,
        memory_gb: mem,
        price,
        annual_maintenance: price / 10.0,
        power_w: 300.0,
        licences: vec![Licence {
            name: "dc".into(),
            per: LicenceUnit::Core,
            price: 10_000.0,
            annual: 1_000.0,
            min_cores_per_host: 16,
            min_cores_per_socket: 8,
        }],
    }
}

#[derive(Debug, Clone)]
struct Srv {
    zone: usize,
    cores: u32,
    peak: f64,
    profile: Option<Vec<f64>>,
    mem: f64,
    renewal: i32,
    group: Option<u8>,
    affinity: Option<u8>,
    bcp: bool,
    physical: bool,
    in_scope: bool,
}

fn srv() -> impl Strategy<Value = Srv> {
    (
        0usize..3,
        1u32..12,
        1.0f64..90.0,
        prop::option::weighted(0.3, prop::collection::vec(0.0f64..100.0, 24)),
        4.0f64..96.0,
        2017i32..2021,
        prop::option::weighted(0.3, 0u8..4),
        prop::option::weighted(0.15, 0u8..3),
        (prop::bool::weighted(0.3), prop::bool::weighted(0.08), prop::bool::weighted(0.9)),
    )
        .prop_map(
            |(
                zone,
                cores,
                peak,
                profile,
                mem,
                renewal,
                group,
                affinity,
                (bcp, physical, in_scope),
            )| Srv {
                zone,
                cores,
                peak,
                profile,
                mem,
                renewal,
                group,
                affinity,
                bcp,
                physical,
                in_scope,
            },
        )
}

#[derive(Debug, Clone)]
struct Case {
    zones: usize,
    models: Vec<(u32, f64, f64, f64)>,
    targets: (f64, f64),
    failover_extra: (f64, f64),
    spares: u32,
    as_needed: bool,
    growth: f64,
    bcp: Option<(i32, f64, u32)>,
    servers: Vec<Srv>,
    max_hosts: Option<u32>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        1usize..4,
        prop::collection::vec((8u32..33, 1.0f64..2.0, 128.0f64..768.0, 1.0e6f64..6.0e6), 1..4),
        (50.0f64..90.0, 60.0f64..95.0),
        (0.0f64..20.0, 0.0f64..10.0),
        0u32..3,
        any::<bool>(),
        prop::sample::select(vec![0.0, 0.0, 3.0, 10.0]),
        prop::option::of((2019i32..2022, 30.0f64..100.0, 0u32..2)),
        prop::collection::vec(srv(), 1..28),
        prop::option::weighted(0.2, 6u32..12),
    )
        .prop_map(
            |(
                zones,
                models,
                targets,
                failover_extra,
                spares,
                as_needed,
                growth,
                bcp,
                servers,
                max_hosts,
            )| Case {
                zones,
                models,
                targets,
                failover_extra,
                spares,
                as_needed,
                growth,
                bcp,
                servers,
                max_hosts,
            },
        )
}

fn inventory(c: &Case) -> Inventory {
    let zones: Vec<Zone> = (0..c.zones)
        .map(|z| Zone {
            name: format!("z{z}"),
            description: None,
            aliases: vec![],
            host_models: vec![],
            min_hosts: None,
            max_hosts: c.max_hosts,
        })
        .collect();
    let servers: Vec<Server> = c
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let zone = s.zone % c.zones;
            // Affinity groups stay within a zone and never hold redundancy partners or
            // servers that stay physical; that is what validation demands.
            let affinity = s.affinity.filter(|_| !s.physical).map(|a| format!("aff-{zone}-{a}"));
            Server {
                name: format!("s{i}"),
                system: format!("sys{}", i % 5),
                zone: format!("z{zone}"),
                org: "city".into(),
                in_scope: s.in_scope || affinity.is_some(),
                role: None,
                cores: s.cores,
                core_perf: 1.0,
                vcpus: None,
                peak_cpu_pct: if s.profile.is_some() { None } else { Some(s.peak) },
                cpu_profile: s.profile.clone(),
                memory_gb: s.mem,
                storage_gb: 100.0,
                renewal_fy: s.renewal,
                redundancy_group: if affinity.is_some() {
                    None
                } else {
                    s.group.map(|g| format!("g{g}"))
                },
                bcp: s.bcp,
                stay_physical: s.physical && affinity.is_none(),
                affinity_group: affinity,
                costs: ServerCosts {
                    maintenance: 100_000.0,
                    power_w: 200.0,
                    os_licence: 30_000.0,
                    renewal: 2_000_000.0,
                },
                exclude_reason: None,
            }
        })
        .collect();
    let policy = Policy {
        vcpu_per_core: 4.0,
        memory_overcommit: 1.0,
        target_cpu_pct: c.targets.0,
        target_memory_pct: c.targets.1,
        failover_cpu_pct: (c.targets.0 + c.failover_extra.0).min(100.0),
        failover_memory_pct: (c.targets.1 + c.failover_extra.1).min(100.0),
        spare_hosts: c.spares,
    };
    let any_bcp = servers.iter().any(|s| s.bcp && s.in_scope);
    Inventory {
        plan: PlanSection {
            name: "prop".into(),
            title: None,
            currency: "JPY".into(),
            first_fy: 2017,
            years: 5,
            refresh_fy: 2018,
            purchase: if c.as_needed { Purchase::AsNeeded } else { Purchase::RefreshYear },
            language: None,
        },
        zones,
        host_models: c
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| model(i, m.0, m.1, m.2, m.3))
            .collect(),
        storage: Storage {
            price_per_tb: 200_000.0,
            annual_maintenance_per_tb: 20_000.0,
            fill_target_pct: 80.0,
        },
        policy,
        costs: CostParameters {
            electricity_per_kwh: 20.0,
            pue: 1.6,
            datacentre_fee_per_host_year: 100_000.0,
            migration_per_server: 300_000.0,
        },
        extra_items: vec![],
        growth: Growth { overall_pct: c.growth, systems: Default::default() },
        bcp: c.bcp.filter(|_| any_bcp).map(|(fy, pct, spares)| Bcp {
            site: "hall".into(),
            from_fy: fy,
            sizing_pct: pct,
            host_models: vec![],
            policy: PolicyOverride { spare_hosts: Some(spares), ..Default::default() },
            pue: Some(1.3),
            datacentre_fee_per_host_year: Some(0.0),
            setup_per_server: 50_000.0,
        }),
        uncertainty: Default::default(),
        servers,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_emitted_plan_passes_the_verifier(c in case()) {
        let inv = inventory(&c);
        let problems = consolidate::inventory::validate::validate(&inv);
        prop_assume!(problems.is_empty(), "generator made an invalid inventory: {:?}", problems);
        match plan::plan(&inv, &planner_engine(), &PackOptions::default()) {
            Ok(result) => {
                let errors = plan::verify::verify(&inv, &result);
                prop_assert!(errors.is_empty(), "{errors:#?}");
                let again = plan::plan(&inv, &planner_engine(), &PackOptions::default()).unwrap();
                prop_assert_eq!(
                    serde_json::to_string(&result).unwrap(),
                    serde_json::to_string(&again).unwrap()
                );
            }
            // Random data may ask for the impossible; that must be said, not planned.
            Err(PlanError::ServerTooLarge { .. }) | Err(PlanError::Infeasible { .. }) => {}
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
