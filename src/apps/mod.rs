//! The display apps and their registry.
//!
//! An app is a plain struct with a typed config and a way to draw one frame.
//! Adding an app means writing one module and adding one line to
//! [`Registry::builtin`]; the manager, the API and the UI pick it up from there.
//! Custom apps, pushed over the API, are not registered: [`custom`] runs their content.
//! Installed community apps are not registered either: [`starlark`] plays their renders.
//! The [`image`] app needs the picture library, so it is registered by hand.

mod clock;
pub mod custom;
pub mod image;
pub mod schema;
mod scroll_text;
pub mod starlark;
mod stars;

use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::gfx::{Canvas, FrameContext};
use crate::icons::Library;
use schema::{ConfigMap, Field, Schema};

/// A display app.
pub trait App: Send + 'static {
    /// The name used by the API, the events and the state file.
    const NAME: &'static str;
    /// The typed config, read from a config that already passed the schema.
    type Config: DeserializeOwned;

    fn schema() -> Vec<Field>;
    fn new(config: Self::Config) -> Self;
    /// Takes a new config; the next frame is drawn with it.
    fn reconfigure(&mut self, config: Self::Config);
    /// How long after this frame the next one is due.
    fn frame_interval(&self, ctx: &FrameContext) -> Duration;
    /// Advances the animation by one frame; a picture that only depends on
    /// the time needs nothing here.
    ///
    /// Kept apart from [`App::draw`] so a config or brightness change can be
    /// shown at once without moving the animation on.
    fn step(&mut self, _ctx: &mut FrameContext) {}
    /// Paints the current state on a black canvas.
    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext);
}

/// A running app with its config type erased, as the render loop holds it.
pub trait RunningApp: Send {
    fn reconfigure(&mut self, config: &ConfigMap);
    fn frame_interval(&self, ctx: &FrameContext) -> Duration;
    fn step(&mut self, ctx: &mut FrameContext);
    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext);
}

impl<A: App> RunningApp for A {
    fn reconfigure(&mut self, config: &ConfigMap) {
        App::reconfigure(self, typed_config::<A>(config));
    }

    fn frame_interval(&self, ctx: &FrameContext) -> Duration {
        App::frame_interval(self, ctx)
    }

    fn step(&mut self, ctx: &mut FrameContext) {
        App::step(self, ctx)
    }

    fn draw(&self, canvas: &mut Canvas, ctx: &FrameContext) {
        App::draw(self, canvas, ctx)
    }
}

/// Reads an effective config into the app's typed config.
///
/// Effective configs are built from the schema's defaults and validated
/// values, so a mismatch here is a bug in the app's schema, not user input.
fn typed_config<A: App>(config: &ConfigMap) -> A::Config {
    serde_json::from_value(config.clone().into())
        .unwrap_or_else(|error| panic!("schema of '{}' disagrees with its config type: {error}", A::NAME))
}

/// What the registry knows of one app.
pub struct AppEntry {
    pub schema: Schema,
    start: fn(&ConfigMap, Option<&Arc<Library>>) -> Box<dyn RunningApp>,
}

impl AppEntry {
    fn of<A: App>() -> Self {
        Self {
            schema: Schema {
                app: A::NAME,
                fields: A::schema(),
            },
            start: |config, _| Box::new(A::new(typed_config::<A>(config))),
        }
    }

    fn image() -> Self {
        Self {
            schema: Schema {
                app: image::NAME,
                fields: image::schema(),
            },
            start: image::Image::start,
        }
    }

    pub fn name(&self) -> &'static str {
        self.schema.app
    }

    /// Starts the app with an effective config (see [`Schema::effective`]);
    /// apps that show stored pictures find them in `pictures`.
    pub fn start(&self, config: &ConfigMap, pictures: Option<&Arc<Library>>) -> Box<dyn RunningApp> {
        (self.start)(config, pictures)
    }
}

/// The apps this server can run, in the order the API lists them, and
/// where installed community apps' renders are played from.
pub struct Registry {
    entries: Vec<AppEntry>,
    renders: Option<Arc<starlark::Renders>>,
}

impl Registry {
    pub fn builtin() -> Self {
        Self {
            entries: vec![
                AppEntry::of::<clock::Clock>(),
                AppEntry::of::<scroll_text::ScrollText>(),
                AppEntry::of::<stars::Stars>(),
                AppEntry::image(),
            ],
            renders: None,
        }
    }

    /// The same apps, with installed community apps played from `renders`.
    pub fn with_renders(self, renders: Arc<starlark::Renders>) -> Self {
        Self {
            renders: Some(renders),
            ..self
        }
    }

    /// Where installed community apps' pictures are, when they can run here.
    pub fn renders(&self) -> Option<&Arc<starlark::Renders>> {
        self.renders.as_ref()
    }

    /// These apps and `A` after them, for a server embedding apps of its own.
    pub fn with<A: App>(mut self) -> Self {
        self.entries.push(AppEntry::of::<A>());
        self
    }

    pub fn get(&self, name: &str) -> Option<&AppEntry> {
        self.entries.iter().find(|entry| entry.name() == name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.entries.iter().map(AppEntry::name).collect()
    }
}
