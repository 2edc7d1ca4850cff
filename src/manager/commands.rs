//! Commands and the rules that apply them to [`State`].
//!
//! [`apply`] is a pure function of the state, the registry and the command:
//! it validates everything before it changes anything, so a refused command
//! leaves the state as it was, and the same rules serve however the state is
//! stored.

use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::apps::Registry;
use crate::apps::schema::{ConfigError, ConfigMap};
use crate::render::Transition;
use crate::render::transition::{DURATION_MS, Kind};

use super::custom::{self, CustomUpdate, MAX_CUSTOM_APPS};
use super::installations::{self, MAX_INSTALLATIONS, MAX_PUSHED, Placement, RenderStatus, StarlarkConfig};
use super::night::{InvalidNight, NightUpdate};
use super::notifications::{MAX_WAITING, NotifyRequest};
use super::schedule::{self, InvalidSchedule};
use super::signals::{IndicatorUpdate, Moodlight};
use super::state::{self, CarouselEntry, DURATION_RANGE, MAX_BRIGHTNESS, MAX_CAROUSEL_ENTRIES, State};
use super::views::{AppsList, CarouselView};

/// A request to change state.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start `app` with its saved config, after merging `config` into it (and saving that).
    Switch {
        app: String,
        config: Option<ConfigMap>,
    },
    /// Stop the running app, remembering it for [`Command::Resume`].
    Stop,
    /// Start something if nothing runs: the carousel's entry when it rotates,
    /// else the app stopped last, else the first app. Lets a plain on/off
    /// switch turn the board back on.
    Resume,
    /// Show the next (or previous) carousel entry when the carousel rotates,
    /// else the next (or previous) app of the app list, wrapping around. A
    /// person asked for it, so a schedule does not hold it back.
    Step {
        forward: bool,
    },
    /// Merge keys into the running app's config (live and saved).
    ConfigureRunning(ConfigMap),
    /// Merge keys into `app`'s saved config; it applies live if `app` is running.
    Configure {
        app: String,
        patch: ConfigMap,
    },
    SetBrightness(i64),
    SetCarousel(CarouselUpdate),
    SetNight(NightUpdate),
    /// Set how a new app takes over: the kind by name, the length in milliseconds.
    SetTransition {
        kind: Option<String>,
        duration: Option<i64>,
    },
    /// Step the carousel, if it still is as `expected`. The timer passes the view it
    /// slept on, so a step that races with a reconfiguration is dropped instead of
    /// skipping an entry.
    AdvanceCarousel {
        expected: CarouselView,
    },
    /// An [`Command::AdvanceCarousel`] of a scheduled carousel, resolved at the
    /// time of the step: go to entry `to`, or, when no entry may show, stay.
    StepCarousel {
        expected: CarouselView,
        to: Option<usize>,
    },
    /// Show a notification now, or queue it behind the one showing.
    Notify(NotifyRequest),
    /// End the notification showing; the next in line shows.
    DismissNotification,
    /// End notification `id` if it still shows: its time is up.
    EndNotification {
        id: u64,
    },
    /// Post or delete custom apps, all or none.
    SetCustom(Vec<CustomUpdate>),
    /// Remove custom app `name` if it is still at `revision`: its lifetime is
    /// up. One posted with `lifetimeMode` 1 is marked stale instead.
    ExpireCustom {
        name: String,
        revision: u64,
    },
    /// Install library app `app` as `name`, with `config` (already checked
    /// against the app's schema) rendered every `interval` minutes (the app's
    /// own interval when `None`).
    Install {
        name: String,
        app: String,
        config: StarlarkConfig,
        interval: Option<u32>,
    },
    /// Remove installation `name`, an app or a pushed picture.
    Uninstall {
        name: String,
    },
    /// Set how often installation `name` renders.
    SetInterval {
        name: String,
        interval: Option<u32>,
    },
    /// Render installation `name` again now.
    RenderNow {
        name: String,
    },
    /// What a render of `name`, running library app `app` (`None`: a pushed
    /// picture), gave; reported by the instance that renders.
    RecordRender {
        name: String,
        app: Option<String>,
        status: RenderStatus,
    },
    /// Keep a pushed picture (base64 WebP or GIF) as `name`, pushed at `at`
    /// (Unix milliseconds).
    Push {
        name: String,
        image: Arc<str>,
        at: i64,
        placement: Placement,
    },
    /// Change indicator `index` (0 to 2).
    SetIndicator {
        index: usize,
        update: IndicatorUpdate,
    },
    /// Fill the panel with a colour, or (`None`) stop doing so.
    SetMoodlight(Option<Moodlight>),
    /// Stop the running app, and resume after `seconds`.
    Sleep {
        seconds: f64,
    },
    /// End sleep `id` if it still lasts: its time is up.
    Wake {
        id: u64,
    },
}

