//! The runner: keeps every installation's picture fresh, on the instance that
//! drives the panel.
//!
//! It renders an installation when its config, its app or its "render now"
//! count changes, and again once its picture is older than its interval
//! (its own, else the manifest's recommended interval, else
//! [`DEFAULT_INTERVAL`]) or than the `max_age` the app gave, whichever is
//! sooner. At most as many renders run as the pool has workers, the app on
//! the panel first. A render that fails leaves the last good picture
//! showing and is tried again sooner, backing off, but a picture is never
//! shown past its `max_age` (Pixlet's expiry for data that must not be
//! shown stale): a render failing after that takes it off the panel and out
//! of the carousel, and one is tried when it expires. The failure is reported
//! in the installation's status (so every instance lists it), counted for
//! `/metrics`, and logged once per run of failures. A render overtaken by a
//! change is thrown away. Pushed pictures are decoded here too.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use starlet::schema::Schema;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

use super::library::LibraryApp;
use super::pictures;
use super::pool::{Lane, PoolError};
use super::service::{Starlark, StarlarkError};
use crate::apps::starlark::Picture;
use crate::manager::installations::{
    Installation, MAX_ERROR_LENGTH, RenderError, RenderStatus, Source, StarlarkConfig,
};
use crate::manager::{Command, Manager};

/// Minutes between renders when neither the installation nor its app says.
pub const DEFAULT_INTERVAL: u32 = 15;
/// The shortest `max_age` followed, so that an app cannot make the board render without pause.
const SHORTEST_MAX_AGE: Duration = Duration::from_secs(5);
/// How soon a failed render is tried again; doubled with each failure in a
/// row, up to the installation's interval.
const FIRST_RETRY: Duration = Duration::from_secs(30);
/// How soon a render the pool had no room for is tried again.
const BUSY_RETRY: Duration = Duration::from_secs(2);
/// How long a render that needs nothing new waits: a change wakes it sooner.
const IDLE: Duration = Duration::from_secs(24 * 3600);

/// What renders gave so far, for `/metrics`.
#[derive(Debug, Default)]
pub struct RenderCounts {
    pub ok: AtomicU64,
    pub empty: AtomicU64,
    pub failed: AtomicU64,
    /// Time spent rendering, in nanoseconds.
    pub nanos: AtomicU64,
}

/// What a picture was made from: a new one is needed when this changes.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    App {
        app: String,
        revision: u64,
        config: StarlarkConfig,
        refresh: u64,
    },
    /// The app is not in the library (deleted, or a new `--apps-dir`).
    Missing {
        app: String,
    },
    Pushed {
        at: i64,
        length: usize,
    },
}

/// One installation as the runner follows it.
struct Slot {
    /// What the picture showing was made from.
    made_of: Option<Key>,
    due: Instant,
    /// When the picture showing expires, if its app gave a `max_age`.
    expires: Option<Instant>,
    failures: u32,
    running: bool,
}

enum Outcome {
    /// A picture, or `None` when the app had nothing to show.
    Made {
        picture: Option<Picture>,
        max_age: Option<Duration>,
    },
    Failed(String),
    /// No worker had room; not the app's fault.
    Busy,
}

struct Done {
    name: String,
    key: Key,
    outcome: Outcome,
    took: Duration,
}

pub struct Runner {
    pub starlark: Arc<Starlark>,
    pub manager: Arc<Manager>,
    pub counts: Arc<RenderCounts>,
}

