//! The icons every board has, drawn for RetroBoard on an 8 x 8 grid.
//!
//! Each is a picture in text, one string a row, one character a pixel, so
//! they read (and review) as what they show. `.` is transparent; the other
//! characters name a colour of [`PALETTE`].

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::{Icon, IconFrame};

const PALETTE: &[(char, [u8; 3])] = &[
    ('W', [255, 255, 255]),
    ('K', [110, 110, 120]),
    ('Y', [255, 210, 0]),
    ('O', [255, 130, 0]),
    ('R', [235, 30, 40]),
    ('P', [255, 90, 160]),
    ('G', [40, 200, 70]),
    ('C', [60, 200, 255]),
    ('B', [40, 90, 255]),
];

const ICONS: &[(&str, [&str; 8])] = &[
    (
        "sun",
        [
            "...Y....", ".Y.Y..Y.", "..YYYY..", "YYYYYYY.", "..YYYY..", ".YYYYY..", "Y..Y..Y.", "...Y....",
        ],
    ),
    (
        "moon",
        [
            "..YYY...", ".YY.....", "YY......", "YY......", "YY......", "YY....Y.", ".YYYYYY.", "..YYYY..",
        ],
    ),
    (
        "cloud",
        [
            "........", "...WW...", "..WWWW..", ".WWWWWW.", "WWWWWWWW", "WWWWWWWW", ".WWWWWW.", "........",
        ],
    ),
    (
        "rain",
        [
            "...KK...", "..KKKK..", ".KKKKKK.", "KKKKKKKK", ".KKKKKK.", "..C..C..", ".C..C...", "C..C..C.",
        ],
    ),
    (
        "snow",
        [
            "W..W..W.", ".W.W.W..", "..WWW...", "WWWWWWW.", "..WWW...", ".W.W.W..", "W..W..W.", "........",
        ],
    ),
    (
        "bolt",
        [
            "....YY..", "...YY...", "..YY....", ".YYYYY..", "...YY...", "..YY....", ".YY.....", "YY......",
        ],
    ),
    (
        "heart",
        [
            "........", ".RR..RR.", "RRRRRRRR", "RRRRRRRR", ".RRRRRR.", "..RRRR..", "...RR...", "........",
        ],
    ),
    (
        "check",
        [
            "........", ".......G", "......GG", ".....GG.", "G...GG..", "GG.GG...", ".GGG....", "..G.....",
        ],
    ),
    (
        "cross",
        [
            "R......R", ".R....R.", "..R..R..", "...RR...", "...RR...", "..R..R..", ".R....R.", "R......R",
        ],
    ),
    (
        "bell",
        [
            "...YY...", "..YYYY..", ".YYYYYY.", ".YYYYYY.", ".YYYYYY.", "YYYYYYYY", "........", "...YY...",
        ],
    ),
    (
        "mail",
        [
            "........", "WWWWWWWW", "WW....WW", "W.W..W.W", "W..WW..W", "W......W", "WWWWWWWW", "........",
        ],
    ),
    (
        "home",
        [
            "...OO...", "..OOOO..", ".OOOOOO.", "OOOOOOOO", ".W....W.", ".W.OO.W.", ".W.OO.W.", ".WWOOWW.",
        ],
    ),
    (
        "drop",
        [
            "...C....", "...C....", "..CCC...", "..CCC...", ".CCWCC..", ".CWCCC..", ".CCCCC..", "..CCC...",
        ],
    ),
    (
        "thermometer",
        [
            "...WW...", "...W.W..", "...WRW..", "...WRW..", "...WRW..", "..WRRRW.", "..WRRRW.", "...WWW..",
        ],
    ),
    (
        "wifi",
        [
            "........", ".BBBBBB.", "B......B", "..BBBB..", ".B....B.", "...BB...", "........", "...BB...",
        ],
    ),
    (
        "music",
        [
            "...PPPPP", "...P...P", "...P...P", "...P...P", ".PPP.PPP", "PPPPPPPP", "PPP..PPP", "........",
        ],
    ),
    (
        "warning",
        [
            "...OO...", "...OO...", "..O..O..", "..OOOO..", ".OO..OO.", ".OOOOOO.", "OOO..OOO", "OOOOOOOO",
        ],
    ),
];

/// The built-in icons by name.
pub fn icons() -> BTreeMap<&'static str, Arc<Icon>> {
    ICONS
        .iter()
        .map(|(name, rows)| (*name, Arc::new(picture(rows))))
        .collect()
}

fn picture(rows: &[&str; 8]) -> Icon {
    let mut rgba = Vec::with_capacity(8 * 8 * 4);
    for row in rows {
        assert_eq!(row.len(), 8, "a built-in icon row is 8 pixels: {row}");
        for pixel in row.chars() {
            if pixel == '.' {
                rgba.extend([0, 0, 0, 0]);
                continue;
            }
            let (_, [red, green, blue]) = PALETTE
                .iter()
                .find(|(name, _)| *name == pixel)
                .unwrap_or_else(|| panic!("'{pixel}' is no colour of the palette"));
            rgba.extend([*red, *green, *blue, 255]);
        }
    }
    Icon::new(
        8,
        8,
        vec![IconFrame {
            rgba,
            delay: Duration::ZERO,
        }],
    )
}
