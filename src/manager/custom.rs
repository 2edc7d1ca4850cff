//! Custom apps: content pushed under a name, shown like any built-in app.
//!
//! A custom app can be switched to and scheduled in the carousel. One that
//! is not updated within its `lifetime` is removed, and one posted with
//! `save` is kept in the state file under `custom_apps`, a key the original
//! server ignores. The rules here are pure; [`super::commands::apply`] calls
//! them, and the panel owner's timer ([`super::custom_timer`]) expires apps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::state::{CarouselEntry, DURATION_RANGE, MAX_CAROUSEL_ENTRIES, State};
use crate::apps::Registry;
use crate::content::{Content, FieldError, Fields};

/// How many custom apps may exist at once.
pub const MAX_CUSTOM_APPS: usize = 64;
/// Longest name; names use `[A-Za-z0-9_-]` only, so they survive a URL unchanged.
pub const MAX_NAME_LENGTH: usize = 32;
/// Most apps one array body may create.
pub const MAX_BATCH: usize = 16;
/// Longest `lifetime`, in seconds: a week.
pub const MAX_LIFETIME: f64 = 604_800.0;
/// Seconds a custom app placed in the carousel with `pos` shows, unless `duration` says otherwise.
pub const DEFAULT_SECONDS: f64 = 10.0;

/// One custom app, as shared and saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomApp {
    /// The body as posted, its known keys only: what the state file keeps and reads back.
    pub body: Map<String, Value>,
    pub content: Content,
    /// Seconds without an update after which it is removed.
    pub lifetime: Option<f64>,
    /// When it was last posted, in Unix milliseconds; unknown for an app
    /// read from the state file, whose countdown starts when the server does.
    #[serde(default)]
    pub posted_at: Option<i64>,
    pub save: bool,
    /// Changes with every update, so an expiry timed for an older version does nothing.
    pub revision: u64,
    /// `lifetimeMode` 1: past its lifetime it is kept, marked stale, rather than removed.
    #[serde(default)]
    pub keep_when_stale: bool,
    /// Past its lifetime and kept: drawn framed in red until updated.
    #[serde(default)]
    pub stale: bool,
}

/// Every custom app by name, and the revision the next update gets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomApps {
    pub apps: BTreeMap<String, CustomApp>,
    pub next_revision: u64,
}

/// One app of a custom app request, read: its content, or `None` to delete it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomUpdate {
    pub name: String,
    pub posted: Option<Posted>,
}

/// A custom app's keys, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    pub body: Map<String, Value>,
    pub content: Content,
    pub lifetime: Option<f64>,
    pub save: bool,
    /// Where to put it in the carousel, and for how long it shows there.
    pub pos: Option<(usize, f64)>,
    /// When it was posted, in Unix milliseconds; stamped as the command is
    /// resolved ([`super::commands::at`]), since reading a body knows no clock.
    pub posted_at: Option<i64>,
    /// `lifetimeMode` 1: past its lifetime, marked stale instead of removed.
    pub keep_when_stale: bool,
}

impl Posted {
    /// Reads the drawing keys and `lifetime` (0: never), `lifetimeMode`, `pos`, `duration` and `save`.
    pub fn read(body: Map<String, Value>) -> Result<Self, FieldError> {
        let fields = Fields::new(body);
        let content = Content::read(&fields)?;
        let lifetime = fields
            .number("lifetime", 0.0..=MAX_LIFETIME)?
            .filter(|&seconds| seconds > 0.0);
        let seconds = fields.number("duration", DURATION_RANGE)?.unwrap_or(DEFAULT_SECONDS);
        let pos = fields.integer("pos", 0..=MAX_CAROUSEL_ENTRIES as i64)?;
        let save = fields.flag("save")?.unwrap_or(false);
        let keep_when_stale = fields.integer("lifetimeMode", 0..=1)? == Some(1);
        Ok(Self {
            body: fields.into_known(),
            content,
            lifetime,
            save,
            pos: pos.map(|pos| (pos as usize, seconds)),
            posted_at: None,
            keep_when_stale,
        })
    }
}

