//! The app manager: the single owner of RetroBoard's state.
//!
//! Commands come in as method calls and are validated in full before anything
//! changes, so a refused command leaves no trace. Every accepted change is
//! published as views on `tokio::sync::watch` channels; a watch channel keeps
//! only the latest value, so a burst of changes (a dragged brightness slider)
//! never queues stale values behind the newest one. The manager knows nothing
//! of HTTP or Socket.IO: the transport layers subscribe and translate.

pub mod carousel;
pub mod state;
pub mod views;

use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::watch;

use crate::apps::Registry;
use crate::apps::schema::{ConfigError, ConfigMap};
use crate::render::Scene;
use state::{CarouselEntry, DURATION_RANGE, MAX_CAROUSEL_ENTRIES, State, StateFile};
use views::{AppsList, CarouselView, CurrentApp, Settings, Snapshot};

/// Why a command was refused. Nothing changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("App not found: {0}")]
    UnknownApp(String),
    #[error(transparent)]
    InvalidConfig(#[from] ConfigError),
    #[error("No app is running")]
    NothingRunning,
    #[error("Brightness must be between 0 and 100")]
    BrightnessOutOfRange,
    #[error("Cannot enable the carousel with no apps")]
    EmptyCarousel,
    #[error("The carousel holds at most {MAX_CAROUSEL_ENTRIES} apps")]
    CarouselTooLong,
    #[error("Duration must be a positive number of seconds from {} to {}", DURATION_RANGE.start(), DURATION_RANGE.end())]
    InvalidDuration,
}

