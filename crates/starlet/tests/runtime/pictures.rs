//! Hostile pictures given to `render.Image`: sizes that would take more
//! memory than a board has, endless animations, cut-off files. Each is an
//! error that names what was wrong, and the next app runs as usual.

use std::borrow::Cow;

use starlet::widgets::image::ImageWidget;

use crate::common::{TestApp, widget_with_files};

fn error_for(data: &[u8], expression: &str) -> String {
    match widget_with_files("load('pic.bin', PIC = 'file')\n", expression, &[("pic.bin", data)]) {
        Ok(_) => panic!("{expression} accepted a hostile picture"),
        Err(error) => error.to_string(),
    }
}

fn image_error(data: &[u8]) -> String {
    error_for(data, "render.Image(src = PIC.readall('rb'))")
}

/// A valid 1x1 PNG.
fn tiny_png() -> Vec<u8> {
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, 1, 1);
    encoder.set_color(png::ColorType::Rgba);
    encoder.write_header().unwrap().write_image_data(&[1, 2, 3, 4]).unwrap();
    data
}

/// A PNG whose header claims `width` x `height`, with a valid checksum, so
/// only the claimed size is wrong.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut data = tiny_png();
    // Signature (8), IHDR length and name (8), then width and height.
    data[16..20].copy_from_slice(&width.to_be_bytes());
    data[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&data[12..29]);
    data[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    data
}

/// A 1x1 GIF of `count` frames.
fn gif_of(count: usize) -> Vec<u8> {
    let mut data = Vec::new();
    let mut encoder = gif::Encoder::new(&mut data, 1, 1, &[0, 0, 0, 0xff, 0xff, 0xff]).unwrap();
    for _ in 0..count {
        let frame = gif::Frame {
            width: 1,
            height: 1,
            buffer: Cow::Borrowed(&[1]),
            ..gif::Frame::default()
        };
        encoder.write_frame(&frame).unwrap();
    }
    drop(encoder);
    data
}

#[test]
fn a_png_claiming_a_huge_size_is_refused_before_decoding() {
    let error = image_error(&png_claiming(100_000, 100_000));
    assert!(
        error.contains("100000x100000") && error.contains("at most 4096x4096"),
        "{error}"
    );
    // Within each side's bound, too many pixels altogether.
    let error = image_error(&png_claiming(4096, 4096));
    assert!(error.contains("at most 8388608"), "{error}");
}

#[test]
fn a_gif_of_thousands_of_frames_is_refused() {
    let error = image_error(&gif_of(3000));
    assert!(error.contains("more than 2000 frames"), "{error}");
    // As many frames as a render shows are fine.
    let fine = widget_with_files(
        "load('pic.bin', PIC = 'file')\n",
        "render.Image(src = PIC.readall('rb'))",
        &[("pic.bin", &gif_of(2000))],
    )
    .unwrap();
    assert_eq!(fine.frame_count(starlet::render::Rect::sized(64, 32)), 2000);
}

#[test]
fn a_gif_claiming_a_huge_screen_is_refused() {
    let mut data = gif_of(1);
    // Logical screen width and height, little-endian, after "GIF89a".
    data[6..10].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);
    let error = image_error(&data);
    assert!(error.contains("65535x65535"), "{error}");
}

/// One small file of each format.
fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode(&[9; 8 * 8 * 3], 8, 8, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut webp = Vec::new();
    image_webp::WebPEncoder::new(&mut webp)
        .encode(&[9; 4 * 4 * 4], 4, 4, image_webp::ColorType::Rgba8)
        .unwrap();
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="2" height="2"/></svg>"#;
    vec![
        ("png", tiny_png()),
        ("gif", gif_of(2)),
        ("jpeg", jpeg),
        ("webp", webp),
        ("svg", svg.to_vec()),
    ]
}

#[test]
fn pictures_cut_in_half_are_decoding_errors() {
    for (name, data) in samples() {
        let error = image_error(&data[..data.len() / 2]);
        assert!(error.contains("decoding"), "{name}: {error}");
    }
    for data in [&b"\x89PNG"[..], b"", b"GIF89a", b"RIFF\0\0\0\0WEBP"] {
        let error = image_error(data);
        assert!(error.contains("decoding image data"), "{data:?}: {error}");
    }
}

#[test]
fn a_picture_cut_anywhere_never_panics() {
    // Cut-off files either decode what is complete or are refused; a file
    // missing only its last bytes may still hold every pixel.
    for (name, data) in samples() {
        let step = (data.len() / 100).max(1);
        for cut in (0..data.len()).step_by(step) {
            let outcome = std::panic::catch_unwind(|| ImageWidget::new(&data[..cut], 0, 0, 1).map(|_| ()));
            assert!(outcome.is_ok(), "{name} cut at {cut} panicked");
        }
    }
}

#[test]
fn scaling_beyond_the_bounds_is_refused() {
    let png = tiny_png();
    let files = [("pic.bin", png.as_slice())];
    for (expression, says) in [
        ("render.Image(src = PIC.readall('rb'), width = 100000)", "100000x100000"),
        (
            "render.Image(src = PIC.readall('rb'), width = 4096, height = 4096)",
            "at most 8388608",
        ),
        ("render.Emoji('😀', height = 100000)", "4096x4096"),
    ] {
        let error = match widget_with_files("load('pic.bin', PIC = 'file')\n", expression, &files) {
            Ok(_) => panic!("{expression} was accepted"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(says), "{expression}: {error}");
    }
}

#[test]
fn an_svg_of_a_huge_size_is_refused() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100000 100000"/>"#;
    let error = image_error(svg);
    assert!(error.contains("100000x100000"), "{error}");
    let error = image_error(br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect"#);
    assert!(error.contains("decoding svg data failed"), "{error}");
}

#[test]
fn an_svg_of_exploding_entities_is_refused() {
    let mut svg = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaaaa\">\n");
    for level in 1..10 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        svg.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    svg.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><text>&j;</text></svg>\n");
    let error = image_error(svg.as_bytes());
    assert!(error.contains("decoding svg data failed"), "{error}");
}

#[test]
fn after_a_hostile_picture_the_next_app_draws() {
    let _ = image_error(&png_claiming(100_000, 100_000));
    let app = TestApp::with_files(
        "load('render.star', 'render')\nload('pic.png', PIC = 'file')\ndef main():\n    return render.Root(child = render.Image(src = PIC.readall('rb')))\n",
        &[("pic.png", &tiny_png())],
    );
    let rendered = app.render(&[]).unwrap();
    assert_eq!(rendered.frames.len(), 1);
}