impl Runner {
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        let mut changes = self
            .manager
            .watch_views()
            .find(|(view, _)| view.event == "installations")
            .map(|(_, changes)| changes)
            .expect("installations is one of the views");
        let mut library = self.starlark.library.watch();
        let mut slots: HashMap<String, Slot> = HashMap::new();
        let mut running: JoinSet<Done> = JoinSet::new();
        loop {
            let (installations, current) = self
                .manager
                .view(|_, state| (state.installations.clone(), state.current.clone()));
            slots.retain(|name, _| installations.contains_key(name));
            self.starlark.renders.retain(|name| installations.contains_key(name));
            self.start_due(&installations, current.as_deref(), &mut slots, &mut running);
            let wake = slots.values().filter(|slot| !slot.running).map(|slot| slot.due).min();
            tokio::select! {
                () = stop.cancelled() => break,
                changed = changes.changed() => if changed.is_err() { break },
                changed = library.changed() => if changed.is_err() { break },
                Some(done) = running.join_next() => {
                    if let Ok(done) = done {
                        self.finish(done, &mut slots).await;
                    }
                }
                () = sleep_until(wake.unwrap_or_else(|| Instant::now() + IDLE)), if wake.is_some() => {}
            }
        }
        running.abort_all();
    }

    /// Starts the renders that are due, the app on the panel first, while workers are free.
    fn start_due(
        self: &Arc<Self>,
        installations: &BTreeMap<String, Installation>,
        current: Option<&str>,
        slots: &mut HashMap<String, Slot>,
        running: &mut JoinSet<Done>,
    ) {
        let now = Instant::now();
        let mut order: Vec<&String> = installations.keys().collect();
        order.sort_by_key(|name| Some(name.as_str()) != current);
        for name in order {
            let installation = &installations[name];
            let key = self.key_of(installation);
            let slot = slots.entry(name.clone()).or_insert(Slot {
                made_of: None,
                due: now,
                expires: None,
                failures: 0,
                running: false,
            });
            let stale = slot.made_of.as_ref() != Some(&key) || slot.due <= now;
            if slot.running || !stale {
                continue;
            }
            // Decoding a push or noting a missing app takes no worker.
            let needs_worker = matches!(key, Key::App { .. });
            if needs_worker && running.len() >= self.starlark.pool.workers() {
                continue;
            }
            slot.running = true;
            let (runner, name, installation) = (self.clone(), name.clone(), installation.clone());
            running.spawn(async move {
                let started = Instant::now();
                let outcome = runner.make(&key, &installation).await;
                Done {
                    name,
                    key,
                    outcome,
                    took: started.elapsed(),
                }
            });
        }
    }

    fn key_of(&self, installation: &Installation) -> Key {
        match &installation.source {
            Source::Pushed { image, at } => Key::Pushed {
                at: *at,
                length: image.len(),
            },
            Source::App { app, config, .. } => match self.starlark.library.get(app) {
                Some(found) => Key::App {
                    app: app.clone(),
                    revision: found.revision,
                    config: config.clone(),
                    refresh: installation.refresh,
                },
                None => Key::Missing { app: app.clone() },
            },
        }
    }

    /// Makes the picture `key` describes.
    async fn make(&self, key: &Key, installation: &Installation) -> Outcome {
        match (key, &installation.source) {
            (Key::Pushed { .. }, Source::Pushed { image, .. }) => {
                let image = image.clone();
                match tokio::task::spawn_blocking(move || pictures::from_push(&image)).await {
                    Ok(Ok(picture)) => Outcome::Made {
                        picture: Some(picture),
                        max_age: None,
                    },
                    Ok(Err(error)) => Outcome::Failed(error.to_string()),
                    Err(error) => Outcome::Failed(format!("decoding was not finished: {error}")),
                }
            }
            (Key::Missing { app }, _) => Outcome::Failed(format!(
                "the app '{app}' is not in the library (deleted, or --apps-dir no longer holds it)"
            )),
            (Key::App { app, config, .. }, _) => match self.starlark.library.get(app) {
                Some(app) => self.render(&app, config).await,
                None => Outcome::Busy,
            },
            _ => Outcome::Busy,
        }
    }

    async fn render(&self, app: &LibraryApp, config: &StarlarkConfig) -> Outcome {
        let schema = match self.starlark.schema(app).await {
            Ok(schema) => schema,
            Err(StarlarkError::Busy | StarlarkError::Stopped) => return Outcome::Busy,
            Err(error) => return Outcome::Failed(error.to_string()),
        };
        let defaults = schema.as_ref().as_ref().map(Schema::defaults).unwrap_or_default();
        let rendered = self
            .starlark
            .pool
            .render(
                Lane::Background,
                &app.folder,
                self.starlark.with_timezone(config),
                defaults,
                self.starlark.options(app),
            )
            .await;
        match rendered {
            Ok(rendered) => {
                let max_age = rendered.max_age;
                match tokio::task::spawn_blocking(move || pictures::from_render(&rendered)).await {
                    Ok(picture) => Outcome::Made { picture, max_age },
                    Err(error) => Outcome::Failed(format!("the frames were not kept: {error}")),
                }
            }
            Err(PoolError::App(error)) => Outcome::Failed(error.to_string()),
            Err(PoolError::Busy | PoolError::Stopped) => Outcome::Busy,
        }
    }

    /// Shows what a render made, reports it, and says when the next one is due.
    async fn finish(&self, done: Done, slots: &mut HashMap<String, Slot>) {
        let Done {
            name,
            key,
            outcome,
            took,
        } = done;
        let Some(slot) = slots.get_mut(&name) else {
            return;
        };
        slot.running = false;
        let Some(installation) = self.manager.view(|_, state| state.installations.get(&name).cloned()) else {
            return;
        };
        if self.key_of(&installation) != key {
            // Overtaken by a change: the next loop renders afresh.
            return;
        }
        let now = Instant::now();
        let interval = self.interval(&installation);
        let at = self.manager.clock().now().timestamp_millis();
        let before = installation.status.clone();
        let status = match outcome {
            Outcome::Busy => {
                slot.due = now + BUSY_RETRY;
                return;
            }
            Outcome::Made { picture, max_age } => {
                self.count(&self.counts.nanos, took.as_nanos() as u64);
                let frames = picture.as_ref().map_or(0, Picture::frame_count);
                let delay = picture.as_ref().map_or(Duration::ZERO, Picture::delay);
                let counter = if frames == 0 {
                    &self.counts.empty
                } else {
                    &self.counts.ok
                };
                self.count(counter, 1);
                slot.expires = max_age.filter(|_| picture.is_some()).map(|age| now + age);
                self.starlark.renders.set(&name, picture.map(Arc::new));
                if slot.failures > 0 {
                    tracing::info!(installation = %name, "renders again after {} failures", slot.failures);
                }
                slot.failures = 0;
                slot.made_of = Some(key.clone());
                let fresh_for = max_age.map_or(interval, |age| age.max(SHORTEST_MAX_AGE).min(interval));
                slot.due = if matches!(key, Key::App { .. }) {
                    now + fresh_for
                } else {
                    now + IDLE
                };
                RenderStatus {
                    rendered_at: at,
                    took_ms: took.as_millis() as u64,
                    frames,
                    delay_ms: delay.as_millis() as u64,
                    last_success_at: Some(at),
                    error: None,
                    failing_since: None,
                }
            }
            Outcome::Failed(message) => {
                self.count(&self.counts.nanos, took.as_nanos() as u64);
                self.count(&self.counts.failed, 1);
                if slot.failures == 0 {
                    tracing::warn!(installation = %name, error = %message, "app failed; its last picture, if any, keeps showing");
                }
                slot.failures += 1;
                slot.made_of = Some(key.clone());
                let backoff = FIRST_RETRY.saturating_mul(1 << (slot.failures - 1).min(16));
                let expired = slot.expires.is_some_and(|at| at <= now);
                if expired {
                    tracing::info!(installation = %name, "its last picture is past its max_age and is no longer shown");
                    self.starlark.renders.set(&name, None);
                    slot.expires = None;
                }
                slot.due = match key {
                    // Tried again by the time the picture showing expires, at the latest.
                    Key::App { .. } => slot.expires.into_iter().fold(now + backoff.min(interval), Instant::min),
                    _ => now + IDLE,
                };
                let mut kept = before.clone().unwrap_or(RenderStatus {
                    rendered_at: at,
                    took_ms: 0,
                    frames: 0,
                    delay_ms: 0,
                    last_success_at: None,
                    error: None,
                    failing_since: None,
                });
                if expired {
                    kept.frames = 0;
                }
                RenderStatus {
                    rendered_at: at,
                    took_ms: took.as_millis() as u64,
                    failing_since: kept.failing_since.or(Some(at)),
                    error: Some(RenderError {
                        line: error_line(&message),
                        message: message.chars().take(MAX_ERROR_LENGTH).collect(),
                        at,
                    }),
                    ..kept
                }
            }
        };
        let command = Command::RecordRender {
            name: name.clone(),
            app: installation.app().map(str::to_owned),
            status,
        };
        if let Err(error) = self.manager.execute(command).await {
            tracing::debug!(installation = %name, %error, "could not record the render");
        }
    }

    /// How long a picture of `installation` stays fresh.
    fn interval(&self, installation: &Installation) -> Duration {
        let minutes = match &installation.source {
            Source::App { app, interval, .. } => interval
                .or_else(|| self.starlark.library.get(app)?.manifest.recommended_interval)
                .unwrap_or(DEFAULT_INTERVAL)
                .clamp(1, 1440),
            Source::Pushed { .. } => 1440,
        };
        Duration::from_secs(u64::from(minutes) * 60)
    }

    fn count(&self, counter: &AtomicU64, by: u64) {
        counter.fetch_add(by, Ordering::Relaxed);
    }
}

/// The line of the app's code an error points at: Starlark's ` --> FILE:LINE:COLUMN`,
/// else the last `FILE.star:LINE` of its traceback.
pub fn error_line(message: &str) -> Option<u32> {
    let pointer = message
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .filter_map(|place| place.rsplit(':').nth(1)?.parse().ok())
        .next();
    pointer.or_else(|| {
        message
            .match_indices(".star:")
            .filter_map(|(at, found)| {
                let digits: String = message[at + found.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            })
            .last()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_read_from_starlarks_pointer_or_the_traceback() {
        let error = "Traceback (most recent call last):\n  * app.star:9, in main\n    f()\n  \
                     * app.star:5, in f\n    fail(\"boom\")\nerror: fail: boom\n --> app.star:5:5\n  |\n";
        assert_eq!(error_line(error), Some(5));
        assert_eq!(error_line("  * lib.star:12, in helper\nerror: oops"), Some(12));
        assert_eq!(error_line("the app ran longer than its 30 s limit"), None);
    }
}
