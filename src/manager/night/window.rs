//! When the night is: a daily window of wall-clock times, turned into instants in a time zone.
//!
//! A window is a span of real time, not a test on what the wall clock reads:
//! the night that starts at 22:00 on one date ends at the first `end` after
//! it, however long the clocks make that night. So a DST change inside the
//! night only makes it an hour longer or shorter, and a wall-clock time that
//! occurs twice (autumn) never starts or ends a night twice.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Window {
    /// Whether the night is on at `now`. A window whose start equals its end
    /// is empty: it is never on.
    pub fn contains(&self, now: DateTime<Tz>) -> bool {
        let at = now.with_timezone(&Utc);
        self.nights_around(now)
            .into_iter()
            .any(|(start, end)| start <= at && at < end)
    }

    /// The next instant after `now` at which the night starts or ends, if any.
    pub fn next_change(&self, now: DateTime<Tz>) -> Option<DateTime<Utc>> {
        let at = now.with_timezone(&Utc);
        self.nights_around(now)
            .into_iter()
            .flat_map(|(start, end)| [start, end])
            .filter(|instant| *instant > at)
            .min()
    }

    /// The nights that start the day before `now`'s date, on it and the day
    /// after, as `[start, end)` instants: every night that can hold `now` or
    /// be the next to start or end.
    fn nights_around(&self, now: DateTime<Tz>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.start == self.end {
            return Vec::new();
        }
        let zone = now.timezone();
        let today = now.date_naive();
        let overnight = self.end < self.start;
        [today.pred_opt(), Some(today), today.succ_opt()]
            .into_iter()
            .flatten()
            .filter_map(|day: NaiveDate| {
                let end_day = if overnight {
                    day.checked_add_days(Days::new(1))?
                } else {
                    day
                };
                Some((
                    instant(zone, day.and_time(self.start)),
                    instant(zone, end_day.and_time(self.end)),
                ))
            })
            .collect()
    }
}

/// When `zone`'s wall clock reads `local`: the earlier instant when it reads
/// it twice (the hour repeated in autumn); when the clocks skip it (spring),
/// as long after the jump as `local` is after the last time before it, so
/// 02:30 on a night that jumps from 02:00 to 03:00 is 03:30, as calendars do.
fn instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    if let Some(found) = zone.from_local_datetime(&local).earliest() {
        return found.with_timezone(&Utc);
    }
    let before_the_jump = zone
        .offset_from_utc_datetime(&(local - TimeDelta::days(1)))
        .fix()
        .local_minus_utc();
    Utc.from_utc_datetime(&(local - TimeDelta::seconds(before_the_jump.into())))
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::Berlin;

    use super::*;

    fn window(start: &str, end: &str) -> Window {
        let time = |text| NaiveTime::parse_from_str(text, "%H:%M").unwrap();
        Window {
            start: time(start),
            end: time(end),
        }
    }

    fn at(zone: Tz, text: &str) -> DateTime<Tz> {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
        zone.from_local_datetime(&local).earliest().unwrap()
    }

    fn local(zone: Tz, instant: DateTime<Utc>) -> String {
        instant.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S %Z").to_string()
    }

    #[test]
    fn an_overnight_window_wraps_past_midnight() {
        let night = window("22:00", "07:00");
        for (time, on) in [
            ("2024-05-01 21:59:59", false),
            ("2024-05-01 22:00:00", true),
            ("2024-05-01 23:59:59", true),
            ("2024-05-02 00:00:00", true),
            ("2024-05-02 06:59:59", true),
            ("2024-05-02 07:00:00", false),
            ("2024-05-02 12:00:00", false),
        ] {
            assert_eq!(night.contains(at(Berlin, time)), on, "{time}");
        }
        let change = night.next_change(at(Berlin, "2024-05-01 23:00:00")).unwrap();
        assert_eq!(local(Berlin, change), "2024-05-02 07:00:00 CEST");
        let change = night.next_change(at(Berlin, "2024-05-02 07:00:00")).unwrap();
        assert_eq!(local(Berlin, change), "2024-05-02 22:00:00 CEST");
    }

    #[test]
    fn a_daytime_window_does_not_wrap_and_an_empty_one_never_starts() {
        let nap = window("13:00", "14:30");
        assert!(!nap.contains(at(Berlin, "2024-05-01 12:59:00")));
        assert!(nap.contains(at(Berlin, "2024-05-01 13:00:00")));
        assert!(!nap.contains(at(Berlin, "2024-05-01 14:30:00")));
        assert!(!nap.contains(at(Berlin, "2024-05-01 23:00:00")));

        let empty = window("22:00", "22:00");
        assert!(!empty.contains(at(Berlin, "2024-05-01 22:00:00")));
        assert_eq!(empty.next_change(at(Berlin, "2024-05-01 21:00:00")), None);
    }

    #[test]
    fn dst_nights_last_from_start_to_end_on_the_wall_clock() {
        let night = window("22:00", "07:00");
        // (zone, evening the clocks change overnight, hours of that night)
        for (zone, evening, hours) in [
            (Berlin, "2024-03-30", 8),
            (Berlin, "2024-10-26", 10),
            (New_York, "2024-03-09", 8),
            (New_York, "2024-11-02", 10),
        ] {
            let dusk = at(zone, &format!("{evening} 21:00:00"));
            let start = night.next_change(dusk).unwrap();
            assert_eq!(local(zone, start).get(11..19), Some("22:00:00"), "{zone} {evening}");
            let end = night.next_change(start.with_timezone(&zone)).unwrap();
            assert_eq!(local(zone, end).get(11..19), Some("07:00:00"), "{zone} {evening}");
            assert_eq!((end - start).num_hours(), hours, "{zone} {evening}");
            // On throughout, the skipped or repeated hour included.
            let mut probe = start;
            while probe < end {
                assert!(
                    night.contains(probe.with_timezone(&zone)),
                    "{zone} {}",
                    local(zone, probe)
                );
                probe += TimeDelta::minutes(15);
            }
            assert!(!night.contains(end.with_timezone(&zone)));
        }
    }

    #[test]
    fn boundaries_inside_a_skipped_or_repeated_hour_happen_once() {
        // Spring: 02:30 never shows in Berlin on 31 March 2024; the night starts 03:30 CEST.
        let night = window("02:30", "06:00");
        let start = night.next_change(at(Berlin, "2024-03-31 01:00:00")).unwrap();
        assert_eq!(local(Berlin, start), "2024-03-31 03:30:00 CEST");

        // Autumn: 02:30 shows twice on 27 October 2024; the night ends at the first.
        let night = window("23:00", "02:30");
        let start = night.next_change(at(Berlin, "2024-10-26 22:00:00")).unwrap();
        let end = night.next_change(start.with_timezone(&Berlin)).unwrap();
        assert_eq!(local(Berlin, end), "2024-10-27 02:30:00 CEST");
        let again = end + TimeDelta::hours(1);
        assert_eq!(local(Berlin, again), "2024-10-27 02:30:00 CET");
        assert!(!night.contains(again.with_timezone(&Berlin)), "not a second night");
        assert_eq!(
            local(Berlin, night.next_change(again.with_timezone(&Berlin)).unwrap()),
            "2024-10-27 23:00:00 CET"
        );
    }
}
