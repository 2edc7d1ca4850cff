//! Installations: community (Pixlet) apps installed under names of their own,
//! each with its config, and pictures pushed under a name through Tidbyt's
//! push API. Either is an app like the built-in ones: listed, switched to,
//! scheduled in the carousel.
//!
//! The manager keeps what a person chose (which app, its config, how often
//! it renders) and what the instance that renders last reported (the
//! [`RenderStatus`]), so every instance of a cluster lists the same state.
//! Rendering itself, and the frames, belong to the server
//! (`crate::starlark`); whether a config suits the app's own schema is
//! checked there too, before a command reaches the manager, since only a
//! worker running the app can read its schema. The rules here are pure;
//! [`super::commands::apply`] calls them.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::commands::CommandError;
use super::custom::{self, MAX_NAME_LENGTH};
use super::state::State;
use crate::apps::Registry;
use crate::apps::schema::ConfigMap;

/// How many installations, pushed pictures included, may exist at once.
pub const MAX_INSTALLATIONS: usize = 64;
/// How many of them may be pushed pictures, which the state holds whole.
pub const MAX_PUSHED: usize = 16;
/// Most keys one installation's config may hold.
pub const MAX_CONFIG_KEYS: usize = 100;
/// Longest config key, in bytes.
pub const MAX_KEY_LENGTH: usize = 64;
/// Longest config value, in bytes: room for a small photo of a PhotoSelect field.
pub const MAX_VALUE_LENGTH: usize = 256 << 10;
/// Minutes between renders an installation may ask for: a minute to a day.
pub const INTERVAL_MINUTES: RangeInclusive<u32> = 1..=1440;
/// Longest error message kept in a render status.
pub const MAX_ERROR_LENGTH: usize = 2000;

/// A Pixlet app's config: values by field id, as strings, as Pixlet passes them.
pub type StarlarkConfig = BTreeMap<String, String>;

/// One installation.
#[derive(Debug, Clone, PartialEq)]
pub struct Installation {
    pub source: Source,
    /// Counts "render now" requests, so that the instance that renders sees a new one.
    pub refresh: u64,
    /// What the last render gave, as the instance that renders reported it.
    pub status: Option<RenderStatus>,
}

/// What an installation shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A library app, rendered with `config` every `interval` minutes (the
    /// app's recommended interval when `None`).
    App {
        app: String,
        config: StarlarkConfig,
        interval: Option<u32>,
    },
    /// A picture pushed through the push API: base64 WebP or GIF as it came,
    /// and when, in Unix milliseconds.
    Pushed { image: Arc<str>, at: i64 },
}

/// What the last render of an installation gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RenderStatus {
    /// When the last render (or decoding of a pushed picture) ended, in Unix milliseconds.
    pub rendered_at: i64,
    /// How long it took, in milliseconds.
    pub took_ms: u64,
    /// Frames of the picture showing; 0 when the app's `main` returned nothing,
    /// and the app is then skipped in the carousel.
    pub frames: usize,
    /// Milliseconds each frame shows.
    pub delay_ms: u64,
    /// When a render last succeeded, in Unix milliseconds.
    pub last_success_at: Option<i64>,
    /// Why the last render failed; `null` when it succeeded. The picture of
    /// the last good render keeps showing meanwhile.
    pub error: Option<RenderError>,
    /// When the current run of failures began, in Unix milliseconds.
    pub failing_since: Option<i64>,
}

/// Why a render failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RenderError {
    /// The app's error, as an app author reads it (file, line, traceback).
    pub message: String,
    /// The line of the app's code the error points at, when it names one.
    pub line: Option<u32>,
    /// When it failed, in Unix milliseconds.
    pub at: i64,
}

impl Installation {
    /// The library app it runs; `None` for a pushed picture.
    pub fn app(&self) -> Option<&str> {
        match &self.source {
            Source::App { app, .. } => Some(app),
            Source::Pushed { .. } => None,
        }
    }

