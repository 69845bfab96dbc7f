//! Every number of the inventory at its limit (docs/inventory.md, "Limits"): at the limit the
//! inventory plans, or is refused as unplannable with a located message, and every figure of
//! the plan is finite; one step past the limit it is refused at load, at the field's line and
//! column, with exit code 2. Built on inventories/tiny.yaml, one field at a time.

mod common;

use consolidate::commands::plan::load_and_plan;
use std::path::Path;

fn tiny() -> String {
    std::fs::read_to_string(common::root().join("inventories/tiny.yaml")).unwrap()
}

/// tiny.yaml with the first occurrence of each `from` replaced by its `to`.
fn with(changes: &[(&str, &str)]) -> String {
    let mut t = tiny();
    for (from, to) in changes {
        assert!(t.contains(from), "fixture lacks `{from}`");
        t = t.replacen(from, to, 1);
    }
    t
}

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let file = dir.join("inv.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

/// Plans `text`: either a plan whose every number is finite, or a refusal with exit code 2
/// that names the file and a line. Returns the plan's YAML form (for more checks) if planned.
fn plans_finite_or_refused_located(case: &str, text: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), text);
    match load_and_plan(&file) {
        Ok((_, result)) => {
            let s = &result.summary;
            for v in [s.baseline_total, s.plan_total, s.cost_effect, s.cost_effect_pct] {
                assert!(v.is_finite(), "{case}: a total is {v}");
            }
            // serde_yaml writes a non-finite f64 as .nan / .inf (serde_json would write null).
            let yaml = serde_yaml::to_string(&result).unwrap();
            assert!(!yaml.contains(".nan") && !yaml.contains(".inf"), "{case}: non-finite");
            Some(yaml)
        }
        Err(e) => {
            let msg = e.to_string();
            assert_eq!(e.exit_code(), 2, "{case}: {msg}");
            assert!(msg.contains("inv.yaml:"), "{case}: not located: {msg}");
            None
        }
    }
}

/// `text` is refused at load with the field path and a message naming the range, located at
/// the line holding `needle`.
fn refused_at(case: &str, text: &str, field: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), text);
    let errors = consolidate::inventory::load(&file).expect_err(case);
    let line = text.lines().position(|l| l.contains(needle)).expect("needle") + 1;
    assert!(
        errors.iter().any(|e| e.field.as_deref() == Some(field) && e.line == Some(line)),
        "{case}: expected {field} at line {line}, got {errors:?}"
    );
    let err = consolidate::Error::from(errors);
    assert_eq!(err.exit_code(), 2);
}

