//! Turns uploaded bytes into an [`Icon`], refusing anything that could cost
//! more than its kind of upload should ([`Bounds`]) before it is decoded in full.
//!
//! The format is guessed from the bytes, and the size is read from the header
//! alone and checked first, so a 20000 x 20000 PNG is refused without
//! allocating its pixels. Animations are read one frame at a time and stop at
//! the frame limit or the decoded-bytes limit, whichever comes first; the
//! decoder's own allocation limit bounds each frame.

use std::io::Cursor;
use std::time::Duration;

use image::codecs::gif::GifDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{Icon, IconFrame};

/// What one kind of upload may decode to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The upload's name in messages: "icon", "picture".
    pub kind: &'static str,
    /// Largest width and height in pixels.
    pub max_side: u32,
    pub max_frames: usize,
    /// Most bytes all frames may take decoded, at four bytes a pixel.
    pub max_decoded: usize,
}

impl Bounds {
    /// Most bytes a decoder may allocate at once: far above what one frame
    /// needs, so only a lying header reaches it.
    fn max_alloc(&self) -> u64 {
        (u64::from(self.max_side) * u64::from(self.max_side) * 4 * 16).max(4 << 20)
    }
}

/// Shown for frames that say they last no time at all, as browsers do.
const SHORTEST_DELAY: Duration = Duration::from_millis(20);

/// Why bytes are not an icon or picture; each says what to change.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not a PNG, GIF or WebP image")]
    UnknownFormat,
    #[error("the image is {width} x {height}; {kind}s are at most {max_side} x {max_side} pixels")]
    TooBig {
        width: u32,
        height: u32,
        kind: &'static str,
        max_side: u32,
    },
    #[error("the animation has more than {max} frames")]
    TooManyFrames { max: usize },
    #[error("the animation decodes to more than {max_mib} MiB; use fewer or smaller frames")]
    TooMuchData { max_mib: usize },
    #[error("the image cannot be decoded: {0}")]
    Corrupt(String),
}

impl From<image::ImageError> for DecodeError {
    fn from(error: image::ImageError) -> Self {
        Self::Corrupt(error.to_string())
    }
}

/// Decodes `bytes` as a PNG (animated or not), GIF or WebP within `bounds`.
pub fn decode(bytes: &[u8], bounds: Bounds) -> Result<(Icon, ImageFormat), DecodeError> {
    let format = image::guess_format(bytes).map_err(|_| DecodeError::UnknownFormat)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits(bounds));
    let (width, height) = reader.into_dimensions()?;
    if width > bounds.max_side || height > bounds.max_side || width == 0 || height == 0 {
        return Err(DecodeError::TooBig {
            width,
            height,
            kind: bounds.kind,
            max_side: bounds.max_side,
        });
    }
    let frame_bytes = width as usize * height as usize * 4;
    let animation = |frames| animation(frames, bounds, frame_bytes);
    let frames = match format {
        ImageFormat::Gif => animation(limited(GifDecoder::new(Cursor::new(bytes))?, bounds)?.into_frames())?,
        ImageFormat::WebP => {
            let decoder = limited(WebPDecoder::new(Cursor::new(bytes))?, bounds)?;
            if decoder.has_animation() {
                animation(decoder.into_frames())?
            } else {
                vec![still(DynamicImage::from_decoder(decoder)?)]
            }
        }
        ImageFormat::Png => {
            let decoder = limited(PngDecoder::new(Cursor::new(bytes))?, bounds)?;
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

fn limits(bounds: Bounds) -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(bounds.max_alloc());
    limits
}

fn limited<D: ImageDecoder>(mut decoder: D, bounds: Bounds) -> Result<D, DecodeError> {
    decoder.set_limits(limits(bounds))?;
    Ok(decoder)
}

fn still(image: DynamicImage) -> IconFrame {
    IconFrame {
        rgba: image.into_rgba8().into_raw(),
        delay: Duration::ZERO,
    }
}

/// Reads frames until the animation ends, giving up past the frame limit or
/// once the next frame would pass the decoded-bytes limit.
fn animation(frames: image::Frames<'_>, bounds: Bounds, frame_bytes: usize) -> Result<Vec<IconFrame>, DecodeError> {
    let mut decoded = Vec::new();
    for frame in frames {
        if decoded.len() == bounds.max_frames {
            return Err(DecodeError::TooManyFrames { max: bounds.max_frames });
        }
        if (decoded.len() + 1) * frame_bytes > bounds.max_decoded {
            return Err(DecodeError::TooMuchData {
                max_mib: bounds.max_decoded >> 20,
            });
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
