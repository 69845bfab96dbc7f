//! `utilisation`: utilisation of each host by resource, grouped by cluster (rows of whole
//! clusters beyond [`HOSTS_PER_ROW`] hosts, one y scale), with each
//! cluster's CPU and memory targets, the spare hosts and the binding host loss marked.
//!
//! The chart is split into pages of whole rows, none higher than [`MAX_ASPECT`] times its
//! width, so that each page prints on A4 at the print width (160 mm wide: at most 232 mm
//! high). A cluster with more hosts than fit on a row wraps onto further rows.

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

/// Highest page height as a share of its width: an A4 page's text block at the print width
/// (160 mm wide, 232 mm high; the aspect of A4 itself is 1.414).
pub(crate) const MAX_ASPECT: f64 = 1.45;

/// Part of a cluster on a row: the cluster and the hosts of it drawn there (all of them,
/// unless the cluster wraps over several rows).
#[derive(Clone, Copy)]
struct Part<'a> {
    cluster: &'a Cluster,
    hosts: &'a [Host],
}

/// One row of the utilisation chart: whole clusters (or one part of a wrapping cluster) side
/// by side, with one x-axis.
struct Row<'a> {
    /// Parts on this row, in report order (each with hosts).
    parts: Vec<Part<'a>>,
    /// Per host: x centre, part index (into `parts`).
    slots: Vec<(f64, usize)>,
    /// Per part: the x range of its group, padding included.
    groups: Vec<(f64, f64)>,
    /// x range end.
    x_end: f64,
    /// How the host names are set under the axis.
    labels: Labels,
    /// Height of the x label area (the names; the axis description comes below it on the
    /// page's last row only).
    label_height: u32,
    /// Height of the heading band above the plot.
    band: u32,
    /// Width of the row in pixels (at most the chart's).
    width: u32,
}

/// How a row's host names are set: upright on one line when each fits its slot, upright on
/// two staggered lines when each fits two slots, else rotated to read upwards (as high as the
/// longest name).
#[derive(Clone, Copy, PartialEq)]
enum Labels {
    Upright,
    Staggered,
    Rotated,
}

/// One page of the utilisation chart: rows, and its size in layout units.
pub(super) struct UtilLayout<'a> {
    rows: Vec<Row<'a>>,
    /// The legend (the same on every page).
    legend: Vec<(Mark, String)>,
    /// Page number (from 1) and number of pages.
    page: (usize, usize),
    /// Top of the y axis (the same on every page).
    hi: f64,
    pub(super) width: u32,
    pub(super) height: u32,
}

const SLOT_PX: f64 = 54.0;
const GAP: f64 = 0.8;
/// A cluster's group spans at least this many slots, so that its heading fits above it.
const MIN_GROUP: f64 = 3.0;
/// Room of the y-axis labels and margins, beside the slots, as a row's natural width and
/// the headings' room count it (more than the plot leaves, so that headings are given at
/// least the lines they take).
const SIDE_PX: f64 = 190.0;
/// Room the plot leaves beside the slots (margins and y-axis labels), as the hosts a row
/// and the host names' room count it.
const PLOT_SIDE: f64 = 116.0;
/// Height of a row's plot (the bars), without heading and labels.
const PLOT_H: u32 = 180;
/// Below the plot: the margin under a row.
const ROW_BOTTOM: u32 = 6;
/// The x-axis description under the last row of a page.
const DESC_H: u32 = 30;
/// A heading line's height.
const HEAD_LINE: i32 = 19;

/// Clusters with hosts, in report order, packed greedily into rows of at most `per_row`
/// hosts; a larger cluster wraps over rows of its own. Each row comes with its block: the
/// rows of one wrapping cluster share one, so that a page break falls between them only when
/// the cluster does not fit on one page.
fn rows_of(clusters: Vec<&Cluster>, per_row: usize) -> Vec<(Vec<Part<'_>>, usize)> {
    let mut rows: Vec<(Vec<Part>, usize)> = Vec::new();
    let mut on_row = per_row;
    for c in clusters.into_iter().filter(|c| !c.hosts.is_empty()) {
        let n = c.hosts.len();
        if n > per_row {
            // Rows as even as can be (11 hosts at 8 a row: 6 and 5, not 8 and 3).
            let block = rows.len();
            let each = n.div_ceil(n.div_ceil(per_row));
            for hosts in c.hosts.chunks(each) {
                rows.push((vec![Part { cluster: c, hosts }], block));
            }
            on_row = per_row;
            continue;
        }
        let part = Part { cluster: c, hosts: &c.hosts };
        match rows.last_mut() {
            Some((row, _)) if on_row + n <= per_row => row.push(part),
            _ => {
                rows.push((vec![part], rows.len()));
                on_row = 0;
            }
        }
        on_row += n;
    }
    rows
}

