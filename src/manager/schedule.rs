//! Carousel entry schedules: on which days and between which times an entry may show.
//!
//! A schedule is read on the board's wall clock at each carousel step: the
//! step goes to the next entry whose schedule allows now, skipping the rest.
//! When none does, nothing steps and the app on the panel stays, so the board
//! never goes blank because of a schedule. An entry without a schedule always
//! may show, and a carousel without any schedule steps exactly as before.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveTime, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::night::parse_time;
use super::state::CarouselEntry;
use super::views::CarouselView;

/// The days an entry may name, Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// How often a carousel in which no entry may show looks again.
const RECHECK: Duration = Duration::from_secs(60);

/// When a carousel entry may show; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Schedule {
    /// The days it may show (`mon`..`sun`); every day when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    /// From this time of day (`HH:MM`); with `end`, all day when both are absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Until this time of day, not included; before `start` to run past midnight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Why a schedule was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Carousel entry {entry}: {problem}")]
pub struct InvalidSchedule {
    /// 1-based, as a person counts the rows.
    pub entry: usize,
    pub problem: String,
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Checks the schedule of the `entry`th row (1-based).
    pub fn validate(&self, entry: usize) -> Result<(), InvalidSchedule> {
        let refuse = |problem: &str| InvalidSchedule {
            entry,
            problem: problem.to_owned(),
        };
        if let Some(days) = &self.days {
            if days.is_empty() {
                return Err(refuse("'days' must name at least one day"));
            }
            if days.iter().any(|day| !DAYS.contains(&day.as_str())) {
                return Err(refuse("'days' must be a list of mon, tue, wed, thu, fri, sat, sun"));
            }
        }
        match self.window() {
            Err(problem) => Err(refuse(problem)),
            Ok(Some((start, end))) if start == end => Err(refuse("'start' and 'end' must differ")),
            Ok(_) => Ok(()),
        }
    }

    /// Whether the entry may show at `now`. The part of an overnight window
    /// after midnight belongs to the day it started on.
    pub fn allows(&self, now: DateTime<Tz>) -> bool {
        let time = now.time().with_nanosecond(0).unwrap_or_else(|| now.time());
        let weekday = now.weekday();
        let day = match self.window() {
            Ok(None) => weekday,
            Ok(Some((start, end))) if start < end => {
                if !(start <= time && time < end) {
                    return false;
                }
                weekday
            }
            Ok(Some((start, end))) => {
                if time >= start {
                    weekday
                } else if time < end {
                    weekday.pred()
                } else {
                    return false;
                }
            }
            Err(_) => return false,
        };
        let name = DAYS[day.num_days_from_monday() as usize];
        self.days.as_ref().is_none_or(|days| days.iter().any(|d| d == name))
    }

    fn window(&self) -> Result<Option<(NaiveTime, NaiveTime)>, &'static str> {
        let time = |text: &Option<String>, refusal| text.as_deref().map(|t| parse_time(t).ok_or(refusal)).transpose();
        let start = time(&self.start, "'start' must be a time of day as HH:MM")?;
        let end = time(&self.end, "'end' must be a time of day as HH:MM")?;
        match (start, end) {
            (Some(start), Some(end)) => Ok(Some((start, end))),
            (None, None) => Ok(None),
            _ => Err("'start' and 'end' go together"),
        }
    }
}

/// Whether any entry has a schedule; a carousel with none steps as it always did.
pub fn any(entries: &[CarouselEntry]) -> bool {
    entries.iter().any(|entry| !entry.schedule.is_empty())
}

/// Whether `entry` may show at `now`, unless its app is one of `blank`: apps
/// with nothing to show (an installed app whose `main` returned nothing, or
/// that has not rendered yet), which are skipped as Tronbyt skips them.
pub fn may_show(entry: &CarouselEntry, now: DateTime<Tz>, blank: &BTreeSet<String>) -> bool {
    !blank.contains(&entry.app) && entry.schedule.allows(now)
}

/// The entry after `current` (wrapping, `current` itself last) that may show at `now`.
pub fn next(entries: &[CarouselEntry], current: usize, now: DateTime<Tz>, blank: &BTreeSet<String>) -> Option<usize> {
    let count = entries.len();
    (1..=count)
        .map(|step| (current + step) % count)
        .find(|&index| may_show(&entries[index], now, blank))
}

