use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::{Delay, ImageFormat, Rgba, RgbaImage};

use super::*;

fn png(width: u32, height: u32, color: [u8; 4]) -> Vec<u8> {
    let mut bytes = Vec::new();
    RgbaImage::from_pixel(width, height, Rgba(color))
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// A GIF of `frames` frames, each one colour, lasting 100, 200, 300, ... ms.
fn gif(size: u32, frames: &[[u8; 4]]) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        let frames = frames.iter().enumerate().map(|(at, color)| {
            let delay = Delay::from_numer_denom_ms(100 * (at as u32 + 1), 1);
            image::Frame::from_parts(RgbaImage::from_pixel(size, size, Rgba(*color)), 0, 0, delay)
        });
        encoder.encode_frames(frames).unwrap();
    }
    bytes
}

/// A valid PNG whose header claims `width` x `height` (with a correct checksum) and no pixels.
fn png_header_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1, [0, 0, 0, 255]);
    // The IHDR chunk: length at 8, type at 12, width at 16, height at 20, CRC after 13 bytes of data.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

#[test]
fn png_gif_and_webp_decode_to_their_pixels() {
    let (icon, format) = decode::decode(&png(8, 8, [255, 0, 0, 255]), ICON).unwrap();
    assert_eq!(
        (icon.width(), icon.height(), icon.frame_count(), format),
        (8, 8, 1, ImageFormat::Png)
    );
    assert_eq!(icon.frame_at(Duration::from_secs(9)).rgba[..4], [255, 0, 0, 255]);

    let mut webp = Vec::new();
    RgbaImage::from_pixel(5, 3, Rgba([0, 0, 255, 255]))
        .write_to(&mut Cursor::new(&mut webp), ImageFormat::WebP)
        .unwrap();
    let (icon, format) = decode::decode(&webp, ICON).unwrap();
    assert_eq!((icon.width(), icon.height(), format), (5, 3, ImageFormat::WebP));
    assert_eq!(icon.frame_at(Duration::ZERO).rgba[..4], [0, 0, 255, 255]);
}

#[test]
fn an_animated_gif_plays_its_frames_for_their_own_delays_and_loops() {
    let (icon, format) =
        decode::decode(&gif(4, &[[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]]), ICON).unwrap();
    assert_eq!((icon.frame_count(), format), (3, ImageFormat::Gif));
    let red_at = |ms| icon.frame_at(Duration::from_millis(ms)).rgba[..3].to_vec();
    // 100 ms red, 200 ms green, 300 ms blue: a 600 ms loop.
    assert_eq!(red_at(0), [255, 0, 0]);
    assert_eq!(red_at(99), [255, 0, 0]);
    assert_eq!(red_at(100), [0, 255, 0]);
    assert_eq!(red_at(299), [0, 255, 0]);
    assert_eq!(red_at(300), [0, 0, 255]);
    assert_eq!(red_at(650), [255, 0, 0]);
}

#[test]
fn hostile_and_broken_images_are_refused_without_decoding_them() {
    assert_eq!(
        decode::decode(&png(33, 8, [0, 0, 0, 255]), ICON).err(),
        Some(DecodeError::TooBig {
            width: 33,
            height: 8,
            kind: "icon",
            max_side: 32
        })
    );
    assert_eq!(
        decode::decode(&png_header_claiming(20_000, 20_000), ICON).err(),
        Some(DecodeError::TooBig {
            width: 20_000,
            height: 20_000,
            kind: "icon",
            max_side: 32,
        })
    );
    let many: Vec<[u8; 4]> = (0..10_000).map(|at| [(at % 256) as u8, 0, 0, 255]).collect();
    assert_eq!(
        decode::decode(&gif(1, &many), ICON).err(),
        Some(DecodeError::TooManyFrames { max: 256 })
    );

    let whole = png(8, 8, [9, 9, 9, 255]);
    assert!(matches!(
        decode::decode(&whole[..whole.len() / 2], ICON),
        Err(DecodeError::Corrupt(_))
    ));
    assert_eq!(
        decode::decode(b"<html>not an image</html>", ICON).err(),
        Some(DecodeError::UnknownFormat)
    );
    assert_eq!(decode::decode(b"", ICON).err(), Some(DecodeError::UnknownFormat));
}

