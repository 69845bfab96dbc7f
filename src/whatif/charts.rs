//! The charts of `sensitivity` and `sweep`, drawn with the report's chart conventions (the
//! embedded fonts, text sizes, Okabe–Ito colours, title-and-legend frame, the message
//! catalogues): the tornado chart, the uncertainty band, the sweep chart.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::sensitivity::{Sensitivity, value_text};
use super::short;
use super::sweep::Sweep;
use crate::report::charts::{
    self, Axes, BASELINE, DESC_SIZE, Drawn, GRID, KeyedExt, LABEL_SIZE, MUTED, Mark, Marker, PLAN,
    Picture, SMALL_SIZE, anchored, axis_millions, font, frame, mega, mesh, millions, nice_range,
    tint, year_label,
};
use crate::report::format::{self, Money};
use crate::report::glyphs;
use crate::report::i18n::Text as Words;
use crate::report::{OutputFile, ReportError, ReportOptions};

/// Parameters the tornado chart shows at most (the table has them all).
pub const TORNADO_ROWS: usize = 15;
/// The colour of a parameter moved up (Okabe–Ito orange; moved down is the plan's blue).
const HIGH: RGBColor = RGBColor(230, 159, 0);

/// A chart as PNG and SVG files named `stem.png`, `stem.svg`.
fn files(
    stem: &str,
    size: (u32, u32),
    options: &ReportOptions,
    picture: &impl Picture,
) -> Result<Vec<OutputFile>, ReportError> {
    let size = options.chart.fixed(size);
    let (png, svg) = (format!("{stem}.png"), format!("{stem}.svg"));
    Ok(vec![
        OutputFile::new(&png, charts::render_png(&png, size, options.chart, picture)?),
        OutputFile::new(&svg, charts::render_svg(&svg, size, options.chart, picture)?),
    ])
}

// ---------------------------------------------------------------------------------------------
// Tornado

/// `tornado.png` and `tornado.svg`.
pub fn tornado_files(s: &Sensitivity, o: &ReportOptions) -> Result<Vec<OutputFile>, ReportError> {
    let n = s.parameters.len().clamp(1, TORNADO_ROWS) as u32;
    files("tornado", (1200, 190 + 38 * n), o, &Tornado(s, o.text))
}

struct Tornado<'a>(&'a Sensitivity, Words);

impl Picture for Tornado<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE)?;
        tornado(self.0, self.1, root)
    }
}

