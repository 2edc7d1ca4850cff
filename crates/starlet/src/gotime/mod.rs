//! Go's `time` package as Pixlet apps see it, over chrono and chrono-tz:
//! instants in a location, Go's calendar normalisation, its layout strings
//! (`"3:04 PM"`) for formatting and parsing, and its durations (`"1h2m3s"`).
//! Pure Rust; the Starlark values live in [`crate::values::time`].

pub mod duration;
mod format;
mod layout;
mod parse;
#[cfg(test)]
mod parse_tests;
mod scan;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::{OffsetName, Tz};

pub use parse::parse;

/// Where a time is shown: an IANA zone, or a fixed offset that parsing
/// made up for an offset or abbreviation it could not place (as Go does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Zone {
    Named(Tz),
    Fixed { name: String, offset: i32 },
}

impl Zone {
    pub const UTC: Zone = Zone::Named(Tz::UTC);

    /// The zone Go's `LoadLocation(name)` gives: `""` and `"UTC"` are UTC;
    /// `"Local"`, the server's zone in Pixlet, is UTC here.
    pub fn load(name: &str) -> Result<Zone, String> {
        match name {
            "" | "UTC" | "Local" => Ok(Zone::UTC),
            _ => name
                .parse::<Tz>()
                .map(Zone::Named)
                .map_err(|_| format!("unknown time zone {name}")),
        }
    }

    /// The location's name, as Go's `Location.String()`.
    pub fn name(&self) -> &str {
        match self {
            Zone::Named(tz) => tz.name(),
            Zone::Fixed { name, .. } => name,
        }
    }

    /// The offset east of UTC in seconds, and the zone's abbreviation,
    /// at `instant`. Zones without an abbreviation of their own are named by
    /// their offset, as in the tz database (`+03`, `+0545`).
    pub fn offset_at(&self, instant: &DateTime<Utc>) -> (i32, String) {
        match self {
            Zone::Named(tz) => {
                let offset = tz.offset_from_utc_datetime(&instant.naive_utc());
                let seconds = offset.fix().local_minus_utc();
                let name = offset
                    .abbreviation()
                    .map_or_else(|| numeric_abbreviation(seconds), str::to_owned);
                (seconds, name)
            }
            Zone::Fixed { name, offset } => (*offset, name.clone()),
        }
    }

    fn offset_at_unix(&self, seconds: i64) -> Option<(i32, String)> {
        DateTime::from_timestamp(seconds, 0).map(|instant| self.offset_at(&instant))
    }

    /// The offset this zone uses under the abbreviation `name` around the
    /// Unix time `near`, preferring one in effect then (Go's `lookupName`).
    fn offset_named(&self, name: &str, near: i64) -> Option<i32> {
        const HALF_YEAR: i64 = 183 * 86_400;
        let candidates: Vec<i32> = [near, near - HALF_YEAR, near + HALF_YEAR]
            .into_iter()
            .filter_map(|at| self.offset_at_unix(at))
            .filter(|(_, abbreviation)| abbreviation == name)
            .map(|(offset, _)| offset)
            .collect();
        candidates
            .iter()
            .copied()
            .find(|&offset| {
                self.offset_at_unix(near - i64::from(offset))
                    .is_some_and(|(_, abbreviation)| abbreviation == name)
            })
            .or_else(|| candidates.first().copied())
    }
}

/// `+03` or `+0545`: how the tz database names a zone without letters.
fn numeric_abbreviation(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    if minutes.is_multiple_of(60) {
        format!("{sign}{:02}", minutes / 60)
    } else {
        format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
    }
}

/// An instant and the zone it is shown in, like Go's `time.Time`.
#[derive(Clone, Debug)]
pub struct Time {
    instant: DateTime<Utc>,
    zone: Zone,
}

/// Go's `floor`-style carry of `low` into `high` by `base`.
fn carry(high: i128, low: i128, base: i128) -> (i128, i128) {
    (high + low.div_euclid(base), low.rem_euclid(base))
}

