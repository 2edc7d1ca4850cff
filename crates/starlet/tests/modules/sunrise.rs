//! `sunrise.star`: Pixlet's sunrise test, to the second, and the days the
//! sun never rises or sets.

use crate::common::{render, shown};

const LOADS: &str = "load(\"time.star\", \"time\")\nload(\"sunrise.star\", \"sunrise\")";

fn check(checks: &str) {
    let source = format!(
        "{LOADS}\ndef eq(got, want):\n    if got != want:\n        fail(\"got %r, want %r\" % (got, want))\n\ndef lt(a, b):\n    if not a < b:\n        fail(\"%r is not below %r\" % (a, b))\n\n{checks}\ndef main():\n    return []\n"
    );
    if let Err(error) = render(&source) {
        panic!("{error}");
    }
}

#[test]
fn pixlets_sunrise_test() {
    check(
        r#"
format = "2006-01-02T15:04:05"
input = time.parse_time("2022-01-15T22:40:24", format = format)
expectedRise = time.parse_time("2022-01-15T12:17:29", format = format)
expectedSet = time.parse_time("2022-01-15T21:52:30", format = format)
lat = 40.6781784
lng = -73.9441579
sunriseElevation = -50.0 / 60.0

rise = sunrise.sunrise(lat, lng, input)
set = sunrise.sunset(lat, lng, input)
elevation = sunrise.elevation(lat, lng, expectedSet)
morning, evening = sunrise.elevation_time(lat, lng, sunriseElevation, input)

eq(rise, expectedRise)
eq(set, expectedSet)
lt(abs(elevation - sunriseElevation), 0.005)
lt(abs(expectedRise.unix - morning.unix), 2)
lt(abs(evening.unix - expectedSet.unix), 2)
eq(str(rise), "2022-01-15 12:17:29 +0000 UTC")
"#,
    );
}

#[test]
fn the_day_is_the_dates_own_in_its_zone() {
    // 01:00 on the 16th in Tokyo is still the 15th in UTC: Tokyo's date counts.
    check(
        r#"
tokyo = time.time(year = 2022, month = 1, day = 16, hour = 1, location = "Asia/Tokyo")
eq(sunrise.sunrise(35.68, 139.69, tokyo).format("2006-01-02 15:04 MST"), "2022-01-15 21:50 UTC")
noon = time.time(year = 2022, month = 6, day = 21, hour = 12, location = "UTC")
lt(60, sunrise.elevation(51.5, 0.0, noon))
lt(sunrise.elevation(51.5, 0.0, noon + time.hour * 12), -10)
"#,
    );
}

#[test]
fn polar_days_and_nights_have_no_sunrise() {
    check(
        r#"
winter = time.time(year = 2022, month = 12, day = 21, location = "UTC")
summer = time.time(year = 2022, month = 6, day = 21, location = "UTC")
eq(sunrise.sunrise(78.2, 15.6, winter), None)
eq(sunrise.sunset(78.2, 15.6, summer), None)
eq(sunrise.elevation_time(51.5, 0.0, 70.0, summer), None)
eq(type(sunrise.elevation_time(51.5, 0.0, 10.0, summer)), "tuple")
"#,
    );
}

#[test]
fn bad_arguments_are_errors_that_say_what() {
    let cases = [
        ("sunrise.sunrise(\"north\", 0.0, time.now())", "lat"),
        ("sunrise.sunset(1.0, 2.0, \"today\")", "want time.time"),
        ("sunrise.elevation(1.0, 2.0)", "time"),
        (
            "sunrise.sunrise(40, -74.0, time.now())",
            "for parameter lat: got int, want float",
        ),
    ];
    for (expression, message) in cases {
        let error = shown(LOADS, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}
