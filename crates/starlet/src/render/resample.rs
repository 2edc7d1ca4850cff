//! Pictures drawn under a transform, sampled as Go's `x/image/draw`
//! `BiLinear.Transform` samples them (gg's `DrawImage` uses it for every
//! picture): a tent filter, widened when the picture shrinks so that every
//! source pixel still counts, in float64, rounded to 16 bits.

use super::canvas::Affine;
use super::geometry::Rect;
use super::image::Image;

/// Calls `put(x, y, pixel)` for each pixel of `area` whose centre maps back
/// into `picture` drawn through `s2d`, with the premultiplied 16-bit sample
/// there. Nothing is drawn through a map that cannot be undone.
pub fn bilinear(picture: &Image, s2d: &Affine, area: Rect, mut put: impl FnMut(i32, i32, [u32; 4])) {
    let (sw, sh) = (picture.width() as i64, picture.height() as i64);
    if sw <= 0 || sh <= 0 {
        return;
    }
    let drawn = transformed_bounds(s2d, Rect::sized(picture.width(), picture.height()));
    let affected = area.intersect(&drawn);
    let Some(mut d2s) = s2d.invert() else {
        return;
    };
    if affected.is_empty() {
        return;
    }
    // Shift source coordinates to be positive over the affected area, so
    // truncation rounds down, exactly as Go does it.
    let bias = transformed_bounds(&d2s, affected);
    let (bias_x, bias_y) = (bias.x0 as i64 - 1, bias.y0 as i64 - 1);
    d2s.x0 -= bias_x as f64;
    d2s.y0 -= bias_y as f64;
    let x_kernel = Kernel::new(d2s.xx.abs().max(d2s.xy.abs()));
    let y_kernel = Kernel::new(d2s.yx.abs().max(d2s.yy.abs()));
    let (mut x_weights, mut y_weights) = (Vec::new(), Vec::new());
    for y in affected.y0..affected.y1 {
        let dyf = y as f64 + 0.5;
        for x in affected.x0..affected.x1 {
            let dxf = x as f64 + 0.5;
            let sx = d2s.xx * dxf + d2s.xy * dyf + d2s.x0;
            let sy = d2s.yx * dxf + d2s.yy * dyf + d2s.y0;
            let (px, py) = ((sx as i64).saturating_add(bias_x), (sy as i64).saturating_add(bias_y));
            if !(0..sw).contains(&px) || !(0..sh).contains(&py) {
                continue;
            }
            let ix = x_kernel.weights(sx + bias_x as f64 - 0.5, sw, &mut x_weights);
            let iy = y_kernel.weights(sy + bias_y as f64 - 0.5, sh, &mut y_weights);
            let mut sum = [0f64; 4];
            for (ky, &wy) in (iy..).zip(&y_weights) {
                if wy == 0.0 {
                    continue;
                }
                for (kx, &wx) in (ix..).zip(&x_weights) {
                    let w = wx * wy;
                    if w == 0.0 {
                        continue;
                    }
                    let pixel = picture.get(kx as i32, ky as i32);
                    for (s, p) in sum.iter_mut().zip(pixel) {
                        *s += (p as u32 * 0x101) as f64 * w;
                    }
                }
            }
            // Premultiplied colour never exceeds alpha.
            for c in 0..3 {
                sum[c] = sum[c].min(sum[3]);
            }
            put(x, y, sum.map(to_u16));
        }
    }
}

/// Go's `fffftou`: a float 16-bit value rounded and clamped.
fn to_u16(v: f64) -> u32 {
    ((v + 0.5) as i32).clamp(0, 0xffff) as u32
}

/// The tent filter along one axis, for a map that takes one destination
/// pixel to `scale` source pixels.
struct Kernel {
    half_width: f64,
    arg_scale: f64,
}

impl Kernel {
    fn new(scale: f64) -> Self {
        if scale > 1.0 {
            Kernel {
                half_width: scale,
                arg_scale: 1.0 / scale,
            }
        } else {
            Kernel {
                half_width: 1.0,
                arg_scale: 1.0,
            }
        }
    }

