//! `consolidate compare`: the figures it sets side by side are each scenario's own `plan`
//! figures, the files are written, and bad input, duplicate names and too few files are refused
//! with exit code 2 and nothing written.

mod common;

use common::*;
use consolidate::report::format::Money;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const FILES: [&str; 7] = [
    "compare.md",
    "compare.html",
    "compare.csv",
    "compare.json",
    "compare.png",
    "compare.svg",
    "compare.xlsx",
];

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn tiny_text() -> String {
    std::fs::read_to_string(root().join("inventories/tiny.yaml")).unwrap()
}

/// Runs `compare` on the files into `out`, asserts success, returns stdout and compare.json.
fn compare_ok(files: &[&Path], out: &Path) -> (String, Json) {
    let assert = consolidate().arg("compare").args(files).arg("--out").arg(out).assert();
    let o = assert.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "compare failed:\n{stderr}");
    let text = std::fs::read_to_string(out.join("compare.json")).expect("compare.json written");
    (String::from_utf8_lossy(&o.stdout).into_owned(), serde_json::from_str(&text).unwrap())
}

/// Runs `compare` expecting exit code 2 and nothing written; returns stderr.
fn compare_fails(files: &[&Path], out: &Path) -> String {
    let assert = consolidate().arg("compare").args(files).arg("--out").arg(out).assert();
    let o = assert.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "output folder written");
    stderr
}

/// The scenario names heading the stdout table (the line above its rule).
fn table_header(stdout: &str) -> Vec<&str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let rule = lines.iter().position(|l| l.starts_with("---")).expect("a rule under the header");
    lines[rule - 1].split_whitespace().collect()
}

/// The cells of the stdout table row whose label is `label` (split on runs of two spaces).
fn row<'a>(stdout: &'a str, label: &str) -> Vec<&'a str> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(label) && l[label.len()..].starts_with("  "))
        .unwrap_or_else(|| panic!("no `{label}` row in\n{stdout}"));
    line[label.len()..].split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A scenario's figures in compare.json equal its own plan.json: summary and every year.
