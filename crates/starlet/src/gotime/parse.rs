//! Reading a time written with a Go layout, by Go's rules: fields left out
//! of the layout are zero (or one for month and day), a space in the layout
//! matches any run of spaces, a fraction after the seconds is read even
//! when the layout has none, and a zone the value names is placed in the
//! location being parsed in when it can be, or kept as a fixed zone.
//!
//! chrono's parser is stricter about some things and looser about others
//! (it checks weekdays, reads no zone abbreviations), so the value is read
//! here token by token and chrono does the calendar.

use chrono::NaiveDate;

use super::layout::{Token, next_chunk};
use super::scan::{Failure, atoi, is_separator, lookup, nanoseconds, number, skip, take, zone_name_length};
use super::{Time, Zone};

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// What the value said, field by field; `-1` where it said nothing.
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    year_day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanosecond: i64,
    pm: Option<bool>,
    utc: bool,
    offset: Option<i32>,
    zone_name: String,
}

/// Parses `value` laid out as `layout`. Offsets and zone names are matched
/// against `local`; a value without either is a wall time in `default`.
/// Go's `time.Parse` is `local` = the server's zone, `default` = UTC; its
/// `ParseInLocation(loc)` is both `loc`.
pub fn parse(layout: &str, value: &str, local: &Zone, default: &Zone) -> Result<Time, String> {
    let error = |layout_element: &str, value_element: &[u8]| {
        format!(
            "parsing time {:?} as {layout:?}: cannot parse {:?} as {layout_element:?}",
            value,
            String::from_utf8_lossy(value_element)
        )
    };
    let mut fields = Fields {
        year: 0,
        month: -1,
        day: -1,
        year_day: -1,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        pm: None,
        utc: false,
        offset: None,
        zone_name: String::new(),
    };
    let mut rest = layout;
    let mut v = value.as_bytes();
    loop {
        let (prefix, token, suffix) = next_chunk(rest);
        let element = &rest[prefix.len()..rest.len() - suffix.len()];
        v = skip(v, prefix.as_bytes()).map_err(|at| error(prefix, at))?;
        let Some(token) = token else {
            if !v.is_empty() {
                return Err(format!(
                    "parsing time {value:?}: extra text: {:?}",
                    String::from_utf8_lossy(v)
                ));
            }
            break;
        };
        rest = suffix;
        let hold = v;
        match read(token, &mut v, &mut fields, suffix) {
            Ok(()) => {}
            Err(Failure::Bad) => return Err(error(element, hold)),
            Err(Failure::Range(what)) => return Err(format!("parsing time {value:?}: {what} out of range")),
        }
    }
    finish(fields, local, default).map_err(|message| format!("parsing time {value:?}: {message}"))
}

