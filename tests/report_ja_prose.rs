//! The Japanese report carries no English sentence (issue 9): every sentence the planner
//! states about a cluster, an exclusion or an assumption is a fact rendered through the message
//! catalogue, not English prose copied into the report.
//!
//! The check: plan an inventory, render report.md in Japanese, blank out every string the
//! inventory itself holds (names, descriptions, notes: the user's own words, kept as written),
//! code spans, file names and links; what is left may hold ASCII words only as units and
//! acronyms (`CPU`, `GB`, `N+1`). A stretch of ASCII text between two non-ASCII characters that
//! holds three or more other words is an English sentence (or the start of one) and fails.

mod common;

use common::root;
use consolidate::report::{self, Era, Lang, ReportOptions};
use serde_json::Value as Json;

/// Words that may stand in Japanese text: units, acronyms and the resource names the
/// Japanese plan itself writes in Latin letters.
const ALLOWED: &[&str] = &[
    "CPU", "vCPU", "GB", "TB", "PUE", "kWh", "ICT", "BCP", "LP", "OS", "JPY", "SVG", "PNG", "CSV",
    "HTML", "JSON", "LGWAN",
];

/// Fields of the inventory whose values are keywords of the format (`per: core`,
/// `applies_to: plan`), not the user's words: they are not blanked.
const KEYWORDS: &[&str] = &["per", "applies_to", "purchase", "language", "currency"];

/// Every string value of the inventory as loaded (names, descriptions, reasons, notes), each
/// at least two characters long, longest first.
fn inventory_strings(loaded: &consolidate::inventory::load::Loaded) -> Vec<String> {
    fn collect(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::String(s) if s.chars().count() >= 2 => out.push(s.clone()),
            Json::Array(a) => a.iter().for_each(|x| collect(x, out)),
            Json::Object(o) => o
                .iter()
                .filter(|(k, _)| !KEYWORDS.contains(&k.as_str()))
                .for_each(|(_, x)| collect(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    collect(&serde_json::to_value(&loaded.inventory).expect("inventory to JSON"), &mut out);
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

/// `text` with every occurrence of `name` that stands alone (not inside a longer ASCII word)
/// replaced by a non-ASCII mark.
fn blank(text: &str, name: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = if at > 0 { rest[..at].chars().last() } else { out.chars().last() };
        let after = rest[at + name.len()..].chars().next();
        out.push_str(&rest[..at]);
        if word(before) || word(after) {
            out.push_str(name);
        } else {
            out.push('〓');
        }
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    out
}

/// `text` without code spans (`` `x` ``) and markdown link targets (`(file.svg)`), and with
/// file names blanked.
fn without_code_and_files(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        out.push_str(if i % 2 == 1 { "〓" } else { part });
    }
    let exts = [".svg", ".png", ".csv", ".xlsx", ".json", ".md", ".html", ".yaml"];
    let mut kept = String::new();
    for token in out.split_inclusive(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c))) {
        let core =
            token.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)));
        if exts.iter().any(|e| core.ends_with(e)) {
            kept.push('〓');
            kept.push_str(&token[core.len()..]);
        } else {
            kept.push_str(token);
        }
    }
    kept
}

/// The stretches of ASCII text that read as English: three or more words that are not units.
fn english_runs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        for segment in line.split(|c: char| !c.is_ascii()) {
            let words: Vec<&str> = segment
                .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
                .map(|w| w.trim_matches('\''))
                .filter(|w| w.len() >= 2 && !ALLOWED.contains(w))
                .collect();
            if words.len() >= 3 {
                found.push(format!("{:?} in line {line:?}", segment.trim()));
            }
        }
    }
    found
}

/// report.md of the inventory in Japanese, with the inventory's own strings blanked.
fn japanese_report_without_names(inventory: &str) -> String {
    let path = root().join(inventory);
    let (loaded, result) =
        consolidate::commands::plan::load_and_plan(&path).expect("the inventory plans");
    let files = report::render_all_with(&result, &ReportOptions::new(Lang::Ja, Era::Western))
        .expect("renders");
    let md = files.iter().find(|f| f.name == "report.md").expect("report.md rendered");
    let mut text = String::from_utf8(md.bytes.clone()).expect("UTF-8");
    for name in inventory_strings(&loaded) {
        text = blank(&text, &name);
    }
    without_code_and_files(&text)
}

fn assert_no_english(inventory: &str) {
    let text = japanese_report_without_names(inventory);
    assert!(!text.contains("英語"), "{inventory}: a label still says a part is in English");
    let runs = english_runs(&text);
    assert!(
        runs.is_empty(),
        "{inventory}: the Japanese report.md has {} English stretch(es):\n{}",
        runs.len(),
        runs.join("\n")
    );
}

#[test]
fn the_japanese_report_of_the_sample_has_no_english_sentence() {
    assert_no_english("inventories/gifu-2018.yaml");
}

#[test]
fn the_japanese_report_of_the_japanese_names_fixture_has_no_english_sentence() {
    assert_no_english("tests/fixtures/ja-names.yaml");
}

/// The check itself finds English where there is some, and leaves names, units, code spans and
/// file names alone.
#[test]
fn the_check_finds_english_and_spares_names_units_and_files() {
    assert_eq!(
        english_runs("下限：通常運用10台（cpu: 412.0 of demand, at most 41.5 per host）").len(),
        1
    );
    assert_eq!(english_runs("ホスト9.94台分（〓）：CPU 61.5%、vCPU 76.2%、メモリ GB").len(), 0);
    assert!(
        english_runs(&without_code_and_files("（ベクター形式：[timeofday.svg](timeofday.svg)）"))
            .is_empty()
    );
    assert!(
        english_runs(&without_code_and_files("採用：`2× v32c-512g + 9× v44c-768g with spares`"))
            .is_empty()
    );
    assert_eq!(
        blank("対象外：water and sewage bureauは別途検討", "water and sewage bureau"),
        "対象外：〓は別途検討"
    );
    // A name inside a longer word is not blanked (the English around it still counts).
    assert_eq!(blank("apart", "ap"), "apart");
}
