//! What every chart shares: the font list and text sizes, the colours (Okabe–Ito, safe for
//! red–green colour blindness), the title-and-legend frame, keyed axes and number labels. The
//! chart files and the comparison chart draw with these; nothing here knows a chart.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, ValueFormatter};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::{format, glyphs};

/// The font family list every chart text uses (written as is into the SVGs; DejaVu Sans is
/// registered under it for plotters' own measurements): Latin first, then the Japanese fonts of
/// Windows (Yu Gothic, Meiryo), macOS (Hiragino Sans) and Linux (IPAexGothic, Noto Sans CJK JP).
pub(crate) const FAMILY: &str = "DejaVu Sans, Yu Gothic, YuGothic, Meiryo, Hiragino Sans, \
                                 IPAexGothic, Noto Sans CJK JP, sans-serif";

pub(crate) const TITLE_SIZE: f64 = 25.0;
pub(crate) const LABEL_SIZE: f64 = 16.0;
pub(crate) const DESC_SIZE: f64 = 17.0;
pub(crate) const SMALL_SIZE: f64 = 14.0;
/// Host names on the utilisation chart.
pub(crate) const HOST_SIZE: f64 = 15.0;

// Colours from the Okabe–Ito palette, which stays distinguishable under red–green colour
// blindness (deuteranopia, protanopia); lines also differ by marker or dash.
pub(crate) const BASELINE: RGBColor = RGBColor(213, 94, 0);
pub(crate) const PLAN: RGBColor = RGBColor(0, 114, 178);
pub(crate) const TARGET: RGBColor = RGBColor(213, 94, 0);
pub(crate) const GRID: RGBColor = RGBColor(215, 215, 215);
pub(crate) const SPARE_SHADE: RGBColor = RGBColor(236, 236, 236);
/// The physical servers on the hosts-by-year chart.
pub(crate) const PHYSICAL: RGBColor = RGBColor(160, 160, 160);
pub(crate) const MUTED: RGBColor = RGBColor(90, 90, 90);

/// Colours of the cost categories, in the order of [`Costs::CATEGORIES`] (Okabe–Ito).
pub(crate) static CATEGORY_COLOURS: [RGBColor; 7] = [
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
pub(crate) static SERIES_COLOURS: [RGBColor; 10] = [
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
pub(crate) fn tint(c: RGBColor, share: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * share).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Colours of the resources, in the order of [`Resources::NAMES`].
pub(crate) static RESOURCE_COLOURS: [RGBColor; 3] =
    [RGBColor(0, 114, 178), RGBColor(230, 159, 0), RGBColor(204, 121, 167)];

/// A drawing failure, as text (plotters' errors are generic over the backend).
pub(crate) struct ChartError(pub(crate) String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

pub(crate) type Drawn = Result<(), ChartError>;

/// An f64 axis whose ticks and labels are exactly the given points (fiscal years, bars, hosts).
pub(crate) struct Keyed {
    range: Range<f64>,
    keys: Vec<f64>,
}

pub(crate) trait KeyedExt {
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

/// What a chart's axes say: the tick labels, the axis descriptions and their text sizes.
pub(crate) struct Axes<'a> {
    /// Tick label of an x value.
    pub(crate) x_label: &'a dyn Fn(&f64) -> String,
    /// Tick label of a y value.
    pub(crate) y_label: &'a dyn Fn(&f64) -> String,
    /// Description under the x axis.
    pub(crate) x_desc: &'a str,
    /// Description beside the y axis.
    pub(crate) y_desc: &'a str,
    /// Text size of the x and of the y tick labels.
    pub(crate) label_size: (f64, f64),
    /// Text size of the descriptions.
    pub(crate) desc_size: f64,
    /// Vertical grid lines as well (the hours of the time-of-day chart); the other charts have
    /// horizontal ones only.
    pub(crate) x_mesh: bool,
}

/// Draws the mesh every chart has: light grey grid lines at the labelled ticks only, no light
/// lines, the axes labelled and described as `axes` says. One place for the grid's look, so
/// that every chart (the comparison's too) draws it alike.
pub(crate) fn mesh<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    axes: &Axes,
) -> Drawn
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let mut mesh = chart.configure_mesh();
    if !axes.x_mesh {
        mesh.disable_x_mesh();
    }
    // An empty description is left out (plotters would write an empty text element).
    if !axes.x_desc.is_empty() {
        mesh.x_desc(axes.x_desc);
    }
    if !axes.y_desc.is_empty() {
        mesh.y_desc(axes.y_desc);
    }
    mesh.bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(axes.x_label)
        .y_label_formatter(axes.y_label)
        .x_label_style(font(axes.label_size.0))
        .y_label_style(font(axes.label_size.1))
        .axis_desc_style(font(axes.desc_size))
        .draw()?;
    Ok(())
}

/// A chart's builder with the margins most charts share (16 px left, 24 right, 12 below): the
/// caller adds its label areas and coordinates.
pub(crate) fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    b.margin_left(16).margin_right(24).margin_bottom(12);
    b
}

pub(crate) fn font(size: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font()).color(&BLACK)
}

