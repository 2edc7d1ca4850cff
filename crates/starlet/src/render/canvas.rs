//! The surface widgets paint on: a picture with a transform and a clip, each
//! saved and restored as a stack, the model Pixlet's widgets are written for.
//!
//! Compositing follows Go's `image/draw` "over" in 16-bit arithmetic, so an
//! opaque or translucent colour lands on exactly the values Pixlet produces.

use std::sync::Arc;

use super::color::Color;
use super::coverage;
use super::geometry::Rect;
use super::image::Image;
use super::resample;

/// An affine map `(x, y) -> (xx*x + xy*y + x0, yx*x + yy*y + y0)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub xx: f64,
    pub yx: f64,
    pub xy: f64,
    pub yy: f64,
    pub x0: f64,
    pub y0: f64,
}

impl Affine {
    pub const IDENTITY: Affine = Affine {
        xx: 1.0,
        yx: 0.0,
        xy: 0.0,
        yy: 1.0,
        x0: 0.0,
        y0: 0.0,
    };

    pub fn translation(x: f64, y: f64) -> Self {
        Affine {
            x0: x,
            y0: y,
            ..Self::IDENTITY
        }
    }

    pub fn scaling(x: f64, y: f64) -> Self {
        Affine {
            xx: x,
            yy: y,
            ..Self::IDENTITY
        }
    }

    /// A rotation by `angle` radians, clockwise on screen (y points down).
    pub fn rotation(angle: f64) -> Self {
        let (s, c) = angle.sin_cos();
        Affine {
            xx: c,
            yx: s,
            xy: -s,
            yy: c,
            x0: 0.0,
            y0: 0.0,
        }
    }

    /// `self` applied after `first`.
    pub fn after(&self, first: &Affine) -> Affine {
        Affine {
            xx: self.xx * first.xx + self.xy * first.yx,
            yx: self.yx * first.xx + self.yy * first.yx,
            xy: self.xx * first.xy + self.xy * first.yy,
            yy: self.yx * first.xy + self.yy * first.yy,
            x0: self.xx * first.x0 + self.xy * first.y0 + self.x0,
            y0: self.yx * first.x0 + self.yy * first.y0 + self.y0,
        }
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.xx * x + self.xy * y + self.x0, self.yx * x + self.yy * y + self.y0)
    }

    /// The map back, if there is one, worked out with the same products in
    /// the same order as Go's `x/image/draw`, so resampled pictures land on
    /// the same bits.
    pub fn invert(&self) -> Option<Affine> {
        let (m00, m01, m10, m11) = (self.yy, -self.xy, -self.yx, self.xx);
        let m02 = self.y0 * self.xy - self.yy * self.x0;
        let m12 = self.yx * self.x0 - self.y0 * self.xx;
        let det = m00 * m11 - m10 * m01;
        let inverse = Affine {
            xx: m00 / det,
            xy: m01 / det,
            x0: m02 / det,
            yx: m10 / det,
            yy: m11 / det,
            y0: m12 / det,
        };
        [inverse.xx, inverse.xy, inverse.x0, inverse.yx, inverse.yy, inverse.y0]
            .iter()
            .all(|v| v.is_finite())
            .then_some(inverse)
    }

    /// A whole-pixel shift, which draws pictures without resampling.
    fn integer_translation(&self) -> Option<(i32, i32)> {
        let whole = |v: f64| v.fract() == 0.0 && v.abs() < i32::MAX as f64;
        (self.xx == 1.0 && self.yx == 0.0 && self.xy == 0.0 && self.yy == 1.0 && whole(self.x0) && whole(self.y0))
            .then_some((self.x0 as i32, self.y0 as i32))
    }
}

/// Coverage of each pixel of the canvas, 0 (clipped away) to 255.
#[derive(Clone, Debug)]
struct Mask {
    width: i32,
    alpha: Vec<u8>,
}

impl Mask {
    fn at(&self, x: i32, y: i32) -> u32 {
        self.alpha[(y * self.width + x) as usize] as u32
    }
}

#[derive(Clone, Debug)]
struct State {
    transform: Affine,
    clip: Option<Arc<Mask>>,
}

