//! `consolidate sweep`: one plan per value of a field (per combination with several `--set`),
//! and its hosts, plan total and cost effect.
//!
//! Relaxing a limit must never make the plan dearer. For a key whose looser values keep a
//! tighter plan's layout feasible ([`relaxes`]), the values are planned from tight to loose,
//! each given the plan of the tighter values as a start ([`super::plan_variant`]); and when a
//! looser value's own plan still costs more than a tighter value's, the tighter plan is
//! checked under the looser inventory with the independent verifier and, if it passes,
//! reported for the looser value, marked "carried over from" the tighter value. That plan is
//! a valid plan of the looser inventory, so the statement is true and the sweep monotone.

use super::{Base, Edit, Figures, VariantError, plan_variant, short};
use crate::error::{Error, InputError};
use crate::inventory::Inventory;
use crate::inventory::paths::{self, KeyPath};
use crate::plan::{self, PlanResult};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// Most variants one sweep may plan (bounded time: a plan of the sample takes about 0.1 s).
pub const MAX_VARIANTS: usize = 1_000;

/// One `--set KEY=V1,V2,…`, its values expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct SetArg {
    /// The field.
    pub key: KeyPath,
    /// The values as written (ranges expanded).
    pub values: Vec<String>,
}

/// Which way a limit is loosened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Looser {
    /// A larger value is looser (a utilisation target, an overcommit ratio, a host maximum).
    Up,
    /// A smaller value is looser (spare hosts, a host minimum).
    Down,
}

/// Whether the key is a limit whose tighter plan stays a valid plan when it is loosened, and
/// which way is looser. Costs are not limits: a different price prices the same layout
/// differently.
pub fn relaxes(key: &KeyPath) -> Option<Looser> {
    let generic = key.generic();
    let field = generic.strip_prefix("bcp.").unwrap_or(&generic);
    match field {
        "policy.vcpu_per_core"
        | "policy.memory_overcommit"
        | "policy.target_cpu_pct"
        | "policy.target_memory_pct"
        | "policy.failover_cpu_pct"
        | "policy.failover_memory_pct"
        | "zones.max_hosts" => Some(Looser::Up),
        "policy.spare_hosts" | "zones.min_hosts" => Some(Looser::Down),
        _ => None,
    }
}

/// Parses `KEY=V1,V2,…`; a value may be a range `60..80:5` (60, 65, …, 80), `60..80` or
/// `60-80` (step 1).
pub fn parse_set(text: &str) -> Result<SetArg, String> {
    let (key, values) = text.split_once('=').ok_or_else(|| {
        format!("`{text}`: expected KEY=V1,V2,… such as policy.vcpu_per_core=3,4,5")
    })?;
    let key = KeyPath::parse(key).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for v in values.split(',').map(str::trim) {
        if v.is_empty() {
            return Err(format!("`{text}`: an empty value"));
        }
        match range(v)? {
            Some(r) => out.extend(r),
            None => out.push(v.to_string()),
        }
        if out.len() > MAX_VARIANTS {
            return Err(format!("`{text}`: more than {MAX_VARIANTS} values"));
        }
    }
    Ok(SetArg { key, values: out })
}

/// `a..b:s`, `a..b`, `a-b` (a, b ≥ 0 for the dash form) → the values, or None when `v` is no
/// range.
fn range(v: &str) -> Result<Option<Vec<String>>, String> {
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    let (a, b, step) = if let Some((a, rest)) = v.split_once("..") {
        let (b, step) = rest.split_once(':').map_or((rest, None), |(b, s)| (b, Some(s)));
        let step = match step {
            Some(s) => num(s).ok_or_else(|| format!("`{v}`: the step `{s}` is not a number"))?,
            None => 1.0,
        };
        match (num(a), num(b)) {
            (Some(a), Some(b)) => (a, b, step),
            _ => return Err(format!("`{v}`: expected a range such as 60..80:5")),
        }
    } else if let Some((a, b)) = v.split_once('-').filter(|(a, _)| !a.is_empty()) {
        match (num(a), num(b)) {
            (Some(a), Some(b)) => (a, b, 1.0),
            _ => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    if !(step > 0.0 && a <= b) {
        return Err(format!("`{v}`: expected low..high:step with low ≤ high and a step above 0"));
    }
    let n = ((b - a) / step + 1e-9).floor() as usize + 1;
    if n > MAX_VARIANTS {
        return Err(format!("`{v}`: more than {MAX_VARIANTS} values"));
    }
    Ok(Some((0..n).map(|i| short(a + i as f64 * step)).collect()))
}

/// The result of a sweep: what `sweep.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sweep {
    /// The inventory file.
    pub inventory: String,
    /// The plan's name.
    pub plan_name: String,
    /// Currency of every amount.
    pub currency: String,
    /// The field swept (several joined by ` × `).
    pub key: String,
    /// Every field swept, in the order given.
    pub keys: Vec<SweptKey>,
    /// The inventory as it is.
    pub base: Figures,
    /// One row per value (per combination), in the order given.
    pub rows: Vec<SweepRow>,
    /// How many rows report a tighter value's plan.
    pub carried_over: usize,
}

/// One swept field.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweptKey {
    /// Its path.
    pub key: String,
    /// Its value in the inventory (`~` when not set).
    pub current: String,
    /// Which way is looser, when it is a limit.
    pub looser: Option<Looser>,
}

