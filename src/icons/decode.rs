//! Turns uploaded bytes into an [`Icon`], refusing anything that could cost
//! more than an icon should before it is decoded in full.
//!
//! The format is guessed from the bytes, and the size is read from the header
//! alone and checked first, so a 20000 x 20000 PNG is refused without
//! allocating its pixels. Animations are read one frame at a time and stop at
//! [`MAX_FRAMES`]; the decoder's own allocation limit bounds each frame.

use std::io::Cursor;
use std::time::Duration;

use image::codecs::gif::GifDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{Icon, IconFrame, MAX_SIDE};

/// Most frames an animated icon may have.
pub const MAX_FRAMES: usize = 256;
/// Most bytes a decoder may allocate at once; far above what a 32 x 32 frame needs.
const MAX_ALLOC: u64 = 4 << 20;
/// Shown for frames that say they last no time at all, as browsers do.
const SHORTEST_DELAY: Duration = Duration::from_millis(20);

/// Why bytes are not an icon; each says what to change.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not a PNG, GIF or WebP image")]
    UnknownFormat,
    #[error("the image is {width} x {height}; icons are at most {MAX_SIDE} x {MAX_SIDE} pixels")]
    TooBig { width: u32, height: u32 },
    #[error("the animation has more than {MAX_FRAMES} frames")]
    TooManyFrames,
    #[error("the image cannot be decoded: {0}")]
    Corrupt(String),
}

impl From<image::ImageError> for DecodeError {
    fn from(error: image::ImageError) -> Self {
        Self::Corrupt(error.to_string())
    }
}

/// Decodes `bytes` as a PNG (animated or not), GIF or WebP of at most 32 x 32 pixels.
pub fn decode(bytes: &[u8]) -> Result<(Icon, ImageFormat), DecodeError> {
    let format = image::guess_format(bytes).map_err(|_| DecodeError::UnknownFormat)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let (width, height) = reader.into_dimensions()?;
    if width > MAX_SIDE || height > MAX_SIDE || width == 0 || height == 0 {
        return Err(DecodeError::TooBig { width, height });
    }
    let frames = match format {
        ImageFormat::Gif => animation(limited(GifDecoder::new(Cursor::new(bytes))?)?.into_frames())?,
        ImageFormat::WebP => {
            let decoder = limited(WebPDecoder::new(Cursor::new(bytes))?)?;
            if decoder.has_animation() {
                animation(decoder.into_frames())?
            } else {
                vec![still(DynamicImage::from_decoder(decoder)?)]
            }
        }
        ImageFormat::Png => {
            let decoder = limited(PngDecoder::new(Cursor::new(bytes))?)?;
            if decoder.is_apng()? {
                animation(decoder.apng()?.into_frames())?
            } else {
                vec![still(DynamicImage::from_decoder(decoder)?)]
            }
        }
        _ => return Err(DecodeError::UnknownFormat),
    };
    Ok((Icon::new(width as u16, height as u16, frames), format))
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

fn limited<D: ImageDecoder>(mut decoder: D) -> Result<D, DecodeError> {
    decoder.set_limits(limits())?;
    Ok(decoder)
}

fn still(image: DynamicImage) -> IconFrame {
    IconFrame {
        rgba: image.into_rgba8().into_raw(),
        delay: Duration::ZERO,
    }
}

/// Reads frames until the animation ends, giving up past [`MAX_FRAMES`].
fn animation(frames: image::Frames<'_>) -> Result<Vec<IconFrame>, DecodeError> {
    let mut decoded = Vec::new();
    for frame in frames {
        if decoded.len() == MAX_FRAMES {
            return Err(DecodeError::TooManyFrames);
        }
        let frame = frame?;
        let delay = Duration::from(frame.delay()).max(SHORTEST_DELAY);
        decoded.push(IconFrame {
            rgba: frame.into_buffer().into_raw(),
            delay,
        });
    }
    if decoded.is_empty() {
        return Err(DecodeError::Corrupt("the animation has no frames".into()));
    }
    Ok(decoded)
}
