//! `render.Image` with what Pixlet's tests leave out: JPEG, GIF frames
//! that dispose of themselves, and WebP, still and animated.

use starlet::render::Rect;

use crate::assert_picture;
use crate::common::{TestApp, printed};
use crate::image::{image_with, paint, painted};

#[test]
fn a_jpeg_is_decoded_opaque() {
    let mut jpeg = Vec::new();
    let pixels: Vec<u8> = [40u8, 200, 90].repeat(16 * 8);
    ::image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 100)
        .encode(&pixels, 16, 8, ::image::ExtendedColorType::Rgb8)
        .unwrap();
    let widget = image_with("render.Image(src = PIC.readall('rb'))", &jpeg).unwrap();
    assert_eq!(widget.size(), Some((16, 8)));
    let picture = painted(&widget, 0, 0, 0);
    let [r, g, b, a] = picture.get(7, 3);
    // JPEG is lossy: the colour comes back within a step or two.
    assert_eq!(a, 0xff);
    assert!(
        r.abs_diff(40) <= 2 && g.abs_diff(200) <= 2 && b.abs_diff(90) <= 2,
        "{r} {g} {b}"
    );
}

mod gif_disposal {
    //! GIF frames that dispose of themselves, composited as Pixlet does.

    use std::borrow::Cow;

    use gif::{DisposalMethod, Encoder, Frame};

    use super::*;

    /// Palette: 0 transparent, 1 red, 2 green, 3 blue.
    const PALETTE: [u8; 12] = [0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff];

    /// A 2x1 GIF of `(left, indices, disposal)` frames.
    fn gif(frames: &[(u16, &[u8], DisposalMethod)]) -> Vec<u8> {
        let mut data = Vec::new();
        let mut encoder = Encoder::new(&mut data, 2, 1, &PALETTE).unwrap();
        for &(left, indices, dispose) in frames {
            encoder
                .write_frame(&Frame {
                    left,
                    width: indices.len() as u16,
                    height: 1,
                    buffer: Cow::Borrowed(indices),
                    transparent: Some(0),
                    delay: 7,
                    dispose,
                    ..Frame::default()
                })
                .unwrap();
        }
        drop(encoder);
        data
    }

    fn frames(data: &[u8]) -> Vec<String> {
        let widget = image_with("render.Image(src = PIC.readall('rb'))", data).unwrap();
        let count = widget.frame_count(Rect::sized(0, 0));
        (0..count).map(|i| paint(&widget, 0, 0, i).concat()).collect()
    }

    #[test]
    fn restoring_to_background_clears_the_frame_to_transparent() {
        let data = gif(&[
            (0, &[1, 1], DisposalMethod::Background),
            (1, &[2], DisposalMethod::Keep),
        ]);
        assert_eq!(frames(&data), ["rr", ".g"]);
    }

    #[test]
    fn restoring_to_previous_redraws_the_kept_frame_over_the_canvas() {
        // The kept frame's transparent pixel leaves the green of the frame
        // that was to be undone: Pixlet's approximation ("bg"), not the
        // GIF specification's ("b.").
        let data = gif(&[
            (0, &[1, 0], DisposalMethod::Keep),
            (1, &[2], DisposalMethod::Previous),
            (0, &[3], DisposalMethod::Previous),
        ]);
        assert_eq!(frames(&data), ["r.", "rg", "bg"]);
    }

    #[test]
    fn the_first_frames_delay_is_the_pictures() {
        let data = gif(&[(0, &[1, 1], DisposalMethod::Keep)]);
        let app = TestApp::with_files(
            "load('render.star', 'render')\nload('a.gif', A = 'file')\ndef main():\n    print(render.Image(A.readall('rb')).delay)\n    return []\n",
            &[("a.gif", &data)],
        );
        assert_eq!(printed(&app).unwrap(), ["70"]);
    }
}

mod webp {
    //! WebP, still and animated: animated files are built here from
    //! lossless frames, wrapped in the container's animation chunks.

    use image_webp::{ColorType, WebPEncoder};

    use super::*;

