//! `render.Image`: a picture from PNG, JPEG, GIF, WebP or SVG data (a string
//! or `bytes`), scaled as Pixlet scales it and animated when the data is,
//! each of its frames held for `hold_frames` frames.

use std::sync::Arc;

use crate::render::picture::{self, Picture, PictureError, check_size};
use crate::render::{Canvas, Image, Rect, Widget, resize};
use crate::values::bytes::data_of;
use crate::values::spec::{Absent, Args, Built, Param, Spec};

#[derive(Debug)]
pub struct ImageWidget {
    /// At least one, all the same size.
    frames: Vec<Image>,
    hold_frames: usize,
    /// `delay` (ms the first frame of an animation shows) and the
    /// `hold_frames` in force, for apps to read back.
    read_back: [(&'static str, i64); 2],
}

pub static SPEC: Spec = Spec {
    name: "Image",
    params: &[
        Param::required("src"),
        Param::optional("width", Absent::Int(0)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("hold_frames", Absent::Int(1)),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let src = args.value("src");
    let data = src.and_then(data_of).ok_or_else(|| {
        anyhow::anyhow!(
            "Image: for parameter src: got {}, want string or bytes",
            src.map_or("NoneType", |v| v.get_type())
        )
    })?;
    let image = ImageWidget::new(
        data,
        args.int("width")?.unwrap_or(0),
        args.int("height")?.unwrap_or(0),
        args.int("hold_frames")?.unwrap_or(1),
    )?;
    Ok(Built::Widget(Arc::new(image)))
}

impl ImageWidget {
    /// Decodes `data` and scales it to `width` x `height`; with one of them
    /// 0 the other keeps the aspect ratio, with both 0 the size is kept.
    pub fn new(data: &[u8], width: i64, height: i64, hold_frames: i64) -> anyhow::Result<Self> {
        if width < 0 || height < 0 {
            anyhow::bail!("Image: width and height must not be negative, got {width} and {height}");
        }
        let decoded = picture::decode(data).map_err(|e| anyhow::anyhow!("Image: {e}"))?;
        let frames = scale(decoded.frames, width, height)
            .map_err(|e| anyhow::anyhow!("Image: scaling to width {width} and height {height}: {e}"))?;
        let hold_frames = hold_frames.max(1);
        Ok(Self {
            frames: frames.iter().map(Picture::to_image).collect(),
            hold_frames: usize::try_from(hold_frames).unwrap_or(usize::MAX),
            read_back: [("delay", decoded.delay_ms), ("hold_frames", hold_frames)],
        })
    }

    fn frame(&self, frame: usize) -> &Image {
        &self.frames[(frame / self.hold_frames) % self.frames.len()]
    }
}

/// Pixlet's scaling: a missing side follows the aspect ratio, cut to whole
/// pixels, and every frame is scaled with its "nearest neighbour".
fn scale(frames: Vec<Picture>, width: i64, height: i64) -> Result<Vec<Picture>, PictureError> {
    let first = &frames[0];
    let (w, h) = (first.width() as f64, first.height() as f64);
    if (width == 0 && height == 0) || w == 0.0 || h == 0.0 {
        return Ok(frames);
    }
    let width = if width == 0 {
        (height as f64 * (w / h)) as i64
    } else {
        width
    };
    let height = if height == 0 {
        (width as f64 * (h / w)) as i64
    } else {
        height
    };
    let limit = picture::MAX_SIDE as i64;
    if width > limit || height > limit {
        return Err(PictureError::TooLarge {
            width: width as u64,
            height: height as u64,
        });
    }
    let (width, height) = (width as u32, height as u32);
    let (width, height) = resize::target_size(first, width, height);
    check_size(width as u64, height as u64, frames.len() as u64)?;
    Ok(frames.iter().map(|f| resize::nearest(f, width, height)).collect())
}

impl Widget for ImageWidget {
    fn paint_bounds(&self, _bounds: Rect, frame: usize) -> Rect {
        self.frame(frame).bounds()
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, frame: usize) {
        canvas.draw_image(self.frame(frame), 0, 0);
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        self.frames.len().saturating_mul(self.hold_frames)
    }

    fn size(&self) -> Option<(i32, i32)> {
        Some((self.frames[0].width(), self.frames[0].height()))
    }

    fn read_back(&self) -> &[(&'static str, i64)] {
        &self.read_back
    }
}
