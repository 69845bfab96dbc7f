//! The charts, drawn with plotters into memory as PNG and SVG:
//!
//! - `cumulative`: cumulative cost by fiscal year, baseline vs plan, the cost effect marked;
//! - `yearly`: cost per fiscal year by category, the baseline bar beside the plan bar;
//! - `utilisation`: utilisation of each host by resource, grouped by cluster, with each
//!   cluster's CPU and memory targets (from its policy), the spare hosts and the binding host
//!   loss marked;
//! - `hosts_by_year`: hosts in service per fiscal year, stacked by cluster, the hosts bought
//!   that year in a lighter shade (staged purchases);
//! - `timeofday`: hourly CPU utilisation of each host of the time-of-day clusters, one panel
//!   per cluster, with its CPU target (a message when no server has a day profile, so the set
//!   of files is fixed).
//!
//! Text is drawn with fonts embedded in the binary (DejaVu Sans, then IPAex Gothic for
//! Japanese, see [`glyphs`]), so PNGs need no system fonts and show every name as written. SVGs
//! carry the text itself with [`FAMILY`], a font list that Japanese office machines have.
//! Every label comes from the message catalogue of the chosen language.

use std::sync::OnceLock;

use std::ops::Range;

use plotters::backend::RGBPixel;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plan::{Cluster, Costs, Host, PlanResult, Resources};

use super::document;
use super::format::{self, Money};
use super::glyphs::{self, TextBackend};
use super::i18n::Text as Words;
use super::{Output, OutputFile, ReportError};

/// DejaVu Sans (see `assets/fonts/LICENSE-DejaVu`).
/// The font family list every chart text uses (written as is into the SVGs; DejaVu Sans is
/// registered under it for plotters' own measurements): Latin first, then the Japanese fonts of
/// Windows (Yu Gothic, Meiryo), macOS (Hiragino Sans) and Linux (IPAexGothic, Noto Sans CJK JP).
pub(super) const FAMILY: &str = "DejaVu Sans, Yu Gothic, YuGothic, Meiryo, Hiragino Sans, \
                                 IPAexGothic, Noto Sans CJK JP, sans-serif";

pub(super) const TITLE_SIZE: f64 = 25.0;
pub(super) const LABEL_SIZE: f64 = 16.0;
pub(super) const DESC_SIZE: f64 = 17.0;
pub(super) const SMALL_SIZE: f64 = 14.0;
/// Host names on the utilisation chart.
const HOST_SIZE: f64 = 15.0;

// Colours from the Okabe–Ito palette, which stays distinguishable under red–green colour
// blindness (deuteranopia, protanopia); lines also differ by marker or dash.
pub(super) const BASELINE: RGBColor = RGBColor(213, 94, 0);
pub(super) const PLAN: RGBColor = RGBColor(0, 114, 178);
const TARGET: RGBColor = RGBColor(213, 94, 0);
pub(super) const GRID: RGBColor = RGBColor(215, 215, 215);
const SPARE_SHADE: RGBColor = RGBColor(236, 236, 236);
/// The physical servers on the hosts-by-year chart.
const PHYSICAL: RGBColor = RGBColor(160, 160, 160);
pub(super) const MUTED: RGBColor = RGBColor(90, 90, 90);

/// Colours of the cost categories, in the order of [`Costs::CATEGORIES`] (Okabe–Ito).
static CATEGORY_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

/// Colours of clusters (hosts by year) and of hosts (time of day), in turn (Okabe–Ito without
/// its vermillion, which marks targets and the baseline, then brown and greys).
pub(super) static SERIES_COLOURS: [RGBColor; 10] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 70, 20),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
    RGBColor(120, 120, 120),
    RGBColor(180, 180, 180),
];

/// The colour `c` mixed with white: `share` of white (0–1).
fn tint(c: RGBColor, share: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * share).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Colours of the resources, in the order of [`Resources::NAMES`].
static RESOURCE_COLOURS: [RGBColor; 3] =
    [RGBColor(0, 114, 178), RGBColor(230, 159, 0), RGBColor(204, 121, 167)];

/// One of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Cumulative cost, baseline vs plan.
    Cumulative,
    /// Yearly cost by category, baseline beside plan.
    Yearly,
    /// Utilisation of each host by resource.
    Utilisation,
    /// Hosts in service per fiscal year, stacked by cluster.
    HostsByYear,
    /// Hourly CPU utilisation of the hosts of the time-of-day clusters.
    TimeOfDay,
}

