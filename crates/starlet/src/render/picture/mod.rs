//! Pictures decoded from the data apps pass to `render.Image`: PNG, JPEG,
//! GIF, WebP and SVG, told apart as Pixlet tells them apart, each decoded
//! within [`MAX_SIDE`], [`MAX_PIXELS`] and [`MAX_FRAMES`] so that no app can
//! make the board decode more than it can hold.
//!
//! A [`Picture`] keeps its pixels the way the matching Go image type keeps
//! them (straight or premultiplied alpha, 8 or 16 bits), because Pixlet's
//! scaling averages each kind differently; [`Picture::to_image`] then gives
//! the premultiplied picture the canvas draws.

mod gif;
mod jpeg;
mod png;
mod svg;
mod webp;

use super::color::Color;
use super::image::Image;

/// The widest or tallest a decoded frame may be: a 4K photo fits, and no
/// panel needs more.
pub const MAX_SIDE: u32 = 4096;

/// The most pixels one picture's frames may hold together: 8 Mi pixels is
/// 32 MiB as RGBA, which a Raspberry Pi can decode a few times over
/// alongside the server, while a 3264x2448 photo or 2,000 frames of 64x64
/// still fit.
pub const MAX_PIXELS: u64 = 8 << 20;

/// The most frames a picture may have: as many as a render shows.
pub const MAX_FRAMES: usize = 2000;

/// Why a picture could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("picture is {width}x{height} pixels; a picture may be at most {MAX_SIDE}x{MAX_SIDE}")]
    TooLarge { width: u64, height: u64 },
    #[error("picture has more than {MAX_FRAMES} frames, the most a picture may have")]
    TooManyFrames,
    #[error("picture's frames hold {pixels} pixels together; a picture may hold at most {MAX_PIXELS}")]
    TooManyPixels { pixels: u64 },
    #[error("decoding image data: {0}")]
    Decode(String),
    #[error("decoding svg data failed: {0}")]
    Svg(String),
}

impl PictureError {
    pub(crate) fn decode(error: impl std::fmt::Display) -> Self {
        Self::Decode(error.to_string())
    }
}

/// Refuses `frames` frames of `width` x `height` beyond the bounds, before
/// anything of that size is allocated.
pub fn check_size(width: u64, height: u64, frames: u64) -> Result<(), PictureError> {
    if width > MAX_SIDE as u64 || height > MAX_SIDE as u64 {
        return Err(PictureError::TooLarge { width, height });
    }
    if frames > MAX_FRAMES as u64 {
        return Err(PictureError::TooManyFrames);
    }
    let pixels = width * height * frames;
    if pixels > MAX_PIXELS {
        return Err(PictureError::TooManyPixels { pixels });
    }
    Ok(())
}

/// Pixels as the Go image type Pixlet decodes them into holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pixels {
    /// Go's `RGBA`: premultiplied, 8 bits.
    Rgba(Vec<[u8; 4]>),
    /// Go's `NRGBA`: straight alpha, 8 bits.
    Nrgba(Vec<[u8; 4]>),
    /// Go's `Paletted` (straight palette colours here), which scaling reads
    /// as premultiplied 16-bit colour.
    Paletted(Vec<[u8; 4]>),
    /// Go's `RGBA64`: premultiplied, 16 bits.
    Rgba64(Vec<[u16; 4]>),
    /// Go's `NRGBA64`: straight alpha, 16 bits.
    Nrgba64(Vec<[u16; 4]>),
}

impl Pixels {
    fn len(&self) -> usize {
        match self {
            Pixels::Rgba(p) | Pixels::Nrgba(p) | Pixels::Paletted(p) => p.len(),
            Pixels::Rgba64(p) | Pixels::Nrgba64(p) => p.len(),
        }
    }
}

/// One decoded frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    width: i32,
    height: i32,
    pixels: Pixels,
}

impl Picture {
    /// A picture from its pixels, row by row.
    ///
    /// # Panics
    /// If `pixels` does not hold `width * height` pixels: a caller's bug.
    pub fn new(width: i32, height: i32, pixels: Pixels) -> Self {
        assert_eq!(pixels.len(), width.max(0) as usize * height.max(0) as usize);
        Self { width, height, pixels }
    }

