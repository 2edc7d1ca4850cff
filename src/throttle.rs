//! Rate limits and log throttles shared by the transports.
//!
//! A [`Bucket`] says whether one more of something (a handshake, a
//! `request_state`) may happen now; [`Refusals`] counts what was turned away
//! and says when to log it, so a flood costs one log line per period instead
//! of one per message.

use std::time::Duration;

use tokio::time::Instant;

/// How often refusals of one kind (per address, per socket) are logged at most.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

/// A token bucket: `capacity` at once, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct Bucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    pub fn full(capacity: f64, per_second: f64) -> Self {
        Self {
            capacity,
            per_second,
            tokens: capacity,
            updated: Instant::now(),
        }
    }

    /// Takes one token if there is one.
    pub fn take(&mut self) -> bool {
        self.refill();
        let taken = self.tokens >= 1.0;
        if taken {
            self.tokens -= 1.0;
        }
        taken
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let earned = now.duration_since(self.updated).as_secs_f64() * self.per_second;
        self.tokens = (self.tokens + earned).min(self.capacity);
        self.updated = now;
    }

    /// Whether the bucket has refilled completely, i.e. nothing was taken lately.
    pub fn is_full(&mut self) -> bool {
        self.refill();
        self.tokens >= self.capacity
    }
}

/// Counts refusals and says when they should be logged: the first at once,
/// then at most once per [`LOG_EVERY`] with how many there were.
#[derive(Debug, Default)]
pub struct Refusals {
    unlogged: u64,
    logged_at: Option<Instant>,
}

impl Refusals {
    /// Counts one refusal; returns how many to report if it is time to log.
    pub fn count(&mut self) -> Option<u64> {
        self.unlogged += 1;
        let due = self.logged_at.is_none_or(|at| at.elapsed() >= LOG_EVERY);
        due.then(|| {
            self.logged_at = Some(Instant::now());
            std::mem::take(&mut self.unlogged)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn refusals_are_reported_once_per_period_with_their_count() {
        let mut refusals = Refusals::default();
        assert_eq!(refusals.count(), Some(1));
        assert_eq!((0..500).filter_map(|_| refusals.count()).count(), 0);
        tokio::time::advance(LOG_EVERY).await;
        assert_eq!(refusals.count(), Some(501));
    }
}
