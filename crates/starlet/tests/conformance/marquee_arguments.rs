//! What apps pass to `render.Marquee`: how strings and numbers are read,
//! what reads back, what is refused, and a marquee as a root's child.

use crate::assert_picture;
use crate::common::{render, widget};
use crate::marquee::horizontal;

/// Pixlet compares `scroll_direction` as given: only `vertical` is.
#[test]
fn anything_but_vertical_scrolls_horizontally() {
    for direction in ["horizontal", "Vertical", "up"] {
        let m = horizontal(&format!("scroll_direction = '{direction}'"));
        m.has_frames(13);
        assert_picture!(m.at(1), ["ggbbbb"]);
    }
}

#[test]
fn a_root_shows_every_scroll_step() {
    let text = "render.Text(\"this won't fit in 64 pixels\")";
    let (text_width, _) = widget(text).size().unwrap();
    let rendered = render(&format!(
        "load('render.star', 'render')
def main():
    return render.Root(child = render.Marquee(width = 64, child = {text}, offset_start = 5, offset_end = 32))
"
    ))
    .unwrap();
    assert_eq!(rendered.frames.len() as i32, text_width + 5 + 64 - 32 + 1);
}

#[test]
fn arguments_read_back_as_given_or_as_pixlet_defaults() {
    render(
        "load('render.star', 'render')
def main():
    box = render.Box()
    m = render.Marquee(box, 10)
    got = (m.child == box, m.width, m.height, m.offset_start, m.offset_end, m.scroll_direction, m.align, m.delay)
    if got != (True, 10, 0, 0, 0, '', '', 0):
        fail('read back %s' % (got,))
    v = render.Marquee(child = box, height = 4, scroll_direction = 'vertical', align = 'end', delay = 3)
    if (v.height, v.scroll_direction, v.align, v.delay) != (4, 'vertical', 'end', 3):
        fail('read back %s' % v)
    return []
",
    )
    .unwrap();
}

#[test]
fn bad_arguments_say_what_was_wrong() {
    for (call, message) in [
        ("render.Marquee(width = 5)", "child"),
        ("render.Marquee(child = None, width = 5)", "Marquee: child is required"),
        (
            "render.Marquee(child = 'text', width = 5)",
            "Marquee: for parameter child: got string, want Widget",
        ),
        (
            "render.Marquee(child = render.Box(), width = 5.0)",
            "Marquee: for parameter width: got float, want int",
        ),
        (
            "render.Marquee(child = render.Box(), delay = 1 << 40)",
            "Marquee: delay 1099511627776 is out of range",
        ),
    ] {
        let error = render(&format!(
            "load('render.star', 'render')\ndef main():\n    return render.Root(child = {call})\n"
        ))
        .unwrap_err();
        assert!(error.to_string().contains(message), "{call}: {error}");
    }
}
