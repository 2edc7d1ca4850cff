//! PNG, through the `png` crate, into the kind of pixels Go's decoder would
//! give for the file's colour type: paletted, straight or premultiplied, 8
//! or 16 bits.

use std::io::Cursor;

use png::{BitDepth, ColorType, Transformations};

use super::{Picture, PictureError, Pixels, check_size};

pub(super) fn decode(data: &[u8]) -> Result<Picture, PictureError> {
    let limits = png::Limits {
        bytes: super::MAX_PIXELS as usize * 8,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(data), limits);
    decoder.set_transformations(Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(PictureError::decode)?;
    let (width, height) = reader.info().size();
    check_size(width as u64, height as u64, 1)?;
    let paletted = reader.info().color_type == ColorType::Indexed;
    let (color, depth) = reader.output_color_type();
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| PictureError::decode("png: image too large"))?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer).map_err(PictureError::decode)?;
    // Read on to the end, as Go's decoder does, so a cut-off file is refused.
    reader.finish().map_err(PictureError::decode)?;
    buffer.truncate(info.buffer_size());
    let channels = color.samples();
    let straight = matches!(color, ColorType::GrayscaleAlpha | ColorType::Rgba);
    let pixels = if depth == BitDepth::Sixteen {
        let rgba = buffer
            .chunks_exact(channels * 2)
            .map(|bytes| {
                let mut samples = [0u16; 4];
                for (sample, pair) in samples.iter_mut().zip(bytes.chunks_exact(2)) {
                    *sample = u16::from_be_bytes([pair[0], pair[1]]);
                }
                to_rgba(&samples[..channels], u16::MAX)
            })
            .collect();
        if straight {
            Pixels::Nrgba64(rgba)
        } else {
            Pixels::Rgba64(rgba)
        }
    } else {
        let rgba = buffer.chunks_exact(channels).map(|c| to_rgba(c, u8::MAX)).collect();
        if paletted {
            Pixels::Paletted(rgba)
        } else if straight {
            Pixels::Nrgba(rgba)
        } else {
            Pixels::Rgba(rgba)
        }
    };
    Ok(Picture::new(width as i32, height as i32, pixels))
}

/// One pixel's samples (gray, gray and alpha, RGB or RGBA) as RGBA.
fn to_rgba<T: Copy>(samples: &[T], opaque: T) -> [T; 4] {
    match *samples {
        [v] => [v, v, v, opaque],
        [v, a] => [v, v, v, a],
        [r, g, b] => [r, g, b, opaque],
        [r, g, b, a] => [r, g, b, a],
        _ => unreachable!("PNG pixels have 1 to 4 samples"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(
        color: ColorType,
        depth: BitDepth,
        data: &[u8],
        setup: impl FnOnce(&mut png::Encoder<&mut Vec<u8>>),
    ) -> Vec<u8> {
        let mut file = Vec::new();
        let mut encoder = png::Encoder::new(&mut file, 1, 1);
        encoder.set_color(color);
        encoder.set_depth(depth);
        setup(&mut encoder);
        encoder.write_header().unwrap().write_image_data(data).unwrap();
        file
    }

    #[test]
    fn each_colour_type_keeps_the_pixels_go_would() {
        let eight = BitDepth::Eight;
        let cases = [
            (
                encode(ColorType::Rgb, eight, &[1, 2, 3], |_| {}),
                Pixels::Rgba(vec![[1, 2, 3, 0xff]]),
            ),
            (
                encode(ColorType::Rgba, eight, &[1, 2, 3, 4], |_| {}),
                Pixels::Nrgba(vec![[1, 2, 3, 4]]),
            ),
            (
                encode(ColorType::Grayscale, eight, &[7], |_| {}),
                Pixels::Rgba(vec![[7, 7, 7, 0xff]]),
            ),
            (
                encode(ColorType::GrayscaleAlpha, eight, &[7, 9], |_| {}),
                Pixels::Nrgba(vec![[7, 7, 7, 9]]),
            ),
            (
                encode(ColorType::Indexed, eight, &[1], |e| {
                    e.set_palette(vec![0, 0, 0, 10, 20, 30]);
                    e.set_trns(vec![0xff, 0x80]);
                }),
                Pixels::Paletted(vec![[10, 20, 30, 0x80]]),
            ),
            (
                encode(ColorType::Rgba, BitDepth::Sixteen, &[0, 1, 0, 2, 0, 3, 0x80, 0], |_| {}),
                Pixels::Nrgba64(vec![[1, 2, 3, 0x8000]]),
            ),
            (
                encode(ColorType::Rgb, BitDepth::Sixteen, &[0, 1, 0, 2, 0, 3], |_| {}),
                Pixels::Rgba64(vec![[1, 2, 3, 0xffff]]),
            ),
        ];
        for (file, pixels) in cases {
            assert_eq!(decode(&file).unwrap().pixels(), &pixels);
        }
    }
}
