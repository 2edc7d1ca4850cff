//! The panel lease: which one instance drives the carousel timer and the panel.
//!
//! The holder's id sits in `retroboard:panel-lease` with a TTL. The holder
//! renews it every third of the TTL; everyone else tries to take it as often.
//! If the holder dies its key expires and another instance takes over within
//! one TTL plus one renewal period. While Redis is unreachable a holder keeps
//! the lease only until it would have expired, so two instances never both
//! believe they hold it for longer than that. A holder whose render loop is
//! stalled (it panicked, or its frames are long overdue) gives the lease up
//! at once and leaves it to the others for a while: renewing it would keep a
//! frozen panel frozen.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use redis::Script;
use redis::aio::ConnectionManager;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::render::{PanelHealth, RenderStats};

pub const LEASE_KEY: &str = "retroboard:panel-lease";

/// Extends the lease only if this instance still holds it. KEYS: lease. ARGV: id, ttl ms.
const EXTEND: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"#;

/// Deletes the lease only if this instance holds it. KEYS: lease. ARGV: id.
const RELEASE: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

/// How many lease periods a holder that gave the lease up for a stalled render
/// loop leaves it to the others before competing again.
const STEP_ASIDE_TTLS: u32 = 2;

/// Keeps trying to hold the lease until `shutdown`, reporting on `owner`; then gives it up.
/// The lease is held only while `render` (this instance's render loop) is not stalled.
pub async fn run(
    mut connection: ConnectionManager,
    id: String,
    ttl: Duration,
    owner: watch::Sender<bool>,
    render: Arc<RenderStats>,
    shutdown: CancellationToken,
) {
    let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
    let extend = Script::new(EXTEND);
    let mut held_until: Option<Instant> = None;
    let mut aside_until: Option<Instant> = None;
    loop {
        let asked_at = Instant::now();
        if held_until.is_some() && render.health() == PanelHealth::Stalled {
            tracing::error!("the render loop is stalled; giving the panel lease up to another instance");
            release(&mut connection, &id).await;
            held_until = None;
            aside_until = Some(asked_at + ttl * STEP_ASIDE_TTLS);
        }
        let attempt: redis::RedisResult<bool> = if aside_until.is_some_and(|until| asked_at < until) {
            Ok(false)
        } else if held_until.is_some() {
            extend
                .key(LEASE_KEY)
                .arg(&id)
                .arg(ttl_ms)
                .invoke_async(&mut connection)
                .await
        } else {
            redis::cmd("SET")
                .arg(LEASE_KEY)
                .arg(&id)
                .arg("NX")
                .arg("PX")
                .arg(ttl_ms)
                .query_async::<Option<String>>(&mut connection)
                .await
                .map(|reply| reply.is_some())
        };
        match attempt {
            Ok(true) => held_until = Some(asked_at + ttl),
            Ok(false) => held_until = None,
            Err(error) => {
                tracing::debug!(%error, "cannot renew the panel lease");
                if held_until.is_some_and(|until| Instant::now() >= until) {
                    held_until = None;
                }
            }
        }
        announce(&owner, held_until.is_some());
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(ttl / 3) => {}
        }
    }
    if held_until.is_some() {
        release(&mut connection, &id).await;
    }
    announce(&owner, false);
}

/// Deletes the lease if this instance holds it.
async fn release(connection: &mut ConnectionManager, id: &str) {
    let released: redis::RedisResult<i64> = Script::new(RELEASE)
        .key(LEASE_KEY)
        .arg(id)
        .invoke_async(connection)
        .await;
    if let Err(error) = released {
        tracing::warn!(%error, "could not release the panel lease; it expires by itself");
    }
}

fn announce(owner: &watch::Sender<bool>, holds: bool) {
    let changed = owner.send_if_modified(|current| std::mem::replace(current, holds) != holds);
    if changed {
        if holds {
            tracing::info!("this instance now drives the carousel and the panel");
        } else {
            tracing::info!("this instance no longer drives the carousel and the panel");
        }
    }
}

/// Runs `task` whenever `owner` is true, stopping it (through the token it is
/// given) when ownership is lost, and starting it afresh when it comes back.
/// A lone instance passes a channel that is always true.
pub async fn while_owner<F, Fut>(mut owner: watch::Receiver<bool>, shutdown: CancellationToken, task: F)
where
    F: Fn(CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    loop {
        while !*owner.borrow_and_update() {
            tokio::select! {
                () = shutdown.cancelled() => return,
                changed = owner.changed() => if changed.is_err() { return },
            }
        }
        let stop = shutdown.child_token();
        let running = task(stop.clone());
        tokio::pin!(running);
        loop {
            tokio::select! {
                () = &mut running => return,
                changed = owner.changed() => {
                    if changed.is_err() {
                        // Nobody can take ownership away any more: run to the end.
                        return running.await;
                    }
                    if !*owner.borrow_and_update() {
                        stop.cancel();
                        running.await;
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Counts how often the task started and how often it was told to stop.
    async fn counted(started: Arc<AtomicUsize>, stopped: Arc<AtomicUsize>, stop: CancellationToken) {
        started.fetch_add(1, Ordering::SeqCst);
        stop.cancelled().await;
        stopped.fetch_add(1, Ordering::SeqCst);
    }

    async fn settle() {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn the_task_runs_only_while_this_instance_owns_the_panel() {
        let (owner, owned) = watch::channel(false);
        let shutdown = CancellationToken::new();
        let (started, stopped) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (s, t) = (started.clone(), stopped.clone());
        let running = tokio::spawn(while_owner(owned, shutdown.clone(), move |stop| {
            counted(s.clone(), t.clone(), stop)
        }));
        let counts = || (started.load(Ordering::SeqCst), stopped.load(Ordering::SeqCst));

        settle().await;
        assert_eq!(counts(), (0, 0));
        owner.send(true).unwrap();
        settle().await;
        assert_eq!(counts(), (1, 0));
        owner.send(false).unwrap();
        settle().await;
        assert_eq!(counts(), (1, 1));
        owner.send(true).unwrap();
        settle().await;
        assert_eq!(counts(), (2, 1));

        shutdown.cancel();
        running.await.unwrap();
        assert_eq!(counts(), (2, 2));
    }

    #[tokio::test]
    async fn a_lone_instance_runs_the_task_until_shutdown() {
        let (_, owned) = watch::channel(true);
        let shutdown = CancellationToken::new();
        let (started, stopped) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (s, t) = (started.clone(), stopped.clone());
        let running = tokio::spawn(while_owner(owned, shutdown.clone(), move |stop| {
            counted(s.clone(), t.clone(), stop)
        }));
        settle().await;
        assert_eq!(started.load(Ordering::SeqCst), 1);
        shutdown.cancel();
        running.await.unwrap();
        assert_eq!(stopped.load(Ordering::SeqCst), 1);
    }
}
