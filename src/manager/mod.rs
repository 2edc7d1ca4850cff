//! The app manager: the single owner of RetroBoard's state.
//!
//! Commands ([`Command`]) go in through [`Manager::execute`] and are validated
//! in full before anything changes (see [`commands::apply`]). Every accepted
//! change is published as views on `tokio::sync::watch` channels; a watch
//! channel keeps only the latest value, so a burst of changes (a dragged
//! brightness slider) never queues stale values behind the newest one. The
//! manager knows nothing of HTTP or Socket.IO: the transport layers subscribe
//! and translate.
//!
//! Alone, the manager owns its state. In a cluster ([`Manager::shared`]) its
//! state is a mirror of a [`store::SharedStore`]: commands are committed to the
//! store first, and changes made elsewhere arrive through [`Manager::adopt`].

pub mod carousel;
pub mod commands;
#[cfg(test)]
mod shared_tests;
pub mod state;
pub mod store;
pub mod views;

use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::watch;

use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::render::Scene;
pub use commands::{CarouselUpdate, Command, CommandError};
use state::{State, StateFile};
use store::StoreError;
use store::{SharedStore, Version, Versioned};
use views::{AppsList, CarouselView, CurrentApp, Settings, Snapshot};

/// The channels views are published on; each holds the latest view.
struct Channels {
    current_app: watch::Sender<CurrentApp>,
    settings: watch::Sender<Settings>,
    carousel: watch::Sender<CarouselView>,
    scene: watch::Sender<Scene>,
    state_file: watch::Sender<StateFile>,
}

/// How often a command is reapplied when other instances keep committing first.
const MAX_ATTEMPTS: usize = 50;

pub struct Manager {
    registry: Arc<Registry>,
    state: Mutex<Mirror>,
    channels: Channels,
    store: Option<Arc<dyn SharedStore>>,
}

/// The state, and which shared version it mirrors (`None` when not clustered).
struct Mirror {
    state: State,
    version: Option<Version>,
}

impl Manager {
    /// A manager that owns its state.
    pub fn new(registry: Arc<Registry>, state: State) -> Self {
        Self::build(registry, state, None, None)
    }

    /// A manager mirroring `store`, starting from `initial` as read from it.
    pub fn shared(registry: Arc<Registry>, initial: Versioned, store: Arc<dyn SharedStore>) -> Self {
        Self::build(registry, initial.state, Some(initial.version), Some(store))
    }

    fn build(
        registry: Arc<Registry>,
        state: State,
        version: Option<Version>,
        store: Option<Arc<dyn SharedStore>>,
    ) -> Self {
        let channels = Channels {
            current_app: watch::Sender::new(CurrentApp::of(&registry, &state)),
            settings: watch::Sender::new(Settings::of(&state)),
            carousel: watch::Sender::new(CarouselView::of(&state.carousel)),
            scene: watch::Sender::new(scene(&registry, &state)),
            state_file: watch::Sender::new(state.to_file()),
        };
        Self {
            registry,
            state: Mutex::new(Mirror { state, version }),
            channels,
            store,
        }
    }

    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Applies `command`, publishing every view it changed; a refused command changes nothing.
    pub async fn execute(&self, command: Command) -> Result<(), CommandError> {
        match &self.store {
            None => {
                let mut mirror = self.state.lock();
                let mut next = mirror.state.clone();
                commands::apply(&self.registry, &mut next, command)?;
                mirror.state = next;
                self.publish(&mirror.state);
                Ok(())
            }
            Some(store) => self.execute_shared(store.as_ref(), command).await,
        }
    }

    /// Validates against the newest shared state and commits with a
    /// compare-and-set; when another instance committed in between, reads
    /// again and reapplies, so no change is lost and none is applied twice.
    async fn execute_shared(&self, store: &dyn SharedStore, command: Command) -> Result<(), CommandError> {
        for _ in 0..MAX_ATTEMPTS {
            let fallback = self.state.lock().state.clone();
            let current = store.load(&fallback).await.map_err(unavailable)?;
            self.adopt(current.clone());
            let mut next = current.state.clone();
            commands::apply(&self.registry, &mut next, command.clone())?;
            if next == current.state {
                return Ok(());
            }
            if let Some(version) = store.store(&current.version, &next).await.map_err(unavailable)? {
                self.adopt(Versioned { version, state: next });
                return Ok(());
            }
        }
        Err(CommandError::Unavailable(
            "too many concurrent changes; try again".into(),
        ))
    }

    /// Takes a state read from the shared store, unless the mirror already
    /// holds that version or a newer one (a late message never rolls it back).
    /// Returns whether the mirror changed.
    pub fn adopt(&self, incoming: Versioned) -> bool {
        let mut mirror = self.state.lock();
        if mirror
            .version
            .as_ref()
            .is_some_and(|held| !held.accepts(&incoming.version))
        {
            return false;
        }
        mirror.version = Some(incoming.version);
        mirror.state = incoming.state;
        self.publish(&mirror.state);
        true
    }

    /// The shared version the mirror holds; `None` when not clustered.
    pub fn version(&self) -> Option<Version> {
        self.state.lock().version.clone()
    }

    /// A copy of the current state.
    pub fn state(&self) -> State {
        self.state.lock().state.clone()
    }

    pub fn snapshot(&self) -> Snapshot {
        let state = &self.state.lock().state;
        Snapshot {
            apps_list: AppsList {
                apps: self.registry.names(),
                current: state.current.clone(),
            },
            current_app: CurrentApp::of(&self.registry, state),
            settings: Settings::of(state),
            carousel: CarouselView::of(&state.carousel),
        }
    }

    /// The effective config of `app`: its defaults with the saved keys laid over.
    pub fn effective_config(&self, app: &str) -> Result<ConfigMap, CommandError> {
        let entry = self
            .registry
            .get(app)
            .ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
        let state = &self.state.lock().state;
        Ok(entry
            .schema
            .effective(state.saved.get(app).unwrap_or(&ConfigMap::new())))
    }

    pub fn state_file(&self) -> StateFile {
        self.state.lock().state.to_file()
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

fn unavailable(error: StoreError) -> CommandError {
    CommandError::Unavailable(error.0)
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