pub(crate) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A legend entry: how it is drawn and its label.
#[derive(Clone)]
pub(crate) enum Mark {
    Bar(RGBColor),
    Line(RGBColor, Marker),
    Dashed(RGBColor),
    Shade(RGBColor),
    /// A marker alone (the binding host loss on the utilisation chart).
    Point(RGBColor, Marker),
}

#[derive(Clone, Copy)]
pub(crate) enum Marker {
    Circle,
    Triangle,
}

/// Draws the title and a legend strip (wrapped over as many rows as needed) at the top of
/// `root` and returns the area left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(Mark, String)],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let lines = title_lines(title, f64::from(w) - 24.0);
    let line_h = TITLE_SIZE as i32 + 6;
    let title_h = line_h * lines.len() as i32 + 18;
    for (i, line) in lines.into_iter().enumerate() {
        root.draw(&Text::new(
            line,
            (w as i32 / 2, 9 + line_h / 2 + line_h * i as i32),
            anchored(font(TITLE_SIZE), HPos::Center, VPos::Center),
        ))?;
    }

    let label_style = font(LABEL_SIZE);
    let (widths, rows) = legend_rows(w, legend);
    for (ri, row) in rows.iter().enumerate() {
        let total: i32 = row.iter().map(|&i| widths[i]).sum::<i32>() - 24;
        let mut x = (w as i32 - total) / 2;
        let y = title_h + LEGEND_ROW_H / 2 + ri as i32 * LEGEND_ROW_H;
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
    let top = title_h + rows.len() as i32 * LEGEND_ROW_H + if rows.is_empty() { 0 } else { 8 };
    Ok(root.split_vertically(top).1)
}

const LEGEND_ROW_H: i32 = 24;

/// The height [`frame`] takes on a chart `w` wide: what is left is the plot's.
pub(crate) fn frame_height(w: u32, title: &str, legend: &[(Mark, String)]) -> u32 {
    let lines = title_lines(title, f64::from(w) - 24.0).len() as i32;
    let rows = legend_rows(w, legend).1.len() as i32;
    let h =
        (TITLE_SIZE as i32 + 6) * lines + 18 + rows * LEGEND_ROW_H + if rows > 0 { 8 } else { 0 };
    h.max(0) as u32
}

/// The width of each legend entry, and the entries on each legend row of a chart `w` wide.
fn legend_rows(w: u32, legend: &[(Mark, String)]) -> (Vec<i32>, Vec<Vec<usize>>) {
    let widths: Vec<i32> = legend
        .iter()
        .map(|(_, label)| 28 + glyphs::text_width(LABEL_SIZE, label).ceil() as i32 + 24)
        .collect();
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
    (widths, rows)
}

/// The title on one line when it fits in `room` pixels, else on two, broken after the space or
/// Japanese punctuation nearest its middle (a narrow chart laid out for print).
fn title_lines(title: &str, room: f64) -> Vec<String> {
    if glyphs::text_width(TITLE_SIZE, title) <= room {
        return vec![title.to_string()];
    }
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let middle = chars.len() / 2;
    let breaks =
        chars.iter().enumerate().filter(|(_, (_, c))| matches!(c, ' ' | '、' | '（' | '('));
    let at = breaks
        .min_by_key(|(i, _)| i.abs_diff(middle))
        .map(|(i, (b, c))| if matches!(c, '（' | '(') { (i, *b) } else { (i, *b + c.len_utf8()) })
        .map(|(_, b)| b)
        .unwrap_or(chars[middle].0);
    let (a, b) = title.split_at(at);
    vec![a.trim_end().to_string(), b.trim_start().to_string()]
}

pub(crate) fn draw_mark<DB: DrawingBackend>(
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
        Mark::Point(c, marker) => match marker {
            Marker::Circle => area.draw(&Circle::new((x + 11, y), 5, c.filled()))?,
            Marker::Triangle => area.draw(&TriangleMarker::new((x + 11, y), 7, c.filled()))?,
        },
        Mark::Dashed(c) => {
            area.draw(&DashedPathElement::new(vec![(x, y), (x + 22, y)], 5, 3, c.stroke_width(2)))?
        }
    }
    Ok(())
}

/// A note in the middle of an empty plot.
pub(crate) fn message<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) -> Drawn {
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
pub(crate) fn nice_range(lo: f64, hi: f64) -> (f64, f64) {
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
pub(crate) fn mega(x: f64) -> f64 {
    if x.is_finite() { x / 1e6 } else { 0.0 }
}

/// `x` in millions with one decimal, ASCII: `1,234.5`.
pub(crate) fn millions(x: f64) -> String {
    format::thousands(x, 1)
}

/// Label of a tick on a money axis in millions.
pub(crate) fn axis_millions(y: f64, hi: f64) -> String {
    format::thousands(y, if hi - 0.0 < 10.0 { 1 } else { 0 })
}

/// Fiscal-year labels of the x key points `0, 1, …`.
pub(crate) fn year_label(years: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < years.len() {
        years[i as usize].clone()
    } else {
        String::new()
    }
}
