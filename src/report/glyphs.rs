//! Text for the PNG charts. plotters 0.3.7 draws ab_glyph text without each glyph's side
//! bearing and with a per-glyph vertical shift, so letters wobble and spacing is uneven
//! ("J PY"). [`TextBackend`] wraps a bitmap backend and draws text itself with ab_glyph: glyphs
//! placed at their outline bounds, kerned, on one baseline, at the same em size the SVG charts
//! use (plotters writes `font-size` = size / 1.24), anchored and rotated as plotters asks.
//! Everything else is passed through.
//!
//! Each character is drawn with the first of [`FONTS`] that has a glyph for it: DejaVu Sans
//! for Latin text (as before), IPAex Gothic for Japanese (kana, kanji, full-width forms), so a
//! Japanese zone, model or server name is drawn as written, never as boxes or `?`.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// DejaVu Sans (Latin, Greek, Cyrillic, symbols); licence in `assets/fonts/LICENSE-DejaVu`.
pub static DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// IPAex Gothic, unmodified (Japanese); licence in `assets/fonts/LICENSE-IPAex`.
pub static IPAEX: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");
/// The embedded fonts, in fallback order.
pub static FONTS: [&[u8]; 2] = [DEJAVU, IPAEX];

/// Cap height of DejaVu Sans, in em.
const CAP_HEIGHT_EM: f64 = 0.73;
/// plotters' ratio of a text size to its em size (see its SVG backend).
const SIZE_PER_EM: f64 = 1.24;

/// The fallback chain of fonts, parsed once (fonts that cannot be read are left out).
fn chain() -> &'static [FontRef<'static>] {
    static CHAIN: std::sync::OnceLock<Vec<FontRef<'static>>> = std::sync::OnceLock::new();
    CHAIN.get_or_init(|| FONTS.iter().filter_map(|f| FontRef::try_from_slice(f).ok()).collect())
}

/// The font of the chain that draws `c` and its glyph (the first font's missing glyph when
/// none has it).
fn pick(fonts: &[FontRef<'static>], c: char) -> Option<(usize, GlyphId)> {
    let found = fonts.iter().enumerate().find_map(|(i, f)| {
        let id = f.glyph_id(c);
        (id.0 != 0).then_some((i, id))
    });
    found.or_else(|| fonts.first().map(|f| (0, f.glyph_id(c))))
}

/// A run of text laid out on one baseline: each glyph with its font, and the total advance.
struct Laid {
    glyphs: Vec<(usize, ab_glyph::Glyph)>,
    width: f32,
}

fn lay_out(fonts: &[FontRef<'static>], size: f64, text: &str) -> Laid {
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0f32;
    let mut prev: Option<(usize, GlyphId)> = None;
    for c in text.chars() {
        let Some((i, id)) = pick(fonts, c) else { continue };
        let scale = px_scale(&fonts[i], size);
        let scaled = fonts[i].as_scaled(scale);
        if let Some((pi, p)) = prev
            && pi == i
        {
            x += scaled.kern(p, id);
        }
        glyphs.push((i, id.with_scale_and_position(scale, point(x, 0.0))));
        x += scaled.h_advance(id);
        prev = Some((i, id));
    }
    Laid { glyphs, width: x }
}

/// Width in pixels of `text` drawn at plotters text size `size` by [`TextBackend`] (0 when no
/// embedded font can be read).
/// The em (the font size proper, as an SVG's `font-size`) of text drawn at plotters' `size`.
pub fn em(size: f64) -> f64 {
    size / SIZE_PER_EM
}

pub fn text_width(size: f64, text: &str) -> f64 {
    f64::from(lay_out(chain(), size, text).width)
}

/// The ab_glyph scale that gives an em of `size / 1.24` pixels.
fn px_scale(font: &FontRef<'_>, size: f64) -> PxScale {
    let em = size / SIZE_PER_EM;
    let units = f64::from(font.units_per_em().unwrap_or(2048.0));
    PxScale::from((em * f64::from(font.height_unscaled()) / units) as f32)
}

/// A drawing backend that draws text with ab_glyph properly and everything else through `B`.
pub struct TextBackend<B> {
    inner: B,
    fonts: &'static [FontRef<'static>],
    /// Pixels of `inner` per drawing unit: charts are drawn in their layout units and come out
    /// `scale` times larger (a print size at a resolution), lines and text alike.
    scale: f64,
}

/// A backend style with its stroke width scaled.
struct Stroke<'a, S>(&'a S, u32);

