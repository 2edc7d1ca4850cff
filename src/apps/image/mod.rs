//! `image`: a stored picture (see [`crate::icons::PICTURE`]) fitted to the
//! panel, animations played with their own frame delays.
//!
//! The picture is looked up by name in the picture library on every step (a
//! cheap look at its revision), so an upload under the same name replaces what
//! shows and a deleted one leaves a placeholder (a dim outline) instead of a
//! stale or missing picture. Fitting it, which reads and decodes the file and
//! scales every frame to the panel, takes tens of milliseconds for a big
//! animation: far too long for the real-time render thread. It happens on a
//! thread of its own at the server's priority, once per picture, config and
//! panel size; meanwhile the app keeps showing what it showed, and switches
//! to the new frames at the first step after they are ready.

mod fit;

use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::{self, TryRecvError};
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::RunningApp;
use super::schema::{ConfigMap, Field, Kind};
use crate::gfx::{Canvas, FrameContext};
use crate::icons::{Library, Timeline};
use crate::priority;
use fit::Fit;

pub const NAME: &str = "image";

/// How often a still picture is looked up again, so that replacing or
/// deleting it shows without a command to the app.
const LOOK_AGAIN: Duration = Duration::from_secs(1);
/// How often a fit under way is looked for.
const WHILE_FITTING: Duration = Duration::from_millis(20);
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

/// What a set of fitted frames is for: a picture's upload, fitted one way to one panel size.
#[derive(Debug, Clone, PartialEq)]
struct Wanted {
    name: String,
    revision: u64,
    fit: Fit,
    smooth: bool,
    size: (u32, u32),
}

impl Wanted {
    fn same_picture(&self, other: &Wanted) -> bool {
        (&self.name, self.revision) == (&other.name, other.revision)
    }
}

/// A picture's frames fitted to the panel, and when each shows.
struct Fitted {
    wanted: Wanted,
    frames: Vec<Vec<[u8; 3]>>,
    timeline: Timeline,
}

/// A fit under way on its own thread; `None` arrives if the picture could not be read.
struct Fitting {
    wanted: Wanted,
    result: mpsc::Receiver<Option<Fitted>>,
}

pub struct Image {
    config: ImageConfig,
    pictures: Option<Arc<Library>>,
    /// The frames on show.
    shown: Option<Fitted>,
    /// The fit under way, if any.
    fitting: Option<Fitting>,
    /// A fit that failed, not to be tried again until something changes.
    failed: Option<Wanted>,
    /// Whether the picture named is not there (the placeholder shows).
    missing: bool,
    /// When the picture first showed: its animation's time zero.
    shown_since: Cell<Option<NaiveDateTime>>,
}

impl Image {
    /// Shows the picture `config` names from `pictures`; without a library
    /// every picture is missing.
    pub fn start(config: &ConfigMap, pictures: Option<&Arc<Library>>) -> Box<dyn RunningApp> {
        let mut image = Self {
            config: read(config),
            pictures: pictures.cloned(),
            shown: None,
            fitting: None,
            failed: None,
            missing: false,
            shown_since: Cell::new(None),
        };
        image.missing = image.revision().is_none();
        Box::new(image)
    }

    /// The revision of the picture the config names, if there is one.
    fn revision(&self) -> Option<u64> {
        self.pictures.as_ref()?.revision(&self.config.image)
    }

    /// Takes the frames of a finished fit, if one finished.
    fn collect(&mut self) {
        let Some(fitting) = &self.fitting else { return };
        let outcome = match fitting.result.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(fitted) => fitted,
            Err(TryRecvError::Disconnected) => None,
        };
        let fitting = self.fitting.take().expect("a fit under way");
        match outcome {
            Some(fitted) => {
                let same = self
                    .shown
                    .as_ref()
                    .is_some_and(|shown| shown.wanted.same_picture(&fitted.wanted));
                if !same {
                    self.shown_since.set(None);
                }
                self.shown = Some(fitted);
            }
            None => self.failed = Some(fitting.wanted),
        }
    }

    /// Starts fitting `wanted` on a thread of its own.
    fn fit_elsewhere(&mut self, pictures: Arc<Library>, wanted: Wanted) {
        let (send, result) = mpsc::channel();
        let job = wanted.clone();
        let spawned = priority::spawn_as_the_server("picture-fit", move || {
            let fitted = pictures.get(&job.name).map(|picture| {
                let source = (u32::from(picture.width()), u32::from(picture.height()));
                let frames = (0..picture.frame_count())
                    .map(|at| fit::fit(&picture.frame(at).rgba, source, job.size, job.fit, job.smooth))
                    .collect();
                Fitted {
                    timeline: picture.timeline().clone(),
                    frames,
                    wanted: job,
                }
            });
            let _ = send.send(fitted);
        });
        if let Err(error) = spawned {
            tracing::error!(%error, "cannot start fitting a picture");
        }
        // Were it not started, its sender is gone and the next step counts it as failed.
        self.fitting = Some(Fitting { wanted, result });
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
        self.config = read(config);
    }

    /// While a fit is under way, soon; else until the current frame ends while
    /// animating, else [`LOOK_AGAIN`].
    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        if self.fitting.is_some() {
            return WHILE_FITTING;
        }
        match &self.shown {
            Some(shown) if shown.timeline.frame_count() > 1 => shown.timeline.time_left(self.elapsed(ctx.now)),
            _ => LOOK_AGAIN,
        }
    }

    fn step(&mut self, ctx: &mut FrameContext) {
        self.collect();
        let (Some(pictures), Some(revision)) = (self.pictures.clone(), self.revision()) else {
            self.missing = true;
            self.shown = None;
            self.fitting = None;
            return;
        };
        self.missing = false;
        let wanted = Wanted {
            name: self.config.image.clone(),
            revision,
            fit: self.config.fit,
            smooth: self.config.smooth,
            size: (ctx.width, ctx.height),
        };
        let settled = [
            self.shown.as_ref().map(|shown| &shown.wanted),
            self.fitting.as_ref().map(|fitting| &fitting.wanted),
            self.failed.as_ref(),
        ];
        if !settled.contains(&Some(&wanted)) {
            self.fit_elsewhere(pictures, wanted);
        }
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let Some(shown) = &self.shown else {
            if self.missing || self.failed.is_some() {
                placeholder(canvas);
            }
            return;
        };
        if shown.wanted.size != (canvas.width, canvas.height) {
            return;
        }
        if self.shown_since.get().is_none() {
            self.shown_since.set(Some(ctx.now));
        }
        let showing = shown.timeline.frame_index_at(self.elapsed(ctx.now));
        canvas.pixels.copy_from_slice(&shown.frames[showing]);
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
mod tests;
