//! Keeping the render loop going: a loop that panics is started afresh, and one that keeps
//! panicking stops the server rather than leave a frozen panel behind.
//!
//! A panic in an app or a layer ends the loop's thread; without a supervisor the panel would
//! hold its last picture while everything else said all was well. The [`Supervisor`] notes the
//! failure in [`RenderStats`] (so `/api/health` reports the panel stalled, and a cluster
//! member gives up the panel lease), waits [`RESTART_AFTER`] and starts a fresh loop from the
//! current scene. More than [`MAX_FAILURES`] panics within [`FAILURE_WINDOW`] mean the next
//! start would fail too: it then asks the server to stop, which saves the state and exits
//! non-zero, so a service manager starts it again from scratch.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use super::RenderStats;
use super::run::on_own_thread;
use crate::priority::PanelPriority;

/// How long a panicked loop waits before it starts again.
pub const RESTART_AFTER: Duration = Duration::from_secs(1);
/// Panics within [`FAILURE_WINDOW`] after which the server stops instead.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);

/// Called once the loop cannot be kept going, with the reason; it should stop the server.
pub type GiveUp = Arc<dyn Fn(String) + Send + Sync>;

/// Starts render loops and starts them again after a panic.
pub struct Supervisor {
    priority: PanelPriority,
    stats: Arc<RenderStats>,
    give_up: GiveUp,
    /// When the recent panics happened, oldest first; kept across ownership changes.
    failures: Mutex<VecDeque<Instant>>,
}

impl Supervisor {
    pub fn new(priority: PanelPriority, stats: Arc<RenderStats>, give_up: GiveUp) -> Self {
        Self {
            priority,
            stats,
            give_up,
            failures: Mutex::default(),
        }
    }

    /// Runs the loops `start` builds (each the future [`super::run`] returns, ending when
    /// `stop` is cancelled) on a thread of their own until one ends as asked.
    pub async fn run<F, R>(&self, mut start: F, stop: CancellationToken)
    where
        F: FnMut() -> R,
        R: Future<Output = ()> + Send + 'static,
    {
        loop {
            self.stats.started();
            let Err(panic) = on_own_thread(start(), self.priority).await else {
                self.stats.stopped();
                return;
            };
            self.stats.failed();
            if let Some(reason) = self.too_many_failures() {
                tracing::error!("{reason}; stopping the server so that it is started afresh");
                (self.give_up)(reason);
                return;
            }
            tracing::error!(%panic, "the render loop panicked; starting it again in {RESTART_AFTER:?}");
            tokio::select! {
                () = stop.cancelled() => {
                    self.stats.stopped();
                    return;
                }
                () = tokio::time::sleep(RESTART_AFTER) => {}
            }
        }
    }

    /// Notes a panic now; the reason to give up if there were too many lately.
    fn too_many_failures(&self) -> Option<String> {
        let mut failures = self.failures.lock();
        let now = Instant::now();
        failures.push_back(now);
        while failures
            .front()
            .is_some_and(|at| now.duration_since(*at) > FAILURE_WINDOW)
        {
            failures.pop_front();
        }
        (failures.len() > MAX_FAILURES).then(|| {
            format!(
                "the render loop panicked {} times within {} s",
                failures.len(),
                FAILURE_WINDOW.as_secs()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::render::stats::PanelHealth;

    fn supervisor(given_up: Arc<Mutex<Option<String>>>) -> (Supervisor, Arc<RenderStats>) {
        let stats = Arc::new(RenderStats::default());
        let give_up: GiveUp = Arc::new(move |reason| *given_up.lock() = Some(reason));
        (Supervisor::new(PanelPriority::Normal, stats.clone(), give_up), stats)
    }

    #[tokio::test(start_paused = true)]
    async fn a_loop_that_panics_is_started_again_and_ends_when_asked() {
        let (supervisor, stats) = supervisor(Arc::default());
        let starts = Arc::new(AtomicUsize::new(0));
        let stop = CancellationToken::new();
        let (counted, ended) = (starts.clone(), stop.clone());
        let start = move || {
            let start = counted.fetch_add(1, Ordering::SeqCst);
            let ended = ended.clone();
            async move {
                assert!(start > 0, "the first loop panics");
                ended.cancel();
            }
        };
        supervisor.run(start, stop).await;
        assert_eq!(starts.load(Ordering::SeqCst), 2);
        assert_eq!(stats.failures.load(Ordering::Relaxed), 1);
        assert_eq!(stats.health(), PanelHealth::Standby, "ended as asked");
    }

    #[tokio::test(start_paused = true)]
    async fn a_loop_that_keeps_panicking_gives_up_with_the_reason() {
        let given_up = Arc::new(Mutex::new(None));
        let (supervisor, stats) = supervisor(given_up.clone());
        let start = || async { panic!("always") };
        supervisor.run(start, CancellationToken::new()).await;
        assert_eq!(stats.failures.load(Ordering::Relaxed), MAX_FAILURES as u64 + 1);
        assert_eq!(stats.health(), PanelHealth::Stalled);
        let reason = given_up.lock().clone().expect("gave up");
        assert!(reason.contains("panicked 6 times"), "{reason}");
    }
}
