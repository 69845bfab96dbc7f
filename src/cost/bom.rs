//! The bill of materials: what the plan buys, by fiscal year and site, the way a procurement
//! specification (調達仕様書) lists it — hosts by model, shared storage in TB, and the licences
//! the hosts need per product (units, and for per-core products the 2-core packs they are
//! sold in), each with its unit and extended price.
//!
//! A pure function of the inventory and the [`Schedule`], priced by the same rules as
//! [`super::project`]: a line's `amount` is what that projection charges in the purchase year
//! (host price, TB × price per TB, licence units × one-time price), and `annual_amount` what it
//! charges every year from then on (maintenance, subscriptions). So the bill's one-time total
//! of a fiscal year is the plan's hardware in that year plus the one-time part of its licences;
//! `tests/bom.rs` checks it against the projection.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Schedule, licence_units};
use crate::inventory::{Inventory, LicenceUnit};

/// Cores in one pack of a per-core licence: Windows Server and SQL Server core licences are
/// sold in 2-core packs, so a host's cores are bought as whole packs.
pub const CORES_PER_PACK: u32 = 2;

/// What a line buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BomKind {
    /// Virtual hosts of one model.
    Host,
    /// Shared storage, usable TB.
    Storage,
    /// Licences of one product for the hosts bought.
    Licence,
}

/// The counting unit of a line's quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BomUnit {
    /// Hosts (one licence per host, or a host line).
    Host,
    /// Usable terabytes (1 TB = 1000 GB).
    Tb,
    /// Processor sockets.
    Socket,
    /// Physical cores.
    Core,
}

/// One line of the bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BomLine {
    /// Fiscal year of the purchase.
    pub fy: i32,
    /// Site: `main`, or the BCP site's name.
    pub site: String,
    /// What is bought.
    pub kind: BomKind,
    /// Host model, licence product; empty for storage.
    pub item: String,
    /// How the quantity is counted.
    pub unit: BomUnit,
    /// Hosts, TB, sockets or cores.
    pub quantity: f64,
    /// Per-core licences: the [`CORES_PER_PACK`]-core packs to order (each host rounded up to
    /// whole packs).
    pub packs: Option<u64>,
    /// Licences: the hosts they are for.
    pub hosts: Option<usize>,
    /// One-time price per unit.
    pub unit_price: f64,
    /// quantity × unit_price: what the projection charges in `fy`.
    pub amount: f64,
    /// Recurring price per unit and year (maintenance, subscription, software assurance).
    pub annual_unit_price: f64,
    /// quantity × annual_unit_price: charged every year from `fy` on.
    pub annual_amount: f64,
}

/// Grouping key of a line: year, site (main first), kind, then the order of the inventory.
type Key = (i32, (bool, String), BomKind, usize, usize);

/// The bill of materials of a schedule, ordered by fiscal year, site (the main site first),
/// hosts, storage, licences, and models and products in inventory order.
pub fn bill(inv: &Inventory, schedule: &Schedule) -> Vec<BomLine> {
    let mut lines: BTreeMap<Key, BomLine> = BTreeMap::new();
    let site_key = |s: &str| (s != "main", s.to_string());
    for h in &schedule.hosts {
        let m = &inv.host_models[h.model];
        let host = BomLine {
            fy: h.fy,
            site: h.site_name.clone(),
            kind: BomKind::Host,
            item: m.name.clone(),
            unit: BomUnit::Host,
            quantity: 0.0,
            packs: None,
            hosts: None,
            unit_price: m.price,
            amount: 0.0,
            annual_unit_price: m.annual_maintenance,
            annual_amount: 0.0,
        };
        add(&mut lines, (h.fy, site_key(&h.site_name), BomKind::Host, h.model, 0), host, 1, None);
        for (k, l) in m.licences.iter().enumerate() {
            let units = licence_units(l.per, m, l.min_cores_per_host, l.min_cores_per_socket);
            let packs = (l.per == LicenceUnit::Core).then(|| units.div_ceil(CORES_PER_PACK));
            let line = BomLine {
                fy: h.fy,
                site: h.site_name.clone(),
                kind: BomKind::Licence,
                item: l.name.clone(),
                unit: match l.per {
                    LicenceUnit::Host => BomUnit::Host,
                    LicenceUnit::Socket => BomUnit::Socket,
                    LicenceUnit::Core => BomUnit::Core,
                },
                quantity: 0.0,
                packs: None,
                hosts: Some(0),
                unit_price: l.price,
                amount: 0.0,
                annual_unit_price: l.annual,
                annual_amount: 0.0,
            };
            let key = (h.fy, site_key(&h.site_name), BomKind::Licence, h.model, k);
            let key = merge_key(&lines, key, &line);
            add(&mut lines, key, line, units, packs);
        }
    }
    for p in &schedule.storage {
        let line = BomLine {
            fy: p.fy,
            site: p.site_name.clone(),
            kind: BomKind::Storage,
            item: String::new(),
            unit: BomUnit::Tb,
            quantity: 0.0,
            packs: None,
            hosts: None,
            unit_price: inv.storage.price_per_tb,
            amount: 0.0,
            annual_unit_price: inv.storage.annual_maintenance_per_tb,
            annual_amount: 0.0,
        };
        let key = (p.fy, site_key(&p.site_name), BomKind::Storage, 0, 0);
        let entry = lines.entry(key).or_insert(line);
        entry.quantity += p.tb;
    }
    lines
        .into_values()
        .map(|mut l| {
            l.amount = l.quantity * l.unit_price;
            l.annual_amount = l.quantity * l.annual_unit_price;
            l
        })
        .collect()
}

