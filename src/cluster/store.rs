//! The shared state in Redis: one hash holding the state as `state.json` would,
//! with the version it is at, changed only by Lua scripts so that every
//! compare-and-set and its announcement happen as one atomic step.
//!
//! Hash `retroboard:state`: `generation` (random, new each time the hash is
//! seeded), `version` (counts commits within a generation) and `state` (JSON).
//! Every commit is published on the channel of the same name as
//! `{"generation":..,"version":..,"state":{..}}`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use rand::Rng;
use redis::Script;
use redis::aio::ConnectionManager;
use serde::Deserialize;

use crate::apps::Registry;
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
    pub state: StateFile,
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

    /// The state a stored or published `state.json` document describes.
    pub fn decode(&self, file: StateFile) -> State {
        State::from_file(file, &self.registry, None, |message| {
            tracing::warn!("shared state: {message}");
        })
    }

    async fn read(&self, fallback: &State) -> redis::RedisResult<Versioned> {
        let mut connection = self.connection.clone();
        loop {
            let (generation, version, state): (Option<String>, Option<u64>, Option<String>) = redis::cmd("HMGET")
                .arg(STATE_KEY)
                .arg(&["generation", "version", "state"])
                .query_async(&mut connection)
                .await?;
            if let (Some(generation), Some(number), Some(state)) = (generation, version, state) {
                let file: StateFile = serde_json::from_str(&state).map_err(|error| {
                    redis::RedisError::from((redis::ErrorKind::Parse, "unreadable shared state", error.to_string()))
                })?;
                return Ok(Versioned {
                    version: Version { generation, number },
                    state: self.decode(file),
                });
            }
            let generation = format!("{:016x}", rand::rng().random::<u64>());
            let seeded: bool = self
                .seed
                .key(STATE_KEY)
                .arg(&generation)
                .arg(encode(fallback))
                .arg(STATE_CHANNEL)
                .invoke_async(&mut connection)
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
    fn load<'a>(&'a self, fallback: &'a State) -> BoxFuture<'a, Result<Versioned, StoreError>> {
        async move { self.note(self.read(fallback).await) }.boxed()
    }

    fn store<'a>(&'a self, base: &'a Version, state: &'a State) -> BoxFuture<'a, Result<Option<Version>, StoreError>> {
        async move { self.note(self.write(base, state).await) }.boxed()
    }
}

fn encode(state: &State) -> String {
    serde_json::to_string(&state.to_file()).expect("the state file form always serialises")
}
