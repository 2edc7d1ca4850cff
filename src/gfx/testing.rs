//! Helpers for frame tests: a fixed moment and where the lit pixels are.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Canvas, FrameContext};

/// 12:34:56 on a fixed day.
pub fn fixed_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 5, 1)
        .unwrap()
        .and_hms_opt(12, 34, 56)
        .unwrap()
}

/// A 64x32 context at [`fixed_time`] with seed 42.
pub fn context() -> FrameContext {
    FrameContext::new(fixed_time(), 42, 64, 32)
}

/// The inclusive box `(left, top, right, bottom)` of the non-black pixels, if any.
pub fn lit_box(canvas: &Canvas) -> Option<(i32, i32, i32, i32)> {
    let lit = lit_pixels(canvas);
    let xs = lit.iter().map(|&(x, y, _)| (x, y));
    let (mut left, mut top, mut right, mut bottom) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for (x, y) in xs {
        (left, top, right, bottom) = (left.min(x), top.min(y), right.max(x), bottom.max(y));
    }
    (!lit.is_empty()).then_some((left, top, right, bottom))
}

/// Every non-black pixel as `(x, y, colour)`.
pub fn lit_pixels(canvas: &Canvas) -> Vec<(i32, i32, [u8; 3])> {
    let (width, height) = (canvas.width as i32, canvas.height as i32);
    (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter_map(|(x, y)| {
            canvas
                .get(x, y)
                .filter(|&color| color != [0; 3])
                .map(|color| (x, y, color))
        })
        .collect()
}