    /// Its config as the API shows it: a JSON object of strings.
    pub fn config_json(&self) -> ConfigMap {
        match &self.source {
            Source::App { config, .. } => config.iter().map(|(k, v)| (k.clone(), json!(v))).collect(),
            Source::Pushed { .. } => ConfigMap::new(),
        }
    }

    /// The state file's form of it.
    pub fn to_value(&self) -> Value {
        let mut out = Map::new();
        match &self.source {
            Source::App { app, config, interval } => {
                out.insert("app".into(), json!(app));
                out.insert("config".into(), json!(config));
                if let Some(minutes) = interval {
                    out.insert("interval".into(), json!(minutes));
                }
            }
            Source::Pushed { image, at } => {
                out.insert("pushed".into(), json!(image.as_ref()));
                out.insert("pushed_at".into(), json!(at));
            }
        }
        if self.refresh > 0 {
            out.insert("refresh".into(), json!(self.refresh));
        }
        if let Some(status) = &self.status {
            out.insert("status".into(), json!(status));
        }
        Value::Object(out)
    }

    /// Reads the state file's form; the error says what is wrong with it.
    pub fn read(value: Value) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Stored {
            app: Option<String>,
            #[serde(default)]
            config: ConfigMap,
            interval: Option<u32>,
            pushed: Option<String>,
            #[serde(default)]
            pushed_at: i64,
            #[serde(default)]
            refresh: u64,
            status: Option<RenderStatus>,
        }
        let stored: Stored = serde_json::from_value(value).map_err(|error| error.to_string())?;
        let source = match (stored.app, stored.pushed) {
            (Some(app), None) => {
                if !valid_app_id(&app) {
                    return Err(format!("'{app}' is not an app id"));
                }
                if let Some(minutes) = stored.interval.filter(|m| !INTERVAL_MINUTES.contains(m)) {
                    return Err(format!("interval {minutes} is not 1 to 1440 minutes"));
                }
                let config = check_config(&stored.config).map_err(|error| error.to_string())?;
                Source::App {
                    app,
                    config,
                    interval: stored.interval,
                }
            }
            (None, Some(image)) => Source::Pushed {
                image: image.into(),
                at: stored.pushed_at,
            },
            _ => return Err("it names neither an app nor a pushed picture".into()),
        };
        Ok(Self {
            source,
            refresh: stored.refresh,
            status: stored.status,
        })
    }
}

