//! `humanize.star`: Pixlet's humanize tests (English and German), the
//! module reference's examples, and go-humanize's own cases.

use starlet::Options;

use crate::common::{options, render, shown, shown_with};

const LOADS: &str = "load(\"humanize.star\", \"humanize\")\nload(\"time.star\", \"time\")";

fn check_with(checks: &str, options: Options) {
    let source = format!(
        "{LOADS}\ndef eq(got, want):\n    if got != want:\n        fail(\"got %r, want %r\" % (got, want))\n\n{checks}\ndef main():\n    return []\n"
    );
    let app = crate::common::TestApp::new(&source);
    let result = starlet::Applet::load(app.path(), &options).and_then(|a| a.render(&Default::default(), &options));
    if let Err(error) = result {
        panic!("{error}");
    }
}

fn check(checks: &str) {
    check_with(checks, options());
}

#[test]
fn pixlets_humanize_test() {
    check(
        r##"
now = time.now()
tomorrow = now + time.parse_duration("26h")
eq(humanize.time(now - time.parse_duration("48h")), "2 days ago")
eq(humanize.time(tomorrow), "1 day from now")
eq(humanize.relative_time(now, tomorrow), "1 day ")
eq(humanize.time_format("yyyy-MM-dd"), "2006-01-02")
eq(humanize.time_format("yyyy-MM-dd", now), now.format("2006-01-02"))
weekday_names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
eq(weekday_names[humanize.day_of_week(now)], now.format("Monday"))
eq(humanize.bytes(1401946112), "1.4 GB")
eq(humanize.bytes(1401946112, True), "1.3 GiB")
eq(humanize.parse_bytes("42 MB"), 42000000)
eq(humanize.comma(123456), "123,456")
eq(humanize.comma(123456.78), "123,456.78")
eq(humanize.float("#,###.##", 123456.78002), "123,456.78")
eq(humanize.int("#,###.", 123456), "123,456")
eq(humanize.ordinal(1), "1st")
eq(humanize.ftoa(3.1450000), "3.145")
eq(humanize.ftoa(3.1450000, 2), "3.15")
eq(humanize.ftoa(3.1450000, 0), "3")
eq(humanize.plural(42, "object"), "42 objects")
eq(humanize.plural(1, "star", ""), "1 star")
eq(humanize.plural_word(1, "star", ""), "star")
eq(humanize.word_series(["foo", "bar", "baz"], "and"), "foo, bar and baz")
eq(humanize.oxford_word_series(["foo", "bar", "baz"], "and"), "foo, bar, and baz")
eq(humanize.url_encode("bar baz"), "bar+baz")
eq(humanize.url_decode("http://example.com/foo=bar+baz"), "http://example.com/foo=bar baz")
"##,
    );
}

#[test]
fn pixlets_humanize_locale_test() {
    let german = Options {
        locale: "de".to_owned(),
        ..options()
    };
    check_with(
        r##"
eq(humanize.comma(123456), "123.456")
eq(humanize.comma(123456.78), "123.456,78")
eq(humanize.ftoa(3.1450000), "3,145")
eq(humanize.ftoa(3.1450000, 2), "3,15")
eq(humanize.ftoa(3.1450000, 0), "3")
"##,
        german,
    );
}

