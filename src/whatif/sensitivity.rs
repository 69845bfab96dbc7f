//! `consolidate sensitivity`: each cost and sizing assumption the inventory states, moved by
//! ±PCT one at a time, replanned (in parallel; results in a fixed order whatever the thread
//! count), ranked by the swing of the five-year cost effect; and for the most influential
//! ones the value where the effect crosses zero and where it reaches a target, found by
//! bisection on the replanned effect.
//!
//! The effect of a parameter is piecewise: a price moves it linearly until another host mix
//! becomes cheaper, a utilisation target moves it in steps of whole hosts. So a break-even is
//! searched for, never extrapolated: the search domain is sampled, the crossing nearest to
//! the inventory's value is bracketed and the bracket halved until it is narrow; where the
//! effect jumps over the target, the bracket says so; where no sample crosses, the answer is
//! "not reached within [a, b]".

use super::{Base, Edit, Figures, VariantError, plan_variant, short};
use crate::error::Error;
use crate::inventory::limits;
use crate::inventory::paths::KeyPath;
use crate::inventory::{Inventory, Policy};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// How many of the most influential parameters get break-even values.
pub const BREAK_EVEN_TOP: usize = 5;
/// Intervals of the sample of a break-even search domain (GRID + 1 points, the inventory's
/// value added).
pub const GRID: usize = 12;
/// Halvings of a bracket at most; stops earlier once it is narrower than 1/1000 of the value.
const HALVINGS: usize = 12;

/// A parameter varied: the field, its kind and bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The field (a `*` path is scaled: every field it names multiplied by one factor).
    pub path: KeyPath,
    /// The inventory's value (1 for a scaled group).
    pub base: f64,
    /// Smallest and largest valid value (a factor for a scaled group).
    pub bounds: (f64, f64),
    /// Whether the group is scaled rather than set.
    pub scaled: bool,
}

impl Param {
    fn plain(path: String, base: f64, bounds: (f64, f64)) -> Option<Param> {
        let path = KeyPath::parse(&path).ok()?;
        (base != 0.0 && base.is_finite()).then_some(Param { path, base, bounds, scaled: false })
    }

    fn group(path: &str, any: bool) -> Option<Param> {
        let path = KeyPath::parse(path).ok()?;
        any.then_some(Param { path, base: 1.0, bounds: (0.0, 1e6), scaled: true })
    }

    /// The edit that gives this parameter the value `x`.
    pub fn edit(&self, x: f64) -> (KeyPath, Edit) {
        let edit = if self.scaled {
            Edit::Scale(x)
        } else {
            Edit::Set(crate::inventory::paths::number_value(x))
        };
        (self.path.clone(), edit)
    }

    /// `x` moved by `pct` percent, kept within the bounds.
    fn moved(&self, pct: f64) -> f64 {
        // At 9 significant digits: 5,600,000 × 1.1 is 6,160,000, not 6,160,000.000000001.
        let x = self.base * (1.0 + pct / 100.0);
        short(x).parse::<f64>().unwrap_or(x).clamp(self.bounds.0, self.bounds.1)
    }
}

/// Money within the loader's limits.
const MONEY: (f64, f64) = (0.0, limits::MAX_MONEY);