/// Whether `id` may name an app of the library: 1 to 64 of `A-Z a-z 0-9 _ -`,
/// so that it survives a URL unchanged.
pub fn valid_app_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `name` keeps the rules of custom app names: 1 to 32 of `A-Z a-z 0-9 _ -`.
pub fn well_formed_name(name: &str) -> bool {
    (1..=MAX_NAME_LENGTH).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Why `name` cannot be a new installation's, if it cannot: the rules of
/// custom app names, and no other app of any kind may have it already.
pub fn name_problem(registry: &Registry, state: &State, name: &str) -> Option<CommandError> {
    if !well_formed_name(name) {
        return Some(CommandError::InvalidInstallationName(format!(
            "Installation names are 1 to {MAX_NAME_LENGTH} of A-Z, a-z, 0-9, '_' and '-': '{name}' is not"
        )));
    }
    if registry.get(name).is_some() {
        return Some(CommandError::NameTaken(format!(
            "'{name}' is a built-in app; pick another name"
        )));
    }
    if state.custom.apps.contains_key(name) {
        return Some(CommandError::NameTaken(format!(
            "'{name}' is a custom app; pick another name"
        )));
    }
    None
}

/// A config patch read as Pixlet's string map: every value a string, every
/// key one a schema could give a field. Whether the app's schema takes it is
/// checked before the command is built.
pub fn check_config(patch: &ConfigMap) -> Result<StarlarkConfig, CommandError> {
    if patch.len() > MAX_CONFIG_KEYS {
        return Err(CommandError::InvalidStarlarkConfig(format!(
            "A config holds at most {MAX_CONFIG_KEYS} keys"
        )));
    }
    patch
        .iter()
        .map(|(key, value)| {
            let refuse = |problem: &str| Err(CommandError::InvalidStarlarkConfig(format!("'{key}' {problem}")));
            if key.is_empty() || key.len() > MAX_KEY_LENGTH {
                return refuse(&format!("is not a config key of 1 to {MAX_KEY_LENGTH} bytes"));
            }
            if key.starts_with('$') {
                return refuse("is set by the board (keys starting with '$' are the board's)");
            }
            match value {
                Value::String(text) if text.len() <= MAX_VALUE_LENGTH => Ok((key.clone(), text.clone())),
                Value::String(_) => refuse(&format!("is longer than {MAX_VALUE_LENGTH} bytes")),
                _ => refuse("must be a string: Pixlet apps take every config value as a string"),
            }
        })
        .collect()
}

/// Installs `app` as `name`.
pub fn install(
    registry: &Registry,
    state: &mut State,
    name: &str,
    app: &str,
    config: StarlarkConfig,
    interval: Option<u32>,
) -> Result<(), CommandError> {
    if let Some(problem) = name_problem(registry, state, name) {
        return Err(problem);
    }
    if state.installations.contains_key(name) {
        return Err(CommandError::NameTaken(format!(
            "'{name}' is installed already; delete it first or pick another name"
        )));
    }
    if state.installations.len() >= MAX_INSTALLATIONS {
        return Err(CommandError::TooManyInstallations);
    }
    check_interval(interval)?;
    if !valid_app_id(app) {
        return Err(CommandError::UnknownStarlarkApp(app.to_owned()));
    }
    let installation = Installation {
        source: Source::App {
            app: app.to_owned(),
            config,
            interval,
        },
        refresh: 0,
        status: None,
    };
    state.installations.insert(name.to_owned(), installation);
    Ok(())
}

fn check_interval(interval: Option<u32>) -> Result<(), CommandError> {
    match interval {
        Some(minutes) if !INTERVAL_MINUTES.contains(&minutes) => Err(CommandError::InvalidInterval),
        _ => Ok(()),
    }
}

/// Removes installation `name` and its carousel entries; if it was showing,
/// what custom apps hand over to takes over.
pub fn uninstall(state: &mut State, name: &str) -> Result<(), CommandError> {
    if state.installations.remove(name).is_none() {
        return Err(CommandError::UnknownInstallation(name.to_owned()));
    }
    custom::drop_from_rotation(state, name);
    Ok(())
}

/// Sets how often an installed app renders; `None` goes back to the app's own interval.
pub fn set_interval(state: &mut State, name: &str, interval: Option<u32>) -> Result<(), CommandError> {
    check_interval(interval)?;
    match &mut installation(state, name)?.source {
        Source::App { interval: set, .. } => {
            *set = interval;
            Ok(())
        }
        Source::Pushed { .. } => Err(CommandError::PushedHasNoSettings(name.to_owned())),
    }
}

/// Asks for a render of `name` now.
pub fn render_now(state: &mut State, name: &str) -> Result<(), CommandError> {
    let installation = installation(state, name)?;
    if matches!(installation.source, Source::Pushed { .. }) {
        return Err(CommandError::PushedHasNoSettings(name.to_owned()));
    }
    installation.refresh += 1;
    Ok(())
}

/// Records what a render of `name` gave, if `name` still runs `app` (`None`: a
/// pushed picture); a render of something since deleted or replaced is forgotten.
pub fn record(state: &mut State, name: &str, app: Option<&str>, status: RenderStatus) {
    if let Some(installation) = state.installations.get_mut(name)
        && installation.app() == app
    {
        installation.status = Some(status);
    }
}

/// Merges `patch` into `name`'s config.
pub fn merge_config(state: &mut State, name: &str, patch: StarlarkConfig) -> Result<(), CommandError> {
    match &mut installation(state, name)?.source {
        Source::App { config, .. } => {
            config.extend(patch);
            if config.len() > MAX_CONFIG_KEYS {
                return Err(CommandError::InvalidStarlarkConfig(format!(
                    "A config holds at most {MAX_CONFIG_KEYS} keys"
                )));
            }
            Ok(())
        }
        Source::Pushed { .. } if patch.is_empty() => Ok(()),
        Source::Pushed { .. } => Err(CommandError::PushedHasNoSettings(name.to_owned())),
    }
}

/// Seconds a pushed picture shows when it joins the carousel, as Tronbyt shows apps.
pub const PUSHED_SECONDS: f64 = 15.0;

/// How a pushed picture takes its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Show it at once.
    pub show: bool,
    /// A new one joins a rotating carousel at its end, as Tidbyt adds a pushed
    /// installation to the device's rotation.
    pub rotate: bool,
}

