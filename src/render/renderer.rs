//! The compositor: turns a [`Scene`] and the time into frames.
//!
//! It draws the running app, then each [`Layer`] over it, then applies the
//! brightness. Kept free of timers and channels so tests can drive it frame by
//! frame.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::time::Instant;

use super::transition::{self, Kind};
use super::{Layer, Scene, Transition};
use crate::apps::custom::CustomRunning;
use crate::apps::schema::ConfigMap;
use crate::apps::starlark::Player;
use crate::apps::{Registry, RunningApp};
use crate::content::Content;
use crate::gfx::{Canvas, Frame, FrameContext};
use crate::icons::Library;

pub struct Renderer {
    registry: Arc<Registry>,
    layers: Vec<Box<dyn Layer>>,
    canvas: Canvas,
    ctx: FrameContext,
    running: Option<Running>,
    brightness: u8,
    transition: Transition,
    /// The app on its way out, while a transition runs.
    leaving: Option<Leaving>,
    /// Where the leaving app draws.
    spare: Canvas,
    /// Where a custom app's icon is looked up; none without [`Renderer::with_icons`].
    icons: Option<Arc<Library>>,
    /// Where the `image` app finds its picture; none without [`Renderer::with_pictures`].
    pictures: Option<Arc<Library>>,
}

struct Leaving {
    running: Running,
    kind: Kind,
    started: Instant,
    length: Duration,
}

impl Leaving {
    /// How far along the transition is at `instant`, 0 to 1.
    fn progress(&self, instant: Instant) -> f64 {
        (instant - self.started).as_secs_f64() / self.length.as_secs_f64()
    }
}

struct Running {
    name: String,
    config: ConfigMap,
    /// A custom app's content; `None` for a registered app.
    custom: Option<Content>,
    /// Whether it is an installation, played from its renders.
    installed: bool,
    app: Box<dyn RunningApp>,
}

impl Renderer {
    /// A stopped renderer for a `width`x`height` panel that draws `layers`
    /// over the running app; `seed` fixes the randomness.
    pub fn new(registry: Arc<Registry>, layers: Vec<Box<dyn Layer>>, width: u16, height: u16, seed: u64) -> Self {
        Self {
            registry,
            layers,
            canvas: Canvas::new(width, height),
            ctx: FrameContext::new(NaiveDateTime::default(), seed, u32::from(width), u32::from(height)),
            running: None,
            brightness: 100,
            transition: Transition::default(),
            leaving: None,
            spare: Canvas::new(width, height),
            icons: None,
            pictures: None,
        }
    }

    /// Looks the icons of custom apps up in `icons`.
    pub fn with_icons(self, icons: Arc<Library>) -> Self {
        Self {
            icons: Some(icons),
            ..self
        }
    }

    /// Looks the pictures of the `image` app up in `pictures`.
    pub fn with_pictures(self, pictures: Arc<Library>) -> Self {
        Self {
            pictures: Some(pictures),
            ..self
        }
    }

    /// Takes a new scene. A different app, or new content for a custom app,
    /// starts afresh; new config for the running app is handed to it, so it
    /// keeps its animation state.
    ///
    /// Returns whether an app was started, i.e. its frame schedule begins now.
    pub fn apply(&mut self, scene: &Scene) -> bool {
        self.brightness = scene.brightness;
        self.transition = scene.transition;
        for layer in &mut self.layers {
            layer.apply(scene);
        }
        match (&scene.app, &mut self.running) {
            (Some(name), Some(running))
                if running.name == *name && running.custom == scene.custom && running.installed == scene.installed =>
            {
                if running.config != scene.config {
                    running.app.reconfigure(&scene.config);
                    running.config.clone_from(&scene.config);
                }
                false
            }
            (Some(name), _) => {
                let before = self.running.take();
                self.leaving = before
                    .filter(|_| self.transition.kind != Kind::None)
                    .map(|running| Leaving {
                        running,
                        kind: self.transition.kind,
                        started: Instant::now(),
                        length: self.transition.length(),
                    });
                let app = match &scene.custom {
                    Some(content) => {
                        let icon = content.icon.as_ref().zip(self.icons.as_ref());
                        let icon = icon.and_then(|(name, icons)| icons.get(name));
                        Some(CustomRunning::start(content.clone(), icon))
                    }
                    None if scene.installed => self
                        .registry
                        .renders()
                        .map(|renders| Player::start(name, renders.clone())),
                    None => self
                        .registry
                        .get(name)
                        .map(|entry| entry.start(&scene.config, self.pictures.as_ref())),
                };
                if app.is_none() {
                    tracing::error!(app = %name, "scene names an app that is not registered; showing a blank panel");
                }
                self.running = app.map(|app| Running {
                    name: name.clone(),
                    config: scene.config.clone(),
                    custom: scene.custom.clone(),
                    installed: scene.installed,
                    app,
                });
                self.running.is_some()
            }
            (None, _) => {
                self.running = None;
                self.leaving = None;
                false
            }
        }
    }

