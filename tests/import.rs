//! `consolidate import` on the sample files of tests/fixtures/import (a CP932 ledger with
//! Japanese headers, an Excel ledger, an RVTools workbook and its per-tab CSV export): what
//! each value is read as, what the report says, that the written inventories load and plan,
//! and that unreadable rows stop the import with file, row and column and nothing written.

mod common;

use common::*;
use consolidate::import::{self, Imported, Options};
use consolidate::inventory::{self, ServerEntry};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

fn base_options() -> Options {
    let base = std::fs::read_to_string(fixture("base.yaml")).unwrap();
    let file: inventory::InventoryFile = serde_yaml::from_str(&base).unwrap();
    Options {
        zones: file.zones.unwrap(),
        default_zone: None,
        include_powered_off: false,
        default_renewal_fy: 2018,
    }
}

fn read(name: &str, opts: &Options) -> Imported {
    import::read(&fixture(name), opts).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn server<'a>(i: &'a Imported, name: &str) -> &'a ServerEntry {
    &i.servers.iter().find(|s| s.entry.name == name).unwrap_or_else(|| panic!("{name}")).entry
}

/// Runs `import FILES --base base.yaml --out DIR/out.yaml [extra]`; returns stdout, and checks
/// that the inventory written loads and plans.
fn import_and_plan(files: &[&str], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    let mut cmd = consolidate();
    cmd.arg("import");
    for f in files {
        cmd.arg(fixture(f));
    }
    cmd.arg("--base").arg(fixture("base.yaml")).arg("--out").arg(&out).args(extra);
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "{files:?}: {}", String::from_utf8_lossy(&output.stderr));
    inventory::load(&out).unwrap_or_else(|e| panic!("{files:?}: written inventory: {e:?}"));
    let plan = plan_ok(&out, &dir.path().join("plan"));
    verify_layout(&out, &plan).unwrap();
    stdout
}

#[test]
fn cp932_ledger_with_japanese_headers() {
    let i = read("ledger-cp932.csv", &base_options());
    assert_eq!(i.kind, "server ledger, CSV in Shift_JIS (CP932)");
    assert_eq!(i.ignored_columns, ["No", "設置場所", "OS"]);
    assert_eq!(i.servers.len(), 11, "the blank and total rows are not servers");
    let db = server(&i, "jumin-db-01");
    assert_eq!(db.cores, Some(16), "2×8");
    assert_eq!((db.memory_gb, db.storage_gb), (Some(192.0), Some(2000.0)), "192GB, 2TB");
    assert_eq!(db.zone.as_deref(), Some("my-number"), "基幹系");
    assert_eq!(db.costs.as_ref().unwrap().renewal, 3_190_000.0, "¥ as the CP932 byte 0x5C");
    let tax = server(&i, "zeimu-ap");
    assert_eq!((tax.cores, tax.memory_gb, tax.peak_cpu_pct), (Some(8), Some(24.0), Some(36.0)));
    assert_eq!(tax.renewal_fy, Some(2019), "H31");
    let costs = tax.costs.as_ref().unwrap();
    assert_eq!((costs.maintenance, costs.renewal), (150_000.0, 1_880_000.0), "千円 header, 万円");
    assert_eq!(server(&i, "zeimu-db").renewal_fy, Some(2019), "R1");
    assert_eq!(server(&i, "bunsho-db").renewal_fy, Some(2019), "令和元年度");
    assert_eq!(server(&i, "bunsho-db").zone.as_deref(), Some("lgwan"), "full-width ＬＧＷＡＮ系");
    assert_eq!(server(&i, "zaimu-ap").zone.as_deref(), Some("lgwan"), "情報系");
    assert_eq!(server(&i, "web-cms").renewal_fy, Some(2020), "令和2年度");
    assert_eq!(server(&i, "jumin-ap-01").bcp, Some(true));
    let hosp = server(&i, "byoin-01");
    assert_eq!(hosp.in_scope, Some(false));
    assert_eq!(hosp.exclude_reason.as_deref(), Some("市民病院が別途更新"), "from 備考");
    let report = i.report();
    assert!(report.contains("row 5 jumin-db-01: zone `基幹系` → my-number"), "{report}");
    assert!(report.contains("row 15: no server name"), "{report}");
}

#[test]
fn excel_ledger_with_english_headers() {
    let i = read("ledger.xlsx", &base_options());
    assert_eq!(i.kind, "server ledger, workbook sheet `台帳`");
    assert_eq!(i.ignored_columns, ["Serial number", "Vendor"]);
    let f = server(&i, "shisho-file-01");
    assert_eq!((f.storage_gb, f.renewal_fy), (Some(4000.0), Some(2019)), "Storage (TB)");
    assert_eq!(server(&i, "shisho-print").renewal_fy, Some(2019), "date 2020/03/31 is in FY2019");
    assert_eq!(server(&i, "shisho-print").memory_gb, Some(16.0), "\"16GB\" as text");
    let web = server(&i, "gakko-web");
    assert_eq!(web.peak_cpu_pct, Some(100.0), "blank CPU: the whole server");
    assert!(
        i.report().contains("row 7 gakko-web: zone `インターネット` → internet; CPU使用率 blank")
    );
}