/// One variant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepRow {
    /// The value (several joined by `, `); a JSON number when it is one.
    pub value: serde_json::Value,
    /// The value of each key, in the order of `keys`.
    pub values: Vec<String>,
    /// Hosts of the plan reported (None: no plan).
    pub hosts: Option<usize>,
    /// Five-year plan total.
    pub plan_total: Option<f64>,
    /// Five-year baseline total.
    pub baseline_total: Option<f64>,
    /// Five-year cost effect (baseline − plan).
    pub cost_effect: Option<f64>,
    /// Cumulative cost effect at the end of each fiscal year.
    pub cumulative_effect: Vec<f64>,
    /// When the plan reported is a tighter value's, verified under this value: that value.
    pub carried_over_from: Option<String>,
    /// What this value's own search found, when a tighter plan was carried over (its plan
    /// total).
    pub own_plan_total: Option<f64>,
    /// Why there is no plan.
    pub no_plan: Option<String>,
}

/// Checks every key against the inventory (a path that names nothing is exit 2 with close
/// keys) and every value by building its variant (a value the loader refuses is exit 2 at
/// the field, located in the inventory).
fn check_keys(base: &Base, sets: &[SetArg]) -> Result<Vec<SweptKey>, Error> {
    let mut keys = Vec::new();
    for s in sets {
        let current = base.values(&s.key).map_err(|e| Error::Input(with_set(e, &s.key)))?;
        let current: Vec<String> = current.iter().map(value_text).collect();
        let mut unique = current.clone();
        unique.dedup();
        keys.push(SweptKey {
            key: s.key.to_string(),
            current: unique.join(", "),
            looser: relaxes(&s.key),
        });
    }
    Ok(keys)
}

fn with_set(e: InputError, key: &KeyPath) -> InputError {
    InputError { message: format!("--set {key}: {}", e.message), ..e }
}

/// A scalar as text: `3`, `0.8`, `as-needed`, `~`.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "~".into(),
        Value::String(s) => s.clone(),
        Value::Number(_) => v.as_f64().map_or_else(|| format!("{v:?}"), short),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The combinations, in the order given (the last `--set` varying fastest).
fn combinations(sets: &[SetArg]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for s in sets {
        out = out
            .into_iter()
            .flat_map(|c| {
                s.values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push(v.clone());
                    c
                })
            })
            .collect();
    }
    out
}

/// One variant being swept: its values, inventory and plan.
struct Run {
    values: Vec<String>,
    numbers: Vec<Option<f64>>,
    /// None when no plan can meet it (the loader's feasibility check).
    inventory: Option<Inventory>,
    own: Result<PlanResult, VariantError>,
    /// The plan reported and the index of the row it comes from.
    reported: Option<(PlanResult, usize)>,
}

/// Whether row `a` is at least as tight as row `b` in every key (equal in keys that are no
/// limits), so that `a`'s layout is feasible for `b`.
fn dominates(keys: &[SweptKey], a: &Run, b: &Run) -> bool {
    keys.iter().enumerate().all(|(k, key)| match (key.looser, a.numbers[k], b.numbers[k]) {
        (Some(Looser::Up), Some(x), Some(y)) => x <= y,
        (Some(Looser::Down), Some(x), Some(y)) => x >= y,
        _ => a.values[k] == b.values[k],
    })
}