    pub fn width(&self) -> i32 {
        self.width
    }

    pub fn height(&self) -> i32 {
        self.height
    }

    pub fn pixels(&self) -> &Pixels {
        &self.pixels
    }

    /// The picture as the canvas draws it, converted as Go converts each
    /// image type when drawing it.
    pub fn to_image(&self) -> Image {
        let pixels = match &self.pixels {
            Pixels::Rgba(p) => p.clone(),
            Pixels::Nrgba(p) | Pixels::Paletted(p) => p
                .iter()
                .map(|&[r, g, b, a]| Color::rgba(r, g, b, a).premultiplied())
                .collect(),
            Pixels::Rgba64(p) => p.iter().map(|c| c.map(|v| (v >> 8) as u8)).collect(),
            Pixels::Nrgba64(p) => p
                .iter()
                .map(|&[r, g, b, a]| {
                    let scale = |v: u16| ((v as u32 * a as u32 / 0xffff) >> 8) as u8;
                    [scale(r), scale(g), scale(b), (a >> 8) as u8]
                })
                .collect(),
        };
        Image::from_pixels(self.width, self.height, pixels)
    }
}

/// What a picture's data decoded to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// At least one frame, all the same size.
    pub frames: Vec<Picture>,
    /// Milliseconds the first frame shows, for GIF and WebP; 0 otherwise.
    pub delay_ms: i64,
}

impl Decoded {
    fn still(frame: Picture) -> Self {
        Self {
            frames: vec![frame],
            delay_ms: 0,
        }
    }
}

/// Decodes picture data, telling its format from its first bytes as Pixlet
/// does: WebP, GIF and SVG first, then PNG and JPEG.
pub fn decode(data: &[u8]) -> Result<Decoded, PictureError> {
    if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        webp::decode(data)
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        gif::decode(data)
    } else if svg::sniff(data) {
        svg::decode(data).map(Decoded::still)
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        png::decode(data).map(Decoded::still)
    } else if data.starts_with(b"\xff\xd8") {
        jpeg::decode(data).map(Decoded::still)
    } else {
        Err(PictureError::Decode(
            "image: unknown format (not PNG, JPEG, GIF, WebP or SVG)".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_checked_before_decoding() {
        assert_eq!(check_size(4096, 2048, 1), Ok(()));
        assert_eq!(
            check_size(4097, 1, 1),
            Err(PictureError::TooLarge { width: 4097, height: 1 })
        );
        assert_eq!(check_size(1, 1, 2001), Err(PictureError::TooManyFrames));
        assert_eq!(
            check_size(4096, 4096, 1),
            Err(PictureError::TooManyPixels { pixels: 4096 * 4096 })
        );
    }

    #[test]
    fn each_kind_of_pixel_converts_as_go_draws_it() {
        let frame = |pixels| Picture::new(1, 1, pixels).to_image().get(0, 0);
        assert_eq!(frame(Pixels::Rgba(vec![[100, 50, 0, 128]])), [100, 50, 0, 128]);
        assert_eq!(frame(Pixels::Nrgba(vec![[200, 100, 0, 128]])), [100, 50, 0, 128]);
        assert_eq!(frame(Pixels::Paletted(vec![[200, 100, 0, 128]])), [100, 50, 0, 128]);
        assert_eq!(
            frame(Pixels::Rgba64(vec![[0x6480, 0x3240, 0, 0x8080]])),
            [0x64, 0x32, 0, 0x80]
        );
        assert_eq!(
            frame(Pixels::Nrgba64(vec![[0xffff, 0x8000, 0, 0x8000]])),
            [0x80, 0x40, 0, 0x80]
        );
    }

    #[test]
    fn unknown_data_is_refused_by_name() {
        let error = decode(b"BM not a bitmap we read").unwrap_err();
        assert!(error.to_string().contains("unknown format"), "{error}");
    }
}
