//! Every kind of bad input gets one clear message naming the file, the line and column, the
//! field and what was expected; exit code 2; nothing written under --out; never a panic.
//! Each case starts from inventories/tiny.yaml and breaks one thing.

mod common;

use common::*;

/// Writes `text` as an inventory, runs `plan --out`, and checks exit code 2, that every
/// `expected` fragment is in stderr, and that the output folder was not created.
fn rejects(name: &str, text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let start = std::time::Instant::now();
    let assert = consolidate().arg("plan").arg(&file).arg("--out").arg(&out).assert();
    let took = start.elapsed().as_secs_f64();
    assert!(took < 10.0, "{name}: took {took:.1} s");
    assert_children_under_1gb(name);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{name}: exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
    assert!(stderr.contains(&format!("{name}.yaml")), "{name}: file not named\n{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{name}: expected `{e}` in\n{stderr}");
    }
    assert!(!out.exists(), "{name}: output folder written");
}

/// The largest resident memory of any child process ended so far stays under 1 GB (so every
/// refusal above was made in bounded memory).
fn assert_children_under_1gb(case: &str) {
    // SAFETY: getrusage only writes the struct it is given.
    let kb = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    };
    assert!(kb < 1_000_000, "{case}: a run took {kb} kB");
}

fn tiny() -> String {
    std::fs::read_to_string(root().join("inventories/tiny.yaml")).unwrap()
}

/// tiny.yaml with the first occurrence of `from` replaced by `to` (which must exist).
fn tiny_with(from: &str, to: &str) -> String {
    let t = tiny();
    assert!(t.contains(from), "fixture lacks `{from}`");
    t.replacen(from, to, 1)
}

/// Line number (1-based) of the first line of tiny.yaml containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn yaml_syntax_error() {
    let t = tiny_with("  name: tiny\n", "  name: tiny: x\n");
    let line = line_of(&t, "name: tiny: x");
    rejects("syntax", &t, &[&format!(":{line}:13"), "mapping values are not allowed"]);
}

#[test]
fn yaml_tab_indentation() {
    let t = tiny_with("    cores: 16\n", "\tcores: 16\n");
    let line = line_of(&t, "\tcores: 16");
    rejects("tab", &t, &[&format!(":{line}:1"), "tab character"]);
}

#[test]
fn yaml_syntax_error_unclosed_quote() {
    let t = tiny_with("    system: 文書管理", "    system: \"文書管理");
    rejects("quote", &t, &["line", "column", "quoted scalar"]);
}

#[test]
fn unknown_field() {
    let t = tiny_with("    peak_cpu_pct: 60\n", "    peak_cpu_pct: 60\n    peak_cpu_pcnt: 70\n");
    let line = line_of(&t, "peak_cpu_pcnt");
    rejects(
        "unknown",
        &t,
        &[&format!(":{line}:"), "servers[2]", "unknown field `peak_cpu_pcnt`", "expected one of"],
    );
}

#[test]
fn missing_field() {
    let t = tiny_with("    cores: 4\n", "");
    rejects("missing", &t, &["servers[3]", "missing field `cores`"]);
}

#[test]
fn wrong_type() {
    let t = tiny_with("    memory_gb: 64\n", "    memory_gb: sixty-four\n");
    let line = line_of(&t, "sixty-four");
    rejects(
        "wrongtype",
        &t,
        &[&format!(":{line}:16"), "servers[2].memory_gb", "expected a number"],
    );
}

#[test]
fn zero_cores() {
    let t = tiny_with("    cores: 4\n", "    cores: 0\n");
    let line = line_of(&t, "cores: 0");
    rejects(
        "zerocores",
        &t,
        &[&format!(":{line}:12"), "servers[3].cores", "expected a whole number greater than 0"],
    );
}

#[test]
fn negative_cores() {
    let t = tiny_with("    cores: 4\n", "    cores: -4\n");
    rejects("negcores", &t, &["servers[3].cores", "expected a whole number ≥ 0"]);
}

