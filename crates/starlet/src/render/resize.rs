//! Scaling pictures with the arithmetic of the `nfnt/resize` package Pixlet
//! scales with, so scaled pictures match Pixlet's pixel for pixel: its
//! "nearest neighbour", which when shrinking averages every source pixel a
//! target pixel covers, and its Lanczos-2, which `render.Emoji` smooths with.
//!
//! Both filter each row, then each column, keeping the picture's kind of
//! pixels (and its rounding between the passes) as the package does for the
//! matching Go image type. No maintained crate reproduces that arithmetic,
//! and the pictures apps were made against depend on it.

use super::color::Color;
use super::picture::{Picture, Pixels};

/// Scales as Pixlet's `resize.NearestNeighbor`; a 0 side keeps the aspect
/// ratio.
pub fn nearest(picture: &Picture, width: u32, height: u32) -> Picture {
    let Some(plan) = Plan::new(picture, width, height) else {
        return picture.clone();
    };
    let columns = plan.columns(2, nearest_taps);
    let rows = plan.rows(2, nearest_taps);
    let (w, h) = (picture.width() as usize, picture.height() as usize);
    let (c, r) = (&columns, &rows);
    let pixels = match picture.pixels() {
        Pixels::Rgba(p) => Pixels::Rgba(two_passes(p, w, h, c, r, average8, average8)),
        Pixels::Nrgba(p) => Pixels::Nrgba(two_passes(p, w, h, c, r, average8, average8)),
        Pixels::Paletted(p) => Pixels::Rgba64(two_passes(p, w, h, c, r, average_palette, average16)),
        Pixels::Rgba64(p) => Pixels::Rgba64(two_passes(p, w, h, c, r, average16, average16)),
        Pixels::Nrgba64(p) => Pixels::Nrgba64(two_passes(p, w, h, c, r, average16, average16)),
    };
    Picture::new(plan.width as i32, plan.height as i32, pixels)
}

/// Scales as Pixlet's `resize.Lanczos2`, into premultiplied pixels. Pixlet
/// only smooths 8-bit pictures this way; any other is taken as drawn.
pub fn lanczos2(picture: &Picture, width: u32, height: u32) -> Picture {
    let Some(plan) = Plan::new(picture, width, height) else {
        return picture.clone();
    };
    let columns = plan.columns(4, lanczos2_taps);
    let rows = plan.rows(4, lanczos2_taps);
    let drawn: Vec<[u8; 4]>;
    let (source, straight): (&[[u8; 4]], bool) = match picture.pixels() {
        Pixels::Nrgba(p) => (p, true),
        Pixels::Rgba(p) => (p, false),
        _ => {
            drawn = picture.to_image().pixels().to_vec();
            (&drawn, false)
        }
    };
    let (src_w, src_h) = (picture.width() as usize, picture.height() as usize);
    let first = |row: &[[u8; 4]], taps: &[(usize, i32)]| convolve(row, taps, straight);
    let second = |row: &[[u8; 4]], taps: &[(usize, i32)]| convolve(row, taps, false);
    let pixels = two_passes(source, src_w, src_h, &columns, &rows, first, second);
    Picture::new(plan.width as i32, plan.height as i32, Pixels::Rgba(pixels))
}

/// The size [`nearest`] and [`lanczos2`] scale `picture` to when asked for
/// `width` x `height` (a 0 side derived from the other).
pub fn target_size(picture: &Picture, width: u32, height: u32) -> (u32, u32) {
    let (_, _, width, height) = scales(picture, width, height);
    (width, height)
}

/// The scale each way and the target size, as nfnt works them out.
fn scales(picture: &Picture, width: u32, height: u32) -> (f64, f64, u32, u32) {
    let (src_w, src_h) = (picture.width() as f64, picture.height() as f64);
    let (scale_x, scale_y) = match (width, height) {
        (0, 0) => (1.0, 1.0),
        (0, h) => (src_h / h as f64, src_h / h as f64),
        (w, 0) => (src_w / w as f64, src_w / w as f64),
        (w, h) => (src_w / w as f64, src_h / h as f64),
    };
    // Go's uint(0.7 + x) rounds a derived side this way.
    let width = if width == 0 {
        (0.7 + src_w / scale_x) as u32
    } else {
        width
    };
    let height = if height == 0 {
        (0.7 + src_h / scale_y) as u32
    } else {
        height
    };
    (scale_x, scale_y, width, height)
}

/// The target size and the scale each way, as nfnt works them out.
struct Plan {
    width: u32,
    height: u32,
    scale_x: f64,
    scale_y: f64,
    src_w: usize,
    src_h: usize,
}