/// Runs the sweep. Every value is checked before anything is planned.
pub fn run(base: &Base, sets: &[SetArg]) -> Result<Sweep, Error> {
    let keys = check_keys(base, sets)?;
    let combos = combinations(sets);
    if combos.len() > MAX_VARIANTS {
        return Err(Error::Input(base.key_error(
            &keys.iter().map(|k| k.key.clone()).collect::<Vec<_>>().join(" × "),
            &format!("--set: {} combinations, more than {MAX_VARIANTS}", combos.len()),
        )));
    }
    // A value the loader refuses stops the sweep (exit 2); one no plan can meet is a row.
    let inventories: Vec<Result<Inventory, VariantError>> = combos
        .par_iter()
        .map(|values| {
            let edits: Vec<(KeyPath, Edit)> = sets
                .iter()
                .zip(values)
                .map(|(s, v)| (s.key.clone(), Edit::Set(paths::scalar(v))))
                .collect();
            match base.variant(&edits) {
                Err(VariantError::Invalid(i)) => {
                    let set: Vec<String> =
                        sets.iter().zip(values).map(|(s, v)| format!("{}={v}", s.key)).collect();
                    Err(Error::Input(InputError {
                        message: format!("--set {}: {}", set.join(" "), i.message),
                        ..i
                    }))
                }
                Err(VariantError::Internal(m)) => Err(Error::Internal(m)),
                other => Ok(other),
            }
        })
        .collect::<Result<_, _>>()?;
    let mut runs: Vec<Run> = combos
        .into_iter()
        .zip(inventories)
        .map(|(values, inventory)| Run {
            numbers: values.iter().map(|v| paths::number(&paths::scalar(v))).collect(),
            values,
            own: match &inventory {
                Ok(_) => Err(VariantError::Internal("not planned".into())),
                Err(e) => Err(e.clone()),
            },
            inventory: inventory.ok(),
            reported: None,
        })
        .collect();
    let order = tight_to_loose(&keys, &runs);
    if keys.iter().any(|k| k.looser.is_some()) {
        // In order, each seeded with the best tighter plan found so far.
        for (pos, &i) in order.iter().enumerate() {
            let start = best_tighter(&keys, &runs, &order[..pos], i).map(|(p, _)| p.clone());
            if let Some(inv) = &runs[i].inventory {
                runs[i].own = plan_variant(inv, start.as_ref());
            }
            runs[i].reported = report(&keys, &runs, &order[..pos], i)?;
        }
    } else {
        let plans: Vec<Option<Result<PlanResult, VariantError>>> =
            runs.par_iter().map(|r| r.inventory.as_ref().map(|v| plan_variant(v, None))).collect();
        for (r, p) in runs.iter_mut().zip(plans) {
            if let Some(p) = p {
                r.own = p;
            }
        }
        for i in 0..runs.len() {
            runs[i].reported = report(&keys, &runs, &[], i)?;
        }
    }
    let rows: Vec<SweepRow> = (0..runs.len()).map(|i| row(&runs, i, &keys)).collect();
    let carried_over = rows.iter().filter(|r| r.carried_over_from.is_some()).count();
    let inv = &base.loaded.inventory;
    Ok(Sweep {
        inventory: base.loaded.path.display().to_string(),
        plan_name: inv.plan.name.clone(),
        currency: inv.plan.currency.clone(),
        key: keys.iter().map(|k| k.key.clone()).collect::<Vec<_>>().join(" × "),
        keys,
        base: Figures::of(&base.plan),
        rows,
        carried_over,
    })
}

/// Row indices from the tightest to the loosest (each key's looser direction; keys that are
/// no limits in the order given).
fn tight_to_loose(keys: &[SweptKey], runs: &[Run]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    let rank = |r: &Run| -> Vec<f64> {
        keys.iter()
            .enumerate()
            .map(|(k, key)| match (key.looser, r.numbers[k]) {
                (Some(Looser::Up), Some(x)) => x,
                (Some(Looser::Down), Some(x)) => -x,
                _ => 0.0,
            })
            .collect()
    };
    order.sort_by(|&a, &b| {
        let (ra, rb) = (rank(&runs[a]), rank(&runs[b]));
        ra.iter().zip(&rb).map(|(x, y)| x.total_cmp(y)).find(|o| o.is_ne()).unwrap_or(a.cmp(&b))
    });
    order
}