#[test]
fn the_module_references_examples() {
    check(
        r##"
eq(humanize.bytes(82854982), "83 MB")
eq(humanize.bytes(82854982, True), "79 MiB")
eq(humanize.bytes(7), "7 B")
eq(humanize.float("#,###.", 12345.6789), "12,346")
eq(humanize.float("#.###,######", 12345.6789), "12.345,678900")
eq(humanize.float("", 12345.6789), "12,345.68")
eq(humanize.float("+#,###.##", 5.0), "+5.00")
eq(humanize.int("#,###.", 12345), "12,345")
eq(humanize.ordinal(2), "2nd")
eq(humanize.ordinal(11), "11th")
eq(humanize.ordinal(23), "23rd")
eq(humanize.ftoa(2.0), "2")
eq(humanize.ftoa(1234.56789), "1,234.568")
eq(humanize.comma(-9876543210), "-9,876,543,210")
eq(humanize.parse_bytes("42mib"), 44040192)
eq(humanize.parse_bytes("1,000 kB"), 1000000)
eq(humanize.plural(2, "box"), "2 boxes")
eq(humanize.plural(3, "city"), "3 cities")
eq(humanize.plural(1234, "index"), "1,234 indices")
eq(humanize.plural_word(2, "person", "people"), "people")
eq(humanize.oxford_word_series(["a", "b"], "or"), "a or b")
eq(humanize.word_series(["solo"], "and"), "solo")
eq(humanize.url_encode("a&b=c/d é~"), "a%26b%3Dc%2Fd+%C3%A9~")
eq(humanize.time_format("EEE d MMM yyyy", time.time(year = 2024, month = 3, day = 9)), "Sat 9 Mar 2024")
eq(humanize.time_format("K:mm aa", time.time(year = 2024, month = 3, day = 9, hour = 21, minute = 5)), "9:05 PM")
eq(humanize.day_of_week(time.time(year = 2024, month = 3, day = 10)), 0)
"##,
    );
}

#[test]
fn relative_times_across_the_scale() {
    check(
        r##"
now = time.now()
def ago(d):
    return humanize.time(now - time.parse_duration(d))
eq(ago("0s"), "now")
eq(ago("1s"), "1 second ago")
eq(ago("45s"), "45 seconds ago")
eq(ago("90s"), "1 minute ago")
eq(ago("59m"), "59 minutes ago")
eq(ago("3h"), "3 hours ago")
eq(ago("200h"), "1 week ago")
eq(ago("600h"), "3 weeks ago")
eq(ago("1000h"), "1 month ago")
eq(ago("5000h"), "6 months ago")
eq(ago("10000h"), "1 year ago")
eq(ago("16000h"), "2 years ago")
eq(ago("90000h"), "10 years ago")
eq(ago("2000000h"), "a long while ago")
eq(humanize.relative_time(now + time.hour * 3, now, "earlier", "later"), "3 hours later")
"##,
    );
}

#[test]
fn bad_input_is_an_error_that_says_what() {
    let cases = [
        ("humanize.bytes(-1)", "negative"),
        ("humanize.parse_bytes(\"84 JB\")", "unhandled size name: jb"),
        ("humanize.parse_bytes(\"\")", "parsing bytes"),
        ("humanize.comma(\"12\")", "cannot convert string to int or float"),
        (
            "humanize.comma(float(\"inf\"))",
            "cannot convert float infinity to integer",
        ),
        ("humanize.float(\"#,###.##\", 12)", "got int, want float"),
        ("humanize.float(\"x#,##.#\", 1.0)", "invalid positive sign directive"),
        (
            "humanize.float(\"#,##.##\", 1.0)",
            "must be followed by 3 digit-specifiers",
        ),
        ("humanize.float(\"#.##########\", 1.0)", "at most 9 decimals"),
        ("humanize.ftoa(3)", "got int, want float"),
        ("humanize.ftoa(3.0, -1)", "digits must be >= 0"),
        ("humanize.ftoa(3.0, \"2\")", "expected digits to be int, got string"),
        ("humanize.word_series((\"a\", \"b\"), \"and\")", "got tuple, want list"),
        ("humanize.word_series([\"a\", 2], \"and\")", "found int (at index 1)"),
        ("humanize.url_decode(\"100%zz\")", "invalid URL escape \"%zz\""),
        ("humanize.time(\"yesterday\")", "want time.time"),
    ];
    for (expression, message) in cases {
        let error = shown(LOADS, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}

#[test]
fn numbers_follow_the_boards_locale() {
    let french = Options {
        locale: "fr-FR".to_owned(),
        ..options()
    };
    assert_eq!(
        shown_with(LOADS, "humanize.comma(1234567)", french).unwrap(),
        "1\u{202f}234\u{202f}567"
    );
    assert!(render("load(\"humanize.star\", \"humanize\")\ndef main():\n    return []\n").is_ok());
}
