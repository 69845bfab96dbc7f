//! `consolidate check`: every mistake of a file in one run, each with file:line:column and
//! field (exit code 2), and warnings that are not mistakes (exit code 0).

mod common;

use common::*;

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// Line (1-based) of the first line of `file` containing `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).expect("needle") + 1
}

#[test]
fn every_mistake_of_a_file_at_once() {
    let output = consolidate().arg("check").arg(fixture("mistakes.yaml")).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let at = |needle: &str| format!("mistakes.yaml:{}:", line_of("mistakes.yaml", needle));
    let expected = [
        (at("{name: a,"), "servers[0].peak_cpu: unknown field `peak_cpu`"),
        (
            at("{name: b,"),
            "servers[1].memory_gb: invalid type: string \"thirty-two\", expected a number",
        ),
        (at("{name: c,"), "servers[2]: missing field `cores`"),
        (
            at("{name: d, system: s, zone: lgwan, cores: 0"),
            "servers[3].cores: expected a whole number greater than 0",
        ),
        (at("zone: dmz"), "servers[4].zone: unknown zone `dmz`"),
        (at("renewal_fy: 2030"), "servers[5].renewal_fy: fiscal year 2030 is outside"),
        (at("duplicate name"), "servers[6].name: duplicate server name `d`"),
        (at("price: 0"), "host_models[0].price: expected a number greater than 0"),
        (at("target_cpu_pct: 120"), "policy.target_cpu_pct: expected a percentage"),
    ];
    for (position, message) in &expected {
        let line = stderr.lines().find(|l| l.contains(message));
        let line = line.unwrap_or_else(|| panic!("`{message}` missing from\n{stderr}"));
        assert!(line.contains(position.as_str()), "`{message}` not at {position}: {line}");
    }
    assert!(stderr.contains("mistakes.yaml: 10 problem(s)"), "{stderr}");
}

#[test]
fn warnings_that_are_not_mistakes() {
    let output = consolidate().arg("check").arg(fixture("warnings.yaml")).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let at = |needle: &str| {
        format!(
            "warning: {}:{}:",
            fixture("warnings.yaml").display(),
            line_of("warnings.yaml", needle)
        )
    };
    for (position, message) in [
        (at("site: second"), "bcp: the BCP site inherits `spare_hosts: 1`"),
        (at("{name: db,"), "servers[0]: `db` fits only host model `large`"),
        (at("- name: internet"), "zones[1]: zone `internet` has one server"),
    ] {
        let line = stdout.lines().find(|l| l.contains(message));
        let line = line.unwrap_or_else(|| panic!("`{message}` missing from\n{stdout}"));
        assert!(line.starts_with(&position), "`{message}` not at {position}: {line}");
    }
    assert!(stdout.contains("no mistakes, 3 warning(s)"), "{stdout}");
}

#[test]
fn the_samples_have_no_mistakes() {
    for sample in
        ["inventories/tiny.yaml", "inventories/gifu-2018.yaml", "inventories/mid-size.yaml"]
    {
        let output = consolidate().arg("check").arg(root().join(sample)).output().unwrap();
        assert!(output.status.success(), "{sample}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn a_bcp_site_with_its_own_spares_is_not_warned_about() {
    let text = std::fs::read_to_string(fixture("warnings.yaml")).unwrap();
    let text = text.replace("  from_fy: 2020\n", "  from_fy: 2020\n  policy: {spare_hosts: 0}\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.yaml");
    std::fs::write(&file, text).unwrap();
    let output = consolidate().arg("check").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("inherits"), "{stdout}");
    assert!(stdout.contains("2 warning(s)"), "{stdout}");
}
