//! `utilisation`: utilisation of each host by resource, grouped by cluster (rows of whole
//! clusters beyond [`HOSTS_PER_ROW`] hosts, one y scale), with each
//! cluster's CPU and memory targets, the spare hosts and the binding host loss marked.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::plan::{Cluster, Host, PlanResult, Resources};
use crate::report::i18n::Text as Words;
use crate::report::{document, format, glyphs};

use super::common::*;

/// Most hosts on one row of the chart at the default size: beyond, clusters go on rows of
/// their own (whole clusters per row), so that a large plan stays readable and printable.
pub(super) const HOSTS_PER_ROW: usize = 20;

/// One row of the utilisation chart: whole clusters side by side, with one x-axis.
struct Row<'a> {
    /// Clusters on this row, in report order (each with hosts).
    clusters: Vec<&'a Cluster>,
    /// Per host: x centre, cluster index (into `clusters`).
    slots: Vec<(f64, usize)>,
    /// Per cluster: the x range of its group, padding included.
    groups: Vec<(f64, f64)>,
    /// x range end.
    x_end: f64,
    /// Host labels rotated to read upwards.
    rotate: bool,
    /// Height of the x label area.
    label_height: u32,
    /// Width of the row in pixels (at most the chart's).
    width: u32,
}

/// Where the hosts go on the utilisation chart: rows of whole clusters.
pub(super) struct UtilLayout<'a> {
    rows: Vec<Row<'a>>,
    pub(super) width: u32,
    pub(super) height: u32,
}

const SLOT_PX: f64 = 54.0;
const GAP: f64 = 0.8;
/// A cluster's group spans at least this many slots, so that its heading fits above it.
const MIN_GROUP: f64 = 3.0;
/// Room of the y-axis labels and margins, beside the slots.
const SIDE_PX: f64 = 190.0;
/// Title and legend strip at the top.
const UTIL_TOP: u32 = 100;
/// A row's plot, heading band included (its host labels come on top of this).
const ROW_PLOT: u32 = 470;
/// Lines of a cluster's heading (name, hosts and site, targets) and their height.
const HEAD_LINES: u32 = 4;
const HEAD_LINE: i32 = 19;

/// Clusters with hosts, in report order, packed greedily into rows of at most `per_row`
/// hosts (a larger cluster has a row of its own).
fn rows_of(clusters: Vec<&Cluster>, per_row: usize) -> Vec<Vec<&Cluster>> {
    let mut rows: Vec<Vec<&Cluster>> = Vec::new();
    let mut on_row = 0;
    for c in clusters.into_iter().filter(|c| !c.hosts.is_empty()) {
        let n = c.hosts.len();
        match rows.last_mut() {
            Some(row) if on_row + n <= per_row => row.push(c),
            _ => {
                rows.push(vec![c]);
                on_row = 0;
            }
        }
        on_row += n;
    }
    rows
}

impl<'a> Row<'a> {
    fn new(clusters: Vec<&'a Cluster>, t: Words, chart_width: Option<u32>) -> Self {
        let mut slots = Vec::new();
        let mut groups = Vec::new();
        let mut x = -0.5;
        for (ci, c) in clusters.iter().enumerate() {
            if ci > 0 {
                x += GAP;
            }
            let pad = (MIN_GROUP - c.hosts.len() as f64).max(0.0) / 2.0;
            let start = x;
            x += pad + 0.5;
            for _ in &c.hosts {
                slots.push((x, ci));
                x += 1.0;
            }
            x += pad - 0.5;
            groups.push((start, x));
        }
        let x_end = x.max(0.5);
        let units = x_end + 0.5;
        let natural = (units * SLOT_PX + SIDE_PX) as u32;
        let width = match chart_width {
            Some(w) => natural.clamp(w.min(600), w),
            None => natural,
        };
        let px_per_unit = (f64::from(width) - SIDE_PX) / units;
        let label_px = clusters
            .iter()
            .flat_map(|c| c.hosts.iter().map(move |h| host_label(c, h, t)))
            .map(|l| glyphs::text_width(HOST_SIZE, &l))
            .fold(0.0, f64::max);
        let rotate = label_px > px_per_unit * 0.9;
        // Room for the tick, the (rotated) names with a margin for SVG viewers whose sans-serif
        // is wider than DejaVu, and the axis description; two lines of names when upright.
        let label_height = if rotate { (label_px.min(600.0) * 1.12 + 52.0) as u32 } else { 84 };
        Row { clusters, slots, groups, x_end, rotate, label_height, width }
    }

    fn hosts(&self) -> Vec<(&'a Cluster, &'a Host)> {
        self.clusters.iter().flat_map(|c| c.hosts.iter().map(move |h| (*c, h))).collect()
    }

    fn height(&self) -> u32 {
        ROW_PLOT + self.label_height
    }
}

