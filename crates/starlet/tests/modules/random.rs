//! `random.star`: Pixlet's random module test, and the seeding that keeps a
//! picture still within one seed window.

use starlet::Options;

use crate::common::{options, render, shown, shown_with};

const RANDOM: &str = "load(\"random.star\", \"random\")";

fn check(checks: &str) {
    let source = format!("{RANDOM}\n{checks}\ndef main():\n    return []\n");
    if let Err(error) = render(&source) {
        panic!("{error}");
    }
}

#[test]
fn pixlets_random_test() {
    check(
        r#"
def test_number():
    for x in range(0, 300):
        num = random.number(100, 120)
        if num < 100 or num > 120:
            fail("random number out of range: %d" % num)
    max_int = 9223372036854775807
    if random.number(0, max_int) < 0:
        fail("random number overflowed to negative")
    if random.number(max_int, max_int) != max_int:
        fail("random number min/max edge case failed")

def test_seed():
    random.seed(4711)
    sequence = [random.number(0, 1 << 20) for _ in range(500)]
    random.seed(4711)
    for i in range(len(sequence)):
        if sequence[i] != random.number(0, 1 << 20):
            fail("sequence mismatch despite identical seed")
    random.seed(4712)
    different = 0
    for i in range(len(sequence)):
        if sequence[i] != random.number(0, 1 << 20):
            different += 1
    if not different:
        fail("sequences identical despite different seeds")

test_number()
test_seed()
"#,
    );
}

fn seeded(seed: u64) -> Options {
    Options {
        seed: Some(seed),
        ..options()
    }
}

#[test]
fn a_render_draws_from_its_seed_so_renders_in_one_window_agree() {
    let draws = "[random.number(0, 1000) for _ in range(8)] + [random.float()]";
    let first = shown_with(RANDOM, draws, seeded(5)).unwrap();
    assert_eq!(shown_with(RANDOM, draws, seeded(5)).unwrap(), first);
    assert_ne!(shown_with(RANDOM, draws, seeded(6)).unwrap(), first);
    // random.seed(n) starts the same stream as a render seeded with n.
    let reseeded = format!("[random.seed(5)] and [] or {draws}");
    assert_eq!(shown_with(RANDOM, &reseeded, seeded(99)).unwrap(), first);
}

#[test]
fn floats_and_secure_numbers_stay_in_range() {
    check(
        r#"
for _ in range(200):
    f = random.float()
    if f < 0.0 or f >= 1.0:
        fail("float out of range: %r" % f)
    n = random.number(3, 5, secure = True)
    if n < 3 or n > 5:
        fail("secure number out of range: %d" % n)
"#,
    );
}

#[test]
fn bad_bounds_are_errors_that_say_what() {
    let cases = [
        ("random.number(-1, 5)", "min has to be 0 or greater"),
        ("random.number(5, 4)", "max is less than min"),
        ("random.number(1.5, 4)", "int"),
        ("random.seed(\"x\")", "int"),
    ];
    for (expression, message) in cases {
        let error = shown(RANDOM, expression).unwrap_err().to_string();
        assert!(error.contains(message), "{expression}: {error}");
    }
}
