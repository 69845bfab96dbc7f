//! `timeofday`: hourly CPU utilisation of each host of the time-of-day clusters, one panel per
//! cluster on one y-axis, only the hosts with a profile. No file is written when no host has
//! one ([`super::ChartKind::shown`]); drawn anyway (through the library), it says so.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::{Cluster, Host, PlanResult};
use crate::report::i18n::Text as Words;
use crate::report::{document, format, glyphs};

use super::common::*;
use super::kind::profile;

/// The clusters of the time-of-day chart: packed by time of day, with a profile on some host.
fn tod_clusters(r: &PlanResult) -> Vec<&Cluster> {
    document::clusters_by_site(r)
        .into_iter()
        .filter(|c| c.time_of_day && c.hosts.iter().any(|h| profile(h).is_some()))
        .collect()
}

/// Panels of the time-of-day chart.
pub(super) struct TodLayout {
    columns: usize,
    rows: usize,
    pub(super) width: u32,
    pub(super) height: u32,
}

/// Height of a legend row of the time-of-day panels.
const TOD_ROW: u32 = 20;
/// Title and legend strip of the time-of-day chart.
const TOD_TOP: u32 = 84;

impl TodLayout {
    /// The panels at the screen size (`width` None) or laid out `width` units wide (two
    /// columns only where they have room).
    pub(super) fn new(r: &PlanResult, width: Option<u32>) -> Self {
        let clusters = tod_clusters(r);
        let n = clusters.len();
        let columns = if n > 1 && width.is_none_or(|w| w >= 1400) { 2 } else { 1 };
        let rows = n.div_ceil(columns).max(1);
        let most = clusters
            .iter()
            .map(|c| c.hosts.iter().filter(|h| profile(h).is_some()).count())
            .max()
            .unwrap_or(0) as u32;
        let panel = (110 + TOD_ROW * most).max(400);
        let width = width.unwrap_or(if columns == 2 { 1500 } else { 1100 });
        let height = if n == 0 { 420 } else { TOD_TOP + panel * rows as u32 };
        TodLayout { columns, rows, width, height }
    }
}

pub(super) fn time_of_day<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    width: Option<u32>,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let clusters = tod_clusters(r);
    let layout = TodLayout::new(r, width);
    let legend = if clusters.is_empty() {
        Vec::new()
    } else {
        vec![(Mark::Dashed(TARGET), t.s("legend_tod_target").to_string())]
    };
    let plot = frame(root, t.s("tod_title"), &legend)?;
    if clusters.is_empty() {
        return message(&plot, t.s("no_profile"));
    }
    // One y-axis for every panel, so that clusters compare at a glance.
    let hi = clusters.iter().map(|c| tod_top(c)).fold(10.0f64, f64::max);
    let panels = plot.split_evenly((layout.rows, layout.columns));
    for (c, area) in clusters.iter().zip(panels.iter()) {
        tod_panel(c, t, hi, area)?;
    }
    Ok(())
}

/// The top of a time-of-day panel's y-axis for cluster `c`: above its busiest hour and target.
fn tod_top(c: &Cluster) -> f64 {
    let target = c.policy.target_cpu_pct;
    let peak = c
        .hosts
        .iter()
        .filter_map(profile)
        .flat_map(|p| p.iter().copied())
        .chain([if target.is_finite() { target } else { 0.0 }])
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .min(1000.0);
    ((peak * 1.15) / 10.0).ceil().max(1.0) * 10.0
}

