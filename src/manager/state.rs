//! The state the manager owns, and its on-disk form (`state.json`, as the original wrote it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use utoipa::ToSchema;

use super::custom::{self, CustomApps, Posted};
use super::installations::Installation;
use super::night::{Night, NightFile};
use super::notifications::Notifications;
use super::schedule::Schedule;
use super::signals::Signals;
use crate::apps::Registry;
use crate::apps::schema::ConfigMap;
use crate::render::Transition;
use crate::render::transition::{DURATION_MS, Kind};

/// Shortest and longest time one carousel entry may show, in seconds.
///
/// Shorter than half a second only flickers; longer than a day is surely a
/// typo (milliseconds given as seconds).
pub const DURATION_RANGE: std::ops::RangeInclusive<f64> = 0.5..=86_400.0;
/// More entries than this is not a rotation anyone can watch.
pub const MAX_CAROUSEL_ENTRIES: usize = 100;
pub const DEFAULT_BRIGHTNESS: u8 = 100;
/// Brightness is a percentage: 0 (off) to this. Every check of it goes through [`brightness`].
pub const MAX_BRIGHTNESS: u8 = 100;

/// `value` as a brightness, if it is a whole percentage.
pub fn brightness(value: i64) -> Option<u8> {
    u8::try_from(value).ok().filter(|b| *b <= MAX_BRIGHTNESS)
}

/// One carousel step: which app, for how many seconds, and when it may show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CarouselEntry {
    pub app: String,
    /// Kept as the client wrote it, so `10` stays `10` on the wire, not `10.0`.
    #[schema(value_type = f64)]
    pub duration: Number,
    /// Optional keys, absent from the wire and the file when unset.
    #[serde(flatten)]
    pub schedule: Schedule,
}

impl CarouselEntry {
    pub fn seconds(&self) -> f64 {
        self.duration.as_f64().unwrap_or(f64::NAN)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Carousel {
    pub enabled: bool,
    pub entries: Vec<CarouselEntry>,
    pub index: usize,
}

impl Default for Carousel {
    fn default() -> Self {
        let clock = CarouselEntry {
            app: "clock".into(),
            duration: 10.into(),
            schedule: Schedule::default(),
        };
        Self {
            enabled: false,
            entries: vec![clock],
            index: 0,
        }
    }
}

/// The live state. Only the manager touches it, under its lock.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub current: Option<String>,
    /// Per-app saved config: only the keys someone set, validated.
    pub saved: BTreeMap<String, ConfigMap>,
    pub brightness: u8,
    pub carousel: Carousel,
    pub night: Night,
    pub transition: Transition,
    /// Shared like the rest, never written to the state file.
    pub notifications: Notifications,
    /// Saved to the state file only if posted with `save`.
    pub custom: CustomApps,
    /// The app that ran before the last switch: where a removed custom app hands back to.
    pub previous: Option<String>,
    /// Community apps and pushed pictures, by name.
    pub installations: BTreeMap<String, Installation>,
    /// Indicators, moodlight and sleep: shared like notifications, never written to the state file.
    pub signals: Signals,
}

/// `state.json`. Every field is optional so that files written by the
/// original server, or by hand, load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StateFile {
    #[serde(default)]
    pub last_app: Option<String>,
    #[serde(default)]
    pub app_configs: BTreeMap<String, ConfigMap>,
    #[serde(default)]
    pub settings: SettingsFile,
    #[serde(default)]
    pub carousel: Option<CarouselFile>,
    /// Not in files of the original server, which ignores it; written only once set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night: Option<NightFile>,
    /// Not in files of the original server either; written only once set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<TransitionFile>,
    /// Custom apps posted with `save`: each one's body as posted. The original ignores this key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_apps: BTreeMap<String, Map<String, Value>>,
    /// Installed community apps and pushed pictures, each read on its own
    /// (see [`Installation::read`]). The original ignores this key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub installations: BTreeMap<String, Value>,
}

/// The `transition` key of the state file, as the API writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitionFile {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub duration: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brightness: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarouselFile {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub apps: Vec<CarouselEntry>,
    #[serde(default)]
    pub index: usize,
}

