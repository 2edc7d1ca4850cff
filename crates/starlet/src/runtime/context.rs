//! What a render knows of the world it runs in: the canvas, the clock, the
//! time zone, the seed of `random`, the app's cache, the network. Native functions reach
//! it through the evaluator's `extra`, so nothing global leaks between apps.

use std::cell::Cell;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use starlark::any::ProvidesStaticType;
use starlark::eval::Evaluator;

use super::cache::Cache;
use crate::gotext::catalog::Catalog;
use crate::modules::random::Pcg;
use crate::net::Fetcher;

/// The panel an app draws for: a base size, doubled for a 2x app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CanvasMeta {
    pub width: i32,
    pub height: i32,
    /// Drawn at twice the base size (128x64 for 64x32), for an app that
    /// declares `supports2x`.
    pub is2x: bool,
}

impl CanvasMeta {
    /// The width frames are painted at.
    pub fn scaled_width(&self) -> i32 {
        if self.is2x { self.width * 2 } else { self.width }
    }

    /// The height frames are painted at.
    pub fn scaled_height(&self) -> i32 {
        if self.is2x { self.height * 2 } else { self.height }
    }
}

impl Default for CanvasMeta {
    fn default() -> Self {
        Self {
            width: 64,
            height: 32,
            is2x: false,
        }
    }
}

/// Everything a render's native functions may read.
#[derive(Debug, ProvidesStaticType)]
pub struct RenderContext {
    pub canvas: CanvasMeta,
    /// The instant `time.now()` gives for this whole render.
    pub now: DateTime<Utc>,
    /// The board's time zone: `time.now()` is in it.
    pub timezone: Tz,
    /// What `random` draws from; Pixlet changes it every 15 seconds.
    pub seed: u64,
    /// The app's `cache` module storage, kept between renders.
    pub cache: Arc<Cache>,
    /// A BCP 47 tag, `en` unless the board says otherwise.
    pub locale: String,
    /// `random`'s generator in this render: seeded from `seed` on first
    /// use, restarted by `random.seed()`.
    pub random: Cell<Option<Pcg>>,
    /// The app's translations, for `i18n.star`.
    pub catalog: Arc<Catalog>,
    /// The way to the network `http.star` takes, within this render's bounds.
    pub fetcher: Fetcher,
}

impl RenderContext {
    /// The context of the evaluation a native function runs in.
    pub fn of<'a>(eval: &Evaluator<'_, 'a, '_>) -> anyhow::Result<&'a RenderContext> {
        eval.extra
            .and_then(|extra| extra.downcast_ref::<RenderContext>())
            .ok_or_else(|| anyhow::anyhow!("this function can only run inside an app"))
    }
}
