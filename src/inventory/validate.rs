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
        if z.max_hosts == Some(0) {
            c.fail(format!("zones[{i}].max_hosts"), "expected at least 1 host, found 0".into());
        }
        if let (Some(lo), Some(hi)) = (z.min_hosts, z.max_hosts)
            && lo > hi
        {
            c.fail(
                format!("zones[{i}].min_hosts"),
                format!("expected at most max_hosts ({hi}), found {lo}"),
            );
        }
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

    check_policy(&mut c, "policy", &inv.policy);

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
        match (&s.peak_cpu_pct, &s.cpu_profile) {
            (Some(v), None) => c.percent(p("peak_cpu_pct"), *v, true),
            (None, Some(profile)) => {
                if profile.len() != 24 {
                    c.fail(
                        p("cpu_profile"),
                        format!(
                            "expected 24 hourly values (hour 0 to 23), found {}",
                            profile.len()
                        ),
                    );
                }
                for (h, v) in profile.iter().enumerate() {
                    c.percent(format!("servers[{i}].cpu_profile[{h}]"), *v, true);
                }
            }
            (None, None) => c.fail(
                format!("servers[{i}]"),
                "missing field `peak_cpu_pct`: give the peak CPU utilisation in percent, or a \
                 24-value `cpu_profile`"
                    .into(),
            ),
            (Some(_), Some(_)) => c.fail(
                p("peak_cpu_pct"),
                "expected either `peak_cpu_pct` or `cpu_profile`, not both (the profile's \
                 highest hour is the peak)"
                    .into(),
            ),
        }
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
    check_groups(&mut c, inv);
    check_growth(&mut c, inv);
    check_bcp(&mut c, inv, &models);
    if !inv.servers.is_empty() && !inv.servers.iter().any(|s| s.in_scope) {
        c.fail("servers".into(), "no server is in scope (in_scope: true); nothing to plan".into());
    }
    c.problems
}

fn check_policy(c: &mut Checker, at: &str, pol: &Policy) {
    let p = |f: &str| format!("{at}.{f}");
    c.positive(p("vcpu_per_core"), pol.vcpu_per_core);
    c.positive(p("memory_overcommit"), pol.memory_overcommit);
    c.percent(p("target_cpu_pct"), pol.target_cpu_pct, false);
    c.percent(p("target_memory_pct"), pol.target_memory_pct, false);
    c.percent(p("failover_cpu_pct"), pol.failover_cpu_pct, false);
    c.percent(p("failover_memory_pct"), pol.failover_memory_pct, false);
    if pol.failover_cpu_pct < pol.target_cpu_pct {
        c.fail(
            p("failover_cpu_pct"),
            format!(
                "expected at least target_cpu_pct ({}), found {}",
                pol.target_cpu_pct, pol.failover_cpu_pct
            ),
        );
    }
    if pol.failover_memory_pct < pol.target_memory_pct {
        c.fail(
            p("failover_memory_pct"),
            format!(
                "expected at least target_memory_pct ({}), found {}",
                pol.target_memory_pct, pol.failover_memory_pct
            ),
        );
    }
    if pol.spare_hosts > 3 {
        c.fail(
            p("spare_hosts"),
            format!("expected 0 to 3 host failures to survive, found {}", pol.spare_hosts),
        );
    }
}

/// Affinity groups: one zone, no stay-physical member, no two redundancy partners.
fn check_groups(c: &mut Checker, inv: &Inventory) {
    let mut first: std::collections::HashMap<&str, usize> = Default::default();
    for (i, s) in inv.servers.iter().enumerate() {
        let Some(g) = &s.affinity_group else { continue };
        let p = format!("servers[{i}].affinity_group");
        c.name(p.clone(), g);
        if s.stay_physical {
            c.fail(
                p.clone(),
                format!(
                    "server `{}` stays physical, so it cannot join affinity group `{g}`",
                    s.name
                ),
            );
        }
        match first.get(g.as_str()) {
            None => {
                first.insert(g, i);
            }
            Some(&j) => {
                let o = &inv.servers[j];
                if o.zone != s.zone {
                    c.fail(
                        p.clone(),
                        format!(
                            "affinity group `{g}` spans zones `{}` ({}) and `{}` ({}); servers of \
                             different zones never share a host",
                            o.zone, o.name, s.zone, s.name
                        ),
                    );
                }
                if o.in_scope != s.in_scope {
                    c.fail(
                        p.clone(),
                        format!("affinity group `{g}` mixes in-scope and out-of-scope servers"),
                    );
                }
            }
        }
        for o in &inv.servers[..i] {
            if o.affinity_group.as_deref() == Some(g.as_str())
                && o.redundancy_group.is_some()
                && o.redundancy_group == s.redundancy_group
            {
                c.fail(
                    p.clone(),
                    format!(
                        "servers `{}` and `{}` are in affinity group `{g}` (same host) and in \
                         redundancy group `{}` (never the same host)",
                        o.name,
                        s.name,
                        s.redundancy_group.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
    }
}

fn check_growth(c: &mut Checker, inv: &Inventory) {
    let g = &inv.growth;
    let rate = |c: &mut Checker, path: String, v: f64| {
        if !(v.is_finite() && (-50.0..=100.0).contains(&v)) {
            c.fail(
                path,
                format!("expected a yearly growth between -50 and 100 percent, found {v}"),
            );
        }
    };
    rate(c, "growth.overall_pct".into(), g.overall_pct);
    for (system, v) in &g.systems {
        let path = format!("growth.systems.{system}");
        rate(c, path.clone(), *v);
        if !inv.servers.iter().any(|s| &s.system == system) {
            c.fail(path, format!("no server belongs to system `{system}`"));
        }
    }
}

fn check_bcp(c: &mut Checker, inv: &Inventory, models: &HashSet<&str>) {
    let Some(b) = &inv.bcp else { return };
    c.name("bcp.site".into(), &b.site);
    c.year_in("bcp.from_fy".into(), b.from_fy, inv.plan.first_fy, inv.last_fy());
    c.percent("bcp.sizing_pct".into(), b.sizing_pct, false);
    for (j, m) in b.host_models.iter().enumerate() {
        if !models.contains(m.as_str()) {
            let known: Vec<&str> = inv.host_models.iter().map(|m| m.name.as_str()).collect();
            c.fail(
                format!("bcp.host_models[{j}]"),
                format!("unknown host model `{m}`; expected one of: {}", known.join(", ")),
            );
        }
    }
    check_policy(c, "bcp.policy", &b.policy.over(&inv.policy));
    if let Some(pue) = b.pue
        && !(pue.is_finite() && pue >= 1.0)
    {
        c.fail("bcp.pue".into(), format!("expected a PUE of at least 1.0, found {pue}"));
    }
    if let Some(fee) = b.datacentre_fee_per_host_year {
        c.non_negative("bcp.datacentre_fee_per_host_year".into(), fee);
    }
    c.non_negative("bcp.setup_per_server".into(), b.setup_per_server);
    if !inv.servers.iter().any(|s| s.bcp && s.in_scope) {
        c.fail("bcp".into(), "a BCP site is given but no in-scope server has `bcp: true`".into());
    }
}
