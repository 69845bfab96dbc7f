//! The charts, drawn with plotters into memory as PNG and SVG:
//!
//! - `cumulative`: cumulative cost by fiscal year, baseline vs plan, the cost effect marked;
//! - `yearly`: cost per fiscal year by category, the baseline bar beside the plan bar;
//! - `utilisation`: utilisation of each host by resource, grouped by cluster, with each
//!   cluster's CPU and memory targets (from its policy), the spare hosts and the binding host
//!   loss marked; in pages (`utilisation-2`, …) no higher than an A4 text block;
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
        use rayon::prelude::*;
        let (t, size) = (options.text, options.chart);
        let pages: Vec<(ChartKind, usize, String)> = ChartKind::shown_for(result)
            .into_iter()
            .flat_map(|kind| {
                let stems = stems(kind, result, t, size);
                stems.into_iter().enumerate().map(move |(page, stem)| (kind, page, stem))
            })
            .collect();
        // Every page is drawn on its own: on the thread pool, collected in page order.
        let drawn: Vec<Result<[OutputFile; 2], ReportError>> = pages
            .par_iter()
            .map(|(kind, page, stem)| {
                let png = png_page(*kind, result, t, size, *page)?;
                let svg = svg_page(*kind, result, t, size, *page)?;
                Ok([
                    OutputFile::new(format!("{stem}.png"), png),
                    OutputFile::new(format!("{stem}.svg"), svg),
                ])
            })
            .collect();
        let mut files = Vec::new();
        for d in drawn {
            files.extend(d?);
        }
        Ok(files)
    }
}

/// Whether `name` is a chart file some plan can have (whether or not this plan has it): a
/// chart's first page `utilisation.png`, or a further page `utilisation-2.svg`.
pub(crate) fn is_chart_file(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".png").or_else(|| name.strip_suffix(".svg")) else {
        return false;
    };
    let base = match stem.rsplit_once('-') {
        Some((base, n))
            if !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => stem,
    };
    ChartKind::ALL.iter().any(|k| k.stem() == base)
}

/// The file names without extension of the pages of a chart, in order: `utilisation`,
/// `utilisation-2`, … (one page but for a utilisation chart higher than a printed page).
pub fn stems(kind: ChartKind, r: &PlanResult, t: Words, size: ChartSize) -> Vec<String> {
    (0..pages(kind, r, t, size))
        .map(
            |i| if i == 0 { kind.stem().to_string() } else { format!("{}-{}", kind.stem(), i + 1) },
        )
        .collect()
}

/// How many pages the chart has at `size` (the utilisation chart is split into pages of
/// whole clusters, each at most [`utilisation::MAX_ASPECT`] times as high as wide).
pub fn pages(kind: ChartKind, r: &PlanResult, t: Words, size: ChartSize) -> usize {
    match kind {
        ChartKind::Utilisation => utilisation::UtilLayout::pages(r, t, size.layout_width()).len(),
        _ => 1,
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
pub(crate) trait Picture {
    /// Draws everything on `root`, background included.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn;
}

/// One of the plan's charts, as a [`Picture`], laid out `width` units wide when a print width
/// is asked for.
#[derive(Clone, Copy)]
struct PlanChart<'a> {
    kind: ChartKind,
    r: &'a PlanResult,
    t: Words,
    width: Option<u32>,
    /// Page, from 0.
    page: usize,
}

impl Picture for PlanChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        draw(self, root)
    }
}

/// The smallest text of a chart printed at [`ChartSize::width_mm`], in points (the em of
/// [`SMALL_SIZE`], the smallest size the charts use).
pub const MIN_TEXT_PT: f64 = 9.0;

/// How large the charts are: the screen sizes (about 900-1500 px, `width_mm` None), or a print
/// width at which every chart is laid out anew so that its smallest text prints at
/// [`MIN_TEXT_PT`]; and the resolution, written into each PNG (pHYs), which with a print width
/// also sets the PNG's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartSize {
    /// Print width in millimetres.
    pub width_mm: Option<f64>,
    /// Dots per inch.
    pub dpi: u32,
}

