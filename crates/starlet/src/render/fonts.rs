//! Pixlet's bitmap fonts, by Pixlet's names, and drawing text with them.
//!
//! The BDF files ship gzipped in `fonts/` (their sources and licences are in
//! `fonts/NOTICE.md`); each is parsed by `bdf-parser` the first time it is asked
//! for and kept for the life of the process.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use super::color::Color;
use super::geometry::Rect;
use super::image::Image;

/// The font `render.Text` uses when an app names none.
pub const DEFAULT_FONT: &str = "tb-8";
/// The default font on a 2x (128x64) canvas.
pub const DEFAULT_FONT_2X: &str = "terminus-16";

macro_rules! fonts {
    ($($name:literal),* $(,)?) => {
        const FONT_FILES: &[(&str, &[u8])] = &[
            $(($name, include_bytes!(concat!("../../fonts/", $name, ".bdf.gz")))),*
        ];
    };
}

fonts!(
    "10x20",
    "5x8",
    "6x10-rounded",
    "6x10",
    "6x13",
    "CG-pixel-3x5-mono",
    "CG-pixel-4x5-mono",
    "Dina_r400-6",
    "tb-8",
    "terminus-12",
    "terminus-14-light",
    "terminus-14",
    "terminus-16-light",
    "terminus-16",
    "terminus-18-light",
    "terminus-18",
    "terminus-20-light",
    "terminus-20",
    "terminus-22-light",
    "terminus-22",
    "terminus-24-light",
    "terminus-24",
    "terminus-28-light",
    "terminus-28",
    "terminus-32-light",
    "terminus-32",
    "tom-thumb",
);

/// The names apps may pass as `font`, in the order `render.fonts` lists
/// them: Pixlet's, its font files' names sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    FONT_FILES.iter().map(|(name, _)| *name)
}

/// An unknown font name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown font {0:?}")]
pub struct UnknownFont(pub String);

/// The font of that name, parsed on first use.
pub fn font(name: &str) -> Result<&'static Font, UnknownFont> {
    static PARSED: OnceLock<Vec<OnceLock<Font>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| FONT_FILES.iter().map(|_| OnceLock::new()).collect());
    let index = FONT_FILES
        .iter()
        .position(|(known, _)| *known == name)
        .ok_or_else(|| UnknownFont(name.to_owned()))?;
    Ok(parsed[index].get_or_init(|| Font::parse(FONT_FILES[index].1)))
}

/// One glyph: its bitmap and where it sits against the pen.
#[derive(Debug)]
struct Glyph {
    advance: i32,
    width: i32,
    height: i32,
    /// Left edge of the bitmap right of the pen.
    left: i32,
    /// Bottom edge of the bitmap above the baseline.
    bottom: i32,
    /// Row by row, a bool a pixel.
    bits: Vec<bool>,
}

/// A parsed bitmap font.
#[derive(Debug)]
pub struct Font {
    ascent: i32,
    descent: i32,
    glyphs: HashMap<char, Glyph>,
    /// What a character the font lacks is drawn as: the font's `DEFAULT_CHAR`,
    /// or U+0000 where it names none, as Pixlet's BDF reader does. When the
    /// font has no glyph for that either, the character is skipped.
    fallback: char,
}

impl Font {
    /// Parses a shipped font; the files are ours, so a failure is a build bug.
    fn parse(gzipped: &[u8]) -> Self {
        let mut bdf = Vec::new();
        flate2::read::GzDecoder::new(gzipped)
            .read_to_end(&mut bdf)
            .expect("shipped font is valid gzip");
        let font = bdf_parser::BdfFont::parse(&bdf).expect("shipped font is valid BDF");
        let property = |name: &str| font.properties.try_get_by_name::<i32>(name).ok();
        let glyphs = font
            .glyphs
            .iter()
            .filter_map(|glyph| {
                let c = glyph.encoding?;
                let size = glyph.bounding_box.size;
                let bits = (0..size.y as usize)
                    .flat_map(|y| (0..size.x as usize).map(move |x| (x, y)))
                    .map(|(x, y)| glyph.pixel(x, y))
                    .collect();
                Some((
                    c,
                    Glyph {
                        advance: glyph.device_width.x,
                        width: size.x,
                        height: size.y,
                        left: glyph.bounding_box.offset.x,
                        bottom: glyph.bounding_box.offset.y,
                        bits,
                    },
                ))
            })
            .collect();
        Self {
            ascent: property("FONT_ASCENT").unwrap_or(0),
            descent: property("FONT_DESCENT").unwrap_or(0),
            glyphs,
            fallback: property("DEFAULT_CHAR")
                .and_then(|code| char::from_u32(code as u32))
                .unwrap_or('\0'),
        }
    }