#[test]
fn negative_memory() {
    let t = tiny_with("    memory_gb: 16\n", "    memory_gb: -16\n");
    let line = line_of(&t, "memory_gb: -16");
    rejects(
        "negmem",
        &t,
        &[&format!(":{line}:"), "servers[3].memory_gb", "greater than 0, found -16"],
    );
}

#[test]
fn zero_price() {
    let t = tiny_with("    price: 2000000\n", "    price: 0\n");
    let line = line_of(&t, "price: 0");
    rejects("zeroprice", &t, &[&format!(":{line}:"), "host_models[0].price", "greater than 0"]);
}

#[test]
fn zero_host_memory() {
    let t = tiny_with("    memory_gb: 256\n", "    memory_gb: 0\n");
    rejects("zerohostmem", &t, &["host_models[0].memory_gb", "greater than 0"]);
}

#[test]
fn utilisation_above_100() {
    let t = tiny_with("    peak_cpu_pct: 60\n", "    peak_cpu_pct: 120\n");
    let line = line_of(&t, "peak_cpu_pct: 120");
    rejects(
        "util",
        &t,
        &[&format!(":{line}:"), "servers[2].peak_cpu_pct", "percentage 0 to 100, found 120"],
    );
}

#[test]
fn utilisation_below_0() {
    let t = tiny_with("    peak_cpu_pct: 60\n", "    peak_cpu_pct: -5\n");
    rejects("utilneg", &t, &["servers[2].peak_cpu_pct", "percentage 0 to 100"]);
}

#[test]
fn target_utilisation_out_of_range() {
    let t = tiny_with("  target_cpu_pct: 70\n", "  target_cpu_pct: 170\n");
    rejects("target", &t, &["policy.target_cpu_pct", "at most 100"]);
}

#[test]
fn duplicate_server_name() {
    let t = tiny_with("  - name: ap-2\n", "  - name: ap-1\n");
    let line =
        t.lines().enumerate().filter(|(_, l)| l.contains("name: ap-1")).nth(1).unwrap().0 + 1;
    rejects("dup", &t, &[&format!(":{line}:"), "servers[1].name", "duplicate server name `ap-1`"]);
}

#[test]
fn unknown_zone() {
    let t = tiny_with("    zone: lgwan\n    role: db\n", "    zone: lgwna\n    role: db\n");
    let line = line_of(&t, "zone: lgwna");
    rejects(
        "zone",
        &t,
        &[
            &format!(":{line}:11"),
            "servers[2].zone",
            "unknown zone `lgwna`",
            "expected one of: lgwan",
        ],
    );
}

#[test]
fn unknown_host_model() {
    let t = tiny_with(
        "    description: LGWAN-connected network\n",
        "    description: LGWAN-connected network\n    host_models: [std-61c]\n",
    );
    let line = line_of(&t, "std-61c");
    rejects(
        "model",
        &t,
        &[
            &format!(":{line}:"),
            "zones[0].host_models[0]",
            "unknown host model `std-61c`",
            "std-16c",
        ],
    );
}

#[test]
fn renewal_year_outside_the_horizon() {
    let t = tiny_with("    renewal_fy: 2019\n", "    renewal_fy: 2024\n");
    let line = line_of(&t, "renewal_fy: 2024");
    rejects(
        "renewal",
        &t,
        &[
            &format!(":{line}:"),
            "servers[2].renewal_fy",
            "2024 is outside the plan horizon FY2017–FY2021",
        ],
    );
}

#[test]
fn empty_server_list() {
    let t = tiny();
    let cut = t.find("servers:").unwrap();
    let t = format!("{}servers: []\n", &t[..cut]);
    rejects("empty", &t, &["servers", "expected at least one server"]);
}

#[test]
fn empty_file() {
    rejects("blank", "\n", &["the file is empty"]);
}