/// The key of an existing licence line for the same product, year, site and prices (models
/// that share a product share its line), else `key`.
fn merge_key(lines: &BTreeMap<Key, BomLine>, key: Key, line: &BomLine) -> Key {
    lines
        .iter()
        .find(|(k, l)| {
            k.0 == key.0
                && k.1 == key.1
                && l.kind == BomKind::Licence
                && l.item == line.item
                && l.unit == line.unit
                && l.unit_price == line.unit_price
                && l.annual_unit_price == line.annual_unit_price
        })
        .map_or(key, |(k, _)| k.clone())
}

/// Adds `units` (and `packs`) of one host's purchase to the line at `key`.
fn add(
    lines: &mut BTreeMap<Key, BomLine>,
    key: Key,
    line: BomLine,
    units: u32,
    packs: Option<u32>,
) {
    let entry = lines.entry(key).or_insert(line);
    entry.quantity += f64::from(units);
    if let Some(p) = packs {
        entry.packs = Some(entry.packs.unwrap_or(0) + u64::from(p));
    }
    if let Some(h) = entry.hosts.as_mut() {
        *h += 1;
    }
}

/// One-time and annual totals of the lines of each fiscal year, in year order.
pub fn totals_by_year(lines: &[BomLine]) -> Vec<(i32, f64, f64)> {
    let mut by: BTreeMap<i32, (f64, f64)> = BTreeMap::new();
    for l in lines {
        let e = by.entry(l.fy).or_default();
        e.0 += l.amount;
        e.1 += l.annual_amount;
    }
    by.into_iter().map(|(fy, (a, b))| (fy, a, b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::{HostPurchase, Site, StoragePurchase};

    fn inventory() -> Inventory {
        let yaml = r#"
plan: {name: t, first_fy: 2018, years: 3, refresh_fy: 2018}
zones: [{name: z}]
host_models:
  - name: small
    sockets: 1
    cores: 9
    core_perf: 1
    memory_gb: 64
    price: 1000
    annual_maintenance: 100
    licences:
      - {name: OS, per: core, price: 10, annual: 1, min_cores_per_host: 8}
      - {name: HV, per: socket, price: 50}
  - name: big
    cores: 32
    core_perf: 1
    memory_gb: 512
    price: 3000
    licences:
      - {name: OS, per: core, price: 10, annual: 1, min_cores_per_host: 8}
storage: {price_per_tb: 200, annual_maintenance_per_tb: 20}
costs: {electricity_per_kwh: 0}
servers: []
"#;
        serde_yaml::from_str(yaml).expect("test inventory")
    }

    fn host(model: usize, fy: i32, site: &str) -> HostPurchase {
        let site_costs = Site { pue: 1.0, datacentre_fee: 0.0 };
        HostPurchase { model, fy, site: site_costs, site_name: site.into() }
    }

    #[test]
    fn groups_by_year_site_and_product_and_rounds_packs_per_host() {
        let inv = inventory();
        let schedule = Schedule {
            hosts: vec![host(0, 2018, "main"), host(1, 2018, "main"), host(0, 2018, "main")],
            storage: vec![
                StoragePurchase { tb: 1.5, fy: 2018, site_name: "main".into() },
                StoragePurchase { tb: 0.5, fy: 2018, site_name: "main".into() },
                StoragePurchase { tb: 2.0, fy: 2020, site_name: "dr".into() },
            ],
            ..Schedule::default()
        };
        let bom = bill(&inv, &schedule);
        let row = |kind: BomKind, item: &str, fy: i32| {
            bom.iter().find(|l| l.kind == kind && l.item == item && l.fy == fy).expect("line")
        };
        let small = row(BomKind::Host, "small", 2018);
        assert_eq!((small.quantity, small.amount, small.annual_amount), (2.0, 2000.0, 200.0));
        // 9 cores → 9 units and 5 packs per small host; 32 → 16 packs for the big one; one
        // line for the product both models carry at the same prices.
        let os = row(BomKind::Licence, "OS", 2018);
        assert_eq!((os.quantity, os.packs, os.hosts), (50.0, Some(26), Some(3)));
        assert_eq!((os.amount, os.annual_amount), (500.0, 50.0));
        let hv = row(BomKind::Licence, "HV", 2018);
        assert_eq!((hv.quantity, hv.packs, hv.amount), (2.0, None, 100.0));
        assert_eq!(row(BomKind::Storage, "", 2018).quantity, 2.0);
        let dr = row(BomKind::Storage, "", 2020);
        assert_eq!((dr.site.as_str(), dr.amount, dr.annual_amount), ("dr", 400.0, 40.0));
        // Year, then the main site, then hosts, storage, licences.
        let order: Vec<(i32, BomKind)> = bom.iter().map(|l| (l.fy, l.kind)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        assert_eq!(totals_by_year(&bom), vec![(2018, 6000.0, 290.0), (2020, 400.0, 40.0)]);
    }
}
