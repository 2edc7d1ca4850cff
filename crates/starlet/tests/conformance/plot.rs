//! `render.Plot` (Pixlet's `plot_test.go`): every picture, pixel for pixel.
//! Pixlet's tests name colours per test; here one palette serves them all:
//! `w` white, `g` green, `r` red, `,` the fill of green (#005500), `:` the
//! fill of red (#550000), `x` black, `.` transparent.

use starlet::render::Image;

use crate::assert_picture;
use crate::common::{TestApp, paint_image, widget};

/// A plot painted in the 100x100 bounds Pixlet's plot tests offer.
fn plot(arguments: &str) -> Vec<String> {
    letters(&paint_image(&format!("render.Plot({arguments})"), 100, 100, 0))
}

fn letters(image: &Image) -> Vec<String> {
    (0..image.height())
        .map(|y| {
            (0..image.width())
                .map(|x| match image.get(x, y) {
                    [0xff, 0xff, 0xff, 0xff] => 'w',
                    [0, 0xff, 0, 0xff] => 'g',
                    [0xff, 0, 0, 0xff] => 'r',
                    [0, 0x55, 0, 0xff] => ',',
                    [0x55, 0, 0, 0xff] => ':',
                    [0, 0, 0, 0] => '.',
                    [0, 0, 0, 0xff] => 'x',
                    _ => '?',
                })
                .collect()
        })
        .collect()
}

const JAGGED: &str = "data = [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 1), (7, 2), (8, 3), (9, 4), (10, 5)]";

#[test]
fn a_flat_line_sits_in_the_middle() {
    let flat = "data = [(0, 47), (9, 47)], width = 10, height = 5";
    assert_picture!(
        plot(flat),
        ["..........", "..........", "wwwwwwwwww", "..........", ".........."]
    );
    assert_picture!(
        plot(&format!("{flat}, x_lim = (-10, None)")),
        ["..........", "..........", ".....wwwww", "..........", ".........."]
    );
}

#[test]
fn a_vertical_line_sits_on_the_left() {
    assert_picture!(
        plot("data = [(37, 1), (37, -3)], width = 10, height = 5"),
        ["w.........", "w.........", "w.........", "w.........", "w........."]
    );
}

#[test]
fn a_jagged_line_joins_its_points() {
    assert_picture!(
        plot(&format!("{JAGGED}, width = 10, height = 5")),
        ["....w....w", "...ww...w.", "..w..w.w..", ".w...ww...", "w....w...."]
    );
    assert_picture!(
        plot(&format!("{JAGGED}, width = 20, height = 10")),
        [
            "........w..........w",
            ".......ww.........w.",
            "......w..w.......w..",
            ".....w...w......w...",
            "....w....w.....w....",
            "...w......w...w.....",
            "...w......w...w.....",
            "..w.......w..w......",
            ".w.........ww.......",
            "w..........w........",
        ]
    );
    assert_picture!(
        plot(&format!(
            "{JAGGED}, width = 20, height = 10, x_lim = (5, 7), y_lim = (1, 5)"
        )),
        [
            "w...................",
            ".w..................",
            "..w.................",
            "...w................",
            "....w...............",
            ".....ww.............",
            ".......w............",
            "........w........www",
            ".........w...wwww...",
            "..........www.......",
        ]
    );
}

#[test]
fn no_data_draws_nothing() {
    assert_eq!(plot("data = [], width = 10, height = 10"), vec![".........."; 10]);
}

#[test]
fn a_few_points_back_and_forth() {
    assert_picture!(
        plot(
            "data = [(100, -10), (200, -10), (200, -20), (100, -20), (100, -10), (200, -20), (200, -10), (100, -20)], width = 10, height = 10"
        ),
        [
            "wwwwwwwwww",
            "ww......ww",
            "w.w....w.w",
            "w..w..w..w",
            "w...ww...w",
            "w...ww...w",
            "w..w..w..w",
            "w.w....w.w",
            "ww......ww",
            "wwwwwwwwww",
        ]
    );
}

