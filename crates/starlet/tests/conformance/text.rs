//! `render.Text` (Pixlet's `text_test.go`).

use crate::assert_picture;
use crate::common::{paint, widget};

#[test]
fn default_font_is_tb8() {
    assert_picture!(
        paint("render.Text('A')", 0, 0, 0),
        [".....", ".ww..", "w..w.", "w..w.", "wwww.", "w..w.", "w..w.", "....."]
    );
    assert_eq!(widget("render.Text('A')").size(), Some((5, 8)));
    assert_picture!(
        paint("render.Text('j!ÑÖ')", 0, 0, 0),
        [
            concat!("....", "..", ".w.w.", "w..w."),
            concat!("..w.", "w.", "w.w..", "....."),
            concat!("....", "w.", "w..w.", ".ww.."),
            concat!("..w.", "w.", "ww.w.", "w..w."),
            concat!("..w.", "w.", "w.ww.", "w..w."),
            concat!("..w.", "..", "w..w.", "w..w."),
            concat!("w.w.", "w.", "w..w.", ".ww.."),
            concat!(".w..", "..", ".....", "....."),
        ]
    );
    assert_eq!(widget("render.Text('j!ÑÖ')").size(), Some((16, 8)));
}
