//! The shared state in Redis: one hash holding the state as `state.json` would,
//! with the version it is at, changed only by Lua scripts so that every
//! compare-and-set and its announcement happen as one atomic step.
//!
//! Hash `retroboard:state`: `generation` (random, new each time the hash is
//! seeded), `version` (counts commits within a generation) and `state` (JSON:
//! the `state.json` document plus the notification queue under
//! `notifications`, `signals` and the like, which only the cluster shares and no file holds).
//! Every commit is published on the channel of the same name as
//! `{"generation":..,"version":..,"state":{..}}`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use rand::Rng;
use redis::Script;
use redis::aio::ConnectionManager;
use serde::{Deserialize, Serialize};

use crate::apps::Registry;
use crate::manager::custom::CustomApps;
use crate::manager::notifications::Notifications;
use crate::manager::signals::Signals;
use crate::manager::state::{State, StateFile};
use crate::manager::store::{StateStore, StoreError, Version, Versioned};

pub const STATE_KEY: &str = "retroboard:state";
pub const STATE_CHANNEL: &str = "retroboard:state";

/// Writes the first version unless the hash exists. KEYS: hash. ARGV: generation, state, channel.
const SEED: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'generation', ARGV[1], 'version', 1, 'state', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"generation":"' .. ARGV[1] .. '","version":1,"state":' .. ARGV[2] .. '}')
return 1
"#;

/// Writes the next version if the hash is still at the given one; nil otherwise.
/// KEYS: hash. ARGV: generation, version, state, channel.
const COMMIT: &str = r#"
local held = redis.call('HMGET', KEYS[1], 'generation', 'version')
if held[1] ~= ARGV[1] or held[2] ~= ARGV[2] then return false end
local version = tonumber(ARGV[2]) + 1
redis.call('HSET', KEYS[1], 'version', version, 'state', ARGV[3])
redis.call('PUBLISH', ARGV[4], '{"generation":"' .. ARGV[1] .. '","version":' .. version .. ',"state":' .. ARGV[3] .. '}')
return version
"#;

/// A published commit, as the scripts above write it.
#[derive(Debug, Deserialize)]
pub struct Announcement {
    pub generation: String,
    pub version: u64,
    pub state: SharedState,
}

/// The shared state as Redis holds it: the state file's document, and what
/// is shared but never saved to a file.
#[derive(Debug, Serialize, Deserialize)]
pub struct SharedState {
    #[serde(flatten)]
    pub file: StateFile,
    #[serde(default)]
    pub notifications: Notifications,
    /// Every custom app, saved or not, with its revision.
    #[serde(default)]
    pub custom: CustomApps,
    #[serde(default)]
    pub previous: Option<String>,
    /// Indicators, moodlight and sleep.
    #[serde(default)]
    pub signals: Signals,
}

pub struct RedisStore {
    connection: ConnectionManager,
    registry: Arc<Registry>,
    seed: Script,
    commit: Script,
    reachable: AtomicBool,
}

impl RedisStore {
    pub fn new(connection: ConnectionManager, registry: Arc<Registry>) -> Self {
        Self {
            connection,
            registry,
            seed: Script::new(SEED),
            commit: Script::new(COMMIT),
            reachable: AtomicBool::new(true),
        }
    }

    /// The state a stored or published document describes.
    ///
    /// Every custom app is read as if saved, so that carousel entries naming
    /// one that is not are kept; then the shared ones, with their revisions, replace them.
    pub fn decode(&self, shared: SharedState) -> State {
        let mut file = shared.file;
        for (name, app) in &shared.custom.apps {
            file.custom_apps.entry(name.clone()).or_insert_with(|| app.body.clone());
        }
        let mut state = State::from_file(file, &self.registry, None, |message| {
            tracing::warn!("shared state: {message}");
        });
        state.notifications = shared.notifications;
        state.custom = shared.custom;
        state.previous = shared.previous;
        state.signals = shared.signals;
        state
    }

    /// The newest state: `known` itself while the hash is still at its version (so a
    /// command on an up-to-date mirror reads two numbers rather than the whole state),
    /// else the whole state, read and decoded.
    async fn read(&self, known: &Versioned) -> redis::RedisResult<Versioned> {
        let mut connection = self.connection.clone();
        let (generation, number): (Option<String>, Option<u64>) = redis::cmd("HMGET")
            .arg(STATE_KEY)
            .arg(&["generation", "version"])
            .query_async(&mut connection)
            .await?;
        if generation.as_deref() == Some(known.version.generation.as_str()) && number == Some(known.version.number) {
            return Ok(known.clone());
        }
        self.read_whole(&mut connection, &known.state).await
    }

