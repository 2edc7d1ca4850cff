//! The running app and its canvas: turns a [`Scene`] and the time into frames.
//!
//! Kept free of timers and channels so tests can drive it frame by frame.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use super::{Canvas, Frame, FrameContext, Scene};
use crate::apps::schema::ConfigMap;
use crate::apps::{Registry, RunningApp};

pub struct Renderer {
    registry: Arc<Registry>,
    canvas: Canvas,
    ctx: FrameContext,
    running: Option<Running>,
    brightness: u8,
}

struct Running {
    name: String,
    config: ConfigMap,
    app: Box<dyn RunningApp>,
}

impl Renderer {
    /// A stopped renderer for a `width`x`height` panel; `seed` fixes the apps' randomness.
    pub fn new(registry: Arc<Registry>, width: u16, height: u16, seed: u64) -> Self {
        Self {
            registry,
            canvas: Canvas::new(width, height),
            ctx: FrameContext::new(NaiveDateTime::default(), seed, u32::from(width), u32::from(height)),
            running: None,
            brightness: 100,
        }
    }

    /// Takes a new scene. A different app starts afresh; new config for the
    /// running app is handed to it, so it keeps its animation state.
    ///
    /// Returns whether an app was started, i.e. its frame schedule begins now.
    pub fn apply(&mut self, scene: &Scene) -> bool {
        self.brightness = scene.brightness;
        match (&scene.app, &mut self.running) {
            (Some(name), Some(running)) if running.name == *name => {
                if running.config != scene.config {
                    running.app.reconfigure(&scene.config);
                    running.config.clone_from(&scene.config);
                }
                false
            }
            (Some(name), _) => {
                self.running = match self.registry.get(name) {
                    Some(entry) => Some(Running {
                        name: name.clone(),
                        config: scene.config.clone(),
                        app: entry.start(&scene.config),
                    }),
                    None => {
                        tracing::error!(app = %name, "scene names an app that is not registered; showing a blank panel");
                        None
                    }
                };
                self.running.is_some()
            }
            (None, _) => {
                self.running = None;
                false
            }
        }
    }

    /// Advances the running app by one frame.
    pub fn step(&mut self, now: NaiveDateTime) {
        self.ctx.now = now;
        if let Some(running) = &mut self.running {
            running.app.step(&mut self.ctx);
        }
    }

    /// The picture as of `now`, brightness applied; blank when stopped.
    pub fn frame(&mut self, now: NaiveDateTime) -> Frame {
        self.ctx.now = now;
        self.canvas.clear_black();
        if let Some(running) = &self.running {
            running.app.draw(&mut self.canvas, &self.ctx);
        }
        self.canvas.to_frame(self.brightness)
    }

    /// When the next frame is due after the last one, or `None` when stopped
    /// (a blank panel never changes by itself).
    pub fn frame_interval(&self) -> Option<Duration> {
        self.running
            .as_ref()
            .map(|running| running.app.frame_interval(&self.ctx))
    }
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
        }
    }

    fn renderer() -> Renderer {
        Renderer::new(Arc::new(Registry::builtin()), 64, 32, 7)
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
}