/// Reads one token's worth of `v` into `fields`.
fn read(token: Token, v: &mut &[u8], fields: &mut Fields, layout_rest: &str) -> Result<(), Failure> {
    match token {
        Token::Year => {
            let text = take(v, 2)?;
            let year = atoi(text)?;
            fields.year = if year >= 69 { year + 1900 } else { year + 2000 };
        }
        Token::LongYear => {
            let text = take(v, 4)?;
            if !text.iter().all(u8::is_ascii_digit) {
                return Err(Failure::Bad);
            }
            fields.year = atoi(text)?;
        }
        Token::Month => fields.month = lookup(v, &SHORT_MONTHS)? + 1,
        Token::LongMonth => fields.month = lookup(v, &LONG_MONTHS)? + 1,
        Token::NumMonth | Token::ZeroMonth => {
            fields.month = number(v, token == Token::ZeroMonth)?;
            if !(1..=12).contains(&fields.month) {
                return Err(Failure::Range("month"));
            }
        }
        Token::WeekDay => {
            lookup(v, &SHORT_DAYS)?;
        }
        Token::LongWeekDay => {
            lookup(v, &LONG_DAYS)?;
        }
        Token::Day | Token::UnderDay | Token::ZeroDay => {
            if token == Token::UnderDay && v.first() == Some(&b' ') {
                *v = &v[1..];
            }
            fields.day = number(v, token == Token::ZeroDay)?;
        }
        Token::UnderYearDay | Token::ZeroYearDay => {
            for _ in 0..2 {
                if token == Token::UnderYearDay && v.first() == Some(&b' ') {
                    *v = &v[1..];
                }
            }
            let digits = v.iter().take(3).take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 || (token == Token::ZeroYearDay && digits != 3) {
                return Err(Failure::Bad);
            }
            fields.year_day = atoi(&v[..digits])?;
            *v = &v[digits..];
        }
        Token::Hour => {
            fields.hour = number(v, false)?;
            if fields.hour >= 24 {
                return Err(Failure::Range("hour"));
            }
        }
        Token::Hour12 | Token::ZeroHour12 => {
            fields.hour = number(v, token == Token::ZeroHour12)?;
            if fields.hour > 12 {
                return Err(Failure::Range("hour"));
            }
        }
        Token::Minute | Token::ZeroMinute => {
            fields.minute = number(v, token == Token::ZeroMinute)?;
            if fields.minute >= 60 {
                return Err(Failure::Range("minute"));
            }
        }
        Token::Second | Token::ZeroSecond => {
            fields.second = number(v, token == Token::ZeroSecond)?;
            if fields.second >= 60 {
                return Err(Failure::Range("second"));
            }
            // A fraction right after the seconds is read even when the
            // layout has none, unless the layout's next element is one.
            let layout_has_fraction = matches!(
                next_chunk(layout_rest).1,
                Some(Token::FracZeros { .. } | Token::FracNines { .. })
            );
            if v.len() >= 2 && is_separator(v[0]) && v[1].is_ascii_digit() && !layout_has_fraction {
                let digits = 1 + v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                fields.nanosecond = nanoseconds(&v[..digits])?;
                *v = &v[digits..];
            }
        }
        Token::UpperPm | Token::LowerPm => {
            let text = take(v, 2)?;
            let (am, pm): (&[u8], &[u8]) = if token == Token::UpperPm {
                (b"AM", b"PM")
            } else {
                (b"am", b"pm")
            };
            fields.pm = Some(match text {
                t if t == pm => true,
                t if t == am => false,
                _ => return Err(Failure::Bad),
            });
        }
        Token::ZoneName => {
            if v.starts_with(b"UTC") {
                fields.utc = true;
                *v = &v[3..];
            } else {
                let length = zone_name_length(v).ok_or(Failure::Bad)?;
                fields.zone_name = String::from_utf8_lossy(&v[..length]).into_owned();
                *v = &v[length..];
            }
        }
        Token::FracZeros { digits, .. } => {
            let length = 1 + digits;
            if v.len() < length {
                return Err(Failure::Bad);
            }
            fields.nanosecond = nanoseconds(&v[..length])?;
            *v = &v[length..];
        }
        Token::FracNines { .. } => {
            if v.len() >= 2 && is_separator(v[0]) && v[1].is_ascii_digit() {
                let digits = 1 + v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                fields.nanosecond = nanoseconds(&v[..digits])?;
                *v = &v[digits..];
            }
        }
        _ => read_offset(token, v, fields)?,
    }
    Ok(())
}