#[test]
fn server_that_fits_no_host_model() {
    let t = tiny_with("    memory_gb: 64\n", "    memory_gb: 300\n");
    let line = line_of(&t, "name: db-1");
    rejects(
        "toolarge",
        &t,
        &[
            &format!(":{line}:"),
            "servers[2]",
            "server `db-1` fits no host model even alone",
            "300.0 GB of memory",
            "host model `std-16c`",
            "204.8 GB",
            "memory short",
        ],
    );
}

#[test]
fn several_mistakes_are_all_reported() {
    let t = tiny_with("    cores: 4\n", "    cores: 0\n").replacen(
        "renewal_fy: 2019",
        "renewal_fy: 2030",
        1,
    );
    rejects("several", &t, &["servers[3].cores", "servers[2].renewal_fy"]);
}

#[test]
fn missing_inventory_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let assert = consolidate()
        .arg("plan")
        .arg(dir.path().join("nope.yaml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("nope.yaml") && stderr.contains("cannot read"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn cpu_profile_with_wrong_length() {
    let t = tiny_with("    peak_cpu_pct: 60\n", "    cpu_profile: [10, 20, 30]\n");
    let line = line_of(&t, "cpu_profile: [10, 20, 30]");
    rejects(
        "profile",
        &t,
        &[&format!(":{line}:"), "servers[2].cpu_profile", "expected 24 hourly values"],
    );
}

#[test]
fn cpu_profile_and_peak_together() {
    let p = vec!["50"; 24].join(", ");
    let t = tiny_with(
        "    peak_cpu_pct: 60\n",
        &format!("    peak_cpu_pct: 60\n    cpu_profile: [{p}]\n"),
    );
    rejects("both", &t, &["servers[2].peak_cpu_pct", "either `peak_cpu_pct` or `cpu_profile`"]);
}

#[test]
fn cpu_profile_value_out_of_range() {
    let mut v = vec!["50"; 24];
    v[7] = "150";
    let t = tiny_with("    peak_cpu_pct: 60\n", &format!("    cpu_profile: [{}]\n", v.join(", ")));
    rejects("profilerange", &t, &["servers[2].cpu_profile[7]", "percentage 0 to 100, found 150"]);
}

#[test]
fn neither_peak_nor_profile() {
    let t = tiny_with("    peak_cpu_pct: 60\n", "");
    rejects("nopeak", &t, &["servers[2]", "missing field `peak_cpu_pct`", "cpu_profile"]);
}

#[test]
fn affinity_group_with_redundancy_partners() {
    // ap-1 and ap-2 are in redundancy group `ap`; one affinity group for both contradicts it.
    let t = tiny().replace(
        "    redundancy_group: ap\n",
        "    redundancy_group: ap\n    affinity_group: web\n",
    );
    rejects(
        "affinity",
        &t,
        &["servers[1].affinity_group", "affinity group `web`", "redundancy group `ap`"],
    );
}

#[test]
fn bcp_with_unknown_model_and_no_bcp_server() {
    let t = tiny_with(
        "extra_items:",
        "bcp:\n  site: city-hall\n  from_fy: 2021\n  host_models: [std-99c]\n\nextra_items:",
    );
    rejects(
        "bcp",
        &t,
        &[
            "bcp.host_models[0]",
            "unknown host model `std-99c`",
            "no in-scope server has `bcp: true`",
        ],
    );
}

#[test]
fn bcp_year_outside_the_horizon() {
    let t = tiny_with("extra_items:", "bcp: {site: hall, from_fy: 2023}\n\nextra_items:").replacen(
        "    role: db\n",
        "    role: db\n    bcp: true\n",
        1,
    );
    rejects("bcpyear", &t, &["bcp.from_fy", "2023 is outside the plan horizon"]);
}

#[test]
fn growth_for_an_unknown_system() {
    let t = tiny_with("extra_items:", "growth:\n  systems: {住民記録x: 3}\n\nextra_items:");
    rejects("growth", &t, &["growth.systems.住民記録x", "no server belongs to system"]);
}

#[test]
fn unknown_purchase_policy() {
    let t = tiny_with("  refresh_fy: 2018\n", "  refresh_fy: 2018\n  purchase: when-cheap\n");
    rejects(
        "purchase",
        &t,
        &["plan.purchase", "unknown variant `when-cheap`", "refresh-year", "as-needed"],
    );
}

#[test]
fn min_hosts_above_max_hosts() {
    let t = tiny_with(
        "    description: LGWAN-connected network\n",
        "    description: LGWAN-connected network\n    min_hosts: 5\n    max_hosts: 2\n",
    );
    rejects("minmax", &t, &["zones[0].min_hosts", "expected at most max_hosts (2), found 5"]);
}

// ---- Issue 11: bounded reading, located errors, exit codes ------------------------------

/// Runs the binary with `args`, checks the exit code, that stderr holds every fragment, that
/// there is no panic, and that it ended within `seconds` (a hang or a quadratic refusal fails).
fn run_expect(args: &[&std::ffi::OsStr], code: i32, expected: &[&str], seconds: f64) -> String {
    let start = std::time::Instant::now();
    let output = consolidate().args(args).timeout(std::time::Duration::from_secs(30)).output();
    let output = output.unwrap();
    let took = start.elapsed().as_secs_f64();
    assert_children_under_1gb(&format!("{args:?}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "{args:?}: exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: panic\n{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{args:?}: expected `{e}` in\n{stderr}");
    }
    assert!(took < seconds, "{args:?}: took {took:.1} s");
    stderr
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

#[test]
fn devices_are_refused_at_once_by_plan_and_pack() {
    for cmd in ["plan", "pack"] {
        run_expect(&[os(cmd), os("/dev/zero")], 2, &["/dev/zero", "not a regular file"], 5.0);
    }
}

#[test]
fn extends_naming_a_device_or_a_fifo_is_refused_at_the_extends_line() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file system node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for base in ["/dev/zero", "fifo.yaml"] {
        let file = dir.path().join("scenario.yaml");
        std::fs::write(&file, format!("# a scenario\nextends: {base}\n")).unwrap();
        run_expect(
            &[os("plan"), file.as_os_str()],
            2,
            &["scenario.yaml:2:10: extends:", "not a regular file"],
            5.0,
        );
    }
    // Planning the FIFO itself does not wait for a writer either.
    run_expect(&[os("plan"), fifo.as_os_str()], 2, &["not a regular file"], 5.0);
}

#[test]
fn a_missing_file_is_exit_2_for_pack_as_for_plan() {
    run_expect(&[os("pack"), os("no-such.vbp")], 2, &["no-such.vbp", "cannot read"], 5.0);
    run_expect(&[os("plan"), os("no-such.yaml")], 2, &["no-such.yaml", "cannot read"], 5.0);
}

#[test]
fn nul_bytes_and_non_utf8_are_located() {
    let t = tiny();
    let line = line_of(&t, "    cores: 16");
    let nul = t.replacen("    cores: 16", "    cores: 1\u{0}6", 1);
    rejects("nul", &nul, &[&format!(":{line}:13"), "NUL byte"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sjis.yaml");
    let mut bytes = t.replacen("    system: 文書管理", "    system: X", 1).into_bytes();
    let at = bytes.windows(9).position(|w| w == b"system: X").unwrap() + 8;
    bytes[at] = 0x95; // Shift_JIS lead byte
    std::fs::write(&file, &bytes).unwrap();
    let line = line_of(&t, "    system: 文書管理");
    run_expect(&[os("plan"), file.as_os_str()], 2, &[&format!(":{line}:13:"), "0x95"], 5.0);
    let vbp = dir.path().join("bad.vbp");
    std::fs::write(&vbp, b"1\n10\n1\n3 \xff1\n").unwrap();
    run_expect(&[os("pack"), vbp.as_os_str()], 2, &["bad.vbp:4:3:", "0xFF"], 5.0);
}

#[test]
fn deep_nesting_is_refused_quickly_at_its_place() {
    let deep = format!("plan: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    rejects("deep", &deep, &[":1:", "nesting deeper than 32"]);
    let flow = format!("plan: {}1{}\n", "{a: ".repeat(100_000), "}".repeat(100_000));
    rejects("deepmap", &flow, &["nesting deeper than 32"]);
}

#[test]
fn alias_expansion_is_bounded() {
    // A million copies of one server through nested aliases (each level ×10).
    let mut t = tiny();
    t.push_str("x0: &x0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
    for i in 1..8 {
        let p = i - 1;
        t.push_str(&format!(
            "x{i}: &x{i} [*x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}]\n"
        ));
    }
    rejects("aliases", &t, &["more than 2000000 YAML nodes"]);
}

#[test]
fn a_million_bad_values_print_a_screenful() {
    let mut t = tiny();
    t.push_str(
        "  - name: many\n    system: x\n    zone: lgwan\n    cores: 1\n    memory_gb: 1\n    \
                renewal_fy: 2018\n    costs: { renewal: 1 }\n    cpu_profile: [\n",
    );
    for _ in 0..100_000 {
        t.push_str("      500,\n");
    }
    t.push_str("    ]\n");
    rejects("million", &t, &["servers[5].cpu_profile", "at most 24 entries"]);
    // Many separate mistakes: capped, then counted.
    let mut t = tiny();
    for i in 0..200 {
        t.push_str(&format!(
            "  - name: bad{i}\n    system: x\n    zone: nowhere\n    cores: 1\n    peak_cpu_pct: 1\n    \
             memory_gb: 1\n    renewal_fy: 2018\n    costs: {{ renewal: 1 }}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.yaml");
    std::fs::write(&file, &t).unwrap();
    let stderr = run_expect(&[os("plan"), file.as_os_str()], 2, &["… and 170 more errors"], 10.0);
    assert_eq!(stderr.lines().count(), 31);
}

#[test]
fn a_value_written_in_a_scenario_is_located_in_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.yaml"), tiny()).unwrap();
    let scenario = dir.path().join("scenario.yaml");
    std::fs::write(
        &scenario,
        "# scenario\nextends: base.yaml\npolicy:\n  vcpu_per_core: 4\n  spare_hosts: 9\n\
         zones:\n  - name: lgwan\n    max_hosts: 201\n",
    )
    .unwrap();
    let stderr = run_expect(
        &[os("plan"), scenario.as_os_str()],
        2,
        &["scenario.yaml:5:16: policy.spare_hosts", "scenario.yaml:8:16: zones[0].max_hosts"],
        5.0,
    );
    assert!(!stderr.contains("base.yaml"), "{stderr}");
}

#[test]
fn unmeetable_groups_and_host_limits_are_located_at_their_field() {
    // max_hosts below the spares plus one.
    let t = tiny_with("    description: LGWAN-connected network\n", "    max_hosts: 1\n");
    let line = line_of(&t, "max_hosts: 1");
    rejects("spares", &t, &[&format!(":{line}:16: zones[0].max_hosts"), "at least 2 hosts"]);
    // A redundancy group of two needs 2 + 1 spare hosts.
    let t = tiny_with("    description: LGWAN-connected network\n", "    max_hosts: 2\n");
    let line = line_of(&t, "redundancy_group: ap");
    rejects(
        "redundancy",
        &t,
        &[&format!(":{line}:23: servers[0].redundancy_group"), "ap-1, ap-2", "max_hosts is 2"],
    );
    // An affinity group whose members together exceed every host model.
    let t = tiny()
        .replacen("    memory_gb: 64\n", "    memory_gb: 150\n    affinity_group: big\n", 1)
        .replacen("    memory_gb: 16\n", "    memory_gb: 150\n    affinity_group: big\n", 1);
    let line = line_of(&t, "affinity_group: big");
    rejects(
        "affinity",
        &t,
        &[&format!(":{line}:21: servers[2].affinity_group"), "db-1, file-1", "300.0 GB"],
    );
}

#[test]
fn pack_time_limit_and_bad_instances_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.vbp");
    std::fs::write(&f, "1\n10\n1\n3 200000000\n").unwrap();
    run_expect(&[os("pack"), f.as_os_str()], 2, &["big.vbp:4:3:", "at most 100000"], 5.0);
    std::fs::write(&f, "1\n4294967296\n1\n3 2\n").unwrap();
    run_expect(&[os("pack"), f.as_os_str()], 2, &["big.vbp:2:1:", "at most 10000000"], 5.0);
}

#[test]
fn a_scenario_policy_value_the_bcp_site_inherits_is_located_in_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("inventories/gifu-2018.yaml")).unwrap();
    std::fs::write(dir.path().join("base.yaml"), base).unwrap();
    let scenario = dir.path().join("scenario.yaml");
    // 75 is fine for the main policy (target 70) but below the BCP site's target of 80; the
    // BCP policy has no failover_cpu_pct of its own, so the value is the scenario's.
    std::fs::write(
        &scenario,
        "extends: base.yaml\npolicy:\n  failover_cpu_pct: 75\n  target_cpu_pct: 70\n",
    )
    .unwrap();
    let stderr = run_expect(
        &[os("plan"), scenario.as_os_str()],
        2,
        &["scenario.yaml:3:21: policy.failover_cpu_pct", "at the BCP site"],
        10.0,
    );
    assert!(!stderr.contains("base.yaml"), "{stderr}");
}

#[test]
fn an_extends_chain_shares_one_size_limit() {
    // Two files of 40 MB each: each under the 64 MiB limit, together over it.
    let dir = tempfile::tempdir().unwrap();
    let filler = format!("#{}\n", "x".repeat(999)).repeat(40_000);
    std::fs::write(dir.path().join("base.yaml"), format!("{}{filler}", tiny())).unwrap();
    let scenario = dir.path().join("scenario.yaml");
    std::fs::write(&scenario, format!("extends: base.yaml\n{filler}")).unwrap();
    run_expect(&[os("plan"), scenario.as_os_str()], 2, &["more than 64 MiB"], 10.0);
}

/// Constraints the loader cannot refute alone but the planner finds unmeetable: the error is
/// still located at the field that states the constraint, names the servers, and lists each
/// option of host models tried with its own reason.
#[test]
fn what_the_planner_finds_unmeetable_is_located_and_names_the_servers() {
    // max_hosts above the spares, but below the active hosts plus the spare: db-1 and file-1
    // each fill a host, ap-1 and ap-2 must be apart and fit beside neither, so 4 active hosts;
    // after a failure no survivor has room for a lost server, so 1 spare.
    let t = tiny_with("    description: LGWAN-connected network\n", "    max_hosts: 4\n")
        .replacen("    memory_gb: 64\n", "    memory_gb: 200\n", 1)
        .replacen("    memory_gb: 16\n", "    memory_gb: 200\n", 1)
        .replacen("  failover_memory_pct: 100\n", "  failover_memory_pct: 80\n", 1);
    let line = line_of(&t, "max_hosts: 4");
    rejects(
        "max-hosts",
        &t,
        &[
            &format!(":{line}:16: zones[0].max_hosts: cluster lgwan: no option of host models"),
            "host model std-16c: needs 5 hosts (1 of them spare for N+1), more than max_hosts 4",
            "the servers of its active hosts: [ap-1] [ap-2] [db-1] [file-1]",
        ],
    );
    // An affinity group that fits a host in the first year, but not once its demand has grown
    // (the loader checks the smallest demand of the horizon, the planner the largest).
    let t = tiny()
        .replacen("    memory_gb: 64\n", "    memory_gb: 100\n    affinity_group: big\n", 1)
        .replacen("    memory_gb: 16\n", "    memory_gb: 100\n    affinity_group: big\n", 1)
        .replacen("servers:\n", "growth:\n  overall_pct: 10\n\nservers:\n", 1);
    let line = line_of(&t, "affinity_group: big");
    rejects(
        "grown-affinity",
        &t,
        &[
            &format!(":{line}:21: servers[2].affinity_group: cluster lgwan cannot be built"),
            "the servers of affinity group big (db-1, file-1) need",
            "more than an empty host of model std-16c offers",
        ],
    );
}
