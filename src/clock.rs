//! The board's clock: the time zone it lives in (`--timezone`) and where "now" comes from.
//!
//! Everything that reads the wall clock (the clock app's digits, the night
//! window) asks a [`Clock`] rather than the system, so that one setting
//! decides the zone for all of them and a test can run a whole night on
//! paused tokio time.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

#[derive(Clone)]
pub struct Clock {
    zone: Tz,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock")
            .field("zone", &self.zone)
            .finish_non_exhaustive()
    }
}

impl Clock {
    /// The system's wall clock, read in `zone`.
    pub fn system(zone: Tz) -> Self {
        Self {
            zone,
            now: Arc::new(Utc::now),
        }
    }

    /// A clock that reads `start` now and then moves with tokio's clock, so
    /// that pausing and advancing tokio time moves the wall clock with it.
    pub fn following_tokio(start: DateTime<Utc>, zone: Tz) -> Self {
        let origin = tokio::time::Instant::now();
        Self {
            zone,
            now: Arc::new(move || start + origin.elapsed()),
        }
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    pub fn now(&self) -> DateTime<Tz> {
        (self.now)().with_timezone(&self.zone)
    }

    /// The wall-clock time as the board's zone shows it.
    pub fn local(&self) -> NaiveDateTime {
        self.now().naive_local()
    }

    /// How long from now until `instant`; zero when it has passed.
    pub fn until(&self, instant: DateTime<Utc>) -> Duration {
        (instant - (self.now)()).to_std().unwrap_or_default()
    }
}

/// The zone the system is set to, or UTC when it names none this build knows.
pub fn system_zone() -> Tz {
    match iana_time_zone::get_timezone() {
        Ok(name) => name.parse().unwrap_or_else(|_| {
            tracing::warn!(zone = %name, "the system's time zone is unknown; using UTC (set --timezone)");
            Tz::UTC
        }),
        Err(error) => {
            tracing::warn!(%error, "cannot tell the system's time zone; using UTC (set --timezone)");
            Tz::UTC
        }
    }
}

/// Reads an IANA zone name for `--timezone`, refusing unknown ones.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.parse().map_err(|_| {
        format!("unknown time zone '{name}'; give an IANA name such as Europe/Berlin, America/New_York or UTC")
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_following_clock_moves_with_paused_tokio_time_in_its_zone() {
        let start = Utc.with_ymd_and_hms(2024, 3, 31, 0, 59, 0).unwrap();
        let clock = Clock::following_tokio(start, chrono_tz::Europe::Berlin);
        assert_eq!(clock.local().to_string(), "2024-03-31 01:59:00");
        tokio::time::sleep(Duration::from_secs(60)).await;
        // Spring forward: 02:00 CET is 03:00 CEST.
        assert_eq!(clock.local().to_string(), "2024-03-31 03:00:00");
        assert_eq!(clock.until(start + Duration::from_secs(90)), Duration::from_secs(30));
        assert_eq!(clock.until(start), Duration::ZERO);
    }

    #[test]
    fn unknown_zones_are_refused_by_name() {
        assert_eq!(parse_zone("America/New_York").unwrap(), chrono_tz::America::New_York);
        let error = parse_zone("Mars/Olympus").unwrap_err();
        assert!(error.contains("'Mars/Olympus'"), "{error}");
    }
}
