//! What the render loop has done, and whether it is doing it: the counters `/metrics` reads,
//! and the panel's health that `/api/health` reports and the panel lease asks before each
//! renewal.
//!
//! A loop that panicked, or whose next frame is long overdue (stuck in a draw), is stalled:
//! the panel shows a frozen picture, and saying "ok" would hide it from whoever watches.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicI64, AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use utoipa::ToSchema;

/// How late a frame may be before the loop counts as stuck rather than busy.
pub const STALL: Duration = Duration::from_secs(5);

/// Where the due times are counted from, so they fit an atomic.
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

const STANDBY: u8 = 0;
const RUNNING: u8 = 1;
const FAILED: u8 = 2;
/// `next_due` when nothing on the panel changes by itself.
const NOTHING_DUE: i64 = i64::MIN;

/// The render loop's counters and health.
#[derive(Debug)]
pub struct RenderStats {
    /// Frames handed to the outputs (pictures that changed).
    pub frames: AtomicU64,
    /// Timed frames drawn more than half an interval after they were due.
    pub late_frames: AtomicU64,
    /// Time spent stepping and drawing, in nanoseconds.
    pub drawing_nanos: AtomicU64,
    /// Times the loop panicked.
    pub failures: AtomicU64,
    /// Standby, running or failed.
    state: AtomicU8,
    /// When the running loop's next frame is due, in nanoseconds from [`EPOCH`].
    next_due: AtomicI64,
}

/// Whether this instance's panel is being drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PanelHealth {
    /// The render loop runs and its frames come when due.
    Ok,
    /// The render loop died and is waiting to be started again, or a frame is more than
    /// [`STALL`] overdue: the panel shows a frozen picture.
    Stalled,
    /// A cluster member that does not drive the panel: it draws nothing, by design.
    Standby,
}

impl Default for RenderStats {
    fn default() -> Self {
        Self {
            frames: AtomicU64::new(0),
            late_frames: AtomicU64::new(0),
            drawing_nanos: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            state: AtomicU8::new(STANDBY),
            next_due: AtomicI64::new(NOTHING_DUE),
        }
    }
}

impl RenderStats {
    pub fn health(&self) -> PanelHealth {
        match self.state.load(Ordering::Acquire) {
            RUNNING => {
                let due = self.next_due.load(Ordering::Acquire);
                if due != NOTHING_DUE && from_epoch(Instant::now()) > due.saturating_add(nanos(STALL)) {
                    PanelHealth::Stalled
                } else {
                    PanelHealth::Ok
                }
            }
            FAILED => PanelHealth::Stalled,
            _ => PanelHealth::Standby,
        }
    }

    /// A loop is starting: nothing is due until it says so.
    pub(super) fn started(&self) {
        self.next_due.store(NOTHING_DUE, Ordering::Release);
        self.state.store(RUNNING, Ordering::Release);
    }

    /// The loop ended as asked (ownership lost, shutdown).
    pub(super) fn stopped(&self) {
        self.state.store(STANDBY, Ordering::Release);
    }

    /// The loop panicked.
    pub(super) fn failed(&self) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        self.state.store(FAILED, Ordering::Release);
    }

    /// The running loop's next frame is due at `due`, or never without one.
    pub(super) fn expect_frame(&self, due: Option<Instant>) {
        let due = due.map_or(NOTHING_DUE, from_epoch);
        self.next_due.store(due, Ordering::Release);
    }
}

/// `instant` as nanoseconds after [`EPOCH`], negative before it.
fn from_epoch(instant: Instant) -> i64 {
    let epoch = *EPOCH;
    match instant.checked_duration_since(epoch) {
        Some(after) => nanos(after),
        None => -nanos(epoch.duration_since(instant)),
    }
}

fn nanos(duration: Duration) -> i64 {
    i64::try_from(duration.as_nanos()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_loop_is_ok_until_a_frame_is_long_overdue() {
        let stats = RenderStats::default();
        assert_eq!(stats.health(), PanelHealth::Standby);
        stats.started();
        assert_eq!(stats.health(), PanelHealth::Ok, "nothing due yet");
        stats.expect_frame(Some(Instant::now() + Duration::from_millis(16)));
        assert_eq!(stats.health(), PanelHealth::Ok);
        stats.expect_frame(Some(Instant::now() - STALL - Duration::from_secs(1)));
        assert_eq!(stats.health(), PanelHealth::Stalled);
        stats.expect_frame(None);
        assert_eq!(stats.health(), PanelHealth::Ok, "a stopped panel is not stalled");
    }

    #[test]
    fn a_failed_loop_is_stalled_and_counted_until_it_starts_again() {
        let stats = RenderStats::default();
        stats.started();
        stats.failed();
        assert_eq!(stats.health(), PanelHealth::Stalled);
        assert_eq!(stats.failures.load(Ordering::Relaxed), 1);
        stats.started();
        assert_eq!(stats.health(), PanelHealth::Ok);
        stats.stopped();
        assert_eq!(stats.health(), PanelHealth::Standby);
    }
}
