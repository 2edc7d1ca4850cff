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

mod builtin;
mod decode;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use image::ImageFormat;
use parking_lot::RwLock;
use serde::Serialize;
use utoipa::ToSchema;

use crate::gfx::Canvas;
pub use decode::{Bounds, DecodeError};

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

/// A decoded image, an icon or a picture, with one or more frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Icon {
    width: u16,
    height: u16,
    frames: Vec<IconFrame>,
    /// The whole animation's length; zero for a still icon.
    cycle: Duration,
}

/// One frame: `width * height` RGBA pixels, and how long it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct IconFrame {
    pub rgba: Vec<u8>,
    pub delay: Duration,
}

impl Icon {
    pub fn new(width: u16, height: u16, frames: Vec<IconFrame>) -> Self {
        let cycle = if frames.len() > 1 {
            frames.iter().map(|frame| frame.delay).sum()
        } else {
            Duration::ZERO
        };
        Self {
            width,
            height,
            frames,
            cycle,
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

    /// The frame showing `elapsed` after the icon appeared; animations loop.
    pub fn frame_at(&self, elapsed: Duration) -> &IconFrame {
        &self.frames[self.frame_index_at(elapsed)]
    }

    /// Which frame shows `elapsed` after the icon appeared.
    pub fn frame_index_at(&self, elapsed: Duration) -> usize {
        self.position(elapsed).0
    }

    /// How long the frame showing `elapsed` after the icon appeared has left
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
        for (at, frame) in self.frames.iter().enumerate() {
            if into_cycle < frame.delay {
                return (at, frame.delay - into_cycle);
            }
            into_cycle -= frame.delay;
        }
        (0, self.frames[0].delay)
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
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("cannot write the file: {0}")]
    Io(#[from] io::Error),
}

/// Names are safe file names and fit in a URL path segment as they are.
pub fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// An uploaded icon: its picture and the file it came from.
struct Uploaded {
    icon: Arc<Icon>,
    file: PathBuf,
    format: ImageFormat,
}

/// Every image of one kind there is: the built-in ones and those uploaded to `dir`.
pub struct Library {
    dir: PathBuf,
    bounds: Bounds,
    builtin: BTreeMap<&'static str, Arc<Icon>>,
    uploaded: RwLock<BTreeMap<String, Uploaded>>,
}

impl Library {
    /// The icons: the built-in ones and those uploaded to `dir`.
    pub fn icons(dir: &Path) -> io::Result<Self> {
        Self::open(dir, ICON, builtin::icons())
    }

    /// The pictures uploaded to `dir`.
    pub fn pictures(dir: &Path) -> io::Result<Self> {
        Self::open(dir, PICTURE, BTreeMap::new())
    }

    /// Loads the images in `dir`, which is only created by the first upload;
    /// a file that does not decode is logged and left alone.
    fn open(dir: &Path, bounds: Bounds, builtin: BTreeMap<&'static str, Arc<Icon>>) -> io::Result<Self> {
        let mut uploaded = BTreeMap::new();
        let entries = match std::fs::read_dir(dir) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
            listing => listing?.collect::<io::Result<Vec<_>>>()?,
        };
        for entry in entries {
            let file = entry.path();
            let Some(name) = file
                .file_stem()
                .and_then(|stem| stem.to_str())
                .filter(|name| valid_name(name))
            else {
                continue;
            };
            if file.extension().is_none_or(|extension| extension == "tmp") {
                let _ = std::fs::remove_file(&file);
                continue;
            }
            match std::fs::read(&file)
                .map_err(|error| error.to_string())
                .and_then(|bytes| decode::decode(&bytes, bounds).map_err(|error| error.to_string()))
            {
                Ok((icon, format)) => {
                    let icon = Arc::new(icon);
                    uploaded.insert(name.to_owned(), Uploaded { icon, file, format });
                }
                Err(reason) => tracing::warn!(file = %file.display(), %reason, kind = bounds.kind, "file skipped"),
            }
        }
        Ok(Self {
            dir: dir.to_owned(),
            bounds,
            builtin,
            uploaded: RwLock::new(uploaded),
        })
    }

    pub fn get(&self, name: &str) -> Option<Arc<Icon>> {
        let uploaded = self
            .uploaded
            .read()
            .get(name)
            .map(|uploaded| Arc::clone(&uploaded.icon));
        uploaded.or_else(|| self.builtin.get(name).cloned())
    }

    pub fn list(&self) -> Vec<IconInfo> {
        let uploaded = self.uploaded.read();
        let mut names: Vec<&str> = self
            .builtin
            .keys()
            .copied()
            .chain(uploaded.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let (icon, builtin) = match uploaded.get(name) {
                    Some(uploaded) => (&uploaded.icon, false),
                    None => (&self.builtin[name], true),
                };
                IconInfo {
                    name: name.to_owned(),
                    width: icon.width,
                    height: icon.height,
                    frames: icon.frame_count(),
                    builtin,
                }
            })
            .collect()
    }

