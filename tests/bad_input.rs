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
    let assert = consolidate().arg("plan").arg(&file).arg("--out").arg(&out).assert();
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
