//! A picture in memory: premultiplied RGBA, 8 bits a channel, row by row, the
//! layout of Go's `image.RGBA` that Pixlet paints into.

use super::color::Color;
use super::geometry::Rect;

/// A `width` x `height` picture; pixels outside it read as transparent.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    width: i32,
    height: i32,
    pixels: Vec<[u8; 4]>,
}

impl Image {
    /// A transparent picture; negative sizes are taken as empty.
    pub fn new(width: i32, height: i32) -> Self {
        let (width, height) = (width.max(0), height.max(0));
        Self {
            width,
            height,
            pixels: vec![[0; 4]; (width as usize) * (height as usize)],
        }
    }

    /// A picture from premultiplied pixels, row by row.
    ///
    /// # Panics
    /// If `pixels` does not hold `width * height` pixels: a caller's bug.
    pub fn from_pixels(width: i32, height: i32, pixels: Vec<[u8; 4]>) -> Self {
        assert_eq!(pixels.len(), (width.max(0) as usize) * (height.max(0) as usize));
        Self { width, height, pixels }
    }

    pub fn width(&self) -> i32 {
        self.width
    }

    pub fn height(&self) -> i32 {
        self.height
    }

    pub fn bounds(&self) -> Rect {
        Rect::sized(self.width, self.height)
    }

    /// The premultiplied pixel at `(x, y)`, transparent outside the picture.
    pub fn get(&self, x: i32, y: i32) -> [u8; 4] {
        self.index(x, y).map_or([0; 4], |i| self.pixels[i])
    }

    /// The straight colour at `(x, y)`.
    pub fn color(&self, x: i32, y: i32) -> Color {
        Color::from_premultiplied(self.get(x, y))
    }

    /// Writes a premultiplied pixel; outside the picture it is dropped.
    pub fn set(&mut self, x: i32, y: i32, pixel: [u8; 4]) {
        if let Some(i) = self.index(x, y) {
            self.pixels[i] = pixel;
        }
    }

    pub(crate) fn get_mut(&mut self, x: i32, y: i32) -> Option<&mut [u8; 4]> {
        self.index(x, y).map(|i| &mut self.pixels[i])
    }

    pub fn pixels(&self) -> &[[u8; 4]] {
        &self.pixels
    }

    /// The pixels as straight RGBA bytes, what encoders and the panel take.
    pub fn to_rgba8(&self) -> Vec<u8> {
        self.pixels
            .iter()
            .flat_map(|&p| {
                let c = Color::from_premultiplied(p);
                [c.r, c.g, c.b, c.a]
            })
            .collect()
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        (x >= 0 && y >= 0 && x < self.width && y < self.height).then(|| (y * self.width + x) as usize)
    }
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}x{})", self.width, self.height)
    }
}