impl<'a> UtilLayout<'a> {
    /// The layout at the default size (`width` None: as wide as the hosts need, at most
    /// [`HOSTS_PER_ROW`] a row) or at a given width in pixels (as many hosts a row as fit).
    pub(super) fn new(r: &'a PlanResult, t: Words, width: Option<u32>) -> Self {
        let per_row = match width {
            Some(w) => ((f64::from(w) - SIDE_PX) / SLOT_PX).floor().max(1.0) as usize,
            None => HOSTS_PER_ROW,
        };
        let rows: Vec<Row> = rows_of(document::clusters_by_site(r), per_row)
            .into_iter()
            .map(|clusters| Row::new(clusters, t, width))
            .collect();
        let widest = rows.iter().map(|r| r.width).max().unwrap_or(0);
        let width = width.unwrap_or_else(|| widest.clamp(900, 16000));
        let height = UTIL_TOP + rows.iter().map(Row::height).sum::<u32>().max(460);
        UtilLayout { rows, width, height }
    }

    fn hosts(&self) -> Vec<(&'a Cluster, &'a Host)> {
        self.rows.iter().flat_map(Row::hosts).collect()
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
    width: Option<u32>,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let layout = UtilLayout::new(r, t, width);
    let hosts = layout.hosts();
    let clusters: Vec<&Cluster> = layout.rows.iter().flat_map(|r| r.clusters.clone()).collect();
    let shared = |c: &&Cluster| target_lines(c, t).len() == 1;
    let mut legend: Vec<(Mark, String)> = Resources::NAMES
        .iter()
        .zip(RESOURCE_COLOURS)
        .map(|(n, c)| (Mark::Bar(c), format::resource_label_in(t, n).to_string()))
        .collect();
    if clusters.iter().any(shared) {
        legend.push((Mark::Dashed(TARGET), t.s("legend_cpu_memory_target").into()));
    }
    if clusters.iter().any(|c| target_lines(c, t).len() == 2) {
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
    // One y-axis scale on every row.
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
    let hi = ((peak * 1.04) / 10.0).ceil() * 10.0;
    let mut rest = plot;
    let n = layout.rows.len();
    for (i, row) in layout.rows.iter().enumerate() {
        let (area, below) = if i + 1 < n {
            let (a, b) = rest.split_vertically(row.height());
            (a, b)
        } else {
            (rest.clone(), rest.clone())
        };
        let (w, _) = area.dim_in_pixel();
        // A row narrower than the chart keeps its own width (no fat bars), unless it is the
        // only one.
        let area = if n > 1 && row.width < w { area.split_horizontally(row.width).0 } else { area };
        draw_row(row, t, hi, &area)?;
        rest = below;
    }
    Ok(())
}

fn draw_row<DB: DrawingBackend>(
    row: &Row,
    t: Words,
    hi: f64,
    area: &DrawingArea<DB, Shift>,
) -> Drawn {
    let hosts = row.hosts();
    let keys: Vec<f64> = row.slots.iter().map(|s| s.0).collect();
    let band = HEAD_LINES as i32 * HEAD_LINE + 8;
    let mut chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(24)
        .margin_top(band as u32)
        .margin_bottom(12)
        .x_label_area_size(row.label_height)
        .y_label_area_size(70)
        .build_cartesian_2d((-0.5f64..row.x_end).keyed(keys), 0f64..hi)?;

    // Spare hosts shaded behind everything.
    chart.draw_series(
        row.slots.iter().zip(&hosts).filter(|(_, (_, h))| h.spare).map(|(s, _)| {
            Rectangle::new([(s.0 - 0.5, 0.0), (s.0 + 0.5, hi)], SPARE_SHADE.filled())
        }),
    )?;

    // Host names are drawn below, so that each can have its own colour.
    let x_fmt = |_: &f64| String::new();
    let y_fmt = |y: &f64| format!("{y:.0}");
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: t.s("util_x"),
        y_desc: t.s("util_y"),
        label_size: (HOST_SIZE, LABEL_SIZE),
        desc_size: DESC_SIZE,
        x_mesh: false,
    };
    mesh(&mut chart, &axes)?;

    const BAR_HALF: f64 = 0.13;
    const BAR_STEP: f64 = 0.28;
    for (k, colour) in RESOURCE_COLOURS.iter().enumerate() {
        let dx = (k as f64 - 1.0) * BAR_STEP;
        chart.draw_series(row.slots.iter().zip(&hosts).map(|(s, (_, h))| {
            let v = h.utilisation_pct.values()[k];
            let v = if v.is_finite() { v.clamp(0.0, hi) } else { 0.0 };
            Rectangle::new([(s.0 + dx - BAR_HALF, 0.0), (s.0 + dx + BAR_HALF, v)], colour.filled())
        }))?;
    }

    let small = font(SMALL_SIZE);
    for (ci, c) in row.clusters.iter().enumerate() {
        let (x0, x1) = row.groups[ci];
        if ci > 0 {
            let sep = x0 - GAP / 2.0;
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(sep, 0.0), (sep, hi)],
                6,
                4,
                MUTED.stroke_width(1),
            )))?;
        }
        // The target lines across the group, unlabelled: their values are in the heading.
        for (v, colour, _) in target_lines(c, t) {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(x0 + 0.04, v), (x1 - 0.04, v)],
                7,
                4,
                colour.stroke_width(2),
            )))?;
        }
        // Backend coordinates, less the row's offset: the area draws relative to itself.
        let base = area.get_base_pixel();
        let (gx0, top) = chart.backend_coord(&(x0, hi));
        let (gx1, _) = chart.backend_coord(&(x1, hi));
        heading(c, t, area, (gx0 - base.0, gx1 - base.0), top - base.1)?;
    }
    for (s, _) in row.slots.iter().zip(&hosts).filter(|(_, (_, h))| h.spare) {
        chart.draw_series(std::iter::once(
            EmptyElement::at((s.0, 0.0))
                + Text::new(
                    t.s("role_spare"),
                    (0, -8),
                    anchored(small.clone().color(&MUTED), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }
    let base = area.get_base_pixel();
    for (s, (c, h)) in row.slots.iter().zip(&hosts) {
        let (px, py) = chart.backend_coord(&(s.0, 0.0));
        let (px, py) = (px - base.0, py - base.1);
        let colour: &'static RGBColor = if is_binding_loss(c, h) { &TARGET } else { &BLACK };
        let text = host_label(c, h, t);
        if row.rotate {
            let style = anchored(font(HOST_SIZE).color(colour), HPos::Right, VPos::Center)
                .transform(FontTransform::Rotate270);
            area.draw(&Text::new(text, (px, py + 10), style))?;
        } else {
            // Upright: the name, and its notes on a second line.
            let style = anchored(font(HOST_SIZE).color(colour), HPos::Center, VPos::Top);
            let (name, note) = match text.split_once(" (") {
                Some((n, rest)) => (n.to_string(), format!("({rest}")),
                None => (text, String::new()),
            };
            area.draw(&Text::new(name, (px, py + 10), style.clone()))?;
            if !note.is_empty() {
                area.draw(&Text::new(note, (px, py + 30), style))?;
            }
        }
    }
    Ok(())
}

/// A cluster's heading above its group, off the bars: its name, hosts and site, then its
/// targets in their line colours; on one line each when they fit in `(x0, x1)`, else split;
/// the last line just above `bottom` (the plot's top).
fn heading<DB: DrawingBackend>(
    c: &Cluster,
    t: Words,
    area: &DrawingArea<DB, Shift>,
    (x0, x1): (i32, i32),
    bottom: i32,
) -> Drawn {
    let room = f64::from(x1 - x0) - 6.0;
    let fits = |size: f64, s: &str| glyphs::text_width(size, s) <= room;
    let hosts_words = t.count(c.hosts.len(), "n_host", "n_hosts");
    let site = if document::is_main(c) { String::new() } else { format!(", {}", c.site) };
    let one = format!("{} ({hosts_words}{site})", c.name);
    let mut lines: Vec<(String, f64, &RGBColor)> = if fits(LABEL_SIZE, &one) {
        vec![(one, LABEL_SIZE, &BLACK)]
    } else {
        vec![
            (c.name.clone(), LABEL_SIZE, &BLACK),
            (format!("{hosts_words}{site}"), LABEL_SIZE, &BLACK),
        ]
    };
    let targets = target_lines(c, t);
    let joined = targets.iter().map(|l| l.2.as_str()).collect::<Vec<_>>().join("  ");
    let side_by_side = targets.len() > 1 && fits(SMALL_SIZE, &joined);
    let count = lines.len() + if side_by_side { 1 } else { targets.len() };
    let top = bottom - 6 - HEAD_LINE * count as i32;
    if side_by_side {
        // Side by side, each in its colour.
        let total = glyphs::text_width(SMALL_SIZE, &joined);
        let mut x = f64::from(x0 + x1) / 2.0 - total / 2.0;
        let y = top + HEAD_LINE * lines.len() as i32;
        for (_, colour, text) in &targets {
            area.draw(&Text::new(
                text.clone(),
                (x.round() as i32, y),
                anchored(font(SMALL_SIZE).color(*colour), HPos::Left, VPos::Top),
            ))?;
            x += glyphs::text_width(SMALL_SIZE, &format!("{text}  "));
        }
    } else {
        lines.extend(targets.into_iter().map(|(_, colour, text)| (text, SMALL_SIZE, colour)));
    }
    let (w, _) = area.dim_in_pixel();
    for (i, (line, size, colour)) in lines.into_iter().enumerate() {
        let half = (glyphs::text_width(size, &line) / 2.0).ceil() as i32;
        let centre = (x0 + x1) / 2;
        let cx = if half * 2 + 8 < w as i32 {
            centre.clamp(4 + half, w as i32 - 4 - half)
        } else {
            centre
        };
        area.draw(&Text::new(
            line,
            (cx, top + HEAD_LINE * i as i32),
            anchored(font(size).color(colour), HPos::Center, VPos::Top),
        ))?;
    }
    Ok(())
}
