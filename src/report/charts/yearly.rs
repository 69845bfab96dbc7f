//! `yearly`: cost per fiscal year by category, the baseline bar beside the plan bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::{Costs, PlanResult};
use crate::report::format::{self, Money};
use crate::report::i18n::Text as Words;

use super::common::*;

/// One stacked bar of the yearly chart.
struct Bar {
    /// Centre.
    x: f64,
    /// (category, from, to), in millions.
    segments: Vec<(usize, f64, f64)>,
    /// The column's total, in millions.
    total: f64,
}

pub(super) fn yearly<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let money = Money::with_text(&r.plan.currency, t);
    let unit = money.chart_unit();
    let used: Vec<usize> = (0..Costs::CATEGORIES.len())
        .filter(|&k| {
            r.years
                .iter()
                .any(|y| y.baseline.categories()[k] != 0.0 || y.plan.categories()[k] != 0.0)
        })
        .collect();
    let legend: Vec<(Mark, String)> = used
        .iter()
        .map(|&k| {
            (
                Mark::Bar(CATEGORY_COLOURS[k]),
                format::category_label_in(t, Costs::CATEGORIES[k]).to_string(),
            )
        })
        .collect();
    let title = t.f("yearly_title", &[("span", &format::span(t, r))]);
    let plot = frame(root, &title, &legend)?;
    if r.years.is_empty() {
        return message(&plot, t.s("no_years"));
    }
    const OFFSET: f64 = 0.21;
    const HALF: f64 = 0.18;
    let n = r.years.len();
    // Stacks per bar in millions; negatives stack downwards.
    let mut bars: Vec<Bar> = Vec::new();
    for (i, y) in r.years.iter().enumerate() {
        for (costs, dx) in [(&y.baseline, -OFFSET), (&y.plan, OFFSET)] {
            let (mut up, mut down) = (0.0, 0.0);
            let mut segments = Vec::new();
            for (k, v) in costs.categories().iter().enumerate() {
                let v = mega(*v);
                if v > 0.0 {
                    segments.push((k, up, up + v));
                    up += v;
                } else if v < 0.0 {
                    segments.push((k, down + v, down));
                    down += v;
                }
            }
            bars.push(Bar { x: i as f64 + dx, segments, total: mega(costs.total) });
        }
    }
    let lo = bars.iter().flat_map(|b| b.segments.iter().map(|s| s.1)).fold(0.0f64, f64::min);
    let hi = bars.iter().flat_map(|b| b.segments.iter().map(|s| s.2)).fold(0.0f64, f64::max);
    let (lo, hi) = nice_range(lo * 1.1, hi * 1.12);
    let keys: Vec<f64> = (0..n).flat_map(|i| [i as f64 - OFFSET, i as f64 + OFFSET]).collect();

    let mut chart = builder(&plot)
        .x_label_area_size(76)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.5f64..(n as f64 - 0.5)).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let x_fmt = |x: &f64| {
        let frac = x - x.round();
        if frac < 0.0 { t.s("Baseline").to_string() } else { t.s("Plan").to_string() }
    };
    let y_desc = t.f("yearly_y", &[("unit", &unit)]);
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("fiscal_year"),
        y_desc: &y_desc,
        label_size: (SMALL_SIZE, SMALL_SIZE),
        desc_size: DESC_SIZE,
        x_mesh: false,
    };
    mesh(&mut chart, &axes)?;

    for &k in &used {
        let colour = CATEGORY_COLOURS[k];
        chart.draw_series(bars.iter().flat_map(|b| {
            b.segments.iter().filter(|s| s.0 == k).map(move |s| {
                Rectangle::new([(b.x - HALF, s.1), (b.x + HALF, s.2)], colour.filled())
            })
        }))?;
    }
    let small = font(SMALL_SIZE);
    for b in &bars {
        let top = b.segments.iter().map(|s| s.2).fold(0.0f64, f64::max);
        chart.draw_series(std::iter::once(
            EmptyElement::at((b.x, top))
                + Text::new(
                    millions(b.total),
                    (0, -4),
                    anchored(small.clone(), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }
    // Fiscal years under the Baseline / Plan labels, in the label area.
    for (i, y) in r.years.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64, lo));
        root.draw(&Text::new(
            t.fy(y.fy),
            (px, py + 26),
            anchored(font(LABEL_SIZE), HPos::Center, VPos::Top),
        ))?;
    }
    Ok(())
}