/// Reads the body of a request for custom app `name`: an object posts one app, an
/// array posts `NAME0`, `NAME1`, ..., and `null` or `{}` deletes `NAME`.
pub fn read_body(name: &str, body: Value) -> Result<Vec<CustomUpdate>, FieldError> {
    let one = |name: String, body: Map<String, Value>| -> Result<CustomUpdate, FieldError> {
        let posted = if body.is_empty() {
            None
        } else {
            Some(Posted::read(body)?)
        };
        Ok(CustomUpdate { name, posted })
    };
    match body {
        Value::Null => Ok(vec![CustomUpdate {
            name: name.to_owned(),
            posted: None,
        }]),
        Value::Object(body) => Ok(vec![one(name.to_owned(), body)?]),
        Value::Array(items) if (1..=MAX_BATCH).contains(&items.len()) => items
            .into_iter()
            .enumerate()
            .map(|(at, item)| match item {
                Value::Object(body) => one(format!("{name}{at}"), body),
                _ => Err(FieldError {
                    key: "body".into(),
                    message: "each app of an array body must be a JSON object".into(),
                }),
            })
            .collect(),
        _ => Err(FieldError {
            key: "body".into(),
            message: format!("the body must be a JSON object, or a list of 1 to {MAX_BATCH} of them"),
        }),
    }
}

/// Why a name cannot be a custom app's; `None` if it can.
pub fn name_problem(registry: &Registry, name: &str) -> Option<String> {
    let well_formed = (1..=MAX_NAME_LENGTH).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !well_formed {
        return Some(format!(
            "Custom app names are 1 to {MAX_NAME_LENGTH} of A-Z, a-z, 0-9, '_' and '-': '{name}' is not"
        ));
    }
    registry
        .get(name)
        .map(|_| format!("'{name}' is a built-in app; pick another name"))
}

impl CustomApps {
    /// Adds or replaces `name`'s app with `posted` (a new revision either way).
    pub fn put(&mut self, name: &str, posted: Posted) {
        let app = CustomApp {
            body: posted.body,
            content: posted.content,
            lifetime: posted.lifetime,
            posted_at: posted.posted_at,
            save: posted.save,
            revision: self.next_revision,
            keep_when_stale: posted.keep_when_stale,
            stale: false,
        };
        self.next_revision += 1;
        self.apps.insert(name.to_owned(), app);
    }
}

/// Ends custom app `name`'s lifetime if it is still at `revision`: removes
/// it, or marks it stale when it asked to be kept.
pub fn expire(state: &mut State, name: &str, revision: u64) {
    match state.custom.apps.get_mut(name) {
        Some(app) if app.revision == revision && app.keep_when_stale => app.stale = true,
        Some(app) if app.revision == revision => remove(state, name),
        _ => {}
    }
}

/// Removes custom app `name` and its carousel entries. If it was showing,
/// the carousel continues with the entry after it, or, without a carousel,
/// the app that ran before it does.
pub fn remove(state: &mut State, name: &str) {
    if state.custom.apps.remove(name).is_some() {
        drop_from_rotation(state, name);
    }
}

/// Takes the app `name`, which no longer exists, out of the carousel and off
/// the panel, as [`remove`] describes.
pub fn drop_from_rotation(state: &mut State, name: &str) {
    let carousel = &mut state.carousel;
    let before = carousel.entries[..carousel.index.min(carousel.entries.len())]
        .iter()
        .filter(|entry| entry.app == name)
        .count();
    carousel.entries.retain(|entry| entry.app != name);
    if carousel.entries.is_empty() {
        carousel.enabled = false;
        carousel.index = 0;
    } else {
        carousel.index = (carousel.index - before) % carousel.entries.len();
    }
    if state.previous.as_deref() == Some(name) {
        state.previous = None;
    }
    if state.current.as_deref() == Some(name) {
        state.current = if carousel.enabled {
            Some(carousel.entries[carousel.index].app.clone())
        } else {
            state.previous.take()
        };
    }
}

