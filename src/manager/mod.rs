//! The app manager: the single owner of RetroBoard's state as this instance sees it.
//!
//! Commands ([`Command`]) go in through [`Manager::execute`] and are validated
//! in full before anything changes (see [`commands::apply`]). The state itself
//! lives in a [`StateStore`]: the state file when the instance stands alone,
//! Redis in a cluster. The manager keeps a mirror of it and commits every
//! command as a compare-and-set against the version it read, so concurrent
//! commands (from this instance or another) can never lose an update; changes
//! made elsewhere arrive through [`Manager::adopt`].
//!
//! Every accepted change is published as views on `tokio::sync::watch`
//! channels (see [`views::VIEWS`]); a watch channel keeps only the latest
//! value, so a burst of changes (a dragged brightness slider) never queues
//! stale values behind the newest one. The manager knows nothing of HTTP or
//! Socket.IO: the transport layers subscribe and translate.

pub mod carousel;
pub mod commands;
pub mod custom;
pub mod custom_timer;
pub mod installations;
pub mod night;
pub mod notification_timer;
pub mod notifications;
pub mod schedule;
#[cfg(test)]
mod shared_tests;
pub mod signals;
pub mod sleep_timer;
pub mod state;
pub mod store;
pub mod views;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;
use tokio::sync::watch;

use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::clock::Clock;
use crate::render::{Overlay, Scene};
pub use commands::{CarouselUpdate, Command, CommandError};
use custom_timer::Lifetime;
use night::NightScene;
use notifications::Notification;
use signals::Moodlight;
use signals::Sleep;
use state::{DEFAULT_BRIGHTNESS, MAX_BRIGHTNESS, State};
use store::{StateStore, StoreError, Version, Versioned};
use views::{CarouselView, CurrentApp, Payload, VIEWS, View};

/// How often a command is reapplied when other commits keep landing first.
const MAX_ATTEMPTS: usize = 50;

pub struct Manager {
    registry: Arc<Registry>,
    mirror: Mutex<Versioned>,
    store: Arc<dyn StateStore>,
    /// One channel per entry of [`VIEWS`], in the same order.
    views: Vec<watch::Sender<Payload>>,
    /// What the carousel timer sleeps on.
    carousel: watch::Sender<CarouselView>,
    /// The daytime scene: what the render loop draws unless it is night.
    scene: watch::Sender<Scene>,
    /// What the night would show, and when it is.
    night: watch::Sender<NightScene>,
    /// Whose time zone and "now" night mode follows.
    clock: Clock,
    /// The notification showing, for the timers of the panel owner.
    notification: watch::Sender<Option<Notification>>,
    /// Each custom app with a lifetime, for the panel owner's timer.
    lifetimes: watch::Sender<Vec<Lifetime>>,
    /// The sleep under way, for the panel owner's timer.
    sleep: watch::Sender<Option<Sleep>>,
    /// When this manager started, for `GET /api/stats`' uptime.
    started: std::time::Instant,
    /// Commands received, accepted or not, for `GET /api/stats`' message count.
    received: AtomicU64,
}

impl Manager {
    /// A manager over `store`, starting from `initial` as read from it.
    pub fn new(registry: Arc<Registry>, initial: Versioned, store: Arc<dyn StateStore>) -> Self {
        let state = &initial.state;
        let views = VIEWS
            .iter()
            .map(|view| watch::Sender::new((view.derive)(&registry, state)))
            .collect();
        Self {
            carousel: watch::Sender::new(CarouselView::of(&state.carousel)),
            scene: watch::Sender::new(scene(&registry, state)),
            night: watch::Sender::new(NightScene::of(&registry, &state.night, &state.saved)),
            clock: Clock::system(chrono_tz::Tz::UTC),
            notification: watch::Sender::new(state.notifications.active.clone()),
            lifetimes: watch::Sender::new(Lifetime::all(state)),
            sleep: watch::Sender::new(state.signals.sleep),
            started: std::time::Instant::now(),
            received: AtomicU64::new(0),
            views,
            registry,
            mirror: Mutex::new(initial),
            store,
        }
    }

    /// The same manager, reading the time from `clock` (UTC on the system clock until told).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Applies `command`, publishing every view it changed; a refused command changes nothing.
    ///
    /// Validates against the newest stored state and commits with a
    /// compare-and-set; when another commit landed in between, reads again and
    /// reapplies, so no change is lost and none is applied twice.
    pub async fn execute(&self, command: Command) -> Result<(), CommandError> {
        self.received.fetch_add(1, Ordering::Relaxed);
        for _ in 0..MAX_ATTEMPTS {
            let known = self.versioned();
            let current = self.store.load(&known).await.map_err(unavailable)?;
            self.adopt(current.clone());
            let command = commands::at(command.clone(), &current.state, self.clock.now());
            // The one copy a command makes: the state it changes.
            let mut next = State::clone(&current.state);
            commands::apply(&self.registry, &mut next, command)?;
            if next == *current.state {
                return Ok(());
            }
            let next = Arc::new(next);
            if let Some(version) = self.store.store(&current.version, &next).await.map_err(unavailable)? {
                self.adopt(Versioned { version, state: next });
                return Ok(());
            }
        }
        Err(CommandError::Unavailable(
            "too many concurrent changes; try again".into(),
        ))
    }

    /// Takes a state read from the store, unless the mirror already holds that
    /// version or a newer one (a late message never rolls it back). Returns
    /// whether the mirror changed.
    pub fn adopt(&self, incoming: Versioned) -> bool {
        let mut mirror = self.mirror.lock();
        if !mirror.version.accepts(&incoming.version) {
            return false;
        }
        *mirror = incoming;
        self.publish(&mirror.state);
        true
    }

