//! Writing a time with a Go layout. Each reference-time token maps onto
//! chrono's formatting items (names, padded numbers); the few Go writes
//! its own way (zone offsets and names, fractions, years outside 1..9999)
//! become literal text computed here.

use std::fmt::Write;

use chrono::Datelike;
use chrono::format::{Fixed, Item, Numeric, Pad};

use super::Time;
use super::layout::{Token, next_chunk};

pub(super) fn format(time: &Time, layout: &str) -> String {
    let (offset, zone_name) = time.offset();
    let wall = time.wall();
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut rest = layout;
    loop {
        let (prefix, token, suffix) = next_chunk(rest);
        if !prefix.is_empty() {
            items.push(Item::Literal(prefix));
        }
        let Some(token) = token else { break };
        items.push(match token {
            Token::LongYear if !(1..=9999).contains(&wall.year()) => owned(go_int(wall.year().into(), 4)),
            Token::Year if wall.year() < 0 => owned(go_int((wall.year() % 100).into(), 2)),
            Token::FracZeros { digits, separator } => owned(fraction(time.nanosecond(), digits, separator, false)),
            Token::FracNines { digits, separator } => owned(fraction(time.nanosecond(), digits, separator, true)),
            Token::ZoneName if zone_name.is_empty() => owned(offset_text(offset, Token::Num)),
            Token::ZoneName => owned(zone_name.clone()),
            _ if token.is_offset() => owned(offset_text(offset, token)),
            _ => chrono_item(token),
        });
        rest = suffix;
    }
    let mut out = String::new();
    // Every item above is one a date and time can always fill in.
    let _ = write!(out, "{}", wall.format_with_items(items.iter()));
    out
}

fn owned(text: String) -> Item<'static> {
    Item::OwnedLiteral(text.into_boxed_str())
}

/// The chrono item that writes `token` exactly as Go does.
fn chrono_item(token: Token) -> Item<'static> {
    let number = |field, pad| Item::Numeric(field, pad);
    match token {
        Token::LongMonth => Item::Fixed(Fixed::LongMonthName),
        Token::Month => Item::Fixed(Fixed::ShortMonthName),
        Token::NumMonth => number(Numeric::Month, Pad::None),
        Token::ZeroMonth => number(Numeric::Month, Pad::Zero),
        Token::LongWeekDay => Item::Fixed(Fixed::LongWeekdayName),
        Token::WeekDay => Item::Fixed(Fixed::ShortWeekdayName),
        Token::Day => number(Numeric::Day, Pad::None),
        Token::UnderDay => number(Numeric::Day, Pad::Space),
        Token::ZeroDay => number(Numeric::Day, Pad::Zero),
        Token::UnderYearDay => number(Numeric::Ordinal, Pad::Space),
        Token::ZeroYearDay => number(Numeric::Ordinal, Pad::Zero),
        Token::Hour => number(Numeric::Hour, Pad::Zero),
        Token::Hour12 => number(Numeric::Hour12, Pad::None),
        Token::ZeroHour12 => number(Numeric::Hour12, Pad::Zero),
        Token::Minute => number(Numeric::Minute, Pad::None),
        Token::ZeroMinute => number(Numeric::Minute, Pad::Zero),
        Token::Second => number(Numeric::Second, Pad::None),
        Token::ZeroSecond => number(Numeric::Second, Pad::Zero),
        Token::LongYear => number(Numeric::Year, Pad::Zero),
        Token::Year => number(Numeric::YearMod100, Pad::Zero),
        Token::UpperPm => Item::Fixed(Fixed::UpperAmPm),
        Token::LowerPm => Item::Fixed(Fixed::LowerAmPm),
        _ => Item::Literal(""),
    }
}

/// Go's `appendInt`: a sign when negative, then at least `width` digits.
fn go_int(value: i64, width: usize) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{:0width$}", value.unsigned_abs())
}

/// `.123` from the nanoseconds: `digits` of them, or for `.999` layouts as
/// many as needed, nothing at all for a whole second.
fn fraction(nanosecond: u32, digits: usize, separator: char, trim: bool) -> String {
    if trim && (digits == 0 || nanosecond == 0) {
        return String::new();
    }
    let all = format!("{nanosecond:09}");
    let kept = &all[..digits.min(9)];
    let kept = if trim { kept.trim_end_matches('0') } else { kept };
    if kept.is_empty() {
        return String::new();
    }
    format!("{separator}{kept}")
}

