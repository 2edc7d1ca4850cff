//! Go's layout strings: a layout is the reference time
//! `Mon Jan 2 15:04:05 MST 2006` written the way the app wants its own
//! times written, so `"3:04 PM"` means a twelve-hour clock without padding.
//! This splits a layout into the literal text and the reference-time
//! elements (tokens) it holds, with the same rules Go uses to find them.

/// One element of the reference time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `January`
    LongMonth,
    /// `Jan`
    Month,
    /// `1`
    NumMonth,
    /// `01`
    ZeroMonth,
    /// `Monday`
    LongWeekDay,
    /// `Mon`
    WeekDay,
    /// `2`
    Day,
    /// `_2`
    UnderDay,
    /// `02`
    ZeroDay,
    /// `__2`
    UnderYearDay,
    /// `002`
    ZeroYearDay,
    /// `15`
    Hour,
    /// `3`
    Hour12,
    /// `03`
    ZeroHour12,
    /// `4`
    Minute,
    /// `04`
    ZeroMinute,
    /// `5`
    Second,
    /// `05`
    ZeroSecond,
    /// `2006`
    LongYear,
    /// `06`
    Year,
    /// `PM`
    UpperPm,
    /// `pm`
    LowerPm,
    /// `MST`
    ZoneName,
    /// `Z0700`: `Z` at UTC
    Iso8601,
    /// `Z070000`
    Iso8601Seconds,
    /// `Z07`
    Iso8601Short,
    /// `Z07:00`
    Iso8601Colon,
    /// `Z07:00:00`
    Iso8601ColonSeconds,
    /// `-0700`
    Num,
    /// `-070000`
    NumSeconds,
    /// `-07`
    NumShort,
    /// `-07:00`
    NumColon,
    /// `-07:00:00`
    NumColonSeconds,
    /// `.000` (or `,000`): exactly `digits` digits of the second.
    FracZeros { digits: usize, separator: char },
    /// `.999` (or `,999`): up to `digits` digits, trailing zeros dropped.
    FracNines { digits: usize, separator: char },
}

impl Token {
    /// Whether this is one of the numeric offsets (`-0700`, `Z07:00`...).
    pub(crate) fn is_offset(self) -> bool {
        matches!(
            self,
            Token::Iso8601
                | Token::Iso8601Seconds
                | Token::Iso8601Short
                | Token::Iso8601Colon
                | Token::Iso8601ColonSeconds
                | Token::Num
                | Token::NumSeconds
                | Token::NumShort
                | Token::NumColon
                | Token::NumColonSeconds
        )
    }
}

/// Splits off the first token of `layout`: the literal text before it, the
/// token, and the rest. Without a token, all of `layout` is the prefix.
pub(crate) fn next_chunk(layout: &str) -> (&str, Option<Token>, &str) {
    let bytes = layout.as_bytes();
    let at = |i: usize, text: &str| layout.get(i..).is_some_and(|rest| rest.starts_with(text));
    for i in 0..bytes.len() {
        let found = match bytes[i] {
            b'J' if at(i, "January") => Some((i, Token::LongMonth, 7)),
            b'J' if at(i, "Jan") && !starts_lower(&layout[i + 3..]) => Some((i, Token::Month, 3)),
            b'M' if at(i, "Monday") => Some((i, Token::LongWeekDay, 6)),
            b'M' if at(i, "Mon") && !starts_lower(&layout[i + 3..]) => Some((i, Token::WeekDay, 3)),
            b'M' if at(i, "MST") => Some((i, Token::ZoneName, 3)),
            b'0' if matches!(bytes.get(i + 1), Some(b'1'..=b'6')) => {
                let token = [
                    Token::ZeroMonth,
                    Token::ZeroDay,
                    Token::ZeroHour12,
                    Token::ZeroMinute,
                    Token::ZeroSecond,
                    Token::Year,
                ][usize::from(bytes[i + 1] - b'1')];
                Some((i, token, 2))
            }
            b'0' if at(i, "002") => Some((i, Token::ZeroYearDay, 3)),
            b'1' if at(i, "15") => Some((i, Token::Hour, 2)),
            b'1' => Some((i, Token::NumMonth, 1)),
            b'2' if at(i, "2006") => Some((i, Token::LongYear, 4)),
            b'2' => Some((i, Token::Day, 1)),
            // `_2006` is a literal underscore before the year.
            b'_' if at(i, "_2006") => Some((i + 1, Token::LongYear, 4)),
            b'_' if at(i, "_2") => Some((i, Token::UnderDay, 2)),
            b'_' if at(i, "__2") => Some((i, Token::UnderYearDay, 3)),
            b'3' => Some((i, Token::Hour12, 1)),
            b'4' => Some((i, Token::Minute, 1)),
            b'5' => Some((i, Token::Second, 1)),
            b'P' if at(i, "PM") => Some((i, Token::UpperPm, 2)),
            b'p' if at(i, "pm") => Some((i, Token::LowerPm, 2)),
            b'-' if at(i, "-070000") => Some((i, Token::NumSeconds, 7)),
            b'-' if at(i, "-07:00:00") => Some((i, Token::NumColonSeconds, 9)),
            b'-' if at(i, "-0700") => Some((i, Token::Num, 5)),
            b'-' if at(i, "-07:00") => Some((i, Token::NumColon, 6)),
            b'-' if at(i, "-07") => Some((i, Token::NumShort, 3)),
            b'Z' if at(i, "Z070000") => Some((i, Token::Iso8601Seconds, 7)),
            b'Z' if at(i, "Z07:00:00") => Some((i, Token::Iso8601ColonSeconds, 9)),
            b'Z' if at(i, "Z0700") => Some((i, Token::Iso8601, 5)),
            b'Z' if at(i, "Z07:00") => Some((i, Token::Iso8601Colon, 6)),
            b'Z' if at(i, "Z07") => Some((i, Token::Iso8601Short, 3)),
            b'.' | b',' => fraction(bytes, i),
            _ => None,
        };
        if let Some((start, token, len)) = found {
            return (&layout[..start], Some(token), &layout[start + len..]);
        }
    }
    (layout, None, "")
}

