//! Turning what apps give into [`Picture`]s the panel plays: a render's
//! frames, or a picture pushed through Tidbyt's push API (base64 WebP or
//! GIF, decoded with the Starlet runtime's bounded picture decoding).
//!
//! Both are kept within [`MAX_PICTURE_BYTES`]: frames past it are left out,
//! as Pixlet leaves out frames past its own limits.

use std::time::Duration;

use base64::Engine;
use starlet::Rendered;
use starlet::render::Image;
use starlet::render::picture;

use crate::apps::starlark::Picture;

/// The most bytes one installation's frames may take in memory.
pub const MAX_PICTURE_BYTES: usize = 8 << 20;
/// The widest or tallest pushed picture: twice a 128x64 panel is plenty.
pub const MAX_PUSHED_SIDE: i32 = 256;
/// How long each frame of an animation that names no delay shows: Pixlet's default.
const DEFAULT_DELAY: Duration = Duration::from_millis(50);

/// Why a pushed picture was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    #[error("'image' is not base64")]
    NotBase64,
    #[error("'image' must be a WebP or GIF picture")]
    NotWebpOrGif,
    #[error("'image' is {width} x {height}; a pushed picture is at most {MAX_PUSHED_SIDE} x {MAX_PUSHED_SIDE}")]
    TooBig { width: i32, height: i32 },
    #[error("'image' cannot be decoded: {0}")]
    Corrupt(String),
}

/// A render's frames as a picture; `None` when the app had nothing to show.
pub fn from_render(rendered: &Rendered) -> Option<Picture> {
    let first = rendered.frames.first()?;
    let (width, height) = (first.width(), first.height());
    let frames = keep_within_bounds(rendered.frames.iter(), width, height);
    Picture::new(width as u32, height as u32, frames, rendered.delay)
}

/// Decodes a pushed picture: `text` is its base64 (padding optional,
/// whitespace ignored).
pub fn from_push(text: &str) -> Result<Picture, PushError> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
        .map_err(|_| PushError::NotBase64)?;
    let webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    if !webp && !bytes.starts_with(b"GIF87a") && !bytes.starts_with(b"GIF89a") {
        return Err(PushError::NotWebpOrGif);
    }
    let decoded = picture::decode(&bytes).map_err(|error| PushError::Corrupt(error.to_string()))?;
    let first = decoded
        .frames
        .first()
        .ok_or_else(|| PushError::Corrupt("no frames".into()))?;
    let (width, height) = (first.width(), first.height());
    if width > MAX_PUSHED_SIDE || height > MAX_PUSHED_SIDE || width < 1 || height < 1 {
        return Err(PushError::TooBig { width, height });
    }
    let images: Vec<Image> = decoded.frames.iter().map(picture::Picture::to_image).collect();
    let frames = keep_within_bounds(images.iter(), width, height);
    let delay = u64::try_from(decoded.delay_ms)
        .ok()
        .filter(|&ms| ms > 0)
        .map_or(DEFAULT_DELAY, Duration::from_millis);
    Picture::new(width as u32, height as u32, frames, delay).ok_or_else(|| PushError::Corrupt("no frames".into()))
}

/// The frames as RGB on black, as many as fit [`MAX_PICTURE_BYTES`]. The
/// pixels are premultiplied, so over black their colour is what they hold.
fn keep_within_bounds<'a>(frames: impl Iterator<Item = &'a Image>, width: i32, height: i32) -> Vec<Vec<[u8; 3]>> {
    let frame_bytes = (width.max(1) as usize) * (height.max(1) as usize) * 3;
    let most = (MAX_PICTURE_BYTES / frame_bytes).max(1);
    frames
        .filter(|frame| frame.width() == width && frame.height() == height)
        .take(most)
        .map(|frame| frame.pixels().iter().map(|&[r, g, b, _]| [r, g, b]).collect())
        .collect()
}

#[cfg(test)]
mod tests;
