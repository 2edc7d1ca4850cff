//! `time.star`: go.starlark.net's time module tests and Pixlet's uses of it,
//! run as apps.

use chrono::{TimeZone, Utc};
use starlet::Options;

use crate::common::{options, render, shown, shown_with};

const TIME: &str = "load(\"time.star\", \"time\")";

/// Runs `checks` (top-level Starlark calling `eq(got, want)`) in an app.
fn check(checks: &str) {
    let source = format!(
        "{TIME}\ndef eq(got, want):\n    if got != want:\n        fail(\"got %r, want %r\" % (got, want))\n\n{checks}\ndef main():\n    return []\n"
    );
    if let Err(error) = render(&source) {
        panic!("{error}");
    }
}

fn in_zone(zone: &str) -> Options {
    Options {
        timezone: zone.parse().unwrap(),
        ..options()
    }
}

#[test]
fn now_is_the_renders_instant_in_the_boards_zone() {
    // The tests render at 2026-03-14 15:09:26 UTC.
    let new_york = in_zone("America/New_York");
    assert_eq!(
        shown_with(TIME, "time.now().format(\"15:04 MST\")", new_york.clone()).unwrap(),
        "11:09 EDT"
    );
    assert_eq!(shown_with(TIME, "time.tz()", new_york).unwrap(), "America/New_York");
    assert_eq!(shown(TIME, "time.now()").unwrap(), "2026-03-14 15:09:26 +0000 UTC");
    assert_eq!(shown(TIME, "time.tz()").unwrap(), "UTC");
    let later = Options {
        now: Some(Utc.with_ymd_and_hms(2026, 12, 24, 23, 0, 0).unwrap()),
        ..in_zone("Europe/Berlin")
    };
    assert_eq!(
        shown_with(TIME, "time.now().format(\"Mon Jan 2 15:04\")", later).unwrap(),
        "Fri Dec 25 00:00"
    );
}

#[test]
fn now_ignores_its_arguments_as_go_does() {
    // go.starlark.net's `now` reads no arguments, so a zone passed to it
    // changes nothing: the time stays in the board's zone.
    let new_york = in_zone("America/New_York");
    for call in [
        "time.now(\"UTC\")",
        "time.now(location = \"Europe/Rome\")",
        "time.now(1, x = 2)",
    ] {
        assert_eq!(
            shown_with(TIME, &format!("{call}.format(\"15:04 MST\")"), new_york.clone()).unwrap(),
            "11:09 EDT",
            "{call}"
        );
    }
}

