//! Colours as apps write them (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`) and as
//! the canvas stores them.

use std::fmt;

/// A colour with straight (not premultiplied) alpha, as apps give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

/// A colour string that is not one of the four hex forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("color {0:?} is not #rgb, #rgba, #rrggbb or #rrggbbaa")]
pub struct BadColor(pub String);

impl Color {
    pub const WHITE: Color = Color::rgb(0xff, 0xff, 0xff);
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    pub const TRANSPARENT: Color = Color { r: 0, g: 0, b: 0, a: 0 };

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 0xff }
    }

    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// Reads a hex colour; the leading `#` may be left out, as Pixlet allows.
    pub fn parse(text: &str) -> Result<Self, BadColor> {
        let bad = || BadColor(text.to_owned());
        let hex = text.strip_prefix('#').unwrap_or(text);
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).map_err(|_| bad());
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        match hex.len() {
            3 | 4 => {
                let short = |i| digit(i).map(|d| d * 0x11);
                let a = if hex.len() == 4 { short(3)? } else { 0xff };
                Ok(Self::rgba(short(0)?, short(1)?, short(2)?, a))
            }
            6 | 8 => {
                let a = if hex.len() == 8 { pair(6)? } else { 0xff };
                Ok(Self::rgba(pair(0)?, pair(2)?, pair(4)?, a))
            }
            _ => Err(bad()),
        }
    }

    /// The colour with its channels scaled by alpha, as the canvas keeps pixels
    /// (rounded as Go's colour models round, so pictures match Pixlet's).
    pub fn premultiplied(self) -> [u8; 4] {
        let [r, g, b, a] = self.premultiplied16();
        [(r >> 8) as u8, (g >> 8) as u8, (b >> 8) as u8, (a >> 8) as u8]
    }

    /// The premultiplied colour in 16 bits a channel, what compositing works in.
    pub fn premultiplied16(self) -> [u32; 4] {
        let a = self.a as u32;
        let scale = |c: u8| (c as u32 * 0x101) * a / 0xff;
        [scale(self.r), scale(self.g), scale(self.b), a * 0x101]
    }

    /// The straight colour of a premultiplied pixel.
    pub fn from_premultiplied([r, g, b, a]: [u8; 4]) -> Self {
        if a == 0 {
            return Color::TRANSPARENT;
        }
        let unscale = |c: u8| ((c as u32 * 255 + a as u32 / 2) / a as u32).min(255) as u8;
        Color::rgba(unscale(r), unscale(g), unscale(b), a)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)?;
        if self.a != 0xff {
            write!(f, "{:02x}", self.a)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_four_hex_forms() {
        assert_eq!(Color::parse("#f00"), Ok(Color::rgb(0xff, 0, 0)));
        assert_eq!(Color::parse("#f008"), Ok(Color::rgba(0xff, 0, 0, 0x88)));
        assert_eq!(Color::parse("#12abEF"), Ok(Color::rgb(0x12, 0xab, 0xef)));
        assert_eq!(Color::parse("#12abef80"), Ok(Color::rgba(0x12, 0xab, 0xef, 0x80)));
        assert_eq!(Color::parse("0f0"), Ok(Color::rgb(0, 0xff, 0)));
    }

    #[test]
    fn refuses_other_text() {
        for text in ["", "#", "#12", "#12345", "#ggg", "red", "#ééé", "#+fffff"] {
            assert!(Color::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn premultiplies_and_back() {
        let c = Color::rgba(200, 100, 0, 128);
        assert_eq!(c.premultiplied(), [100, 50, 0, 128]);
        assert_eq!(Color::rgba(255, 255, 255, 128).premultiplied(), [128, 128, 128, 128]);
        assert_eq!(
            Color::from_premultiplied(c.premultiplied()),
            Color::rgba(199, 100, 0, 128)
        );
        assert_eq!(Color::from_premultiplied([0, 0, 0, 0]), Color::TRANSPARENT);
    }
}