/// How long the carousel waits before its next step at `now`: the current
/// entry's duration if it may show; no time at all if it may not but
/// another may; a while, to look again, if none may.
pub fn dwell(view: &CarouselView, now: DateTime<Tz>, full: Duration, blank: &BTreeSet<String>) -> Duration {
    if !any(&view.apps) && !view.apps.iter().any(|entry| blank.contains(&entry.app)) {
        return full;
    }
    let allowed = |entry: &CarouselEntry| may_show(entry, now, blank);
    if view.apps.get(view.current_index).is_some_and(allowed) {
        full
    } else if view.apps.iter().any(allowed) {
        Duration::ZERO
    } else {
        RECHECK.min(full)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, TimeZone};
    use chrono_tz::Europe::Berlin;

    use super::*;

    fn at(text: &str) -> DateTime<Tz> {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Berlin.from_local_datetime(&local).earliest().unwrap()
    }

    fn schedule(days: Option<&[&str]>, window: Option<(&str, &str)>) -> Schedule {
        Schedule {
            days: days.map(|days| days.iter().map(|d| (*d).to_owned()).collect()),
            start: window.map(|(start, _)| start.to_owned()),
            end: window.map(|(_, end)| end.to_owned()),
        }
    }

    #[test]
    fn days_and_windows_allow_what_they_say() {
        // 2024-05-03 is a Friday.
        let weekdays = schedule(Some(&["mon", "tue", "wed", "thu", "fri"]), None);
        assert!(weekdays.allows(at("2024-05-03 12:00")));
        assert!(!weekdays.allows(at("2024-05-04 12:00")));

        let mornings = schedule(None, Some(("06:30", "09:00")));
        assert!(!mornings.allows(at("2024-05-03 06:29")));
        assert!(mornings.allows(at("2024-05-03 06:30")));
        assert!(!mornings.allows(at("2024-05-03 09:00")));

        // Friday night, into Saturday morning.
        let friday_night = schedule(Some(&["fri"]), Some(("22:00", "02:00")));
        assert!(!friday_night.allows(at("2024-05-03 21:59")));
        assert!(friday_night.allows(at("2024-05-03 22:00")));
        assert!(friday_night.allows(at("2024-05-04 01:59")));
        assert!(!friday_night.allows(at("2024-05-04 02:00")));
        assert!(
            !friday_night.allows(at("2024-05-04 22:00")),
            "Saturday night is not Friday's"
        );
        assert!(
            !friday_night.allows(at("2024-05-03 01:00")),
            "Friday early morning is Thursday's night"
        );
        assert!(Schedule::default().allows(at("2024-05-04 03:00")));
    }

    #[test]
    fn bad_schedules_are_refused_naming_the_row_and_key() {
        for (bad, key) in [
            (schedule(Some(&[]), None), "'days'"),
            (schedule(Some(&["monday"]), None), "'days'"),
            (schedule(None, Some(("7:00", "09:00"))), "'start'"),
            (schedule(None, Some(("07:00", "9"))), "'end'"),
            (schedule(None, Some(("07:00", "07:00"))), "'start' and 'end'"),
            (
                Schedule {
                    start: Some("07:00".into()),
                    ..Schedule::default()
                },
                "'start' and 'end'",
            ),
        ] {
            let error = bad.validate(3).unwrap_err().to_string();
            assert!(
                error.starts_with("Carousel entry 3: ") && error.contains(key),
                "{error}"
            );
        }
        assert_eq!(
            schedule(Some(&["sat", "sun"]), Some(("22:00", "02:00"))).validate(1),
            Ok(())
        );
    }

    #[test]
    fn the_next_step_skips_entries_that_may_not_show() {
        let entry = |app: &str, schedule| CarouselEntry {
            app: app.into(),
            duration: 10.into(),
            schedule,
        };
        let entries = vec![
            entry("clock", Schedule::default()),
            entry("stars", schedule(Some(&["sat", "sun"]), None)),
            entry("scroll_text", schedule(None, Some(("06:00", "09:00")))),
        ];
        let friday_noon = at("2024-05-03 12:00");
        let none = BTreeSet::new();
        assert_eq!(
            next(&entries, 0, friday_noon, &none),
            Some(0),
            "only the clock may show"
        );
        assert_eq!(next(&entries, 0, at("2024-05-04 07:00"), &none), Some(1));
        assert_eq!(next(&entries, 1, at("2024-05-04 07:00"), &none), Some(2));
        let only_weekends = &entries[1..2];
        assert_eq!(next(only_weekends, 0, friday_noon, &none), None);

        let view = |index| CarouselView {
            enabled: true,
            apps: entries.clone(),
            current_index: index,
        };
        let full = Duration::from_secs(10);
        assert_eq!(dwell(&view(0), friday_noon, full, &none), full);
        assert_eq!(
            dwell(&view(1), friday_noon, full, &none),
            Duration::ZERO,
            "stars may not show: step now"
        );
        let weekends = CarouselView {
            enabled: true,
            apps: only_weekends.to_vec(),
            current_index: 0,
        };
        assert_eq!(dwell(&weekends, friday_noon, Duration::from_secs(3600), &none), RECHECK);
    }

    #[test]
    fn apps_with_nothing_to_show_are_skipped_like_entries_out_of_their_hours() {
        let entry = |app: &str| CarouselEntry {
            app: app.into(),
            duration: 10.into(),
            schedule: Schedule::default(),
        };
        let entries = vec![entry("clock"), entry("weather"), entry("empty")];
        let blank: BTreeSet<String> = ["empty".to_owned()].into();
        let now = at("2024-05-03 12:00");
        assert_eq!(next(&entries, 1, now, &blank), Some(0), "empty is passed over");
        assert_eq!(next(&entries, 0, now, &blank), Some(1));
        let view = |index| CarouselView {
            enabled: true,
            apps: entries.clone(),
            current_index: index,
        };
        let full = Duration::from_secs(10);
        assert_eq!(dwell(&view(1), now, full, &blank), full);
        assert_eq!(dwell(&view(2), now, full, &blank), Duration::ZERO, "step on at once");
        let all: BTreeSet<String> = ["clock", "weather", "empty"].map(str::to_owned).into();
        assert_eq!(next(&entries, 0, now, &all), None, "nothing may show: stay");
        assert_eq!(dwell(&view(0), now, Duration::from_secs(3600), &all), RECHECK);
    }
}