fn tornado<DB: DrawingBackend>(s: &Sensitivity, t: Words, root: &DrawingArea<DB, Shift>) -> Drawn {
    let unit = Money::with_text(&s.currency, t).chart_unit();
    let pct = short(s.range_pct);
    let legend = [
        (Mark::Bar(PLAN), t.f("w_legend_low", &[("pct", &pct)])),
        (Mark::Bar(HIGH), t.f("w_legend_high", &[("pct", &pct)])),
        (
            Mark::Dashed(BLACK),
            t.f("w_tornado_base", &[("amount", &millions(mega(s.base_effect))), ("unit", &unit)]),
        ),
    ];
    let plot = frame(root, &t.f("w_tornado_title", &[("name", &s.plan_name)]), &legend)?;
    let rows: Vec<_> = s.parameters.iter().take(TORNADO_ROWS).collect();
    if rows.is_empty() {
        return charts::message(&plot, t.s("w_no_parameters"));
    }
    let base = mega(s.base_effect);
    let at = |e: Option<f64>| e.map_or(base, mega);
    let all = rows.iter().flat_map(|r| [at(r.effect_low), at(r.effect_high)]).chain([base, 0.0]);
    let lo = all.clone().fold(f64::INFINITY, f64::min);
    let hi = all.fold(f64::NEG_INFINITY, f64::max);
    let pad = (hi - lo).max(1.0) * 0.12;
    let (lo, hi) = nice_range(lo - pad, hi + pad);
    let n = rows.len();
    let labels: Vec<String> = rows.iter().map(|r| r.parameter.clone()).collect();
    let label_w = labels.iter().map(|l| glyphs::text_width(LABEL_SIZE, l)).fold(0.0, f64::max);
    let (w, _) = plot.dim_in_pixel();
    let label_w = (label_w.ceil() as u32 + 20).min(w / 2);
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(12)
        .margin_right(28)
        .margin_bottom(12)
        .x_label_area_size(56)
        .y_label_area_size(label_w)
        .build_cartesian_2d(lo..hi, (-0.5f64..n as f64 - 0.5).keyed(keys))?;
    // Rank 1 at the top.
    let y_of = |i: usize| (n - 1 - i) as f64;
    let y_fmt = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
            labels[n - 1 - i as usize].clone()
        } else {
            String::new()
        }
    };
    let x_fmt = |x: &f64| axis_millions(*x, hi.abs().max(lo.abs()));
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.f("w_tornado_x", &[("unit", &unit)]))
        .label_style(font(LABEL_SIZE))
        .axis_desc_style(font(DESC_SIZE))
        .draw()?;
    let small = font(SMALL_SIZE);
    for (i, r) in rows.iter().enumerate() {
        let y = y_of(i);
        for (effect, x, colour, up) in
            [(r.effect_low, r.low, PLAN, false), (r.effect_high, r.high, HIGH, true)]
        {
            let e = at(effect);
            let (y0, y1) = if up { (y, y + 0.36) } else { (y - 0.36, y) };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(base.min(e), y0), (base.max(e), y1)],
                colour.filled(),
            )))?;
            // The value moved to, beside the bar's outer end.
            let text = match effect {
                Some(_) => value_text(r.scaled, x),
                None => format!("{} ({})", value_text(r.scaled, x), t.s("w_no_plan_short")),
            };
            let (dx, h) = if e >= base { (6, HPos::Left) } else { (-6, HPos::Right) };
            chart.draw_series(std::iter::once(
                EmptyElement::at((e, (y0 + y1) / 2.0))
                    + Text::new(
                        text,
                        (dx, 0),
                        anchored(small.clone().color(&MUTED), h, VPos::Center),
                    ),
            ))?;
        }
    }
    chart.draw_series(std::iter::once(DashedPathElement::new(
        vec![(base, -0.5), (base, n as f64 - 0.5)],
        6,
        4,
        BLACK.stroke_width(2),
    )))?;
    Ok(())
}

/// The axes of the uncertainty and sweep charts: horizontal grid lines only, the screen label
/// sizes (the tornado, with vertical grid lines, draws its own).
fn axes<'a>(
    x_label: &'a dyn Fn(&f64) -> String,
    y_label: &'a dyn Fn(&f64) -> String,
    x_desc: &'a str,
    y_desc: &'a str,
) -> Axes<'a> {
    Axes {
        x_label,
        y_label,
        x_desc,
        y_desc,
        label_size: (LABEL_SIZE, LABEL_SIZE),
        desc_size: DESC_SIZE,
        x_mesh: false,
    }
}

// ---------------------------------------------------------------------------------------------
// Uncertainty band

/// `uncertainty.png` and `uncertainty.svg` (only with samples).
pub fn uncertainty_files(
    s: &Sensitivity,
    o: &ReportOptions,
) -> Result<Vec<OutputFile>, ReportError> {
    files("uncertainty", (1000, 620), o, &Band(s, o.text))
}

struct Band<'a>(&'a Sensitivity, Words);

impl Picture for Band<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE)?;
        band(self.0, self.1, root)
    }
}

