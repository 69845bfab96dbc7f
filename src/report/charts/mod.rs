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
//!   per cluster, only hosts with a profile, with its CPU target (no file when no host has a
//!   profile).
//!
//! Text is drawn with fonts embedded in the binary (DejaVu Sans, then IPAex Gothic for
//! Japanese, see [`glyphs`]), so PNGs need no system fonts and show every name as written. SVGs
//! carry the text itself with a font-family list (`common::FAMILY`) that Japanese office machines have.
//! Every label comes from the message catalogue of the chosen language.

use std::sync::OnceLock;

use plotters::backend::RGBPixel;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plan::PlanResult;

use super::glyphs::{self, TextBackend};
use super::i18n::Text as Words;
use super::{Output, OutputFile, ReportError};

mod common;
mod cumulative;
mod hosts_by_year;
pub mod kind;
mod timeofday;
mod utilisation;
mod yearly;

pub(crate) use common::*;
pub use kind::ChartKind;

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
        for kind in ChartKind::shown_for(result) {
            files.push(OutputFile::new(format!("{}.png", kind.stem()), png_with(kind, result, t)?));
            files.push(OutputFile::new(format!("{}.svg", kind.stem()), svg_with(kind, result, t)?));
        }
        Ok(files)
    }
}

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
            let layout = utilisation::UtilLayout::new(r, t, None);
            (layout.width, layout.height)
        }
        ChartKind::HostsByYear => (1000, 620),
        ChartKind::TimeOfDay => {
            let layout = timeofday::TodLayout::new(r);
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
        ChartKind::Cumulative => cumulative::cumulative(r, t, root),
        ChartKind::Yearly => yearly::yearly(r, t, root),
        ChartKind::Utilisation => utilisation::utilisation(r, t, root),
        ChartKind::HostsByYear => hosts_by_year::hosts_by_year(r, t, root),
        ChartKind::TimeOfDay => timeofday::time_of_day(r, t, root),
    }
}
