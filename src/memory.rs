//! Giving memory back to the system once a crowd of clients has gone.
//!
//! glibc's allocator keeps the memory freed by thousands of closed
//! connections in its arenas, so the process stays at its peak long after
//! the load is gone: on a 512 MB board that memory is lost to everything
//! else. `malloc_trim` hands the free pages back. It walks every arena under
//! its lock, so it runs only when the open connections have fallen well
//! below their peak, on a blocking thread. `docs/benchmarks.md` ("Memory
//! after a crowd leaves") shows what it gives back, next to other
//! allocators that return memory on their own.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::serve::ServeStats;

/// How often the open connections are looked at.
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Fewer closed connections than this free too little to be worth a trim.
const LEAST_DROP: usize = 100;

/// Tells when the open connections have fallen far enough below their peak
/// since the last trim for a trim to pay.
#[derive(Debug, Default)]
pub struct Ebb {
    peak: usize,
}

impl Ebb {
    /// Notes the connections open now; true when memory should be trimmed,
    /// which starts a new peak from here.
    pub fn fell(&mut self, open: usize) -> bool {
        self.peak = self.peak.max(open);
        let fell = self.peak - open >= LEAST_DROP && open <= self.peak / 2;
        if fell {
            self.peak = open;
        }
        fell
    }
}

/// Trims memory whenever the connections `serve` counts ebb, until `shutdown`.
pub fn spawn_trimmer(tasks: &mut JoinSet<()>, serve: Arc<ServeStats>, shutdown: &CancellationToken) {
    let shutdown = shutdown.clone();
    tasks.spawn(async move {
        let mut ebb = Ebb::default();
        let mut ticks = tokio::time::interval(CHECK_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = ticks.tick() => {}
            }
            let open = serve.open.load(Ordering::Relaxed);
            if ebb.fell(open) {
                let released = tokio::task::spawn_blocking(trim).await.unwrap_or(false);
                tracing::debug!(open, released, "connections fell; trimmed the allocator");
            }
        }
    });
}

/// Hands the allocator's free pages back to the system; true if any went.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() -> bool {
    // SAFETY: malloc_trim only rearranges the allocator's own free lists and
    // is safe to call from any thread at any time.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Other C libraries have no such call; their allocators are left as they are.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crowd_leaving_trims_once_then_again_only_after_a_new_fall() {
        let mut ebb = Ebb::default();
        assert!(!ebb.fell(5000), "rising load never trims");
        assert!(!ebb.fell(3000), "two fifths gone is not yet half");
        assert!(ebb.fell(2400), "more than half gone trims");
        assert!(!ebb.fell(2400), "staying low does not trim again");
        assert!(ebb.fell(0), "the rest leaving trims again");
        assert!(!ebb.fell(0));
    }

    #[test]
    fn a_few_clients_coming_and_going_never_trim() {
        let mut ebb = Ebb::default();
        for open in [3, 50, 0, 99, 0, 12, 0] {
            assert!(!ebb.fell(open), "{open} open");
        }
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn freed_blocks_between_live_ones_are_given_back() {
        // Every other 64 KiB block freed leaves holes the allocator cannot
        // shrink its heap past, the pattern a crowd of closed connections leaves.
        let mut blocks: Vec<Option<Vec<u8>>> = (0..512).map(|i| Some(vec![(i % 251) as u8; 64 * 1024])).collect();
        for block in blocks.iter_mut().step_by(2) {
            *block = None;
        }
        assert!(trim(), "the holes' pages go back to the system");
        for (i, block) in blocks.iter().enumerate() {
            if let Some(block) = block {
                assert!(block.iter().all(|&b| b == (i % 251) as u8), "block {i} kept its bytes");
            }
        }
    }
}