    /// Advances the running app and the layers by one frame.
    pub fn step(&mut self, now: NaiveDateTime) {
        self.ctx.now = now;
        if let Some(running) = self.running.as_mut().filter(|_| !covered(&self.layers)) {
            running.app.step(&mut self.ctx);
        }
        if let Some(leaving) = &mut self.leaving {
            leaving.running.app.step(&mut self.ctx);
        }
        for layer in &mut self.layers {
            layer.step(&mut self.ctx);
        }
    }

    /// The picture as of `now`: the app (giving way to it, the one before, while
    /// a transition runs), the layers over it, brightness applied. A stopped
    /// app leaves the bottom of the stack black.
    pub fn frame(&mut self, now: NaiveDateTime) -> Frame {
        self.ctx.now = now;
        self.canvas.clear_black();
        if let Some(running) = self.running.as_ref().filter(|_| !covered(&self.layers)) {
            running.app.draw(&mut self.canvas, &self.ctx);
        }
        let instant = Instant::now();
        if self
            .leaving
            .as_ref()
            .is_some_and(|leaving| leaving.progress(instant) >= 1.0)
        {
            self.leaving = None;
        }
        if let Some(leaving) = &self.leaving {
            self.spare.clear_black();
            leaving.running.app.draw(&mut self.spare, &self.ctx);
            transition::compose(leaving.kind, leaving.progress(instant), &self.spare, &mut self.canvas);
        }
        for layer in &self.layers {
            layer.draw(&mut self.canvas, &self.ctx);
        }
        self.canvas.to_frame(self.brightness)
    }

    /// When the next frame is due after the last one: the soonest that the
    /// app or any layer needs, or `None` when nothing on the panel changes by
    /// itself (a stopped app and idle layers).
    pub fn frame_interval(&self) -> Option<Duration> {
        let app = self
            .running
            .as_ref()
            .filter(|_| !covered(&self.layers))
            .map(|running| running.app.frame_interval(&self.ctx));
        let layers = self.layers.iter().filter_map(|layer| layer.frame_interval(&self.ctx));
        let transition = self.leaving.as_ref().map(|_| transition::FRAME_INTERVAL);
        app.into_iter().chain(layers).chain(transition).min()
    }
}

