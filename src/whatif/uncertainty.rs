//! `consolidate sensitivity --samples N --seed S`: every field of the inventory's
//! `uncertainty:` section drawn from its triangular range, N times, each sample replanned (in
//! parallel), and the spread of the five-year cost effect: P10, P50, P90, and the band of the
//! cumulative effect by fiscal year.
//!
//! Deterministic: sample `i` draws from its own stream of the crate's generator
//! (`Rng::stream(seed, i)`, splitmix64), the fields in the section's (sorted) order, so the
//! samples and the percentiles are the same whatever the thread count.

use super::{Base, Edit, Figures, VariantError, plan_variant};
use crate::error::Error;
use crate::inventory::Triangular;
use crate::inventory::paths::{KeyPath, number_value};
use crate::pack::rng::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Most samples one run may plan (bounded time: about 0.1 s each on the sample).
pub const MAX_SAMPLES: usize = 10_000;

/// The spread of the cost effect over the samples.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Uncertainty {
    /// Samples drawn.
    pub samples: usize,
    /// The seed.
    pub seed: u64,
    /// The ranges drawn from, by field path.
    pub ranges: Vec<RangeRow>,
    /// Samples that could be planned (the percentiles are over these).
    pub planned: usize,
    /// Samples that could not be planned, and the first reason.
    pub unplannable: usize,
    /// Why the first unplannable sample could not be planned.
    pub unplannable_reason: Option<String>,
    /// 10th percentile of the five-year cost effect.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
    /// Share of the planned samples whose effect is above 0.
    pub share_positive: f64,
    /// Share of the planned samples whose effect reaches `--target-effect`.
    pub share_reaching_target: Option<f64>,
    /// The cumulative effect by fiscal year: P10, P50, P90 of each year.
    pub cumulative: Vec<YearBand>,
    /// Each sample's five-year effect, in sample order (None: not planned).
    pub effects: Vec<Option<f64>>,
}

/// One range of `uncertainty:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RangeRow {
    /// The field path.
    pub key: String,
    /// Lowest value.
    pub low: f64,
    /// Most likely value.
    pub likely: f64,
    /// Highest value.
    pub high: f64,
}

/// Percentiles of the cumulative effect at the end of one fiscal year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearBand {
    /// Fiscal year.
    pub fy: i32,
    /// The inventory as it is.
    pub base: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The value at quantile `u` (0–1) of a triangular distribution (inverse of its distribution
/// function).
pub fn triangular(t: &Triangular, u: f64) -> f64 {
    let (a, c, b) = (t.low, t.likely, t.high);
    if b <= a {
        return a;
    }
    let fc = (c - a) / (b - a);
    if u < fc {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    }
}

/// The `q` quantile (0–1) of sorted values, linear between neighbours; NaN when empty.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos - pos.floor());
    let next = sorted[(i + 1).min(sorted.len() - 1)];
    sorted[i] + (next - sorted[i]) * frac
}

/// The edits of sample `i`.
fn draw(ranges: &[(KeyPath, Triangular)], seed: u64, i: usize) -> Vec<(KeyPath, Edit)> {
    let mut rng = Rng::stream(seed, i as u64);
    ranges
        .iter()
        .map(|(k, t)| (k.clone(), Edit::Set(number_value(triangular(t, rng.unit())))))
        .collect()
}

/// The ranges of the inventory's `uncertainty:` section; an inventory without one is an error
/// naming the section (checked before anything is planned).
pub fn ranges(base: &Base) -> Result<Vec<(KeyPath, Triangular)>, Error> {
    let inv = &base.loaded.inventory;
    if inv.uncertainty.is_empty() {
        return Err(Error::Input(base.key_error(
            "uncertainty",
            "--samples draws from the ranges of an `uncertainty:` section, and this inventory \
             has none (see docs/inventory.md)",
        )));
    }
    inv.uncertainty
        .iter()
        .map(|(k, t)| KeyPath::parse(k).map(|p| (p, t.clone())))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Input(base.loaded.error_at("uncertainty", e.to_string())))
}

/// Draws and plans `samples` variants.
pub fn run(
    base: &Base,
    samples: usize,
    seed: u64,
    target: Option<f64>,
) -> Result<Uncertainty, Error> {
    let ranges = ranges(base)?;
    let outcomes: Vec<Result<Figures, String>> = (0..samples)
        .into_par_iter()
        .map(|i| match base.variant(&draw(&ranges, seed, i)).and_then(|v| plan_variant(&v, None)) {
            Ok(plan) => Ok(Ok(Figures::of(&plan))),
            Err(VariantError::Unplannable(m)) => Ok(Err(m)),
            Err(e) => Err(e.into_error()),
        })
        .collect::<Result<_, _>>()?;
    Ok(summarise(base, &ranges, samples, seed, target, &outcomes))
}

fn summarise(
    base: &Base,
    ranges: &[(KeyPath, Triangular)],
    samples: usize,
    seed: u64,
    target: Option<f64>,
    outcomes: &[Result<Figures, String>],
) -> Uncertainty {
    let planned: Vec<&Figures> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    let mut effects: Vec<f64> = planned.iter().map(|f| f.cost_effect).collect();
    effects.sort_by(f64::total_cmp);
    let n = effects.len().max(1) as f64;
    let base_cum = Figures::of(&base.plan).cumulative_effect;
    let cumulative = base
        .plan
        .years
        .iter()
        .enumerate()
        .map(|(y, year)| {
            let mut v: Vec<f64> =
                planned.iter().filter_map(|f| f.cumulative_effect.get(y).copied()).collect();
            v.sort_by(f64::total_cmp);
            YearBand {
                fy: year.fy,
                base: base_cum.get(y).copied().unwrap_or(0.0),
                p10: quantile(&v, 0.1),
                p50: quantile(&v, 0.5),
                p90: quantile(&v, 0.9),
            }
        })
        .collect();
    Uncertainty {
        samples,
        seed,
        ranges: ranges
            .iter()
            .map(|(k, t)| RangeRow {
                key: k.to_string(),
                low: t.low,
                likely: t.likely,
                high: t.high,
            })
            .collect(),
        planned: planned.len(),
        unplannable: samples - planned.len(),
        unplannable_reason: outcomes.iter().find_map(|o| o.as_ref().err().cloned()),
        p10: quantile(&effects, 0.1),
        p50: quantile(&effects, 0.5),
        p90: quantile(&effects, 0.9),
        mean: effects.iter().sum::<f64>() / n,
        share_positive: effects.iter().filter(|e| **e > 0.0).count() as f64 / n,
        share_reaching_target: target
            .map(|t| effects.iter().filter(|e| **e >= t).count() as f64 / n),
        cumulative,
        effects: outcomes.iter().map(|o| o.as_ref().ok().map(|f| f.cost_effect)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_quantiles_stay_in_range_and_hit_the_mode() {
        let t = Triangular { low: 10.0, likely: 20.0, high: 40.0 };
        assert_eq!(triangular(&t, 0.0), 10.0);
        assert!((triangular(&t, 1.0 / 3.0) - 20.0).abs() < 1e-9);
        assert!((triangular(&t, 1.0 - 1e-12) - 40.0).abs() < 1e-3);
        for k in 0..100 {
            let x = triangular(&t, f64::from(k) / 100.0);
            assert!((10.0..=40.0).contains(&x));
        }
        let flat = Triangular { low: 5.0, likely: 5.0, high: 5.0 };
        assert_eq!(triangular(&flat, 0.7), 5.0);
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
