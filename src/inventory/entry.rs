//! Server entries as written (out-of-scope servers need only a name, a system and why) turned
//! into the [`Server`]s the planner reads, with defaults filled in and zone aliases resolved.

use super::model::*;
use super::validate::Problem;
use crate::import::zones::ZoneMatcher;

/// The server an entry stands for, or what is missing. `i` is its index in `servers`.
pub(crate) fn to_server(
    e: &ServerEntry,
    i: usize,
    zones: &ZoneMatcher,
    first_fy: i32,
) -> Result<Server, Vec<Problem>> {
    let at =
        |f: &str| if f.is_empty() { format!("servers[{i}]") } else { format!("servers[{i}].{f}") };
    let mut problems = Vec::new();
    if e.in_scope == Some(true) && e.exclude_reason.is_some() {
        problems.push(Problem {
            path: at("exclude_reason"),
            message: "an in-scope server has no exclude_reason; remove it or set in_scope: false"
                .into(),
        });
    }
    let in_scope = e.in_scope.unwrap_or(e.exclude_reason.is_none());
    let zone = e.zone.as_ref().map(|z| match zones.resolve(z) {
        Ok(Some(name)) => name.to_string(),
        _ => z.clone(),
    });
    let mut need = |v: bool, field: &str, hint: &str| {
        if in_scope && !v {
            problems
                .push(Problem { path: at(""), message: format!("missing field `{field}`{hint}") });
        }
    };
    need(zone.is_some(), "zone", "");
    need(e.cores.is_some(), "cores", "");
    need(e.memory_gb.is_some(), "memory_gb", "");
    need(e.renewal_fy.is_some(), "renewal_fy", "");
    need(e.costs.is_some(), "costs", " (at least `costs: { renewal: AMOUNT }`)");
    if !problems.is_empty() {
        return Err(problems);
    }
    let peak_cpu_pct = match (in_scope, e.peak_cpu_pct, &e.cpu_profile) {
        (false, None, None) => Some(0.0),
        (_, p, _) => p,
    };
    Ok(Server {
        name: e.name.clone(),
        system: e.system.clone(),
        zone: zone.unwrap_or_default(),
        org: e.org.clone().unwrap_or_else(|| "city".into()),
        in_scope,
        role: e.role.clone(),
        cores: e.cores.unwrap_or(0),
        core_perf: e.core_perf.unwrap_or(1.0),
        vcpus: e.vcpus,
        peak_cpu_pct,
        cpu_profile: e.cpu_profile.clone(),
        memory_gb: e.memory_gb.unwrap_or(0.0),
        storage_gb: e.storage_gb.unwrap_or(0.0),
        renewal_fy: e.renewal_fy.unwrap_or(first_fy),
        redundancy_group: e.redundancy_group.clone(),
        bcp: e.bcp.unwrap_or(false),
        stay_physical: e.stay_physical.unwrap_or(false),
        affinity_group: e.affinity_group.clone(),
        costs: e.costs.clone().unwrap_or(ServerCosts {
            maintenance: 0.0,
            power_w: 0.0,
            os_licence: 0.0,
            renewal: 0.0,
        }),
        exclude_reason: e.exclude_reason.clone(),
    })
}
