//! `filter.FlipHorizontal` and `FlipVertical`: the child's picture mirrored.

use image::imageops;

use super::{Effect, filtered, from_buffer, to_buffer};
use crate::render::Image;
use crate::values::spec::{Param, Spec};

pub static FLIP_HORIZONTAL: Spec = Spec {
    name: "FlipHorizontal",
    params: &[Param::required("child")],
    build: |args| filtered(args, Flip::Horizontal),
};

pub static FLIP_VERTICAL: Spec = Spec {
    name: "FlipVertical",
    params: &[Param::required("child")],
    build: |args| filtered(args, Flip::Vertical),
};

#[derive(Debug)]
pub enum Flip {
    /// Left to right.
    Horizontal,
    /// Top to bottom.
    Vertical,
}

impl Effect for Flip {
    fn apply(&self, picture: Image) -> Image {
        let buffer = to_buffer(&picture);
        from_buffer(match self {
            Flip::Horizontal => imageops::flip_horizontal(&buffer),
            Flip::Vertical => imageops::flip_vertical(&buffer),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flips_mirror_the_picture() {
        let picture = Image::from_pixels(2, 2, vec![[1; 4], [2; 4], [3; 4], [4; 4]]);
        assert_eq!(
            Flip::Horizontal.apply(picture.clone()).pixels(),
            &[[2; 4], [1; 4], [4; 4], [3; 4]]
        );
        assert_eq!(
            Flip::Vertical.apply(picture).pixels(),
            &[[3; 4], [4; 4], [1; 4], [2; 4]]
        );
    }
}
