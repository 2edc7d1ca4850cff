//! Writing a render as a picture file: a lossless animated WebP (what
//! Pixlet writes and Tidbyt devices show) or an animated GIF, each frame
//! shown for the render's delay.

use std::time::Duration;

use crate::render::Image;
use crate::runtime::applet::Rendered;

/// How to write the frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Each pixel becomes a `magnify` x `magnify` square.
    pub magnify: u32,
    /// Frames past this much playing time are left out (Pixlet's
    /// `--max-duration`, 15 s by default); `None` keeps them all.
    pub max_duration: Option<Duration>,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        Self {
            magnify: 1,
            max_duration: Some(Duration::from_secs(15)),
        }
    }
}

/// A frame that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error("nothing to encode: the app returned no frames")]
    Empty,
    #[error("magnify must be between 1 and 64, not {0}")]
    Magnify(u32),
    #[error("encoding WebP: {0:?}")]
    WebP(webp_animation::Error),
    #[error("encoding GIF: {0}")]
    Gif(#[from] gif::EncodingError),
}

/// The frames to write with how long each shows, after `max_duration`.
fn timeline(rendered: &Rendered, options: &EncodeOptions) -> Result<Vec<(Image, Duration)>, EncodeError> {
    if rendered.frames.is_empty() {
        return Err(EncodeError::Empty);
    }
    if !(1..=64).contains(&options.magnify) {
        return Err(EncodeError::Magnify(options.magnify));
    }
    let mut left = options.max_duration;
    let mut out = Vec::new();
    for frame in &rendered.frames {
        let delay = match left {
            Some(budget) if budget.is_zero() => break,
            Some(budget) => rendered.delay.min(budget),
            None => rendered.delay,
        };
        left = left.map(|budget| budget - delay);
        out.push((magnify(frame, options.magnify), delay));
    }
    Ok(out)
}

/// The frame with every pixel as a `factor` x `factor` square.
fn magnify(frame: &Image, factor: u32) -> Image {
    let factor = factor as i32;
    if factor == 1 {
        return frame.clone();
    }
    let (w, h) = (frame.width() * factor, frame.height() * factor);
    let pixels = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| frame.get(x / factor, y / factor))
        .collect();
    Image::from_pixels(w, h, pixels)
}

/// A lossless animated WebP of the render.
pub fn webp(rendered: &Rendered, options: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let frames = timeline(rendered, options)?;
    let (w, h) = (frames[0].0.width() as u32, frames[0].0.height() as u32);
    let mut encoder = webp_animation::Encoder::new((w, h)).map_err(EncodeError::WebP)?;
    let mut at_ms = 0i32;
    for (frame, delay) in &frames {
        encoder.add_frame(&frame.to_rgba8(), at_ms).map_err(EncodeError::WebP)?;
        at_ms += delay.as_millis() as i32;
    }
    let data = encoder.finalize(at_ms).map_err(EncodeError::WebP)?;
    Ok(data.to_vec())
}

/// An animated GIF of the render, looping forever; a frame's colours are
/// exact when it has at most 256 of them.
pub fn gif(rendered: &Rendered, options: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let frames = timeline(rendered, options)?;
    let (w, h) = (frames[0].0.width() as u16, frames[0].0.height() as u16);
    let mut data = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut data, w, h, &[])?;
        encoder.set_repeat(gif::Repeat::Infinite)?;
        for (frame, delay) in frames {
            let mut rgba = frame.to_rgba8();
            let mut gif_frame = gif::Frame::from_rgba_speed(w, h, &mut rgba, 10);
            gif_frame.delay = (delay.as_millis() / 10).min(u16::MAX as u128) as u16;
            encoder.write_frame(&gif_frame)?;
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(frames: usize, delay_ms: u64) -> Rendered {
        let frame = |i: usize| {
            let mut image = Image::new(2, 1);
            image.set(0, 0, [(i * 40) as u8, 0, 0, 0xff]);
            image.set(1, 0, [0, 0, 0xff, 0xff]);
            image
        };
        Rendered {
            frames: (0..frames).map(frame).collect(),
            delay: Duration::from_millis(delay_ms),
            max_age: None,
            show_full_animation: false,
        }
    }

    #[test]
    fn max_duration_cuts_frames_and_shortens_the_last() {
        let options = EncodeOptions {
            magnify: 1,
            max_duration: Some(Duration::from_millis(250)),
        };
        let timeline = timeline(&rendered(5, 100), &options).unwrap();
        let delays: Vec<_> = timeline.iter().map(|(_, d)| d.as_millis()).collect();
        assert_eq!(delays, vec![100, 100, 50]);
    }

    #[test]
    fn magnify_makes_squares() {
        let big = magnify(&rendered(1, 50).frames[0], 3);
        assert_eq!((big.width(), big.height()), (6, 3));
        assert_eq!(big.get(2, 2), big.get(0, 0));
        assert_eq!(big.get(3, 0), [0, 0, 0xff, 0xff]);
    }

    #[test]
    fn gif_frames_keep_their_exact_colours_and_delays() {
        let data = gif(&rendered(3, 120), &EncodeOptions::default()).unwrap();
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(&data[..]).unwrap();
        let mut count = 0;
        while let Some(frame) = decoder.read_next_frame().unwrap() {
            assert_eq!(frame.delay, 12);
            assert_eq!(&frame.buffer[..8], &[(count * 40) as u8, 0, 0, 0xff, 0, 0, 0xff, 0xff]);
            count += 1;
        }
        assert_eq!(count, 3);
    }

    #[test]
    fn webp_holds_every_frame_with_its_timestamp() {
        let data = webp(&rendered(3, 100), &EncodeOptions::default()).unwrap();
        let decoder = webp_animation::Decoder::new(&data).unwrap();
        let frames: Vec<_> = decoder.into_iter().collect();
        assert_eq!(frames.len(), 3);
        // The decoder stamps each frame with when it ends.
        let ends: Vec<_> = frames.iter().map(|f| f.timestamp()).collect();
        assert_eq!(ends, vec![100, 200, 300]);
        assert_eq!(&frames[1].data()[..4], &[40, 0, 0, 0xff]);
    }

    #[test]
    fn nothing_to_show_is_an_error() {
        assert!(matches!(
            webp(&rendered(0, 50), &EncodeOptions::default()),
            Err(EncodeError::Empty)
        ));
    }
}
