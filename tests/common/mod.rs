//! Shared test helpers: running the binary, and an independent layout verifier that reads
//! the inventory YAML and the emitted plan.json as plain values (no library types), so a bug
//! in the planner's own model cannot hide from it.

#![allow(dead_code)]

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::collections::{HashMap, HashSet};
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

fn num(v: &Yaml, key: &str, default: f64) -> f64 {
    match v.get(key) {
        Some(x) => x.as_f64().unwrap_or_else(|| panic!("{key} is not a number: {x:?}")),
        None => default,
    }
}

fn text(v: &Yaml, key: &str) -> String {
    v.get(key).and_then(Yaml::as_str).unwrap_or_default().to_string()
}

/// A server's demand as the inventory states it: (cpu units, vcpus, memory GB).
fn demand(s: &Yaml) -> [f64; 3] {
    let cores = num(s, "cores", 0.0);
    [
        cores * num(s, "core_perf", 1.0) * num(s, "peak_cpu_pct", 0.0) / 100.0,
        num(s, "vcpus", cores),
        num(s, "memory_gb", 0.0),
    ]
}

struct Limits {
    normal: [f64; 3],
    failover: [f64; 3],
}

fn limits(model: &Yaml, policy: &Yaml) -> Limits {
    let cores = num(model, "cores", 0.0);
    let cpu = cores * num(model, "core_perf", 0.0);
    let vcpu = cores * num(policy, "vcpu_per_core", 4.0);
    let mem = num(model, "memory_gb", 0.0) * num(policy, "memory_overcommit", 1.0);
    Limits {
        normal: [
            cpu * num(policy, "target_cpu_pct", 70.0) / 100.0,
            vcpu,
            mem * num(policy, "target_memory_pct", 80.0) / 100.0,
        ],
        failover: [
            cpu * num(policy, "failover_cpu_pct", 100.0) / 100.0,
            vcpu,
            mem * num(policy, "failover_memory_pct", 100.0) / 100.0,
        ],
    }
}

const EPS: f64 = 1e-6;

/// Checks an emitted layout against its inventory: every in-scope server on exactly one host
/// and no other server placed; one zone per cluster; each host within its capacity at the
/// target utilisation; redundancy partners on different hosts; and every loss of
/// `policy.spare_hosts` hosts absorbed by the survivors within the failover limits (found by
/// this verifier's own search).
pub fn verify_layout(inventory: &Path, plan: &Json) -> Result<(), String> {
    let inv: Yaml = serde_yaml::from_str(&std::fs::read_to_string(inventory).unwrap()).unwrap();
    let empty = Yaml::Mapping(Default::default());
    let policy = inv.get("policy").unwrap_or(&empty);
    let k = num(policy, "spare_hosts", 1.0) as usize;
    let models: HashMap<String, &Yaml> =
        inv["host_models"].as_sequence().unwrap().iter().map(|m| (text(m, "name"), m)).collect();
    let servers: HashMap<String, &Yaml> =
        inv["servers"].as_sequence().unwrap().iter().map(|s| (text(s, "name"), s)).collect();
    let in_scope: HashSet<&String> = servers
        .iter()
        .filter(|(_, s)| s.get("in_scope").and_then(Yaml::as_bool).unwrap_or(true))
        .map(|(n, _)| n)
        .collect();
    let mut placed: HashMap<String, String> = HashMap::new();
    for cluster in plan["clusters"].as_array().ok_or("no clusters")? {
        let zone = cluster["zone"].as_str().ok_or("cluster without zone")?;
        let hosts = cluster["hosts"].as_array().ok_or("cluster without hosts")?;
        let mut contents: Vec<(Limits, Vec<String>)> = Vec::new();
        for h in hosts {
            let hname = h["name"].as_str().unwrap().to_string();
            let model = models
                .get(h["model"].as_str().unwrap())
                .ok_or_else(|| format!("{hname}: unknown model {}", h["model"]))?;
            let lim = limits(model, policy);
            let mut load = [0.0; 3];
            let mut groups = HashSet::new();
            let mut names = Vec::new();
            for s in h["servers"].as_array().unwrap() {
                let sname = s.as_str().unwrap().to_string();
                let srv = servers.get(&sname).ok_or_else(|| format!("unknown server {sname}"))?;
                if !in_scope.contains(&sname) {
                    return Err(format!("{sname} is out of scope but placed on {hname}"));
                }
                if text(srv, "zone") != zone {
                    return Err(format!(
                        "{sname} of zone {} on {hname} in zone {zone}",
                        text(srv, "zone")
                    ));
                }
                if let Some(prev) = placed.insert(sname.clone(), hname.clone()) {
                    return Err(format!("{sname} placed on both {prev} and {hname}"));
                }
                if let Some(g) = srv.get("redundancy_group").and_then(Yaml::as_str)
                    && !groups.insert(g.to_string())
                {
                    return Err(format!("{hname} holds two servers of redundancy group {g}"));
                }
                for (l, d) in load.iter_mut().zip(demand(srv)) {
                    *l += d;
                }
                names.push(sname);
            }
            for (r, (l, c)) in load.iter().zip(lim.normal).enumerate() {
                if *l > c + EPS {
                    return Err(format!("{hname}: resource {r} load {l} over limit {c}"));
                }
            }
            contents.push((lim, names));
        }
        check_failover(&contents, &servers, k).map_err(|e| format!("cluster {zone}: {e}"))?;
    }
    for s in &in_scope {
        if !placed.contains_key(*s) {
            return Err(format!("in-scope server {s} is not placed"));
        }
    }
    Ok(())
}

