//! `render.Animation`: one child per frame. Pixlet's `tracer_test.go` moves
//! a dot round a circle with a widget apps cannot build; the same pictures
//! come here from an animation whose frames are the dot's positions.

use crate::assert_picture;
use crate::common::{assert_frame_count, paint, pixel_at, render};

/// Where the tracer's dot is in each frame: a circle of radius 4 in an
/// 8x8 square, clockwise from the middle of the right edge.
const CIRCLE: [(i32, i32); 24] = [
    (7, 4),
    (7, 5),
    (7, 6),
    (6, 7),
    (5, 7),
    (4, 7),
    (3, 7),
    (2, 7),
    (1, 7),
    (0, 6),
    (0, 5),
    (0, 4),
    (0, 3),
    (0, 2),
    (0, 1),
    (1, 0),
    (2, 0),
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 1),
    (7, 2),
    (7, 3),
];

fn circle() -> String {
    let frames: Vec<String> = CIRCLE.iter().map(|&(x, y)| pixel_at(8, x, y, "#fff")).collect();
    format!("render.Animation(children = [{}])", frames.join(", "))
}

#[test]
fn each_child_is_one_frame_and_the_frames_loop() {
    let circle = circle();
    let at = |frame| paint(&circle, 100, 100, frame);
    // The first quadrant.
    assert_picture!(
        at(0),
        [
            "........", "........", "........", "........", ".......w", "........", "........", "........"
        ]
    );
    assert_picture!(
        at(1),
        [
            "........", "........", "........", "........", "........", ".......w", "........", "........"
        ]
    );
    assert_picture!(
        at(2),
        [
            "........", "........", "........", "........", "........", "........", ".......w", "........"
        ]
    );
    assert_picture!(
        at(3),
        [
            "........", "........", "........", "........", "........", "........", "........", "......w."
        ]
    );
    // The third quadrant.
    assert_picture!(
        at(14),
        [
            "........", "w.......", "........", "........", "........", "........", "........", "........"
        ]
    );
    // The last frame, then round again.
    assert_picture!(
        at(23),
        [
            "........", "........", "........", ".......w", "........", "........", "........", "........"
        ]
    );
    assert_picture!(
        at(25),
        [
            "........", "........", "........", "........", "........", ".......w", "........", "........"
        ]
    );
    assert_frame_count(&circle, 0, 0, 24);
}

#[test]
fn each_frame_is_as_big_as_its_child() {
    let growing = "render.Animation(children = [
        render.Box(width = 1, height = 1, color = '#f00'),
        render.Box(width = 2, height = 2, color = '#0f0'),
        render.Box(width = 3, height = 1, color = '#00f'),
    ])";
    assert_frame_count(growing, 10, 10, 3);
    assert_picture!(paint(growing, 10, 10, 0), ["r"]);
    assert_picture!(paint(growing, 10, 10, 1), ["gg", "gg"]);
    assert_picture!(paint(growing, 10, 10, 2), ["bbb"]);
}

/// Pixlet hands the animation's frame number to the child, wrapped only
/// once it is past the number of children: with two children, frame 2 is
/// the first child's frame 2, frame 4 its frame 0.
#[test]
fn an_animated_child_sees_the_animation_frame_number() {
    let animation = "render.Animation(children = [
        render.Sequence(children = [
            render.Box(width = 1, height = 1, color = '#f00'),
            render.Box(width = 1, height = 1, color = '#0f0'),
            render.Box(width = 1, height = 1, color = '#00f'),
        ]),
        render.Box(width = 1, height = 1, color = '#fff'),
    ])";
    assert_frame_count(animation, 4, 4, 2);
    assert_picture!(paint(animation, 4, 4, 0), ["r"]);
    assert_picture!(paint(animation, 4, 4, 1), ["w"]);
    assert_picture!(paint(animation, 4, 4, 2), ["b"]);
    assert_picture!(paint(animation, 4, 4, 3), ["w"]);
    assert_picture!(paint(animation, 4, 4, 4), ["r"]);
}

#[test]
fn an_empty_animation_has_nothing_to_show() {
    assert_frame_count("render.Animation()", 64, 32, 0);
    assert_frame_count("render.Animation(children = [None])", 64, 32, 0);
    assert_picture!(paint("render.Animation(children = [])", 10, 10, 0), []);
    let rendered = render(
        "load('render.star', 'render')
def main():
    return render.Root(child = render.Animation(children = []))
",
    )
    .unwrap();
    assert!(rendered.frames.is_empty());
}

#[test]
fn a_root_shows_one_frame_per_child() {
    let rendered = render(
        "load('render.star', 'render')
def main():
    colours = ['#f00', '#0f0', '#00f', '#fff']
    return render.Root(child = render.Animation(children = [render.Box(color = c) for c in colours]))
",
    )
    .unwrap();
    let colours: Vec<_> = rendered.frames.iter().map(|frame| frame.get(0, 0)).collect();
    assert_eq!(
        colours,
        [[0xff, 0, 0, 0xff], [0, 0xff, 0, 0xff], [0, 0, 0xff, 0xff], [0xff; 4]]
    );
}

#[test]
fn children_read_back_as_given() {
    render(
        "load('render.star', 'render')
def main():
    frames = [render.Box(), render.Box()]
    animation = render.Animation(children = frames)
    if animation.children != frames or render.Animation().children != []:
        fail('children read back as %s' % animation.children)
    return []
",
    )
    .unwrap();
}
