//! The icon and picture libraries in Redis, shared by every instance: the
//! uploads' bytes as they came, never decoded frames, changed only by Lua
//! scripts so that the capacity check, the change and its announcement happen
//! as one atomic step.
//!
//! For each kind (`icon`, `picture`): hash `retroboard:library:{kind}` maps each
//! name to its entry (JSON: size, frames, MIME type, revision), hash
//! `retroboard:library:{kind}:bytes` to its bytes. `retroboard:library:revision`
//! counts uploads of every kind. Each change is published on the channel
//! `retroboard:library` with the kind as payload; [`super::mirror`] then syncs
//! that library.

use std::collections::{BTreeMap, HashMap};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use redis::Script;
use redis::aio::ConnectionLike;

use crate::icons::shared::{Admission, Entry, Refusal, SharedUploads, Stored};
use crate::icons::{Capacity, IconError, Libraries};

pub const LIBRARY_CHANNEL: &str = "retroboard:library";
const REVISION_KEY: &str = "retroboard:library:revision";

/// Stores an upload unless the others with it would pass the capacity; its revision,
/// or -1 (too many) or -2 (too many bytes decoded).
/// KEYS: entries, bytes, revision counter.
/// ARGV: name, entry, decoded bytes, most uploads, most decoded bytes, bytes, channel, kind.
const PUT: &str = r#"
local all = redis.call('HGETALL', KEYS[1])
local others, total = 0, tonumber(ARGV[3])
for at = 1, #all, 2 do
  if all[at] ~= ARGV[1] then
    local held = cjson.decode(all[at + 1])
    others = others + 1
    total = total + held.width * held.height * 4 * held.frames
  end
end
if others >= tonumber(ARGV[4]) then return -1 end
if total > tonumber(ARGV[5]) then return -2 end
local entry = cjson.decode(ARGV[2])
entry.revision = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
redis.call('HSET', KEYS[2], ARGV[1], ARGV[6])
redis.call('PUBLISH', ARGV[7], ARGV[8])
return entry.revision
"#;

/// Deletes an upload; 0 if there was none. KEYS: entries, bytes. ARGV: name, channel, kind.
const DELETE: &str = r#"
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
"#;

fn entries_key(kind: &str) -> String {
    format!("retroboard:library:{kind}")
}

fn bytes_key(kind: &str) -> String {
    format!("retroboard:library:{kind}:bytes")
}

/// The shared libraries over `C`: the cluster's reconnecting connection for uploads and
/// deletions, the mirror's own for syncing.
pub struct RedisUploads<C> {
    connection: C,
    put: Script,
    delete: Script,
}

impl<C> RedisUploads<C> {
    pub fn new(connection: C) -> Self {
        Self {
            connection,
            put: Script::new(PUT),
            delete: Script::new(DELETE),
        }
    }
}

fn unavailable(kind: &'static str) -> impl Fn(redis::RedisError) -> IconError {
    move |error| IconError::Shared(kind, error.to_string())
}

impl<C: ConnectionLike + Clone + Send + Sync + 'static> SharedUploads for RedisUploads<C> {
    fn put<'a>(
        &'a self,
        kind: &'static str,
        name: &'a str,
        entry: &'a Entry,
        bytes: &'a [u8],
        capacity: Capacity,
    ) -> BoxFuture<'a, Result<Admission, IconError>> {
        async move {
            let encoded = serde_json::to_string(entry).expect("an entry always serialises");
            let outcome: i64 = self
                .put
                .key(entries_key(kind))
                .key(bytes_key(kind))
                .key(REVISION_KEY)
                .arg(name)
                .arg(encoded)
                .arg(entry.decoded_bytes())
                .arg(capacity.uploads)
                .arg(capacity.decoded_mib << 20)
                .arg(bytes)
                .arg(LIBRARY_CHANNEL)
                .arg(kind)
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(unavailable(kind))?;
            Ok(match outcome {
                -1 => Admission::Refused(Refusal::TooMany),
                -2 => Admission::Refused(Refusal::TooMuch),
                revision => Admission::Stored {
                    revision: revision.unsigned_abs(),
                },
            })
        }
        .boxed()
    }

    fn delete<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<bool, IconError>> {
        async move {
            self.delete
                .key(entries_key(kind))
                .key(bytes_key(kind))
                .arg(name)
                .arg(LIBRARY_CHANNEL)
                .arg(kind)
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(unavailable(kind))
        }
        .boxed()
    }

    fn entries<'a>(&'a self, kind: &'static str) -> BoxFuture<'a, Result<BTreeMap<String, Entry>, IconError>> {
        async move {
            let stored: HashMap<String, String> = redis::cmd("HGETALL")
                .arg(entries_key(kind))
                .query_async(&mut self.connection.clone())
                .await
                .map_err(unavailable(kind))?;
            Ok(stored
                .into_iter()
                .filter_map(|(name, entry)| match serde_json::from_str(&entry) {
                    Ok(entry) => Some((name, entry)),
                    Err(error) => {
                        tracing::warn!(%error, kind, name, "ignoring an unreadable shared upload");
                        None
                    }
                })
                .collect())
        }
        .boxed()
    }

    fn fetch<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<Option<Stored>, IconError>> {
        async move {
            let (entry, bytes): (Option<String>, Option<Vec<u8>>) = redis::pipe()
                .atomic()
                .hget(entries_key(kind), name)
                .hget(bytes_key(kind), name)
                .query_async(&mut self.connection.clone())
                .await
                .map_err(unavailable(kind))?;
            let (Some(entry), Some(bytes)) = (entry, bytes) else {
                return Ok(None);
            };
            let entry = serde_json::from_str(&entry).map_err(|error| IconError::Shared(kind, error.to_string()))?;
            Ok(Some((entry, bytes)))
        }
        .boxed()
    }
}

/// Makes the library of `kind` (every library, without one) match what `store` holds.
pub async fn sync(libraries: &Libraries, store: &dyn SharedUploads, kind: Option<&str>) -> Result<(), IconError> {
    for library in [&libraries.icons, &libraries.pictures] {
        if kind.is_none_or(|kind| kind == library.kind()) {
            library.sync(store).await?;
        }
    }
    Ok(())
}
