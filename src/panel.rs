//! What only the panel owner runs: the night, carousel, notification, custom app and sleep
//! timers, and the render loop, which draws the scene the night timer derives onto the virtual panel
//! and the outputs.
//!
//! Each runs while this instance owns the panel (always, when alone). The render loop is
//! kept going by a [`Supervisor`]; when it ends because ownership was lost, the outputs stop
//! refreshing their last frame, so a receiver shared with the new owner shows only its frames.

use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::cluster;
use crate::gfx::Frame;
use crate::icons::Libraries;
use crate::manager::{self, Manager, night};
use crate::output::Outputs;
use crate::priority::PanelPriority;
use crate::render::{self, GiveUp, RenderStats, Renderer, Supervisor};

pub struct Panel {
    pub size: (u16, u16),
    pub priority: PanelPriority,
    pub manager: Arc<Manager>,
    pub owner: watch::Receiver<bool>,
    pub frames: watch::Sender<Arc<Frame>>,
    pub outputs: Arc<Outputs>,
    pub libraries: Libraries,
    pub stats: Arc<RenderStats>,
    /// Asked to stop the server when the render loop cannot be kept going.
    pub give_up: GiveUp,
}

impl Panel {
    /// Starts them, each running while this instance owns the panel; the
    /// carousel also pauses while night mode shows its own app.
    pub fn spawn(self, tasks: &mut JoinSet<()>, shutdown: &CancellationToken) {
        let clock = self.manager.clock().clone();
        let night = Arc::new(night::timer::Shown::new(&self.manager, &clock));
        let (night_manager, night_panel, night_clock) = (self.manager.clone(), night.clone(), clock.clone());
        tasks.spawn(cluster::lease::while_owner(
            self.owner.clone(),
            shutdown.clone(),
            move |stop| night::timer::run(night_manager.clone(), night_clock.clone(), night_panel.clone(), stop),
        ));
        let (timer_manager, daytime) = (self.manager.clone(), night.clone());
        tasks.spawn(cluster::lease::while_owner(
            self.owner.clone(),
            shutdown.clone(),
            move |stop| {
                let manager = timer_manager.clone();
                cluster::lease::while_owner(daytime.carousel_runs.subscribe(), stop, move |stop| {
                    manager::carousel::run(manager.clone(), stop)
                })
            },
        ));
        let (timer_manager, size) = (self.manager.clone(), self.size);
        tasks.spawn(cluster::lease::while_owner(
            self.owner.clone(),
            shutdown.clone(),
            move |stop| manager::notification_timer::run(timer_manager.clone(), size, stop),
        ));
        let timer_manager = self.manager.clone();
        tasks.spawn(cluster::lease::while_owner(
            self.owner.clone(),
            shutdown.clone(),
            move |stop| manager::custom_timer::run(timer_manager.clone(), stop),
        ));
        let timer_manager = self.manager.clone();
        tasks.spawn(cluster::lease::while_owner(
            self.owner.clone(),
            shutdown.clone(),
            move |stop| manager::sleep_timer::run(timer_manager.clone(), stop),
        ));
        let supervisor = Arc::new(Supervisor::new(self.priority, self.stats.clone(), self.give_up.clone()));
        let owner = self.owner.clone();
        let panel = Arc::new(self);
        tasks.spawn(cluster::lease::while_owner(owner, shutdown.clone(), move |stop| {
            let (panel, supervisor, night, clock) = (panel.clone(), supervisor.clone(), night.clone(), clock.clone());
            async move {
                let loop_stop = stop.clone();
                let start = || {
                    let (width, height) = panel.size;
                    let registry = panel.manager.registry().clone();
                    let layers = render::layers::builtin(&panel.libraries.icons);
                    let renderer = Renderer::new(registry, layers, width, height, rand::random())
                        .with_icons(panel.libraries.icons.clone())
                        .with_pictures(panel.libraries.pictures.clone());
                    let outputs = panel.outputs.clone();
                    render::run(
                        renderer,
                        night.scene.subscribe(),
                        panel.frames.clone(),
                        move |frame| outputs.show(frame),
                        clock.clone(),
                        panel.stats.clone(),
                        loop_stop.clone(),
                    )
                };
                supervisor.run(start, stop).await;
                panel.outputs.release();
            }
        }));
    }
}
