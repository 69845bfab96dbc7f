//! The five-year projection: what each fiscal year costs if the first plan is continued
//! (baseline: every server renewed like for like) and under the consolidation plan.
//!
//! Pure functions of the inventory and a schedule (which server moves when, which hosts and
//! storage are bought when). The same per-host function prices host models for the packer and
//! fills the projection, so the model choice and the cost table cannot disagree.
//!
//! [`bom`] lists what the schedule buys, by fiscal year and site, for a procurement
//! specification; its one-time amounts are the projection's purchases.

pub mod bom;

use crate::inventory::{AppliesTo, HostModel, Inventory, LicenceUnit, Server};
use serde::{Deserialize, Serialize};

/// Hours in a (non-leap) year: power is priced on average draw around the clock.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// What happens to an inventory server in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Out of scope: in neither column.
    Excluded,
    /// Runs on its own hardware until the given fiscal year, then on a virtual host.
    Moves(i32),
    /// Stays a physical server: same costs as in the baseline.
    StaysPhysical,
}

/// Where a host runs: the site's machine-room overhead and fee.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Power usage effectiveness.
    pub pue: f64,
    /// Fee per host and year.
    pub datacentre_fee: f64,
}

impl Site {
    /// The main data centre (`costs`).
    pub fn main(inv: &Inventory) -> Self {
        Site { pue: inv.costs.pue, datacentre_fee: inv.costs.datacentre_fee_per_host_year }
    }

    /// The ICT-BCP site: its own PUE and fee where given, else the main ones.
    pub fn bcp(inv: &Inventory) -> Self {
        let main = Site::main(inv);
        match &inv.bcp {
            None => main,
            Some(b) => Site {
                pue: b.pue.unwrap_or(main.pue),
                datacentre_fee: b.datacentre_fee_per_host_year.unwrap_or(main.datacentre_fee),
            },
        }
    }
}

/// A host bought in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct HostPurchase {
    /// Index into `inventory.host_models`.
    pub model: usize,
    /// Fiscal year it is bought (and starts running).
    pub fy: i32,
    /// Where it runs.
    pub site: Site,
    /// The site's name (`main` or the BCP site's), for the bill of materials.
    pub site_name: String,
}

/// Shared storage bought in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct StoragePurchase {
    /// Usable TB.
    pub tb: f64,
    /// Fiscal year it is bought.
    pub fy: i32,
    /// The site's name (`main` or the BCP site's), for the bill of materials.
    pub site_name: String,
}

/// Everything the plan buys and moves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// One fate per inventory server, in inventory order.
    pub fates: Vec<Fate>,
    /// Hosts bought.
    pub hosts: Vec<HostPurchase>,
    /// Storage bought.
    pub storage: Vec<StoragePurchase>,
    /// One-time labour other than migration (BCP set-up): (fiscal year, amount), counted with
    /// migration.
    pub labour: Vec<(i32, f64)>,
}

/// Electricity cost of an average draw of `watts` for one year, machine-room overhead (PUE)
/// included.
pub fn annual_power_cost(inv: &Inventory, watts: f64, pue: f64) -> f64 {
    watts / 1000.0 * HOURS_PER_YEAR * pue * inv.costs.electricity_per_kwh
}

/// How many units of a licence one host of model `m` needs. Per-core licences count every
/// physical core but at least `min_cores_per_socket` per socket and `min_cores_per_host` per
/// host (Windows Server Datacenter: 8 and 16; per-core hypervisor subscriptions: 16 per
/// processor).
pub fn licence_units(unit: LicenceUnit, m: &HostModel, min_host: u32, min_socket: u32) -> u32 {
    match unit {
        LicenceUnit::Host => 1,
        LicenceUnit::Socket => m.sockets,
        LicenceUnit::Core => {
            let per_socket = m.cores.div_ceil(m.sockets.max(1)).max(min_socket);
            (per_socket * m.sockets).max(min_host)
        }
    }
}

/// What one physical server costs in fiscal year `fy` while it runs on its own hardware:
/// maintenance, OS licence, power and data-centre fee, plus its like-for-like renewal when
/// `fy` is its renewal year.
pub fn server_year(inv: &Inventory, s: &Server, fy: i32) -> Costs {
    Costs {
        hardware: if fy == s.renewal_fy { s.costs.renewal } else { 0.0 },
        maintenance: s.costs.maintenance,
        licences: s.costs.os_licence,
        power: annual_power_cost(inv, s.costs.power_w, inv.costs.pue),
        datacentre: inv.costs.datacentre_fee_per_host_year,
        ..Costs::default()
    }
}