/// A run of `0`s or `9`s after a separator, not followed by another digit.
fn fraction(bytes: &[u8], i: usize) -> Option<(usize, Token, usize)> {
    let digit = *bytes.get(i + 1).filter(|d| matches!(d, b'0' | b'9'))?;
    let run = bytes[i + 1..].iter().take_while(|&&b| b == digit).count();
    if bytes.get(i + 1 + run).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let separator = char::from(bytes[i]);
    let token = if digit == b'0' {
        Token::FracZeros { digits: run, separator }
    } else {
        Token::FracNines { digits: run, separator }
    };
    Some((i, token, run + 1))
}

fn starts_lower(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(layout: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = layout;
        loop {
            let (prefix, token, suffix) = next_chunk(rest);
            if !prefix.is_empty() {
                out.push(format!("'{prefix}'"));
            }
            match token {
                Some(token) => out.push(format!("{token:?}")),
                None => return out,
            }
            rest = suffix;
        }
    }

    #[test]
    fn the_reference_layouts_split_as_go_splits_them() {
        assert_eq!(tokens("3:04 PM"), ["Hour12", "':'", "ZeroMinute", "' '", "UpperPm"]);
        assert_eq!(tokens("Mon Jan 2"), ["WeekDay", "' '", "Month", "' '", "Day"]);
        assert_eq!(
            tokens("2006-01-02T15:04:05Z07:00"),
            [
                "LongYear",
                "'-'",
                "ZeroMonth",
                "'-'",
                "ZeroDay",
                "'T'",
                "Hour",
                "':'",
                "ZeroMinute",
                "':'",
                "ZeroSecond",
                "Iso8601Colon"
            ]
        );
    }

    #[test]
    fn words_that_merely_start_like_names_stay_literal() {
        assert_eq!(tokens("Janet"), ["'Janet'"]);
        assert_eq!(tokens("Monty"), ["'Monty'"]);
        assert_eq!(tokens("Month"), ["'Month'"]);
    }

    #[test]
    fn fractions_underscores_and_year_days() {
        assert_eq!(tokens(".000"), ["FracZeros { digits: 3, separator: '.' }"]);
        assert_eq!(tokens(",99"), ["FracNines { digits: 2, separator: ',' }"]);
        // A run followed by another digit is not a fraction.
        assert_eq!(tokens(".0001"), ["'.00'", "ZeroMonth"]);
        assert_eq!(tokens("_2006"), ["'_'", "LongYear"]);
        assert_eq!(
            tokens("_2 __2 002"),
            ["UnderDay", "' '", "UnderYearDay", "' '", "ZeroYearDay"]
        );
        assert_eq!(
            tokens("Z0700 -07 MST"),
            ["Iso8601", "' '", "NumShort", "' '", "ZoneName"]
        );
    }
}