impl ChartKind {
    /// Every chart, in file order.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Cumulative,
        ChartKind::Yearly,
        ChartKind::Utilisation,
        ChartKind::HostsByYear,
        ChartKind::TimeOfDay,
    ];

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            ChartKind::Cumulative => "cumulative",
            ChartKind::Yearly => "yearly",
            ChartKind::Utilisation => "utilisation",
            ChartKind::HostsByYear => "hosts_by_year",
            ChartKind::TimeOfDay => "timeofday",
        }
    }

    /// Short title (alternative text in the reports), in the language of `t`.
    pub fn title(self, t: Words) -> &'static str {
        t.s(&format!("chart_title_{}", self.stem()))
    }

    /// What the chart shows, one sentence (caption in the reports), in the language of `t`.
    pub fn caption(self, t: Words) -> &'static str {
        t.s(&format!("chart_caption_{}", self.stem()))
    }
}

/// The chart files: each chart as PNG and SVG.
pub struct Charts;

impl Output for Charts {
    fn name(&self) -> &'static str {
        "charts"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &super::ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        let t = options.text;
        let mut files = Vec::new();
        for kind in ChartKind::ALL {
            files.push(OutputFile::new(format!("{}.png", kind.stem()), png_with(kind, result, t)?));
            files.push(OutputFile::new(format!("{}.svg", kind.stem()), svg_with(kind, result, t)?));
        }
        Ok(files)
    }
}

/// A drawing failure, as text (plotters' errors are generic over the backend).
pub(super) struct ChartError(pub(super) String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

pub(super) type Drawn = Result<(), ChartError>;

fn register_font() -> Result<(), ReportError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, glyphs::DEJAVU).is_ok()
    });
    if ok { Ok(()) } else { Err(ReportError::new("charts", "the embedded font cannot be read")) }
}

/// Something drawn on a whole chart canvas, whatever the backend (PNG or SVG): the plan's
/// charts here, and other charts of the report module (the scenario comparison).
pub(super) trait Picture {
    /// Draws everything on `root`, background included.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn;
}

/// One of the plan's charts, as a [`Picture`].
struct PlanChart<'a> {
    kind: ChartKind,
    r: &'a PlanResult,
    t: Words,
}

impl Picture for PlanChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        draw(self.kind, self.r, self.t, root)
    }
}

/// The chart as a PNG image, in English.
pub fn png(kind: ChartKind, r: &PlanResult) -> Result<Vec<u8>, ReportError> {
    png_with(kind, r, Words::EN)
}

/// The chart as an SVG document, in English.
pub fn svg(kind: ChartKind, r: &PlanResult) -> Result<String, ReportError> {
    svg_with(kind, r, Words::EN)
}

/// The chart as a PNG image, in the language of `t`.
pub fn png_with(kind: ChartKind, r: &PlanResult, t: Words) -> Result<Vec<u8>, ReportError> {
    render_png(&format!("{}.png", kind.stem()), size_with(kind, r, t), &PlanChart { kind, r, t })
}

/// The chart as an SVG document, in the language of `t`.
pub fn svg_with(kind: ChartKind, r: &PlanResult, t: Words) -> Result<String, ReportError> {
    render_svg(&format!("{}.svg", kind.stem()), size_with(kind, r, t), &PlanChart { kind, r, t })
}

/// Draws `picture` into a `(w, h)` PNG image (named `file` in errors), text drawn by
/// [`TextBackend`] with the embedded font.
pub(super) fn render_png(
    file: &str,
    (w, h): (u32, u32),
    picture: &impl Picture,
) -> Result<Vec<u8>, ReportError> {
    register_font()?;
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let bitmap = BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut pixels, (w, h))
            .map_err(|e| ReportError::new(file, e))?;
        let backend = TextBackend::new(bitmap)
            .map_err(|_| ReportError::new(file, "the embedded font cannot be read"))?;
        let root = backend.into_drawing_area();
        picture.draw(&root).map_err(|e| ReportError::new(file, e.0))?;
        root.present().map_err(|e| ReportError::new(file, e))?;
    }
    encode_png(&pixels, w, h).map_err(|e| ReportError::new(file, e))
}

