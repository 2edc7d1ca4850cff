use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::{Delay, Rgba, RgbaImage};

use super::*;

fn base64_of(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A GIF of `width` x `height` frames, one per colour, each `delay_ms` long.
fn gif(width: u32, height: u32, colors: &[[u8; 4]], delay_ms: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        let frames = colors.iter().map(|color| {
            let delay = Delay::from_numer_denom_ms(delay_ms, 1);
            image::Frame::from_parts(RgbaImage::from_pixel(width, height, Rgba(*color)), 0, 0, delay)
        });
        encoder.encode_frames(frames).unwrap();
    }
    bytes
}

#[test]
fn a_pushed_gif_plays_its_frames_at_its_delay() {
    let picture = from_push(&base64_of(&gif(64, 32, &[[255, 0, 0, 255], [0, 0, 255, 255]], 200))).unwrap();
    assert_eq!((picture.width(), picture.height(), picture.frame_count()), (64, 32, 2));
    assert_eq!(picture.delay(), Duration::from_millis(200));
}

#[test]
fn anything_but_a_webp_or_gif_within_bounds_is_refused() {
    assert_eq!(from_push("%%%"), Err(PushError::NotBase64));
    let mut png = Vec::new();
    RgbaImage::new(4, 4)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(from_push(&base64_of(&png)), Err(PushError::NotWebpOrGif));
    let huge = gif(300, 10, &[[1, 2, 3, 255]], 100);
    assert_eq!(
        from_push(&base64_of(&huge)),
        Err(PushError::TooBig { width: 300, height: 10 })
    );
    assert!(matches!(
        from_push(&base64_of(b"GIF89a broken")),
        Err(PushError::Corrupt(_))
    ));
}

#[test]
fn frames_beyond_the_memory_bound_are_left_out() {
    let frame = Image::new(128, 64);
    let rendered = Rendered {
        frames: vec![frame; 2000],
        delay: Duration::from_millis(50),
        max_age: None,
        show_full_animation: false,
    };
    let picture = from_render(&rendered).unwrap();
    assert_eq!(picture.frame_count(), MAX_PICTURE_BYTES / (128 * 64 * 3));
    let empty = Rendered {
        frames: Vec::new(),
        ..rendered
    };
    assert_eq!(from_render(&empty), None, "nothing to show");
}
