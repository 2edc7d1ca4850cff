//! The read-only views of state that leave the manager: event payloads and REST replies.
//!
//! [`VIEWS`] is the one list of them: each entry names the Socket.IO event,
//! says how the view is derived from the state and when it is sent. The
//! manager derives every view on every change and publishes it only when it
//! differs from the last one, which is what makes "an event when, and only
//! when, something changed" hold by construction; the initial state a client
//! gets, `request_state`, the broadcasts and the test helpers all follow the
//! list. Adding a view means a struct with an `of` function here, a variant
//! of [`Payload`] and an entry in [`VIEWS`].

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::installations::InstallationView;
use super::night::NightView;
use super::notifications::{Ends, Notification, Notifications};
use super::state::{Carousel, CarouselEntry, State};
use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::render::Transition;

/// One view: its event name, how it is derived, and when it is sent.
pub struct View {
    pub event: &'static str,
    pub sent: Sent,
    pub derive: fn(&Registry, &State) -> Payload,
}

/// When a view's event reaches a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// On connect and `request_state` only.
    OnConnect,
    /// On connect and `request_state`, and broadcast to every client when it changes.
    OnConnectAndChange,
    /// Broadcast to every client when it changes; in the initial state (on
    /// connect and with `request_state`) sent only to a client that names it,
    /// so a client written for the original server gets exactly the events it
    /// knows.
    OnChangeAndWhenAsked,
}

impl Sent {
    pub fn on_change(self) -> bool {
        matches!(self, Self::OnConnectAndChange | Self::OnChangeAndWhenAsked)
    }

    /// Whether a client that asked for the views `asked` gets this one in its initial state.
    pub fn on_connect(self, event: &str, asked: &[String]) -> bool {
        self != Self::OnChangeAndWhenAsked || asked.iter().any(|name| name == event)
    }
}

/// Every view, in the order a newly connected client receives them.
pub const VIEWS: &[View] = &[
    View {
        event: "apps_list",
        sent: Sent::OnConnect,
        derive: |registry, state| Payload::AppsList(AppsList::of(registry, state)),
    },
    View {
        event: "current_app",
        sent: Sent::OnConnectAndChange,
        derive: |registry, state| Payload::CurrentApp(CurrentApp::of(registry, state)),
    },
    View {
        event: "settings",
        sent: Sent::OnConnectAndChange,
        derive: |_, state| Payload::Settings(Settings::of(state)),
    },
    View {
        event: "carousel_config",
        sent: Sent::OnConnectAndChange,
        derive: |_, state| Payload::Carousel(CarouselView::of(&state.carousel)),
    },
    View {
        event: "night",
        sent: Sent::OnChangeAndWhenAsked,
        derive: |_, state| Payload::Night(NightView::of(&state.night)),
    },
    View {
        event: "transition",
        sent: Sent::OnChangeAndWhenAsked,
        derive: |_, state| Payload::Transition(state.transition),
    },
    View {
        event: "custom_apps",
        sent: Sent::OnChangeAndWhenAsked,
        derive: |_, state| Payload::CustomApps(CustomAppsView::of(state)),
    },
    View {
        event: "notification",
        sent: Sent::OnChangeAndWhenAsked,
        derive: |_, state| Payload::Notification(NotificationView::of(&state.notifications)),
    },
    View {
        event: "installations",
        sent: Sent::OnChangeAndWhenAsked,
        derive: |_, state| Payload::Installations(InstallationsView::of(state)),
    },
];

/// A view's value, serialised as the view itself (the variant adds nothing on the wire).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Payload {
    AppsList(AppsList),
    CurrentApp(CurrentApp),
    Settings(Settings),
    Carousel(CarouselView),
    Night(NightView),
    Transition(Transition),
    Notification(NotificationView),
    CustomApps(CustomAppsView),
    Installations(InstallationsView),
}

/// `current_app`: the running app and its effective config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct CurrentApp {
    pub app: Option<String>,
    #[schema(value_type = Object)]
    pub config: ConfigMap,
}

impl CurrentApp {
    /// A custom app runs with an empty config, an installation with its own.
    pub fn of(registry: &Registry, state: &State) -> Self {
        if let Some((app, installation)) = state
            .current
            .as_ref()
            .and_then(|app| Some((app, state.installations.get(app)?)))
        {
            return Self {
                app: Some(app.clone()),
                config: installation.config_json(),
            };
        }
        if let Some(app) = state
            .current
            .as_ref()
            .filter(|app| state.custom.apps.contains_key(*app))
        {
            return Self {
                app: Some(app.clone()),
                config: ConfigMap::new(),
            };
        }
        let running = state.current.as_ref().and_then(|app| registry.get(app));
        match running {
            Some(entry) => Self {
                app: Some(entry.name().to_owned()),
                config: entry
                    .schema
                    .effective(state.saved.get(entry.name()).unwrap_or(&ConfigMap::new())),
            },
            None => Self::default(),
        }
    }
}

/// `settings`: display-wide settings. The brightness is the daytime one the
/// user set, also at night, so the original front end's slider means what it
/// always did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Settings {
    pub brightness: u8,
}