/// An offset the way the zone token asks: `Z` at UTC for the ISO forms,
/// hours always, minutes unless short, seconds for the seconds forms.
fn offset_text(offset: i32, token: Token) -> String {
    let iso = matches!(
        token,
        Token::Iso8601 | Token::Iso8601Seconds | Token::Iso8601Short | Token::Iso8601Colon | Token::Iso8601ColonSeconds
    );
    if iso && offset == 0 {
        return "Z".to_owned();
    }
    let colon = matches!(
        token,
        Token::Iso8601Colon | Token::NumColon | Token::Iso8601ColonSeconds | Token::NumColonSeconds
    );
    let short = matches!(token, Token::Iso8601Short | Token::NumShort);
    let seconds = matches!(
        token,
        Token::Iso8601Seconds | Token::NumSeconds | Token::Iso8601ColonSeconds | Token::NumColonSeconds
    );
    // Go takes the sign from the offset in whole minutes.
    let minutes = offset / 60;
    let mut text = String::from(if minutes < 0 { '-' } else { '+' });
    let minutes = minutes.unsigned_abs();
    let _ = write!(text, "{:02}", minutes / 60);
    if colon {
        text.push(':');
    }
    if !short {
        let _ = write!(text, "{:02}", minutes % 60);
    }
    if seconds {
        if colon {
            text.push(':');
        }
        let _ = write!(text, "{:02}", offset.unsigned_abs() % 60);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::{Time, Zone};

    /// Go's reference time, 2006-01-02 15:04:05.123456789 in `zone`.
    fn reference(zone: &str) -> Time {
        let zone = Zone::load(zone).unwrap();
        Time::date(2006, 1, 2, 15, 4, 5, 123_456_789, zone).unwrap()
    }

    #[test]
    fn every_reference_token_writes_as_go_writes_it() {
        let t = reference("America/Denver");
        let cases = [
            ("January Jan 1 01", "January Jan 1 01"),
            ("Monday Mon 2 _2 02", "Monday Mon 2  2 02"),
            ("__2 002", "  2 002"),
            ("15 3 03 4 04 5 05", "15 3 03 4 04 5 05"),
            ("2006 06 PM pm", "2006 06 PM pm"),
            ("MST", "MST"),
            (
                "Z0700 Z070000 Z07 Z07:00 Z07:00:00",
                "-0700 -070000 -07 -07:00 -07:00:00",
            ),
            (
                "-0700 -070000 -07 -07:00 -07:00:00",
                "-0700 -070000 -07 -07:00 -07:00:00",
            ),
            (".0 .000 ,000000 .000000000", ".1 .123 ,123456 .123456789"),
            (".9 .99 .999999999", ".1 .12 .123456789"),
        ];
        for (layout, want) in cases {
            assert_eq!(t.format(layout), want, "{layout}");
        }
    }

    #[test]
    fn pixlets_documented_layouts() {
        let t = reference("UTC");
        assert_eq!(t.format("3:04 PM"), "3:04 PM");
        assert_eq!(t.format("Mon Jan 2"), "Mon Jan 2");
        assert_eq!(t.format("2006-01-02T15:04:05Z07:00"), "2006-01-02T15:04:05Z");
        assert_eq!(t.format("Kitchen 3:04PM"), "Kitchen 3:04PM");
        let morning = Time::date(2021, 12, 25, 0, 7, 0, 0, Zone::UTC).unwrap();
        assert_eq!(morning.format("3:04 PM"), "12:07 AM");
        assert_eq!(morning.format("15:04"), "00:07");
        assert_eq!(morning.format("Monday, January 2"), "Saturday, December 25");
    }

    #[test]
    fn whole_seconds_drop_nine_fractions_and_keep_zero_ones() {
        let t = Time::date(2020, 5, 6, 7, 8, 9, 0, Zone::UTC).unwrap();
        assert_eq!(t.format("05.999"), "09");
        assert_eq!(t.format("05.000"), "09.000");
        let half = Time::date(2020, 5, 6, 7, 8, 9, 500_000_000, Zone::UTC).unwrap();
        assert_eq!(half.format("05.999999"), "09.5");
    }

    #[test]
    fn zones_without_names_and_odd_years() {
        let t = reference("Asia/Kolkata");
        assert_eq!(t.format("MST Z07:00"), "IST +05:30");
        let fixed = reference("UTC").in_zone(Zone::Fixed {
            name: String::new(),
            offset: -(3 * 3600 + 30 * 60),
        });
        assert_eq!(fixed.format("MST"), "-0330");
        let ancient = Time::date(-1, 11, 30, 0, 0, 0, 0, Zone::UTC).unwrap();
        assert_eq!(ancient.format("2006 06"), "-0001 -01");
        let far = Time::date(12345, 1, 1, 0, 0, 0, 0, Zone::UTC).unwrap();
        assert_eq!(far.format("2006"), "12345");
    }
}