#[test]
fn an_icon_blends_over_the_canvas_by_its_alpha() {
    let half_red = Icon::new(
        2,
        1,
        vec![IconFrame {
            rgba: vec![255, 0, 0, 255, 255, 0, 0, 128],
            delay: Duration::ZERO,
        }],
    );
    let mut canvas = Canvas::new(4, 2);
    canvas.set(2, 1, [0, 0, 200]);
    half_red.draw(&mut canvas, 1, 1, Duration::ZERO);
    assert_eq!(canvas.get(1, 1), Some([255, 0, 0]));
    assert_eq!(canvas.get(2, 1), Some([128, 0, 99]));
    assert_eq!(canvas.get(0, 1), Some([0, 0, 0]));
    // Off the canvas is simply not drawn.
    half_red.draw(&mut canvas, 3, 1, Duration::ZERO);
    half_red.draw(&mut canvas, -5, -5, Duration::ZERO);
}

#[test]
fn the_built_in_icons_are_8x8_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let icons = Library::icons(dir.path()).unwrap();
    let listed = icons.list();
    assert!(listed.len() >= 12, "{listed:?}");
    assert!(
        listed
            .iter()
            .all(|info| info.builtin && (info.width, info.height) == (8, 8))
    );
    let heart = icons.get("heart").unwrap();
    assert!(
        heart
            .frame_at(Duration::ZERO)
            .rgba
            .chunks(4)
            .any(|pixel| pixel[..3] == [235, 30, 40])
    );
}

#[test]
fn uploads_are_stored_listed_reloaded_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("icons");
    let icons = Library::icons(&folder).unwrap();
    assert!(!folder.exists(), "the folder waits for the first upload");
    let info = icons
        .store("washer", &gif(16, &[[0, 255, 0, 255], [0, 0, 0, 0]]))
        .unwrap();
    assert_eq!((info.width, info.height, info.frames, info.builtin), (16, 16, 2, false));
    assert!(folder.join("washer").is_file());

    // Replacing it with a PNG leaves one file, holding the new one.
    icons.store("washer", &png(8, 8, [1, 2, 3, 255])).unwrap();
    assert_eq!(file_names(&folder), ["washer"]);
    assert_eq!(std::fs::read(folder.join("washer")).unwrap(), png(8, 8, [1, 2, 3, 255]));

    // An upload may hide a built-in icon; deleting it shows the built-in again.
    icons.store("sun", &png(4, 4, [9, 9, 9, 255])).unwrap();
    assert_eq!(icons.get("sun").unwrap().width(), 4);
    let reopened = Library::icons(&folder).unwrap();
    assert_eq!(reopened.get("washer").unwrap().width(), 8);
    assert_eq!(reopened.get("sun").unwrap().width(), 4);
    reopened.remove("sun").unwrap();
    assert_eq!(reopened.get("sun").unwrap().width(), 8);
    assert!(matches!(reopened.remove("sun"), Err(IconError::BuiltIn(..))));
    assert!(matches!(reopened.remove("nothing"), Err(IconError::Unknown(..))));
    assert_eq!(reopened.file("washer").unwrap().unwrap().1, "image/png");
    assert_eq!(reopened.file("moon").unwrap().unwrap().1, "image/png");
    assert!(reopened.file("nothing").unwrap().is_none());
}