impl Plan {
    /// `None` when there is nothing to do: the size is unchanged or the
    /// picture is empty, where nfnt hands the picture back.
    fn new(picture: &Picture, width: u32, height: u32) -> Option<Self> {
        let (scale_x, scale_y, width, height) = scales(picture, width, height);
        let unchanged = width as i32 == picture.width() && height as i32 == picture.height();
        let empty = picture.width() <= 0 || picture.height() <= 0;
        (!unchanged && !empty).then_some(Self {
            width,
            height,
            scale_x,
            scale_y,
            src_w: picture.width() as usize,
            src_h: picture.height() as usize,
        })
    }

    fn columns<T>(&self, taps: usize, pick: fn(&Window, usize) -> Vec<T>) -> Vec<Vec<T>> {
        windows(self.width as usize, taps, self.scale_x)
            .map(|w| pick(&w, self.src_w))
            .collect()
    }

    fn rows<T>(&self, taps: usize, pick: fn(&Window, usize) -> Vec<T>) -> Vec<Vec<T>> {
        windows(self.height as usize, taps, self.scale_y)
            .map(|w| pick(&w, self.src_h))
            .collect()
    }
}

/// The source samples one target sample's filter spans: `length` of them
/// from `start`, with the target's centre at `offset` past `start`, and the
/// filter stretched by `1 / factor` when shrinking.
struct Window {
    start: i64,
    offset: f64,
    length: usize,
    factor: f64,
}

impl Window {
    /// Each source index the filter reaches (clamped to the edge, as nfnt
    /// repeats edge pixels) with where it lies under the filter.
    fn positions(&self, len: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let last = len as i64 - 1;
        (0..self.length).map(move |i| {
            let index = (self.start + i as i64).clamp(0, last.max(0)) as usize;
            (index, (self.offset - i as f64) * self.factor)
        })
    }
}

fn windows(count: usize, taps: usize, scale: f64) -> impl Iterator<Item = Window> {
    let length = taps * scale.ceil().max(1.0) as usize;
    let factor = (1.0 / scale).min(1.0);
    (0..count).map(move |y| {
        let centre = scale * (y as f64 + 0.5) - 0.5;
        let start = centre as i64 - (length / 2) as i64 + 1;
        Window {
            start,
            offset: centre - start as f64,
            length,
            factor,
        }
    })
}

fn nearest_taps(window: &Window, len: usize) -> Vec<usize> {
    window
        .positions(len)
        .filter(|&(_, at)| (-0.5..0.5).contains(&at))
        .map(|(index, _)| index)
        .collect()
}

fn lanczos2_taps(window: &Window, len: usize) -> Vec<(usize, i32)> {
    window
        .positions(len)
        .map(|(index, at)| (index, (lanczos2_kernel(at) * 256.0) as i16 as i32))
        .filter(|&(_, weight)| weight != 0)
        .collect()
}

fn lanczos2_kernel(x: f64) -> f64 {
    if x > -2.0 && x < 2.0 {
        sinc(x) * sinc(x * 0.5)
    } else {
        0.0
    }
}

fn sinc(x: f64) -> f64 {
    let x = x.abs() * std::f64::consts::PI;
    if x >= 1.220703e-4 { x.sin() / x } else { 1.0 }
}

/// Filters the rows of a `width` x `height` picture with `columns`, then the
/// columns of that with `rows`. Each pass writes its result transposed, so
/// the second reads the first's columns as rows.
fn two_passes<S, M: Copy + Default, D: Copy + Default, T>(
    source: &[S],
    width: usize,
    height: usize,
    columns: &[Vec<T>],
    rows: &[Vec<T>],
    first: impl Fn(&[S], &[T]) -> M,
    second: impl Fn(&[M], &[T]) -> D,
) -> Vec<D> {
    let middle = pass(source, width, height, columns, first);
    pass(&middle, height, columns.len(), rows, second)
}

fn pass<S, D: Copy + Default, T>(
    source: &[S],
    len: usize,
    count: usize,
    taps: &[Vec<T>],
    filter: impl Fn(&[S], &[T]) -> D,
) -> Vec<D> {
    let mut out = vec![D::default(); count * taps.len()];
    for (line, row) in source.chunks_exact(len).take(count).enumerate() {
        for (target, taps) in taps.iter().enumerate() {
            out[target * count + line] = filter(row, taps);
        }
    }
    out
}

/// The mean of the pixels at `taps`, in 32-bit floats and cut to whole
/// values as nfnt cuts them (anything above 254 is 255).
fn average8(row: &[[u8; 4]], taps: &[usize]) -> [u8; 4] {
    let mean = mean(taps.iter().map(|&i| row[i].map(f32::from)));
    mean.map(|v| if v > 254.0 { 255 } else { v as u8 })
}