/// A picture being painted.
#[derive(Debug)]
pub struct Canvas {
    image: Image,
    state: State,
    saved: Vec<State>,
}

impl Canvas {
    /// A transparent `width` x `height` canvas.
    pub fn new(width: i32, height: i32) -> Self {
        Self {
            image: Image::new(width, height),
            state: State {
                transform: Affine::IDENTITY,
                clip: None,
            },
            saved: Vec::new(),
        }
    }

    pub fn width(&self) -> i32 {
        self.image.width()
    }

    pub fn height(&self) -> i32 {
        self.image.height()
    }

    pub fn image(&self) -> &Image {
        &self.image
    }

    pub fn into_image(self) -> Image {
        self.image
    }

    /// Saves the transform and clip; [`Canvas::pop`] restores them.
    pub fn push(&mut self) {
        self.saved.push(self.state.clone());
    }

    /// Restores what the matching [`Canvas::push`] saved.
    ///
    /// # Panics
    /// Without a matching push: a widget's bug.
    pub fn pop(&mut self) {
        self.state = self.saved.pop().expect("Canvas::pop without a matching push");
    }

    pub fn transform(&self) -> Affine {
        self.state.transform
    }

    /// Applies `local` to coordinates before the current transform.
    pub fn apply(&mut self, local: &Affine) {
        self.state.transform = self.state.transform.after(local);
    }

    pub fn translate(&mut self, x: f64, y: f64) {
        self.apply(&Affine::translation(x, y));
    }

    pub fn scale(&mut self, x: f64, y: f64) {
        self.apply(&Affine::scaling(x, y));
    }

    pub fn rotate(&mut self, angle: f64) {
        self.apply(&Affine::rotation(angle));
    }

    /// Where a point in the current coordinates lands on the canvas.
    pub fn transform_point(&self, x: f64, y: f64) -> (f64, f64) {
        self.state.transform.apply(x, y)
    }

