//! `image`: a stored picture (see [`crate::icons::PICTURE`]) fitted to the
//! panel, animations played with their own frame delays.
//!
//! The picture is looked up by name in the picture library, so an upload
//! under the same name replaces what shows and a deleted one leaves a
//! placeholder (a dim outline) instead of a stale or missing picture. Frames
//! are fitted to the panel once, when the picture, the config or the panel
//! size changes, and kept until then.

mod fit;

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::RunningApp;
use super::schema::{ConfigMap, Field, Kind};
use crate::gfx::{Canvas, FrameContext};
use crate::icons::{Icon, Library};
use fit::Fit;

pub const NAME: &str = "image";

/// How often a still picture is looked up again, so that replacing or
/// deleting it shows without a command to the app.
const LOOK_AGAIN: Duration = Duration::from_secs(1);
/// The placeholder's outline colour.
const PLACEHOLDER: [u8; 3] = [48, 48, 48];

#[derive(Debug, Clone, Deserialize)]
pub struct ImageConfig {
    /// The picture's name; empty for none.
    pub image: String,
    pub fit: Fit,
    pub smooth: bool,
}

pub fn schema() -> Vec<Field> {
    vec![
        Field::new("image", Kind::Picture, "", "Stored picture to show"),
        Field::new(
            "fit",
            Kind::Choice { choices: Fit::NAMES },
            "contain",
            "contain: all of it, centred; cover: fill the panel, cropped; stretch: fill, proportions lost",
        ),
        Field::new(
            "smooth",
            Kind::Boolean,
            false,
            "Smooth when scaling (photos) instead of keeping hard pixel edges (pixel art)",
        ),
    ]
}

pub struct Image {
    config: ImageConfig,
    pictures: Option<Arc<Library>>,
    picture: Option<Arc<Icon>>,
    /// The frames fitted to the panel, and the panel size they were fitted to.
    fitted: RefCell<Option<Fitted>>,
    /// When the picture first showed: its animation's time zero.
    shown_since: Cell<Option<NaiveDateTime>>,
}

struct Fitted {
    size: (u32, u32),
    frames: Vec<Vec<[u8; 3]>>,
}

impl Image {
    /// Shows the picture `config` names from `pictures`; without a library
    /// every picture is missing.
    pub fn start(config: &ConfigMap, pictures: Option<&Arc<Library>>) -> Box<dyn RunningApp> {
        let mut image = Self {
            config: read(config),
            pictures: pictures.cloned(),
            picture: None,
            fitted: RefCell::new(None),
            shown_since: Cell::new(None),
        };
        image.picture = image.look_up();
        Box::new(image)
    }

    fn look_up(&self) -> Option<Arc<Icon>> {
        let pictures = self.pictures.as_ref()?;
        pictures.get(&self.config.image)
    }

    /// Starts over with `picture`: fitted afresh, animation from its first frame.
    fn show(&mut self, picture: Option<Arc<Icon>>) {
        self.picture = picture;
        self.fitted = RefCell::new(None);
        self.shown_since.set(None);
    }

    /// How long the picture has shown as of `now`.
    fn elapsed(&self, now: NaiveDateTime) -> Duration {
        let since = self.shown_since.get().unwrap_or(now);
        (now - since).to_std().unwrap_or_default()
    }
}

fn read(config: &ConfigMap) -> ImageConfig {
    serde_json::from_value(config.clone().into())
        .unwrap_or_else(|error| panic!("schema of '{NAME}' disagrees with its config type: {error}"))
}

impl RunningApp for Image {
    fn reconfigure(&mut self, config: &ConfigMap) {
        let config = read(config);
        let same_picture = config.image == self.config.image;
        self.config = config;
        if same_picture {
            self.fitted = RefCell::new(None);
        } else {
            let picture = self.look_up();
            self.show(picture);
        }
    }

    /// Until the current frame ends while animating, else [`LOOK_AGAIN`].
    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        match &self.picture {
            Some(picture) if picture.frame_count() > 1 => picture.time_left(self.elapsed(ctx.now)),
            _ => LOOK_AGAIN,
        }
    }

    fn step(&mut self, _ctx: &mut FrameContext) {
        let picture = self.look_up();
        let same = match (&picture, &self.picture) {
            (Some(now), Some(before)) => Arc::ptr_eq(now, before),
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.show(picture);
        }
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let Some(picture) = &self.picture else {
            return placeholder(canvas);
        };
        if self.shown_since.get().is_none() {
            self.shown_since.set(Some(ctx.now));
        }
        let size = (canvas.width, canvas.height);
        let mut fitted = self.fitted.borrow_mut();
        let fitted = match &mut *fitted {
            Some(fitted) if fitted.size == size => fitted,
            stale => stale.insert(Fitted {
                size,
                frames: (0..picture.frame_count())
                    .map(|at| {
                        let source = (u32::from(picture.width()), u32::from(picture.height()));
                        fit::fit(
                            &picture.frame(at).rgba,
                            source,
                            size,
                            self.config.fit,
                            self.config.smooth,
                        )
                    })
                    .collect(),
            }),
        };
        let showing = picture.frame_index_at(self.elapsed(ctx.now));
        canvas.pixels.copy_from_slice(&fitted.frames[showing]);
    }
}

