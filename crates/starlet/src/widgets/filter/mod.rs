//! The widgets of `filter.star` (Tronbyt): each paints its child on a
//! picture of its own, changes the picture, and draws the result where the
//! child would have been; `Rotate` and `Shear` instead paint the child
//! through a transform.
//!
//! The picture maths follow the bild library Pixlet uses, on the same
//! premultiplied pixels, so filtered pictures come out as Pixlet's do.

pub mod adjust;
pub mod blur;
pub mod convolve;
pub mod effect;
pub mod flip;
pub mod transform;

use std::fmt::Debug;
use std::sync::Arc;

use image::RgbaImage;

use crate::render::{Canvas, Image, Rect, Widget, WidgetRef};
use crate::values::spec::{Args, Built, Spec};

/// The constructors of the `filter` module.
pub static FILTER: &[&Spec] = &[
    &blur::SPEC,
    &adjust::BRIGHTNESS,
    &adjust::CONTRAST,
    &convolve::EDGE_DETECTION,
    &convolve::EMBOSS,
    &flip::FLIP_HORIZONTAL,
    &flip::FLIP_VERTICAL,
    &adjust::GAMMA,
    &effect::GRAYSCALE,
    &adjust::HUE,
    &effect::INVERT,
    &transform::ROTATE,
    &adjust::SATURATION,
    &effect::SEPIA,
    &convolve::SHARPEN,
    &transform::SHEAR,
    &effect::THRESHOLD,
];

/// The widest or tallest picture a filter paints its child on; a child
/// bigger than that is cut to it.
pub const MAX_SIDE: i32 = 4096;
/// The most pixels such a picture holds.
pub const MAX_PIXELS: i64 = 1 << 20;

/// What a filter does to the picture of its child.
pub trait Effect: Send + Sync + Debug {
    /// The changed picture, the same size as `picture`.
    fn apply(&self, picture: Image) -> Image;
}

/// A filter: its child, painted and changed by `effect`.
#[derive(Debug)]
pub struct Filtered<E> {
    pub child: WidgetRef,
    pub effect: E,
}

impl<E: Effect> Widget for Filtered<E> {
    fn paint_bounds(&self, bounds: Rect, frame: usize) -> Rect {
        self.child.paint_bounds(bounds, frame)
    }

    fn paint(&self, canvas: &mut Canvas, bounds: Rect, frame: usize) {
        let area = self.child.paint_bounds(bounds, frame);
        let picture = paint_child(self.child.as_ref(), area, 0, frame);
        canvas.draw_image(&self.effect.apply(picture), 0, 0);
    }

    fn frame_count(&self, bounds: Rect) -> usize {
        self.child.frame_count(bounds)
    }
}

/// A filter widget of `effect` over the `child` argument.
pub(crate) fn filtered<E: Effect + 'static>(args: &Args, effect: E) -> anyhow::Result<Built> {
    Ok(Built::Widget(Arc::new(Filtered {
        child: child(args)?,
        effect,
    })))
}

/// The `child` every filter requires.
pub(crate) fn child(args: &Args) -> anyhow::Result<WidgetRef> {
    args.widget("child")?
        .ok_or_else(|| anyhow::anyhow!("{}: child is required", args.spec.name))
}

/// A required number parameter.
pub(crate) fn number(args: &Args, name: &str) -> anyhow::Result<f64> {
    args.number(name)?
        .ok_or_else(|| anyhow::anyhow!("{}: {name} is required", args.spec.name))
}

/// Paints `child` laid out in `area`'s size on a transparent picture with
/// `pad` pixels around it, within [`MAX_SIDE`] and [`MAX_PIXELS`].
pub(crate) fn paint_child(child: &dyn Widget, area: Rect, pad: i32, frame: usize) -> Image {
    let width = (area.dx() as i64 + 2 * pad as i64).clamp(0, MAX_SIDE as i64);
    let height = (area.dy() as i64 + 2 * pad as i64)
        .clamp(0, MAX_SIDE as i64)
        .min(MAX_PIXELS / width.max(1));
    let mut canvas = Canvas::new(width as i32, height as i32);
    canvas.translate(pad as f64, pad as f64);
    child.paint(&mut canvas, Rect::sized(area.dx(), area.dy()), frame);
    canvas.into_image()
}

/// The picture as the image crate holds it: the same premultiplied bytes.
pub(crate) fn to_buffer(picture: &Image) -> RgbaImage {
    let bytes = picture.pixels().iter().flatten().copied().collect();
    RgbaImage::from_raw(picture.width() as u32, picture.height() as u32, bytes)
        .expect("a picture holds width * height pixels")
}

/// Back from the image crate's layout.
pub(crate) fn from_buffer(buffer: RgbaImage) -> Image {
    let (width, height) = (buffer.width() as i32, buffer.height() as i32);
    let pixels = buffer.pixels().map(|p| p.0).collect();
    Image::from_pixels(width, height, pixels)
}

/// Each pixel changed on its own by `change`.
pub(crate) fn map_pixels(picture: Image, change: impl Fn([u8; 4]) -> [u8; 4]) -> Image {
    let (width, height) = (picture.width(), picture.height());
    let pixels = picture.pixels().iter().map(|&p| change(p)).collect();
    Image::from_pixels(width, height, pixels)
}

/// Go's `uint8(f)` on amd64: truncated toward zero, then the low byte.
pub(crate) fn go_u8(f: f64) -> u8 {
    crate::render::raster::go_int(f) as u8
}
