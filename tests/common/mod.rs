//! Shared test helpers: running the binary, and checking what it wrote with the library's
//! independent plan verifier (`plan::verify`, which recomputes every demand and limit from
//! the inventory and shares no code with the planner).

#![allow(dead_code)]

use consolidate::plan::PlanResult;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command running the built binary.
pub fn consolidate() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("consolidate").expect("binary built")
}

/// Runs `consolidate plan` on an inventory into `out`, asserts success, returns plan.json.
pub fn plan_ok(inventory: &Path, out: &Path) -> Json {
    consolidate().arg("plan").arg(inventory).arg("--out").arg(out).assert().success();
    let text = std::fs::read_to_string(out.join("plan.json")).expect("plan.json written");
    serde_json::from_str(&text).expect("plan.json is JSON")
}

/// Checks an emitted plan.json against its inventory with the independent verifier.
pub fn verify_layout(inventory: &Path, plan: &Json) -> Result<(), String> {
    let loaded = consolidate::inventory::load(inventory).map_err(|e| format!("{e:?}"))?;
    let result: PlanResult =
        serde_json::from_value(plan.clone()).map_err(|e| format!("plan.json shape: {e}"))?;
    let problems = consolidate::plan::verify::verify(&loaded.inventory, &result);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    }
}

/// The files `consolidate plan` writes into its output folder whatever the plan.
pub const ALWAYS_WRITTEN: [&str; 15] = [
    "report.md",
    "report.html",
    "plan.json",
    "layout.csv",
    "costs.csv",
    "bom.csv",
    "plan.xlsx",
    "cumulative.png",
    "cumulative.svg",
    "yearly.png",
    "yearly.svg",
    "utilisation.png",
    "utilisation.svg",
    "hosts_by_year.png",
    "hosts_by_year.svg",
];

/// The time-of-day chart, written only when some server has a day profile (`cpu_profile`).
pub const TIME_OF_DAY_FILES: [&str; 2] = ["timeofday.png", "timeofday.svg"];

/// Whether `name` is a further page of the utilisation chart (`utilisation-2.png`, …),
/// written only when the chart is higher than a printed page: the fixed lists here leave
/// them out.
pub fn is_further_page(name: &str) -> bool {
    let stem = name.strip_suffix(".png").or_else(|| name.strip_suffix(".svg"));
    stem.and_then(|s| s.strip_prefix("utilisation-"))
        .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n >= 2))
}

/// The further pages among `names` (see [`is_further_page`]) are numbered 2, 3, … without
/// gaps, each as PNG and SVG; returns how many there are.
pub fn further_pages(names: &[String]) -> usize {
    let n = names.iter().filter(|f| is_further_page(f)).count() / 2;
    for i in 2..n + 2 {
        for ext in ["png", "svg"] {
            let f = format!("utilisation-{i}.{ext}");
            assert!(names.contains(&f), "{f} among the further pages {names:?}");
        }
    }
    n
}

/// Every file `consolidate plan` writes but the utilisation chart's further pages
/// ([`is_further_page`]): the time-of-day chart only `with_profiles`.
pub fn output_files(with_profiles: bool) -> Vec<&'static str> {
    let extra: &[&str] = if with_profiles { &TIME_OF_DAY_FILES } else { &[] };
    ALWAYS_WRITTEN.iter().chain(extra).copied().collect()
}

/// Whether an in-scope server of the inventory that is packed has a day profile (so that a
/// cluster is packed by time of day and the time-of-day chart is written).
pub fn inventory_has_profiles(inventory: &Path) -> bool {
    let loaded = consolidate::inventory::load(inventory).expect("inventory loads");
    loaded
        .inventory
        .servers
        .iter()
        .any(|s| s.in_scope && !s.stay_physical && s.cpu_profile.is_some())
}