fn average16(row: &[[u16; 4]], taps: &[usize]) -> [u16; 4] {
    let mean = mean(taps.iter().map(|&i| row[i].map(f32::from)));
    mean.map(|v| if v > 65534.0 { 65535 } else { v as u16 })
}

/// Paletted pixels are averaged as Go reads any image: premultiplied 16-bit.
fn average_palette(row: &[[u8; 4]], taps: &[usize]) -> [u16; 4] {
    let mean = mean(taps.iter().map(|&i| {
        let [r, g, b, a] = row[i];
        Color::rgba(r, g, b, a).premultiplied16().map(|v| v as f32)
    }));
    mean.map(|v| if v > 65534.0 { 65535 } else { v as u16 })
}

fn mean(pixels: impl Iterator<Item = [f32; 4]>) -> [f32; 4] {
    let mut sum = [0f32; 4];
    let mut count = 0f32;
    for pixel in pixels {
        for (s, v) in sum.iter_mut().zip(pixel) {
            *s += v;
        }
        count += 1.0;
    }
    sum.map(|s| s / count)
}

/// The weighted sum of the pixels at `taps` over the sum of the weights, in
/// integers; straight pixels are premultiplied first, as nfnt does.
fn convolve(row: &[[u8; 4]], taps: &[(usize, i32)], straight: bool) -> [u8; 4] {
    let mut sum = [0i32; 4];
    let mut weights = 0i32;
    for &(index, weight) in taps {
        let [r, g, b, a] = row[index].map(i32::from);
        let pixel = if straight {
            [r * a / 0xff, g * a / 0xff, b * a / 0xff, a]
        } else {
            [r, g, b, a]
        };
        for (s, v) in sum.iter_mut().zip(pixel) {
            *s += weight * v;
        }
        weights += weight;
    }
    sum.map(|s| {
        if weights == 0 {
            0
        } else {
            (s / weights).clamp(0, 255) as u8
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gray(width: i32, values: &[u8]) -> Picture {
        let pixels = values.iter().map(|&v| [v, v, v, 0xff]).collect();
        Picture::new(width, values.len() as i32 / width, Pixels::Rgba(pixels))
    }

    fn values(picture: &Picture) -> Vec<u8> {
        match picture.pixels() {
            Pixels::Rgba(p) => p.iter().map(|p| p[0]).collect(),
            other => panic!("expected RGBA, got {other:?}"),
        }
    }

    #[test]
    fn growing_repeats_pixels() {
        // The middle target's centre falls exactly between the two sources;
        // nfnt takes the one after.
        let grown = nearest(&gray(2, &[10, 20]), 5, 1);
        assert_eq!(values(&grown), [10, 10, 20, 20, 20]);
    }

    #[test]
    fn shrinking_averages_what_each_pixel_covers_and_truncates() {
        // 4 -> 2: each target covers two sources; (0 + 255) / 2 = 127.5 -> 127.
        assert_eq!(values(&nearest(&gray(4, &[0, 255, 10, 13]), 2, 1)), [127, 11]);
        // Means above 254 become 255.
        assert_eq!(values(&nearest(&gray(2, &[254, 255]), 1, 1)), [255]);
    }

    #[test]
    fn a_missing_side_keeps_the_aspect_ratio_and_an_unchanged_size_is_kept() {
        let picture = gray(4, &[0; 8]);
        let half = nearest(&picture, 2, 0);
        assert_eq!((half.width(), half.height()), (2, 1));
        assert_eq!(nearest(&picture, 4, 2), picture);
    }

    #[test]
    fn straight_pixels_average_straight_and_palettes_premultiplied() {
        let pixels = vec![[255, 255, 255, 255], [0, 0, 0, 0]];
        let straight = nearest(&Picture::new(2, 1, Pixels::Nrgba(pixels.clone())), 1, 1);
        assert_eq!(straight.pixels(), &Pixels::Nrgba(vec![[127, 127, 127, 127]]));
        let paletted = nearest(&Picture::new(2, 1, Pixels::Paletted(pixels)), 1, 1);
        assert_eq!(paletted.pixels(), &Pixels::Rgba64(vec![[32767; 4]]));
    }

    #[test]
    fn lanczos_keeps_flat_colour_flat() {
        let flat = Picture::new(3, 3, Pixels::Nrgba(vec![[200, 100, 0, 255]; 9]));
        let smoothed = lanczos2(&flat, 2, 2);
        assert_eq!(smoothed.pixels(), &Pixels::Rgba(vec![[200, 100, 0, 255]; 4]));
    }
}
