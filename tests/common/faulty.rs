//! An app that panics on purpose, for the tests of what a panicking render loop does.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use retroboard::apps::schema::Field;
use retroboard::apps::{App, Registry};
use retroboard::gfx::{Canvas, FrameContext};

/// How many more times [`Faulty`] panics, by panel width: each test gives its servers
/// widths of their own, since tests share this process.
static PANICS_LEFT: LazyLock<Mutex<BTreeMap<u32, u32>>> = LazyLock::new(Mutex::default);

/// Makes the faulty app panic `times` more times on panels `width` pixels wide.
pub fn panic_at_width(width: u32, times: u32) {
    PANICS_LEFT.lock().unwrap().insert(width, times);
}

/// The built-in apps and `faulty`.
pub fn registry() -> Registry {
    Registry::builtin().with::<Faulty>()
}

/// Paints the panel red, but panics instead while its panel width has panics left.
pub struct Faulty;

impl App for Faulty {
    const NAME: &'static str = "faulty";
    type Config = serde::de::IgnoredAny;

    fn schema() -> Vec<Field> {
        Vec::new()
    }

    fn new(_: Self::Config) -> Self {
        Self
    }

    fn reconfigure(&mut self, _: Self::Config) {}

    fn frame_interval(&self, _: &FrameContext) -> Duration {
        Duration::from_millis(100)
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        let mut panics_left = PANICS_LEFT.lock().unwrap();
        if let Some(left) = panics_left.get_mut(&ctx.width).filter(|left| **left > 0) {
            *left -= 1;
            drop(panics_left);
            panic!("the faulty app panics on purpose at width {}", ctx.width);
        }
        canvas.pixels.fill([255, 0, 0]);
    }
}