impl Time {
    pub fn new(instant: DateTime<Utc>, zone: Zone) -> Self {
        Self { instant, zone }
    }

    /// Go's zero time, January 1 of year 1, UTC: what `bool(t)` is false for.
    pub fn zero() -> Self {
        let instant = NaiveDate::from_ymd_opt(1, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|naive| naive.and_utc())
            .unwrap_or_default();
        Self::new(instant, Zone::UTC)
    }

    /// Go's `time.Date`: out-of-range fields carry over (month 13 is January
    /// of the next year, day 0 the last day of the month before); a wall
    /// time a zone skips or repeats gets the offset Go picks.
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
        nanosecond: i64,
        zone: Zone,
    ) -> Option<Self> {
        let (year, month0) = carry(year.into(), i128::from(month) - 1, 12);
        let (second, nanosecond) = carry(second.into(), nanosecond.into(), 1_000_000_000);
        let (minute, second) = carry(minute.into(), second, 60);
        let (hour, minute) = carry(hour.into(), minute, 60);
        let (day, hour) = carry(day.into(), hour, 24);
        let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month0 + 1).ok()?, 1)?;
        let days = i128::from(first.num_days_from_ce()) - i128::from(UNIX_EPOCH_DAYS_FROM_CE) + day - 1;
        let wall = i64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).ok()?;
        let guess = zone.offset_at_unix(wall)?.0;
        let offset = if guess == 0 {
            0
        } else {
            zone.offset_at_unix(wall - i64::from(guess))?.0
        };
        let instant = DateTime::from_timestamp(wall - i64::from(offset), u32::try_from(nanosecond).ok()?)?;
        Some(Self::new(instant, zone))
    }

    /// Go's `time.Unix(sec, nsec)`, in UTC.
    pub fn from_unix(seconds: i64, nanoseconds: i64) -> Option<Self> {
        let (seconds, nanoseconds) = carry(seconds.into(), nanoseconds.into(), 1_000_000_000);
        let instant = DateTime::from_timestamp(i64::try_from(seconds).ok()?, u32::try_from(nanoseconds).ok()?)?;
        Some(Self::new(instant, Zone::UTC))
    }

    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The same instant shown in `zone`.
    pub fn in_zone(&self, zone: Zone) -> Self {
        Self::new(self.instant, zone)
    }

    /// The offset east of UTC in seconds and the zone abbreviation in effect.
    pub fn offset(&self) -> (i32, String) {
        self.zone.offset_at(&self.instant)
    }

    /// The wall clock in the time's zone.
    pub fn wall(&self) -> NaiveDateTime {
        let offset = chrono::Duration::seconds(self.offset().0.into());
        self.instant
            .naive_utc()
            .checked_add_signed(offset)
            .unwrap_or(self.instant.naive_utc())
    }

    pub fn year(&self) -> i32 {
        self.wall().year()
    }

    pub fn month(&self) -> u32 {
        self.wall().month()
    }

    pub fn day(&self) -> u32 {
        self.wall().day()
    }

    pub fn hour(&self) -> u32 {
        self.wall().hour()
    }

    pub fn minute(&self) -> u32 {
        self.wall().minute()
    }

    pub fn second(&self) -> u32 {
        self.wall().second()
    }

    pub fn nanosecond(&self) -> u32 {
        self.instant.nanosecond()
    }

    /// The day of the week, 0 for Sunday.
    pub fn weekday(&self) -> u32 {
        self.wall().weekday().num_days_from_sunday()
    }

    pub fn unix(&self) -> i64 {
        self.instant.timestamp()
    }

    /// Nanoseconds since 1970; like Go, wraps outside 1678..2262.
    pub fn unix_nano(&self) -> i64 {
        self.unix()
            .wrapping_mul(1_000_000_000)
            .wrapping_add(i64::from(self.nanosecond()))
    }

    pub fn is_zero(&self) -> bool {
        self.instant == Self::zero().instant
    }

    /// The time `nanoseconds` later, if it is within the calendar's range.
    pub fn add(&self, nanoseconds: i64) -> Option<Self> {
        let instant = self
            .instant
            .checked_add_signed(chrono::Duration::nanoseconds(nanoseconds))?;
        Some(Self::new(instant, self.zone.clone()))
    }

    /// Nanoseconds from `earlier` to this time, saturating as Go's `Sub`.
    pub fn since(&self, earlier: &Time) -> i64 {
        let nanos = |t: &Time| i128::from(t.unix()) * 1_000_000_000 + i128::from(t.nanosecond());
        let difference = nanos(self) - nanos(earlier);
        i64::try_from(difference).unwrap_or(if difference < 0 { i64::MIN } else { i64::MAX })
    }

    /// The time written with a Go layout (`"Mon Jan 2 15:04:05 MST 2006"`).
    pub fn format(&self, layout: &str) -> String {
        format::format(self, layout)
    }
}

