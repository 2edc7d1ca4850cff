//! Installed community apps and pushed pictures on the panel: the newest
//! picture each one's renders gave, kept by name ([`Renders`]), and the
//! [`RunningApp`] that plays one at its own frame delay ([`Player`]).
//!
//! Renders happen in worker processes, off the panel's thread, and land here
//! whole. The player only looks its picture up (a short read of a map) and
//! copies a frame, so the render thread never waits on a render: while an app
//! renders again, its last picture keeps playing. A picture is kept at the
//! size it was drawn at (64x32, or 128x64 for an app that supports 2x) and
//! fitted to the panel as it is drawn: magnified by whole pixels and centred,
//! or shrunk by whole steps on a panel too small for it.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use parking_lot::RwLock;
use tokio::sync::watch;

use super::RunningApp;
use super::schema::ConfigMap;
use crate::gfx::{Canvas, FrameContext};

/// How often a still picture, or an app with none yet, looks for a newer one.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

/// A picture to play: frames of `width` x `height` RGB pixels on black, each
/// shown for `delay`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    width: u32,
    height: u32,
    frames: Vec<Vec<[u8; 3]>>,
    delay: Duration,
}

impl Picture {
    /// A picture of `frames`, each `width * height` pixels row by row; `None`
    /// when there is no frame, or one of the wrong size.
    pub fn new(width: u32, height: u32, frames: Vec<Vec<[u8; 3]>>, delay: Duration) -> Option<Self> {
        let pixels = (width as usize).checked_mul(height as usize)?;
        let fits = !frames.is_empty() && pixels > 0 && frames.iter().all(|frame| frame.len() == pixels);
        fits.then(|| Self {
            width,
            height,
            frames,
            delay: delay.max(Duration::from_millis(1)),
        })
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }

    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// Which frame shows `elapsed` after the picture appeared, and for how
    /// much longer; animations loop.
    fn position(&self, elapsed: Duration) -> (usize, Duration) {
        let delay = self.delay.as_nanos();
        let step = elapsed.as_nanos() / delay;
        let index = (step % self.frames.len() as u128) as usize;
        let left = delay - elapsed.as_nanos() % delay;
        (index, Duration::from_nanos(left.min(u64::MAX as u128) as u64))
    }
}

/// The newest picture of every installation that has one to show, by name.
///
/// An installation whose app returned nothing, or that never rendered, is
/// absent; [`Renders::watch_showable`] tells the carousel which ones are
/// present, so that it skips the others.
#[derive(Debug)]
pub struct Renders {
    pictures: RwLock<HashMap<String, Arc<Picture>>>,
    showable: watch::Sender<BTreeSet<String>>,
}

impl Default for Renders {
    fn default() -> Self {
        Self {
            pictures: RwLock::default(),
            showable: watch::Sender::new(BTreeSet::new()),
        }
    }
}

impl Renders {
    pub fn get(&self, name: &str) -> Option<Arc<Picture>> {
        self.pictures.read().get(name).cloned()
    }

    /// Shows `picture` for `name` from now on; `None`: nothing to show.
    pub fn set(&self, name: &str, picture: Option<Arc<Picture>>) {
        let mut pictures = self.pictures.write();
        match picture {
            Some(picture) => pictures.insert(name.to_owned(), picture),
            None => pictures.remove(name),
        };
        self.publish(&pictures);
    }

    /// Forgets every picture whose name `keep` refuses.
    pub fn retain(&self, keep: impl Fn(&str) -> bool) {
        let mut pictures = self.pictures.write();
        pictures.retain(|name, _| keep(name));
        self.publish(&pictures);
    }

    /// The names that have a picture to show, now and whenever that changes.
    pub fn watch_showable(&self) -> watch::Receiver<BTreeSet<String>> {
        self.showable.subscribe()
    }

    fn publish(&self, pictures: &HashMap<String, Arc<Picture>>) {
        let names: BTreeSet<String> = pictures.keys().cloned().collect();
        self.showable.send_if_modified(|current| {
            let changed = *current != names;
            *current = names;
            changed
        });
    }
}

/// Plays an installation's newest picture, looking it up by name so that a
/// new render (or a new push) shows as soon as it lands, from its first frame.
pub struct Player {
    name: String,
    renders: Arc<Renders>,
    picture: Option<Arc<Picture>>,
    /// When the picture first showed: its animation's time zero.
    shown_since: Cell<Option<NaiveDateTime>>,
}

impl Player {
    pub fn start(name: &str, renders: Arc<Renders>) -> Box<dyn RunningApp> {
        let picture = renders.get(name);
        Box::new(Self {
            name: name.to_owned(),
            renders,
            picture,
            shown_since: Cell::new(None),
        })
    }

    fn elapsed(&self, now: NaiveDateTime) -> Duration {
        let since = self.shown_since.get().unwrap_or(now);
        (now - since).to_std().unwrap_or_default()
    }
}

impl RunningApp for Player {
    /// A new config reaches the panel through the render it causes.
    fn reconfigure(&mut self, _config: &ConfigMap) {}

    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        match &self.picture {
            Some(picture) if picture.frame_count() > 1 => picture.position(self.elapsed(ctx.now)).1,
            _ => LOOK_AGAIN,
        }
    }

    fn step(&mut self, _ctx: &mut FrameContext) {
        let newest = self.renders.get(&self.name);
        let same = match (&newest, &self.picture) {
            (Some(newest), Some(showing)) => Arc::ptr_eq(newest, showing),
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.picture = newest;
            self.shown_since.set(None);
        }
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let Some(picture) = &self.picture else {
            return;
        };
        if self.shown_since.get().is_none() {
            self.shown_since.set(Some(ctx.now));
        }
        let (index, _) = picture.position(self.elapsed(ctx.now));
        fit(canvas, picture, &picture.frames[index]);
    }
}

/// Draws `frame` of `picture` on the canvas, magnified by the largest whole
/// factor that fits (or shrunk by the smallest whole step that does) and centred.
fn fit(canvas: &mut Canvas, picture: &Picture, frame: &[[u8; 3]]) {
    let (panel_width, panel_height) = (canvas.width, canvas.height);
    let (width, height) = (picture.width, picture.height);
    let grow = (panel_width / width).min(panel_height / height);
    let (times, steps) = if grow >= 1 {
        (grow, 1)
    } else {
        (1, width.div_ceil(panel_width).max(height.div_ceil(panel_height)))
    };
    let (shown_width, shown_height) = (width * times / steps, height * times / steps);
    let (left, top) = ((panel_width - shown_width) / 2, (panel_height - shown_height) / 2);
    for y in 0..shown_height {
        let source_row = (y * steps / times * width) as usize;
        let row = ((top + y) * panel_width + left) as usize;
        for x in 0..shown_width {
            canvas.pixels[row + x as usize] = frame[source_row + (x * steps / times) as usize];
        }
    }
}

#[cfg(test)]
mod tests;