fn same_figures(scenario: &Json, plan: &Json) {
    assert_eq!(scenario["name"], plan["plan"]["name"]);
    assert_eq!(scenario["title"], plan["plan"]["title"]);
    assert_eq!(scenario["summary"], plan["summary"], "{}", scenario["name"]);
    let years = scenario["years"].as_array().unwrap();
    let own = plan["years"].as_array().unwrap();
    assert_eq!(years.len(), own.len());
    for (y, p) in years.iter().zip(own) {
        assert_eq!(y["fy"], p["fy"]);
        assert_eq!(y["baseline"], p["baseline"]["total"]);
        assert_eq!(y["plan"], p["plan"]["total"]);
        assert_eq!(y["effect"], p["effect"]);
        assert_eq!(y["baseline_cumulative"], p["baseline_cumulative"]);
        assert_eq!(y["plan_cumulative"], p["plan_cumulative"]);
    }
    let hosts: usize = plan["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["hosts"].as_array().unwrap().len())
        .sum();
    let by_cluster: u64 =
        scenario["clusters"].as_array().unwrap().iter().map(|c| c["hosts"].as_u64().unwrap()).sum();
    assert_eq!(by_cluster as usize, hosts);
}

#[test]
fn tiny_against_a_scenario_without_spare_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = write(dir.path(), "tiny.yaml", &tiny_text());
    let scenario = write(
        dir.path(),
        "no-spare.yaml",
        "extends: tiny.yaml\nplan: {name: tiny-no-spare}\npolicy: {spare_hosts: 0}\n",
    );
    let plans =
        [plan_ok(&tiny, &dir.path().join("p1")), plan_ok(&scenario, &dir.path().join("p2"))];
    assert_eq!(plans[0]["summary"]["hosts_total"], 3);
    assert_eq!(plans[1]["summary"]["hosts_total"], 2);

    let out = dir.path().join("cmp");
    let (stdout, json) = compare_ok(&[&tiny, &scenario], &out);

    // compare.json: each scenario's figures are its own plan's.
    let scenarios = json["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 2);
    for (s, p) in scenarios.iter().zip(&plans) {
        same_figures(s, p);
    }
    assert_eq!(scenarios[0]["file"], tiny.display().to_string());
    assert_eq!(scenarios[1]["file"], scenario.display().to_string());
    let plan_total = |i: usize| f(&plans[i]["summary"]["plan_total"]);
    assert_eq!(f(&scenarios[0]["plan_difference"]), 0.0);
    assert_eq!(f(&scenarios[1]["plan_difference"]), plan_total(1) - plan_total(0));
    assert!(plan_total(1) < plan_total(0), "one host fewer costs less");
    assert_eq!(json["baselines_equal"], true);
    assert_eq!(json["fiscal_years"], serde_json::json!([2017, 2018, 2019, 2020, 2021]));

    // compare.csv: one row per scenario and fiscal year, the plan's own figures.
    let mut reader = csv::Reader::from_path(out.join("compare.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["scenario", "fy", "baseline", "plan", "effect", "cumulative_baseline", "cumulative_plan"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 10);
    for (k, r) in rows.iter().enumerate() {
        let (i, y) = (k / 5, &plans[k / 5]["years"][k % 5]);
        let num = |c: usize| r[c].parse::<f64>().unwrap();
        assert_eq!(&r[0], plans[i]["plan"]["name"].as_str().unwrap());
        assert_eq!(r[1].parse::<i64>().unwrap(), y["fy"].as_i64().unwrap());
        assert_eq!(num(2), f(&y["baseline"]["total"]));
        assert_eq!(num(3), f(&y["plan"]["total"]));
        assert_eq!(num(4), f(&y["effect"]));
        assert_eq!(num(5), f(&y["baseline_cumulative"]));
        assert_eq!(num(6), f(&y["plan_cumulative"]));
    }

    // stdout: the table, one column per scenario, money as the report writes it.
    let m = Money::new("JPY");
    assert_eq!(table_header(&stdout), ["tiny", "tiny-no-spare"]);
    assert_eq!(row(&stdout, "file"), ["tiny.yaml", "no-spare.yaml"]);
    assert!(stdout.contains(&scenario.display().to_string()), "{stdout}");
    assert_eq!(row(&stdout, "hosts"), ["3", "2"]);
    assert_eq!(row(&stdout, "servers in scope"), ["4", "4"]);
    assert_eq!(row(&stdout, "servers virtualised"), ["4", "4"]);
    let money_row = |key: &str| -> Vec<String> {
        plans.iter().map(|p| m.amount(f(&p["summary"][key]))).collect()
    };
    assert_eq!(row(&stdout, "five-year baseline"), money_row("baseline_total"));
    assert_eq!(row(&stdout, "five-year plan"), money_row("plan_total"));
    assert_eq!(row(&stdout, "cost effect"), money_row("cost_effect"));
    let difference = plan_total(1).round() - plan_total(0).round();
    assert!(difference < 0.0);
    assert_eq!(row(&stdout, "plan vs tiny"), ["-".to_string(), m.signed(difference)]);
    for k in 0..5 {
        let fy = plans[0]["years"][k]["fy"].as_i64().unwrap();
        let cells: Vec<String> =
            plans.iter().map(|p| m.amount(f(&p["years"][k]["plan"]["total"]))).collect();
        assert_eq!(row(&stdout, &format!("plan FY{fy}")), cells);
    }
    assert!(stdout.contains("wrote 7 files to"), "{stdout}");
    assert!(!stdout.contains("hosts at"), "no BCP site, no hosts per site:\n{stdout}");

    // Exactly the comparison files; the chart decodes as PNG and SVG.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected = FILES.map(String::from).to_vec();
    expected.sort();
    assert_eq!(names, expected);
    let png = std::fs::read(out.join("compare.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
    assert!(png.len() > 10_000);
    let svg = std::fs::read_to_string(out.join("compare.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("tiny-no-spare: effect"), "svg");
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("# Scenario comparison: tiny, tiny-no-spare"), "{md}");
    assert!(md.contains("## Assumptions that differ") && md.contains("N+1"), "{md}");
    assert!(md.contains("![") && md.contains("(compare.png)"), "{md}");

    // Deterministic: the same comparison again gives the same bytes.
    let again = dir.path().join("cmp2");
    compare_ok(&[&tiny, &scenario], &again);
    for name in FILES {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn the_gifu_scenarios_compare_on_one_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        root().join("inventories/gifu-2018.yaml"),
        root().join("inventories/scenarios/gifu-2018-as-needed.yaml"),
        root().join("inventories/scenarios/gifu-2018-dense.yaml"),
    ];
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (stdout, json) = compare_ok(&refs, &dir.path().join("cmp"));
    assert_eq!(json["baselines_equal"], true);
    let scenarios = json["scenarios"].as_array().unwrap();
    let names: Vec<&str> = scenarios.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["gifu-2018", "gifu-2018-as-needed", "gifu-2018-dense"]);
    let baseline = |s: &Json| f(&s["summary"]["baseline_total"]);
    assert!(scenarios.iter().all(|s| baseline(s) == baseline(&scenarios[0])));
    for s in scenarios {
        assert_eq!(s["years"].as_array().unwrap().len(), 5);
        for (y, y0) in
            s["years"].as_array().unwrap().iter().zip(scenarios[0]["years"].as_array().unwrap())
        {
            assert_eq!(y["baseline"], y0["baseline"]);
        }
    }
    // The BCP site's hosts are counted apart.
    assert_eq!(row(&stdout, "hosts at new-city-hall"), ["2", "2", "2"]);
    let total = |s: &Json| s["summary"]["hosts_total"].as_u64().unwrap();
    let main: Vec<String> = scenarios.iter().map(|s| (total(s) - 2).to_string()).collect();
    assert_eq!(row(&stdout, "hosts at main site"), main);
    assert!(stdout.contains("Every scenario has the same baseline"), "{stdout}");
    // The scenarios differ from the base in their assumptions.
    let md = std::fs::read_to_string(dir.path().join("cmp/compare.md")).unwrap();
    assert!(md.contains("**gifu-2018-as-needed**: Plan: hosts are bought"), "{md}");
}

#[test]
fn different_baselines_are_said_to_differ() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, json) = compare_ok(
        &[&root().join("inventories/tiny.yaml"), &root().join("inventories/mid-size.yaml")],
        &dir.path().join("cmp"),
    );
    assert_eq!(json["baselines_equal"], false);
    assert!(stdout.contains("The baselines differ"), "{stdout}");
    let md = std::fs::read_to_string(dir.path().join("cmp/compare.md")).unwrap();
    assert!(md.contains("the baseline of tiny (the baselines differ"), "{md}");
}

#[test]
fn bad_input_in_the_second_file_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = root().join("inventories/tiny.yaml");
    let text = tiny_text();
    assert!(text.contains("    cores: 4\n"));
    let bad =
        write(dir.path(), "broken.yaml", &text.replacen("    cores: 4\n", "    cores: 0\n", 1));
    let err = compare_fails(&[&tiny, &bad], &dir.path().join("cmp"));
    assert!(err.contains("broken.yaml:") && err.contains("servers[3].cores"), "{err}");
    assert!(!err.contains("inventories/tiny.yaml"), "only the bad file is named: {err}");
}

#[test]
fn scenarios_with_the_same_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = write(dir.path(), "tiny.yaml", &tiny_text());
    // Extends tiny without renaming it: both are called `tiny`.
    let same =
        write(dir.path(), "same-name.yaml", "extends: tiny.yaml\npolicy: {spare_hosts: 0}\n");
    let err = compare_fails(&[&tiny, &same], &dir.path().join("cmp"));
    assert!(err.contains("same-name.yaml") && err.contains("both named `tiny`"), "{err}");
    assert!(err.contains("plan.name"), "{err}");
}

#[test]
fn fewer_than_two_files_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    for args in [vec![], vec![root().join("inventories/tiny.yaml")]] {
        let assert = consolidate().arg("compare").args(&args).arg("--out").arg(&out).assert();
        let o = assert.get_output();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("Usage"), "{stderr}");
        assert!(!out.exists());
    }
}