/// Every cost and sizing parameter the inventory has (a zero is left out: moving it by a
/// percentage changes nothing). Integer fields (spare hosts, host counts, cores) are
/// requirements or hardware facts, not estimates: `sweep` varies them.
pub fn parameters(inv: &Inventory) -> Vec<Param> {
    let mut out = Vec::new();
    let mut add = |p: Option<Param>| out.extend(p);
    for m in &inv.host_models {
        let at = |f: &str| format!("host_models[{}].{f}", m.name);
        add(Param::plain(at("price"), m.price, MONEY));
        add(Param::plain(at("annual_maintenance"), m.annual_maintenance, MONEY));
        add(Param::plain(at("power_w"), m.power_w, (0.0, limits::MAX_POWER_W)));
        add(Param::plain(at("core_perf"), m.core_perf, limits::CORE_PERF));
    }
    // Licences by product, over every host model that has it.
    let mut products: Vec<&str> = Vec::new();
    for l in inv.host_models.iter().flat_map(|m| &m.licences) {
        if !products.contains(&l.name.as_str()) && !l.name.contains([']', '[']) {
            products.push(&l.name);
        }
    }
    for name in products {
        let of = |f: fn(&crate::inventory::Licence) -> f64| {
            inv.host_models.iter().flat_map(|m| &m.licences).filter(|l| l.name == name).map(f)
        };
        let at = |f: &str| format!("host_models[*].licences[{name}].{f}");
        add(licence(at("price"), of(|l| l.price).collect()));
        add(licence(at("annual"), of(|l| l.annual).collect()));
    }
    let s = &inv.storage;
    add(Param::plain("storage.price_per_tb".into(), s.price_per_tb, MONEY));
    add(Param::plain(
        "storage.annual_maintenance_per_tb".into(),
        s.annual_maintenance_per_tb,
        MONEY,
    ));
    add(Param::plain("storage.fill_target_pct".into(), s.fill_target_pct, limits::PERCENT));
    for p in policy("policy", &inv.policy, &inherited_bounds(inv)) {
        add(Some(p));
    }
    let c = &inv.costs;
    add(Param::plain(
        "costs.electricity_per_kwh".into(),
        c.electricity_per_kwh,
        (0.0, limits::MAX_KWH_PRICE),
    ));
    add(Param::plain("costs.pue".into(), c.pue, limits::PUE));
    add(Param::plain(
        "costs.datacentre_fee_per_host_year".into(),
        c.datacentre_fee_per_host_year,
        MONEY,
    ));
    add(Param::plain("costs.migration_per_server".into(), c.migration_per_server, MONEY));
    add(Param::plain("growth.overall_pct".into(), inv.growth.overall_pct, (-50.0, 100.0)));
    for (system, rate) in &inv.growth.systems {
        if !system.contains([']', '[', '.']) {
            add(Param::plain(format!("growth.systems[{system}]"), *rate, (-50.0, 100.0)));
        }
    }
    for (i, x) in inv.extra_items.iter().enumerate() {
        add(Param::plain(
            format!("extra_items[{i}].amount"),
            x.amount,
            (-limits::MAX_MONEY, limits::MAX_MONEY),
        ));
    }
    if let Some(b) = &inv.bcp {
        add(Param::plain("bcp.sizing_pct".into(), b.sizing_pct, limits::PERCENT));
        add(Param::plain("bcp.setup_per_server".into(), b.setup_per_server, MONEY));
        add(b.pue.and_then(|v| Param::plain("bcp.pue".into(), v, limits::PUE)));
        add(b
            .datacentre_fee_per_host_year
            .and_then(|v| Param::plain("bcp.datacentre_fee_per_host_year".into(), v, MONEY)));
        let own = b.policy.over(&inv.policy);
        let set = |f: &str| match f {
            "target_cpu_pct" => b.policy.target_cpu_pct.is_some(),
            "target_memory_pct" => b.policy.target_memory_pct.is_some(),
            "failover_cpu_pct" => b.policy.failover_cpu_pct.is_some(),
            "failover_memory_pct" => b.policy.failover_memory_pct.is_some(),
            "vcpu_per_core" => b.policy.vcpu_per_core.is_some(),
            "memory_overcommit" => b.policy.memory_overcommit.is_some(),
            _ => false,
        };
        for p in policy("bcp.policy", &own, &[]) {
            let field = p.path.generic().rsplit('.').next().unwrap_or_default().to_string();
            if set(&field) {
                add(Some(p));
            }
        }
    }
    let servers = |f: fn(&crate::inventory::Server) -> f64| {
        inv.servers.iter().filter(|s| s.in_scope).any(|s| f(s) != 0.0)
    };
    add(Param::group("servers[*].costs.renewal", servers(|s| s.costs.renewal)));
    add(Param::group("servers[*].costs.maintenance", servers(|s| s.costs.maintenance)));
    add(Param::group("servers[*].costs.os_licence", servers(|s| s.costs.os_licence)));
    add(Param::group("servers[*].costs.power_w", servers(|s| s.costs.power_w)));
    out
}

/// A licence product's price: set when every host model has the same, else scaled.
fn licence(path: String, values: Vec<f64>) -> Option<Param> {
    let first = *values.first()?;
    if values.iter().all(|v| *v == first) {
        return Param::plain(path, first, MONEY);
    }
    Param::group(&path, values.iter().any(|v| *v != 0.0))
}