/// A dim outline: the app runs, but has nothing to show.
fn placeholder(canvas: &mut Canvas) {
    let (right, bottom) = (canvas.width as i32 - 1, canvas.height as i32 - 1);
    for x in 0..=right {
        canvas.set(x, 0, PLACEHOLDER);
        canvas.set(x, bottom, PLACEHOLDER);
    }
    for y in 0..=bottom {
        canvas.set(0, y, PLACEHOLDER);
        canvas.set(right, y, PLACEHOLDER);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use image::codecs::gif::GifEncoder;
    use image::{Delay, Rgba, RgbaImage};
    use serde_json::json;

    use super::*;
    use crate::gfx::testing::context;

    const RED: [u8; 3] = [255, 0, 0];
    const BLUE: [u8; 3] = [0, 0, 255];

    /// Red for 300 ms, then blue for 500 ms.
    fn blink() -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut encoder = GifEncoder::new(Cursor::new(&mut bytes));
            let frame = |color, ms| {
                let delay = Delay::from_numer_denom_ms(ms, 1);
                ::image::Frame::from_parts(RgbaImage::from_pixel(2, 2, Rgba(color)), 0, 0, delay)
            };
            encoder
                .encode_frames([frame([255, 0, 0, 255], 300), frame([0, 0, 255, 255], 500)])
                .unwrap();
        }
        bytes
    }

    fn config(picture: &str) -> ConfigMap {
        let config = json!({"image": picture, "fit": "stretch", "smooth": false});
        config.as_object().unwrap().clone()
    }

    fn shown(app: &dyn RunningApp, ctx: &FrameContext) -> [u8; 3] {
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, ctx);
        assert!(canvas.pixels.iter().all(|&pixel| pixel == canvas.pixels[0]));
        canvas.pixels[0]
    }

    #[test]
    fn frames_change_at_their_delays_on_the_frame_clock() {
        let dir = tempfile::tempdir().unwrap();
        let pictures = Arc::new(Library::pictures(dir.path()).unwrap());
        pictures.store("blink", &blink()).unwrap();
        let mut app = Image::start(&config("blink"), Some(&pictures));
        let mut ctx = context();
        let start = ctx.now;
        assert_eq!(shown(&*app, &ctx), RED);
        assert_eq!(app.frame_interval(&ctx), Duration::from_millis(300));

        let at = |ms| start + chrono::Duration::milliseconds(ms);
        ctx.now = at(299);
        app.step(&mut ctx);
        assert_eq!(shown(&*app, &ctx), RED);
        assert_eq!(app.frame_interval(&ctx), Duration::from_millis(1));
        ctx.now = at(300);
        app.step(&mut ctx);
        assert_eq!(shown(&*app, &ctx), BLUE);
        assert_eq!(app.frame_interval(&ctx), Duration::from_millis(500));
        ctx.now = at(800);
        assert_eq!(shown(&*app, &ctx), RED, "the animation loops");
    }

    #[test]
    fn a_missing_picture_shows_the_placeholder_until_it_is_uploaded() {
        let dir = tempfile::tempdir().unwrap();
        let pictures = Arc::new(Library::pictures(dir.path()).unwrap());
        let mut app = Image::start(&config("later"), Some(&pictures));
        let mut ctx = context();
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, &ctx);
        assert_eq!(
            (canvas.get(0, 0), canvas.get(63, 31)),
            (Some(PLACEHOLDER), Some(PLACEHOLDER))
        );
        assert_eq!(canvas.get(1, 1), Some([0; 3]));
        assert_eq!(app.frame_interval(&ctx), LOOK_AGAIN);

        pictures.store("later", &blink()).unwrap();
        app.step(&mut ctx);
        assert_eq!(shown(&*app, &ctx), RED);
        pictures.remove("later").unwrap();
        app.step(&mut ctx);
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, &ctx);
        assert_eq!(canvas.get(0, 0), Some(PLACEHOLDER));
    }
}