    /// The whole state as the hash holds it, over `connection`; a hash that holds none is
    /// seeded with `fallback` first.
    pub async fn read_whole(
        &self,
        connection: &mut (impl redis::aio::ConnectionLike + Send),
        fallback: &State,
    ) -> redis::RedisResult<Versioned> {
        loop {
            let (generation, version, state): (Option<String>, Option<u64>, Option<String>) = redis::cmd("HMGET")
                .arg(STATE_KEY)
                .arg(&["generation", "version", "state"])
                .query_async(connection)
                .await?;
            if let (Some(generation), Some(number), Some(state)) = (generation, version, state) {
                let shared: SharedState = serde_json::from_str(&state).map_err(|error| {
                    redis::RedisError::from((redis::ErrorKind::Parse, "unreadable shared state", error.to_string()))
                })?;
                return Ok(Versioned {
                    version: Version { generation, number },
                    state: Arc::new(self.decode(shared)),
                });
            }
            let generation = format!("{:016x}", rand::rng().random::<u64>());
            let seeded: bool = self
                .seed
                .key(STATE_KEY)
                .arg(&generation)
                .arg(encode(fallback))
                .arg(STATE_CHANNEL)
                .invoke_async(connection)
                .await?;
            if seeded {
                tracing::info!(%generation, "the shared state was empty; seeded it with this instance's state");
            }
        }
    }

    async fn write(&self, base: &Version, state: &State) -> redis::RedisResult<Option<Version>> {
        let number: Option<u64> = self
            .commit
            .key(STATE_KEY)
            .arg(&base.generation)
            .arg(base.number)
            .arg(encode(state))
            .arg(STATE_CHANNEL)
            .invoke_async(&mut self.connection.clone())
            .await?;
        Ok(number.map(|number| Version {
            generation: base.generation.clone(),
            number,
        }))
    }

    /// The whole shared state, to join it with: seeded with `seed` if Redis holds none.
    pub async fn join(&self, seed: &State) -> Result<Versioned, StoreError> {
        let read = self.read_whole(&mut self.connection.clone(), seed).await;
        self.note(read)
    }

    /// Logs when Redis goes away and when it comes back, once each.
    fn note<T>(&self, result: redis::RedisResult<T>) -> Result<T, StoreError> {
        match result {
            Ok(value) => {
                if !self.reachable.swap(true, Ordering::Relaxed) {
                    tracing::info!("Redis is reachable again; accepting commands");
                }
                Ok(value)
            }
            Err(error) => {
                if self.reachable.swap(false, Ordering::Relaxed) {
                    tracing::error!(%error, "lost Redis; refusing commands (503) and serving the last known state until it is back");
                }
                Err(StoreError(error.to_string()))
            }
        }
    }
}

impl StateStore for RedisStore {
    fn load<'a>(&'a self, known: &'a Versioned) -> BoxFuture<'a, Result<Versioned, StoreError>> {
        async move { self.note(self.read(known).await) }.boxed()
    }

    fn store<'a>(
        &'a self,
        base: &'a Version,
        state: &'a Arc<State>,
    ) -> BoxFuture<'a, Result<Option<Version>, StoreError>> {
        async move { self.note(self.write(base, state).await) }.boxed()
    }
}

fn encode(state: &State) -> String {
    let shared = SharedState {
        file: state.to_file(),
        notifications: state.notifications.clone(),
        custom: state.custom.clone(),
        previous: state.previous.clone(),
        signals: state.signals.clone(),
    };
    serde_json::to_string(&shared).expect("the shared state always serialises")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::manager::notifications::NotifyRequest;

    #[test]
    fn the_queue_travels_beside_the_state_file_document() {
        let registry = Registry::builtin();
        let mut state = State::from_file(StateFile::default(), &registry, Some("clock"), |w| panic!("{w}"));
        for text in ["one", "two"] {
            let body = json!({"text": text, "duration": 2.5, "color": [1, 2, 3]});
            let request = NotifyRequest::read(body.as_object().unwrap().clone()).unwrap();
            state.notifications.post(request).unwrap();
        }
        let encoded: serde_json::Value = serde_json::from_str(&encode(&state)).unwrap();
        assert_eq!(
            encoded["last_app"], "clock",
            "the state file's keys stay where they were"
        );
        assert_eq!(encoded["notifications"]["waiting"].as_array().unwrap().len(), 1);

        let shared: SharedState = serde_json::from_value(encoded).unwrap();
        assert_eq!(shared.file, state.to_file());
        assert_eq!(shared.notifications, state.notifications);
        let seeded: SharedState = serde_json::from_value(json!({"last_app": "stars"})).unwrap();
        assert_eq!(
            seeded.notifications,
            Notifications::default(),
            "a state file seeds an empty queue"
        );
    }
}