#[test]
fn values_below_zero_take_the_inverted_colour() {
    let data = "data = [(0, 1), (1, 1), (2, 0), (3, 0), (4, -1), (5, -1), (6, 1), (7, 1), (8, 0), (9, 0)]";
    let colours = "color = '#0f0', color_inverted = '#f00'";
    assert_picture!(
        plot(&format!("{data}, width = 10, height = 5, {colours}")),
        ["gg....gg..", "..g...g.g.", "..gg..g.gg", "....rr....", "....rr...."]
    );
    assert_picture!(
        plot(&format!("{data}, width = 20, height = 10, {colours}")),
        [
            "ggg..........ggg....",
            "...g.........g..g...",
            "...g.........g..g...",
            "....g.......g....g..",
            "....ggg.....g....ggg",
            "......r.....r.......",
            ".......r....r.......",
            ".......r...r........",
            "........r..r........",
            "........rrrr........",
        ]
    );
}

#[test]
fn the_fill_reaches_the_x_axis_from_either_side() {
    let filled =
        "data = [(0, 5), (1, 5), (2, -1), (3, -1), (4, 2)], width = 20, height = 10, color = '#0f0', fill = True";
    assert_picture!(
        plot(filled),
        [
            "gggggg..............",
            ",,,,,,g.............",
            ",,,,,,g.............",
            ",,,,,,,g............",
            ",,,,,,,g...........g",
            ",,,,,,,,g.........g,",
            ",,,,,,,,g........g,,",
            ",,,,,,,,,g......g,,,",
            ".........g,,,,,g....",
            "..........ggggg.....",
        ]
    );
    assert_picture!(
        plot(&format!("{filled}, color_inverted = '#f00'")),
        [
            "gggggg..............",
            ",,,,,,g.............",
            ",,,,,,g.............",
            ",,,,,,,g............",
            ",,,,,,,g...........g",
            ",,,,,,,,g.........g,",
            ",,,,,,,,g........g,,",
            ",,,,,,,,,g......g,,,",
            ".........r:::::r....",
            "..........rrrrr.....",
        ]
    );
}

#[test]
fn x_lim_widens_and_narrows_the_view() {
    let jagged = format!("{JAGGED}, width = 20, height = 10");
    assert_picture!(
        plot(&format!("{jagged}, x_lim = (1, 15)")),
        [
            ".....w......w.......",
            ".....w......w.......",
            "....ww.....w........",
            "....w.w....w........",
            "...w..w...w.........",
            "..w...w..w..........",
            "..w...w..w..........",
            ".w.....ww...........",
            ".w.....ww...........",
            "w......w............",
        ]
    );
    assert_picture!(
        plot(&format!("{jagged}, x_lim = (-4, 15)")),
        [
            ".........w....w.....",
            ".........w....w.....",
            "........ww...w......",
            "........ww...w......",
            ".......w.w..w.......",
            ".......w..w.w.......",
            "......w...ww........",
            "......w...ww........",
            "......w...ww........",
            ".....w....w.........",
        ]
    );
    assert_picture!(
        plot(&format!("{jagged}, x_lim = (3, 8)")),
        [
            ".......ww...........",
            ".....ww.w...........",
            "...ww....w..........",
            ".ww......w..........",
            "w........w.........w",
            "..........w......ww.",
            "..........w.....w...",
            "..........w...ww....",
            "...........www......",
            "...........w........",
        ]
    );
}

#[test]
fn a_scatter_chart_draws_the_points_alone() {
    let flat = "data = [(0, 47), (9, 47)], width = 10, height = 5, chart_type = 'scatter'";
    assert_picture!(
        plot(flat),
        ["..........", "..........", "w........w", "..........", ".........."]
    );
    assert_picture!(
        plot(&format!("{flat}, x_lim = (-10, None)")),
        ["..........", "..........", ".....w...w", "..........", ".........."]
    );
}

/// Pixlet's `TestPlotTranslatePoints`, seen through a scatter chart: the
/// points that land on the plot are where Pixlet puts them, and the X axis
/// (below the plot in both) leaves every one in the main colour.
#[test]
fn points_land_where_pixlet_translates_them() {
    let data = "data = [(i, 2 * i) for i in range(10)], width = 10, height = 10, chart_type = 'scatter', color_inverted = '#f00'";
    let diagonal: Vec<String> = (0..10)
        .map(|y| (0..10).map(|x| if x + y == 9 { 'w' } else { '.' }).collect())
        .collect();
    assert_eq!(plot(data), diagonal);
    assert_picture!(
        plot(&format!("{data}, x_lim = (2, 6), y_lim = (4, 12)")),
        [
            ".........w",
            "..........",
            ".......w..",
            "..........",
            ".....w....",
            "..........",
            "..........",
            "..w.......",
            "..........",
            "w.........",
        ]
    );
}