/// Places `name` in the carousel at `pos` for `seconds`, unless it is there already.
pub fn place(state: &mut State, name: &str, (pos, seconds): (usize, f64)) -> bool {
    let carousel = &mut state.carousel;
    if carousel.entries.iter().any(|entry| entry.app == name) {
        return true;
    }
    if carousel.entries.len() >= MAX_CAROUSEL_ENTRIES {
        return false;
    }
    let at = pos.min(carousel.entries.len());
    let duration = serde_json::Number::from_f64(seconds).unwrap_or_else(|| 10.into());
    carousel.entries.insert(
        at,
        CarouselEntry {
            app: name.to_owned(),
            duration,
            schedule: Default::default(),
        },
    );
    if carousel.enabled && at <= carousel.index && carousel.entries.len() > 1 {
        carousel.index += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::manager::state::StateFile;

    fn posted(body: Value) -> Posted {
        Posted::read(body.as_object().unwrap().clone()).unwrap()
    }

    fn state_with(apps: &[&str], carousel: &[&str], index: usize) -> State {
        let registry = Registry::builtin();
        let mut state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
        for app in apps {
            state.custom.put(app, posted(json!({"text": app})));
        }
        state.carousel.entries = carousel
            .iter()
            .map(|app| CarouselEntry {
                app: (*app).to_owned(),
                duration: 5.into(),
                schedule: Default::default(),
            })
            .collect();
        state.carousel.enabled = !carousel.is_empty();
        state.carousel.index = index;
        state.current = carousel.get(index).map(|app| (*app).to_owned());
        state
    }

    fn apps(state: &State) -> Vec<&str> {
        state.carousel.entries.iter().map(|entry| entry.app.as_str()).collect()
    }

    #[test]
    fn bodies_post_one_app_a_numbered_batch_or_a_deletion() {
        let one = read_body("w", json!({"text": "Hi", "lifetime": 0, "pos": 2, "save": true})).unwrap();
        let app = one[0].posted.as_ref().unwrap();
        assert_eq!(
            (one[0].name.as_str(), app.lifetime, app.pos, app.save),
            ("w", None, Some((2, DEFAULT_SECONDS)), true)
        );
        let batch = read_body("w", json!([{"text": "a"}, {"text": "b", "lifetime": 30}])).unwrap();
        let names: Vec<_> = batch.iter().map(|update| update.name.as_str()).collect();
        assert_eq!(names, ["w0", "w1"]);
        assert_eq!(batch[1].posted.as_ref().unwrap().lifetime, Some(30.0));
        for deletion in [json!(null), json!({})] {
            assert_eq!(read_body("w", deletion).unwrap()[0].posted, None);
        }
        for (bad, key) in [
            (json!([]), "body"),
            (json!([1]), "body"),
            (json!({"lifetime": -1}), "lifetime"),
            (json!({"pos": 1.5}), "pos"),
            (json!({"text": "x", "icon": ["sun"]}), "icon"),
        ] {
            assert_eq!(read_body("w", bad.clone()).unwrap_err().key, key, "{bad}");
        }
    }

    #[test]
    fn names_are_short_url_safe_and_not_built_in() {
        let registry = Registry::builtin();
        assert_eq!(name_problem(&registry, "weather_2-b"), None);
        for bad in ["", "a b", "é", "x/y", &"n".repeat(MAX_NAME_LENGTH + 1), "clock"] {
            assert!(name_problem(&registry, bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn removing_the_entry_showing_continues_with_the_next_one() {
        let mut state = state_with(&["w"], &["clock", "w", "stars"], 1);
        remove(&mut state, "w");
        assert_eq!(apps(&state), ["clock", "stars"]);
        assert_eq!((state.carousel.index, state.current.as_deref()), (1, Some("stars")));

        let mut last = state_with(&["w"], &["clock", "w"], 1);
        remove(&mut last, "w");
        assert_eq!(
            (last.carousel.index, last.current.as_deref()),
            (0, Some("clock")),
            "wrapped around"
        );

        let mut later = state_with(&["w"], &["w", "clock", "stars"], 2);
        remove(&mut later, "w");
        assert_eq!(
            (later.carousel.index, later.current.as_deref()),
            (1, Some("stars")),
            "kept its place"
        );
    }

    #[test]
    fn without_a_carousel_the_app_before_takes_over() {
        let mut state = state_with(&["w"], &[], 0);
        state.previous = Some("stars".into());
        state.current = Some("w".into());
        remove(&mut state, "w");
        assert_eq!(
            (state.current.as_deref(), state.previous.as_deref()),
            (Some("stars"), None)
        );

        let mut emptied = state_with(&["w"], &["w"], 0);
        remove(&mut emptied, "w");
        assert!(!emptied.carousel.enabled && emptied.carousel.entries.is_empty());
        assert_eq!(emptied.current, None);
    }

    #[test]
    fn placing_keeps_the_entry_showing() {
        let mut state = state_with(&["w"], &["clock", "stars"], 1);
        assert!(place(&mut state, "w", (0, 3.0)));
        assert_eq!(apps(&state), ["w", "clock", "stars"]);
        assert_eq!(state.carousel.index, 2, "stars still shows");
        assert!(place(&mut state, "w", (2, 3.0)));
        assert_eq!(apps(&state), ["w", "clock", "stars"], "placed once");
        assert!(place(&mut state, "x", (99, 3.0)));
        assert_eq!(apps(&state).last(), Some(&"x"));
    }
}
