//! How much of each canvas pixel a transformed rectangle covers, in the
//! 16-bit steps Pixlet's rasterizer (gg on freetype's) produces: corners
//! snapped to 1/64 pixel, the covered area in 1/4096ths of a pixel, at most
//! 4095 of them, widened to 16 bits.

use super::canvas::Affine;

/// A corner in 1/64 pixel, as gg hands paths to the rasterizer.
type Fixed = (i64, i64);

fn fix(v: f64) -> i64 {
    (v * 64.0).round() as i64
}

/// The 16-bit alpha of a pixel whose covered area is `area` 1/4096ths.
fn alpha(area: i64) -> u16 {
    let a = area.clamp(0, 0x0fff) as u16;
    (a << 4) | (a >> 8)
}

/// The coverage (0..=0xffff) of each pixel of a `width` x `height` canvas,
/// row by row, by the rectangle `(x, y, w, h)` drawn under `transform`.
pub fn rect(transform: &Affine, (x, y, w, h): (f64, f64, f64, f64), width: i32, height: i32) -> Vec<u16> {
    let mut coverage = vec![0u16; (width.max(0) as usize) * (height.max(0) as usize)];
    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|(px, py)| {
        let (tx, ty) = transform.apply(px, py);
        (fix(tx), fix(ty))
    });
    if let Some(bounds) = axis_aligned(&corners) {
        fill_box(&mut coverage, bounds, width, height);
    } else {
        fill_polygon(&mut coverage, &corners, width, height);
    }
    coverage
}

/// The rectangle's left, top, right and bottom when its snapped corners
/// keep to the axes (any multiple of a quarter turn, float noise gone).
fn axis_aligned(c: &[Fixed; 4]) -> Option<(i64, i64, i64, i64)> {
    let upright = c[0].0 == c[3].0 && c[1].0 == c[2].0 && c[0].1 == c[1].1 && c[2].1 == c[3].1;
    let turned = c[0].0 == c[1].0 && c[2].0 == c[3].0 && c[0].1 == c[3].1 && c[1].1 == c[2].1;
    (upright || turned).then(|| {
        let xs = c.map(|p| p.0);
        let ys = c.map(|p| p.1);
        let min = |v: [i64; 4]| v.into_iter().min().unwrap_or(0);
        let max = |v: [i64; 4]| v.into_iter().max().unwrap_or(0);
        (min(xs), min(ys), max(xs), max(ys))
    })
}

/// Exact coverage of an upright box: the overlap of each pixel with it,
/// in 64ths across times 64ths down.
fn fill_box(coverage: &mut [u16], (left, top, right, bottom): (i64, i64, i64, i64), width: i32, height: i32) {
    let overlap = |lo: i64, hi: i64, p: i64| hi.min(p * 64 + 64).saturating_sub(lo.max(p * 64)).clamp(0, 64);
    let cols = (left.div_euclid(64).max(0))..(right.saturating_add(63).div_euclid(64).min(width as i64));
    let rows = (top.div_euclid(64).max(0))..(bottom.saturating_add(63).div_euclid(64).min(height as i64));
    for py in rows {
        let wy = overlap(top, bottom, py);
        for px in cols.clone() {
            coverage[(py * width as i64 + px) as usize] = alpha(wy * overlap(left, right, px));
        }
    }
}

/// Coverage of a turned or slanted rectangle (a parallelogram): the exact
/// area of it inside each pixel. The rasterizer Pixlet uses splits edges at
/// pixel boundaries in fixed point, so it can differ by a 4096th here and
/// there.
fn fill_polygon(coverage: &mut [u16], corners: &[Fixed; 4], width: i32, height: i32) {
    let points = corners.map(|(x, y)| (x as f64 / 64.0, y as f64 / 64.0));
    let (xs, ys) = (points.map(|p| p.0), points.map(|p| p.1));
    let lo = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min).floor().max(0.0);
    let hi = |v: [f64; 4], limit: i32| v.into_iter().fold(f64::NEG_INFINITY, f64::max).ceil().min(limit as f64);
    let (x0, x1) = (lo(xs) as i32, hi(xs, width) as i32);
    let (y0, y1) = (lo(ys) as i32, hi(ys, height) as i32);
    for py in y0..y1 {
        for px in x0..x1 {
            let area = clipped_area(&points, px as f64, py as f64);
            coverage[(py * width + px) as usize] = alpha((area * 4096.0).round() as i64);
        }
    }
}