#[test]
fn go_starlarks_own_time_tests() {
    check(
        r#"
eq(time.parse_time("2020-06-26T17:38:36Z"), time.from_timestamp(1593193116))
eq(time.parse_time("1970-01-01T00:00:00Z").unix, 0)
eq(time.parse_time("1970-01-01T00:00:00Z").unix_nano, 0)
t = time.parse_time("2000-01-02T03:04:05Z")
eq(t.year, 2000)
eq(t.in_location("US/Eastern"), time.parse_time("2000-01-01T22:04:05-05:00"))
eq(t.in_location("US/Eastern").format("3 04 PM"), "10 04 PM")
eq(t - t, time.parse_duration("0s"))
d = time.parse_duration("1s")
eq(d - d, time.parse_duration("0"))
eq(d + d, time.parse_duration("2s"))
eq(d * 5, time.parse_duration("5s"))
eq(time.parse_duration("0s") + time.parse_duration("3m35s"), time.parse_duration("3m35s"))
d2 = time.parse_duration("10h")
eq(10.0, d2.hours)
eq(10*60.0, d2.minutes)
eq(10*60*60.0, d2.seconds)
eq(10*60*60*1000, d2.milliseconds)
eq(10*60*60*1000000, d2.microseconds)
eq(10*60*60*1000000000, d2.nanoseconds)
eq(time.parse_duration("1h") == time.parse_duration("1h"), True)
eq(time.parse_duration("1h") != time.parse_duration("1m"), True)
eq(time.parse_duration("1m") < time.parse_duration("1h"), True)
eq(time.parse_duration("1h") < time.parse_duration("1h"), False)
eq(time.parse_duration("1h") <= time.parse_duration("1h"), True)
eq(time.parse_duration("1h") > time.parse_duration("1m"), True)
eq(time.parse_duration("1m") >= time.parse_duration("1h"), False)
eq(d2 + d, time.parse_duration("10h01s"))
eq(d2 + time.parse_time("2011-04-22T13:33:48Z"), time.parse_time("2011-04-22T23:33:48Z"))
eq(d2 - d, time.parse_duration("9h59m59s"))
eq(d2 / time.parse_duration("16m"), 37.5)
eq(d2 / 20, time.parse_duration("30m"))
eq(d2 // time.parse_duration("16m"), 37)
eq(d * 1000, time.parse_duration("16m40s"))
t1 = time.time(2009, 6, 12, 12, 6, 10, 99, "US/Eastern")
eq(t1, time.parse_time("2009-06-12T12:06:10.000000099", format="2006-01-02T15:04:05.999999999", location="US/Eastern"))
eq(time.time(year=2012, month=12, day=31), time.parse_time("2012-12-31T00:00:00Z"))
eq([t1.year, t1.month, t1.day, t1.hour, t1.minute, t1.second, t1.nanosecond], [2009, 6, 12, 12, 6, 10, 99])
eq(t1.unix, 1244822770)
eq(t1.unix_nano, 1244822770000000099)
eq(time.parse_time("2011-04-22T13:33:48Z") != time.parse_time("2011-04-22T13:33:49Z"), True)
eq(time.parse_time("2010-04-22T13:33:48Z") < time.parse_time("2011-04-22T13:33:48Z"), True)
eq(time.parse_time("2012-04-22T13:33:48Z") >= time.parse_time("2011-04-22T13:33:48Z"), True)
eq(time.parse_time("2011-04-22T13:33:48Z") + time.parse_duration("10h"), time.parse_time("2011-04-22T23:33:48Z"))
eq(time.parse_time("2011-04-22T13:33:48Z") - time.parse_duration("10h"), time.parse_time("2011-04-22T03:33:48Z"))
eq(time.parse_time("2011-04-22T13:33:48Z") - time.parse_time("2011-04-22T03:33:48Z"), time.parse_duration("10h"))
"#,
    );
}

#[test]
fn division_by_zero_is_an_error() {
    for expression in [
        "time.hour / time.parse_duration(\"0\")",
        "time.hour / 0",
        "time.hour // time.parse_duration(\"0\")",
        "time.hour // 0",
    ] {
        let error = shown(TIME, expression).unwrap_err().to_string();
        assert!(error.contains("division by zero"), "{expression}: {error}");
    }
}

#[test]
fn durations_read_and_print_as_go_does() {
    check(
        r#"
eq(str(time.parse_duration("90m")), "1h30m0s")
eq(str(time.parse_duration("1.5s")), "1.5s")
eq(str(time.parse_duration("-2ms")), "-2ms")
eq(str(time.hour * 26), "26h0m0s")
eq(str(3 * time.minute), "3m0s")
eq(str(-time.second), "-1s")
eq(time.parse_duration(time.minute), time.minute)
eq(time.parse_duration("1h30m").minutes, 90.0)
eq(time.parse_duration("1500ms").seconds, 1.5)
eq(bool(time.parse_duration("0s")), False)
eq(type(time.hour), "time.duration")
eq(time.nanosecond * 1000, time.microsecond)
eq(time.millisecond * 1000, time.second)
eq({time.hour: 1}[time.minute * 60], 1)
"#,
    );
    let error = shown(TIME, "time.parse_duration(\"1 hour\")").unwrap_err().to_string();
    assert!(
        error.contains("time: unknown unit \" hour\" in duration \"1 hour\""),
        "{error}"
    );
}

#[test]
fn times_print_fields_and_compare_as_go_does() {
    check(
        r#"
t = time.time(year = 2021, month = 7, day = 4, hour = 18, minute = 5, location = "America/Chicago")
eq(str(t), "2021-07-04 18:05:00 -0500 CDT")
eq(t.format("Monday, January 2 at 3:04pm"), "Sunday, July 4 at 6:05pm")
eq(t.format("2006-01-02T15:04:05Z07:00"), "2021-07-04T18:05:00-05:00")
eq(t.in_location("UTC").format("2006-01-02T15:04:05Z07:00"), "2021-07-04T23:05:00Z")
eq(t.format("Jan _2 '06 .000 MST -07 Z0700"), "Jul  4 '21 .000 CDT -05 -0500")
eq(t.in_location("Asia/Tokyo").hour, 8)
eq(type(t), "time.time")
eq(bool(t), True)
eq(bool(time.time(year = 1, month = 1, day = 1)), False)
eq(str(time.time()), "-0001-11-30 00:00:00 +0000 UTC")
eq(time.time(year = 2024, month = 2, day = 30).format("Jan 2"), "Mar 1")
eq(time.from_timestamp(1, 500).unix_nano, 1000000500)
eq(str(time.from_timestamp(0)), "1970-01-01 00:00:00 +0000 UTC")
eq(time.is_valid_timezone("Europe/Paris"), True)
eq(time.is_valid_timezone("Europe/Nowhere"), False)
eq(time.parse_time("10:30 PM", format = "3:04 PM", location = "Europe/London").format("15:04 MST"), "22:30 LMT")
eq(time.parse_time("2024-07-01 10:30", format = "2006-01-02 15:04", location = "Europe/London").format("15:04 MST"), "10:30 BST")
eq(time.now() - time.parse_duration("48h") < time.now(), True)
eq({time.from_timestamp(5): "a"}[time.parse_time("1970-01-01T00:00:05Z")], "a")
"#,
    );
}

#[test]
fn bad_input_is_an_error_that_says_what() {
    let cases = [
        ("time.parse_time(\"2021-13-01T00:00:00Z\")", "month out of range"),
        ("time.parse_time(\"soon\")", "cannot parse \"soon\" as \"2006\""),
        (
            "time.parse_time(\"2021-01-01\", location = \"Mars\")",
            "unknown time zone Mars",
        ),
        (
            "time.now().in_location(\"Nowhere/City\")",
            "unknown time zone Nowhere/City",
        ),
        (
            "time.time(year = 2000, location = \"Atlantis\")",
            "unknown time zone Atlantis",
        ),
        ("time.time(year = 9000000)", "out of range"),
        ("time.time(year = 2020.5)", "int"),
        ("time.parse_duration(5)", "want a duration, string, or int"),
        ("time.from_timestamp(99999999999999999)", "out of range"),
        ("time.now() + 5", "time.time"),
        ("time.now() < time.hour", "time.time"),
        ("time.hour * 1.5", "time.duration"),
    ];
    for (expression, message) in cases {
        let error = shown(TIME, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}
