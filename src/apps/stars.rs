//! `stars`: random coloured pixels that fade in and out over their lifetime.

use std::time::Duration;

use rand::Rng;
use serde::Deserialize;

use super::App;
use super::schema::{Field, Kind};
use crate::gfx::{Canvas, FrameContext};

#[derive(Debug, Clone, Deserialize)]
pub struct StarsConfig {
    /// Stars born per frame; a fractional part is the chance of one more.
    pub spawn_rate: f64,
    /// Frames from birth to fade-out.
    pub lifetime: u32,
    pub fps: u32,
}

pub struct Stars {
    config: StarsConfig,
    stars: Vec<Star>,
}

struct Star {
    x: i32,
    y: i32,
    color: [u8; 3],
    /// Frames lived so far, from 0 to `lifetime - 1`.
    age: u32,
}

impl Star {
    /// The star's colour at its age: rising linearly to full at mid-life, then falling.
    fn shade(&self, lifetime: u32) -> [u8; 3] {
        let level = (self.age + 1).min(lifetime.saturating_sub(self.age));
        let peak = lifetime.div_ceil(2).max(1);
        self.color
            .map(|channel| (u32::from(channel) * level.min(peak) / peak) as u8)
    }
}

impl App for Stars {
    const NAME: &'static str = "stars";
    type Config = StarsConfig;

    fn schema() -> Vec<Field> {
        vec![
            Field::new(
                "spawn_rate",
                Kind::Number { min: 0.01, max: 64.0 },
                1,
                "Stars born per frame",
            ),
            Field::new(
                "lifetime",
                Kind::Integer { min: 1, max: 1000 },
                40,
                "Frames a star lives",
            ),
            Field::new("fps", Kind::Integer { min: 1, max: 120 }, 60, "Frames per second"),
        ]
    }

    fn new(config: StarsConfig) -> Self {
        Self {
            config,
            stars: Vec::new(),
        }
    }

    /// Keeps the stars already shining; they live out the new lifetime.
    fn reconfigure(&mut self, config: StarsConfig) {
        self.config = config;
    }

    fn frame_interval(&self, _ctx: &FrameContext) -> Duration {
        Duration::from_secs(1) / self.config.fps.max(1)
    }

    fn step(&mut self, ctx: &mut FrameContext) {
        let lifetime = self.config.lifetime;
        self.stars.retain_mut(|star| {
            star.age += 1;
            star.age < lifetime
        });

        let rate = self.config.spawn_rate.max(0.0);
        let born = rate.floor() as usize + usize::from(ctx.rng.random_bool(rate.fract()));
        for _ in 0..born {
            let star = Star {
                x: ctx.rng.random_range(0..ctx.width.max(1)) as i32,
                y: ctx.rng.random_range(0..ctx.height.max(1)) as i32,
                // Not too dark in any channel, so a star at its peak is clearly visible.
                color: [(); 3].map(|()| ctx.rng.random_range(48..=255)),
                age: 0,
            };
            self.stars.push(star);
        }
    }

    fn draw(&self, canvas: &mut Canvas, _ctx: &FrameContext) {
        for star in &self.stars {
            canvas.set(star.x, star.y, star.shade(self.config.lifetime));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gfx::testing::{context, lit_pixels};

    fn stars(spawn_rate: f64, lifetime: u32) -> Stars {
        Stars::new(StarsConfig {
            spawn_rate,
            lifetime,
            fps: 60,
        })
    }

    fn draw(app: &Stars, ctx: &FrameContext) -> Canvas {
        let mut canvas = Canvas::new(64, 32);
        app.draw(&mut canvas, ctx);
        canvas
    }

    #[test]
    fn a_star_brightens_to_mid_life_then_fades_out() {
        let (mut app, mut ctx) = (stars(1.0, 10), context());
        app.step(&mut ctx);
        let born = lit_pixels(&draw(&app, &ctx));
        assert_eq!(born.len(), 1, "one star per frame at spawn rate 1");
        let (x, y, _) = born[0];
        let full = app.stars[0].color;

        // No more births, so only this star is on the panel from here on.
        app.config.spawn_rate = 0.0;
        let mut levels = vec![draw(&app, &ctx).get(x, y).unwrap()];
        for _ in 1..10 {
            app.step(&mut ctx);
            levels.push(draw(&app, &ctx).get(x, y).unwrap());
        }
        let brightest = |c: &[u8; 3]| *c.iter().max().unwrap();
        let curve: Vec<u8> = levels.iter().map(brightest).collect();
        assert!(curve[..5].windows(2).all(|w| w[0] < w[1]), "rising: {curve:?}");
        assert!(curve[5..].windows(2).all(|w| w[0] > w[1]), "falling: {curve:?}");
        assert_eq!(levels[4], full, "full colour at mid-life");
        assert_eq!(
            levels[0],
            full.map(|c| (u32::from(c) / 5) as u8),
            "a fifth on the first of ten frames"
        );

        app.step(&mut ctx);
        assert!(lit_pixels(&draw(&app, &ctx)).is_empty(), "gone after its lifetime");
    }

    #[test]
    fn the_spawn_rate_is_stars_per_frame() {
        let (mut app, mut ctx) = (stars(3.0, 40), context());
        for frame in 1..=10 {
            app.step(&mut ctx);
            assert_eq!(app.stars.len(), 3 * frame);
        }
        // A fractional rate averages out over many frames.
        let (mut app, mut ctx) = (stars(0.5, 1000), context());
        for _ in 0..400 {
            app.step(&mut ctx);
        }
        assert!((150..=250).contains(&app.stars.len()), "{} stars", app.stars.len());
    }
}
