//! Text for the PNG charts. plotters 0.3.7 draws ab_glyph text without each glyph's side
//! bearing and with a per-glyph vertical shift, so letters wobble and spacing is uneven
//! ("J PY"). [`TextBackend`] wraps a bitmap backend and draws text itself with ab_glyph: glyphs
//! placed at their outline bounds, kerned, on one baseline, at the same em size the SVG charts
//! use (plotters writes `font-size` = size / 1.24), anchored and rotated as plotters asks.
//! Everything else is passed through.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// Cap height of DejaVu Sans, in em.
const CAP_HEIGHT_EM: f64 = 0.73;
/// plotters' ratio of a text size to its em size (see its SVG backend).
const SIZE_PER_EM: f64 = 1.24;

/// Width in pixels of `text` drawn at plotters text size `size` by [`TextBackend`] (0 for a font
/// that cannot be read).
pub fn text_width(font: &'static [u8], size: f64, text: &str) -> f64 {
    let Ok(font) = FontRef::try_from_slice(font) else { return 0.0 };
    let scaled = font.as_scaled(px_scale(&font, size));
    let mut x = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    f64::from(x)
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
    font: FontRef<'static>,
}

impl<B: DrawingBackend> TextBackend<B> {
    /// Wraps `inner`, drawing text with the font in `font` (TrueType or OpenType bytes).
    pub fn new(inner: B, font: &'static [u8]) -> Result<Self, ab_glyph::InvalidFont> {
        Ok(TextBackend { inner, font: FontRef::try_from_slice(font)? })
    }
}

impl<B: DrawingBackend> DrawingBackend for TextBackend<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
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
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
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
        let em = style.size() / SIZE_PER_EM;
        let scale = px_scale(&self.font, style.size());
        let scaled = self.font.as_scaled(scale);

        let mut glyphs = Vec::with_capacity(text.len());
        let mut x = 0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(scale, point(x, 0.0)));
            x += scaled.h_advance(id);
            prev = Some(id);
        }
        let width = f64::from(x);
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
        for glyph in glyphs {
            let Some(outline) = self.font.outline_glyph(glyph) else { continue };
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