    /// What the library holds: "icon" or "picture".
    pub fn kind(&self) -> &'static str {
        self.bounds.kind
    }

    /// Decodes and stores `bytes` as `name`, replacing an upload of that name.
    pub fn store(&self, name: &str, bytes: &[u8]) -> Result<IconInfo, IconError> {
        if !valid_name(name) {
            return Err(IconError::InvalidName(self.bounds.kind, name.to_owned()));
        }
        let (icon, format) = decode::decode(bytes, self.bounds)?;
        let extension = format.extensions_str()[0];
        let file = self.dir.join(format!("{name}.{extension}"));
        let temporary = self.dir.join(format!("{name}.tmp"));
        std::fs::create_dir_all(&self.dir)?;
        std::fs::write(&temporary, bytes)?;
        if let Err(error) = std::fs::rename(&temporary, &file) {
            let _ = std::fs::remove_file(&temporary);
            return Err(error.into());
        }
        let info = IconInfo {
            name: name.to_owned(),
            width: icon.width,
            height: icon.height,
            frames: icon.frame_count(),
            builtin: false,
        };
        let icon = Arc::new(icon);
        let replaced = self.uploaded.write().insert(
            name.to_owned(),
            Uploaded {
                icon,
                file: file.clone(),
                format,
            },
        );
        if let Some(replaced) = replaced.filter(|replaced| replaced.file != file) {
            let _ = std::fs::remove_file(replaced.file);
        }
        Ok(info)
    }

    /// Deletes the upload `name`; a built-in icon of that name shows again.
    pub fn remove(&self, name: &str) -> Result<(), IconError> {
        let mut uploaded = self.uploaded.write();
        let Some(removed) = uploaded.remove(name) else {
            return Err(if self.builtin.contains_key(name) {
                IconError::BuiltIn(self.bounds.kind, name.to_owned())
            } else {
                IconError::Unknown(self.bounds.kind, name.to_owned())
            });
        };
        if let Err(error) = std::fs::remove_file(&removed.file) {
            uploaded.insert(name.to_owned(), removed);
            return Err(error.into());
        }
        Ok(())
    }

    /// The image as a file to show in a browser: the uploaded bytes as they
    /// came, or a built-in icon as a PNG.
    pub fn file(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        if let Some(uploaded) = self.uploaded.read().get(name) {
            let bytes = std::fs::read(&uploaded.file).ok()?;
            return Some((bytes, uploaded.format.to_mime_type()));
        }
        let icon = self.builtin.get(name)?;
        let mut png = Vec::new();
        let frame = &icon.frames[0];
        image::RgbaImage::from_raw(u32::from(icon.width), u32::from(icon.height), frame.rgba.clone())?
            .write_to(&mut io::Cursor::new(&mut png), ImageFormat::Png)
            .ok()?;
        Some((png, "image/png"))
    }
}

#[cfg(test)]
mod tests;