impl Default for ChartSize {
    fn default() -> Self {
        ChartSize { width_mm: None, dpi: 96 }
    }
}

impl ChartSize {
    /// The width the charts are laid out in (in the units their text sizes are given in) at
    /// the print width: `SMALL_SIZE` then prints at [`MIN_TEXT_PT`]. None at screen size.
    pub fn layout_width(self) -> Option<u32> {
        self.width_mm.map(|mm| (mm / 25.4 * 72.0 * glyphs::em(SMALL_SIZE) / MIN_TEXT_PT) as u32)
    }

    /// PNG pixels per layout unit for a chart `w` units wide.
    pub fn scale(self, w: u32) -> f64 {
        match self.width_mm {
            Some(mm) if w > 0 => mm / 25.4 * f64::from(self.dpi) / f64::from(w),
            _ => 1.0,
        }
    }

    /// The layout size of a chart whose screen size is `(w, h)`: at a print width, as wide as
    /// [`ChartSize::layout_width`] and at least 4/5 as high as wide (titles and legends take a
    /// larger share of a narrow chart).
    pub fn fixed(self, (w, h): (u32, u32)) -> (u32, u32) {
        match self.layout_width() {
            Some(lw) => {
                let h = (f64::from(h) * f64::from(lw) / f64::from(w)).max(f64::from(lw) * 0.8);
                (lw, h as u32)
            }
            None => (w, h),
        }
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
    png_in(kind, r, t, ChartSize::default())
}

/// The chart as an SVG document, in the language of `t`.
pub fn svg_with(kind: ChartKind, r: &PlanResult, t: Words) -> Result<String, ReportError> {
    svg_in(kind, r, t, ChartSize::default())
}

/// The chart (its first page) as a PNG image, in the language of `t`, at `size`.
pub fn png_in(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    size: ChartSize,
) -> Result<Vec<u8>, ReportError> {
    png_page(kind, r, t, size, 0)
}

/// The chart (its first page) as an SVG document, in the language of `t`, at `size` (in
/// millimetres when a print width is given).
pub fn svg_in(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    size: ChartSize,
) -> Result<String, ReportError> {
    svg_page(kind, r, t, size, 0)
}

/// Page `page` (from 0, see [`pages`]) of the chart as a PNG image.
pub fn png_page(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    size: ChartSize,
    page: usize,
) -> Result<Vec<u8>, ReportError> {
    let chart = PlanChart { kind, r, t, width: size.layout_width(), page };
    render_png(&format!("{}.png", kind.stem()), size_page(kind, r, t, size, page), size, &chart)
}

/// Page `page` (from 0, see [`pages`]) of the chart as an SVG document.
pub fn svg_page(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    size: ChartSize,
    page: usize,
) -> Result<String, ReportError> {
    let chart = PlanChart { kind, r, t, width: size.layout_width(), page };
    render_svg(&format!("{}.svg", kind.stem()), size_page(kind, r, t, size, page), size, &chart)
}

/// Draws `picture`, laid out `(w, h)` units, into a PNG image (named `file` in errors) at
/// `size` (`size.scale(w)` pixels a unit, its resolution in the pHYs chunk), text drawn by
/// [`TextBackend`] with the embedded font.
pub(crate) fn render_png(
    file: &str,
    (w, h): (u32, u32),
    size: ChartSize,
    picture: &impl Picture,
) -> Result<Vec<u8>, ReportError> {
    register_font()?;
    let scale = size.scale(w);
    let (w, h) = ((f64::from(w) * scale).round() as u32, (f64::from(h) * scale).round() as u32);
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let bitmap = BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut pixels, (w, h))
            .map_err(|e| ReportError::new(file, e))?;
        let backend = TextBackend::scaled(bitmap, scale)
            .map_err(|_| ReportError::new(file, "the embedded font cannot be read"))?;
        let root = backend.into_drawing_area();
        picture.draw(&root).map_err(|e| ReportError::new(file, e.0))?;
        root.present().map_err(|e| ReportError::new(file, e))?;
    }
    encode_png(&pixels, w, h, size.dpi).map_err(|e| ReportError::new(file, e))
}

