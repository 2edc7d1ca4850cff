//! Transitions between apps: how the picture of the app leaving gives way to the one arriving.
//!
//! When the scene names a new app, the renderer keeps the old one running for
//! the transition's duration and [`compose`]s both pictures in every frame.
//! Progress follows tokio's monotonic clock, never the wall clock, which may
//! jump (a DST change, a clock being set) in the middle of a fade.

use std::ops::RangeInclusive;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::gfx::Canvas;

/// Shortest and longest transition, in milliseconds.
pub const DURATION_MS: RangeInclusive<u64> = 100..=2000;
pub const DEFAULT_DURATION_MS: u64 = 500;
/// How often a transition redraws: smooth to the eye, cheap for a small panel.
pub const FRAME_INTERVAL: Duration = Duration::from_millis(16);

/// How one picture gives way to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = TransitionKind)]
pub enum Kind {
    /// The new picture at once.
    #[default]
    None,
    /// The old picture fades into the new one.
    Fade,
    /// The new picture pushes the old one out to the left.
    SlideLeft,
    /// The new picture pushes the old one out upwards.
    SlideUp,
}

impl Kind {
    pub const ALL: [Self; 4] = [Self::None, Self::Fade, Self::SlideLeft, Self::SlideUp];

    /// The name on the wire and in the state file.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Fade => "fade",
            Self::SlideLeft => "slide-left",
            Self::SlideUp => "slide-up",
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// The transition between apps, as set for the whole board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Transition {
    pub kind: Kind,
    /// Milliseconds, 100 to 2000.
    pub duration: u64,
}

impl Default for Transition {
    fn default() -> Self {
        Self {
            kind: Kind::None,
            duration: DEFAULT_DURATION_MS,
        }
    }
}

impl Transition {
    pub fn length(&self) -> Duration {
        Duration::from_millis(self.duration)
    }
}

/// Lays `old` and `new` over each other in `new`, `progress` (0 to 1) of the way from old to new.
pub fn compose(kind: Kind, progress: f64, old: &Canvas, new: &mut Canvas) {
    let progress = progress.clamp(0.0, 1.0);
    let (width, height) = (new.width as i32, new.height as i32);
    match kind {
        Kind::None => {}
        Kind::Fade => {
            for (into, from) in new.pixels.iter_mut().zip(&old.pixels) {
                for (channel, old) in into.iter_mut().zip(from) {
                    let mixed = f64::from(*old) + (f64::from(*channel) - f64::from(*old)) * progress;
                    *channel = mixed.round() as u8;
                }
            }
        }
        Kind::SlideLeft | Kind::SlideUp => {
            let horizontal = kind == Kind::SlideLeft;
            let span = if horizontal { width } else { height };
            let shift = (f64::from(span) * progress).round() as i32;
            let incoming = new.clone();
            for y in 0..height {
                for x in 0..width {
                    let along = if horizontal { x } else { y };
                    let (source, at) = if along + shift < span {
                        (old, along + shift)
                    } else {
                        (&incoming, along + shift - span)
                    };
                    let (sx, sy) = if horizontal { (at, y) } else { (x, at) };
                    new.set(x, y, source.get(sx, sy).unwrap_or([0; 3]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4x2 canvas, each pixel's red channel its column and green its row, blue `tag`.
    fn picture(tag: u8) -> Canvas {
        let mut canvas = Canvas::new(4, 2);
        for y in 0..2 {
            for x in 0..4 {
                canvas.set(x, y, [x as u8, y as u8, tag]);
            }
        }
        canvas
    }

    fn composed(kind: Kind, progress: f64) -> Canvas {
        let mut new = picture(200);
        compose(kind, progress, &picture(100), &mut new);
        new
    }

    #[test]
    fn a_fade_mixes_the_pictures_by_progress() {
        assert_eq!(composed(Kind::Fade, 0.0), picture(100));
        assert!(composed(Kind::Fade, 0.5).pixels.iter().all(|p| p[2] == 150));
        assert_eq!(composed(Kind::Fade, 1.0), picture(200));
    }

    #[test]
    fn a_slide_left_pushes_the_old_picture_out_to_the_left() {
        assert_eq!(composed(Kind::SlideLeft, 0.0), picture(100));
        let half = composed(Kind::SlideLeft, 0.5);
        // Columns 0-1 show the old picture's columns 2-3; columns 2-3 the new one's 0-1.
        let row: Vec<_> = (0..4).map(|x| half.get(x, 1).unwrap()).collect();
        assert_eq!(row, [[2, 1, 100], [3, 1, 100], [0, 1, 200], [1, 1, 200]]);
        assert_eq!(composed(Kind::SlideLeft, 1.0), picture(200));
    }

    #[test]
    fn a_slide_up_pushes_the_old_picture_out_at_the_top() {
        let half = composed(Kind::SlideUp, 0.5);
        let column: Vec<_> = (0..2).map(|y| half.get(3, y).unwrap()).collect();
        assert_eq!(column, [[3, 1, 100], [3, 0, 200]]);
        assert_eq!(composed(Kind::SlideUp, 1.0), picture(200));
    }

    #[test]
    fn kinds_are_named_as_on_the_wire() {
        for kind in Kind::ALL {
            assert_eq!(Kind::named(kind.name()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
        assert_eq!(Kind::named("wipe"), None);
    }
}