/// The area of the convex polygon `points` inside the pixel at `(px, py)`.
fn clipped_area(points: &[(f64, f64)], px: f64, py: f64) -> f64 {
    let mut polygon = points.to_vec();
    // Keep the part on the inner side of each of the pixel's four edges:
    // (along x?, the edge, keep what is beyond it?).
    let edges = [
        (true, px, true),
        (true, px + 1.0, false),
        (false, py, true),
        (false, py + 1.0, false),
    ];
    for (along_x, limit, keep_above) in edges {
        let axis = |p: &(f64, f64)| if along_x { p.0 } else { p.1 };
        let inside = |p: &(f64, f64)| if keep_above { axis(p) >= limit } else { axis(p) <= limit };
        let mut kept = Vec::with_capacity(polygon.len() + 2);
        for (i, a) in polygon.iter().enumerate() {
            let b = &polygon[(i + 1) % polygon.len()];
            if inside(a) {
                kept.push(*a);
            }
            if inside(a) != inside(b) {
                let t = (limit - axis(a)) / (axis(b) - axis(a));
                kept.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
            }
        }
        polygon = kept;
        if polygon.is_empty() {
            return 0.0;
        }
    }
    let twice: f64 = (0..polygon.len())
        .map(|i| {
            let (a, b) = (polygon[i], polygon[(i + 1) % polygon.len()]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice.abs() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_pixels_are_fully_covered() {
        let cov = rect(&Affine::IDENTITY, (1.0, 0.0, 2.0, 1.0), 4, 1);
        assert_eq!(cov, [0, 0xffff, 0xffff, 0]);
    }

    #[test]
    fn partial_pixels_get_the_rasterizers_steps() {
        // Half a pixel is 2048/4096: 0x8008 once widened, as freetype gives.
        let cov = rect(&Affine::IDENTITY, (0.5, 0.0, 1.0, 1.0), 2, 1);
        assert_eq!(cov, [0x8008, 0x8008]);
        let cov = rect(&Affine::IDENTITY, (0.25, 0.25, 0.5, 0.5), 1, 1);
        assert_eq!(cov, [0x4004]);
    }

    #[test]
    fn quarter_turns_lose_their_float_noise() {
        let turned = Affine::translation(1.5, 1.5)
            .after(&Affine::rotation(std::f64::consts::FRAC_PI_2))
            .after(&Affine::translation(-1.5, -1.5));
        let cov = rect(&turned, (0.0, 0.0, 3.0, 1.0), 3, 3);
        let lit: Vec<bool> = cov.iter().map(|&c| c == 0xffff).collect();
        assert_eq!(lit, [false, false, true, false, false, true, false, false, true]);
        assert!(cov.iter().all(|&c| c == 0 || c == 0xffff));
    }

    #[test]
    fn a_turned_square_covers_by_area() {
        // A unit square turned 45 degrees about its centre is a diamond
        // poking into its four side neighbours. Its corners snap from
        // 0.7071 to 45/64 away from the centre.
        let turned = Affine::translation(1.5, 1.5)
            .after(&Affine::rotation(std::f64::consts::FRAC_PI_4))
            .after(&Affine::translation(-1.5, -1.5));
        let cov = rect(&turned, (1.0, 1.0, 1.0, 1.0), 3, 3);
        let reach: f64 = 45.0 / 64.0;
        let tip = (reach - 0.5) * (reach - 0.5);
        let share = |c: u16| c as f64 / 65535.0;
        assert!((share(cov[4]) - (2.0 * reach * reach - 4.0 * tip)).abs() < 0.001);
        for side in [1, 3, 5, 7] {
            assert!((share(cov[side]) - tip).abs() < 0.001, "{}", share(cov[side]));
        }
        for corner in [0, 2, 6, 8] {
            assert_eq!(cov[corner], 0);
        }
    }
}
