//! Checks that serde cannot express: ranges, references between sections, duplicates, years
//! inside the horizon. Each problem names the path of the offending node; the loader turns
//! paths into line and column.

use super::model::*;
use std::collections::HashSet;

/// One thing wrong with an inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Path of the offending node (`servers[3].cores`).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    fn positive(&mut self, path: String, v: f64) {
        if !(v.is_finite() && v > 0.0) {
            self.fail(path, format!("expected a number greater than 0, found {v}"));
        }
    }

    fn non_negative(&mut self, path: String, v: f64) {
        if !(v.is_finite() && v >= 0.0) {
            self.fail(path, format!("expected a number ≥ 0, found {v}"));
        }
    }

    fn positive_int(&mut self, path: String, v: u32) {
        if v == 0 {
            self.fail(path, "expected a whole number greater than 0, found 0".into());
        }
    }

    fn percent(&mut self, path: String, v: f64, allow_zero: bool) {
        let ok = v.is_finite() && v <= 100.0 && if allow_zero { v >= 0.0 } else { v > 0.0 };
        if !ok {
            let range = if allow_zero { "0 to 100" } else { "greater than 0 and at most 100" };
            self.fail(path, format!("expected a percentage {range}, found {v}"));
        }
    }

    fn year_in(&mut self, path: String, fy: i32, first: i32, last: i32) {
        if fy < first || fy > last {
            self.fail(
                path,
                format!("fiscal year {fy} is outside the plan horizon FY{first}–FY{last}"),
            );
        }
    }

    fn name(&mut self, path: String, name: &str) {
        if name.trim().is_empty() {
            self.fail(path, "expected a non-empty name".into());
        }
    }
}