/// The cheapest plan reported for a row among `earlier` that is at least as tight as row `i`.
fn best_tighter<'a>(
    keys: &[SweptKey],
    runs: &'a [Run],
    earlier: &[usize],
    i: usize,
) -> Option<(&'a PlanResult, usize)> {
    earlier
        .iter()
        .filter(|&&j| dominates(keys, &runs[j], &runs[i]))
        .filter_map(|&j| runs[j].reported.as_ref().map(|(p, from)| (p, *from)))
        .min_by(|a, b| a.0.summary.plan_total.total_cmp(&b.0.summary.plan_total))
}

/// The plan to report for row `i`: its own, or a cheaper tighter one that the verifier
/// accepts under row `i`'s inventory.
fn report(
    keys: &[SweptKey],
    runs: &[Run],
    earlier: &[usize],
    i: usize,
) -> Result<Option<(PlanResult, usize)>, Error> {
    let own = match &runs[i].own {
        Ok(p) => Some(p),
        Err(VariantError::Internal(m)) => return Err(Error::Internal(m.clone())),
        Err(_) => None,
    };
    if let (Some((tighter, from)), Some(inv)) =
        (best_tighter(keys, runs, earlier, i), &runs[i].inventory)
    {
        let cheaper = own.is_none_or(|p| tighter.summary.plan_total < p.summary.plan_total - 0.5);
        if cheaper && plan::verify::verify(inv, tighter).is_empty() {
            return Ok(Some((tighter.clone(), from)));
        }
    }
    Ok(own.map(|p| (p.clone(), i)))
}

fn row(runs: &[Run], i: usize, keys: &[SweptKey]) -> SweepRow {
    let r = &runs[i];
    let text = r.values.join(", ");
    let value = match (keys.len(), r.numbers.first().copied().flatten()) {
        (1, Some(x)) => serde_json::Number::from_f64(x).map_or(text.clone().into(), Into::into),
        _ => text.clone().into(),
    };
    let figures = r.reported.as_ref().map(|(p, _)| Figures::of(p));
    let carried = r.reported.as_ref().filter(|(_, from)| *from != i).map(|(_, from)| *from);
    SweepRow {
        value,
        values: r.values.clone(),
        hosts: figures.as_ref().map(|f| f.hosts),
        plan_total: figures.as_ref().map(|f| f.plan_total),
        baseline_total: figures.as_ref().map(|f| f.baseline_total),
        cost_effect: figures.as_ref().map(|f| f.cost_effect),
        cumulative_effect: figures.map(|f| f.cumulative_effect).unwrap_or_default(),
        carried_over_from: carried.map(|j| runs[j].values.join(", ")),
        own_plan_total: carried.and(r.own.as_ref().ok()).map(|p| p.summary.plan_total),
        no_plan: match (&r.reported, &r.own) {
            (None, Err(e)) => Some(e.reason()),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_ranges_expand() {
        let s = parse_set("policy.target_cpu_pct=60..80:5").unwrap();
        assert_eq!(s.values, ["60", "65", "70", "75", "80"]);
        assert_eq!(parse_set("a=60-62").unwrap().values, ["60", "61", "62"]);
        assert_eq!(parse_set("a=0.1..0.3:0.1").unwrap().values, ["0.1", "0.2", "0.3"]);
        assert_eq!(parse_set("a=3,4,as-needed").unwrap().values, ["3", "4", "as-needed"]);
        assert_eq!(parse_set("a=-5").unwrap().values, ["-5"]);
        assert!(parse_set("a").is_err());
        assert!(parse_set("a=80..60").is_err());
        assert!(parse_set("a=1..1000000").is_err());
        assert!(parse_set("a=1,,2").is_err());
    }

    #[test]
    fn limits_know_their_looser_side() {
        let k = |s: &str| relaxes(&KeyPath::parse(s).unwrap());
        assert_eq!(k("policy.vcpu_per_core"), Some(Looser::Up));
        assert_eq!(k("bcp.policy.target_cpu_pct"), Some(Looser::Up));
        assert_eq!(k("zones[lgwan].max_hosts"), Some(Looser::Up));
        assert_eq!(k("policy.spare_hosts"), Some(Looser::Down));
        assert_eq!(k("costs.electricity_per_kwh"), None);
    }
}
