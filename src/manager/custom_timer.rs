//! The custom app timer: removes a custom app its lifetime after its last
//! update, or marks it stale when it asked to be kept (`lifetimeMode` 1).
//!
//! Like the carousel timer it runs on the panel owner only. It notes when it
//! first saw each revision of each app with a lifetime and sleeps until the
//! soonest is due; an update is a new revision, so it starts that app's
//! countdown again.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::state::State;
use super::{Command, Manager};

/// A custom app that is removed unless updated within `seconds`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lifetime {
    pub name: String,
    pub revision: u64,
    pub seconds: f64,
}

impl Lifetime {
    pub fn all(state: &State) -> Vec<Self> {
        state
            .custom
            .apps
            .iter()
            .filter(|(_, app)| !app.stale)
            .filter_map(|(name, app)| {
                app.lifetime.map(|seconds| Self {
                    name: name.clone(),
                    revision: app.revision,
                    seconds,
                })
            })
            .collect()
    }
}

pub async fn run(manager: Arc<Manager>, shutdown: CancellationToken) {
    let mut lifetimes = manager.watch_lifetimes();
    // Each app's revision and when it expires.
    let mut due: BTreeMap<String, (u64, Instant)> = BTreeMap::new();
    loop {
        let now = Instant::now();
        let current = lifetimes.borrow_and_update().clone();
        due.retain(|name, _| current.iter().any(|lifetime| lifetime.name == *name));
        for lifetime in &current {
            let fresh = due
                .get(&lifetime.name)
                .is_none_or(|(revision, _)| *revision != lifetime.revision);
            if fresh {
                let expires = now + Duration::from_secs_f64(lifetime.seconds);
                due.insert(lifetime.name.clone(), (lifetime.revision, expires));
            }
        }
        let soonest = due
            .iter()
            .min_by_key(|(_, (_, at))| *at)
            .map(|(name, (revision, at))| (name.clone(), *revision, *at));
        let sleep = async {
            match soonest {
                Some((_, _, at)) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = lifetimes.changed() => if changed.is_err() { return },
            () = sleep => {
                let Some((name, revision, _)) = soonest else { continue };
                due.remove(&name);
                if let Err(error) = manager.execute(Command::ExpireCustom { name, revision }).await {
                    tracing::warn!(%error, "could not remove an expired custom app");
                }
            }
        }
    }
}