impl<S: BackendStyle> BackendStyle for Stroke<'_, S> {
    fn color(&self) -> BackendColor {
        self.0.color()
    }

    fn stroke_width(&self) -> u32 {
        self.1
    }
}

impl<B: DrawingBackend> TextBackend<B> {
    /// Wraps `inner`, drawing text with the embedded fonts ([`FONTS`]); an error when none can
    /// be read.
    pub fn new(inner: B) -> Result<Self, ab_glyph::InvalidFont> {
        let fonts = chain();
        if fonts.is_empty() {
            return Err(ab_glyph::InvalidFont);
        }
        Ok(TextBackend { inner, fonts, scale: 1.0 })
    }

    /// The backend drawing `scale` pixels of `inner` per unit (see [`TextBackend::scale`]).
    pub fn scaled(inner: B, scale: f64) -> Result<Self, ab_glyph::InvalidFont> {
        let mut b = TextBackend::new(inner)?;
        b.scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        Ok(b)
    }

    fn at(&self, (x, y): BackendCoord) -> BackendCoord {
        ((f64::from(x) * self.scale).round() as i32, (f64::from(y) * self.scale).round() as i32)
    }

    fn len(&self, n: u32) -> u32 {
        ((f64::from(n) * self.scale).round() as u32).max(n.min(1))
    }

    fn stroke<'a, S: BackendStyle>(&self, style: &'a S) -> Stroke<'a, S> {
        Stroke(style, self.len(style.stroke_width()))
    }
}

impl<B: DrawingBackend> DrawingBackend for TextBackend<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        let (w, h) = self.inner.get_size();
        ((f64::from(w) / self.scale).round() as u32, (f64::from(h) / self.scale).round() as u32)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if self.scale == 1.0 {
            return self.inner.draw_pixel(point, color);
        }
        let (x, y) = self.at(point);
        let (x1, y1) = self.at((point.0 + 1, point.1 + 1));
        self.inner.draw_rect((x, y), (x1 - 1, y1 - 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(self.at(from), self.at(to), &self.stroke(style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(self.at(upper_left), self.at(bottom_right), &self.stroke(style), fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let path: Vec<BackendCoord> = path.into_iter().map(|p| self.at(p)).collect();
        self.inner.draw_path(path, &self.stroke(style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(self.at(center), self.len(radius), &self.stroke(style), fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let vert: Vec<BackendCoord> = vert.into_iter().map(|p| self.at(p)).collect();
        self.inner.fill_polygon(vert, &self.stroke(style))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(self.at(pos), size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() * self.scale;
        let pos = self.at(pos);
        let em = size / SIZE_PER_EM;
        let laid = lay_out(self.fonts, size, text);
        let width = f64::from(laid.width);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let cap = em * CAP_HEIGHT_EM;
        let baseline = match style.anchor().v_pos {
            VPos::Top => cap,
            VPos::Center => cap / 2.0,
            VPos::Bottom => -0.18 * em,
        };
        let (dx, baseline) = (dx.round() as i32, baseline.round() as i32);
        let transform = style.transform();
        let (w, h) = self.inner.get_size();
        let mut pixels = Vec::new();
        for (font, glyph) in laid.glyphs {
            let Some(outline) = self.fonts[font].outline_glyph(glyph) else { continue };
            let bounds = outline.px_bounds();
            let (gx, gy) = (bounds.min.x as i32, bounds.min.y as i32);
            outline.draw(|px, py, coverage| {
                if coverage > 0.0 {
                    pixels.push((gx + px as i32 + dx, gy + py as i32 + baseline, coverage));
                }
            });
        }
        for (lx, ly, coverage) in pixels {
            let (tx, ty) = transform.transform(lx, ly);
            let (x, y) = (pos.0 + tx, pos.1 + ty);
            if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                let c = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}