/// Draws `picture` into a `(w, h)` SVG document (named `file` in errors).
pub(super) fn render_svg(
    file: &str,
    (w, h): (u32, u32),
    picture: &impl Picture,
) -> Result<String, ReportError> {
    register_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        picture.draw(&root).map_err(|e| ReportError::new(file, e.0))?;
        root.present().map_err(|e| ReportError::new(file, e))?;
    }
    Ok(out)
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Image size in pixels of the English chart; the utilisation chart grows with the number of
/// hosts.
pub fn size(kind: ChartKind, r: &PlanResult) -> (u32, u32) {
    size_with(kind, r, Words::EN)
}

/// Image size in pixels of the chart in the language of `t` (labels set the utilisation
/// chart's label area).
pub fn size_with(kind: ChartKind, r: &PlanResult, t: Words) -> (u32, u32) {
    match kind {
        ChartKind::Cumulative => (1000, 620),
        ChartKind::Yearly => (1100, 660),
        ChartKind::Utilisation => {
            let layout = UtilLayout::new(r, t);
            (layout.width, 560 + layout.label_height)
        }
        ChartKind::HostsByYear => (1000, 620),
        ChartKind::TimeOfDay => {
            let layout = TodLayout::new(r);
            (layout.width, layout.height)
        }
    }
}

fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    root.fill(&WHITE)?;
    match kind {
        ChartKind::Cumulative => cumulative(r, t, root),
        ChartKind::Yearly => yearly(r, t, root),
        ChartKind::Utilisation => utilisation(r, t, root),
        ChartKind::HostsByYear => hosts_by_year(r, t, root),
        ChartKind::TimeOfDay => time_of_day(r, t, root),
    }
}

/// An f64 axis whose ticks and labels are exactly the given points (fiscal years, bars, hosts).
pub(super) struct Keyed {
    range: Range<f64>,
    keys: Vec<f64>,
}

pub(super) trait KeyedExt {
    fn keyed(self, keys: Vec<f64>) -> Keyed;
}

impl KeyedExt for Range<f64> {
    fn keyed(self, keys: Vec<f64>) -> Keyed {
        Keyed { range: self, keys }
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let t = if span > 0.0 { (value - self.range.start) / span } else { 0.5 };
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { Vec::new() } else { self.keys.clone() }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

pub(super) fn font(size: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font()).color(&BLACK)
}

pub(super) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A legend entry: how it is drawn and its label.
pub(super) enum Mark {
    Bar(RGBColor),
    Line(RGBColor, Marker),
    Dashed(RGBColor),
    Shade(RGBColor),
}

#[derive(Clone, Copy)]
pub(super) enum Marker {
    Circle,
    Triangle,
}

/// Draws the title and a legend strip (wrapped over as many rows as needed) at the top of
/// `root` and returns the area left for the plot.
pub(super) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(Mark, String)],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let title_style = font(TITLE_SIZE);
    let title = title.to_string();
    let (_, th) = root.estimate_text_size(&title, &title_style)?;
    let title_h = th as i32 + 24;
    root.draw(&Text::new(
        title,
        (w as i32 / 2, title_h / 2),
        anchored(title_style, HPos::Center, VPos::Center),
    ))?;

    let label_style = font(LABEL_SIZE);
    let mut widths = Vec::new();
    for (_, label) in legend {
        let tw = glyphs::text_width(LABEL_SIZE, label).ceil();
        widths.push(28 + tw as i32 + 24);
    }
    let max_row = w as i32 - 40;
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_w = 0;
    for (i, iw) in widths.iter().enumerate() {
        if rows.is_empty() || row_w + iw > max_row {
            rows.push(Vec::new());
            row_w = 0;
        }
        if let Some(r) = rows.last_mut() {
            r.push(i);
        }
        row_w += iw;
    }
    const ROW_H: i32 = 24;
    for (ri, row) in rows.iter().enumerate() {
        let total: i32 = row.iter().map(|&i| widths[i]).sum::<i32>() - 24;
        let mut x = (w as i32 - total) / 2;
        let y = title_h + ROW_H / 2 + ri as i32 * ROW_H;
        for &i in row {
            let (mark, label) = &legend[i];
            draw_mark(root, mark, x, y)?;
            root.draw(&Text::new(
                label.clone(),
                (x + 28, y),
                anchored(label_style.clone(), HPos::Left, VPos::Center),
            ))?;
            x += widths[i];
        }
    }
    let top = title_h + rows.len() as i32 * ROW_H + if rows.is_empty() { 0 } else { 8 };
    Ok(root.split_vertically(top).1)
}

fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: &Mark,
    x: i32,
    y: i32,
) -> Drawn {
    match mark {
        Mark::Bar(c) => {
            area.draw(&Rectangle::new([(x + 2, y - 7), (x + 20, y + 7)], c.filled()))?
        }
        Mark::Shade(c) => {
            area.draw(&Rectangle::new([(x + 2, y - 8), (x + 20, y + 8)], c.filled()))?;
            area.draw(&Rectangle::new([(x + 2, y - 8), (x + 20, y + 8)], GRID.stroke_width(1)))?;
        }
        Mark::Line(c, marker) => {
            area.draw(&PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3)))?;
            match marker {
                Marker::Circle => area.draw(&Circle::new((x + 11, y), 5, c.filled()))?,
                Marker::Triangle => area.draw(&TriangleMarker::new((x + 11, y), 6, c.filled()))?,
            }
        }
        Mark::Dashed(c) => {
            area.draw(&DashedPathElement::new(vec![(x, y), (x + 22, y)], 5, 3, c.stroke_width(2)))?
        }
    }
    Ok(())
}

/// A note in the middle of an empty plot.
pub(super) fn message<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) -> Drawn {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        anchored(font(DESC_SIZE).color(&MUTED), HPos::Center, VPos::Center),
    ))?;
    Ok(())
}

/// An axis range from `lo` to `hi` (`lo` ≤ 0 ≤ `hi` assumed) widened to a round step, never
/// empty.
pub(super) fn nice_range(lo: f64, hi: f64) -> (f64, f64) {
    let span = (hi - lo).max(1e-9);
    let raw = span / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(mag * 10.0);
    let lo = if lo < 0.0 { (lo / step).floor() * step } else { 0.0 };
    let hi = (hi / step).ceil() * step;
    if hi > lo { (lo, hi) } else { (lo, lo + 1.0) }
}

/// An amount in millions; anything not finite counts as 0 so that no axis range breaks.
pub(super) fn mega(x: f64) -> f64 {
    if x.is_finite() { x / 1e6 } else { 0.0 }
}

/// `x` in millions with one decimal, ASCII: `1,234.5`.
pub(super) fn millions(x: f64) -> String {
    format::thousands(x, 1)
}

/// Label of a tick on a money axis in millions.
pub(super) fn axis_millions(y: f64, hi: f64) -> String {
    format::thousands(y, if hi - 0.0 < 10.0 { 1 } else { 0 })
}

/// Fiscal-year labels of the x key points `0, 1, …`.
pub(super) fn year_label(years: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < years.len() {
        years[i as usize].clone()
    } else {
        String::new()
    }
}

fn number_word(n: usize, t: Words) -> String {
    const WORDS: [&str; 10] =
        ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];
    if t.ja() {
        return n.to_string();
    }
    WORDS.get(n).map(|w| w.to_string()).unwrap_or_else(|| n.to_string())
}

fn cumulative<DB: DrawingBackend>(
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

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(24)
        .margin_bottom(12)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.5f64..x_hi).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let x_fmt = |x: &f64| year_label(&labels, *x);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.s("fiscal_year"))
        .y_desc(t.f("cum_y", &[("unit", &unit)]))
        .label_style(font(LABEL_SIZE))
        .axis_desc_style(font(DESC_SIZE))
        .draw()?;

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

/// One stacked bar of the yearly chart.
struct Bar {
    /// Centre.
    x: f64,
    /// (category, from, to), in millions.
    segments: Vec<(usize, f64, f64)>,
    /// The column's total, in millions.
    total: f64,
}

fn yearly<DB: DrawingBackend>(r: &PlanResult, t: Words, root: &DrawingArea<DB, Shift>) -> Drawn {
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

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(24)
        .margin_bottom(12)
        .x_label_area_size(76)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.5f64..(n as f64 - 0.5)).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let x_fmt = |x: &f64| {
        let frac = x - x.round();
        if frac < 0.0 { t.s("Baseline").to_string() } else { t.s("Plan").to_string() }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.s("fiscal_year"))
        .y_desc(t.f("yearly_y", &[("unit", &unit)]))
        .label_style(font(SMALL_SIZE))
        .axis_desc_style(font(DESC_SIZE))
        .draw()?;

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