    /// A lossless still WebP of RGBA pixels.
    fn still(width: u32, height: u32, pixels: &[[u8; 4]]) -> Vec<u8> {
        let mut data = Vec::new();
        WebPEncoder::new(&mut data)
            .encode(pixels.as_flattened(), width, height, ColorType::Rgba8)
            .unwrap();
        data
    }

    fn chunk(name: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut chunk = name.to_vec();
        chunk.extend((payload.len() as u32).to_le_bytes());
        chunk.extend(payload);
        if payload.len() % 2 == 1 {
            chunk.push(0);
        }
        chunk
    }

    fn u24(value: u32) -> [u8; 3] {
        let [a, b, c, _] = value.to_le_bytes();
        [a, b, c]
    }

    /// An animated WebP on a `width` x `height` canvas: frames of
    /// `(x, y, width, height, pixels, duration, blend, dispose)`.
    #[allow(clippy::type_complexity)]
    fn animated(width: u32, height: u32, frames: &[(u32, u32, u32, u32, &[[u8; 4]], u32, bool, bool)]) -> Vec<u8> {
        let mut header = vec![0x12, 0, 0, 0];
        header.extend(u24(width - 1));
        header.extend(u24(height - 1));
        let mut body = chunk(b"VP8X", &header);
        body.extend(chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]));
        for &(x, y, w, h, pixels, duration, blend, dispose) in frames {
            let mut frame = Vec::new();
            frame.extend(u24(x / 2));
            frame.extend(u24(y / 2));
            frame.extend(u24(w - 1));
            frame.extend(u24(h - 1));
            frame.extend(u24(duration));
            frame.push(if blend { 0 } else { 2 } | u8::from(dispose));
            // The still file's VP8L chunk, after "RIFF", size and "WEBP".
            frame.extend(&still(w, h, pixels)[12..]);
            body.extend(chunk(b"ANMF", &frame));
        }
        let mut file = b"RIFF".to_vec();
        file.extend((body.len() as u32 + 4).to_le_bytes());
        file.extend(b"WEBP");
        file.extend(body);
        file
    }

    const RED: [u8; 4] = [0xff, 0, 0, 0xff];
    const BLUE: [u8; 4] = [0, 0, 0xff, 0xff];
    const CLEAR: [u8; 4] = [0, 0, 0, 0];

    #[test]
    fn a_still_webp_is_one_frame_without_delay() {
        let data = still(2, 1, &[RED, CLEAR]);
        let widget = image_with("render.Image(src = PIC.readall('rb'))", &data).unwrap();
        assert_eq!(widget.frame_count(Rect::sized(0, 0)), 1);
        assert_picture!(paint(&widget, 0, 0, 0), ["r."]);
    }

    #[test]
    fn an_animated_webp_composites_its_frames() {
        let data = animated(
            2,
            2,
            &[
                (0, 0, 2, 2, &[RED, RED, RED, CLEAR], 120, false, true),
                // Drawn after the first frame is disposed of (cleared).
                (0, 0, 1, 1, &[BLUE], 40, false, false),
                // Blended over what is there: the clear pixel keeps it.
                (0, 0, 2, 1, &[CLEAR, RED], 40, true, false),
            ],
        );
        let widget = image_with("render.Image(src = PIC.readall('rb'))", &data).unwrap();
        assert_eq!(widget.frame_count(Rect::sized(0, 0)), 3);
        assert_picture!(paint(&widget, 0, 0, 0), ["rr", "r."]);
        assert_picture!(paint(&widget, 0, 0, 1), ["b.", ".."]);
        let last = painted(&widget, 0, 0, 2);
        assert_eq!(last.get(0, 0), BLUE);
        // Blending an opaque pixel loses a step in image-webp (libwebp
        // copies it: 255).
        assert_eq!(last.get(1, 0), [254, 0, 0, 0xff]);
        assert_eq!(last.get(0, 1), CLEAR);
        let app = TestApp::with_files(
            "load('render.star', 'render')\nload('a.webp', A = 'file')\ndef main():\n    print(render.Image(A.readall('rb')).delay)\n    return []\n",
            &[("a.webp", &data)],
        );
        assert_eq!(printed(&app).unwrap(), ["120"]);
    }
}