#[test]
fn rvtools_workbook() {
    let i = read("rvtools.xlsx", &base_options());
    assert_eq!(i.kind, "RVTools export (workbook)");
    let portal = server(&i, "lg-portal");
    assert_eq!(portal.peak_cpu_pct, Some(25.0), "vCPU Overall 2400 of Max 9600 MHz");
    assert_eq!((portal.cores, portal.vcpus, portal.memory_gb), (Some(4), Some(4), Some(16.0)));
    assert_eq!(portal.storage_gb, Some(200.0), "204800 MiB");
    assert_eq!(portal.zone.as_deref(), Some("lgwan"), "cluster LGWAN接続系");
    assert_eq!(portal.system, "庁内ポータル", "annotation");
    assert_eq!(server(&i, "lg-av-mgr").peak_cpu_pct, Some(22.0), "host esx02's utilisation");
    assert_eq!(server(&i, "net-mail").zone.as_deref(), Some("internet"));
    let off = server(&i, "lg-old-test");
    assert_eq!(off.in_scope, Some(false));
    assert_eq!(off.exclude_reason.as_deref(), Some("powered off in the RVTools export"));
    assert!(i.servers.iter().all(|s| s.entry.name != "tpl-win2016"), "templates skipped");
    let report = i.report();
    assert!(report.contains("row 6 tpl-win2016: template: skipped"), "{report}");
    assert!(report.contains("row 4 lg-av-mgr: CPU 22 % from host esx02.city.local's utilisation"));
    let keep = Options { include_powered_off: true, ..base_options() };
    let i = read("rvtools.xlsx", &keep);
    assert_eq!(server(&i, "lg-old-test").in_scope, None, "kept in scope");
}

#[test]
fn rvtools_csv_with_its_vhost_sibling() {
    let opts = Options { default_zone: Some("my-number".into()), ..base_options() };
    let i = read("RVTools_tabvInfo.csv", &opts);
    assert_eq!(i.kind, "RVTools export (vInfo CSV, UTF-8)");
    let gw = server(&i, "my-jukinet-gw");
    assert_eq!((gw.cores, gw.memory_gb, gw.peak_cpu_pct), (Some(2), Some(8.0), Some(31.0)));
    assert_eq!(gw.zone.as_deref(), Some("my-number"));
    assert_eq!(server(&i, "my-bango-old").in_scope, Some(false));
    assert!(i.report().contains("tabs read: vInfo, vHost"));
}

#[test]
fn every_sample_imports_into_an_inventory_that_plans() {
    let out = import_and_plan(&["ledger-cp932.csv"], &[]);
    assert!(
        out.contains(
            "ledger-cp932.csv: server ledger, CSV in Shift_JIS (CP932) — 11 servers (10 in scope)"
        ),
        "{out}"
    );
    import_and_plan(&["ledger.xlsx"], &[]);
    let out = import_and_plan(&["rvtools.xlsx"], &["--include-powered-off"]);
    assert!(
        out.contains("row 5 lg-old-test: ") && out.contains("powered off: kept in scope"),
        "{out}"
    );
    import_and_plan(&["RVTools_tabvInfo.csv"], &["--zone", "マイナンバー利用事務系"]);
    let out = import_and_plan(
        &["ledger-cp932.csv", "ledger.xlsx", "rvtools.xlsx", "RVTools_tabvInfo.csv"],
        &["--zone", "my-number"],
    );
    assert!(out.contains("(24 servers)"), "{out}");
}

