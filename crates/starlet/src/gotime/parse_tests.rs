//! Reading times with Go layouts, checked against what Go's `time.Parse`
//! and `ParseInLocation` give for the same layout and text.

use super::{Time, Zone, parse};

fn utc(layout: &str, value: &str) -> Result<Time, String> {
    parse(layout, value, &Zone::UTC, &Zone::UTC)
}

fn shown(t: Result<Time, String>) -> String {
    t.map_or_else(|e| e, |t| t.to_string())
}

#[test]
fn the_layouts_apps_parse_with() {
    let cases = [
        (
            "2006-01-02T15:04:05Z07:00",
            "2021-03-22T23:20:50.52Z",
            "2021-03-22 23:20:50.52 +0000 UTC",
        ),
        (
            "2006-01-02T15:04:05Z07:00",
            "2021-03-22T23:20:50+01:00",
            "2021-03-22 23:20:50 +0100 +0100",
        ),
        (
            "2006-01-02T15:04Z",
            "2024-06-01T12:30Z",
            "2024-06-01 12:30:00 +0000 UTC",
        ),
        ("2006-01-02", "2024-02-29", "2024-02-29 00:00:00 +0000 UTC"),
        ("20060102", "20240229", "2024-02-29 00:00:00 +0000 UTC"),
        ("3:04 PM", "12:07 AM", "0000-01-01 00:07:00 +0000 UTC"),
        ("3:04 PM", "1:07 PM", "0000-01-01 13:07:00 +0000 UTC"),
        (
            "02-Jan-2006 15:04:05",
            "05-mar-2023 01:02:03",
            "2023-03-05 01:02:03 +0000 UTC",
        ),
        (
            "Mon, 02 Jan 2006 15:04:05 MST",
            "Tue, 10 Nov 2009 23:00:00 UTC",
            "2009-11-10 23:00:00 +0000 UTC",
        ),
        (
            "2006-01-02 15:04:05.999999999 -0700 MST",
            "2020-01-01 10:00:00.5 -0500 EST",
            "2020-01-01 10:00:00.5 -0500 EST",
        ),
        ("Jan _2 06", "Feb  3 99", "1999-02-03 00:00:00 +0000 UTC"),
        ("2006 002", "2024 060", "2024-02-29 00:00:00 +0000 UTC"),
    ];
    for (layout, value, want) in cases {
        assert_eq!(shown(utc(layout, value)), want, "{layout} / {value}");
    }
}

#[test]
fn in_a_location_offsets_and_names_it_uses_are_kept() {
    let new_york = Zone::load("America/New_York").unwrap();
    let parsed = |layout: &str, value: &str| shown(parse(layout, value, &new_york, &new_york));
    assert_eq!(
        parsed("2006-01-02 15:04", "2022-07-04 09:00"),
        "2022-07-04 09:00:00 -0400 EDT"
    );
    assert_eq!(
        parsed("2006-01-02 15:04 -0700", "2022-07-04 09:00 -0400"),
        "2022-07-04 09:00:00 -0400 EDT"
    );
    assert_eq!(
        parsed("2006-01-02 15:04 MST", "2022-07-04 09:00 EST"),
        "2022-07-04 10:00:00 -0400 EDT"
    );
    // An offset the location does not use then gets a zone of its own.
    assert_eq!(
        parsed("2006-01-02 15:04 -0700", "2022-07-04 09:00 +0200"),
        "2022-07-04 09:00:00 +0200 +0200"
    );
    // A name the location never uses keeps the name, at offset zero
    // (or the hours `GMT+3` names, the clock read as UTC all the same).
    assert_eq!(parsed("15:04 MST", "09:00 CEST"), "0000-01-01 09:00:00 +0000 CEST");
    assert_eq!(parsed("15:04 MST", "09:00 GMT+3"), "0000-01-01 12:00:00 +0300 GMT+3");
}

#[test]
fn spaces_fractions_and_case() {
    assert_eq!(shown(utc("15:04 05", "10:30    07")), "0000-01-01 10:30:07 +0000 UTC");
    assert_eq!(
        shown(utc("15:04:05", "10:30:07,25")),
        "0000-01-01 10:30:07.25 +0000 UTC"
    );
    assert_eq!(
        shown(utc("15:04:05.000", "10:30:07.250")),
        "0000-01-01 10:30:07.25 +0000 UTC"
    );
    assert_eq!(shown(utc("January 2", "MARCH 9")), "0000-03-09 00:00:00 +0000 UTC");
    assert_eq!(shown(utc("Monday", "friday")), "0000-01-01 00:00:00 +0000 UTC");
}

#[test]
fn errors_say_what_did_not_fit_as_go_does() {
    assert_eq!(
        shown(utc("2006-01-02", "2024-1-02")),
        "parsing time \"2024-1-02\" as \"2006-01-02\": cannot parse \"1-02\" as \"01\""
    );
    assert_eq!(
        shown(utc("2006-01-02", "2024-13-02")),
        "parsing time \"2024-13-02\": month out of range"
    );
    assert_eq!(
        shown(utc("2006-01-02", "2023-02-29")),
        "parsing time \"2023-02-29\": day out of range"
    );
    assert_eq!(
        shown(utc("15:04", "10:30pm")),
        "parsing time \"10:30pm\": extra text: \"pm\""
    );
    assert_eq!(
        shown(utc("3:04 PM", "10:30 XM")),
        "parsing time \"10:30 XM\" as \"3:04 PM\": cannot parse \"XM\" as \"PM\""
    );
    assert_eq!(
        shown(utc("2006-01-02T15:04:05Z07:00", "2021-03-22")),
        "parsing time \"2021-03-22\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\""
    );
    assert!(utc("MST", "ab").is_err());
    assert!(utc("2006", "☃☃").is_err());
}
