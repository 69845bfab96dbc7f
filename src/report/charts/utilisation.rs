//! `utilisation`: utilisation of each host by resource, grouped by cluster, with each
//! cluster's CPU and memory targets, the spare hosts and the binding host loss marked.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::{Cluster, Host, PlanResult, Resources};
use crate::report::i18n::Text as Words;
use crate::report::{document, format, glyphs};

use super::common::*;

/// Where the hosts go on the utilisation chart.
pub(super) struct UtilLayout<'a> {
    /// Clusters in report order.
    clusters: Vec<&'a Cluster>,
    /// Per host: x centre, cluster index (into `clusters`).
    slots: Vec<(f64, usize)>,
    /// Per cluster: first and last x centre (None for a cluster without hosts).
    groups: Vec<Option<(f64, f64)>>,
    /// x range end.
    x_end: f64,
    pub(super) width: u32,
    /// Host labels rotated to read upwards.
    rotate: bool,
    /// Height of the x label area.
    pub(super) label_height: u32,
}

const SLOT_PX: f64 = 54.0;
const GAP: f64 = 0.8;

impl<'a> UtilLayout<'a> {
    pub(super) fn new(r: &'a PlanResult, t: Words) -> Self {
        let clusters = document::clusters_by_site(r);
        let mut slots = Vec::new();
        let mut groups = Vec::new();
        let mut x = 0.0;
        for (ci, c) in clusters.iter().enumerate() {
            if c.hosts.is_empty() {
                groups.push(None);
                continue;
            }
            if !slots.is_empty() {
                x += GAP;
            }
            let first = x;
            for _ in &c.hosts {
                slots.push((x, ci));
                x += 1.0;
            }
            groups.push(Some((first, x - 1.0)));
        }
        let x_end = if slots.is_empty() { 1.0 } else { x - 0.5 };
        let units = x_end + 0.5;
        let width = (units * SLOT_PX + 190.0).clamp(900.0, 16000.0) as u32;
        let px_per_unit = (width as f64 - 190.0) / units;
        let label_px = clusters
            .iter()
            .flat_map(|c| c.hosts.iter().map(move |h| host_label(c, h, t)))
            .map(|l| glyphs::text_width(HOST_SIZE, &l))
            .fold(0.0, f64::max);
        let rotate = label_px > px_per_unit * 0.9;
        // Room for the tick, the (rotated) names with a margin for SVG viewers whose sans-serif
        // is wider than DejaVu, and the axis description; two lines of names when upright.
        let label_height = if rotate { (label_px.min(600.0) * 1.12 + 52.0) as u32 } else { 84 };
        UtilLayout { clusters, slots, groups, x_end, width, rotate, label_height }
    }

    fn hosts(&self) -> Vec<(&'a Cluster, &'a Host)> {
        self.clusters.iter().flat_map(|c| c.hosts.iter().map(move |h| (*c, h))).collect()
    }
}

/// Whether the host is (one of) the binding host loss of its cluster.
fn is_binding_loss(c: &Cluster, h: &Host) -> bool {
    c.failover.required > 0 && c.failover.binding_loss.contains(&h.name)
}

/// A host's name on the utilisation chart, with its role when not active and the binding loss.
fn host_label(c: &Cluster, h: &Host, t: Words) -> String {
    let mut notes = Vec::new();
    match document::role(h) {
        "active" => {}
        other => notes.push(document::role_label(t, other).to_string()),
    }
    if is_binding_loss(c, h) {
        notes.push(t.s("binding_loss_short").to_string());
    }
    let name = h.name.clone();
    if notes.is_empty() { name } else { format!("{name} ({})", notes.join(", ")) }
}

/// The target lines of a cluster on the utilisation chart: one red line when CPU and memory
/// share a target, else one per resource in its colour.
fn target_lines(c: &Cluster, w: Words) -> Vec<(f64, &'static RGBColor, String)> {
    let t = document::policy_target_pct(c);
    if !t.cpu.is_finite() || !t.memory_gb.is_finite() {
        return Vec::new();
    }
    if (t.cpu - t.memory_gb).abs() < 0.05 {
        vec![(t.cpu, &TARGET, w.f("target_pct", &[("pct", &format::pct_short(t.cpu))]))]
    } else {
        vec![
            (
                t.cpu,
                &RESOURCE_COLOURS[0],
                w.f("cpu_target_pct", &[("pct", &format::pct_short(t.cpu))]),
            ),
            (
                t.memory_gb,
                &RESOURCE_COLOURS[2],
                w.f("memory_target_pct", &[("pct", &format::pct_short(t.memory_gb))]),
            ),
        ]
    }
}