#[test]
fn without_a_base_the_template_gives_the_other_sections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("town.yaml");
    consolidate()
        .arg("import")
        .arg(fixture("ledger.xlsx"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# Host models on offer"), "the template's comments are kept");
    assert!(!text.contains("jumin-ap-01"), "the template's example servers are not");
    plan_ok(&out, &dir.path().join("plan"));
}

#[test]
fn without_out_the_inventory_goes_to_stdout_and_the_report_to_stderr() {
    let output = consolidate()
        .arg("import")
        .arg(fixture("ledger.xlsx"))
        .arg("--base")
        .arg(fixture("base.yaml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let (stdout, stderr) =
        (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("  - name: shisho-file-01"), "{stdout}");
    assert!(stderr.contains("columns ignored: Serial number, Vendor"), "{stderr}");
}

/// Runs an import of `files` that must fail: exit 2, every `expected` fragment in stderr,
/// nothing written.
fn import_fails(files: &[&Path], extra: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    let mut cmd = consolidate();
    cmd.arg("import").args(files).arg("--base").arg(fixture("base.yaml")).arg("--out").arg(&out);
    let output = cmd.args(extra).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected `{e}` in\n{stderr}");
    }
    assert!(!out.exists(), "nothing written");
}

#[test]
fn unreadable_rows_name_file_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    let mut text = String::from("\u{FEFF}");
    text += "Server name,Memory (GB),Cores,Zone,Renewal,Renewal cost,System\n";
    text += "ok-1,16,4,lgwan,2019,1000000,a\n";
    text += "bad-cores,16,many,lgwan,2019,1000000,a\n";
    text += "bad-memory,,4,lgwan,2019,1000000,a\n";
    text += "bad-year,16,4,lgwan,next year,1000000,a\n";
    text += "bad-zone,16,4,DMZ,2019,1000000,a\n";
    text += "late,16,4,lgwan,2030,1000000,a\n";
    std::fs::write(&csv, text).unwrap();
    import_fails(
        &[&csv],
        &[],
        &[
            "bad.csv:3:3: column C `Cores`: expected a whole number",
            "bad.csv:4:2: column B `Memory (GB)`: memory (メモリ) is required",
            "bad.csv:5:5: column E `Renewal`: expected a fiscal year",
            "bad.csv:6:4: column D `Zone`: unknown zone `DMZ`",
        ],
    );
    // Rows that read but do not fit the base (a year outside its horizon) are located too.
    std::fs::write(&csv, "Server name,Memory (GB),Cores,Zone,Renewal,Renewal cost,System\nlate,16,4,lgwan,2030,1000000,a\n").unwrap();
    import_fails(&[&csv], &[], &["bad.csv:2:5: column E `Renewal`: fiscal year 2030 is outside"]);
}

#[test]
fn rvtools_csv_without_a_zone_is_an_error_per_row() {
    import_fails(
        &[&fixture("RVTools_tabvInfo.csv")],
        &[],
        &[
            "RVTools_tabvInfo.csv:2:10: column J `vInfoCluster`: cannot tell the zone",
            "RVTools_tabvInfo.csv:3:10:",
        ],
    );
}

#[test]
fn the_same_server_in_two_files_is_reported_at_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("again.csv");
    std::fs::write(
        &csv,
        "サーバ名,業務名,コア数,メモリ,ネットワーク区分\nshisho-print,印刷,4,16,LGWAN\n",
    )
    .unwrap();
    import_fails(
        &[&fixture("ledger.xlsx"), &csv],
        &[],
        &["again.csv:2:1: column A `サーバ名`: duplicate server name `shisho-print`"],
    );
}

#[test]
fn servers_from_reads_the_ledgers_at_every_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("servers-from.yaml");
    let loaded = inventory::load(&path).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(loaded.inventory.servers.len(), 11 + 4 + 6 + 3);
    let s = loaded.inventory.servers.iter().find(|s| s.name == "zeimu-ap").unwrap();
    assert_eq!((s.cores, s.renewal_fy, s.zone.as_str()), (8, 2019, "my-number"));
    let plan = plan_ok(&path, &dir.path().join("plan"));
    verify_layout(&path, &plan).unwrap();
    // A mistake in a ledger is reported at the ledger's row.
    std::fs::copy(fixture("base.yaml"), dir.path().join("base.yaml")).unwrap();
    std::fs::write(
        dir.path().join("l.csv"),
        "サーバ名,業務名,コア数,メモリ,ネットワーク区分\nx,y,4,lots,LGWAN\n",
    )
    .unwrap();
    let inv = dir.path().join("inv.yaml");
    std::fs::write(&inv, "extends: base.yaml\nservers_from: [l.csv]\n").unwrap();
    let output = consolidate()
        .arg("plan")
        .arg(&inv)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("l.csv:2:4: column D `メモリ`: expected a size in GB"), "{stderr}");
}

#[test]
fn init_templates_load_and_plan() {
    for lang in ["en", "ja"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("start.yaml");
        consolidate().args(["init", "--lang", lang, "--out"]).arg(&file).assert().success();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("core_perf") && text.contains("Sandy Bridge"), "per-core table");
        assert!(text.starts_with("# yaml-language-server: $schema="));
        let plan = plan_ok(&file, &dir.path().join("plan"));
        verify_layout(&file, &plan).unwrap();
        // Refuses to overwrite.
        consolidate().args(["init", "--out"]).arg(&file).assert().code(2);
    }
}

#[test]
fn schema_matches_the_committed_file_and_names_every_section() {
    let output = consolidate().arg("schema").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let committed = std::fs::read_to_string(root().join("docs/inventory.schema.json")).unwrap();
    assert_eq!(text, committed, "regenerate docs/inventory.schema.json with `consolidate schema`");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for section in ["plan", "zones", "host_models", "servers", "servers_from", "extends"] {
        assert!(json["properties"].get(section).is_some(), "{section}");
    }
    for sample in
        ["inventories/gifu-2018.yaml", "inventories/tiny.yaml", "inventories/mid-size.yaml"]
    {
        let t = std::fs::read_to_string(root().join(sample)).unwrap();
        assert!(
            t.starts_with("# yaml-language-server: $schema=../docs/inventory.schema.json"),
            "{sample}"
        );
    }
}

#[test]
fn completions_for_bash() {
    let output = consolidate().args(["completions", "bash"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("consolidate")
            && text.contains("import")
            && text.contains("--include-powered-off")
    );
}