/// `Z`, `-0700`, `-07:00`, `-07`, `-070000` or `-07:00:00`, as `token` says.
fn read_offset(token: Token, v: &mut &[u8], fields: &mut Fields) -> Result<(), Failure> {
    let iso = matches!(
        token,
        Token::Iso8601 | Token::Iso8601Seconds | Token::Iso8601Short | Token::Iso8601Colon | Token::Iso8601ColonSeconds
    );
    if iso && v.first() == Some(&b'Z') {
        *v = &v[1..];
        fields.utc = true;
        return Ok(());
    }
    // Where the hours, minutes and seconds sit, and how long the text is.
    let (hours, minutes, seconds, length): (usize, Option<usize>, Option<usize>, usize) = match token {
        Token::Iso8601Colon | Token::NumColon => (1, Some(4), None, 6),
        Token::Iso8601Short | Token::NumShort => (1, None, None, 3),
        Token::Iso8601ColonSeconds | Token::NumColonSeconds => (1, Some(4), Some(7), 9),
        Token::Iso8601Seconds | Token::NumSeconds => (1, Some(3), Some(5), 7),
        _ => (1, Some(3), None, 5),
    };
    if v.len() < length {
        return Err(Failure::Bad);
    }
    let colons: &[usize] = match length {
        6 => &[3],
        9 => &[3, 6],
        _ => &[],
    };
    if colons.iter().any(|&at| v[at] != b':') {
        return Err(Failure::Bad);
    }
    let two = |at: Option<usize>| -> Result<i64, Failure> {
        match at {
            None => Ok(0),
            Some(at) => {
                let mut digits = &v[at..at + 2];
                number(&mut digits, true)
            }
        }
    };
    let (h, m, s) = (two(Some(hours))?, two(minutes)?, two(seconds)?);
    if h > 24 {
        return Err(Failure::Range("time zone offset hour"));
    }
    if m > 60 {
        return Err(Failure::Range("time zone offset minute"));
    }
    if s > 60 {
        return Err(Failure::Range("time zone offset second"));
    }
    let offset = ((h * 60 + m) * 60 + s) as i32;
    fields.offset = Some(match v[0] {
        b'+' => offset,
        b'-' => -offset,
        _ => return Err(Failure::Bad),
    });
    *v = &v[length..];
    Ok(())
}

/// The time the fields describe, in the zone they name.
fn finish(mut fields: Fields, local: &Zone, default: &Zone) -> Result<Time, String> {
    match fields.pm {
        Some(true) if fields.hour < 12 => fields.hour += 12,
        Some(false) if fields.hour == 12 => fields.hour = 0,
        _ => {}
    }
    let year = i32::try_from(fields.year).map_err(|_| "year out of range".to_owned())?;
    if fields.year_day >= 0 {
        let date = u32::try_from(fields.year_day)
            .ok()
            .and_then(|day| NaiveDate::from_yo_opt(year, day))
            .ok_or("day-of-year out of range")?;
        use chrono::Datelike;
        if fields.month >= 0 && fields.month != i64::from(date.month()) {
            return Err("day-of-year does not match month".to_owned());
        }
        if fields.day >= 0 && fields.day != i64::from(date.day()) {
            return Err("day-of-year does not match day".to_owned());
        }
        fields.month = date.month().into();
        fields.day = date.day().into();
    }
    let month = if fields.month < 0 { 1 } else { fields.month };
    let day = if fields.day < 0 { 1 } else { fields.day };
    let valid_day = u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d));
    if valid_day.is_none() {
        return Err("day out of range".to_owned());
    }
    let at = |zone: Zone| {
        Time::date(
            fields.year,
            month,
            day,
            fields.hour,
            fields.minute,
            fields.second,
            fields.nanosecond,
            zone,
        )
        .ok_or_else(|| "time out of range".to_owned())
    };
    if fields.utc {
        return at(Zone::UTC);
    }
    if let Some(offset) = fields.offset {
        let t = at(Zone::UTC)?
            .add(-i64::from(offset) * 1_000_000_000)
            .ok_or("time out of range")?;
        let (local_offset, local_name) = local.offset_at(&t.instant());
        if local_offset == offset && (fields.zone_name.is_empty() || local_name == fields.zone_name) {
            return Ok(t.in_zone(local.clone()));
        }
        return Ok(t.in_zone(Zone::Fixed {
            name: fields.zone_name,
            offset,
        }));
    }
    if !fields.zone_name.is_empty() {
        let t = at(Zone::UTC)?;
        if let Some(offset) = local.offset_named(&fields.zone_name, t.unix()) {
            let t = t.add(-i64::from(offset) * 1_000_000_000).ok_or("time out of range")?;
            return Ok(t.in_zone(local.clone()));
        }
        // An abbreviation the location does not use: Go keeps the name with
        // no offset, except that `GMT+3` says its offset.
        let offset = fields
            .zone_name
            .strip_prefix("GMT")
            .and_then(|hours| hours.parse::<i32>().ok())
            .map_or(0, |hours| hours * 3600);
        return Ok(t.in_zone(Zone::Fixed {
            name: fields.zone_name,
            offset,
        }));
    }
    at(default.clone())
}