/// The sizing policy's estimates, each target kept at or below its failover limit and each
/// failover limit at or above its target (the loader requires it), and within `also`:
/// `(field, lower, upper)` bounds that the BCP site's policy adds when it takes the field from
/// this one.
fn policy(at: &str, p: &Policy, also: &[(&str, f64, f64)]) -> Vec<Param> {
    let pct = limits::PERCENT;
    [
        ("vcpu_per_core", p.vcpu_per_core, limits::VCPU_PER_CORE),
        ("memory_overcommit", p.memory_overcommit, limits::MEMORY_OVERCOMMIT),
        ("target_cpu_pct", p.target_cpu_pct, (pct.0, p.failover_cpu_pct)),
        ("target_memory_pct", p.target_memory_pct, (pct.0, p.failover_memory_pct)),
        ("failover_cpu_pct", p.failover_cpu_pct, (p.target_cpu_pct, pct.1)),
        ("failover_memory_pct", p.failover_memory_pct, (p.target_memory_pct, pct.1)),
    ]
    .into_iter()
    .map(|(f, v, (lo, hi))| {
        let (lo, hi) = also
            .iter()
            .filter(|(g, _, _)| *g == f)
            .fold((lo, hi), |(lo, hi), (_, l, h)| (lo.max(*l), hi.min(*h)));
        (f, v, (lo, hi))
    })
    .filter_map(|(f, v, b)| Param::plain(format!("{at}.{f}"), v, b))
    .collect()
}

/// Bounds on the main policy's targets and failover limits from the BCP site's policy, which
/// takes each field it does not set from the main one: a main target may not pass the BCP
/// site's failover limit, nor a main failover limit fall below the BCP site's target.
fn inherited_bounds(inv: &Inventory) -> Vec<(&'static str, f64, f64)> {
    let Some(b) = &inv.bcp else { return Vec::new() };
    let (o, own) = (&b.policy, b.policy.over(&inv.policy));
    let mut out = Vec::new();
    if o.target_cpu_pct.is_none() {
        out.push(("target_cpu_pct", 0.0, own.failover_cpu_pct));
    }
    if o.target_memory_pct.is_none() {
        out.push(("target_memory_pct", 0.0, own.failover_memory_pct));
    }
    if o.failover_cpu_pct.is_none() {
        out.push(("failover_cpu_pct", own.target_cpu_pct, f64::INFINITY));
    }
    if o.failover_memory_pct.is_none() {
        out.push(("failover_memory_pct", own.target_memory_pct, f64::INFINITY));
    }
    out
}

/// The result of `consolidate sensitivity`: what `sensitivity.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The inventory file.
    pub inventory: String,
    /// The plan's name.
    pub plan_name: String,
    /// Currency of every amount.
    pub currency: String,
    /// First fiscal year of the horizon.
    pub first_fy: i32,
    /// How far each parameter was moved, percent.
    pub range_pct: f64,
    /// The five-year cost effect of the inventory as it is.
    pub base_effect: f64,
    /// The inventory's plan.
    pub base: Figures,
    /// Every parameter, ranked by swing (largest first).
    pub parameters: Vec<ParameterRow>,
    /// The effect asked for with `--target-effect`.
    pub target_effect: Option<f64>,
    /// Break-even values of the most influential parameters.
    pub break_even: Vec<BreakEven>,
    /// The spread of the effect with the inputs drawn from `uncertainty:` (`--samples`).
    pub uncertainty: Option<super::uncertainty::Uncertainty>,
}

/// One parameter moved down and up.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParameterRow {
    /// The field path (`*`: every field it names, scaled together).
    pub parameter: String,
    /// Whether `low`/`high` are factors on every field the path names.
    pub scaled: bool,
    /// The inventory's value (1 when scaled).
    pub base: f64,
    /// The value moved down.
    pub low: f64,
    /// The value moved up.
    pub high: f64,
    /// Five-year cost effect at `low` (None: no plan).
    pub effect_low: Option<f64>,
    /// Five-year cost effect at `high` (None: no plan).
    pub effect_high: Option<f64>,
    /// Hosts at `low` and `high`.
    pub hosts_low: Option<usize>,
    /// See `hosts_low`.
    pub hosts_high: Option<usize>,
    /// |effect_high − effect_low| (against the base effect on a side without a plan).
    pub swing: f64,
    /// Why a side has no plan.
    pub note: Option<String>,
}