    /// Fills `weights` with the normalised weights of the source pixels
    /// around `s` (in pixel-centre coordinates) inside `0..len`, and returns
    /// the first one's index.
    fn weights(&self, s: f64, len: i64, weights: &mut Vec<f64>) -> i64 {
        let first = ((s - self.half_width).floor() as i64).max(0);
        let end = ((s + self.half_width).ceil() as i64).min(len);
        weights.clear();
        weights.extend((first..end).map(|k| {
            let t = ((s - k as f64) * self.arg_scale).abs();
            if t < 1.0 { 1.0 - t } else { 0.0 }
        }));
        let total: f64 = weights.iter().sum();
        for w in weights.iter_mut() {
            *w /= total;
        }
        first
    }
}

/// The pixels `r` covers once mapped through `m`: the corners rounded down,
/// and one more past the largest.
fn transformed_bounds(m: &Affine, r: Rect) -> Rect {
    let corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x0, r.y1), (r.x1, r.y1)];
    let mapped = corners.map(|(x, y)| {
        let (tx, ty) = m.apply(x as f64, y as f64);
        (tx.floor() as i32, ty.floor() as i32)
    });
    let x0 = mapped.iter().map(|p| p.0).min().unwrap_or(0);
    let y0 = mapped.iter().map(|p| p.1).min().unwrap_or(0);
    let x1 = mapped.iter().map(|p| p.0.saturating_add(1)).max().unwrap_or(0);
    let y1 = mapped.iter().map(|p| p.1.saturating_add(1)).max().unwrap_or(0);
    Rect { x0, y0, x1, y1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(picture: &Image, s2d: &Affine, area: Rect) -> Vec<((i32, i32), [u32; 4])> {
        let mut out = Vec::new();
        bilinear(picture, s2d, area, |x, y, p| out.push(((x, y), p)));
        out
    }

    #[test]
    fn whole_pixel_shifts_sample_exactly() {
        let mut picture = Image::new(2, 1);
        picture.set(0, 0, [0x80, 0, 0, 0x80]);
        picture.set(1, 0, [0, 0xff, 0, 0xff]);
        let out = samples(&picture, &Affine::translation(1.0, 0.0), Rect::sized(4, 1));
        assert_eq!(
            out,
            [((1, 0), [0x8080, 0, 0, 0x8080]), ((2, 0), [0, 0xffff, 0, 0xffff])]
        );
    }

    #[test]
    fn half_pixel_shifts_blend_neighbours() {
        let mut picture = Image::new(2, 1);
        picture.set(0, 0, [0xff, 0, 0, 0xff]);
        picture.set(1, 0, [0, 0, 0xff, 0xff]);
        let out = samples(&picture, &Affine::translation(0.5, 0.0), Rect::sized(3, 1));
        // Pixel 0's centre maps to 0.0 in the picture, its left edge: only
        // pixel 0 counts there. Pixel 1's maps to 1.0, halfway between the
        // two; pixel 2's to 2.0, the right edge, outside.
        assert_eq!(
            out,
            [((0, 0), [0xffff, 0, 0, 0xffff]), ((1, 0), [0x8000, 0, 0x8000, 0xffff])]
        );
    }

    #[test]
    fn shrinking_averages_every_source_pixel() {
        // Four pixels squeezed into one: the tent, four times as wide,
        // weighs the inner two 7/8 and the outer two 5/8.
        let mut picture = Image::new(4, 1);
        for x in 0..4 {
            picture.set(x, 0, [0xff, 0xff, 0xff, 0xff]);
        }
        picture.set(0, 0, [0, 0, 0, 0]);
        let out = samples(&picture, &Affine::scaling(0.25, 1.0), Rect::sized(1, 1));
        assert_eq!(out.len(), 1);
        let alpha = out[0].1[3] as f64;
        let expected = 65535.0 * (7.0 + 7.0 + 5.0) / 24.0;
        assert!((alpha - expected).abs() <= 1.0, "{alpha} vs {expected}");
    }

    #[test]
    fn a_squashed_picture_draws_nothing() {
        let picture = Image::new(2, 2);
        assert!(samples(&picture, &Affine::scaling(0.0, 1.0), Rect::sized(4, 4)).is_empty());
    }
}