/// A requested carousel change; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct CarouselUpdate {
    pub enabled: Option<bool>,
    pub entries: Option<Vec<CarouselEntry>>,
}

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
            current_app: watch::Sender::new(current_app(&registry, &state)),
            settings: watch::Sender::new(settings(&state)),
            carousel: watch::Sender::new(carousel(&state)),
            scene: watch::Sender::new(scene(&registry, &state)),
            state_file: watch::Sender::new(state.to_file()),
        };
        Self { registry, state: Mutex::new(state), channels }
    }

    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Starts `app` with its saved config, after merging `config` into it (and saving that).
    pub fn switch(&self, app: &str, config: Option<&ConfigMap>) -> Result<(), CommandError> {
        let patch = self.validate(app, config)?;
        self.change(|state| {
            merge_saved(state, app, patch);
            state.current = Some(app.to_owned());
        });
        Ok(())
    }

    pub fn stop(&self) {
        self.change(|state| state.current = None);
    }

    /// Merges `patch` into the running app's config (live and saved).
    pub fn configure_running(&self, patch: &ConfigMap) -> Result<(), CommandError> {
        let mut state = self.state.lock();
        let running = state.current.clone().ok_or(CommandError::NothingRunning)?;
        let patch = self.validate(&running, Some(patch))?;
        self.change_locked(&mut state, |state| merge_saved(state, &running, patch));
        Ok(())
    }

    /// Merges `patch` into `app`'s saved config; it applies live if `app` is running.
    pub fn configure(&self, app: &str, patch: &ConfigMap) -> Result<(), CommandError> {
        let patch = self.validate(app, Some(patch))?;
        self.change(|state| merge_saved(state, app, patch));
        Ok(())
    }

    pub fn set_brightness(&self, brightness: i64) -> Result<(), CommandError> {
        let brightness = u8::try_from(brightness)
            .ok()
            .filter(|b| *b <= 100)
            .ok_or(CommandError::BrightnessOutOfRange)?;
        self.change(|state| state.brightness = brightness);
        Ok(())
    }

    /// Changes the carousel. Enabling it, or giving an enabled carousel a new
    /// list, starts over from the first entry; disabling leaves the app running.
    pub fn set_carousel(&self, update: CarouselUpdate) -> Result<(), CommandError> {
        if let Some(entries) = &update.entries {
            self.validate_entries(entries)?;
        }
        let mut state = self.state.lock();
        let enabled = update.enabled.unwrap_or(state.carousel.enabled);
        let entries = update.entries.unwrap_or_else(|| state.carousel.entries.clone());
        if enabled && entries.is_empty() {
            return Err(CommandError::EmptyCarousel);
        }
        let restart = enabled && (!state.carousel.enabled || entries != state.carousel.entries);
        let reset_index = restart || entries != state.carousel.entries;
        self.change_locked(&mut state, |state| {
            state.carousel.enabled = enabled;
            state.carousel.entries = entries;
            if reset_index {
                state.carousel.index = 0;
            }
            if restart {
                state.current = Some(state.carousel.entries[0].app.clone());
            }
        });
        Ok(())
    }

    /// Moves the carousel to its next entry, if it still is as `expected`.
    ///
    /// The timer passes the view it slept on, so a step that races with a
    /// reconfiguration is dropped instead of skipping an entry.
    pub fn advance_carousel(&self, expected: &CarouselView) {
        let mut state = self.state.lock();
        if !state.carousel.enabled || carousel(&state) != *expected {
            return;
        }
        self.change_locked(&mut state, |state| {
            let carousel = &mut state.carousel;
            carousel.index = (carousel.index + 1) % carousel.entries.len();
            state.current = Some(carousel.entries[carousel.index].app.clone());
        });
    }

    pub fn snapshot(&self) -> Snapshot {
        let state = self.state.lock();
        Snapshot {
            apps_list: AppsList { apps: self.registry.names(), current: state.current.clone() },
            current_app: current_app(&self.registry, &state),
            settings: settings(&state),
            carousel: carousel(&state),
        }
    }

    /// The effective config of `app`: its defaults with the saved keys laid over.
    pub fn effective_config(&self, app: &str) -> Result<ConfigMap, CommandError> {
        let entry = self.registry.get(app).ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
        let state = self.state.lock();
        Ok(entry.schema.effective(state.saved.get(app).unwrap_or(&ConfigMap::new())))
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

    fn validate(&self, app: &str, patch: Option<&ConfigMap>) -> Result<ConfigMap, CommandError> {
        let entry = self.registry.get(app).ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
        match patch {
            Some(patch) => Ok(entry.schema.validate(patch)?),
            None => Ok(ConfigMap::new()),
        }
    }

    fn validate_entries(&self, entries: &[CarouselEntry]) -> Result<(), CommandError> {
        if entries.len() > MAX_CAROUSEL_ENTRIES {
            return Err(CommandError::CarouselTooLong);
        }
        for entry in entries {
            if self.registry.get(&entry.app).is_none() {
                return Err(CommandError::UnknownApp(entry.app.clone()));
            }
            if !DURATION_RANGE.contains(&entry.seconds()) {
                return Err(CommandError::InvalidDuration);
            }
        }
        Ok(())
    }

    fn change(&self, apply: impl FnOnce(&mut State)) {
        let mut state = self.state.lock();
        self.change_locked(&mut state, apply);
    }

    /// Applies a validated change and publishes every view it altered.
    ///
    /// Publishing under the lock keeps each channel's history in the order
    /// the changes happened.
    fn change_locked(&self, state: &mut State, apply: impl FnOnce(&mut State)) {
        apply(state);
        let channels = &self.channels;
        publish(&channels.current_app, current_app(&self.registry, state));
        publish(&channels.settings, settings(state));
        publish(&channels.carousel, carousel(state));
        publish(&channels.scene, scene(&self.registry, state));
        publish(&channels.state_file, state.to_file());
    }
}

fn merge_saved(state: &mut State, app: &str, patch: ConfigMap) {
    if !patch.is_empty() {
        state.saved.entry(app.to_owned()).or_default().extend(patch);
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

fn effective(registry: &Registry, state: &State, app: &str) -> ConfigMap {
    registry
        .get(app)
        .map(|entry| entry.schema.effective(state.saved.get(app).unwrap_or(&ConfigMap::new())))
        .unwrap_or_default()
}

fn current_app(registry: &Registry, state: &State) -> CurrentApp {
    match &state.current {
        Some(app) => CurrentApp { app: Some(app.clone()), config: effective(registry, state, app) },
        None => CurrentApp::default(),
    }
}

fn settings(state: &State) -> Settings {
    Settings { brightness: state.brightness }
}

fn carousel(state: &State) -> CarouselView {
    CarouselView {
        enabled: state.carousel.enabled,
        apps: state.carousel.entries.clone(),
        current_index: state.carousel.index,
    }
}

fn scene(registry: &Registry, state: &State) -> Scene {
    let current = current_app(registry, state);
    Scene { app: current.app, config: current.config, brightness: state.brightness }
}
