//! Fitting a picture's frames to the panel, once per picture and config
//! rather than on every frame.
//!
//! Each frame becomes a panel-sized RGB picture composed over black. `cover`
//! resizes only the source pixels that show (and the one each side they
//! start or end inside), so even a 1 x 256 picture never grows much past the
//! panel on the way.

use image::RgbaImage;
use image::imageops::{self, FilterType};
use serde::Deserialize;

/// How a picture of other proportions than the panel's is fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// All of it shows, as big as fits, centred on black.
    Contain,
    /// The panel is filled, the picture's overflow cropped evenly.
    Cover,
    /// The panel is filled, proportions lost.
    Stretch,
}

impl Fit {
    pub const NAMES: &'static [&'static str] = &["contain", "cover", "stretch"];
}

/// `rgba` (a `width` x `height` frame) fitted to a `panel_width` x
/// `panel_height` panel, row by row; `smooth` filters instead of taking the
/// nearest pixel.
pub fn fit(
    rgba: &[u8],
    (width, height): (u32, u32),
    (panel_width, panel_height): (u32, u32),
    fit: Fit,
    smooth: bool,
) -> Vec<[u8; 3]> {
    let mut panel = vec![[0; 3]; (panel_width * panel_height) as usize];
    let Some(source) = RgbaImage::from_raw(width, height, rgba.to_vec()) else {
        return panel;
    };
    if panel_width == 0 || panel_height == 0 || width == 0 || height == 0 {
        return panel;
    }
    // Triangle (bilinear, widened when shrinking) averages without the ringing
    // sharper filters add, which shows as halos on so few pixels.
    let filter = if smooth {
        FilterType::Triangle
    } else {
        FilterType::Nearest
    };
    let (across, down) = (
        f64::from(panel_width) / f64::from(width),
        f64::from(panel_height) / f64::from(height),
    );
    // The resized picture, and where its top left lands on the panel.
    let (resized, left, top) = match fit {
        Fit::Stretch => (imageops::resize(&source, panel_width, panel_height, filter), 0, 0),
        Fit::Contain => {
            let scale = across.min(down);
            let side = |length: u32, panel: u32| ((f64::from(length) * scale).round() as u32).clamp(1, panel);
            let (fitted_width, fitted_height) = (side(width, panel_width), side(height, panel_height));
            let resized = imageops::resize(&source, fitted_width, fitted_height, filter);
            let left = i64::from((panel_width - fitted_width) / 2);
            let top = i64::from((panel_height - fitted_height) / 2);
            (resized, left, top)
        }
        Fit::Cover => {
            let scale = across.max(down);
            // The source span that shows along one axis: whole pixels from
            // `first`, `count` of them, showing from `skip` resized pixels in.
            let span = |length: u32, panel: u32| {
                let showing = f64::from(panel) / scale;
                let start = (f64::from(length) - showing) / 2.0;
                let first = start.floor().max(0.0) as u32;
                let end = ((f64::from(length) + showing) / 2.0).ceil().min(f64::from(length)) as u32;
                let count = (end - first).max(1);
                let skip = ((start - f64::from(first)) * scale).round() as i64;
                (first, count, skip)
            };
            let (x, columns, skip_x) = span(width, panel_width);
            let (y, rows, skip_y) = span(height, panel_height);
            let shown = imageops::crop_imm(&source, x, y, columns, rows).to_image();
            let size = |count: u32, panel: u32| ((f64::from(count) * scale).round() as u32).max(panel);
            let resized = imageops::resize(&shown, size(columns, panel_width), size(rows, panel_height), filter);
            (resized, -skip_x, -skip_y)
        }
    };
    for (x, y, pixel) in resized.enumerate_pixels() {
        let (at_x, at_y) = (i64::from(x) + left, i64::from(y) + top);
        if !(0..i64::from(panel_width)).contains(&at_x) || !(0..i64::from(panel_height)).contains(&at_y) {
            continue;
        }
        let [red, green, blue, alpha] = pixel.0;
        let over_black = |channel: u8| (u16::from(channel) * u16::from(alpha) / 255) as u8;
        panel[(at_y * i64::from(panel_width) + at_x) as usize] = [over_black(red), over_black(green), over_black(blue)];
    }
    panel
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: [u8; 4] = [255, 0, 0, 255];
    const BLUE: [u8; 4] = [0, 0, 255, 255];

    /// Red on the left, blue on the right.
    fn red_blue() -> Vec<u8> {
        [RED, BLUE].concat()
    }

    fn row(panel: &[[u8; 3]], width: usize, y: usize) -> Vec<[u8; 3]> {
        panel[y * width..(y + 1) * width].to_vec()
    }

    #[test]
    fn stretch_fills_the_panel_keeping_hard_edges() {
        let panel = fit(&red_blue(), (2, 1), (8, 4), Fit::Stretch, false);
        for y in 0..4 {
            assert_eq!(row(&panel, 8, y), [[[255, 0, 0]; 4], [[0, 0, 255]; 4]].concat());
        }
    }

    #[test]
    fn contain_keeps_proportions_and_centres_on_black() {
        // 2 x 1 on 8 x 8: 8 x 4, with 2 black rows above and below.
        let panel = fit(&red_blue(), (2, 1), (8, 8), Fit::Contain, false);
        assert_eq!(row(&panel, 8, 1), vec![[0; 3]; 8]);
        assert_eq!(row(&panel, 8, 2), [[[255, 0, 0]; 4], [[0, 0, 255]; 4]].concat());
        assert_eq!(row(&panel, 8, 5), [[[255, 0, 0]; 4], [[0, 0, 255]; 4]].concat());
        assert_eq!(row(&panel, 8, 6), vec![[0; 3]; 8]);
    }

    #[test]
    fn cover_fills_the_panel_cropping_the_sides() {
        // Red, blue, blue, red on a 2:1 panel: only the middle two columns show.
        let picture = [RED, BLUE, BLUE, RED].concat();
        let panel = fit(&picture, (4, 1), (8, 4), Fit::Cover, false);
        assert_eq!(panel.len(), 8 * 4);
        assert!(panel.iter().all(|&pixel| pixel == [0, 0, 255]));
    }

    #[test]
    fn cover_crops_between_source_pixels() {
        // Red above blue on a 2:1 panel: the middle quarter of the height shows, half each.
        let picture = [RED, BLUE].concat();
        let panel = fit(&picture, (1, 2), (8, 4), Fit::Cover, false);
        assert_eq!(row(&panel, 8, 1), vec![[255, 0, 0]; 8]);
        assert_eq!(row(&panel, 8, 2), vec![[0, 0, 255]; 8]);
    }

    #[test]
    fn cover_of_a_sliver_stays_panel_sized() {
        let picture = [200, 200, 200, 255].repeat(256);
        let panel = fit(&picture, (1, 256), (64, 32), Fit::Cover, true);
        assert_eq!(panel.len(), 64 * 32);
        assert!(panel.iter().all(|&pixel| pixel == [200, 200, 200]));
    }

    #[test]
    fn smooth_blends_where_nearest_keeps_the_edge() {
        let nearest = fit(&red_blue(), (2, 1), (8, 1), Fit::Stretch, false);
        let smooth = fit(&red_blue(), (2, 1), (8, 1), Fit::Stretch, true);
        assert_eq!(nearest[3], [255, 0, 0]);
        assert!(smooth[3][0] < 255 && smooth[3][2] > 0, "{:?}", smooth[3]);
        assert_eq!((smooth[0], smooth[7]), ([255, 0, 0], [0, 0, 255]));
    }

    #[test]
    fn transparency_is_composed_over_black() {
        let panel = fit(&[200, 100, 0, 128], (1, 1), (2, 2), Fit::Stretch, false);
        assert!(panel.iter().all(|&pixel| pixel == [100, 50, 0]));
    }
}