fn group_of(s: &Yaml) -> Option<String> {
    s.get("redundancy_group").and_then(Yaml::as_str).map(str::to_string)
}

fn check_failover(
    hosts: &[(Limits, Vec<String>)],
    servers: &HashMap<String, &Yaml>,
    k: usize,
) -> Result<(), String> {
    if k == 0 {
        return Ok(());
    }
    if hosts.len() <= k {
        return Err(format!("{} hosts cannot survive {k} failures", hosts.len()));
    }
    let mut lost: Vec<usize> = (0..k).collect();
    loop {
        let survivors: Vec<usize> = (0..hosts.len()).filter(|h| !lost.contains(h)).collect();
        let mut load: Vec<[f64; 3]> = Vec::new();
        let mut groups: Vec<Vec<String>> = Vec::new();
        for &h in &survivors {
            let mut l = [0.0; 3];
            let mut g = Vec::new();
            for s in &hosts[h].1 {
                for (a, b) in l.iter_mut().zip(demand(servers[s])) {
                    *a += b;
                }
                g.extend(group_of(servers[s]));
            }
            load.push(l);
            groups.push(g);
        }
        let mut displaced: Vec<&Yaml> =
            lost.iter().flat_map(|&h| hosts[h].1.iter().map(|s| servers[s])).collect();
        displaced.sort_by(|a, b| demand(b)[2].total_cmp(&demand(a)[2]));
        let caps: Vec<[f64; 3]> = survivors.iter().map(|&h| hosts[h].0.failover).collect();
        let mut budget = 2_000_000usize;
        if !dfs(&displaced, 0, &caps, &mut load, &mut groups, &mut budget) {
            return Err(format!("losing hosts {lost:?} cannot be absorbed"));
        }
        // next combination
        let n = hosts.len();
        let mut i = k;
        loop {
            if i == 0 {
                return Ok(());
            }
            i -= 1;
            if lost[i] < n - k + i {
                lost[i] += 1;
                for j in i + 1..k {
                    lost[j] = lost[j - 1] + 1;
                }
                break;
            }
        }
    }
}

/// Plain depth-first search for a re-placement (exact up to the node budget).
fn dfs(
    items: &[&Yaml],
    at: usize,
    caps: &[[f64; 3]],
    load: &mut [[f64; 3]],
    groups: &mut [Vec<String>],
    budget: &mut usize,
) -> bool {
    if at == items.len() {
        return true;
    }
    let d = demand(items[at]);
    let g = group_of(items[at]);
    for h in 0..caps.len() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let fits = (0..3).all(|r| load[h][r] + d[r] <= caps[h][r] + EPS);
        let apart = g.as_ref().is_none_or(|g| !groups[h].contains(g));
        if fits && apart {
            for r in 0..3 {
                load[h][r] += d[r];
            }
            groups[h].extend(g.clone());
            if dfs(items, at + 1, caps, load, groups, budget) {
                return true;
            }
            if g.is_some() {
                groups[h].pop();
            }
            for r in 0..3 {
                load[h][r] -= d[r];
            }
        }
    }
    false
}