    /// The store version the mirror holds.
    pub fn version(&self) -> Version {
        self.mirror.lock().version.clone()
    }

    /// The current state, shared.
    pub fn state(&self) -> Arc<State> {
        Arc::clone(&self.mirror.lock().state)
    }

    /// The current state with the store version it is at.
    pub fn versioned(&self) -> Versioned {
        self.mirror.lock().clone()
    }

    /// Derives something from the current state under the lock, e.g. a view
    /// for a REST reply: `manager.view(CurrentApp::of)`.
    pub fn view<T>(&self, derive: impl FnOnce(&Registry, &State) -> T) -> T {
        derive(&self.registry, &self.mirror.lock().state)
    }

    /// The views a newly connected client that asked for the views `asked`
    /// gets, all taken at one instant, in [`VIEWS`] order.
    pub fn initial_views(&self, asked: &[String]) -> Vec<(&'static str, Payload)> {
        let mirror = self.mirror.lock();
        VIEWS
            .iter()
            .filter(|view| view.sent.on_connect(view.event, asked))
            .map(|view| (view.event, (view.derive)(&self.registry, &mirror.state)))
            .collect()
    }

    /// Each view with a receiver of its changes.
    pub fn watch_views(&self) -> impl Iterator<Item = (&'static View, watch::Receiver<Payload>)> + '_ {
        VIEWS.iter().zip(self.views.iter().map(watch::Sender::subscribe))
    }

    /// The effective config of `app`: its defaults with the saved keys laid
    /// over. A custom app has none; an installation has what was set.
    pub fn effective_config(&self, app: &str) -> Result<ConfigMap, CommandError> {
        if self.view(|_, state| state.custom.apps.contains_key(app)) {
            return Ok(ConfigMap::new());
        }
        if let Some(config) = self.view(|_, state| state.installations.get(app).map(|i| i.config_json())) {
            return Ok(config);
        }
        let entry = self
            .registry
            .get(app)
            .ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
        Ok(self.view(|_, state| {
            entry
                .schema
                .effective(state.saved.get(app).unwrap_or(&ConfigMap::new()))
        }))
    }

    pub fn watch_carousel(&self) -> watch::Receiver<CarouselView> {
        self.carousel.subscribe()
    }

    pub fn watch_scene(&self) -> watch::Receiver<Scene> {
        self.scene.subscribe()
    }

    pub fn watch_night(&self) -> watch::Receiver<NightScene> {
        self.night.subscribe()
    }

    /// Whether it is night now, by the current settings and the clock.
    pub fn is_night(&self) -> bool {
        self.mirror.lock().state.night.is_on(self.clock.now())
    }

    pub fn watch_notification(&self) -> watch::Receiver<Option<Notification>> {
        self.notification.subscribe()
    }

    pub fn watch_lifetimes(&self) -> watch::Receiver<Vec<Lifetime>> {
        self.lifetimes.subscribe()
    }

    pub fn watch_sleep(&self) -> watch::Receiver<Option<Sleep>> {
        self.sleep.subscribe()
    }

    /// How long this manager has run.
    pub fn uptime(&self) -> std::time::Duration {
        self.started.elapsed()
    }

    /// How many commands it was given, accepted or not.
    pub fn commands_received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }

    /// Publishes every view of `state` that differs from the last one sent.
    ///
    /// Called under the mirror's lock, so each channel's history follows the
    /// order in which changes happened.
    fn publish(&self, state: &State) {
        for (view, channel) in VIEWS.iter().zip(&self.views) {
            publish(channel, (view.derive)(&self.registry, state));
        }
        publish(&self.carousel, CarouselView::of(&state.carousel));
        publish(&self.scene, scene(&self.registry, state));
        publish(&self.night, NightScene::of(&self.registry, &state.night, &state.saved));
        publish(&self.notification, state.notifications.active.clone());
        publish(&self.lifetimes, Lifetime::all(state));
        publish(&self.sleep, state.signals.sleep);
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

/// What the panel shows. A notification is drawn only while the panel is on
/// (an app runs and the brightness is above 0), unless it asks to wake the
/// panel; one that wakes a panel at brightness 0 shows at the default
/// brightness. The indicators and the moodlight show only while the panel is
/// on; a moodlight with a brightness of its own shows at that brightness.
fn scene(registry: &Registry, state: &State) -> Scene {
    let current = CurrentApp::of(registry, state);
    let panel_on = current.app.is_some() && state.brightness > 0;
    let notification = state
        .notifications
        .active
        .as_ref()
        .filter(|notification| panel_on || notification.wakeup);
    let moodlight = state.signals.moodlight.filter(|_| panel_on);
    let brightness = match (notification, moodlight) {
        (
            _,
            Some(Moodlight {
                brightness: Some(_), ..
            }),
        ) => MAX_BRIGHTNESS,
        (Some(_), _) if state.brightness == 0 => DEFAULT_BRIGHTNESS,
        _ => state.brightness,
    };
    let custom = current
        .app
        .as_ref()
        .and_then(|app| state.custom.apps.get(app))
        .map(|app| {
            let mut content = app.content.clone();
            content.extras.stale = app.stale;
            content
        });
    let installed = current
        .app
        .as_ref()
        .is_some_and(|app| state.installations.contains_key(app));
    Scene {
        installed,
        app: current.app,
        config: current.config,
        transition: state.transition,
        custom,
        brightness,
        notification: notification.map(|notification| Overlay {
            id: notification.id,
            content: notification.content.clone(),
        }),
        indicators: if panel_on {
            state.signals.indicators
        } else {
            Default::default()
        },
        moodlight: moodlight.map(|moodlight| match moodlight.brightness {
            Some(level) => moodlight
                .color
                .map(|channel| (u16::from(channel) * u16::from(level) / 255) as u8),
            None => moodlight.color,
        }),
    }
}
