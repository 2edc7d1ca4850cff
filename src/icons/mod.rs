//! Icons and pictures: images, still or animated, that notifications and apps
//! draw by name, each kind kept in its own [`Library`].
//!
//! Icons are small ([`ICON`]): a few 8 x 8 ones are built in (`builtin.rs`),
//! more are uploaded and kept in the `icons` folder of the data directory. An
//! uploaded icon may take a built-in one's name, and hides it until deleted.
//! Pictures are bigger ([`PICTURE`]), for the `image` app, kept in the
//! `images` folder, and none are built in. Both are PNG, GIF or WebP files,
//! loaded from their folder at start. Decoding is bounded before it starts
//! (`decode.rs`), so no upload can exhaust memory; and a file is only
//! written once its bytes decoded, then renamed into place, so a failed or
//! interrupted upload leaves nothing behind.
//!
//! In cluster mode a library keeps its uploads in a store every instance shares
//! ([`shared`]) and its folder only mirrors that store, so every instance has the
//! same images, within one capacity for them all.

mod builtin;
mod decode;
mod library;
pub mod shared;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

use crate::gfx::Canvas;
pub use decode::{Bounds, DecodeError};
pub use library::Library;

/// Icons: at most 32 x 32, which caps their decoded size too (1 MiB at 256 frames).
pub const ICON: Bounds = Bounds {
    kind: "icon",
    max_side: 32,
    max_frames: 256,
    max_decoded: 32 * 32 * 4 * 256,
};

/// Pictures: at most 256 x 256, and 16 MiB decoded (64 frames of the largest size).
pub const PICTURE: Bounds = Bounds {
    kind: "picture",
    max_side: 256,
    max_frames: 256,
    max_decoded: 16 << 20,
};

/// How much one library may hold: how many uploads, and how many bytes they decode to
/// all together (four a pixel, every frame). Built-in icons do not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    pub uploads: usize,
    pub decoded_mib: usize,
}

impl Capacity {
    /// Refuses an upload of `name` that decodes to `decoded` bytes if a library holding
    /// `held` (each upload's name and decoded bytes) would pass this capacity with it, in
    /// place of the upload of that name if there is one.
    pub fn admit<'a>(
        &self,
        kind: &'static str,
        held: impl IntoIterator<Item = (&'a str, usize)>,
        name: &str,
        decoded: usize,
    ) -> Result<(), IconError> {
        let (mut others, mut total) = (0, decoded);
        for (held_name, held_decoded) in held {
            if held_name != name {
                others += 1;
                total += held_decoded;
            }
        }
        if others >= self.uploads {
            return Err(IconError::TooMany {
                kind,
                max: self.uploads,
            });
        }
        if total > self.decoded_mib << 20 {
            return Err(IconError::TooMuch {
                kind,
                max_mib: self.decoded_mib,
            });
        }
        Ok(())
    }
}

/// Icons are kept decoded: 16 MiB holds thousands of small ones, or sixteen of the largest.
pub const ICON_CAPACITY: Capacity = Capacity {
    uploads: 200,
    decoded_mib: 16,
};

/// Pictures are decoded only while shown, so this bounds what they could cost rather than
/// what they take: sixteen of the largest animations, or hundreds of stills.
pub const PICTURE_CAPACITY: Capacity = Capacity {
    uploads: 50,
    decoded_mib: 256,
};

/// A decoded image, an icon or a picture, with one or more frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Icon {
    width: u16,
    height: u16,
    frames: Vec<IconFrame>,
    timeline: Timeline,
}

/// One frame: `width * height` RGBA pixels, and how long it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct IconFrame {
    pub rgba: Vec<u8>,
    pub delay: Duration,
}

/// When each frame of an image shows: the frames' delays, looping. Kept apart from the
/// pixels, so what shows a picture fitted elsewhere can time it without them.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    delays: Vec<Duration>,
    /// The whole animation's length; zero for a still image.
    cycle: Duration,
}

impl Timeline {
    fn new(delays: Vec<Duration>) -> Self {
        let cycle = if delays.len() > 1 {
            delays.iter().sum()
        } else {
            Duration::ZERO
        };
        Self { delays, cycle }
    }

    pub fn frame_count(&self) -> usize {
        self.delays.len()
    }

