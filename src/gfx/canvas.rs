//! The drawing surface apps paint one frame on, at full brightness.

use std::convert::Infallible;

use embedded_graphics::Pixel;
use embedded_graphics::pixelcolor::{Rgb888, RgbColor};
use embedded_graphics::prelude::{Dimensions, DrawTarget, OriginDimensions, Size};
use embedded_graphics::primitives::Rectangle;

use super::Frame;

/// The pixels of one frame, row-major RGB.
///
/// It is an embedded-graphics [`DrawTarget`], so apps draw text and shapes with
/// that crate; pixels outside the panel are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
}

impl Canvas {
    /// Sizes are `u16` because that is what the preview wire format carries.
    pub fn new(width: u16, height: u16) -> Self {
        let (width, height) = (u32::from(width), u32::from(height));
        Self {
            width,
            height,
            pixels: vec![[0; 3]; (width * height) as usize],
        }
    }

    /// The colour at (`x`, `y`), or `None` outside the panel.
    pub fn get(&self, x: i32, y: i32) -> Option<[u8; 3]> {
        self.index(x, y).map(|index| self.pixels[index])
    }

    /// Paints one pixel; outside the panel it is ignored.
    pub fn set(&mut self, x: i32, y: i32, color: [u8; 3]) {
        if let Some(index) = self.index(x, y) {
            self.pixels[index] = color;
        }
    }

    pub fn clear_black(&mut self) {
        self.pixels.fill([0; 3]);
    }

    /// The picture as the panel shows it: every channel scaled by `brightness` percent.
    pub fn to_frame(&self, brightness: u8) -> Frame {
        let brightness = u16::from(brightness.min(100));
        let rgb = self
            .pixels
            .iter()
            .flatten()
            .map(|&channel| (u16::from(channel) * brightness / 100) as u8)
            .collect();
        Frame::new(self.width as u16, self.height as u16, rgb)
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        let (x, y) = (u32::try_from(x).ok()?, u32::try_from(y).ok()?);
        (x < self.width && y < self.height).then(|| (y * self.width + x) as usize)
    }
}

impl OriginDimensions for Canvas {
    fn size(&self) -> Size {
        Size::new(self.width, self.height)
    }
}

impl DrawTarget for Canvas {
    type Color = Rgb888;
    type Error = Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        for Pixel(point, color) in pixels {
            self.set(point.x, point.y, [color.r(), color.g(), color.b()]);
        }
        Ok(())
    }

    fn fill_solid(&mut self, area: &Rectangle, color: Self::Color) -> Result<(), Self::Error> {
        let area = area.intersection(&self.bounding_box());
        let color = [color.r(), color.g(), color.b()];
        for y in area.rows() {
            for x in area.columns() {
                self.set(x, y, color);
            }
        }
        Ok(())
    }

    fn clear(&mut self, color: Self::Color) -> Result<(), Self::Error> {
        self.pixels.fill([color.r(), color.g(), color.b()]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use embedded_graphics::Drawable;
    use embedded_graphics::prelude::{Point, Primitive};
    use embedded_graphics::primitives::{Line, PrimitiveStyle};

    use super::*;

    #[test]
    fn drawing_past_the_edges_keeps_only_the_visible_part() {
        let mut canvas = Canvas::new(4, 2);
        Line::new(Point::new(-3, 1), Point::new(10, 1))
            .into_styled(PrimitiveStyle::with_stroke(Rgb888::new(1, 2, 3), 1))
            .draw(&mut canvas)
            .unwrap();
        assert_eq!(canvas.pixels[..4], [[0; 3]; 4]);
        assert_eq!(canvas.pixels[4..], [[1, 2, 3]; 4]);
    }

    #[test]
    fn brightness_fifty_halves_every_channel() {
        let mut canvas = Canvas::new(2, 1);
        canvas.set(0, 0, [255, 200, 7]);
        canvas.set(1, 0, [100, 1, 0]);
        assert_eq!(canvas.to_frame(50).rgb(), [127, 100, 3, 50, 0, 0]);
        assert_eq!(canvas.to_frame(100).rgb(), [255, 200, 7, 100, 1, 0]);
        assert!(canvas.to_frame(0).is_blank());
    }
}