#[test]
fn unset_parameters_read_back_as_pixlet_reads_them() {
    let source = "load('render.star', 'render')\n\
        P = render.Plot(data = [(0, 1)], width = 3, height = 2)\n\
        def main():\n    \
            if P.x_lim != () or P.y_lim != () or P.fill or P.chart_type != '' or P.color != None:\n        \
                fail('read back %s %s %s %s %s' % (P.x_lim, P.y_lim, P.fill, P.chart_type, P.color))\n    \
            return render.Root(child = P)\n";
    TestApp::new(source).render(&[]).unwrap();
    assert_eq!(
        widget("render.Plot(data = [], width = 7, height = 3)").frame_count(Default::default()),
        1
    );
}

#[test]
fn a_line_that_would_run_for_ever_is_refused() {
    for arguments in [
        "data = [(0, 1), (1, None), (2, 1)], width = 10, height = 10",
        "data = [(0, 0), (1, 1e12)], width = 10, height = 10, y_lim = (0, 1)",
        "data = [], width = 5000, height = 10",
        "data = [(0, 1, 2)], width = 10, height = 10",
    ] {
        let source = format!(
            "load('render.star', 'render')\ndef main():\n    return render.Root(child = render.Plot({arguments}))\n"
        );
        let error = TestApp::new(&source).render(&[]).unwrap_err().to_string();
        assert!(error.contains("Plot"), "{arguments}: {error}");
    }
}

/// The example of Pixlet's widget docs, the whole 64x32 frame as its docs
/// picture shows it, pixel for pixel.
#[test]
fn the_docs_example_matches_pixlets_picture() {
    let source = "load('render.star', 'render')\n\
        def main():\n    \
            return render.Root(child = render.Plot(\
                data = [(0, 3.35), (1, 2.15), (2, 2.37), (3, -0.31), (4, -3.53), (5, 1.31), (6, -1.3), (7, 4.60), (8, 3.33), (9, 5.92)],\
                width = 64, height = 32, color = '#0f0', color_inverted = '#f00', x_lim = (0, 9), y_lim = (-5, 7), fill = True))\n";
    let frame = &TestApp::new(source).render(&[]).unwrap().frames[0];
    assert_picture!(
        letters(frame),
        [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxggxxxxxxxxgg,,,",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,ggxxxxxg,,,,,",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,ggxxg,,,,,,",
            "gxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,gg,,,,,,,",
            ",ggxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,,,,,,,,,,,",
            ",,,ggxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,,,,,,,,,,,",
            ",,,,,ggxxxxggggxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,,,,,,,,,,,,",
            ",,,,,,,gggg,,,,gxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,,,,,,,,,,,,",
            ",,,,,,,,,,,,,,,,gxxxxxxxxxxxxxxxxxxxxxxxxxxxxg,,,,,,,,,,,,,,,,,,",
            ",,,,,,,,,,,,,,,,,gxxxxxxxxxxxxxxxxxgxxxxxxxxxg,,,,,,,,,,,,,,,,,,",
            ",,,,,,,,,,,,,,,,,,gxxxxxxxxxxxxxxxg,gxxxxxxxg,,,,,,,,,,,,,,,,,,,",
            ",,,,,,,,,,,,,,,,,,,gxxxxxxxxxxxxxxg,,gxxxxxxg,,,,,,,,,,,,,,,,,,,",
            ",,,,,,,,,,,,,,,,,,,,gxxxxxxxxxxxxg,,,,ggxxxg,,,,,,,,,,,,,,,,,,,,",
            "xxxxxxxxxxxxxxxxxxxxxr:::::::::::rxxxxxxr::rxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxr:::::::::rxxxxxxxxrrxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxr::::::::rxxxxxxxxxrxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxr::::::rxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxr::::rxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxr::::rxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxr::rxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxr:rxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxrxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ]
    );
}