/// (case, text in tiny.yaml, at the limit, past it, field path).
const FIELDS: &[(&str, &str, &str, &str, &str)] = &[
    ("years", "  years: 5", "  years: 30", "  years: 31", "plan.years"),
    (
        "min_hosts",
        "    description: LGWAN-connected network",
        "    min_hosts: 200",
        "    min_hosts: 4000000000",
        "zones[0].min_hosts",
    ),
    (
        "min_hosts 10000",
        "    description: LGWAN-connected network",
        "    min_hosts: 200",
        "    min_hosts: 10000",
        "zones[0].min_hosts",
    ),
    (
        "max_hosts",
        "    description: LGWAN-connected network",
        "    max_hosts: 200",
        "    max_hosts: 201",
        "zones[0].max_hosts",
    ),
    ("sockets", "    sockets: 1", "    sockets: 16", "    sockets: 17", "host_models[0].sockets"),
    (
        "host cores",
        "    cores: 16\n",
        "    cores: 1024\n",
        "    cores: 1025\n",
        "host_models[0].cores",
    ),
    (
        "host core_perf",
        "    core_perf: 2.0",
        "    core_perf: 100",
        "    core_perf: 1e308",
        "host_models[0].core_perf",
    ),
    (
        "host core_perf low",
        "    core_perf: 2.0",
        "    core_perf: 0.01",
        "    core_perf: 1e-300",
        "host_models[0].core_perf",
    ),
    (
        "host memory",
        "    memory_gb: 256",
        "    memory_gb: 1000000",
        "    memory_gb: 1e308",
        "host_models[0].memory_gb",
    ),
    (
        "host price",
        "    price: 2000000",
        "    price: 1e12",
        "    price: 1e308",
        "host_models[0].price",
    ),
    (
        "host maintenance",
        "    annual_maintenance: 200000",
        "    annual_maintenance: 1e12",
        "    annual_maintenance: 1.1e12",
        "host_models[0].annual_maintenance",
    ),
    (
        "host power",
        "    power_w: 500",
        "    power_w: 1000000",
        "    power_w: 1e308",
        "host_models[0].power_w",
    ),
    (
        "licence price",
        "        price: 10000 ",
        "        price: 1e12 ",
        "        price: 1e308 ",
        "host_models[0].licences[0].price",
    ),
    (
        "licence min per host",
        "        min_cores_per_host: 16",
        "        min_cores_per_host: 1024",
        "        min_cores_per_host: 4294967295",
        "host_models[0].licences[0].min_cores_per_host",
    ),
    (
        "licence min per socket",
        "        min_cores_per_socket: 8",
        "        min_cores_per_socket: 1024",
        "        min_cores_per_socket: 2147483648",
        "host_models[0].licences[0].min_cores_per_socket",
    ),
    (
        "storage price",
        "  price_per_tb: 100000",
        "  price_per_tb: 1e12",
        "  price_per_tb: 1e308",
        "storage.price_per_tb",
    ),
    (
        "storage maintenance",
        "  annual_maintenance_per_tb: 10000",
        "  annual_maintenance_per_tb: 1e12",
        "  annual_maintenance_per_tb: 1e13",
        "storage.annual_maintenance_per_tb",
    ),
    (
        "fill target",
        "  fill_target_pct: 80",
        "  fill_target_pct: 1",
        "  fill_target_pct: 1e-300",
        "storage.fill_target_pct",
    ),
    (
        "vcpu per core",
        "  vcpu_per_core: 4",
        "  vcpu_per_core: 64",
        "  vcpu_per_core: 65",
        "policy.vcpu_per_core",
    ),
    (
        "vcpu per core low",
        "  vcpu_per_core: 4",
        "  vcpu_per_core: 0.01",
        "  vcpu_per_core: 1e-300",
        "policy.vcpu_per_core",
    ),
    (
        "overcommit",
        "  memory_overcommit: 1.0",
        "  memory_overcommit: 10",
        "  memory_overcommit: 11",
        "policy.memory_overcommit",
    ),
    (
        "target cpu low",
        "  target_cpu_pct: 70",
        "  target_cpu_pct: 1",
        "  target_cpu_pct: 1e-300",
        "policy.target_cpu_pct",
    ),
    (
        "electricity",
        "  electricity_per_kwh: 20",
        "  electricity_per_kwh: 10000",
        "  electricity_per_kwh: 1e308",
        "costs.electricity_per_kwh",
    ),
    ("pue", "  pue: 1.5", "  pue: 10", "  pue: 11", "costs.pue"),
    (
        "fee",
        "  datacentre_fee_per_host_year: 100000",
        "  datacentre_fee_per_host_year: 1e12",
        "  datacentre_fee_per_host_year: 1e308",
        "costs.datacentre_fee_per_host_year",
    ),
    (
        "migration",
        "  migration_per_server: 200000",
        "  migration_per_server: 1e12",
        "  migration_per_server: 1e308",
        "costs.migration_per_server",
    ),
    (
        "extra amount",
        "    amount: 300000",
        "    amount: 1e12",
        "    amount: 1e308",
        "extra_items[0].amount",
    ),
    (
        "extra amount negative",
        "    amount: 300000",
        "    amount: -1e12",
        "    amount: -1e308",
        "extra_items[0].amount",
    ),
    (
        "server cores",
        "    cores: 8\n",
        "    cores: 1024\n",
        "    cores: 1025\n",
        "servers[0].cores",
    ),
    (
        "server memory",
        "    memory_gb: 32\n",
        "    memory_gb: 1000000\n",
        "    memory_gb: 1e308\n",
        "servers[0].memory_gb",
    ),
    (
        "server storage",
        "    storage_gb: 200\n",
        "    storage_gb: 100000000\n",
        "    storage_gb: 1e308\n",
        "servers[0].storage_gb",
    ),
    (
        "server peak",
        "    peak_cpu_pct: 50",
        "    peak_cpu_pct: 100",
        "    peak_cpu_pct: 101",
        "servers[0].peak_cpu_pct",
    ),
    (
        "server maintenance",
        "costs: { maintenance: 100000,",
        "costs: { maintenance: 1e12,",
        "costs: { maintenance: 1e308,",
        "servers[0].costs.maintenance",
    ),
    (
        "server renewal",
        "renewal: 1500000 }",
        "renewal: 1e12 }",
        "renewal: 1e308 }",
        "servers[0].costs.renewal",
    ),
    (
        "server power",
        "power_w: 300,",
        "power_w: 1000000,",
        "power_w: 1e308,",
        "servers[0].costs.power_w",
    ),
    (
        "server licence",
        "os_licence: 20000,",
        "os_licence: 1e12,",
        "os_licence: 1e308,",
        "servers[0].costs.os_licence",
    ),
];