#[test]
fn nothing_is_stored_when_an_upload_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let icons = Library::icons(dir.path()).unwrap();
    assert!(matches!(
        icons.store("big", &png(64, 64, [0, 0, 0, 255])),
        Err(IconError::Decode(..))
    ));
    assert!(matches!(
        icons.store("../evil", &png(8, 8, [0, 0, 0, 255])),
        Err(IconError::InvalidName(..))
    ));
    assert!(matches!(
        icons.store("", &png(8, 8, [0, 0, 0, 255])),
        Err(IconError::InvalidName(..))
    ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(icons.get("big").is_none());
}

#[test]
fn a_broken_file_in_the_folder_is_skipped_and_a_leftover_upload_removed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.png"), b"not a png").unwrap();
    std::fs::write(dir.path().join("half.tmp"), b"partial").unwrap();
    std::fs::write(dir.path().join(".good.x7Qz.tmp"), b"partial").unwrap();
    std::fs::write(dir.path().join("good.png"), png(8, 8, [1, 1, 1, 255])).unwrap();
    let icons = Library::icons(dir.path()).unwrap();
    assert!(icons.get("broken").is_none());
    assert!(icons.get("good").is_some());
    assert!(!dir.path().join("half.tmp").exists());
    assert!(!dir.path().join(".good.x7Qz.tmp").exists());
}

#[test]
fn of_two_files_for_one_name_the_newer_is_loaded_and_the_older_removed() {
    let dir = tempfile::tempdir().unwrap();
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    // Half the names have the GIF newer, half the PNG, so the folder's order cannot decide.
    for at in 0..8u32 {
        let (older, newer) = if at % 2 == 0 { ("gif", "png") } else { ("png", "gif") };
        let write = |extension: &str, side: u32| {
            let bytes = match extension {
                "gif" => gif(side, &[[1, 2, 3, 255]]),
                _ => png(side, side, [1, 2, 3, 255]),
            };
            let file = dir.path().join(format!("n{at}.{extension}"));
            std::fs::write(&file, bytes).unwrap();
            file
        };
        let old = write(older, 4);
        std::fs::File::options()
            .write(true)
            .open(old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        write(newer, 6);
    }
    let icons = Library::icons(dir.path()).unwrap();
    for at in 0..8u32 {
        let newer = if at % 2 == 0 { "png" } else { "gif" };
        assert_eq!(icons.get(&format!("n{at}")).unwrap().width(), 6, "n{at}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|file| file.starts_with(&format!("n{at}.")))
            .collect();
        assert_eq!(left, [format!("n{at}.{newer}")]);
    }
}

/// The names of the files in `folder`, sorted.
fn file_names(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn an_uploads_own_file_wins_over_another_of_its_name_whatever_their_times() {
    let dir = tempfile::tempdir().unwrap();
    // A clock set back (a Pi without a real-time clock, before it syncs) can make the
    // newest upload the oldest file; the time of no file may decide which one shows.
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let later = std::time::SystemTime::now() + Duration::from_secs(3600);
    let age = |file: &std::path::Path, at: std::time::SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(at)
            .unwrap();
    };
    for (at, extension) in ["png", "gif"].iter().enumerate() {
        let name = format!("n{at}");
        let other = dir.path().join(format!("{name}.{extension}"));
        let bytes = match *extension {
            "gif" => gif(4, &[[1, 2, 3, 255]]),
            _ => png(4, 4, [1, 2, 3, 255]),
        };
        std::fs::write(&other, bytes).unwrap();
        age(&other, later);
        let own = dir.path().join(&name);
        std::fs::write(&own, png(6, 6, [1, 2, 3, 255])).unwrap();
        age(&own, long_ago);
    }
    let icons = Library::icons(dir.path()).unwrap();
    for name in ["n0", "n1"] {
        assert_eq!(icons.get(name).unwrap().width(), 6, "{name}");
    }
    assert_eq!(file_names(dir.path()), ["n0", "n1"]);
}

#[test]
fn an_upload_replaces_a_file_of_its_name_put_there_before() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("washer.gif"), gif(4, &[[1, 2, 3, 255]])).unwrap();
    let icons = Library::icons(dir.path()).unwrap();
    assert_eq!(icons.file("washer").unwrap().unwrap().1, "image/gif");
    icons.store("washer", &png(6, 6, [1, 2, 3, 255])).unwrap();
    assert_eq!(file_names(dir.path()), ["washer"]);
    assert_eq!(icons.file("washer").unwrap().unwrap().1, "image/png");
    assert_eq!(Library::icons(dir.path()).unwrap().get("washer").unwrap().width(), 6);
}