/// Stores a pushed picture as `name`, replacing a picture pushed before
/// under that name.
pub fn push(
    registry: &Registry,
    state: &mut State,
    name: &str,
    image: Arc<str>,
    at: i64,
    placement: Placement,
) -> Result<(), CommandError> {
    match state.installations.get(name).map(|installed| &installed.source) {
        Some(Source::Pushed { .. }) => {}
        Some(Source::App { .. }) => {
            return Err(CommandError::NameTaken(format!(
                "'{name}' is an installed app; push under another installationID"
            )));
        }
        None => {
            if let Some(problem) = name_problem(registry, state, name) {
                return Err(problem);
            }
            if state.installations.len() >= MAX_INSTALLATIONS {
                return Err(CommandError::TooManyInstallations);
            }
            let pushed = state
                .installations
                .values()
                .filter(|installed| matches!(installed.source, Source::Pushed { .. }))
                .count();
            if pushed >= MAX_PUSHED {
                return Err(CommandError::TooManyPushed);
            }
        }
    }
    let status = state
        .installations
        .get(name)
        .and_then(|installed| installed.status.clone());
    let installation = Installation {
        source: Source::Pushed { image, at },
        refresh: 0,
        status,
    };
    let new = state.installations.insert(name.to_owned(), installation).is_none();
    if new && placement.rotate && state.carousel.enabled {
        let end = state.carousel.entries.len();
        if !custom::place(state, name, (end, PUSHED_SECONDS)) {
            return Err(CommandError::CarouselTooLong);
        }
    }
    if placement.show && state.current.as_deref() != Some(name) {
        state.previous = state.current.replace(name.to_owned());
    }
    Ok(())
}

fn installation<'a>(state: &'a mut State, name: &str) -> Result<&'a mut Installation, CommandError> {
    state
        .installations
        .get_mut(name)
        .ok_or_else(|| CommandError::UnknownInstallation(name.to_owned()))
}

/// What the API and the `installations` event say of one installation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InstallationView {
    pub name: String,
    /// `app`: a library app, rendered on the board; `pushed`: a picture pushed
    /// through `POST /v0/devices/{id}/push`.
    pub kind: &'static str,
    /// The library app it runs; `null` for a pushed picture.
    pub app: Option<String>,
    /// Its config: values by field id, strings as Pixlet passes them.
    #[schema(value_type = Object)]
    pub config: ConfigMap,
    /// Minutes between renders set for this installation; `null` follows the
    /// app's recommended interval.
    pub interval: Option<u32>,
    /// When a picture was last pushed, in Unix milliseconds; `null` for an app.
    pub pushed_at: Option<i64>,
    /// What the last render gave; `null` before the first one.
    pub status: Option<RenderStatus>,
    /// How many renders were asked for with `POST .../render`; each one
    /// changes this view, which is what starts the render.
    pub renders_asked: u64,
}

impl InstallationView {
    pub fn of(name: &str, installation: &Installation) -> Self {
        let (kind, interval, pushed_at) = match &installation.source {
            Source::App { interval, .. } => ("app", *interval, None),
            Source::Pushed { at, .. } => ("pushed", None, Some(*at)),
        };
        Self {
            name: name.to_owned(),
            kind,
            app: installation.app().map(str::to_owned),
            config: installation.config_json(),
            interval,
            pushed_at,
            status: installation.status.clone(),
            renders_asked: installation.refresh,
        }
    }
}

#[cfg(test)]
mod tests;