    /// Which frame shows `elapsed` after the image appeared.
    pub fn frame_index_at(&self, elapsed: Duration) -> usize {
        self.position(elapsed).0
    }

    /// How long the frame showing `elapsed` after the image appeared has left
    /// to show; never zero, so waiting for it always moves time on.
    pub fn time_left(&self, elapsed: Duration) -> Duration {
        self.position(elapsed).1.max(Duration::from_millis(1))
    }

    /// The frame showing at `elapsed`, and how long until it ends.
    fn position(&self, elapsed: Duration) -> (usize, Duration) {
        if self.cycle.is_zero() {
            return (0, Duration::MAX);
        }
        let mut into_cycle = Duration::from_nanos((elapsed.as_nanos() % self.cycle.as_nanos()) as u64);
        for (at, delay) in self.delays.iter().enumerate() {
            if into_cycle < *delay {
                return (at, *delay - into_cycle);
            }
            into_cycle -= *delay;
        }
        (0, self.delays[0])
    }
}

impl Icon {
    pub fn new(width: u16, height: u16, frames: Vec<IconFrame>) -> Self {
        let timeline = Timeline::new(frames.iter().map(|frame| frame.delay).collect());
        Self {
            width,
            height,
            frames,
            timeline,
        }
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn height(&self) -> u16 {
        self.height
    }

    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }

    pub fn frame(&self, at: usize) -> &IconFrame {
        &self.frames[at]
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The frame showing `elapsed` after the icon appeared; animations loop.
    pub fn frame_at(&self, elapsed: Duration) -> &IconFrame {
        &self.frames[self.timeline.frame_index_at(elapsed)]
    }

    /// Paints the frame showing at `elapsed` with its top left at (`left`,
    /// `top`), blending each pixel over the canvas by its alpha.
    pub fn draw(&self, canvas: &mut Canvas, left: i32, top: i32, elapsed: Duration) {
        let frame = self.frame_at(elapsed);
        for (at, pixel) in frame.rgba.chunks_exact(4).enumerate() {
            let alpha = u16::from(pixel[3]);
            if alpha == 0 {
                continue;
            }
            let x = left + (at % usize::from(self.width)) as i32;
            let y = top + (at / usize::from(self.width)) as i32;
            let below = canvas.get(x, y).unwrap_or_default();
            let blend =
                |over: u8, under: u8| ((u16::from(over) * alpha + u16::from(under) * (255 - alpha)) / 255) as u8;
            canvas.set(
                x,
                y,
                [
                    blend(pixel[0], below[0]),
                    blend(pixel[1], below[1]),
                    blend(pixel[2], below[2]),
                ],
            );
        }
    }
}

/// The libraries commands may name images from.
#[derive(Clone)]
pub struct Libraries {
    pub icons: Arc<Library>,
    pub pictures: Arc<Library>,
}

/// What `GET /api/icons` (or `/api/images`) says of one icon (or picture).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IconInfo {
    pub name: String,
    pub width: u16,
    pub height: u16,
    pub frames: usize,
    /// Shipped with the server rather than uploaded.
    pub builtin: bool,
}

/// Why an icon or picture could not be stored or removed; the first field is its kind.
#[derive(Debug, thiserror::Error)]
pub enum IconError {
    #[error("invalid {0} name '{1}': use 1 to 32 letters, digits, '-' or '_'")]
    InvalidName(&'static str, String),
    #[error("unknown {0} '{1}'")]
    Unknown(&'static str, String),
    #[error("'{1}' is a built-in {0} and cannot be deleted")]
    BuiltIn(&'static str, String),
    #[error("at most {max} {kind}s may be stored (--max-{kind}s); delete one first")]
    TooMany { kind: &'static str, max: usize },
    #[error("the {kind}s would take more than {max_mib} MiB decoded (--max-{kind}-mib); delete some first")]
    TooMuch { kind: &'static str, max_mib: usize },
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("cannot read or write the stored file: {0}")]
    Io(#[from] io::Error),
    /// The store a cluster shares its uploads through did not answer; nothing was changed.
    #[error("the shared {0} library is unavailable: {1}")]
    Shared(&'static str, String),
}

/// Names are safe file names and fit in a URL path segment as they are.
pub fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

#[cfg(test)]
mod shared_tests;
#[cfg(test)]
mod tests;