/// What one host of model `m` bought in `purchase_fy` at `site` costs in fiscal year `fy`:
/// price and one-time licences in the purchase year; maintenance, recurring licences, power
/// and the site's fee every year from the purchase year on.
pub fn host_year(inv: &Inventory, m: &HostModel, site: Site, purchase_fy: i32, fy: i32) -> Costs {
    if fy < purchase_fy {
        return Costs::default();
    }
    let bought = fy == purchase_fy;
    let mut licences = 0.0;
    for l in &m.licences {
        let units =
            f64::from(licence_units(l.per, m, l.min_cores_per_host, l.min_cores_per_socket));
        licences += units * l.annual + if bought { units * l.price } else { 0.0 };
    }
    Costs {
        hardware: if bought { m.price } else { 0.0 },
        maintenance: m.annual_maintenance,
        licences,
        power: annual_power_cost(inv, m.power_w, site.pue),
        datacentre: site.datacentre_fee,
        ..Costs::default()
    }
}

/// Total cost of one host of model `m` bought in `purchase_fy` at `site`, over the rest of
/// the horizon. This is the weight the packer minimises.
pub fn host_horizon_cost(inv: &Inventory, m: &HostModel, site: Site, purchase_fy: i32) -> f64 {
    inv.fiscal_years().map(|fy| host_year(inv, m, site, purchase_fy, fy).with_total().total).sum()
}

/// What shared storage costs in fiscal year `fy`.
pub fn storage_year(inv: &Inventory, p: &StoragePurchase, fy: i32) -> Costs {
    if fy < p.fy {
        return Costs::default();
    }
    Costs {
        hardware: if fy == p.fy { p.tb * inv.storage.price_per_tb } else { 0.0 },
        maintenance: p.tb * inv.storage.annual_maintenance_per_tb,
        ..Costs::default()
    }
}

/// Fiscal years an extra item is paid in.
pub fn extra_years(inv: &Inventory, i: usize) -> Vec<i32> {
    let x = &inv.extra_items[i];
    match x.fy {
        Some(fy) => vec![fy],
        None => {
            let from = x.from_fy.unwrap_or(inv.plan.first_fy);
            let to = x.to_fy.unwrap_or(inv.last_fy());
            (from..=to).collect()
        }
    }
}

/// The extra items as counted, for the report.
pub fn extra_rows(inv: &Inventory) -> Vec<ExtraRow> {
    (0..inv.extra_items.len())
        .map(|i| {
            let x = &inv.extra_items[i];
            ExtraRow {
                name: x.name.clone(),
                applies_to: match x.applies_to {
                    AppliesTo::Plan => "plan",
                    AppliesTo::Baseline => "baseline",
                    AppliesTo::Both => "both",
                }
                .into(),
                years: extra_years(inv, i),
                amount: x.amount,
                note: x.note.clone(),
            }
        })
        .collect()
}

fn add(a: &mut Costs, b: &Costs) {
    a.hardware += b.hardware;
    a.maintenance += b.maintenance;
    a.licences += b.licences;
    a.power += b.power;
    a.datacentre += b.datacentre;
    a.migration += b.migration;
    a.extra += b.extra;
}