/// A requested carousel change; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CarouselUpdate {
    pub enabled: Option<bool>,
    pub entries: Option<Vec<CarouselEntry>>,
}

/// Why a command was refused. Nothing changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("App not found: {0}")]
    UnknownApp(String),
    #[error(transparent)]
    InvalidConfig(#[from] ConfigError),
    #[error("No app is running")]
    NothingRunning,
    #[error("Brightness must be between 0 and {MAX_BRIGHTNESS}")]
    BrightnessOutOfRange,
    #[error("Cannot enable the carousel with no apps")]
    EmptyCarousel,
    #[error("The carousel holds at most {MAX_CAROUSEL_ENTRIES} apps")]
    CarouselTooLong,
    #[error(transparent)]
    InvalidNight(#[from] InvalidNight),
    #[error(transparent)]
    InvalidSchedule(#[from] InvalidSchedule),
    #[error("'kind' must be one of none, fade, slide-left, slide-up")]
    UnknownTransition,
    #[error("'duration' must be a whole number of milliseconds from {} to {}", DURATION_MS.start(), DURATION_MS.end())]
    InvalidTransitionDuration,
    #[error("Duration must be a positive number of seconds from {} to {}", DURATION_RANGE.start(), DURATION_RANGE.end())]
    InvalidDuration,
    #[error("At most {MAX_WAITING} notifications can wait; try again once some have shown")]
    NotificationQueueFull,
    #[error("{0}")]
    InvalidCustomName(String),
    #[error("At most {MAX_CUSTOM_APPS} custom apps can exist; delete one first")]
    TooManyCustomApps,
    #[error("Custom app '{0}' has no config; post its content again to change it")]
    CustomAppConfig(String),
    #[error("{0}")]
    InvalidInstallationName(String),
    /// The name belongs to another app: a built-in, a custom app or an installation.
    #[error("{0}")]
    NameTaken(String),
    #[error("At most {MAX_INSTALLATIONS} apps can be installed (pushed pictures included); delete one first")]
    TooManyInstallations,
    #[error("At most {MAX_PUSHED} pushed pictures can be kept; delete one first")]
    TooManyPushed,
    #[error("No installation is named '{0}'")]
    UnknownInstallation(String),
    #[error("No app of the library has the id '{0}'")]
    UnknownStarlarkApp(String),
    #[error("{0}")]
    InvalidStarlarkConfig(String),
    #[error("'interval' must be a whole number of minutes from 1 to 1440, or null for the app's own")]
    InvalidInterval,
    #[error("'{0}' is a pushed picture: it has no config or render settings; push it again to change it")]
    PushedHasNoSettings(String),
    #[error("There are three indicators: 1, 2 and 3")]
    UnknownIndicator,
    /// The shared state store (cluster mode) cannot be reached; try again later.
    #[error("State store unavailable: {0}")]
    Unavailable(String),
}

/// Applies `command` to `state`, or refuses it and leaves `state` untouched.
pub fn apply(registry: &Registry, state: &mut State, command: Command) -> Result<(), CommandError> {
    match command {
        Command::Switch { app, config } => {
            let patch = validate(registry, state, &app, config.as_ref())?;
            merge_saved(state, &app, patch)?;
            if state.current.as_ref() != Some(&app) {
                state.previous = state.current.replace(app);
            }
        }
        Command::Stop => {
            state.signals.sleep = None;
            stop(state);
        }
        Command::Resume => {
            state.signals.sleep = None;
            resume(registry, state);
        }
        Command::Step { forward } => step(registry, state, forward),
        Command::ConfigureRunning(patch) => {
            let running = state.current.clone().ok_or(CommandError::NothingRunning)?;
            let patch = validate(registry, state, &running, Some(&patch))?;
            merge_saved(state, &running, patch)?;
        }
        Command::Configure { app, patch } => {
            let patch = validate(registry, state, &app, Some(&patch))?;
            merge_saved(state, &app, patch)?;
        }
        Command::SetBrightness(brightness) => {
            state.brightness = state::brightness(brightness).ok_or(CommandError::BrightnessOutOfRange)?;
        }
        Command::SetCarousel(update) => set_carousel(registry, state, update)?,
        Command::SetNight(update) => state.night = update.applied_to(registry, &state.night)?,
        Command::SetTransition { kind, duration } => {
            let kind = match kind {
                Some(name) => Kind::named(&name).ok_or(CommandError::UnknownTransition)?,
                None => state.transition.kind,
            };
            let duration = match duration {
                Some(ms) => u64::try_from(ms)
                    .ok()
                    .filter(|ms| DURATION_MS.contains(ms))
                    .ok_or(CommandError::InvalidTransitionDuration)?,
                None => state.transition.duration,
            };
            state.transition = Transition { kind, duration };
        }
        Command::AdvanceCarousel { expected } => {
            let carousel = &mut state.carousel;
            if carousel.enabled && CarouselView::of(carousel) == expected {
                carousel.index = (carousel.index + 1) % carousel.entries.len();
                state.current = Some(carousel.entries[carousel.index].app.clone());
            }
        }
        Command::StepCarousel { expected, to } => {
            let carousel = &mut state.carousel;
            let to = to.filter(|&to| to < carousel.entries.len());
            if let Some(to) = to.filter(|_| carousel.enabled && CarouselView::of(carousel) == expected) {
                carousel.index = to;
                state.current = Some(carousel.entries[to].app.clone());
            }
        }
        Command::Notify(request) => state
            .notifications
            .post(request)
            .map_err(|_| CommandError::NotificationQueueFull)?,
        Command::DismissNotification => state.notifications.dismiss(),
        Command::EndNotification { id } => state.notifications.end(id),
        Command::SetCustom(updates) => set_custom(registry, state, updates)?,
        Command::ExpireCustom { name, revision } => custom::expire(state, &name, revision),
        Command::SetIndicator { index, update } => {
            let indicator = state
                .signals
                .indicators
                .get_mut(index)
                .ok_or(CommandError::UnknownIndicator)?;
            *indicator = update.applied_to(*indicator);
        }
        Command::SetMoodlight(moodlight) => state.signals.moodlight = moodlight,
        Command::Sleep { seconds } => {
            stop(state);
            state.signals.fall_asleep(seconds);
        }
        Command::Wake { id } => {
            if state.signals.sleep.is_some_and(|sleep| sleep.id == id) {
                state.signals.sleep = None;
                resume(registry, state);
            }
        }
        Command::Install {
            name,
            app,
            config,
            interval,
        } => installations::install(registry, state, &name, &app, config, interval)?,
        Command::Uninstall { name } => installations::uninstall(state, &name)?,
        Command::SetInterval { name, interval } => installations::set_interval(state, &name, interval)?,
        Command::RenderNow { name } => installations::render_now(state, &name)?,
        Command::RecordRender { name, app, status } => installations::record(state, &name, app.as_deref(), status),
        Command::Push {
            name,
            image,
            at,
            placement,
        } => installations::push(registry, state, &name, image, at, placement)?,
    }
    Ok(())
}

fn stop(state: &mut State) {
    if let Some(app) = state.current.take() {
        state.previous = Some(app);
    }
}

fn resume(registry: &Registry, state: &mut State) {
    if state.current.is_none() {
        state.current = resumed(registry, state);
    }
}

/// What `command` means at `now`. While the night is on, a valid brightness
/// sets the night's brightness, since that is what the panel shows; the
/// daytime brightness comes back untouched in the morning. A step of a
/// carousel with schedules goes to the next entry that may show now. Posted
/// custom apps are stamped with `now`, from which clients count down their
/// lifetime.
pub fn at(command: Command, state: &State, now: DateTime<Tz>) -> Command {
    match command {
        Command::AdvanceCarousel { expected } if schedule::any(&state.carousel.entries) => {
            let carousel = &state.carousel;
            Command::StepCarousel {
                to: schedule::next(&carousel.entries, carousel.index, now, &Default::default()),
                expected,
            }
        }
        Command::SetBrightness(value) if state::brightness(value).is_some() && state.night.is_on(now) => {
            Command::SetNight(NightUpdate {
                brightness: Some(value),
                ..NightUpdate::default()
            })
        }
        Command::SetCustom(mut updates) => {
            for posted in updates.iter_mut().filter_map(|update| update.posted.as_mut()) {
                posted.posted_at = Some(now.timestamp_millis());
            }
            Command::SetCustom(updates)
        }
        command => command,
    }
}

/// Enabling the carousel, or giving an enabled one a new list, starts over from
/// the first entry; disabling it leaves the app running.
fn set_carousel(registry: &Registry, state: &mut State, update: CarouselUpdate) -> Result<(), CommandError> {
    if let Some(entries) = &update.entries {
        validate_entries(registry, state, entries)?;
    }
    let enabled = update.enabled.unwrap_or(state.carousel.enabled);
    let entries = update.entries.unwrap_or_else(|| state.carousel.entries.clone());
    if enabled && entries.is_empty() {
        return Err(CommandError::EmptyCarousel);
    }
    let list_changed = entries != state.carousel.entries;
    let restart = enabled && (!state.carousel.enabled || list_changed);
    state.carousel.enabled = enabled;
    state.carousel.entries = entries;
    if restart || list_changed {
        state.carousel.index = 0;
    }
    if restart {
        state.current = Some(state.carousel.entries[0].app.clone());
    }
    Ok(())
}

/// What [`Command::Resume`] starts.
fn resumed(registry: &Registry, state: &State) -> Option<String> {
    let carousel = &state.carousel;
    if carousel.enabled {
        return carousel.entries.get(carousel.index).map(|entry| entry.app.clone());
    }
    state
        .previous
        .clone()
        .filter(|app| state.knows(registry, app))
        .or_else(|| AppsList::of(registry, state).apps.into_iter().next())
}

fn step(registry: &Registry, state: &mut State, forward: bool) {
    let neighbour = |at: Option<usize>, len: usize| match (at, forward) {
        (Some(at), true) => (at + 1) % len,
        (Some(at), false) => (at + len - 1) % len,
        (None, true) => 0,
        (None, false) => len - 1,
    };
    let carousel = &mut state.carousel;
    if carousel.enabled && !carousel.entries.is_empty() {
        carousel.index = neighbour(Some(carousel.index), carousel.entries.len());
        state.current = Some(carousel.entries[carousel.index].app.clone());
        return;
    }
    let apps = AppsList::of(registry, state).apps;
    if apps.is_empty() {
        return;
    }
    let at = state
        .current
        .as_ref()
        .and_then(|current| apps.iter().position(|app| app == current));
    let app = apps[neighbour(at, apps.len())].clone();
    if state.current.as_ref() != Some(&app) {
        state.previous = state.current.replace(app);
    }
}

/// Checks every update against a copy first, so a batch with one bad app changes nothing.
fn set_custom(registry: &Registry, state: &mut State, updates: Vec<CustomUpdate>) -> Result<(), CommandError> {
    let mut next = state.clone();
    for CustomUpdate { name, posted } in updates {
        if let Some(problem) = custom::name_problem(registry, &name) {
            return Err(CommandError::InvalidCustomName(problem));
        }
        if next.installations.contains_key(&name) {
            return Err(CommandError::NameTaken(format!(
                "'{name}' is an installed app; pick another name"
            )));
        }
        let Some(posted) = posted else {
            custom::remove(&mut next, &name);
            continue;
        };
        if !next.custom.apps.contains_key(&name) && next.custom.apps.len() >= MAX_CUSTOM_APPS {
            return Err(CommandError::TooManyCustomApps);
        }
        let pos = posted.pos;
        next.custom.put(&name, posted);
        if let Some(pos) = pos
            && !custom::place(&mut next, &name, pos)
        {
            return Err(CommandError::CarouselTooLong);
        }
    }
    *state = next;
    Ok(())
}

fn validate(
    registry: &Registry,
    state: &State,
    app: &str,
    patch: Option<&ConfigMap>,
) -> Result<ConfigMap, CommandError> {
    if state.custom.apps.contains_key(app) {
        return match patch {
            Some(patch) if !patch.is_empty() => Err(CommandError::CustomAppConfig(app.to_owned())),
            _ => Ok(ConfigMap::new()),
        };
    }
    if let Some(installation) = state.installations.get(app) {
        return match (patch, installation.app()) {
            (Some(patch), None) if !patch.is_empty() => Err(CommandError::PushedHasNoSettings(app.to_owned())),
            (Some(patch), Some(_)) => {
                installations::check_config(patch)?;
                Ok(patch.clone())
            }
            _ => Ok(ConfigMap::new()),
        };
    }
    let entry = registry
        .get(app)
        .ok_or_else(|| CommandError::UnknownApp(app.to_owned()))?;
    match patch {
        Some(patch) => Ok(entry.schema.validate(patch)?),
        None => Ok(ConfigMap::new()),
    }
}

fn validate_entries(registry: &Registry, state: &State, entries: &[CarouselEntry]) -> Result<(), CommandError> {
    if entries.len() > MAX_CAROUSEL_ENTRIES {
        return Err(CommandError::CarouselTooLong);
    }
    for (row, entry) in entries.iter().enumerate() {
        if !state.knows(registry, &entry.app) {
            return Err(CommandError::UnknownApp(entry.app.clone()));
        }
        if !DURATION_RANGE.contains(&entry.seconds()) {
            return Err(CommandError::InvalidDuration);
        }
        entry.schedule.validate(row + 1)?;
    }
    Ok(())
}

/// Merges a validated patch into `app`'s saved config, or an installation's own.
fn merge_saved(state: &mut State, app: &str, patch: ConfigMap) -> Result<(), CommandError> {
    if patch.is_empty() {
        return Ok(());
    }
    if state.installations.contains_key(app) {
        let patch = installations::check_config(&patch)?;
        return installations::merge_config(state, app, patch);
    }
    state.saved.entry(app.to_owned()).or_default().extend(patch);
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::manager::state::StateFile;

    fn fresh() -> (Registry, State) {
        let registry = Registry::builtin();
        let state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
        (registry, state)
    }

    fn config(value: serde_json::Value) -> ConfigMap {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_refused_command_leaves_the_state_untouched() {
        let (registry, mut state) = fresh();
        let before = state.clone();
        let bad = Command::Switch {
            app: "stars".into(),
            config: Some(config(json!({"fps": 30, "lifetime": 0}))),
        };
        assert!(matches!(
            apply(&registry, &mut state, bad),
            Err(CommandError::InvalidConfig(_))
        ));
        assert_eq!(state, before, "the valid fps was not half-applied");
    }

    #[test]
    fn stepping_walks_the_app_list_and_resume_brings_back_what_was_stopped() {
        let (registry, mut state) = fresh();
        let apps = AppsList::of(&registry, &state).apps;
        let at = |state: &State| state.current.clone();
        apply(&registry, &mut state, Command::Step { forward: true }).unwrap();
        assert_eq!(
            at(&state),
            Some(apps[(apps.iter().position(|a| a == "clock").unwrap() + 1) % apps.len()].clone())
        );
        apply(&registry, &mut state, Command::Step { forward: false }).unwrap();
        assert_eq!(at(&state).as_deref(), Some("clock"));
        apply(&registry, &mut state, Command::Stop).unwrap();
        assert_eq!(at(&state), None);
        apply(&registry, &mut state, Command::Resume).unwrap();
        assert_eq!(at(&state).as_deref(), Some("clock"));
        // Resuming while something runs changes nothing.
        let before = state.clone();
        apply(&registry, &mut state, Command::Resume).unwrap();
        assert_eq!(state, before);
    }

    #[test]
    fn stepping_a_rotating_carousel_moves_along_its_entries_both_ways() {
        let (registry, mut state) = fresh();
        let entry = |app: &str| CarouselEntry {
            app: app.into(),
            duration: 5.into(),
            schedule: Default::default(),
        };
        let update = CarouselUpdate {
            enabled: Some(true),
            entries: Some(vec![entry("stars"), entry("clock"), entry("scroll_text")]),
        };
        apply(&registry, &mut state, Command::SetCarousel(update)).unwrap();
        apply(&registry, &mut state, Command::Step { forward: false }).unwrap();
        assert_eq!(
            (state.current.as_deref(), state.carousel.index),
            (Some("scroll_text"), 2)
        );
        apply(&registry, &mut state, Command::Step { forward: true }).unwrap();
        assert_eq!((state.current.as_deref(), state.carousel.index), (Some("stars"), 0));
        apply(&registry, &mut state, Command::Stop).unwrap();
        apply(&registry, &mut state, Command::Resume).unwrap();
        assert_eq!(state.current.as_deref(), Some("stars"));
    }

    #[test]
    fn a_stale_carousel_step_is_dropped() {
        let (registry, mut state) = fresh();
        let entries = vec![
            CarouselEntry {
                app: "stars".into(),
                duration: 5.into(),
                schedule: Default::default(),
            },
            CarouselEntry {
                app: "clock".into(),
                duration: 5.into(),
                schedule: Default::default(),
            },
        ];
        let update = CarouselUpdate {
            enabled: Some(true),
            entries: Some(entries),
        };
        apply(&registry, &mut state, Command::SetCarousel(update)).unwrap();
        let expected = CarouselView::of(&state.carousel);
        apply(
            &registry,
            &mut state,
            Command::AdvanceCarousel {
                expected: expected.clone(),
            },
        )
        .unwrap();
        assert_eq!((state.current.as_deref(), state.carousel.index), (Some("clock"), 1));
        // The same step again describes a carousel that no longer is: nothing happens.
        apply(&registry, &mut state, Command::AdvanceCarousel { expected }).unwrap();
        assert_eq!((state.current.as_deref(), state.carousel.index), (Some("clock"), 1));
    }
}