    /// Narrows the clip to a rectangle in the current coordinates; the mask
    /// keeps the top 8 bits of the coverage, as gg's alpha mask does.
    pub fn clip_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let coverage = self.rect_coverage(x, y, w, h);
        let width = self.width();
        let alpha = match &self.state.clip {
            None => coverage.iter().map(|&c| (c >> 8) as u8).collect(),
            Some(old) => coverage
                .iter()
                .zip(&old.alpha)
                .map(|(&new, &old)| (((new >> 8) as u32 * 0x101 * (old as u32 * 0x101) / 0xffff) >> 8) as u8)
                .collect(),
        };
        self.state.clip = Some(Arc::new(Mask { width, alpha }));
    }

    /// Fills a rectangle in the current coordinates, blending over what is there.
    pub fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: Color) {
        let coverage = self.rect_coverage(x, y, w, h);
        let src = color.premultiplied16();
        let width = self.width();
        for (i, &c) in coverage.iter().enumerate() {
            if c != 0 {
                self.blend_at(i as i32 % width, i as i32 / width, src, c as u32);
            }
        }
    }

    /// Blends `color` over each pixel by its coverage (0..=255) and the clip.
    pub fn fill_coverage(&mut self, coverage: &[u8], color: Color) {
        let src = color.premultiplied16();
        let width = self.width();
        for (i, &c) in coverage.iter().enumerate() {
            if c == 0 {
                continue;
            }
            self.blend_at(i as i32 % width, i as i32 / width, src, c as u32 * 0x101);
        }
    }

    /// Blends `color` over a patch of canvas pixels by their coverage
    /// (0..=255, row by row, `width` a row) and the clip, the patch's first
    /// pixel at `(x0, y0)`: how shapes rasterised elsewhere land here.
    pub fn blend_coverage(&mut self, x0: i32, y0: i32, width: usize, coverage: &[u8], color: Color) {
        let src = color.premultiplied16();
        for (i, &c) in coverage.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let (dx, dy) = ((i % width) as i32, (i / width) as i32);
            self.blend_at(x0 + dx, y0 + dy, src, c as u32 * 0x101);
        }
    }

    /// Sets one canvas pixel, ignoring transform and clip, as Pixlet's
    /// plotting and tracing widgets do.
    pub fn set_pixel(&mut self, x: i32, y: i32, color: Color) {
        self.image.set(x, y, color.premultiplied());
    }

    /// Replaces every pixel with `color`.
    pub fn clear(&mut self, color: Color) {
        let pixel = color.premultiplied();
        for y in 0..self.height() {
            for x in 0..self.width() {
                self.image.set(x, y, pixel);
            }
        }
    }

    /// Draws a picture with its top left corner at `(x, y)` in the current
    /// coordinates: copied pixel for pixel under a whole-pixel shift,
    /// resampled bilinearly under any other transform.
    pub fn draw_image(&mut self, picture: &Image, x: i32, y: i32) {
        let transform = self.state.transform.after(&Affine::translation(x as f64, y as f64));
        match transform.integer_translation() {
            Some((dx, dy)) => self.copy_image(picture, dx, dy),
            None => self.resample_image(picture, &transform),
        }
    }

    fn copy_image(&mut self, picture: &Image, dx: i32, dy: i32) {
        let target = picture
            .bounds()
            .intersect(&Rect::new(-dx, -dy, self.width() - dx, self.height() - dy));
        for sy in target.y0..target.y1 {
            for sx in target.x0..target.x1 {
                let pixel = picture.get(sx, sy);
                self.composite_at(sx + dx, sy + dy, pixel.map(|c| c as u32 * 0x101));
            }
        }
    }

    /// Maps each canvas pixel's centre back into the picture and blends the
    /// bilinear sample there (Go's `draw.BiLinear.Transform`).
    fn resample_image(&mut self, picture: &Image, transform: &Affine) {
        let area = Rect::sized(self.width(), self.height());
        let mut samples = Vec::new();
        resample::bilinear(picture, transform, area, |x, y, pixel| samples.push((x, y, pixel)));
        for (x, y, pixel) in samples {
            self.composite_at(x, y, pixel);
        }
    }

    /// Coverage (0..=0xffff) of each canvas pixel by a rectangle in the
    /// current coordinates, as gg's rasterizer gives it.
    fn rect_coverage(&self, x: f64, y: f64, w: f64, h: f64) -> Vec<u16> {
        coverage::rect(&self.state.transform, (x, y, w, h), self.width(), self.height())
    }

    /// Puts a premultiplied 16-bit picture sample over the pixel at
    /// `(x, y)`, scaled by the clip there, in the arithmetic of Go's
    /// `draw.Transform` (which rounds a little differently from
    /// [`blend`]).
    fn composite_at(&mut self, x: i32, y: i32, mut src: [u32; 4]) {
        if let Some(mask) = &self.state.clip {
            if x < 0 || y < 0 || x >= self.image.width() || y >= self.image.height() {
                return;
            }
            let ma = mask.at(x, y) * 0x101;
            src = src.map(|c| c * ma / 0xffff);
        }
        if let Some(dst) = self.image.get_mut(x, y) {
            let keep = 0xffff - src[3];
            for (d, s) in dst.iter_mut().zip(src) {
                *d = ((*d as u32 * 0x101 * keep / 0xffff + s) >> 8) as u8;
            }
        }
    }

    /// Blends premultiplied 16-bit `src` over the pixel at `(x, y)` by
    /// `coverage` (0..=0xffff) scaled by the clip there.
    fn blend_at(&mut self, x: i32, y: i32, src: [u32; 4], coverage: u32) {
        let ma = match &self.state.clip {
            None => coverage,
            Some(mask) if x >= 0 && y >= 0 && x < self.image.width() && y < self.image.height() => {
                coverage * (mask.at(x, y) * 0x101) / 0xffff
            }
            Some(_) => 0,
        };
        if ma > 0
            && let Some(dst) = self.image.get_mut(x, y)
        {
            blend(dst, src, ma);
        }
    }
}