fn band<DB: DrawingBackend>(s: &Sensitivity, t: Words, root: &DrawingArea<DB, Shift>) -> Drawn {
    let unit = Money::with_text(&s.currency, t).chart_unit();
    let legend = [
        (Mark::Shade(tint(PLAN, 0.65)), t.s("w_legend_band").to_string()),
        (Mark::Line(PLAN, Marker::Triangle), t.s("w_legend_p50").to_string()),
        (Mark::Line(BASELINE, Marker::Circle), t.s("w_legend_as_stated").to_string()),
    ];
    let Some(u) = &s.uncertainty else { return Ok(()) };
    let title = t.f("w_unc_title", &[("n", &u.planned.to_string())]);
    let plot = frame(root, &title, &legend)?;
    if u.cumulative.is_empty() || u.planned == 0 {
        return charts::message(&plot, t.s("no_years"));
    }
    let n = u.cumulative.len();
    let pts = |f: &dyn Fn(&super::uncertainty::YearBand) -> f64| -> Vec<(f64, f64)> {
        u.cumulative.iter().enumerate().map(|(i, y)| (i as f64, mega(f(y)))).collect()
    };
    let (p10, p50, p90, base) =
        (pts(&|y| y.p10), pts(&|y| y.p50), pts(&|y| y.p90), pts(&|y| y.base));
    let all = p10.iter().chain(&p90).chain(&base).map(|p| p.1);
    let lo = all.clone().fold(0.0f64, f64::min);
    let hi = all.fold(0.0f64, f64::max);
    let (lo, hi) = nice_range(lo * 1.15, hi * 1.15);
    let labels: Vec<String> = u.cumulative.iter().map(|y| t.fy(y.fy)).collect();
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let mut chart = charts::builder(&plot)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d((-0.5f64..(n as f64 - 0.5)).keyed(keys), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let x_fmt = |x: &f64| year_label(&labels, *x);
    let y_desc = t.f("w_unc_y", &[("unit", &unit)]);
    mesh(&mut chart, &axes(&x_fmt, &y_fmt, t.s("fiscal_year"), &y_desc))?;
    let mut outline = p90.clone();
    outline.extend(p10.iter().rev());
    chart.draw_series(std::iter::once(Polygon::new(outline, tint(PLAN, 0.65).filled())))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
        MUTED.stroke_width(1),
    )))?;
    chart.draw_series(LineSeries::new(base.clone(), BASELINE.stroke_width(2)))?;
    chart.draw_series(base.iter().map(|p| Circle::new(*p, 4, BASELINE.filled())))?;
    chart.draw_series(LineSeries::new(p50.clone(), PLAN.stroke_width(3)))?;
    chart.draw_series(p50.iter().map(|p| TriangleMarker::new(*p, 6, PLAN.filled())))?;
    let m = Money::with_text(&s.currency, t);
    let note = t.f(
        "w_unc_note",
        &[("p10", &m.millions(u.p10)), ("p50", &m.millions(u.p50)), ("p90", &m.millions(u.p90))],
    );
    chart.draw_series(std::iter::once(
        EmptyElement::at((-0.5, hi))
            + Text::new(note, (16, 14), anchored(font(DESC_SIZE), HPos::Left, VPos::Top)),
    ))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sweep

/// `sweep.png` and `sweep.svg`.
pub fn sweep_files(s: &Sweep, o: &ReportOptions) -> Result<Vec<OutputFile>, ReportError> {
    files("sweep", (1100, 820), o, &SweepChart(s, o.text))
}

struct SweepChart<'a>(&'a Sweep, Words);

impl Picture for SweepChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE)?;
        sweep(self.0, self.1, root)
    }
}

