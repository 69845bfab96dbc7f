//! `hosts_by_year`: hosts in service per fiscal year, stacked by cluster (the hosts bought that
//! year lighter), beside the physical servers still running.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::{Cluster, PlanResult};
use crate::report::i18n::Text as Words;
use crate::report::{document, format, glyphs};

use super::common::*;

/// A round step for a count axis up to `hi` with at most about eight ticks.
fn count_step(hi: f64) -> f64 {
    if !hi.is_finite() || hi <= 8.0 {
        return 1.0;
    }
    let mut mag = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if hi / (m * mag) <= 8.0 {
                return m * mag;
            }
        }
        mag *= 10.0;
    }
}

pub(super) fn hosts_by_year<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    // Clusters in report order, then any only the yearly layouts name.
    let ordered = document::clusters_by_site(r);
    let mut names: Vec<(&str, Option<&Cluster>)> =
        ordered.iter().map(|c| (c.name.as_str(), Some(*c))).collect();
    for y in &r.yearly {
        for c in &y.clusters {
            if !names.iter().any(|n| n.0 == c.name) {
                names.push((&c.name, None));
            }
        }
    }
    let in_chart: Vec<usize> = (0..names.len())
        .filter(|&i| r.yearly.iter().any(|y| y.clusters.iter().any(|c| c.name == names[i].0)))
        .collect();
    let colour = |i: usize| SERIES_COLOURS[i % SERIES_COLOURS.len()];
    let mut legend: Vec<(Mark, String)> = in_chart
        .iter()
        .map(|&i| {
            let label = match names[i].1 {
                Some(c) if !document::is_main(c) => format!("{} ({})", names[i].0, c.site),
                _ => names[i].0.to_string(),
            };
            (Mark::Bar(colour(i)), label)
        })
        .collect();
    let physical: Vec<usize> = r.yearly.iter().map(|y| physical_left(r, y.fy)).collect();
    let show_physical = physical.iter().any(|&n| n > 0);
    if show_physical {
        legend.insert(0, (Mark::Bar(PHYSICAL), t.s("legend_physical").into()));
    }
    let bought_any = r.yearly.iter().any(|y| y.clusters.iter().any(|c| c.hosts_bought > 0));
    if bought_any {
        legend.push((Mark::Shade(tint(MUTED, 0.6)), t.s("legend_bought").into()));
    }
    let title_key = if show_physical { "hby_title_physical" } else { "hby_title" };
    let title = t.f(title_key, &[("span", &span(r, t))]);
    let plot = frame(root, &title, &legend)?;
    if r.yearly.is_empty() {
        return message(&plot, t.s("no_year_layout"));
    }
    let n = r.yearly.len();
    let totals: Vec<usize> =
        r.yearly.iter().map(|y| y.clusters.iter().map(|c| c.hosts_in_service).sum()).collect();
    let top = totals.iter().chain(&physical).copied().max().unwrap_or(0) as f64;
    let step = count_step(top.max(1.0) * 1.1);
    let y_hi = ((top * 1.1 + 0.5) / step).ceil().max(1.0) * step;
    let y_keys: Vec<f64> =
        (0..=((y_hi / step).round() as usize)).map(|k| k as f64 * step).collect();
    let labels: Vec<String> = r.yearly.iter().map(|y| t.fy(y.fy)).collect();
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();

    let mut chart = builder(&plot)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d((-0.5f64..(n as f64 - 0.5)).keyed(keys), (0f64..y_hi).keyed(y_keys))?;
    let x_fmt = |x: &f64| year_label(&labels, *x);
    let y_fmt = |y: &f64| format!("{y:.0}");
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("fiscal_year"),
        y_desc: t.s(if show_physical { "hby_y2" } else { "hby_y" }),
        label_size: (LABEL_SIZE, LABEL_SIZE),
        desc_size: DESC_SIZE,
        x_mesh: false,
    };
    mesh(&mut chart, &axes)?;

    // With the physical servers: their bar on the left of each year, the hosts on the right.
    let (half, shift) = if show_physical { (0.18, 0.2) } else { (0.3, 0.0) };
    let small = font(SMALL_SIZE);
    // Bare counts in a year where "142 physical" and "19 hosts" would run into each other (a
    // narrow chart laid out for print); the legend and the axis say what they count.
    let year_px =
        f64::from(chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0);
    let physical_label = |n: usize| t.f("n_physical", &[("n", &n.to_string())]);
    let terse: Vec<bool> = (0..r.yearly.len())
        .map(|i| {
            let a = glyphs::text_width(LABEL_SIZE, &physical_label(physical[i]));
            let b = glyphs::text_width(LABEL_SIZE, &t.count(totals[i], "n_host", "n_hosts"));
            show_physical && (a + b) / 2.0 + 6.0 > 2.0 * shift * year_px
        })
        .collect();
    for (i, y) in r.yearly.iter().enumerate() {
        if show_physical {
            let x = i as f64 - shift;
            let n = physical[i] as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, 0.0), (x + half, n)],
                PHYSICAL.filled(),
            )))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, n))
                    + Text::new(
                        if terse[i] {
                            physical[i].to_string()
                        } else {
                            physical_label(physical[i])
                        },
                        (0, -5),
                        anchored(font(LABEL_SIZE).color(&MUTED), HPos::Center, VPos::Bottom),
                    ),
            ))?;
        }
        let x = i as f64 + shift;
        let mut base = 0.0;
        for &k in &in_chart {
            let Some(c) = y.clusters.iter().find(|c| c.name == names[k].0) else { continue };
            let total = c.hosts_in_service as f64;
            if total <= 0.0 {
                continue;
            }
            let bought = (c.hosts_bought as f64).min(total);
            let kept = total - bought;
            let (x0, x1) = (x - half, x + half);
            if kept > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, base), (x1, base + kept)],
                    colour(k).filled(),
                )))?;
            }
            if bought > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, base + kept), (x1, base + total)],
                    tint(colour(k), 0.55).filled(),
                )))?;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, base), (x1, base + total)],
                WHITE.stroke_width(1),
            )))?;
            // The count in the block when it is tall enough to hold it.
            let (_, py0) = chart.backend_coord(&(x, base));
            let (_, py1) = chart.backend_coord(&(x, base + total));
            if py0 - py1 >= 18 {
                let text = if c.hosts_bought > 0 {
                    format!("{} (+{})", c.hosts_in_service, c.hosts_bought)
                } else {
                    c.hosts_in_service.to_string()
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, base + total / 2.0))
                        + Text::new(
                            text,
                            (0, 0),
                            anchored(small.clone(), HPos::Center, VPos::Center),
                        ),
                ))?;
            }
            base += total;
        }
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, base))
                + Text::new(
                    if terse[i] {
                        totals[i].to_string()
                    } else {
                        t.count(totals[i], "n_host", "n_hosts")
                    },
                    (0, -5),
                    anchored(font(LABEL_SIZE), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }
    Ok(())
}

/// The fiscal years of the yearly layouts (or of the cost table): `FY2017-FY2021`.
fn span(r: &PlanResult, t: Words) -> String {
    match (r.yearly.first(), r.yearly.last()) {
        (Some(a), Some(b)) => t.fy_range(a.fy, b.fy),
        _ => format::span(t, r),
    }
}

/// Servers of the inventory still on physical hardware in fiscal year `fy`: every server not
/// yet moved onto a host by then (out of scope, staying physical, or moving later).
fn physical_left(r: &PlanResult, fy: i32) -> usize {
    r.servers.iter().filter(|s| s.move_fy.is_none_or(|m| m > fy)).count()
}
