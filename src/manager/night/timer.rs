//! The night timer: derives what the panel shows from the daytime scene, the night settings and the clock.
//!
//! It runs where the panel is drawn (the panel owner, in a cluster) and
//! sleeps until the next start or end of the night, or until the scene or the
//! settings change. Each wake it works the night out afresh from the clock,
//! so a server started in the middle of the night, or a clock that was set
//! while it slept, lands in the right state at once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::NightScene;
use crate::clock::Clock;
use crate::manager::Manager;
use crate::render::Scene;

/// The longest the timer sleeps without looking at the clock, so that a wall
/// clock set forwards or back (the tokio timer does not follow it) is noticed soon.
const RECHECK: Duration = Duration::from_secs(60);

/// What the panel shows, as the timer derives it.
pub struct Shown {
    /// What the render loop draws.
    pub scene: watch::Sender<Scene>,
    /// False while a night app is showing: the carousel is paused.
    pub carousel_runs: watch::Sender<bool>,
}

impl Shown {
    /// Channels holding what the panel shows at `clock`'s now.
    pub fn new(manager: &Manager, clock: &Clock) -> Self {
        let (day, night) = (manager.watch_scene(), manager.watch_night());
        let (scene, carousel_runs) = derive(&day.borrow(), &night.borrow(), clock);
        Self {
            scene: watch::Sender::new(scene),
            carousel_runs: watch::Sender::new(carousel_runs),
        }
    }
}

pub async fn run(manager: Arc<Manager>, clock: Clock, panel: Arc<Shown>, shutdown: CancellationToken) {
    let (mut days, mut nights) = (manager.watch_scene(), manager.watch_night());
    loop {
        let night = nights.borrow_and_update().clone();
        let (scene, carousel_runs) = derive(&days.borrow_and_update(), &night, &clock);
        panel.scene.send_if_modified(|current| replace(current, scene));
        panel
            .carousel_runs
            .send_if_modified(|current| replace(current, carousel_runs));
        let wake = night
            .window
            .and_then(|window| window.next_change(clock.now()))
            .map_or(RECHECK, |at| clock.until(at).min(RECHECK));
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = days.changed() => if changed.is_err() { return },
            changed = nights.changed() => if changed.is_err() { return },
            () = tokio::time::sleep(wake) => {}
        }
    }
}

/// The scene to draw, and whether the carousel may rotate, at `clock`'s now.
fn derive(day: &Scene, night: &NightScene, clock: &Clock) -> (Scene, bool) {
    if night.is_on(clock.now()) {
        (night.over(day), !night.replaces_the_app())
    } else {
        (day.clone(), true)
    }
}

fn replace<T: PartialEq>(current: &mut T, value: T) -> bool {
    if *current == value {
        return false;
    }
    *current = value;
    true
}