fn sweep<DB: DrawingBackend>(s: &Sweep, t: Words, root: &DrawingArea<DB, Shift>) -> Drawn {
    let unit = Money::with_text(&s.currency, t).chart_unit();
    let mut legend = vec![
        (Mark::Line(BASELINE, Marker::Circle), t.s("w_legend_plan_total").to_string()),
        (Mark::Line(PLAN, Marker::Triangle), t.s("w_legend_effect").to_string()),
        (Mark::Bar(tint(PLAN, 0.3)), t.s("w_legend_hosts").to_string()),
    ];
    if s.carried_over > 0 {
        legend.push((Mark::Shade(charts::SPARE_SHADE), t.s("w_legend_carried").to_string()));
    }
    let plot = frame(root, &t.f("w_sweep_chart_title", &[("key", &s.key)]), &legend)?;
    let n = s.rows.len();
    if n == 0 {
        return charts::message(&plot, t.s("w_no_parameters"));
    }
    let (_, h) = plot.dim_in_pixel();
    let (top, bottom) = plot.split_vertically(h * 62 / 100);
    let labels: Vec<String> = s.rows.iter().map(|r| r.values.join(", ")).collect();
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let x_range = -0.5f64..(n as f64 - 0.5);
    let x_fmt = |x: &f64| year_label(&labels, *x);

    let plan: Vec<(f64, f64)> = s
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.plan_total.map(|p| (i as f64, mega(p))))
        .collect();
    let effect: Vec<(f64, f64)> = s
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.cost_effect.map(|p| (i as f64, mega(p))))
        .collect();
    let values = plan.iter().chain(&effect).map(|p| p.1);
    let (lo, hi) = nice_range(
        values.clone().fold(0.0f64, f64::min) * 1.1,
        values.fold(0.0f64, f64::max) * 1.1,
    );
    let mut chart = ChartBuilder::on(&top)
        .margin_left(16)
        .margin_right(24)
        .x_label_area_size(8)
        .y_label_area_size(84)
        .build_cartesian_2d(x_range.clone().keyed(keys.clone()), lo..hi)?;
    let y_fmt = |y: &f64| axis_millions(*y, hi);
    let y_desc = t.f("w_sweep_y", &[("unit", &unit)]);
    mesh(&mut chart, &axes(&|_| String::new(), &y_fmt, "", &y_desc))?;
    // Carried-over values: a grey band behind their column.
    for (i, r) in s.rows.iter().enumerate() {
        if r.carried_over_from.is_some() {
            let x = i as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.4, lo), (x + 0.4, hi)],
                charts::SPARE_SHADE.filled(),
            )))?;
        }
    }
    chart.draw_series(LineSeries::new(plan.clone(), BASELINE.stroke_width(3)))?;
    chart.draw_series(plan.iter().map(|p| Circle::new(*p, 5, BASELINE.filled())))?;
    chart.draw_series(LineSeries::new(effect.clone(), PLAN.stroke_width(3)))?;
    chart.draw_series(effect.iter().map(|p| TriangleMarker::new(*p, 6, PLAN.filled())))?;
    let small = font(SMALL_SIZE);
    for p in plan.iter().chain(&effect) {
        chart.draw_series(std::iter::once(
            EmptyElement::at(*p)
                + Text::new(
                    millions(p.1),
                    (0, -10),
                    anchored(small.clone(), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }

    let max_hosts = s.rows.iter().filter_map(|r| r.hosts).max().unwrap_or(1) as f64;
    let (_, hosts_hi) = nice_range(0.0, max_hosts * 1.2);
    let mut chart = charts::builder(&bottom)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d(x_range.keyed(keys), 0.0..hosts_hi)?;
    let x_desc = s.key.clone();
    let y_fmt = |y: &f64| format::thousands(*y, 0);
    mesh(&mut chart, &axes(&x_fmt, &y_fmt, &x_desc, t.s("w_hosts_y")))?;
    for (i, r) in s.rows.iter().enumerate() {
        let Some(hosts) = r.hosts else { continue };
        let x = i as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, 0.0), (x + 0.3, hosts as f64)],
            tint(PLAN, 0.3).filled(),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, hosts as f64))
                + Text::new(
                    hosts.to_string(),
                    (0, -4),
                    anchored(small.clone(), HPos::Center, VPos::Bottom),
                ),
        ))?;
    }
    Ok(())
}
