//! The bill of materials reconciles with the cost projection of the same plan: for every fiscal
//! year, the plan's hardware, licences and maintenance in `years` are the bill's lines plus
//! what the servers still on their own hardware cost, recomputed here from the inventory. No
//! figure is written down: a bill that drops, doubles or misprices a line fails.

use consolidate::commands::plan::planner_engine;
use consolidate::inventory::Inventory;
use consolidate::pack::PackOptions;
use consolidate::plan::{self, BomKind, BomLine, PlanResult};

mod common;

fn planned(file: &str) -> (Inventory, PlanResult) {
    let loaded = consolidate::inventory::load(&common::root().join(file)).expect("inventory");
    let inv = loaded.inventory;
    let result = plan::plan(&inv, &planner_engine(), &PackOptions::default()).expect("plan");
    (inv, result)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Sum of `f` over the bill's lines of the kinds given that satisfy `when`.
fn bill(
    r: &PlanResult,
    kinds: &[BomKind],
    when: impl Fn(&BomLine) -> bool,
    f: impl Fn(&BomLine) -> f64,
) -> f64 {
    r.bom.iter().filter(|l| kinds.contains(&l.kind) && when(l)).map(f).sum()
}

fn check(file: &str) {
    let (inv, r) = planned(file);
    assert!(!r.bom.is_empty(), "{file}: a plan that buys hosts has a bill");
    let kit = [BomKind::Host, BomKind::Storage];
    for y in &r.years {
        let fy = y.fy;
        // Servers on their own hardware this year: those staying physical, and movers before
        // their move year. Only those staying physical are renewed in the plan.
        let own = |i: usize| {
            let row = &r.servers[i];
            row.in_scope && (row.stays_physical || row.move_fy.is_some_and(|m| fy < m))
        };
        let on_own: Vec<usize> = (0..inv.servers.len()).filter(|&i| own(i)).collect();
        let renewals: f64 = on_own
            .iter()
            .filter(|&&i| r.servers[i].stays_physical && inv.servers[i].renewal_fy == fy)
            .map(|&i| inv.servers[i].costs.renewal)
            .sum();
        let os: f64 = on_own.iter().map(|&i| inv.servers[i].costs.os_licence).sum();
        let maintenance: f64 = on_own.iter().map(|&i| inv.servers[i].costs.maintenance).sum();

        let bought = bill(&r, &kit, |l| l.fy == fy, |l| l.amount);
        assert!(
            close(y.plan.hardware, renewals + bought),
            "{file} FY{fy}: hardware {} ≠ renewals {renewals} + bill {bought}",
            y.plan.hardware
        );
        let once = bill(&r, &[BomKind::Licence], |l| l.fy == fy, |l| l.amount);
        let yearly = bill(&r, &[BomKind::Licence], |l| l.fy <= fy, |l| l.annual_amount);
        assert!(
            close(y.plan.licences, os + once + yearly),
            "{file} FY{fy}: licences {} ≠ OS {os} + bill {once} + subscriptions {yearly}",
            y.plan.licences
        );
        let upkeep = bill(&r, &kit, |l| l.fy <= fy, |l| l.annual_amount);
        assert!(
            close(y.plan.maintenance, maintenance + upkeep),
            "{file} FY{fy}: maintenance {} ≠ servers {maintenance} + bill {upkeep}",
            y.plan.maintenance
        );
    }
    // Hosts on the bill are the hosts of the layout, year by year and site by site.
    for c in &r.clusters {
        for h in &c.hosts {
            let on_bill = bill(
                &r,
                &[BomKind::Host],
                |l| l.fy == h.bought_fy && l.site == c.site && l.item == h.model,
                |l| l.quantity,
            );
            let in_layout = r
                .clusters
                .iter()
                .filter(|o| o.site == c.site)
                .flat_map(|o| &o.hosts)
                .filter(|o| o.bought_fy == h.bought_fy && o.model == h.model)
                .count();
            assert_eq!(
                on_bill, in_layout as f64,
                "{file}: {} {} at {}",
                h.model, h.bought_fy, c.site
            );
        }
    }
    // Per-core licences come in whole 2-core packs covering every unit.
    for l in r.bom.iter().filter(|l| l.packs.is_some()) {
        let packs = l.packs.unwrap_or(0) as f64;
        assert!(
            packs * 2.0 >= l.quantity
                && packs * 2.0 < l.quantity + 2.0 * l.hosts.unwrap_or(0) as f64
        );
    }
}

#[test]
fn the_sample_bill_reconciles_with_its_projection() {
    check("inventories/gifu-2018.yaml");
}

#[test]
fn a_bill_bought_year_by_year_reconciles_with_its_projection() {
    check("inventories/scenarios/gifu-2018-as-needed.yaml");
}

#[test]
fn the_bill_is_in_plan_json_and_an_old_plan_json_without_it_still_reads() {
    let (_, r) = planned("inventories/tiny.yaml");
    let mut json = serde_json::to_value(&r).expect("serialises");
    assert_eq!(json["bom"].as_array().map(Vec::len), Some(r.bom.len()));
    json.as_object_mut().expect("object").remove("bom");
    let old: PlanResult = serde_json::from_value(json).expect("reads without bom");
    assert!(old.bom.is_empty());
}
