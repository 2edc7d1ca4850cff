//! The emoji `render.Emoji` and `render.Text` draw: the SerenityOS emoji
//! that Tronbyt's Pixlet packs into one sprite sheet, with an index of where
//! each emoji sequence sits (`fonts/emoji/`, with its licence and NOTICE).
//! Both are read the first time an emoji is asked for.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::canvas::blend;
use super::color::Color;
use super::geometry::Rect;
use super::image::Image;
use super::picture::{self, Picture, Pixels};

const SHEET: &[u8] = include_bytes!("../../fonts/emoji/sprites.png");
const INDEX: &str = include_str!("../../fonts/emoji/index.txt");

/// The variation selector that asks for emoji presentation.
const EMOJI_PRESENTATION: char = '\u{fe0f}';

/// The sheet's pixels, decoded the first time an emoji is drawn.
struct Sheet {
    width: i32,
    /// Straight RGBA, as the PNG holds it.
    pixels: Vec<[u8; 4]>,
}

fn sheet() -> &'static Sheet {
    static DECODED: OnceLock<Sheet> = OnceLock::new();
    DECODED.get_or_init(|| {
        let decoded = picture::decode(SHEET).expect("shipped emoji sheet is a valid PNG");
        let frame = &decoded.frames[0];
        let Pixels::Nrgba(pixels) = frame.pixels() else {
            panic!("shipped emoji sheet is 8-bit RGBA");
        };
        Sheet {
            width: frame.width(),
            pixels: pixels.clone(),
        }
    })
}

/// Where each emoji sits, read the first time text is split into emoji.
struct Index {
    areas: HashMap<String, Rect>,
    fallback: Rect,
    max_height: i32,
}

fn index() -> &'static Index {
    static PARSED: OnceLock<Index> = OnceLock::new();
    PARSED.get_or_init(|| {
        let (areas, fallback) = parse_index(INDEX);
        Index {
            max_height: areas.values().map(Rect::dy).max().unwrap_or(0),
            areas,
            fallback,
        }
    })
}

/// Reads the shipped index: `fallback x y w h`, then `x y w h` and the
/// sequence's code points in hex, one emoji a line.
fn parse_index(text: &str) -> (HashMap<String, Rect>, Rect) {
    let mut index = HashMap::new();
    let mut fallback = None;
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let fields: Vec<&str> = line.split(' ').collect();
        let number = |i: usize| fields[i].parse::<i32>().expect("emoji index holds numbers");
        let (first, code_points) = if fields[0] == "fallback" {
            (1, None)
        } else {
            (0, Some(fields[4]))
        };
        let (x, y) = (number(first), number(first + 1));
        let rect = Rect::new(x, y, x + number(first + 2), y + number(first + 3));
        match code_points {
            None => fallback = Some(rect),
            Some(code_points) => {
                let sequence = code_points
                    .split('-')
                    .map(|hex| {
                        u32::from_str_radix(hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .expect("emoji index holds code points")
                    })
                    .collect();
                index.insert(sequence, rect);
            }
        }
    }
    (index, fallback.expect("emoji index names a fallback"))
}

/// Where `sequence` sits on the sheet, if the sheet has it exactly.
pub fn find(sequence: &str) -> Option<Rect> {
    index().areas.get(sequence).copied()
}

/// The sheet's area for `sequence`: the sequence itself, or with the emoji
/// presentation selector added, or else the fallback sprite; and whether it
/// was found.
pub fn find_or_fallback(sequence: &str) -> (Rect, bool) {
    let found = find(sequence).or_else(|| find(&format!("{sequence}{EMOJI_PRESENTATION}")));
    (found.unwrap_or(index().fallback), found.is_some())
}

/// The tallest emoji, which a line of text holding emoji is at least as
/// tall as.
pub fn max_height() -> i32 {
    index().max_height
}

/// The sprite in `area` as its own picture, straight alpha as on the sheet.
pub fn sprite(area: Rect) -> Picture {
    let sheet = sheet();
    let pixels = (area.y0..area.y1)
        .flat_map(|y| (area.x0..area.x1).map(move |x| sheet.pixels[(y * sheet.width + x) as usize]))
        .collect();
    Picture::new(area.dx(), area.dy(), Pixels::Nrgba(pixels))
}

/// Draws the sprite in `area` with its top left corner at `(x, y)`,
/// blending over what is there.
pub fn draw(image: &mut Image, area: Rect, x: i32, y: i32) {
    let sheet = sheet();
    for sy in area.y0..area.y1 {
        for sx in area.x0..area.x1 {
            let [r, g, b, a] = sheet.pixels[(sy * sheet.width + sx) as usize];
            if a == 0 {
                continue;
            }
            if let Some(dst) = image.get_mut(x + sx - area.x0, y + sy - area.y0) {
                blend(dst, Color::rgba(r, g, b, a).premultiplied16(), 0xffff);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_covers_the_sheet_and_its_sizes() {
        let (index, sheet) = (index(), sheet());
        assert_eq!(index.areas.len(), 1753);
        assert_eq!(index.max_height, 11);
        assert_eq!(index.fallback, Rect::new(42, 291, 51, 301));
        let height = sheet.pixels.len() as i32 / sheet.width;
        assert_eq!((sheet.width, height), (640, 301));
        assert!(
            index
                .areas
                .values()
                .all(|r| r.x0 >= 0 && r.y0 >= 0 && r.x1 <= sheet.width && r.y1 <= height)
        );
    }

    #[test]
    fn sequences_are_found_whole_or_with_the_presentation_selector() {
        assert_eq!(find("😀"), Some(Rect::new(51, 211, 60, 221)));
        assert_eq!(find("↗"), None);
        assert_eq!(find_or_fallback("↗"), (find("↗\u{fe0f}").unwrap(), true));
        assert_eq!(find_or_fallback("not-a-real-emoji"), (index().fallback, false));
    }

    #[test]
    fn a_sprite_is_cut_from_the_sheet() {
        let area = find("😀").unwrap();
        let sprite = sprite(area);
        assert_eq!((sprite.width(), sprite.height()), (9, 10));
        let mut image = Image::new(9, 10);
        draw(&mut image, area, 0, 0);
        assert_eq!(image, sprite.to_image());
        assert!(image.pixels().iter().any(|p| p[3] == 0xff), "the face is drawn");
    }
}
