//! `render.Stack`. Pixlet has no `stack_test.go`; these pictures follow
//! its `stack.go`: children drawn in order from the top left corner, the
//! stack as big as its biggest child within the bounds.

use crate::assert_picture;
use crate::common::{paint, widget};
use crate::vector::boxes;

#[test]
fn children_are_drawn_in_order_from_the_top_left() {
    let stack = format!("render.Stack(children = {})", boxes(&[(4, 2, 'r'), (2, 3, 'g')]));
    assert_picture!(paint(&stack, 10, 10, 0), ["ggrr", "ggrr", "gg.."]);
}

#[test]
fn the_stack_is_no_bigger_than_its_bounds() {
    let stack = format!("render.Stack(children = {})", boxes(&[(6, 2, 'r'), (2, 5, 'b')]));
    assert_picture!(paint(&stack, 3, 4, 0), ["bbr", "bbr", "bb.", "bb."]);
}

#[test]
fn a_child_without_a_size_takes_the_stacks_bounds() {
    let stack =
        "render.Stack(children = [render.Box(color = '#00f'), render.Box(width = 1, height = 1, color = '#f00')])";
    assert_picture!(paint(stack, 3, 2, 0), ["rbb", "bbb"]);
}

#[test]
fn an_empty_stack_is_empty() {
    assert_picture!(paint("render.Stack(children = [])", 5, 5, 0), []);
    assert_eq!(
        widget("render.Stack(children = [None])").frame_count(starlet::render::Rect::sized(5, 5)),
        1
    );
}
