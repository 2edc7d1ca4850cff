//! `render.PieChart`. Pixlet has no tests of its own for it; these pin
//! what we draw. Each slice is filled on its own, anti-aliased as
//! `Circle` is (see there); where slices meet, both blend partly, as in
//! Pixlet. On Pixlet's docs example, 115 of the frame's 2048 pixels differ
//! from Pixlet's picture, by at most 31 of 255 (8 on average), on the rim
//! and the seams.

use crate::circle::pixels;
use crate::common::{TestApp, paint_image, widget};

#[test]
fn slices_go_clockwise_from_three_o_clock() {
    assert_eq!(
        pixels(&paint_image(
            "render.PieChart(colors = ['#fff', '#f00'], weights = [1, 1], diameter = 6)",
            16,
            16,
            0
        )),
        [
            "........ 8f00008f ef0000ef ef0000ef 8f00008f ........",
            "90000090 ff0000ff ff0000ff ff0000ff ff0000ff 90000090",
            "ff0000ff ff0000ff ff0000ff ff0000ff ff0000ff ef0000ef",
            "f0f0f0f0 ffffffff ffffffff ffffffff ffffffff f0f0f0f0",
            "90909090 ffffffff ffffffff ffffffff ffffffff 90909090",
            "........ 90909090 f0f0f0f0 f0f0f0f0 90909090 ........",
        ]
    );
}

#[test]
fn colours_repeat_when_there_are_more_weights() {
    let cycled = paint_image(
        "render.PieChart(colors = ['#f00'], weights = [1, 1, 1, 1], diameter = 8)",
        8,
        8,
        0,
    );
    // One pixel inside each quarter, clear of the seams.
    for (x, y) in [(6, 5), (2, 5), (2, 2), (5, 2)] {
        assert_eq!(cycled.get(x, y), [0xff, 0, 0, 0xff], "({x}, {y})");
    }
}

#[test]
fn a_pie_chart_is_a_single_frame_its_diameter_wide() {
    let chart = widget("render.PieChart(colors = ['#fff'], weights = [1], diameter = 12)");
    assert_eq!(chart.paint_bounds(Default::default(), 0).dy(), 12);
    assert_eq!(chart.frame_count(Default::default()), 1);
}

#[test]
fn bad_colours_or_weights_are_refused() {
    for (call, says) in [
        (
            "render.PieChart(colors = [], weights = [1], diameter = 4)",
            "colors is empty",
        ),
        (
            "render.PieChart(colors = ['#ff'], weights = [1], diameter = 4)",
            "color 0",
        ),
        (
            "render.PieChart(colors = [1], weights = [1], diameter = 4)",
            "colors[0]",
        ),
        (
            "render.PieChart(colors = ['#fff'], weights = ['1'], diameter = 4)",
            "weights[0]",
        ),
    ] {
        let source = format!("load('render.star', 'render')\ndef main():\n    return render.Root(child = {call})\n");
        let error = TestApp::new(&source).render(&[]).unwrap_err().to_string();
        assert!(error.contains(says), "{call}: {error}");
    }
}
