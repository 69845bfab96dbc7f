//! `cumulative`: cumulative cost by fiscal year, baseline vs plan, the cost effect marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::PlanResult;
use crate::report::format::{self, Money};
use crate::report::i18n::Text as Words;

use super::common::*;

fn number_word(n: usize, t: Words) -> String {
    const WORDS: [&str; 10] =
        ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];
    if t.ja() {
        return n.to_string();
    }
    WORDS.get(n).map(|w| w.to_string()).unwrap_or_else(|| n.to_string())
}

pub(super) fn cumulative<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let money = Money::with_text(&r.plan.currency, t);
    let unit = money.chart_unit();
    let legend = [
        (Mark::Line(BASELINE, Marker::Circle), t.s("legend_baseline").to_string()),
        (Mark::Line(PLAN, Marker::Triangle), t.s("legend_plan").to_string()),
    ];
    let title = t.f("cum_title", &[("span", &format::span(t, r))]);
    let plot = frame(root, &title, &legend)?;
    if r.years.is_empty() {
        return message(&plot, t.s("no_years"));
    }
    let n = r.years.len();
    let labels: Vec<String> = r.years.iter().map(|y| t.fy(y.fy)).collect();
    let base: Vec<(f64, f64)> =
        r.years.iter().enumerate().map(|(i, y)| (i as f64, mega(y.baseline_cumulative))).collect();
    let plan: Vec<(f64, f64)> =
        r.years.iter().enumerate().map(|(i, y)| (i as f64, mega(y.plan_cumulative))).collect();
    let all = base.iter().chain(&plan).map(|p| p.1);
    let lo = all.clone().fold(0.0f64, f64::min);
    let hi = all.fold(0.0f64, f64::max);
    let (lo, hi) = nice_range(lo * 1.1, hi * 1.15);
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let x_hi = (n - 1) as f64 + 0.8;

    let mut chart = builder(&plot)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.5f64..x_hi).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let x_fmt = |x: &f64| year_label(&labels, *x);
    let y_desc = t.f("cum_y", &[("unit", &unit)]);
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("fiscal_year"),
        y_desc: &y_desc,
        label_size: (LABEL_SIZE, LABEL_SIZE),
        desc_size: DESC_SIZE,
        x_mesh: false,
    };
    mesh(&mut chart, &axes)?;

    chart.draw_series(LineSeries::new(base.clone(), BASELINE.stroke_width(3)))?;
    chart.draw_series(base.iter().map(|p| Circle::new(*p, 5, BASELINE.filled())))?;
    chart.draw_series(LineSeries::new(plan.clone(), PLAN.stroke_width(3)))?;
    chart.draw_series(plan.iter().map(|p| TriangleMarker::new(*p, 6, PLAN.filled())))?;

    // Values at each point: the upper line's above-left of it, the lower line's below-right, so
    // they clear the rising lines.
    let small = font(SMALL_SIZE);
    for (b, p) in base.iter().zip(&plan) {
        for (pt, colour, upper) in [(b, &BASELINE, b.1 >= p.1), (p, &PLAN, p.1 > b.1)] {
            let (offset, h, v) = if upper {
                ((-7, -7), HPos::Right, VPos::Bottom)
            } else {
                ((7, 7), HPos::Left, VPos::Top)
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at(*pt)
                    + Text::new(
                        millions(pt.1),
                        offset,
                        anchored(small.clone().color(colour), h, v),
                    ),
            ))?;
        }
    }

    // The cost effect: a bracket between the two lines in the last year, and a note.
    let (last_b, last_p) = (base[n - 1].1, plan[n - 1].1);
    let effect_m = mega(r.summary.cost_effect);
    let xb = (n - 1) as f64 + 0.3;
    let tick = 0.06;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(xb - tick, last_b), (xb, last_b), (xb, last_p), (xb - tick, last_p)],
        BLACK.stroke_width(2),
    )))?;
    chart.draw_series(std::iter::once(
        EmptyElement::at((xb, (last_b + last_p) / 2.0))
            + Text::new(
                millions(effect_m),
                (8, 0),
                anchored(font(LABEL_SIZE), HPos::Left, VPos::Center),
            ),
    ))?;
    let share_key = if r.summary.cost_effect < 0.0 { "cum_share_more" } else { "cum_share" };
    let lines = [
        t.f(
            "cum_effect",
            &[("years", &number_word(n, t)), ("amount", &millions(effect_m)), ("unit", &unit)],
        ),
        t.f(share_key, &[("pct", &format::pct(r.summary.cost_effect_pct))]),
    ];
    for (i, line) in lines.iter().enumerate() {
        chart.draw_series(std::iter::once(
            EmptyElement::at((-0.5, hi))
                + Text::new(
                    line.clone(),
                    (16, 14 + 22 * i as i32),
                    anchored(font(DESC_SIZE), HPos::Left, VPos::Top),
                ),
        ))?;
    }
    Ok(())
}