impl State {
    /// Rebuilds state from a file, keeping what is valid and reporting what is dropped.
    ///
    /// `fallback_app` is the `--app` choice, used when the file names no running app.
    pub fn from_file(
        file: StateFile,
        registry: &Registry,
        fallback_app: Option<&str>,
        mut warn: impl FnMut(String),
    ) -> Self {
        let mut custom = CustomApps::default();
        for (name, body) in file.custom_apps {
            let read = match custom::name_problem(registry, &name) {
                Some(problem) => Err(problem),
                None => Posted::read(body).map_err(|error| error.message),
            };
            match read {
                Ok(posted) => custom.put(&name, posted),
                Err(problem) => warn(format!("state file: custom app '{name}' dropped: {problem}")),
            }
        }
        let mut installations = BTreeMap::new();
        for (name, stored) in file.installations {
            let taken = registry.get(&name).is_some() || custom.apps.contains_key(&name);
            let read = if taken || !super::installations::well_formed_name(&name) {
                Err("the name is another app's, or not a valid name".to_owned())
            } else {
                Installation::read(stored)
            };
            match read {
                Ok(installation) => {
                    installations.insert(name, installation);
                }
                Err(problem) => warn(format!("state file: installation '{name}' dropped: {problem}")),
            }
        }
        let known =
            |app: &str| registry.get(app).is_some() || custom.apps.contains_key(app) || installations.contains_key(app);
        let mut saved = BTreeMap::new();
        for (app, config) in file.app_configs {
            match registry.get(&app) {
                Some(entry) => {
                    let kept = entry
                        .schema
                        .sanitize(&config, |error| warn(format!("state file: {error}; dropped")));
                    saved.insert(app, kept);
                }
                None => warn(format!("state file: config for unknown app '{app}' dropped")),
            }
        }

        let brightness = match file.settings.brightness {
            Some(b) => brightness(b).unwrap_or_else(|| {
                warn(format!(
                    "state file: brightness {b} out of range 0..{MAX_BRIGHTNESS}; using {DEFAULT_BRIGHTNESS}"
                ));
                DEFAULT_BRIGHTNESS
            }),
            None => DEFAULT_BRIGHTNESS,
        };

        let carousel = match file.carousel {
            Some(stored) => {
                let entries: Vec<_> = stored
                    .apps
                    .into_iter()
                    .enumerate()
                    .filter(|(row, entry)| {
                        let valid = known(&entry.app)
                            && DURATION_RANGE.contains(&entry.seconds())
                            && entry.schedule.validate(row + 1).is_ok();
                        if !valid {
                            warn(format!("state file: carousel entry {entry:?} dropped"));
                        }
                        valid
                    })
                    .map(|(_, entry)| entry)
                    .take(MAX_CAROUSEL_ENTRIES)
                    .collect();
                let index = if stored.index < entries.len() { stored.index } else { 0 };
                Carousel {
                    enabled: stored.enabled && !entries.is_empty(),
                    entries,
                    index,
                }
            }
            None => Carousel::default(),
        };

        let current = match file.last_app {
            Some(app) if known(&app) => Some(app),
            Some(app) => {
                warn(format!("state file: last app '{app}' is unknown; ignored"));
                fallback_app.map(str::to_owned)
            }
            None => fallback_app.map(str::to_owned),
        };

        let night = file
            .night
            .map(|night| night.read(registry, &mut warn))
            .unwrap_or_default();

        let transition = file.transition.map_or_else(Transition::default, |stored| {
            let kind = stored.kind.as_deref().map_or(Some(Kind::None), Kind::named);
            let duration = stored.duration.map_or(Some(Transition::default().duration), |ms| {
                u64::try_from(ms).ok().filter(|ms| DURATION_MS.contains(ms))
            });
            match (kind, duration) {
                (Some(kind), Some(duration)) => Transition { kind, duration },
                _ => {
                    warn(format!("state file: transition {stored:?} is not valid; using none"));
                    Transition::default()
                }
            }
        });

        Self {
            current,
            saved,
            brightness,
            carousel,
            night,
            transition,
            notifications: Notifications::default(),
            custom,
            previous: None,
            installations,
            signals: Signals::default(),
        }
    }

    /// Whether `app` names a built-in or a custom app, or an installation.
    pub fn knows(&self, registry: &Registry, app: &str) -> bool {
        registry.get(app).is_some() || self.custom.apps.contains_key(app) || self.installations.contains_key(app)
    }

    pub fn to_file(&self) -> StateFile {
        StateFile {
            last_app: self.current.clone(),
            app_configs: self.saved.clone(),
            settings: SettingsFile {
                brightness: Some(self.brightness.into()),
            },
            carousel: Some(CarouselFile {
                enabled: self.carousel.enabled,
                apps: self.carousel.entries.clone(),
                index: self.carousel.index,
            }),
            night: (self.night != Night::default()).then(|| NightFile::of(&self.night)),
            transition: (self.transition != Transition::default()).then(|| TransitionFile {
                kind: Some(self.transition.kind.name().to_owned()),
                duration: i64::try_from(self.transition.duration).ok(),
            }),
            custom_apps: self
                .custom
                .apps
                .iter()
                .filter(|(_, app)| app.save)
                .map(|(name, app)| (name.clone(), app.body.clone()))
                .collect(),
            installations: self
                .installations
                .iter()
                .map(|(name, installation)| (name.clone(), installation.to_value()))
                .collect(),
        }
    }
}