/// Draws `picture` into a `(w, h)` SVG document (named `file` in errors); at a print width
/// its size is given in millimetres (the drawing scaled by its viewBox).
pub(crate) fn render_svg(
    file: &str,
    (w, h): (u32, u32),
    size: ChartSize,
    picture: &impl Picture,
) -> Result<String, ReportError> {
    register_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        picture.draw(&root).map_err(|e| ReportError::new(file, e.0))?;
        root.present().map_err(|e| ReportError::new(file, e))?;
    }
    if let Some(mm) = size.width_mm {
        let screen = format!("<svg width=\"{w}\" height=\"{h}\"");
        let hmm = mm * f64::from(h) / f64::from(w.max(1));
        let print = format!("<svg width=\"{mm:.1}mm\" height=\"{hmm:.1}mm\"");
        out = out.replacen(&screen, &print, 1);
    }
    Ok(out)
}

fn encode_png(rgb: &[u8], w: u32, h: u32, dpi: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        // The resolution, so that word processors place the image at its print size.
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
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
    size_in(kind, r, t, ChartSize::default())
}

/// Layout size of the chart (its first page) at `size` (the PNG is `size.scale(width)`
/// times larger).
pub fn size_in(kind: ChartKind, r: &PlanResult, t: Words, size: ChartSize) -> (u32, u32) {
    size_page(kind, r, t, size, 0)
}

/// Layout size of page `page` (from 0; the last page beyond) of the chart at `size`.
pub fn size_page(
    kind: ChartKind,
    r: &PlanResult,
    t: Words,
    size: ChartSize,
    page: usize,
) -> (u32, u32) {
    let width = size.layout_width();
    match kind {
        ChartKind::Cumulative => size.fixed((1000, 620)),
        ChartKind::Yearly => size.fixed((1100, 660)),
        ChartKind::Utilisation => {
            let pages = utilisation::UtilLayout::pages(r, t, width);
            let layout = &pages[page.min(pages.len() - 1)];
            (layout.width, layout.height)
        }
        ChartKind::HostsByYear => size.fixed((1000, 620)),
        ChartKind::TimeOfDay => {
            let layout = timeofday::TodLayout::new(r, width);
            (layout.width, layout.height)
        }
    }
}

fn draw<DB: DrawingBackend>(chart: &PlanChart, root: &DrawingArea<DB, Shift>) -> Drawn {
    let PlanChart { kind, r, t, width, page } = *chart;
    root.fill(&WHITE)?;
    match kind {
        ChartKind::Cumulative => cumulative::cumulative(r, t, root),
        ChartKind::Yearly => yearly::yearly(r, t, root),
        ChartKind::Utilisation => {
            let pages = utilisation::UtilLayout::pages(r, t, width);
            utilisation::utilisation(&pages[page.min(pages.len() - 1)], t, root)
        }
        ChartKind::HostsByYear => hosts_by_year::hosts_by_year(r, t, root),
        ChartKind::TimeOfDay => timeofday::time_of_day(r, t, width, root),
    }
}

#[cfg(test)]
mod tests {
    use super::is_chart_file;

    /// A previous run's further pages are recognised as ours (so that the output folder is
    /// replaced), and nothing else is.
    #[test]
    fn chart_files_include_further_pages_only() {
        for ours in ["utilisation.png", "utilisation-2.svg", "utilisation-17.png", "timeofday.svg"]
        {
            assert!(is_chart_file(ours), "{ours}");
        }
        for foreign in [
            "utilisation-0.png",
            "utilisation-02.png",
            "utilisation-.png",
            "utilisation-2.pdf",
            "notes-2.png",
            "utilisation.png.bak",
            "my-utilisation.png",
        ] {
            assert!(!is_chart_file(foreign), "{foreign}");
        }
    }
}