/// Days from 0001-01-01 (day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for Time {}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Time {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl std::fmt::Display for Time {
    /// Go's `Time.String()`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format("2006-01-02 15:04:05.999999999 -0700 MST"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::load(name).unwrap()
    }

    #[test]
    fn date_carries_out_of_range_fields_as_go_does() {
        let t = Time::date(2024, 13, 1, 0, 0, 0, 0, Zone::UTC).unwrap();
        assert_eq!(t.to_string(), "2025-01-01 00:00:00 +0000 UTC");
        let t = Time::date(2024, 3, 0, 25, -1, 0, 0, Zone::UTC).unwrap();
        assert_eq!(t.to_string(), "2024-03-01 00:59:00 +0000 UTC");
        // time() with no fields is Go's Date(0, 0, 0, ...).
        let t = Time::date(0, 0, 0, 0, 0, 0, 0, Zone::UTC).unwrap();
        assert_eq!(t.to_string(), "-0001-11-30 00:00:00 +0000 UTC");
    }

    #[test]
    fn wall_times_in_a_gap_or_overlap_get_gos_offsets() {
        // 2:30 on the spring-forward night does not exist in New York: Go
        // reads it with the offset after the change, so it shows as 1:30 EST.
        let gap = Time::date(2021, 3, 14, 2, 30, 0, 0, zone("America/New_York")).unwrap();
        assert_eq!(gap.to_string(), "2021-03-14 01:30:00 -0500 EST");
        // 1:30 on the fall-back night happens twice: Go picks the first, EDT.
        let overlap = Time::date(2021, 11, 7, 1, 30, 0, 0, zone("America/New_York")).unwrap();
        assert_eq!(overlap.to_string(), "2021-11-07 01:30:00 -0400 EDT");
    }

    #[test]
    fn zones_are_named_as_the_tz_database_names_them() {
        let t = Time::from_unix(1_600_000_000, 0).unwrap();
        assert_eq!(t.in_zone(zone("Europe/Berlin")).offset(), (7200, "CEST".to_owned()));
        assert_eq!(t.in_zone(zone("Asia/Kathmandu")).offset(), (20700, "+0545".to_owned()));
        assert_eq!(
            t.in_zone(zone("America/Sao_Paulo")).offset(),
            (-10800, "-03".to_owned())
        );
        assert!(Zone::load("Mars/Olympus").is_err());
        assert_eq!(Zone::load("").unwrap(), Zone::UTC);
    }

    #[test]
    fn sub_saturates_and_unix_nano_counts_from_1970() {
        let t = Time::from_unix(1, 5).unwrap();
        assert_eq!(t.unix_nano(), 1_000_000_005);
        assert_eq!(Time::from_unix(0, -1).unwrap().unix(), -1);
        assert_eq!(
            Time::zero().since(&Time::from_unix(1_000_000_000_000, 0).unwrap()),
            i64::MIN
        );
        assert!(Time::zero().is_zero());
    }
}
