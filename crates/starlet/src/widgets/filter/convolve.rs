//! `filter.EdgeDetection`, `Emboss` and `Sharpen`: the child's picture
//! convolved with bild's kernels, edges extended, each sum truncated into
//! 0..=255 as bild does.

use imageproc::filter::filter;
use imageproc::kernel::Kernel;

use super::{Effect, filtered, from_buffer, number, to_buffer};
use crate::render::Image;
use crate::values::spec::{Param, Spec};

/// The widest edge-detection radius: the kernel grows with its square.
pub const MAX_EDGE_RADIUS: f64 = 8.0;

pub static EDGE_DETECTION: Spec = Spec {
    name: "EdgeDetection",
    params: &[Param::required("child"), Param::required("radius")],
    build: |args| {
        let radius = number(args, "radius")?;
        anyhow::ensure!(
            radius <= MAX_EDGE_RADIUS,
            "EdgeDetection: radius is {radius}, want at most {MAX_EDGE_RADIUS}"
        );
        filtered(args, edge_detection(radius))
    },
};

pub static EMBOSS: Spec = Spec {
    name: "Emboss",
    params: &[Param::required("child")],
    build: |args| filtered(args, emboss()),
};

pub static SHARPEN: Spec = Spec {
    name: "Sharpen",
    params: &[Param::required("child")],
    build: |args| filtered(args, sharpen()),
};

/// Light from the top left, on mid grey.
fn emboss() -> Convolution {
    let kernel = vec![-1.0, -1.0, 0.0, -1.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    Convolution {
        kernel,
        side: 3,
        bias: 128.0,
        keep_alpha: true,
    }
}

/// The centre against its four neighbours, alpha included.
fn sharpen() -> Convolution {
    let kernel = vec![0.0, -1.0, 0.0, -1.0, 5.0, -1.0, 0.0, -1.0, 0.0];
    Convolution {
        kernel,
        side: 3,
        bias: 0.0,
        keep_alpha: false,
    }
}

/// A square kernel of -1 around a centre that sums it to zero; for a
/// radius of 0 or less, nothing is left of the picture.
fn edge_detection(radius: f64) -> Convolution {
    if radius.is_nan() || radius <= 0.0 {
        return Convolution {
            kernel: Vec::new(),
            side: 0,
            bias: 0.0,
            keep_alpha: true,
        };
    }
    let side = (2.0 * radius + 1.0).ceil() as usize;
    let mut kernel = vec![-1.0; side * side];
    kernel[(side / 2) * side + side / 2] = (side * side) as f64 - 1.0;
    Convolution {
        kernel,
        side,
        bias: 0.0,
        keep_alpha: true,
    }
}

/// A convolution; with `keep_alpha`, alpha is the child's own and `bias`
/// is added to the colour channels, otherwise alpha is convolved too (no
/// kernel of bild's does that with a bias). An empty kernel clears.
#[derive(Debug)]
pub struct Convolution {
    kernel: Vec<f64>,
    side: usize,
    bias: f64,
    keep_alpha: bool,
}

impl Effect for Convolution {
    fn apply(&self, picture: Image) -> Image {
        if self.side == 0 {
            return Image::new(picture.width(), picture.height());
        }
        let kernel = Kernel::new(&self.kernel, self.side as u32, self.side as u32);
        let bias = self.bias;
        let mut out = from_buffer(filter(&to_buffer(&picture), kernel, |sum: f64| {
            (sum + bias).clamp(0.0, 255.0) as u8
        }));
        if self.keep_alpha {
            for y in 0..out.height() {
                for x in 0..out.width() {
                    let [r, g, b, _] = out.get(x, y);
                    out.set(x, y, [r, g, b, picture.get(x, y)[3]]);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_picture_has_no_edges_and_keeps_its_alpha() {
        let picture = Image::from_pixels(3, 3, vec![[90, 90, 90, 200]; 9]);
        let edges = edge_detection(1.0).apply(picture);
        assert!(edges.pixels().iter().all(|&p| p == [0, 0, 0, 200]));
    }

    #[test]
    fn emboss_lifts_flat_colour_to_mid_grey() {
        let picture = Image::from_pixels(2, 2, vec![[10, 20, 30, 255]; 4]);
        assert!(
            emboss()
                .apply(picture)
                .pixels()
                .iter()
                .all(|&p| p == [128, 128, 128, 255])
        );
    }

    #[test]
    fn sharpen_leaves_flat_colour_alone() {
        let picture = Image::from_pixels(2, 2, vec![[10, 20, 30, 40]; 4]);
        assert!(sharpen().apply(picture).pixels().iter().all(|&p| p == [10, 20, 30, 40]));
    }
}
