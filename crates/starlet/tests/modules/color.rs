//! `color.star`: Pixlet's documented examples, and Color values in widgets.

use starlet::Error;

use crate::common::TestApp;

/// Runs `body` (statements, indented by four spaces) inside `main` with
/// `color` and `render` loaded and `check(got, want)` at hand.
fn run(body: &str) -> Result<(), Error> {
    let source = format!(
        "load('color.star', 'color')\nload('render.star', 'render')\n\
         def check(got, want):\n    if got != want:\n        fail('got %r, want %r' % (got, want))\n\
         def main():\n{body}\n    return render.Root(child = render.Box())\n"
    );
    TestApp::new(&source).render(&[]).map(|_| ())
}

fn error_of(body: &str) -> String {
    run(body).unwrap_err().to_string()
}

#[test]
fn the_documented_examples_print_what_pixlets_docs_say() {
    run("    c = color.hex('#f00')
    c.g = 255
    check(c.hex(), '#ff0')
    c.h = 240
    check(c.hex(), '#00f')
    c = color.rgb(255, 0, 0)
    check((c.r, c.g, c.b), (255, 0, 0))
    check(color.hex('#f00').rgba(), (255, 0, 0, 255))
    check(color.hsv(0, 1, 1).hex(), '#f00')")
    .unwrap();
}

#[test]
fn fields_read_as_channels_and_hsv() {
    run("    c = color.rgb(0, 0, 255, 128)
    check((c.r, c.g, c.b, c.a), (0, 0, 255, 128))
    check((c.h, c.s, c.v), (240.0, 1.0, 1.0))
    check(c.rgb(), (0, 0, 255))
    check(c.hsva(), (240.0, 1.0, 1.0, 128))
    check(c.hex(), '#0000ff80')
    check(color.hex('5ad8').hex(), '#5ad8')
    check(color.hex('#257adb').rgb(), (0x25, 0x7a, 0xdb))
    check(color.hex('').rgba(), (0, 0, 0, 0))
    check(str(color.hex('#0f0')), 'Color(\"#0f0\")')
    check(type(color.hex('#0f0')), 'Color')
    check(sorted(dir(c))[:4], ['a', 'b', 'g', 'h'])")
    .unwrap();
}

#[test]
fn channels_are_clamped_and_hues_wrapped() {
    run("    check(color.rgb(300, -5, 0, 1000).rgba(), (255, 0, 0, 255))
    check(color.hsv(-120, 2.0, 1.0).hex(), '#00f')
    check(color.hsv(480, 1.0, 0.5, a = 17).rgba(), (0, 128, 0, 17))
    c = color.rgb(10, 20, 30)
    c.r = 999
    c.a = -3
    check(c.rgba(), (255, 20, 30, 0))
    c.v = 0
    check(c.rgb(), (0, 0, 0))")
    .unwrap();
}

#[test]
fn wrong_types_are_errors_that_name_the_field() {
    assert!(error_of("    color.rgb(1.5, 0, 0)").contains("r"));
    assert!(error_of("    color.rgb(1, 0, 0, '#f')").contains("a"));
    assert!(error_of("    color.hex('#ggg')").contains("invalid hex color"));
    assert!(error_of("    color.hsv('red', 1, 1)").contains("h"));
    assert!(error_of("    c = color.rgb(1, 2, 3)\n    c.r = 'x'").contains("\"r\" must be an integer"));
    assert!(error_of("    c = color.rgb(1, 2, 3)\n    c.h = 'x'").contains("\"h\" must be a float"));
    assert!(error_of("    c = color.rgb(1, 2, 3)\n    c.hue = 1").contains("cannot assign to field \"hue\""));
}

/// As in Pixlet, a colour kept in a global can still be changed, colours
/// can key a dict, and a colour equals itself only.
#[test]
fn a_global_colour_stays_assignable_and_hashable() {
    let source = "load('color.star', 'color')\nload('render.star', 'render')\n\
        ACCENT = color.hex('#f00')\n\
        def main():\n    \
            ACCENT.b = 255\n    \
            names = {ACCENT: 'accent'}\n    \
            if ACCENT != ACCENT or ACCENT == color.hex('#f0f'):\n        \
                fail('equality')\n    \
            if ACCENT.hex() != '#f0f' or names[ACCENT] != 'accent':\n        \
                fail(ACCENT.hex())\n    \
            return render.Root(child = render.Box(color = ACCENT))\n";
    let rendered = TestApp::new(source).render(&[]).unwrap();
    assert_eq!(rendered.frames[0].get(0, 0), [0xff, 0, 0xff, 0xff]);
}

#[test]
fn widgets_take_a_colour_wherever_they_take_hex() {
    let source = "load('color.star', 'color')\nload('render.star', 'render')\n\
        def mid(a, b):\n    \
            x, y = color.hex(a), color.hex(b)\n    \
            return color.rgb((x.r + y.r) // 2, (x.g + y.g) // 2, (x.b + y.b) // 2)\n\
        def main():\n    \
            return render.Root(child = render.Box(color = mid('#f00', '#00f'), child = render.Text('A', color = color.rgb(0, 255, 0))))\n";
    let frame = &TestApp::new(source).render(&[]).unwrap().frames[0];
    assert_eq!(frame.get(0, 0), [0x7f, 0, 0x7f, 0xff]);
    assert!(frame.pixels().contains(&[0, 0xff, 0, 0xff]));
}