pub(super) fn utilisation<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let layout = UtilLayout::new(r, t);
    let hosts = layout.hosts();
    let shared = |c: &&Cluster| target_lines(c, t).len() == 1;
    let mut legend: Vec<(Mark, String)> = Resources::NAMES
        .iter()
        .zip(RESOURCE_COLOURS)
        .map(|(n, c)| (Mark::Bar(c), format::resource_label_in(t, n).to_string()))
        .collect();
    let with_hosts: Vec<&Cluster> =
        layout.clusters.iter().copied().filter(|c| !c.hosts.is_empty()).collect();
    if with_hosts.iter().any(shared) {
        legend.push((Mark::Dashed(TARGET), t.s("legend_cpu_memory_target").into()));
    }
    if with_hosts.iter().any(|c| target_lines(c, t).len() == 2) {
        legend.push((Mark::Dashed(RESOURCE_COLOURS[0]), t.s("legend_cpu_target").into()));
        legend.push((Mark::Dashed(RESOURCE_COLOURS[2]), t.s("legend_memory_target").into()));
    }
    if hosts.iter().any(|(_, h)| h.spare) {
        legend.push((Mark::Shade(SPARE_SHADE), t.s("legend_spare").into()));
    }
    let plot = frame(root, t.s("util_title"), &legend)?;
    if hosts.is_empty() {
        return message(&plot, t.s("no_hosts"));
    }

    let peak = hosts
        .iter()
        .flat_map(|(c, h)| {
            h.utilisation_pct
                .values()
                .into_iter()
                .chain(target_lines(c, t).into_iter().map(|l| l.0))
        })
        .filter(|v| v.is_finite())
        .fold(100.0f64, f64::max)
        .min(1000.0);
    // Room above the bars for the cluster names (two lines where a cluster is narrow).
    let hi = ((peak * 1.16) / 10.0).ceil() * 10.0;
    let keys: Vec<f64> = layout.slots.iter().map(|s| s.0).collect();

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(24)
        .margin_bottom(12)
        .x_label_area_size(layout.label_height)
        .y_label_area_size(70)
        .build_cartesian_2d((-0.5f64..layout.x_end).keyed(keys), 0f64..hi)?;

    // Spare hosts shaded behind everything.
    chart.draw_series(
        layout.slots.iter().zip(&hosts).filter(|(_, (_, h))| h.spare).map(|(s, _)| {
            Rectangle::new([(s.0 - 0.5, 0.0), (s.0 + 0.5, hi)], SPARE_SHADE.filled())
        }),
    )?;

    // Host names are drawn below, so that each can have its own colour.
    let x_fmt = |_: &f64| String::new();
    let y_fmt = |y: &f64| format!("{y:.0}");
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_label_style(font(HOST_SIZE))
        .y_label_style(font(LABEL_SIZE))
        .x_desc(t.s("util_x"))
        .y_desc(t.s("util_y"))
        .axis_desc_style(font(DESC_SIZE))
        .draw()?;

    const BAR_HALF: f64 = 0.13;
    const BAR_STEP: f64 = 0.28;
    for (k, colour) in RESOURCE_COLOURS.iter().enumerate() {
        let dx = (k as f64 - 1.0) * BAR_STEP;
        chart.draw_series(layout.slots.iter().zip(&hosts).map(|(s, (_, h))| {
            let v = h.utilisation_pct.values()[k];
            let v = if v.is_finite() { v.clamp(0.0, hi) } else { 0.0 };
            Rectangle::new([(s.0 + dx - BAR_HALF, 0.0), (s.0 + dx + BAR_HALF, v)], colour.filled())
        }))?;
    }

    let small = font(SMALL_SIZE);
    let label = font(LABEL_SIZE);
    let (plot_x0, plot_x1) = {
        let (a, _) = chart.backend_coord(&(-0.5, 0.0));
        let (b, _) = chart.backend_coord(&(layout.x_end, 0.0));
        (a, b)
    };
    for (ci, c) in layout.clusters.iter().enumerate() {
        let Some((first, last)) = layout.groups[ci] else { continue };
        let (x0, x1) = (first - 0.5, last + 0.5);
        if first > 0.0 {
            let sep = first - 0.5 - GAP / 2.0;
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(sep, 0.0), (sep, hi)],
                6,
                4,
                MUTED.stroke_width(1),
            )))?;
        }
        // The cluster's name over its hosts: on one line when it fits, else on two, kept
        // inside the plot.
        let hosts_words = t.count(c.hosts.len(), "n_host", "n_hosts");
        let site = if document::is_main(c) { String::new() } else { format!(", {}", c.site) };
        let one = format!("{} ({hosts_words}{site})", c.name);
        let (gx0, top) = chart.backend_coord(&(x0, hi));
        let (gx1, _) = chart.backend_coord(&(x1, hi));
        let room = f64::from(gx1 - gx0);
        let lines = if glyphs::text_width(LABEL_SIZE, &one) <= room - 6.0 {
            vec![one]
        } else {
            vec![c.name.clone(), format!("{hosts_words}{site}")]
        };
        for (i, line) in lines.iter().enumerate() {
            let w = glyphs::text_width(LABEL_SIZE, line).ceil() as i32;
            let centre = (gx0 + gx1) / 2;
            let lo = plot_x0 + 4 + w / 2;
            let hi_x = plot_x1 - 4 - w / 2;
            let cx = if lo <= hi_x { centre.clamp(lo, hi_x) } else { (plot_x0 + plot_x1) / 2 };
            root.draw(&Text::new(
                line.clone(),
                (cx, top + 6 + 20 * i as i32),
                anchored(label.clone(), HPos::Center, VPos::Top),
            ))?;
        }
        let lines = target_lines(c, t);
        // Two targets close together: the lower one's label goes under its line.
        let close = match lines.as_slice() {
            [a, b] => {
                let (_, ya) = chart.backend_coord(&(x0, a.0.clamp(0.0, hi)));
                let (_, yb) = chart.backend_coord(&(x0, b.0.clamp(0.0, hi)));
                (ya - yb).abs() < 16
            }
            _ => false,
        };
        let lowest = lines.iter().map(|l| l.0).fold(f64::INFINITY, f64::min);
        for (v, colour, text) in lines {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(x0 + 0.04, v), (x1 - 0.04, v)],
                7,
                4,
                colour.stroke_width(2),
            )))?;
            // The label from the group's left edge, moved left if it would leave the plot.
            let (px, py) = chart.backend_coord(&(x0, v.clamp(0.0, hi)));
            let w = glyphs::text_width(SMALL_SIZE, &text).ceil() as i32;
            let lx = (px + 4).min(plot_x1 - 2 - w).max(plot_x0 + 2);
            let (dy, vpos) = if close && v <= lowest { (6, VPos::Top) } else { (-3, VPos::Bottom) };
            root.draw(&Text::new(
                text,
                (lx, py + dy),
                anchored(small.clone().color(colour), HPos::Left, vpos),
            ))?;
        }
    }
    for (s, _) in layout.slots.iter().zip(&hosts).filter(|(_, (_, h))| h.spare) {
        chart.draw_series(std::iter::once(
            EmptyElement::at((s.0, 0.0))
                + Text::new(
                    t.s("role_spare"),
                    (0, -8),
                    anchored(small.clone().color(&MUTED), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }
    for (s, (c, h)) in layout.slots.iter().zip(&hosts) {
        let (px, py) = chart.backend_coord(&(s.0, 0.0));
        let colour: &'static RGBColor = if is_binding_loss(c, h) { &TARGET } else { &BLACK };
        let text = host_label(c, h, t);
        if layout.rotate {
            let style = anchored(font(HOST_SIZE).color(colour), HPos::Right, VPos::Center)
                .transform(FontTransform::Rotate270);
            root.draw(&Text::new(text, (px, py + 10), style))?;
        } else {
            // Upright: the name, and its notes on a second line.
            let style = anchored(font(HOST_SIZE).color(colour), HPos::Center, VPos::Top);
            let (name, note) = match text.split_once(" (") {
                Some((n, rest)) => (n.to_string(), format!("({rest}")),
                None => (text, String::new()),
            };
            root.draw(&Text::new(name, (px, py + 10), style.clone()))?;
            if !note.is_empty() {
                root.draw(&Text::new(note, (px, py + 30), style))?;
            }
        }
    }
    Ok(())
}