    /// Pixels from the baseline up to the top of the tallest glyph.
    pub fn ascent(&self) -> i32 {
        self.ascent
    }

    /// Pixels from the baseline down to the bottom of the lowest glyph.
    pub fn descent(&self) -> i32 {
        self.descent
    }

    /// The line height: ascent plus descent.
    pub fn height(&self) -> i32 {
        self.ascent + self.descent
    }

    fn glyph(&self, c: char) -> Option<&Glyph> {
        self.glyphs.get(&c).or_else(|| self.glyphs.get(&self.fallback))
    }

    /// How far the pen moves drawing `text`.
    pub fn measure(&self, text: &str) -> i32 {
        text.chars().filter_map(|c| self.glyph(c)).map(|g| g.advance).sum()
    }

    /// How far the pen moves drawing `c`; `None` when the font skips it.
    pub fn advance(&self, c: char) -> Option<i32> {
        self.glyph(c).map(|g| g.advance)
    }

    /// The smallest rectangle holding every pixel `draw` may set for `text`,
    /// relative to the pen's start on the baseline (y grows downwards).
    pub fn ink_bounds(&self, text: &str) -> Rect {
        let mut pen = 0;
        let mut bounds = Rect::default();
        for glyph in text.chars().filter_map(|c| self.glyph(c)) {
            let top = -glyph.bottom - glyph.height;
            let left = pen + glyph.left;
            bounds = bounds.union(&Rect::new(left, top, left + glyph.width, top + glyph.height));
            pen += glyph.advance;
        }
        bounds
    }

    /// Draws `text` with its baseline at `baseline` and the pen starting at
    /// `x`, blending each set pixel over what is there; returns the advance.
    pub fn draw(&self, image: &mut Image, text: &str, x: i32, baseline: i32, color: Color) -> i32 {
        let pixel = color.premultiplied16();
        let mut pen = x;
        for glyph in text.chars().filter_map(|c| self.glyph(c)) {
            let top = baseline - glyph.bottom - glyph.height;
            for row in 0..glyph.height {
                for col in 0..glyph.width {
                    if glyph.bits[(row * glyph.width + col) as usize]
                        && let Some(dst) = image.get_mut(pen + glyph.left + col, top + row)
                    {
                        super::canvas::blend(dst, pixel, 0xffff);
                    }
                }
            }
            pen += glyph.advance;
        }
        pen - x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_font_parses_with_its_metrics() {
        for name in names() {
            let font = font(name).unwrap();
            assert!(font.height() > 0, "{name} has no height");
            assert!(font.measure("Hello") > 0, "{name} draws nothing for ASCII");
        }
    }

    #[test]
    fn tb8_is_eight_pixels_high_and_five_wide() {
        let font = font("tb-8").unwrap();
        assert_eq!((font.ascent(), font.descent()), (7, 1));
        assert_eq!(font.measure("ab"), 10);
    }

    #[test]
    fn a_missing_character_falls_back_as_pixlet_does() {
        // tb-8 names DEFAULT_CHAR 0 and has that glyph: drawn in its place.
        let tb8 = font("tb-8").unwrap();
        assert_eq!(tb8.advance('\u{4e00}'), tb8.advance('\0'));
        assert!(tb8.advance('\0').is_some());
        // tom-thumb names none and has no U+0000: the character is skipped.
        let thumb = font("tom-thumb").unwrap();
        assert_eq!(thumb.advance('\u{4e00}'), None);
        assert_eq!(thumb.measure("a\u{4e00}b"), thumb.measure("ab"));
    }

    #[test]
    fn ink_bounds_cover_what_is_drawn() {
        let tb8 = font("tb-8").unwrap();
        let bounds = tb8.ink_bounds("Aj");
        let mut image = Image::new(20, 20);
        tb8.draw(&mut image, "Aj", 5, 10, Color::WHITE);
        let lit: Vec<(i32, i32)> = (0..20)
            .flat_map(|y| (0..20).map(move |x| (x, y)))
            .filter(|&(x, y)| image.get(x, y)[3] != 0)
            .collect();
        assert!(!lit.is_empty());
        assert!(lit.iter().all(|&(x, y)| bounds.contains(x - 5, y - 10)), "{bounds:?}");
        assert!(
            lit.iter().any(|&(_, y)| y - 10 == bounds.y1 - 1),
            "the descender of j reaches the bottom"
        );
    }

    #[test]
    fn unknown_names_are_refused() {
        assert_eq!(font("comic-sans").unwrap_err(), UnknownFont("comic-sans".into()));
    }
}