impl Settings {
    pub fn of(state: &State) -> Self {
        Self {
            brightness: state.brightness,
        }
    }
}

/// `carousel_config`: the rotation and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CarouselView {
    pub enabled: bool,
    pub apps: Vec<CarouselEntry>,
    pub current_index: usize,
}

impl CarouselView {
    pub fn of(carousel: &Carousel) -> Self {
        Self {
            enabled: carousel.enabled,
            apps: carousel.entries.clone(),
            current_index: carousel.index,
        }
    }
}

/// `apps_list`: what can run, and what does.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AppsList {
    /// The built-in apps, then the custom apps by name, then the installations by name.
    pub apps: Vec<String>,
    pub current: Option<String>,
}

impl AppsList {
    pub fn of(registry: &Registry, state: &State) -> Self {
        let builtin = registry.names().into_iter().map(str::to_owned);
        Self {
            apps: builtin
                .chain(state.custom.apps.keys().cloned())
                .chain(state.installations.keys().cloned())
                .collect(),
            current: state.current.clone(),
        }
    }
}

/// `custom_apps`: the names of the custom apps, so a client's list of apps
/// follows them (`apps_list` itself is sent on request only), and when those
/// with a lifetime expire.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CustomAppsView {
    pub apps: Vec<String>,
    /// The apps removed unless updated in time, by name; the others are kept until deleted.
    pub lifetimes: BTreeMap<String, LifetimeView>,
}

/// A custom app's lifetime, for a countdown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LifetimeView {
    /// Seconds without an update after which it is removed.
    pub seconds: f64,
    /// When it is removed unless updated, in Unix milliseconds; `null` for an
    /// app read from the state file, whose countdown began when the server started.
    pub expires_at: Option<i64>,
}

impl CustomAppsView {
    pub fn of(state: &State) -> Self {
        let lifetimes = state.custom.apps.iter().filter_map(|(name, app)| {
            let seconds = app.lifetime?;
            let expires_at = app.posted_at.map(|posted| posted + (seconds * 1000.0).round() as i64);
            Some((name.clone(), LifetimeView { seconds, expires_at }))
        });
        Self {
            apps: state.custom.apps.keys().cloned().collect(),
            lifetimes: lifetimes.collect(),
        }
    }
}

/// `installations`: every installed community app and pushed picture, by
/// name, with what its last render gave; `GET /api/starlark/installations` replies the same.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InstallationsView {
    pub installations: Vec<InstallationView>,
}

impl InstallationsView {
    pub fn of(state: &State) -> Self {
        Self {
            installations: state
                .installations
                .iter()
                .map(|(name, installation)| InstallationView::of(name, installation))
                .collect(),
        }
    }
}

/// `notification`: the one showing, and how many wait behind it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NotificationView {
    pub active: Option<ActiveNotification>,
    pub queued: usize,
}

impl NotificationView {
    pub fn of(notifications: &Notifications) -> Self {
        Self {
            active: notifications.active.as_ref().map(ActiveNotification::of),
            queued: notifications.waiting.len(),
        }
    }
}

/// The notification showing, summed up for people.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ActiveNotification {
    pub id: u64,
    /// Its text without colours.
    pub text: String,
    pub color: [u8; 3],
    /// Whether it stays until dismissed.
    pub hold: bool,
    /// Seconds it shows, unless held or counted in scrolls.
    pub duration: Option<f64>,
    /// How many times its text scrolls across, if counted so.
    pub repeat: Option<u32>,
}

impl ActiveNotification {
    fn of(notification: &Notification) -> Self {
        let (hold, duration, repeat) = match notification.ends {
            Ends::Dismissed => (true, None, None),
            Ends::After { seconds, repeat } => (false, Some(seconds), repeat),
        };
        Self {
            id: notification.id,
            text: notification.content.plain_text(),
            color: notification.content.color,
            hold,
            duration,
            repeat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manager::state::StateFile;

    #[test]
    fn payloads_serialise_exactly_as_their_views() {
        let registry = Registry::builtin();
        let state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
        for view in VIEWS {
            let payload = (view.derive)(&registry, &state);
            let inner = match &payload {
                Payload::AppsList(view) => serde_json::to_string(view),
                Payload::CurrentApp(view) => serde_json::to_string(view),
                Payload::Settings(view) => serde_json::to_string(view),
                Payload::Carousel(view) => serde_json::to_string(view),
                Payload::Night(view) => serde_json::to_string(view),
                Payload::Transition(view) => serde_json::to_string(view),
                Payload::Notification(view) => serde_json::to_string(view),
                Payload::CustomApps(view) => serde_json::to_string(view),
                Payload::Installations(view) => serde_json::to_string(view),
            };
            assert_eq!(
                serde_json::to_string(&payload).unwrap(),
                inner.unwrap(),
                "{}",
                view.event
            );
        }
        let carousel = serde_json::to_string(&(VIEWS[3].derive)(&registry, &state)).unwrap();
        assert_eq!(
            carousel,
            r#"{"enabled":false,"apps":[{"app":"clock","duration":10}],"current_index":0}"#
        );
    }
}