/// Where the hosts go on the utilisation chart.
struct UtilLayout<'a> {
    /// Clusters in report order.
    clusters: Vec<&'a Cluster>,
    /// Per host: x centre, cluster index (into `clusters`).
    slots: Vec<(f64, usize)>,
    /// Per cluster: first and last x centre (None for a cluster without hosts).
    groups: Vec<Option<(f64, f64)>>,
    /// x range end.
    x_end: f64,
    width: u32,
    /// Host labels rotated to read upwards.
    rotate: bool,
    /// Height of the x label area.
    label_height: u32,
}

const SLOT_PX: f64 = 54.0;
const GAP: f64 = 0.8;

impl<'a> UtilLayout<'a> {
    fn new(r: &'a PlanResult, t: Words) -> Self {
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

fn utilisation<DB: DrawingBackend>(
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

fn hosts_by_year<DB: DrawingBackend>(
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

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(24)
        .margin_bottom(12)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d((-0.5f64..(n as f64 - 0.5)).keyed(keys), (0f64..y_hi).keyed(y_keys))?;
    let x_fmt = |x: &f64| year_label(&labels, *x);
    let y_fmt = |y: &f64| format!("{y:.0}");
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.s("fiscal_year"))
        .y_desc(t.s(if show_physical { "hby_y2" } else { "hby_y" }))
        .label_style(font(LABEL_SIZE))
        .axis_desc_style(font(DESC_SIZE))
        .draw()?;

    // With the physical servers: their bar on the left of each year, the hosts on the right.
    let (half, shift) = if show_physical { (0.18, 0.2) } else { (0.3, 0.0) };
    let small = font(SMALL_SIZE);
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
                        t.f("n_physical", &[("n", &physical[i].to_string())]),
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
                    t.count(totals[i], "n_host", "n_hosts"),
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

/// A host's hourly CPU profile, when it has one (at most 24 values).
fn profile(h: &Host) -> Option<&[f64]> {
    h.cpu_by_hour_pct.as_deref().filter(|p| !p.is_empty()).map(|p| &p[..p.len().min(24)])
}

/// The clusters of the time-of-day chart: packed by time of day, with a profile on some host.
fn tod_clusters(r: &PlanResult) -> Vec<&Cluster> {
    document::clusters_by_site(r)
        .into_iter()
        .filter(|c| c.time_of_day && c.hosts.iter().any(|h| profile(h).is_some()))
        .collect()
}

/// Panels of the time-of-day chart.
struct TodLayout {
    columns: usize,
    rows: usize,
    width: u32,
    height: u32,
}

/// Height of a legend row of the time-of-day panels.
const TOD_ROW: u32 = 20;
/// Title and legend strip of the time-of-day chart.
const TOD_TOP: u32 = 84;

impl TodLayout {
    fn new(r: &PlanResult) -> Self {
        let clusters = tod_clusters(r);
        let n = clusters.len();
        let columns = if n > 1 { 2 } else { 1 };
        let rows = n.div_ceil(columns).max(1);
        let most = clusters
            .iter()
            .map(|c| c.hosts.iter().filter(|h| profile(h).is_some()).count())
            .max()
            .unwrap_or(0) as u32;
        let panel = (110 + TOD_ROW * most).max(400);
        let width = if columns == 2 { 1500 } else { 1100 };
        let height = if n == 0 { 420 } else { TOD_TOP + panel * rows as u32 };
        TodLayout { columns, rows, width, height }
    }
}

fn time_of_day<DB: DrawingBackend>(
    r: &PlanResult,
    t: Words,
    root: &DrawingArea<DB, Shift>,
) -> Drawn {
    let clusters = tod_clusters(r);
    let layout = TodLayout::new(r);
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
    let keys: Vec<f64> = (0..24).step_by(3).map(f64::from).collect();
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
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.s("tod_x"))
        .y_desc(t.s("tod_y"))
        .label_style(font(SMALL_SIZE))
        .axis_desc_style(font(LABEL_SIZE))
        .draw()?;
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