/// Where the effect of one parameter reaches a value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakEven {
    /// The field path.
    pub parameter: String,
    /// Whether values are factors (a scaled group).
    pub scaled: bool,
    /// The effect sought (0: break-even).
    pub target: f64,
    /// The range searched.
    pub domain: [f64; 2],
    /// Whether a crossing was found within the domain.
    pub found: bool,
    /// The value nearest the inventory's at which the effect reaches the target (the far end
    /// of the final bracket).
    pub value: Option<f64>,
    /// The final bracket: the effect is on one side of the target at its first value and has
    /// reached it at its second.
    pub bracket: Option<[f64; 2]>,
    /// The effect at the two ends of the bracket.
    pub effect_at: Option<[f64; 2]>,
    /// Whether the effect jumps over the target inside the bracket (a host more or less)
    /// rather than passing through it.
    pub jump: bool,
}

/// Options of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// ±percent.
    pub range_pct: f64,
    /// The effect to find break-evens for besides 0.
    pub target_effect: Option<f64>,
}

/// One variant: its figures, or why it has no plan (a bug is an error).
type Outcome = Result<Result<Figures, String>, Error>;

fn evaluate(base: &Base, p: &Param, x: f64) -> Outcome {
    // Not seeded: a parameter moved either way is not a relaxation of the other side.
    match base.variant(&[p.edit(x)]).and_then(|inv| plan_variant(&inv, None)) {
        Ok(plan) => Ok(Ok(Figures::of(&plan))),
        Err(VariantError::Internal(m)) => Err(Error::Internal(m)),
        Err(e) => Ok(Err(e.reason())),
    }
}

/// The effect of a variant, if it has a plan.
fn effect_of(o: Outcome) -> Result<Option<f64>, Error> {
    o.map(|r| r.ok().map(|f| f.cost_effect))
}

/// Runs the analysis.
pub fn run(base: &Base, options: Options) -> Result<Sensitivity, Error> {
    let params = parameters(&base.loaded.inventory);
    let jobs: Vec<(usize, f64)> = (0..params.len())
        .flat_map(|i| {
            let p = &params[i];
            [(i, p.moved(-options.range_pct)), (i, p.moved(options.range_pct))]
        })
        .collect();
    let outcomes: Vec<Result<Figures, String>> =
        jobs.par_iter().map(|&(i, x)| evaluate(base, &params[i], x)).collect::<Result<_, _>>()?;
    let base_figures = Figures::of(&base.plan);
    let mut rows: Vec<ParameterRow> = params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            parameter_row(p, &jobs[2 * i..2 * i + 2], &outcomes[2 * i..2 * i + 2], &base_figures)
        })
        .collect();
    rows.sort_by(|a, b| b.swing.total_cmp(&a.swing).then_with(|| a.parameter.cmp(&b.parameter)));
    let mut targets = vec![0.0];
    targets.extend(options.target_effect.filter(|t| *t != 0.0));
    let top: Vec<&Param> = rows
        .iter()
        .filter(|r| r.swing > 0.5)
        .take(BREAK_EVEN_TOP)
        .filter_map(|r| params.iter().find(|p| p.path.as_str() == r.parameter))
        .collect();
    let break_even = top
        .par_iter()
        .map(|p| break_evens(base, p, &targets, base_figures.cost_effect))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    let inv = &base.loaded.inventory;
    Ok(Sensitivity {
        inventory: base.loaded.path.display().to_string(),
        plan_name: inv.plan.name.clone(),
        currency: inv.plan.currency.clone(),
        first_fy: inv.plan.first_fy,
        range_pct: options.range_pct,
        base_effect: base_figures.cost_effect,
        base: base_figures,
        parameters: rows,
        target_effect: options.target_effect,
        break_even,
        uncertainty: None,
    })
}