fn tod_panel<DB: DrawingBackend>(
    c: &Cluster,
    t: Words,
    hi: f64,
    area: &DrawingArea<DB, Shift>,
) -> Drawn {
    let hosts: Vec<(&Host, &[f64])> =
        c.hosts.iter().filter_map(|h| profile(h).map(|p| (h, p))).collect();
    // Each host's name with its busiest hour's CPU, so that lines running together can still be
    // told apart.
    let labels: Vec<String> = hosts
        .iter()
        .map(|(h, p)| {
            let peak = p.iter().copied().filter(|v| v.is_finite()).fold(0.0f64, f64::max);
            let role = match document::role(h) {
                "active" => String::new(),
                other => format!(", {}", document::role_label(t, other)),
            };
            t.f("tod_host", &[("name", &h.name), ("pct", &format!("{peak:.0}")), ("role", &role)])
        })
        .collect();
    let (w, _) = area.dim_in_pixel();
    let label_w =
        labels.iter().map(|l| glyphs::text_width(SMALL_SIZE, l)).fold(0.0, f64::max).ceil() as u32;
    let legend_w = (label_w + label_w / 10 + 56).max(120).min(w / 2);
    let (left, right) = area.split_horizontally(w - legend_w);

    let target = c.policy.target_cpu_pct;
    let caption = t.f(
        "tod_panel",
        &[
            ("name", &c.name),
            ("hosts", &t.count(c.hosts.len(), "n_host", "n_hosts")),
            ("pct", &format::pct_short(target)),
        ],
    );
    // An hour label every 3 hours where they have room (narrow panels at a print width: 6).
    let step = if left.dim_in_pixel().0 >= 520 { 3 } else { 6 };
    let keys: Vec<f64> = (0..24).step_by(step).map(f64::from).collect();
    let mut chart = ChartBuilder::on(&left)
        .caption(caption, font(LABEL_SIZE + 1.0))
        .margin_left(12)
        .margin_right(16)
        .margin_top(6)
        .margin_bottom(10)
        .x_label_area_size(52)
        .y_label_area_size(64)
        .build_cartesian_2d((-0.5f64..23.5).keyed(keys), 0f64..hi)?;
    let x_fmt = |x: &f64| format!("{:.0}:00", x);
    let y_fmt = |y: &f64| format!("{y:.0}");
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("tod_x"),
        y_desc: t.s("tod_y"),
        label_size: (SMALL_SIZE, SMALL_SIZE),
        desc_size: LABEL_SIZE,
        x_mesh: true,
    };
    mesh(&mut chart, &axes)?;
    for (k, (_, p)) in hosts.iter().enumerate() {
        let colour = SERIES_COLOURS[k % SERIES_COLOURS.len()];
        let points: Vec<(f64, f64)> = p
            .iter()
            .enumerate()
            .map(|(hour, v)| (hour as f64, if v.is_finite() { v.clamp(0.0, hi) } else { 0.0 }))
            .collect();
        // Every other host dashed, so that neighbouring colours still differ in print.
        if k % 2 == 1 {
            chart.draw_series(DashedLineSeries::new(points, 8, 4, colour.stroke_width(2)))?;
        } else {
            chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))?;
        }
    }

    // The target over the lines, which often run just under it.
    if target.is_finite() && target > 0.0 {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(-0.5, target), (23.5, target)],
            7,
            4,
            TARGET.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((-0.5, target))
                + Text::new(
                    t.f("target_pct", &[("pct", &format::pct_short(target))]),
                    (6, -3),
                    anchored(font(SMALL_SIZE).color(&TARGET), HPos::Left, VPos::Bottom),
                ),
        ))?;
    }
    // The hosts' legend, beside the plot, in host order.
    let (_, top) = chart.backend_coord(&(-0.5, hi));
    let base = right.get_base_pixel();
    let small = font(SMALL_SIZE);
    for (k, label) in labels.iter().enumerate() {
        let colour = SERIES_COLOURS[k % SERIES_COLOURS.len()];
        let y = top - base.1 + 8 + (TOD_ROW as i32) * k as i32;
        if k % 2 == 1 {
            right.draw(&DashedPathElement::new(
                vec![(4, y), (26, y)],
                8,
                4,
                colour.stroke_width(3),
            ))?;
        } else {
            right.draw(&PathElement::new(vec![(4, y), (26, y)], colour.stroke_width(3)))?;
        }
        right.draw(&Text::new(
            label.clone(),
            (32, y),
            anchored(small.clone(), HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}