/// The projection: baseline and plan by category for each fiscal year, with the yearly
/// effect and cumulative totals.
pub fn project(inv: &Inventory, schedule: &Schedule) -> Vec<YearCosts> {
    let mut out = Vec::with_capacity(inv.plan.years as usize);
    let (mut base_cum, mut plan_cum) = (0.0, 0.0);
    for fy in inv.fiscal_years() {
        let mut baseline = Costs::default();
        let mut plan = Costs::default();
        for (s, fate) in inv.servers.iter().zip(&schedule.fates) {
            match *fate {
                Fate::Excluded => {}
                Fate::StaysPhysical => {
                    let c = server_year(inv, s, fy);
                    add(&mut baseline, &c);
                    add(&mut plan, &c);
                }
                Fate::Moves(move_fy) => {
                    add(&mut baseline, &server_year(inv, s, fy));
                    if fy < move_fy {
                        // Runs one more year on its old hardware: running costs, no renewal.
                        let c = server_year(inv, s, fy);
                        add(&mut plan, &Costs { hardware: 0.0, ..c });
                    } else if fy == move_fy {
                        plan.migration += inv.costs.migration_per_server;
                    }
                }
            }
        }
        for h in &schedule.hosts {
            add(&mut plan, &host_year(inv, &inv.host_models[h.model], h.site, h.fy, fy));
        }
        plan.migration +=
            schedule.labour.iter().filter(|(y, _)| *y == fy).map(|(_, a)| a).sum::<f64>();
        for p in &schedule.storage {
            add(&mut plan, &storage_year(inv, p, fy));
        }
        for (i, x) in inv.extra_items.iter().enumerate() {
            if extra_years(inv, i).contains(&fy) {
                if matches!(x.applies_to, AppliesTo::Plan | AppliesTo::Both) {
                    plan.extra += x.amount;
                }
                if matches!(x.applies_to, AppliesTo::Baseline | AppliesTo::Both) {
                    baseline.extra += x.amount;
                }
            }
        }
        let baseline = baseline.with_total();
        let plan = plan.with_total();
        base_cum += baseline.total;
        plan_cum += plan.total;
        out.push(YearCosts {
            fy,
            baseline,
            plan,
            effect: baseline.total - plan.total,
            baseline_cumulative: base_cum,
            plan_cumulative: plan_cum,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(sockets: u32, cores: u32) -> HostModel {
        HostModel {
            name: "m".into(),
            sockets,
            cores,
            core_perf: 1.0,
            memory_gb: 1.0,
            price: 1.0,
            annual_maintenance: 0.0,
            power_w: 0.0,
            licences: vec![],
        }
    }

    #[test]
    fn per_core_licences_respect_minimums() {
        // Windows Server Datacenter: 8 per processor, 16 per host.
        assert_eq!(licence_units(LicenceUnit::Core, &model(1, 4), 16, 8), 16);
        assert_eq!(licence_units(LicenceUnit::Core, &model(2, 12), 16, 8), 16);
        assert_eq!(licence_units(LicenceUnit::Core, &model(2, 24), 16, 8), 24);
        assert_eq!(licence_units(LicenceUnit::Core, &model(2, 8), 16, 8), 16);
        // Per-core hypervisor subscription: 16 per processor.
        assert_eq!(licence_units(LicenceUnit::Core, &model(2, 24), 0, 16), 32);
        assert_eq!(licence_units(LicenceUnit::Core, &model(2, 40), 0, 16), 40);
        assert_eq!(licence_units(LicenceUnit::Socket, &model(2, 40), 0, 0), 2);
        assert_eq!(licence_units(LicenceUnit::Host, &model(2, 40), 0, 0), 1);
    }
}

/// Cost by category for one fiscal year and one column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    /// Server renewals (baseline), hosts and storage (plan).
    pub hardware: f64,
    /// Hardware maintenance.
    pub maintenance: f64,
    /// OS and host licences.
    pub licences: f64,
    /// Electricity including PUE.
    pub power: f64,
    /// Data-centre fees.
    pub datacentre: f64,
    /// Migration labour.
    pub migration: f64,
    /// Extra plan items.
    pub extra: f64,
    /// Sum of the above.
    pub total: f64,
}

impl Costs {
    /// Category names, in the order of [`Costs::categories`].
    pub const CATEGORIES: [&'static str; 7] =
        ["hardware", "maintenance", "licences", "power", "datacentre", "migration", "extra"];

    /// The category amounts, in the order of [`Costs::CATEGORIES`].
    pub fn categories(&self) -> [f64; 7] {
        [
            self.hardware,
            self.maintenance,
            self.licences,
            self.power,
            self.datacentre,
            self.migration,
            self.extra,
        ]
    }

    /// Recomputes `total` from the categories.
    pub fn with_total(mut self) -> Self {
        self.total = self.categories().iter().sum();
        self
    }
}

/// One fiscal year of the projection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearCosts {
    /// Fiscal year.
    pub fy: i32,
    /// First plan continued.
    pub baseline: Costs,
    /// The consolidation plan.
    pub plan: Costs,
    /// baseline.total − plan.total.
    pub effect: f64,
    /// Baseline total up to and including this year.
    pub baseline_cumulative: f64,
    /// Plan total up to and including this year.
    pub plan_cumulative: f64,
}

/// An extra plan item as counted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtraRow {
    /// What it is.
    pub name: String,
    /// Column(s) it counts in.
    pub applies_to: String,
    /// Fiscal years it is paid in.
    pub years: Vec<i32>,
    /// Amount per year paid.
    pub amount: f64,
    /// Source or reasoning.
    pub note: Option<String>,
}