/// Whether a layer hides the app, which then waits where it is.
fn covered(layers: &[Box<dyn Layer>]) -> bool {
    layers.iter().any(|layer| layer.covers())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    fn scene(app: Option<&str>, config: serde_json::Value, brightness: u8) -> Scene {
        let registry = Registry::builtin();
        let config = match app {
            Some(name) => registry
                .get(name)
                .unwrap()
                .schema
                .effective(config.as_object().unwrap()),
            None => ConfigMap::new(),
        };
        Scene {
            app: app.map(str::to_owned),
            config,
            brightness,
            ..Scene::default()
        }
    }

    fn with_transition(scene: Scene, kind: Kind, duration: u64) -> Scene {
        Scene {
            transition: Transition { kind, duration },
            ..scene
        }
    }

    /// A red clock, then a switch to scroll_text (whose text starts off the
    /// panel, so its own picture is black) with `kind` over one second.
    /// Returns the clock's picture and the frames at 0, 500 and 1000 ms.
    async fn switch_with(kind: Kind) -> (Frame, [Frame; 3], Renderer) {
        let mut renderer = renderer();
        let clock = scene(Some("clock"), json!({"color": [200, 100, 50]}), 100);
        renderer.apply(&with_transition(clock, kind, 1000));
        let before = renderer.frame(noon());
        let text = scene(Some("scroll_text"), json!({"text": "HI"}), 100);
        renderer.apply(&with_transition(text, kind, 1000));
        let start = renderer.frame(noon());
        tokio::time::advance(Duration::from_millis(500)).await;
        let middle = renderer.frame(noon());
        tokio::time::advance(Duration::from_millis(500)).await;
        let end = renderer.frame(noon());
        (before, [start, middle, end], renderer)
    }

    #[tokio::test(start_paused = true)]
    async fn a_fade_mixes_the_leaving_app_into_the_new_one() {
        let (clock, [start, middle, end], renderer) = switch_with(Kind::Fade).await;
        assert_eq!(start, clock);
        let halved: Vec<u8> = clock.rgb().iter().map(|&c| c / 2).collect();
        assert_eq!(middle.rgb(), halved);
        assert!(end.is_blank(), "only the new app is left");
        assert!(
            renderer.frame_interval() > Some(transition::FRAME_INTERVAL),
            "back to the app's pace"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn slides_push_the_leaving_app_out_left_or_up() {
        let (clock, [start, middle, end], _) = switch_with(Kind::SlideLeft).await;
        assert_eq!(start, clock);
        for y in 0..32 {
            for x in 0..64 {
                let expected = if x < 32 { clock.pixel(x + 32, y) } else { [0; 3] };
                assert_eq!(middle.pixel(x, y), expected, "slide left, pixel {x},{y}");
            }
        }
        assert!(end.is_blank());

        let (clock, [start, middle, end], _) = switch_with(Kind::SlideUp).await;
        assert_eq!(start, clock);
        for y in 0..32 {
            for x in 0..64 {
                let expected = if y < 16 { clock.pixel(x, y + 16) } else { [0; 3] };
                assert_eq!(middle.pixel(x, y), expected, "slide up, pixel {x},{y}");
            }
        }
        assert!(end.is_blank());
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_transition_the_new_app_shows_at_once() {
        let (_, [start, ..], renderer) = switch_with(Kind::None).await;
        assert!(start.is_blank());
        assert_ne!(renderer.frame_interval(), Some(transition::FRAME_INTERVAL));
    }

    #[tokio::test(start_paused = true)]
    async fn a_transition_redraws_often_until_it_is_over() {
        let mut renderer = renderer();
        let clock = scene(Some("clock"), json!({}), 100);
        renderer.apply(&with_transition(clock, Kind::Fade, 300));
        renderer.apply(&with_transition(
            scene(Some("stars"), json!({"fps": 10}), 100),
            Kind::Fade,
            300,
        ));
        assert_eq!(renderer.frame_interval(), Some(transition::FRAME_INTERVAL));
        tokio::time::advance(Duration::from_millis(300)).await;
        renderer.frame(noon());
        assert_eq!(
            renderer.frame_interval(),
            Some(Duration::from_millis(100)),
            "the stars' own pace"
        );
    }

    fn renderer() -> Renderer {
        Renderer::new(Arc::new(Registry::builtin()), Vec::new(), 64, 32, 7)
    }

    /// Leftmost lit column, if any.
    fn left_edge(frame: &Frame) -> Option<u16> {
        (0..frame.width()).find(|&x| (0..frame.height()).any(|y| frame.pixel(x, y) != [0; 3]))
    }

    #[test]
    fn a_stopped_panel_is_all_black() {
        let mut renderer = renderer();
        assert!(renderer.apply(&scene(Some("clock"), json!({}), 100)));
        assert!(!renderer.frame(noon()).is_blank());
        assert!(!renderer.apply(&scene(None, json!({}), 100)));
        assert!(renderer.frame(noon()).is_blank());
        assert_eq!(renderer.frame_interval(), None);
    }

    #[test]
    fn brightness_fifty_halves_the_clock_colour() {
        let mut renderer = renderer();
        renderer.apply(&scene(Some("clock"), json!({"color": [200, 100, 51]}), 100));
        let full = renderer.frame(noon());
        renderer.apply(&scene(Some("clock"), json!({"color": [200, 100, 51]}), 50));
        let half = renderer.frame(noon());
        let halved: Vec<u8> = full.rgb().iter().map(|&c| c / 2).collect();
        assert_eq!(half.rgb(), halved);
        assert!(half.rgb().chunks(3).any(|p| p == [100, 50, 25]));
    }

    #[test]
    fn a_config_change_keeps_the_scroll_position_and_a_switch_restarts() {
        let mut renderer = renderer();
        let white = scene(Some("scroll_text"), json!({"text": "HI", "speed": 2}), 100);
        renderer.apply(&white);
        for _ in 0..10 {
            renderer.step(noon());
        }
        let before = renderer.frame(noon());

        let red = scene(
            Some("scroll_text"),
            json!({"text": "HI", "speed": 2, "color": [255, 0, 0]}),
            100,
        );
        assert!(!renderer.apply(&red));
        let after = renderer.frame(noon());
        assert_eq!(left_edge(&after), left_edge(&before));
        assert!(after.rgb().chunks(3).any(|p| p == [255, 0, 0]));

        renderer.apply(&scene(Some("clock"), json!({}), 100));
        assert!(renderer.apply(&red));
        // Restarted: the text is back at the right edge, not yet on the panel.
        assert!(renderer.frame(noon()).is_blank());
    }

    #[test]
    fn the_same_seed_gives_the_same_stars() {
        let run = || {
            let mut renderer = renderer();
            renderer.apply(&scene(Some("stars"), json!({"spawn_rate": 3}), 100));
            (0..20)
                .map(|_| {
                    renderer.step(noon());
                    renderer.frame(noon())
                })
                .collect::<Vec<_>>()
        };
        let frames = run();
        assert_eq!(frames, run());
        assert!(frames.iter().all(|frame| !frame.is_blank()));
    }

    /// A test layer: a square in the top-left corner that blinks every 250 ms
    /// while the scene's brightness is above 10 (standing in for whatever a
    /// real layer reads from the scene).
    struct Blinker {
        shown: bool,
        lit: bool,
    }

    impl Layer for Blinker {
        fn apply(&mut self, scene: &Scene) {
            self.shown = scene.brightness > 10;
        }

        fn step(&mut self, _ctx: &mut FrameContext) {
            self.lit = !self.lit;
        }

        fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
            if self.shown && self.lit {
                for (x, y) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    canvas.set(x, y, [0, 200, 0]);
                }
            }
        }

        fn frame_interval(&self, _ctx: &FrameContext) -> Option<Duration> {
            self.shown.then_some(Duration::from_millis(250))
        }
    }

    fn with_blinker() -> Renderer {
        let blinker = Blinker {
            shown: false,
            lit: true,
        };
        Renderer::new(Arc::new(Registry::builtin()), vec![Box::new(blinker)], 64, 32, 7)
    }

    #[test]
    fn a_layer_is_drawn_over_the_app_and_dimmed_with_it() {
        let mut plain = renderer();
        let mut layered = with_blinker();
        let clock = scene(Some("clock"), json!({"color": [255, 0, 0]}), 50);
        plain.apply(&clock);
        layered.apply(&clock);
        let (below, above) = (plain.frame(noon()), layered.frame(noon()));
        for y in 0..32 {
            for x in 0..64 {
                let expected = if x < 2 && y < 2 { [0, 100, 0] } else { below.pixel(x, y) };
                assert_eq!(above.pixel(x, y), expected, "pixel {x},{y}");
            }
        }
        assert!(above.rgb().chunks(3).any(|p| p == [127, 0, 0]), "the clock still shows");
    }

    #[test]
    fn a_layer_sets_the_pace_when_it_needs_frames_sooner_than_the_app() {
        let mut renderer = with_blinker();
        renderer.apply(&scene(None, json!({}), 100));
        assert_eq!(renderer.frame_interval(), Some(Duration::from_millis(250)));
        assert_eq!(renderer.frame(noon()).pixel(0, 0), [0, 200, 0]);
        renderer.step(noon());
        assert!(renderer.frame(noon()).is_blank(), "blinked off over a stopped app");

        renderer.apply(&scene(Some("clock"), json!({}), 100));
        assert_eq!(renderer.frame_interval(), Some(Duration::from_millis(250)));
        renderer.apply(&scene(Some("clock"), json!({}), 5));
        let clock_pace = renderer.frame_interval().unwrap();
        assert!(
            clock_pace > Duration::from_secs(1),
            "hidden layer: the clock's pace, {clock_pace:?}"
        );
        renderer.apply(&scene(None, json!({}), 5));
        assert_eq!(renderer.frame_interval(), None);
    }

    #[test]
    fn a_notification_hides_the_app_which_then_continues_where_it_was() {
        let uploads = tempfile::tempdir().unwrap();
        let icons = Arc::new(crate::icons::Library::icons(uploads.path()).unwrap());
        let mut renderer = Renderer::new(
            Arc::new(Registry::builtin()),
            crate::render::layers::builtin(&icons),
            64,
            32,
            7,
        );
        let scroll = scene(Some("scroll_text"), json!({"text": "HI", "speed": 2}), 100);
        renderer.apply(&scroll);
        for _ in 0..5 {
            renderer.step(noon());
        }
        let before = renderer.frame(noon());

        let body = json!({"text": "OK", "color": [255, 0, 0], "background": [0, 0, 9]});
        let content = crate::content::Content::read(&crate::content::Fields::new(body.as_object().unwrap().clone()));
        let notified = Scene {
            notification: Some(crate::render::Overlay {
                id: 1,
                content: content.unwrap(),
            }),
            ..scroll.clone()
        };
        renderer.apply(&notified);
        assert_eq!(
            renderer.frame_interval(),
            None,
            "a still notification needs no frames; the app waits"
        );
        for _ in 0..5 {
            renderer.step(noon());
        }
        let shown = renderer.frame(noon());
        assert!(shown.rgb().chunks(3).all(|p| p == [255, 0, 0] || p == [0, 0, 9]));
        assert!(shown.rgb().chunks(3).any(|p| p == [255, 0, 0]));

        assert!(!renderer.apply(&scroll), "the app is not restarted");
        assert_eq!(
            renderer.frame(noon()),
            before,
            "where it was when the notification came"
        );
    }
}
