//! What `animation.star`'s constructors take, read back and refuse, with
//! the parameter names and positional order of Pixlet's.

use crate::common::render;

/// Runs `main` with `body` (indented lines) before it returns an empty root.
fn run(body: &str) -> Result<(), String> {
    let source = format!(
        "load(\"render.star\", \"render\")\nload(\"animation.star\", \"animation\")\n\
         def main():\n{body}\n    return render.Root(child = render.Box())\n"
    );
    render(&source).map(drop).map_err(|e| e.to_string())
}

/// The error building `expression` gives.
fn error_of(expression: &str) -> String {
    match run(&format!("    x = {expression}")) {
        Ok(()) => panic!("{expression} was accepted"),
        Err(message) => message,
    }
}

fn assert_refused(expression: &str, message: &str) {
    let error = error_of(expression);
    assert!(error.contains(message), "{expression}: {error:?} lacks {message:?}");
}

/// Fails the app with the expression's text when it is not true.
fn checks(expressions: &[&str]) -> String {
    expressions
        .iter()
        .map(|e| format!("    if not ({e}):\n        fail({e:?})\n"))
        .collect()
}

#[test]
fn the_module_has_pixlets_constructors() {
    let names = [
        "AnimatedPositioned",
        "Keyframe",
        "Origin",
        "Rotate",
        "Scale",
        "Shear",
        "Transformation",
        "Translate",
    ];
    let body = checks(&[&format!("sorted(dir(animation)) == {names:?}")]);
    run(&body).unwrap();
}

#[test]
fn values_read_back_what_was_passed() {
    let body = format!(
        "    k = animation.Keyframe(0.5, [animation.Translate(1, 2.5)], 'ease_in')\n\
         \x20   o = animation.Origin(0, 1)\n\
         \x20   t = animation.Transformation(render.Box(), [k], 10)\n\
         \x20   p = animation.AnimatedPositioned(render.Box(), 4, 'linear', 1, 2, 3, 4, 5, 6)\n{}",
        checks(&[
            "k.percentage == 0.5 and k.curve == 'ease_in'",
            "k.transforms[0].x == 1 and k.transforms[0].y == 2.5",
            "o.x == 0 and o.y == 1",
            "animation.Rotate(30).angle == 30",
            "animation.Scale(2, 3).y == 3",
            "animation.Shear(y_angle = 5).y_angle == 5 and animation.Shear().x_angle == 0",
            "t.duration == 10 and t.delay == 0 and t.width == 0 and t.height == 0",
            "t.origin == None and t.wait_for_child == False",
            "t.direction == '' and t.fill_mode == '' and t.rounding == ''",
            "len(t.keyframes) == 1",
            "t.frame_count() == 10",
            "p.duration == 4 and p.x_start == 1 and p.x_end == 2 and p.y_start == 3",
            "p.y_end == 4 and p.delay == 5 and p.hold == 6",
            "p.frame_count() == 15",
        ])
    );
    run(&body).unwrap();
}

#[test]
fn keyframes_refuse_what_pixlet_refuses() {
    assert_refused("animation.Keyframe(1.5, [])", "invalid range for percentage");
    assert_refused("animation.Keyframe(-0.1, [])", "invalid range for percentage");
    assert_refused("animation.Keyframe('half', [])", "invalid type for percentage: string");
    assert_refused("animation.Keyframe(0.5, (animation.Rotate(1),))", "want list");
    assert_refused("animation.Keyframe(0.5, [render.Box()])", "expected transform");
    assert_refused(
        "animation.Keyframe(0.5, [], 'bouncy')",
        "not a valid curve string: bouncy",
    );
    assert_refused(
        "animation.Keyframe(0.5, [], lambda a, b: a)",
        "invalid number of parameters to curve function",
    );
    assert_refused("animation.Keyframe(0.5)", "Missing parameter `transforms`");
    // Anything but a string or a function eases linearly, as in Pixlet.
    run("    x = animation.Keyframe(1, [], 3)").unwrap();
}

#[test]
fn transforms_and_origins_take_numbers() {
    assert_refused(
        "animation.Translate('1', 0)",
        "Translate: for parameter x: got string, want number",
    );
    assert_refused(
        "animation.Rotate(None)",
        "Rotate: for parameter angle: got NoneType, want number",
    );
    assert_refused("animation.Scale(1)", "Missing parameter `y`");
    assert_refused("animation.Shear(x_angle = [])", "got list, want number");
    assert_refused("animation.Origin(0.5, 2)", "invalid range for y");
}

#[test]
fn transformation_refuses_what_pixlet_refuses() {
    let with =
        |extra: &str| format!("animation.Transformation(child = render.Box(), keyframes = [], duration = 5{extra})");
    assert_refused(&with(", direction = 'sideways'"), "invalid direction");
    assert_refused(&with(", fill_mode = 'both'"), "invalid fill_mode");
    assert_refused(&with(", rounding = 'half'"), "invalid rounding");
    assert_refused(&with(", origin = animation.Rotate(1)"), "want Origin");
    assert_refused(&with(", width = 2.5"), "want int");
    assert_refused(
        "animation.Transformation(child = render.Box(), keyframes = [animation.Rotate(1)], duration = 5)",
        "invalid type for keyframes",
    );
    assert_refused(
        "animation.Transformation(child = render.Box(), keyframes = (), duration = 5)",
        "want list",
    );
    assert_refused(
        "animation.Transformation(child = None, keyframes = [], duration = 5)",
        "expected Widget",
    );
    assert_refused(
        "animation.Transformation(child = render.Box(), keyframes = [])",
        "`duration`",
    );
}

#[test]
fn animated_positioned_needs_its_curve() {
    assert_refused(
        "animation.AnimatedPositioned(child = render.Box(), duration = 5)",
        "Missing parameter `curve`",
    );
    assert_refused(
        "animation.AnimatedPositioned(child = render.Box(), duration = 5.0, curve = 'linear')",
        "want int",
    );
    // None eases linearly.
    run("    x = animation.AnimatedPositioned(child = render.Box(), duration = 5, curve = None)").unwrap();
}

#[test]
fn curve_functions_must_answer_numbers() {
    let keyframes = |curve: &str| {
        format!(
            "animation.Transformation(child = render.Box(), duration = 3, keyframes = [
                animation.Keyframe(0.0, [animation.Translate(0, 0)], curve = {curve}),
                animation.Keyframe(1.0, [animation.Translate(4, 0)]),
            ])"
        )
    };
    assert_refused(&keyframes("lambda t: 'fast'"), "returned string, want a number");
    assert_refused(&keyframes("lambda t: 1 // 0"), "Floor division by zero");
    // A function that builds other values while it eases is fine.
    run(&format!("    x = {}", keyframes("lambda t: animation.Origin(t, t).x"))).unwrap();
}