/// Go's `image/draw` "over": `dst = src * ma + dst * (1 - src_alpha * ma)`,
/// with `src` premultiplied in 16 bits and `ma` the coverage, 0..=0xffff.
pub(crate) fn blend(dst: &mut [u8; 4], src: [u32; 4], ma: u32) {
    const M: u64 = 0xffff;
    let ma = ma as u64;
    let a = (M - (src[3] as u64 * ma / M)) * 0x101;
    for (d, s) in dst.iter_mut().zip(src) {
        *d = (((*d as u64 * a + s as u64 * ma) / M) >> 8) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: Color = Color::rgb(0xff, 0, 0);

    #[test]
    fn a_translated_rectangle_lands_shifted() {
        let mut canvas = Canvas::new(4, 3);
        canvas.translate(1.0, 1.0);
        canvas.fill_rect(0.0, 0.0, 2.0, 1.0, RED);
        let lit: Vec<_> = (0..3)
            .flat_map(|y| (0..4).map(move |x| (x, y)))
            .filter(|&(x, y)| canvas.image().get(x, y)[3] != 0)
            .collect();
        assert_eq!(lit, vec![(1, 1), (2, 1)]);
    }

    #[test]
    fn push_and_pop_restore_the_transform_and_clip() {
        let mut canvas = Canvas::new(3, 1);
        canvas.push();
        canvas.translate(2.0, 0.0);
        canvas.clip_rect(0.0, 0.0, 1.0, 1.0);
        canvas.pop();
        canvas.fill_rect(0.0, 0.0, 3.0, 1.0, RED);
        assert!((0..3).all(|x| canvas.image().get(x, 0) == [0xff, 0, 0, 0xff]));
    }

    #[test]
    fn the_clip_keeps_painting_inside() {
        let mut canvas = Canvas::new(3, 1);
        canvas.clip_rect(1.0, 0.0, 1.0, 1.0);
        canvas.fill_rect(0.0, 0.0, 3.0, 1.0, RED);
        assert_eq!(canvas.image().get(0, 0), [0; 4]);
        assert_eq!(canvas.image().get(1, 0), [0xff, 0, 0, 0xff]);
        assert_eq!(canvas.image().get(2, 0), [0; 4]);
    }

    #[test]
    fn translucent_colours_blend_as_go_does() {
        let mut canvas = Canvas::new(1, 1);
        canvas.clear(Color::rgb(0, 0, 0xff));
        canvas.fill_rect(0.0, 0.0, 1.0, 1.0, Color::rgba(0xff, 0, 0, 0x80));
        // Go: 0xffff*0x80/0xff = 0x8080 red over 0xffff blue at 1 - 0x8080/0xffff.
        assert_eq!(canvas.image().get(0, 0), [0x80, 0, 0x7f, 0xff]);
    }

    #[test]
    fn pictures_copy_under_whole_pixel_shifts() {
        let mut picture = Image::new(2, 1);
        picture.set(1, 0, [0, 0xff, 0, 0xff]);
        let mut canvas = Canvas::new(4, 1);
        canvas.translate(1.0, 0.0);
        canvas.draw_image(&picture, 1, 0);
        assert_eq!(canvas.image().get(3, 0), [0, 0xff, 0, 0xff]);
        assert_eq!(canvas.image().get(2, 0), [0; 4]);
    }

    #[test]
    fn set_pixel_ignores_transform_and_clip() {
        let mut canvas = Canvas::new(2, 1);
        canvas.translate(1.0, 0.0);
        canvas.clip_rect(0.0, 0.0, 1.0, 1.0);
        canvas.set_pixel(0, 0, RED);
        assert_eq!(canvas.image().get(0, 0), [0xff, 0, 0, 0xff]);
    }

    #[test]
    fn affine_inverse_undoes_the_map() {
        let t = Affine::translation(3.0, -2.0)
            .after(&Affine::rotation(0.7))
            .after(&Affine::scaling(2.0, 0.5));
        let back = t.invert().unwrap();
        let (x, y) = back.apply(t.apply(1.5, -4.0).0, t.apply(1.5, -4.0).1);
        assert!((x - 1.5).abs() < 1e-9 && (y + 4.0).abs() < 1e-9);
    }
}
