//! WebP, still or animated, through `image-webp`, which lays each frame
//! over the canvas as libwebp's animation decoder (Pixlet's) does: on
//! transparency, honouring each frame's blending and disposal. Its blending
//! rounds a little differently from libwebp's: a blended opaque pixel comes
//! out one step darker in each channel.

use std::io::Cursor;

use image_webp::{DecodingError, WebPDecoder};

use super::{Decoded, MAX_PIXELS, Picture, PictureError, Pixels, check_size};

pub(super) fn decode(data: &[u8]) -> Result<Decoded, PictureError> {
    let mut decoder = WebPDecoder::new(Cursor::new(data)).map_err(PictureError::decode)?;
    let (width, height) = decoder.dimensions();
    let count = if decoder.is_animated() { decoder.num_frames() } else { 1 };
    check_size(width as u64, height as u64, count as u64)?;
    decoder.set_memory_limit(MAX_PIXELS as usize * 4);
    if decoder.is_animated() {
        // Disposed frames leave transparency, as libwebp's animation decoder
        // leaves, whatever background the file suggests.
        decoder.set_background_color([0; 4]).map_err(PictureError::decode)?;
    }
    let size = decoder
        .output_buffer_size()
        .ok_or_else(|| PictureError::decode("webp: image too large"))?;
    let alpha = decoder.has_alpha();
    let mut buffer = vec![0; size];
    let frame = |buffer: &[u8]| {
        let pixels = if alpha {
            buffer.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect()
        } else {
            buffer.chunks_exact(3).map(|c| [c[0], c[1], c[2], 0xff]).collect()
        };
        Picture::new(width as i32, height as i32, Pixels::Nrgba(pixels))
    };
    if !decoder.is_animated() {
        decoder.read_image(&mut buffer).map_err(PictureError::decode)?;
        return Ok(Decoded::still(frame(&buffer)));
    }
    let mut frames = Vec::with_capacity(count as usize);
    let mut delay_ms = 0;
    loop {
        match decoder.read_frame(&mut buffer) {
            Ok(duration) => {
                if frames.is_empty() {
                    delay_ms = duration as i64;
                }
                frames.push(frame(&buffer));
            }
            Err(DecodingError::NoMoreFrames) => break,
            Err(error) => return Err(PictureError::decode(error)),
        }
    }
    if frames.is_empty() {
        return Err(PictureError::decode("webp: animation has no frames"));
    }
    Ok(Decoded { frames, delay_ms })
}