fn parameter_row(
    p: &Param,
    jobs: &[(usize, f64)],
    outcomes: &[Result<Figures, String>],
    base: &Figures,
) -> ParameterRow {
    let effect = |k: usize| outcomes[k].as_ref().ok().map(|f| f.cost_effect);
    let hosts = |k: usize| outcomes[k].as_ref().ok().map(|f| f.hosts);
    let (lo, hi) = (effect(0), effect(1));
    let swing = (hi.unwrap_or(base.cost_effect) - lo.unwrap_or(base.cost_effect)).abs();
    let notes: Vec<String> = outcomes
        .iter()
        .zip(["low", "high"])
        .filter_map(|(o, side)| o.as_ref().err().map(|m| format!("{side}: {m}")))
        .collect();
    ParameterRow {
        parameter: p.path.to_string(),
        scaled: p.scaled,
        base: p.base,
        low: jobs[0].1,
        high: jobs[1].1,
        effect_low: lo,
        effect_high: hi,
        hosts_low: hosts(0),
        hosts_high: hosts(1),
        swing,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

/// The search domain of a parameter: from 0 (or its lower bound) to three times its value
/// (or its upper bound); a negative value the other way round.
fn domain(p: &Param) -> (f64, f64) {
    let (a, b) = if p.base >= 0.0 { (0.0, 3.0 * p.base) } else { (3.0 * p.base, 0.0) };
    (a.max(p.bounds.0), b.min(p.bounds.1))
}

/// Break-evens of one parameter for each target: one shared sample of the domain, then a
/// bisection per target.
fn break_evens(
    base: &Base,
    p: &Param,
    targets: &[f64],
    base_effect: f64,
) -> Result<Vec<BreakEven>, Error> {
    let (a, b) = domain(p);
    let mut xs: Vec<f64> = (0..=GRID).map(|k| a + (b - a) * k as f64 / GRID as f64).collect();
    xs.push(p.base);
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let effects: Vec<Option<f64>> = xs
        .par_iter()
        .map(|&x| {
            if x == p.base {
                return Ok(Some(base_effect));
            }
            effect_of(evaluate(base, p, x))
        })
        .collect::<Result<_, _>>()?;
    let points: Vec<(f64, f64)> =
        xs.iter().zip(&effects).filter_map(|(x, e)| e.map(|e| (*x, e))).collect();
    targets
        .iter()
        .map(|&t| {
            let mut be = BreakEven {
                parameter: p.path.to_string(),
                scaled: p.scaled,
                target: t,
                domain: [a, b],
                found: false,
                value: None,
                bracket: None,
                effect_at: None,
                jump: false,
            };
            if let Some((near, far)) = nearest_crossing(&points, p.base, t) {
                let ((x0, e0), (x1, e1)) = bisect(base, p, t, near, far)?;
                be.found = true;
                be.value = Some(x1);
                be.bracket = Some([x0, x1]);
                be.effect_at = Some([e0, e1]);
                // Passing through would leave the ends close to the target, relative to the
                // change across the whole domain.
                let scale = points.iter().map(|q| q.1).fold(f64::NEG_INFINITY, f64::max)
                    - points.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
                be.jump = (e1 - e0).abs() > 0.01 * scale.max(1.0);
            }
            Ok(be)
        })
        .collect()
}

/// A value of a parameter and the cost effect there.
type Point = (f64, f64);

/// The pair of neighbouring samples across which the effect crosses `t`, the one nearest the
/// inventory's value `x0`, as (the end on the inventory's side, the far end).
fn nearest_crossing(points: &[Point], x0: f64, t: f64) -> Option<(Point, Point)> {
    let side = |e: f64| (e - t).signum();
    points
        .windows(2)
        .filter(|w| side(w[0].1) != side(w[1].1) || w[1].1 == t || w[0].1 == t)
        .map(|w| {
            let (l, r) = (w[0], w[1]);
            let dist = if x0 < l.0 {
                l.0 - x0
            } else if x0 > r.0 {
                x0 - r.0
            } else {
                0.0
            };
            let pair = if x0 <= l.0 { (l, r) } else { (r, l) };
            (dist, pair)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, pair)| pair)
}

/// Halves the bracket (`near` on the inventory's side of the target, `far` past it) until it
/// is narrower than 1/1000 of the parameter's value.
fn bisect(
    base: &Base,
    p: &Param,
    t: f64,
    mut near: Point,
    mut far: Point,
) -> Result<(Point, Point), Error> {
    let side = |e: f64| (e - t).signum();
    let tolerance = (p.base.abs() * 1e-3).max(1e-9);
    for _ in 0..HALVINGS {
        if (far.0 - near.0).abs() <= tolerance {
            break;
        }
        let mid = (near.0 + far.0) / 2.0;
        match effect_of(evaluate(base, p, mid))? {
            Some(e) if e == t || side(e) != side(near.1) => far = (mid, e),
            Some(e) => near = (mid, e),
            // No plan in between: the bracket cannot be narrowed further on this side.
            None => break,
        }
    }
    Ok((near, far))
}

/// A value of a parameter as written: the number, or `×0.8` for a scaled group.
pub fn value_text(scaled: bool, x: f64) -> String {
    let x = short(x).parse::<f64>().unwrap_or(x);
    if scaled {
        format!("×{}", short(x))
    } else if x.abs() >= 10_000.0 && x.fract() == 0.0 {
        crate::report::format::thousands(x, 0)
    } else {
        short(x)
    }
}