/// Returns every problem found (empty when the inventory is sound).
pub fn validate(inv: &Inventory) -> Vec<Problem> {
    let mut c = Checker { problems: Vec::new() };
    let first = inv.plan.first_fy;
    let plan = &inv.plan;

    c.name("plan.name".into(), &plan.name);
    if plan.name.contains(['/', '\\']) || plan.name == "." || plan.name == ".." {
        c.fail("plan.name".into(), "expected a name usable as a folder name (no '/')".into());
    }
    if plan.currency.trim().is_empty() {
        c.fail("plan.currency".into(), "expected a currency code such as JPY".into());
    }
    if !(1..=30).contains(&plan.years) {
        c.fail("plan.years".into(), format!("expected 1 to 30 years, found {}", plan.years));
    }
    let last = inv.last_fy();
    c.year_in("plan.refresh_fy".into(), plan.refresh_fy, first, last);

    if inv.zones.is_empty() {
        c.fail("zones".into(), "expected at least one zone".into());
    }
    let mut zones = HashSet::new();
    for (i, z) in inv.zones.iter().enumerate() {
        c.name(format!("zones[{i}].name"), &z.name);
        if !zones.insert(z.name.as_str()) {
            c.fail(format!("zones[{i}].name"), format!("duplicate zone name `{}`", z.name));
        }
    }

    if inv.host_models.is_empty() {
        c.fail("host_models".into(), "expected at least one host model".into());
    }
    let mut models = HashSet::new();
    for (i, m) in inv.host_models.iter().enumerate() {
        let p = |f: &str| format!("host_models[{i}].{f}");
        c.name(p("name"), &m.name);
        if !models.insert(m.name.as_str()) {
            c.fail(p("name"), format!("duplicate host model name `{}`", m.name));
        }
        c.positive_int(p("sockets"), m.sockets);
        c.positive_int(p("cores"), m.cores);
        if m.sockets > 0 && m.cores > 0 && m.cores % m.sockets != 0 {
            c.fail(
                p("cores"),
                format!(
                    "expected a multiple of the {} sockets (cores are counted over all sockets), \
                     found {}",
                    m.sockets, m.cores
                ),
            );
        }
        c.positive(p("core_perf"), m.core_perf);
        c.positive(p("memory_gb"), m.memory_gb);
        c.positive(p("price"), m.price);
        c.non_negative(p("annual_maintenance"), m.annual_maintenance);
        c.non_negative(p("power_w"), m.power_w);
        for (j, l) in m.licences.iter().enumerate() {
            let q = |f: &str| format!("host_models[{i}].licences[{j}].{f}");
            c.name(q("name"), &l.name);
            c.non_negative(q("price"), l.price);
            c.non_negative(q("annual"), l.annual);
        }
    }

    for (i, z) in inv.zones.iter().enumerate() {
        for (j, m) in z.host_models.iter().enumerate() {
            if !models.contains(m.as_str()) {
                let known: Vec<&str> = inv.host_models.iter().map(|m| m.name.as_str()).collect();
                c.fail(
                    format!("zones[{i}].host_models[{j}]"),
                    format!("unknown host model `{m}`; expected one of: {}", known.join(", ")),
                );
            }
        }
    }

    let s = &inv.storage;
    c.non_negative("storage.price_per_tb".into(), s.price_per_tb);
    c.non_negative("storage.annual_maintenance_per_tb".into(), s.annual_maintenance_per_tb);
    c.percent("storage.fill_target_pct".into(), s.fill_target_pct, false);

    let pol = &inv.policy;
    c.positive("policy.vcpu_per_core".into(), pol.vcpu_per_core);
    c.positive("policy.memory_overcommit".into(), pol.memory_overcommit);
    c.percent("policy.target_cpu_pct".into(), pol.target_cpu_pct, false);
    c.percent("policy.target_memory_pct".into(), pol.target_memory_pct, false);
    c.percent("policy.failover_cpu_pct".into(), pol.failover_cpu_pct, false);
    c.percent("policy.failover_memory_pct".into(), pol.failover_memory_pct, false);
    if pol.failover_cpu_pct < pol.target_cpu_pct {
        c.fail(
            "policy.failover_cpu_pct".into(),
            format!(
                "expected at least target_cpu_pct ({}), found {}",
                pol.target_cpu_pct, pol.failover_cpu_pct
            ),
        );
    }
    if pol.failover_memory_pct < pol.target_memory_pct {
        c.fail(
            "policy.failover_memory_pct".into(),
            format!(
                "expected at least target_memory_pct ({}), found {}",
                pol.target_memory_pct, pol.failover_memory_pct
            ),
        );
    }
    if pol.spare_hosts > 4 {
        c.fail(
            "policy.spare_hosts".into(),
            format!("expected 0 to 4 host failures to survive, found {}", pol.spare_hosts),
        );
    }

    let k = &inv.costs;
    c.non_negative("costs.electricity_per_kwh".into(), k.electricity_per_kwh);
    if !(k.pue.is_finite() && k.pue >= 1.0) {
        c.fail("costs.pue".into(), format!("expected a PUE of at least 1.0, found {}", k.pue));
    }
    c.non_negative("costs.datacentre_fee_per_host_year".into(), k.datacentre_fee_per_host_year);
    c.non_negative("costs.migration_per_server".into(), k.migration_per_server);

    for (i, x) in inv.extra_items.iter().enumerate() {
        let p = |f: &str| format!("extra_items[{i}].{f}");
        c.name(p("name"), &x.name);
        if !x.amount.is_finite() {
            c.fail(p("amount"), format!("expected a number, found {}", x.amount));
        }
        match x.fy {
            Some(fy) => {
                c.year_in(p("fy"), fy, first, last);
                if x.from_fy.is_some() || x.to_fy.is_some() {
                    c.fail(
                        p("fy"),
                        "expected either `fy` (one-time) or `from_fy`/`to_fy` (recurring), \
                         not both"
                            .into(),
                    );
                }
            }
            None => {
                let from = x.from_fy.unwrap_or(first);
                let to = x.to_fy.unwrap_or(last);
                c.year_in(p("from_fy"), from, first, last);
                c.year_in(p("to_fy"), to, first, last);
                if from > to {
                    c.fail(p("to_fy"), format!("expected to_fy ≥ from_fy ({from}), found {to}"));
                }
            }
        }
    }

    if inv.servers.is_empty() {
        c.fail("servers".into(), "expected at least one server; the list is empty".into());
    }
    let mut names = HashSet::new();
    for (i, s) in inv.servers.iter().enumerate() {
        let p = |f: &str| format!("servers[{i}].{f}");
        c.name(p("name"), &s.name);
        if !names.insert(s.name.as_str()) {
            c.fail(p("name"), format!("duplicate server name `{}`", s.name));
        }
        c.name(p("system"), &s.system);
        if !zones.contains(s.zone.as_str()) {
            let known: Vec<&str> = inv.zones.iter().map(|z| z.name.as_str()).collect();
            c.fail(
                p("zone"),
                format!("unknown zone `{}`; expected one of: {}", s.zone, known.join(", ")),
            );
        }
        c.positive_int(p("cores"), s.cores);
        c.positive(p("core_perf"), s.core_perf);
        if let Some(v) = s.vcpus {
            c.positive_int(p("vcpus"), v);
        }
        c.percent(p("peak_cpu_pct"), s.peak_cpu_pct, true);
        c.positive(p("memory_gb"), s.memory_gb);
        c.non_negative(p("storage_gb"), s.storage_gb);
        c.year_in(p("renewal_fy"), s.renewal_fy, first, last);
        if let Some(g) = &s.redundancy_group {
            c.name(p("redundancy_group"), g);
        }
        let q = |f: &str| format!("servers[{i}].costs.{f}");
        c.non_negative(q("maintenance"), s.costs.maintenance);
        c.non_negative(q("power_w"), s.costs.power_w);
        c.non_negative(q("os_licence"), s.costs.os_licence);
        c.positive(q("renewal"), s.costs.renewal);
    }
    if !inv.servers.is_empty() && !inv.servers.iter().any(|s| s.in_scope) {
        c.fail("servers".into(), "no server is in scope (in_scope: true); nothing to plan".into());
    }
    c.problems
}
