//! Emoji inside `render.Text` (Pixlet's `text_emoji_test.go`): emoji the
//! sprite sheet has are drawn from it, bottom on the baseline, and make the
//! line at least 11 pixels high.

use starlet::render::{Rect, paint_widget};

use crate::assert_picture;
use crate::common::{ascii, widget};

fn size(expression: &str) -> (i32, i32) {
    widget(expression).size().unwrap()
}

fn painted_size(expression: &str, width: i32, height: i32) -> (i32, i32) {
    let picture = paint_widget(widget(expression).as_ref(), Rect::sized(width, height), 0);
    (picture.width(), picture.height())
}

#[test]
fn text_with_emoji_builds_in_any_font() {
    let cases = [
        // Emoji are 9 wide; 11 high lines hold them.
        ("render.Text('😀')", (9, 11)),
        ("render.Text('😀😂😍', font = '5x8')", (27, 11)),
        ("render.Text('Hello 😎 World', font = '6x10')", (12 * 6 + 9, 11)),
        ("render.Text('Plain text', font = 'tb-8')", (46, 8)),
        // Empty content: no width, the font's height.
        ("render.Text('', font = 'tb-8')", (0, 8)),
    ];
    for (expression, expected) in cases {
        assert_eq!(size(expression), expected, "{expression}");
    }
}

#[test]
fn the_size_is_the_painted_size() {
    for expression in [
        "render.Text('😀', font = '5x8')",
        "render.Text('Hi 😎', font = '6x10')",
        "render.Text('😀😂😍', font = 'tb-8')",
    ] {
        let (width, height) = size(expression);
        assert!(width > 0 && height > 0, "{expression}");
        assert_eq!(painted_size(expression, 0, 0), (width, height), "{expression}");
    }
}

#[test]
fn text_with_emoji_paints_in_wider_bounds() {
    assert_eq!(
        painted_size("render.Text('Test 😀', font = '6x10')", 100, 20),
        (5 * 6 + 9, 11)
    );
}

#[test]
fn a_given_height_wins_over_the_emoji() {
    assert_eq!(size("render.Text('😀😂', font = '5x8', height = 15)"), (18, 15));
}

#[test]
fn offset_moves_text_and_emoji_up() {
    let plain = paint_widget(
        widget("render.Text('Test 😎', font = '6x10')").as_ref(),
        Rect::sized(0, 0),
        0,
    );
    let raised = paint_widget(
        widget("render.Text('Test 😎', font = '6x10', offset = 3)").as_ref(),
        Rect::sized(0, 0),
        0,
    );
    assert_eq!((raised.width(), raised.height()), (39, 11));
    // The emoji's bottom row moves from the baseline (row 9) to row 6.
    for x in 30..39 {
        assert_eq!(raised.get(x, 6), plain.get(x, 9), "column {x}");
    }
}

#[test]
fn a_long_line_of_emoji_is_cut_at_the_widest_text() {
    let emoji = "😀😂😍😎🌈🎉🎊🎁🎈🎂🍰🎉".repeat(3);
    let (width, _) = size(&format!("render.Text('{emoji}', font = '5x8')"));
    assert!(width <= 1000, "{width}");
    assert_eq!(width, 3 * (11 * 9 + 12));
    let many = "😀".repeat(150);
    assert_eq!(size(&format!("render.Text('{many}')")).0, 1000);
}

#[test]
fn text_sits_on_the_baseline_beside_the_emoji() {
    // tb-8 in an 11-pixel line: baseline at row 10 (descent 1), so 'A' fills
    // rows 4 to 9 and the emoji rows 0 to 9 from x = 5.
    let line = paint_widget(
        widget("render.Text('A😀', color = '#f00')").as_ref(),
        Rect::sized(0, 0),
        0,
    );
    assert_eq!((line.width(), line.height()), (14, 11));
    let letter: Vec<String> = ascii(&line).iter().map(|row| row[..5].to_string()).collect();
    assert_picture!(
        letter,
        [
            ".....", ".....", ".....", ".....", ".rr..", "r..r.", "r..r.", "rrrr.", "r..r.", "r..r.", "....."
        ]
    );
    let alone = paint_widget(widget("render.Emoji('😀')").as_ref(), Rect::sized(0, 0), 0);
    for y in 0..10 {
        for x in 0..9 {
            assert_eq!(line.get(x + 5, y), alone.get(x, y), "({x}, {y})");
        }
    }
    assert!((0..14).all(|x| line.get(x, 10) == [0; 4]), "nothing below the baseline");
}

#[test]
fn an_emoji_the_sheet_lacks_stays_text() {
    // Drawn by the font, which has no glyph for it: no emoji, no taller line.
    assert_eq!(size("render.Text('a🤷\u{200d}♀\u{fe0f}')").1, 8);
}