/// `--lang ja`: the table, notes, CSV (UTF-8 with a BOM), document and workbook in Japanese,
/// Japanese scenario names aligned by display width and intact in every file.
#[test]
fn compare_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let tiny = root().join("inventories/tiny.yaml");
    let ja = root().join("tests/fixtures/ja-names.yaml");
    let assert = consolidate()
        .arg("compare")
        .args([&tiny, &ja])
        .args(["--lang", "ja", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for needle in ["2シナリオの比較", "5年間の現行踏襲", "削減効果", "計画 2018年度", "岐阜市-検証"]
    {
        assert!(stdout.contains(needle), "{needle}:\n{stdout}");
    }
    // Header and rule line up by display width: the rule is as wide as the header cells.
    let header = stdout.lines().find(|l| l.contains("岐阜市-検証") && l.contains("tiny")).unwrap();
    let rule = stdout.lines().find(|l| l.starts_with("---")).unwrap();
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(header.trim_end()),
        unicode_width::UnicodeWidthStr::width(rule.trim_end()),
        "{stdout}"
    );
    let csv = std::fs::read(out.join("compare.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.starts_with("シナリオ,年度,現行踏襲,計画,削減効果"), "{csv}");
    assert!(csv.contains("岐阜市-検証,2017,"));
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(
        md.contains("# シナリオ比較：tiny、岐阜市-検証") && md.contains("## 共通の前提"),
        "{md}"
    );
    let svg = std::fs::read_to_string(out.join("compare.svg")).unwrap();
    assert!(svg.contains("計画：岐阜市-検証") && !svg.contains("???"), "svg");
    assert!(std::fs::read(out.join("compare.xlsx")).unwrap().starts_with(b"PK\x03\x04"));
    let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(html.contains("<html lang=\"ja\">") && html.contains("<h2>共通の前提</h2>"));
    assert!(html.contains("<th>岐阜市-検証</th>") || html.contains(">岐阜市-検証</th>"), "{html}");
}

/// The tables of a compare.html: each `<table>`'s header cells.
fn html_tables(html: &str) -> Vec<Vec<String>> {
    html.split("<table>")
        .skip(1)
        .map(|t| {
            let head = t.split("</thead>").next().unwrap_or("");
            head.split("<th")
                .skip(1)
                .filter(|c| c.starts_with('>') || c.starts_with(' '))
                .map(|c| {
                    let inner = c.split_once('>').map_or("", |x| x.1);
                    inner.split("</th>").next().unwrap_or("").to_string()
                })
                .collect()
        })
        .collect()
}

/// compare.html for the two Gifu scenario files, in English and in Japanese: the page is
/// there, with the document's tables (scenarios, side by side, one cost table per scenario,
/// hosts per cluster) and labels in the chosen language, the chart inlined as SVG; and
/// compare.xlsx reads back with the figures of compare.json as numbers.
#[test]
fn compare_html_and_xlsx_for_two_scenario_files_in_both_languages() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let a = root().join("inventories/scenarios/gifu-2018-as-needed.yaml");
    let b = root().join("inventories/scenarios/gifu-2018-dense.yaml");
    for (lang, side, fy_col, total) in [
        ("en", "<h2>Side by side</h2>", "fiscal year", "Total"),
        ("ja", "<h2>比較表</h2>", "年度", "合計"),
    ] {
        let out = dir.path().join(format!("cmp-{lang}"));
        consolidate()
            .arg("compare")
            .args([&a, &b])
            .args(["--lang", lang, "--out"])
            .arg(&out)
            .assert()
            .success();
        let (_, json) = {
            let text = std::fs::read_to_string(out.join("compare.json")).unwrap();
            ((), serde_json::from_str::<Json>(&text).unwrap())
        };
        let html = std::fs::read_to_string(out.join("compare.html")).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{lang}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(html.contains(side), "{lang}: {side}");
        assert!(html.contains("<figure>\n<svg"), "{lang}: the chart inlined");
        assert!(!html.contains('`'), "{lang}: no literal backticks");
        let tables = html_tables(&html);
        // Scenarios, side by side, one cost table per scenario, hosts per cluster.
        assert_eq!(tables.len(), 1 + 1 + 2 + 1, "{lang}: {tables:?}");
        assert!(tables[1].contains(&"gifu-2018-dense".to_string()), "{lang}: {:?}", tables[1]);
        assert_eq!(tables[2][0], fy_col, "{lang}");
        assert!(html.contains(&format!("<tr class=\"total\"><td>{total}</td>")), "{lang}");

        let cursor = std::io::Cursor::new(std::fs::read(out.join("compare.xlsx")).unwrap());
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(cursor).expect("xlsx opens");
        let names = book.sheet_names();
        assert_eq!(names.len(), 2, "{lang}: {names:?}");
        let years = book.worksheet_range(&names[1]).expect("by-year sheet");
        let rows: Vec<&[Data]> = years.rows().collect();
        let scenarios = json["scenarios"].as_array().unwrap();
        let expected: usize = scenarios.iter().map(|s| s["years"].as_array().unwrap().len()).sum();
        assert_eq!(rows.len(), 1 + expected, "{lang}");
        let number = |d: &Data| match d {
            Data::Float(x) => *x,
            Data::Int(x) => *x as f64,
            other => panic!("{lang}: a number, not {other:?}"),
        };
        let first = &scenarios[0]["years"][0];
        assert_eq!(rows[1][0], Data::String(scenarios[0]["name"].as_str().unwrap().into()));
        assert_eq!(number(&rows[1][1]), first["fy"].as_f64().unwrap());
        assert_eq!(number(&rows[1][3]), first["plan"].as_f64().unwrap().round(), "whole yen");
        // The side-by-side sheet keeps counts and amounts as numbers.
        let side_sheet = book.worksheet_range(&names[0]).expect("side-by-side sheet");
        let numbers = side_sheet
            .rows()
            .flat_map(|r| r.iter())
            .filter(|d| matches!(d, Data::Float(_) | Data::Int(_)))
            .count();
        assert!(numbers >= 2 * 6, "{lang}: figures as numbers, found {numbers}");
    }
}
