//! `render.Emoji` (Pixlet's `emoji_test.go`), and the pixels it draws.
//! Most sprites are 9x10; the family emoji is 12x10; an emoji the sheet
//! lacks is drawn as the 9x10 stand-in.

use starlet::render::{Image, Rect, paint_widget};

use crate::common::{ascii, widget, widget_with_files};

fn try_size(expression: &str) -> Result<(i32, i32), String> {
    widget_with_files("", expression, &[])
        .map(|w| w.size().unwrap())
        .map_err(|e| e.to_string())
}

fn painted(expression: &str) -> Image {
    paint_widget(widget(expression).as_ref(), Rect::sized(0, 0), 0)
}

#[test]
fn an_emoji_keeps_its_aspect_ratio_at_the_height_asked_for() {
    let cases = [
        ("😀", 8, (7, 8)),
        ("🚀", 16, (14, 16)),
        ("🎉", 32, (29, 32)),
        ("👨\u{200d}👩\u{200d}👧\u{200d}👦", 20, (24, 20)),
        ("🇺🇸", 12, (11, 12)),
        // Height 0 keeps the sprite's own size.
        ("😀", 0, (9, 10)),
        // Unknown: the stand-in sprite, scaled the same way.
        ("🤷\u{200d}♀\u{fe0f}", 16, (14, 16)),
    ];
    for (emoji, height, size) in cases {
        let expression = format!("render.Emoji(emoji = '{emoji}', height = {height})");
        assert_eq!(try_size(&expression), Ok(size), "{expression}");
    }
}

#[test]
fn an_empty_emoji_or_a_negative_height_is_an_error() {
    let error = try_size("render.Emoji(emoji = '', height = 16)").unwrap_err();
    assert!(error.contains("emoji string cannot be empty"), "{error}");
    let error = try_size("render.Emoji(emoji = '😀', height = -5)").unwrap_err();
    assert!(error.contains("emoji height must not be negative, got -5"), "{error}");
}

#[test]
fn the_size_is_the_painted_size() {
    for (emoji, height, width) in [("😀", 8, 7), ("🚀", 16, 14), ("🎉", 32, 29), ("😁", 48, 43)] {
        let expression = format!("render.Emoji(emoji = '{emoji}', height = {height})");
        assert_eq!(widget(&expression).size(), Some((width, height)), "{expression}");
        let picture = painted(&expression);
        assert_eq!((picture.width(), picture.height()), (width, height), "{expression}");
    }
}

#[test]
fn an_emoji_has_one_frame() {
    assert_eq!(
        widget("render.Emoji('😀', height = 16)").frame_count(Rect::sized(64, 32)),
        1
    );
}

#[test]
fn at_its_own_size_an_emoji_is_the_sprite_text_draws() {
    // render.Text draws the sprite straight from the sheet, bottom on the
    // baseline of an 11-pixel line: rows 0 to 9.
    let emoji = painted("render.Emoji('😀')");
    let text = painted("render.Text('😀')");
    assert_eq!((emoji.width(), emoji.height()), (9, 10));
    for y in 0..10 {
        for x in 0..9 {
            assert_eq!(emoji.get(x, y), text.get(x, y), "({x}, {y})");
        }
    }
    assert!(emoji.pixels().iter().any(|p| p[3] == 0xff), "the face is drawn");
}

#[test]
fn whole_multiples_repeat_pixels() {
    let native = painted("render.Emoji('😀')");
    for expression in [
        "render.Emoji('😀', height = 20)",
        "render.Emoji('😀', width = 18)",
        "render.Emoji('😀', width = 18, height = 20)",
    ] {
        let doubled = painted(expression);
        assert_eq!((doubled.width(), doubled.height()), (18, 20), "{expression}");
        for y in 0..20 {
            for x in 0..18 {
                assert_eq!(doubled.get(x, y), native.get(x / 2, y / 2), "{expression} ({x}, {y})");
            }
        }
    }
}

#[test]
fn other_sizes_are_smoothed() {
    // 9x10 to 14x16 goes through a 2x blow-up and Lanczos-2 ('?' is any
    // colour): rounded corners, the teeth still white, the rest blurred.
    let smoothed = painted("render.Emoji('😀', height = 16)");
    let mut outline = vec!["...????????..."];
    outline.extend([".????????????."; 9]);
    outline.push(".????wwww????.");
    outline.extend([".????????????."; 4]);
    outline.push("...????????...");
    assert_eq!(ascii(&smoothed), outline);
    // The corner softened to part cover; an eye darkened by its blur.
    assert_eq!(smoothed.get(3, 0), [223, 190, 88, 223]);
    assert_eq!(smoothed.get(5, 5), [15, 0, 0, 0xff]);
}
