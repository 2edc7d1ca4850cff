//! JPEG, through the `image` crate (zune-jpeg): always opaque, so kept as
//! Go's `RGBA` would keep it.

use std::io::Cursor;

use image::codecs::jpeg::JpegDecoder;
use image::{ColorType, ImageDecoder};

use super::{Picture, PictureError, Pixels, check_size};

pub(super) fn decode(data: &[u8]) -> Result<Picture, PictureError> {
    let decoder = JpegDecoder::new(Cursor::new(data)).map_err(PictureError::decode)?;
    let (width, height) = decoder.dimensions();
    check_size(width as u64, height as u64, 1)?;
    let color = decoder.color_type();
    let mut buffer = vec![0; decoder.total_bytes() as usize];
    decoder.read_image(&mut buffer).map_err(PictureError::decode)?;
    let pixels = match color {
        ColorType::L8 => buffer.iter().map(|&v| [v, v, v, 0xff]).collect(),
        ColorType::La8 => buffer.chunks_exact(2).map(|c| [c[0], c[0], c[0], 0xff]).collect(),
        ColorType::Rgb8 => buffer.chunks_exact(3).map(|c| [c[0], c[1], c[2], 0xff]).collect(),
        ColorType::Rgba8 => buffer.chunks_exact(4).map(|c| [c[0], c[1], c[2], 0xff]).collect(),
        other => return Err(PictureError::decode(format!("jpeg: unsupported colour type {other:?}"))),
    };
    Ok(Picture::new(width as i32, height as i32, Pixels::Rgba(pixels)))
}