#[test]
fn every_field_plans_finite_at_its_limit_and_is_refused_past_it() {
    for &(case, from, max, over, field) in FIELDS {
        let (at, past) = if from.starts_with("    description") {
            // A zone field: added after the description line.
            (
                with(&[(from, &format!("{from}\n{max}"))]),
                with(&[(from, &format!("{from}\n{over}"))]),
            )
        } else {
            (with(&[(from, max)]), with(&[(from, over)]))
        };
        plans_finite_or_refused_located(case, &at);
        refused_at(case, &past, field, over.trim().trim_end_matches(['}', ',', ' ']));
    }
}

#[test]
fn every_amount_at_its_limit_at_once_over_thirty_years_stays_finite() {
    let text = with(&[
        ("  years: 5", "  years: 30"),
        ("    price: 2000000", "    price: 1e12"),
        ("    annual_maintenance: 200000", "    annual_maintenance: 1e12"),
        ("    power_w: 500", "    power_w: 1000000"),
        ("        price: 10000 ", "        price: 1e12 "),
        ("        min_cores_per_host: 16", "        min_cores_per_host: 1024"),
        ("  price_per_tb: 100000", "  price_per_tb: 1e12"),
        ("  annual_maintenance_per_tb: 10000", "  annual_maintenance_per_tb: 1e12"),
        ("  fill_target_pct: 80", "  fill_target_pct: 1"),
        ("  electricity_per_kwh: 20", "  electricity_per_kwh: 10000"),
        ("  pue: 1.5", "  pue: 10"),
        ("  datacentre_fee_per_host_year: 100000", "  datacentre_fee_per_host_year: 1e12"),
        ("  migration_per_server: 200000", "  migration_per_server: 1e12"),
        ("    amount: 300000", "    amount: 1e12"),
        ("    storage_gb: 200\n", "    storage_gb: 100000000\n"),
    ])
    .replace("maintenance: 100000,", "maintenance: 1e12,")
    .replace("maintenance: 150000,", "maintenance: 1e12,")
    .replace("maintenance: 50000,", "maintenance: 1e12,")
    .replace("os_licence: 20000,", "os_licence: 1e12,")
    .replace("os_licence: 10000,", "os_licence: 1e12,")
    .replace("power_w: 300,", "power_w: 1000000,")
    .replace("renewal: 1500000", "renewal: 1e12")
    .replace("renewal: 3000000", "renewal: 1e12");
    let yaml = plans_finite_or_refused_located("all at max", &text).expect("plans");
    assert!(yaml.contains("baseline_total"));
}

#[test]
fn first_fy_at_its_limits_and_past_them() {
    // The whole horizon moved to start at the limit: plans, every year printed as written.
    let shifted = tiny().replace("2017", "2200").replace("2018", "2201").replace("2019", "2202");
    let yaml = plans_finite_or_refused_located("first_fy 2200", &shifted).expect("plans");
    assert!(yaml.contains("first_fy: 2200"));
    let low = tiny().replace("2017", "1900").replace("2018", "1901").replace("2019", "1902");
    plans_finite_or_refused_located("first_fy 1900", &low).expect("plans");
    for over in ["2201", "2147483647", "-2147483648", "1899"] {
        let t = tiny().replacen("  first_fy: 2017", &format!("  first_fy: {over}"), 1);
        refused_at(over, &t, "plan.first_fy", "first_fy:");
    }
}

