//! The app manager: the single owner of RetroBoard's state.
//!
//! Commands ([`Command`]) go in through [`Manager::execute`] and are validated
//! in full before anything changes (see [`commands::apply`]). Every accepted
//! change is published as views on `tokio::sync::watch` channels; a watch
//! channel keeps only the latest value, so a burst of changes (a dragged
//! brightness slider) never queues stale values behind the newest one. The
//! manager knows nothing of HTTP or Socket.IO: the transport layers subscribe
//! and translate.

pub mod carousel;
pub mod commands;
pub mod state;
pub mod views;

use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::watch;

use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::render::Scene;
pub use commands::{CarouselUpdate, Command, CommandError};
use state::{State, StateFile};
use views::{AppsList, CarouselView, CurrentApp, Settings, Snapshot};

/// The channels views are published on; each holds the latest view.
struct Channels {
    current_app: watch::Sender<CurrentApp>,
    settings: watch::Sender<Settings>,
    carousel: watch::Sender<CarouselView>,
    scene: watch::Sender<Scene>,
    state_file: watch::Sender<StateFile>,
}

pub struct Manager {
    registry: Arc<Registry>,
    state: Mutex<State>,
    channels: Channels,
}

impl Manager {
    pub fn new(registry: Arc<Registry>, state: State) -> Self {
        let channels = Channels {
            current_app: watch::Sender::new(CurrentApp::of(&registry, &state)),
            settings: watch::Sender::new(Settings::of(&state)),
            carousel: watch::Sender::new(CarouselView::of(&state.carousel)),
            scene: watch::Sender::new(scene(&registry, &state)),
            state_file: watch::Sender::new(state.to_file()),
        };
        Self {
            registry,
            state: Mutex::new(state),
            channels,
        }
    }

    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Applies `command`, publishing every view it changed; a refused command changes nothing.
    pub async fn execute(&self, command: Command) -> Result<(), CommandError> {
        let mut state = self.state.lock();
        let mut next = state.clone();
        commands::apply(&self.registry, &mut next, command)?;
        *state = next;
        self.publish(&state);
        Ok(())
    }

    pub fn snapshot(&self) -> Snapshot {
        let state = self.state.lock();
        Snapshot {
            apps_list: AppsList {
                apps: self.registry.names(),
                current: state.current.clone(),
            },
            current_app: CurrentApp::of(&self.registry, &state),
            settings: Settings::of(&state),
            carousel: CarouselView::of(&state.carousel),
        }
    }

    /// The effective config of `app`: its defaults with the saved keys laid over.
    pub fn effective_config(&self, app: &str) -> Result<ConfigMap, CommandError> {
        let entry = self
            .registry
            .get(app)
            .ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
        let state = self.state.lock();
        Ok(entry
            .schema
            .effective(state.saved.get(app).unwrap_or(&ConfigMap::new())))
    }

    pub fn state_file(&self) -> StateFile {
        self.state.lock().to_file()
    }

    pub fn watch_current_app(&self) -> watch::Receiver<CurrentApp> {
        self.channels.current_app.subscribe()
    }

    pub fn watch_settings(&self) -> watch::Receiver<Settings> {
        self.channels.settings.subscribe()
    }

    pub fn watch_carousel(&self) -> watch::Receiver<CarouselView> {
        self.channels.carousel.subscribe()
    }

    pub fn watch_scene(&self) -> watch::Receiver<Scene> {
        self.channels.scene.subscribe()
    }

    pub fn watch_state_file(&self) -> watch::Receiver<StateFile> {
        self.channels.state_file.subscribe()
    }

    /// Publishes every view of `state` that differs from the last one sent.
    ///
    /// Called under the state lock, so each channel's history follows the
    /// order in which changes happened.
    fn publish(&self, state: &State) {
        let channels = &self.channels;
        publish(&channels.current_app, CurrentApp::of(&self.registry, state));
        publish(&channels.settings, Settings::of(state));
        publish(&channels.carousel, CarouselView::of(&state.carousel));
        publish(&channels.scene, scene(&self.registry, state));
        publish(&channels.state_file, state.to_file());
    }
}

/// Replaces the channel's value only if it differs, so receivers wake only on real change.
fn publish<T: PartialEq>(channel: &watch::Sender<T>, value: T) {
    channel.send_if_modified(|current| {
        if *current == value {
            false
        } else {
            *current = value;
            true
        }
    });
}

fn scene(registry: &Registry, state: &State) -> Scene {
    let current = CurrentApp::of(registry, state);
    Scene {
        app: current.app,
        config: current.config,
        brightness: state.brightness,
    }
}