impl<'a> Row<'a> {
    fn new(parts: Vec<Part<'a>>, t: Words, chart_width: Option<u32>) -> Self {
        let mut slots = Vec::new();
        let mut groups = Vec::new();
        let mut x = -0.5;
        for (pi, p) in parts.iter().enumerate() {
            if pi > 0 {
                x += GAP;
            }
            let pad = (MIN_GROUP - p.hosts.len() as f64).max(0.0) / 2.0;
            let start = x;
            x += pad + 0.5;
            for _ in p.hosts {
                slots.push((x, pi));
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
        let slot_px = (f64::from(width) - PLOT_SIDE) / units;
        let label_px = parts
            .iter()
            .flat_map(|p| p.hosts.iter())
            .map(|h| glyphs::text_width(HOST_SIZE, &h.name))
            .fold(0.0, f64::max);
        // The tick and the binding-loss marker, then the names (rotated: as long as the
        // longest, with a margin for SVG viewers whose sans-serif is wider than DejaVu).
        let (labels, label_height) = if label_px <= slot_px * 0.9 {
            (Labels::Upright, LABEL_AT as u32 + HEAD_LINE as u32 + 6)
        } else if label_px <= slot_px * 1.8 {
            (Labels::Staggered, LABEL_AT as u32 + 2 * HEAD_LINE as u32 + 6)
        } else {
            (Labels::Rotated, (label_px * 1.06) as u32 + LABEL_AT as u32 + 6)
        };
        let band = parts
            .iter()
            .zip(&groups)
            .map(|(p, (x0, x1))| head_lines(p.cluster, t, (x1 - x0) * px_per_unit - 6.0).len())
            .max()
            .unwrap_or(1) as u32
            * HEAD_LINE as u32
            + 10;
        Row { parts, slots, groups, x_end, labels, label_height, band, width }
    }

    fn hosts(&self) -> Vec<(&'a Cluster, &'a Host)> {
        self.parts.iter().flat_map(|p| p.hosts.iter().map(move |h| (p.cluster, h))).collect()
    }

    fn height(&self) -> u32 {
        self.band + PLOT_H + ROW_BOTTOM + self.label_height
    }
}

/// Where a host name starts below the x axis (the binding-loss marker comes above it).
const LABEL_AT: i32 = 24;

impl<'a> UtilLayout<'a> {
    /// The pages at the default size (`width` None: as wide as the hosts need, at most
    /// [`HOSTS_PER_ROW`] a row) or at a given width in pixels (as many hosts a row as fit):
    /// whole rows, each page at most [`MAX_ASPECT`] times as high as wide; always one page
    /// at least.
    pub(super) fn pages(r: &'a PlanResult, t: Words, width: Option<u32>) -> Vec<Self> {
        let per_row = match width {
            Some(w) => ((f64::from(w) - PLOT_SIDE) / SLOT_PX).floor().max(1.0) as usize,
            None => HOSTS_PER_ROW,
        };
        let rows: Vec<(Row, usize)> = rows_of(document::clusters_by_site(r), per_row)
            .into_iter()
            .map(|(parts, block)| (Row::new(parts, t, width), block))
            .collect();
        let widest = rows.iter().map(|r| r.0.width).max().unwrap_or(0);
        let width = width.unwrap_or_else(|| widest.clamp(900, 16000));
        let hosts: Vec<(&Cluster, &Host)> = rows.iter().flat_map(|r| r.0.hosts()).collect();
        let legend = legend(&hosts, t);
        let hi = y_top(&hosts, t);
        // The title with the longest page number it can have.
        let top = frame_height(width, &title(t, (99, 99)), &legend) + 4;
        let max = (f64::from(width) * MAX_ASPECT) as u32;
        let pages = paginate(rows, max.saturating_sub(top + DESC_H));
        let n = pages.len();
        pages
            .into_iter()
            .enumerate()
            .map(|(i, rows)| {
                let body = if rows.is_empty() {
                    460
                } else {
                    rows.iter().map(Row::height).sum::<u32>() + DESC_H
                };
                UtilLayout {
                    rows,
                    legend: legend.clone(),
                    page: (i + 1, n),
                    hi,
                    width,
                    height: top + body,
                }
            })
            .collect()
    }

    fn hosts(&self) -> Vec<(&'a Cluster, &'a Host)> {
        self.rows.iter().flat_map(Row::hosts).collect()
    }
}

/// Rows onto pages of at most `room` units of rows: a block (the rows of one wrapping
/// cluster, or one row) goes on the current page when it fits, else on a new page; a block
/// higher than a page goes on row by row from where it is. Always one page, maybe empty.
fn paginate(rows: Vec<(Row, usize)>, room: u32) -> Vec<Vec<Row>> {
    let mut blocks: Vec<Vec<Row>> = Vec::new();
    let mut last = None;
    for (row, block) in rows {
        match blocks.last_mut() {
            Some(b) if last == Some(block) => b.push(row),
            _ => blocks.push(vec![row]),
        }
        last = Some(block);
    }
    let mut pages: Vec<Vec<Row>> = vec![Vec::new()];
    let mut used = 0;
    for block in blocks {
        let h: u32 = block.iter().map(Row::height).sum();
        let page_used = pages.last().is_some_and(|p| !p.is_empty());
        // A block that fits on a page starts one when it does not fit on this one; a larger
        // block is cut anyway, so it goes on from here.
        if page_used && used + h > room && h <= room {
            pages.push(Vec::new());
            used = 0;
        }
        for row in block {
            let rh = row.height();
            if used > 0 && used + rh > room {
                pages.push(Vec::new());
                used = 0;
            }
            used += rh;
            if let Some(p) = pages.last_mut() {
                p.push(row);
            }
        }
    }
    pages
}

/// The chart's title, with the page number when there are several pages.
fn title(t: Words, (page, of): (usize, usize)) -> String {
    let title = t.s("util_title");
    match (of > 1, t.ja()) {
        (false, _) => title.to_string(),
        (true, true) => format!("{title}（{page}/{of}）"),
        (true, false) => format!("{title} ({page}/{of})"),
    }
}

/// Whether the host is (one of) the binding host loss of its cluster.
fn is_binding_loss(c: &Cluster, h: &Host) -> bool {
    c.failover.required > 0 && c.failover.binding_loss.contains(&h.name)
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

/// The legend of every page: the resources, the target lines, the spare shade and the
/// binding-loss marker, each only when some host has it.
fn legend(hosts: &[(&Cluster, &Host)], t: Words) -> Vec<(Mark, String)> {
    let mut clusters: Vec<&Cluster> = hosts.iter().map(|(c, _)| *c).collect();
    clusters.dedup_by(|a, b| std::ptr::eq(*a, *b));
    let mut legend: Vec<(Mark, String)> = Resources::NAMES
        .iter()
        .zip(RESOURCE_COLOURS)
        .map(|(n, c)| (Mark::Bar(c), format::resource_label_in(t, n).to_string()))
        .collect();
    if clusters.iter().any(|c| target_lines(c, t).len() == 1) {
        legend.push((Mark::Dashed(TARGET), t.s("legend_cpu_memory_target").into()));
    }
    if clusters.iter().any(|c| target_lines(c, t).len() == 2) {
        legend.push((Mark::Dashed(RESOURCE_COLOURS[0]), t.s("legend_cpu_target").into()));
        legend.push((Mark::Dashed(RESOURCE_COLOURS[2]), t.s("legend_memory_target").into()));
    }
    if hosts.iter().any(|(_, h)| h.spare) {
        legend.push((Mark::Shade(SPARE_SHADE), t.s("legend_spare").into()));
    }
    if hosts.iter().any(|(c, h)| is_binding_loss(c, h)) {
        legend.push((Mark::Point(TARGET, Marker::Triangle), t.s("legend_binding_loss").into()));
    }
    legend
}

/// Draws one page of the chart.
pub(super) fn utilisation<DB: DrawingBackend>(
    layout: &UtilLayout,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let hosts = layout.hosts();
    let plot = frame(root, &title(t, layout.page), &layout.legend)?;
    if hosts.is_empty() {
        return message(&plot, t.s("no_hosts"));
    }
    let hi = layout.hi;
    let mut rest = plot;
    let n = layout.rows.len();
    for (i, row) in layout.rows.iter().enumerate() {
        let last = i + 1 == n;
        let (area, below) = if last {
            (rest.clone(), rest.clone())
        } else {
            let (a, b) = rest.split_vertically(row.height());
            (a, b)
        };
        let (w, _) = area.dim_in_pixel();
        // A row narrower than the chart keeps its own width (no fat bars), unless it is the
        // only one.
        let area = if n > 1 && row.width < w { area.split_horizontally(row.width).0 } else { area };
        draw_row(row, t, hi, last, &area)?;
        rest = below;
    }
    Ok(())
}

/// The top of the y axis, the same on every row of every page: the highest utilisation or
/// target, rounded up.
fn y_top(hosts: &[(&Cluster, &Host)], t: Words) -> f64 {
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
    ((peak * 1.04) / 10.0).ceil() * 10.0
}

fn draw_row<DB: DrawingBackend>(
    row: &Row,
    t: Words,
    hi: f64,
    last: bool,
    area: &DrawingArea<DB, Shift>,
) -> Drawn {
    let hosts = row.hosts();
    let keys: Vec<f64> = row.slots.iter().map(|s| s.0).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(24)
        .margin_top(row.band)
        .margin_bottom(ROW_BOTTOM)
        .x_label_area_size(row.label_height + if last { DESC_H } else { 0 })
        .y_label_area_size(70)
        .build_cartesian_2d((-0.5f64..row.x_end).keyed(keys), 0f64..hi)?;

    // Spare hosts shaded behind everything.
    chart.draw_series(
        row.slots.iter().zip(&hosts).filter(|(_, (_, h))| h.spare).map(|(s, _)| {
            Rectangle::new([(s.0 - 0.5, 0.0), (s.0 + 0.5, hi)], SPARE_SHADE.filled())
        }),
    )?;

    // Host names are drawn below, so that each can have its own colour; the axis is
    // described under the page's last row only.
    let x_fmt = |_: &f64| String::new();
    let y_fmt = |y: &f64| format!("{y:.0}");
    let axes = Axes {
        x_label: &x_fmt,
        y_label: &y_fmt,
        x_desc: if last { t.s("util_x") } else { "" },
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

    for (pi, p) in row.parts.iter().enumerate() {
        let (x0, x1) = row.groups[pi];
        if pi > 0 {
            let sep = x0 - GAP / 2.0;
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(sep, 0.0), (sep, hi)],
                6,
                4,
                MUTED.stroke_width(1),
            )))?;
        }
        // The target lines across the group, unlabelled: their values are in the heading.
        for (v, colour, _) in target_lines(p.cluster, t) {
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
        heading(p.cluster, t, area, (gx0 - base.0, gx1 - base.0), top - base.1)?;
    }
    host_labels(row, &hosts, t, &chart, area)
}

/// Under each slot the host's name (red, with a red triangle above it, for the binding
/// host loss); in an empty host's slot its role, on the axis.
fn host_labels<DB: DrawingBackend, X: Ranged<ValueType = f64>>(
    row: &Row,
    hosts: &[(&Cluster, &Host)],
    t: Words,
    chart: &ChartContext<'_, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    area: &DrawingArea<DB, Shift>,
) -> Drawn {
    let base = area.get_base_pixel();
    let small = font(SMALL_SIZE);
    for (i, (s, (c, h))) in row.slots.iter().zip(hosts).enumerate() {
        let (px, py) = chart.backend_coord(&(s.0, 0.0));
        let (px, py) = (px - base.0, py - base.1);
        if h.spare {
            let role = document::role_label(t, document::role(h)).to_string();
            let style = anchored(small.clone().color(&MUTED), HPos::Center, VPos::Bottom);
            area.draw(&Text::new(role, (px, py - 8), style))?;
        }
        let binding = is_binding_loss(c, h);
        let colour: &'static RGBColor = if binding { &TARGET } else { &BLACK };
        if binding {
            area.draw(&TriangleMarker::new((px, py + 14), 6, TARGET.filled()))?;
        }
        let name = h.name.clone();
        let upright = anchored(font(HOST_SIZE).color(colour), HPos::Center, VPos::Top);
        let (style, dy) = match row.labels {
            Labels::Rotated => (
                anchored(font(HOST_SIZE).color(colour), HPos::Right, VPos::Center)
                    .transform(FontTransform::Rotate270),
                0,
            ),
            Labels::Staggered if i % 2 == 1 => (upright, HEAD_LINE),
            _ => (upright, 0),
        };
        // An upright name near the row's edge is moved in rather than cut.
        let half = (glyphs::text_width(HOST_SIZE, &name) / 2.0).ceil() as i32;
        let (w, _) = area.dim_in_pixel();
        let px = if row.labels != Labels::Rotated && 2 * half + 4 < w as i32 {
            px.clamp(2 + half, w as i32 - 2 - half)
        } else {
            px
        };
        area.draw(&Text::new(name, (px, py + LABEL_AT + dy), style))?;
    }
    Ok(())
}

/// A line of a cluster's heading: one text, or the two targets side by side in their colours.
enum HeadLine {
    One(String, f64, &'static RGBColor),
    Targets(Vec<(&'static RGBColor, String)>),
}

/// The lines of a cluster's heading in `room` pixels: its name, hosts and site, then its
/// targets in their line colours; on one line each when they fit, else split.
fn head_lines(c: &Cluster, t: Words, room: f64) -> Vec<HeadLine> {
    let fits = |size: f64, s: &str| glyphs::text_width(size, s) <= room;
    let hosts_words = t.count(c.hosts.len(), "n_host", "n_hosts");
    let site = if document::is_main(c) { String::new() } else { format!(", {}", c.site) };
    let one = format!("{} ({hosts_words}{site})", c.name);
    let mut lines = if fits(LABEL_SIZE, &one) {
        vec![HeadLine::One(one, LABEL_SIZE, &BLACK)]
    } else {
        vec![
            HeadLine::One(c.name.clone(), LABEL_SIZE, &BLACK),
            HeadLine::One(format!("{hosts_words}{site}"), LABEL_SIZE, &BLACK),
        ]
    };
    let targets = target_lines(c, t);
    let joined = targets.iter().map(|l| l.2.as_str()).collect::<Vec<_>>().join("  ");
    if targets.len() > 1 && fits(SMALL_SIZE, &joined) {
        lines.push(HeadLine::Targets(targets.into_iter().map(|(_, c, s)| (c, s)).collect()));
    } else {
        lines.extend(targets.into_iter().map(|(_, c, s)| HeadLine::One(s, SMALL_SIZE, c)));
    }
    lines
}

/// A cluster's heading above its group, off the bars ([`head_lines`] in `(x0, x1)`), the
/// last line just above `bottom` (the plot's top).
fn heading<DB: DrawingBackend>(
    c: &Cluster,
    t: Words,
    area: &DrawingArea<DB, Shift>,
    (x0, x1): (i32, i32),
    bottom: i32,
) -> Drawn {
    let lines = head_lines(c, t, f64::from(x1 - x0) - 6.0);
    let top = bottom - 6 - HEAD_LINE * lines.len() as i32;
    let (w, _) = area.dim_in_pixel();
    let centre = (x0 + x1) / 2;
    for (i, line) in lines.into_iter().enumerate() {
        let y = top + HEAD_LINE * i as i32;
        match line {
            HeadLine::Targets(targets) => {
                let texts: Vec<&str> = targets.iter().map(|(_, s)| s.as_str()).collect();
                let total = glyphs::text_width(SMALL_SIZE, &texts.join("  "));
                let mut x = f64::from(centre) - total / 2.0;
                for (colour, text) in targets {
                    let step = glyphs::text_width(SMALL_SIZE, &format!("{text}  "));
                    area.draw(&Text::new(
                        text,
                        (x.round() as i32, y),
                        anchored(font(SMALL_SIZE).color(colour), HPos::Left, VPos::Top),
                    ))?;
                    x += step;
                }
            }
            HeadLine::One(line, size, colour) => {
                let half = (glyphs::text_width(size, &line) / 2.0).ceil() as i32;
                let cx = if half * 2 + 8 < w as i32 {
                    centre.clamp(4 + half, w as i32 - 4 - half)
                } else {
                    centre
                };
                area.draw(&Text::new(
                    line,
                    (cx, y),
                    anchored(font(size).color(colour), HPos::Center, VPos::Top),
                ))?;
            }
        }
    }
    Ok(())
}