#[test]
fn lists_over_their_limits_are_refused_at_the_list_with_one_message() {
    // 20,001 servers.
    let t = tiny();
    let entry = "  - name: s{i}\n    system: x\n    zone: lgwan\n    cores: 1\n    peak_cpu_pct: 1\n    \
                 memory_gb: 1\n    renewal_fy: 2018\n    costs: { renewal: 1 }\n";
    let mut text = t.clone();
    for i in 0..20_001 {
        text.push_str(&entry.replace("{i}", &i.to_string()));
    }
    let dir = tempfile::tempdir().unwrap();
    let errors = consolidate::inventory::load(&write(dir.path(), &text)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field.as_deref(), Some("servers"));
    assert!(errors[0].message.contains("at most 20000"), "{}", errors[0].message);
    // A profile of a million values: one message, not a million.
    let profile = vec!["500"; 1_000_000].join(",");
    let text = t.replacen("    peak_cpu_pct: 50", &format!("    cpu_profile: [{profile}]"), 1);
    let errors = consolidate::inventory::load(&write(dir.path(), &text)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field.as_deref(), Some("servers[0].cpu_profile"));
}

#[test]
fn texts_up_to_a_spreadsheet_cell_render_and_longer_are_refused() {
    // At the limit, in fields each output writes in a cell of its own (the out-of-scope
    // server, the extra item, the title). A host's list of servers joins names into one
    // cell, which the spreadsheet renderer must clip itself: that is not an input limit.
    let long = "x".repeat(32_767);
    let text = with(&[
        ("  - name: hosp-1\n", &format!("  - name: {long}\n")),
        ("  - name: Security measures (three-layer separation)", &format!("  - name: {long}")),
        ("  title: Tiny example (hand-checkable)", &format!("  title: {long}")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let (_, result) = load_and_plan(&write(dir.path(), &text)).expect("plans");
    consolidate::report::render_all(&result).expect("every output renders 32,767-char texts");
    let text = with(&[("  - name: ap-1\n", &format!("  - name: {long}y\n"))]);
    refused_at("32768", &text, "servers[0].name", "- name: xxx");
    let text = with(&[("    system: 住民記録", &format!("    system: {}", "住".repeat(32_768)))]);
    refused_at("system", &text, "servers[0].system", "system: 住住");
}

#[test]
fn plan_names_that_cannot_be_folder_names_are_refused() {
    for (case, name) in [
        ("control", "\"a\\tb\""),
        ("newline", "\"a\\nb\""),
        ("long", &"n".repeat(300)),
        ("long kanji", &"岐".repeat(67)),
    ] {
        let text = with(&[("  name: tiny\n", &format!("  name: {name}\n"))]);
        refused_at(case, &text, "plan.name", "  name: ");
    }
    // 66 kanji (198 bytes) is a valid folder name.
    let text = with(&[("  name: tiny\n", &format!("  name: {}\n", "岐".repeat(66)))]);
    let dir = tempfile::tempdir().unwrap();
    consolidate::inventory::load(&write(dir.path(), &text)).expect("66 kanji accepted");
}

#[test]
fn null_where_a_name_is_expected_is_refused_at_its_line() {
    for (case, from, to, field) in [
        ("server", "  - name: ap-1\n", "  - name: ~\n", "servers[0].name"),
        ("server null", "  - name: ap-1\n", "  - name: null\n", "servers[0].name"),
        ("system", "    system: 文書管理", "    system: ~", "servers[3].system"),
        ("zone", "  - name: lgwan\n", "  - name: ~\n", "zones[0].name"),
        ("model", "  - name: std-16c\n", "  - name: ~\n", "host_models[0].name"),
    ] {
        let text = with(&[(from, to)]);
        refused_at(case, &text, field, to.trim_end_matches('\n'));
    }
    // A quoted '~' is a name like any other.
    let text = with(&[("  - name: ap-1\n", "  - name: '~'\n")]);
    let dir = tempfile::tempdir().unwrap();
    consolidate::inventory::load(&write(dir.path(), &text)).expect("quoted ~ accepted");
}
