//! AWTRIX's drawing instructions (`draw`): pixels, lines, rectangles, circles,
//! text and bitmaps at fixed coordinates.
//!
//! Coordinates are AWTRIX's and are not scaled: an instruction for (5, 3) lights
//! the pixel at (5, 3) of this panel, whatever its size. Shapes are drawn with
//! embedded-graphics, so everything past the panel's edges is clipped. Each
//! entry is one object with one key, the instruction, whose value is the list
//! of its arguments.

use embedded_graphics::Drawable;
use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::{Point, Primitive, Size};
use embedded_graphics::primitives::{Circle, Line, PrimitiveStyle, Rectangle};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FieldError, Rgb, color};
use crate::gfx::Canvas;
use crate::gfx::fonts::Font;

/// Most instructions one body may carry.
pub const MAX_INSTRUCTIONS: usize = 256;
/// Coordinates and sizes stay within this many pixels of the origin, which is
/// more than any panel has; a wider shape would only cost time to clip.
pub const COORDINATE_LIMIT: i64 = 1024;
/// Longest text of a `dt` instruction, in characters.
pub const MAX_DRAW_TEXT: usize = 256;
/// Most pixels one `db` bitmap may have.
pub const MAX_BITMAP_PIXELS: usize = 64 * 64;

/// The instructions as AWTRIX names them, with the arguments each takes and how many.
pub const INSTRUCTIONS: &[(&str, &str, usize)] = &[
    ("dp", "[x, y, colour]", 3),
    ("dl", "[x0, y0, x1, y1, colour]", 5),
    ("dr", "[x, y, width, height, colour]", 5),
    ("df", "[x, y, width, height, colour]", 5),
    ("dc", "[x, y, radius, colour]", 4),
    ("dfc", "[x, y, radius, colour]", 4),
    ("dt", "[x, y, text, colour]", 4),
    ("db", "[x, y, width, height, [0xRRGGBB, ...]]", 5),
];

/// One drawing instruction, read and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Draw {
    Pixel {
        at: (i32, i32),
        color: Rgb,
    },
    Line {
        from: (i32, i32),
        to: (i32, i32),
        color: Rgb,
    },
    Rectangle {
        at: (i32, i32),
        size: (u32, u32),
        color: Rgb,
        filled: bool,
    },
    Circle {
        center: (i32, i32),
        radius: u32,
        color: Rgb,
        filled: bool,
    },
    Text {
        at: (i32, i32),
        text: String,
        color: Rgb,
    },
    Bitmap {
        at: (i32, i32),
        width: u32,
        pixels: Vec<Rgb>,
    },
}

/// Reads the `draw` list; a bad entry is refused naming `draw`, the entry and what it needs.
pub fn read(value: &Value) -> Result<Vec<Draw>, FieldError> {
    let entries = value
        .as_array()
        .filter(|entries| entries.len() <= MAX_INSTRUCTIONS)
        .ok_or_else(|| {
            FieldError::new(
                "draw",
                format_args!("must be a list of at most {MAX_INSTRUCTIONS} drawing instructions"),
            )
        })?;
    entries
        .iter()
        .enumerate()
        .map(|(at, entry)| {
            instruction(entry).map_err(|problem| FieldError::new("draw", format_args!("entry {at}: {problem}")))
        })
        .collect()
}

fn instruction(entry: &Value) -> Result<Draw, String> {
    let known = || {
        INSTRUCTIONS
            .iter()
            .map(|(name, ..)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (name, args) = match entry.as_object() {
        Some(object) if object.len() == 1 => object.iter().next().expect("one key"),
        _ => return Err(format!("must be an object with one instruction ({})", known())),
    };
    let Some((name, shape, expected)) = INSTRUCTIONS.iter().find(|(known, ..)| known == name) else {
        return Err(format!("unknown instruction '{name}'; known: {}", known()));
    };
    let args = Args {
        values: args.as_array().map(Vec::as_slice).unwrap_or_default(),
        name,
        shape,
    };
    if args.values.len() != *expected {
        return Err(args.needs());
    }
    Ok(match *name {
        "dp" => Draw::Pixel {
            at: (args.coordinate(0)?, args.coordinate(1)?),
            color: args.color(2)?,
        },
        "dl" => Draw::Line {
            from: (args.coordinate(0)?, args.coordinate(1)?),
            to: (args.coordinate(2)?, args.coordinate(3)?),
            color: args.color(4)?,
        },
        "dr" | "df" => Draw::Rectangle {
            at: (args.coordinate(0)?, args.coordinate(1)?),
            size: (args.size(2)?, args.size(3)?),
            color: args.color(4)?,
            filled: *name == "df",
        },
        "dc" | "dfc" => Draw::Circle {
            center: (args.coordinate(0)?, args.coordinate(1)?),
            radius: args.size(2)?,
            color: args.color(3)?,
            filled: *name == "dfc",
        },
        "dt" => Draw::Text {
            at: (args.coordinate(0)?, args.coordinate(1)?),
            text: args.text(2)?,
            color: args.color(3)?,
        },
        _ => {
            let (width, height) = (args.size(2)?, args.size(3)?);
            Draw::Bitmap {
                at: (args.coordinate(0)?, args.coordinate(1)?),
                width,
                pixels: args.bitmap(4, width as usize * height as usize)?,
            }
        }
    })
}

/// The arguments of one instruction, read by position.
struct Args<'a> {
    values: &'a [Value],
    name: &'a str,
    shape: &'a str,
}

impl Args<'_> {
    fn needs(&self) -> String {
        format!("'{}' takes {}", self.name, self.shape)
    }

    fn integer(&self, at: usize, range: std::ops::RangeInclusive<i64>) -> Result<i32, String> {
        self.values[at]
            .as_f64()
            .filter(|n| n.fract() == 0.0)
            .map(|n| n as i64)
            .filter(|n| range.contains(n))
            .map(|n| n as i32)
            .ok_or_else(|| {
                format!(
                    "{}: argument {at} must be a whole number from {} to {}",
                    self.needs(),
                    range.start(),
                    range.end()
                )
            })
    }

    fn coordinate(&self, at: usize) -> Result<i32, String> {
        self.integer(at, -COORDINATE_LIMIT..=COORDINATE_LIMIT)
    }

    fn size(&self, at: usize) -> Result<u32, String> {
        self.integer(at, 0..=COORDINATE_LIMIT).map(|n| n as u32)
    }

    fn color(&self, at: usize) -> Result<Rgb, String> {
        draw_color(&self.values[at]).ok_or_else(|| {
            format!(
                "{}: argument {at} must be a colour (\"#RRGGBB\", \"RRGGBB\", [r, g, b] or 0xRRGGBB as a number)",
                self.needs()
            )
        })
    }

    fn text(&self, at: usize) -> Result<String, String> {
        self.values[at]
            .as_str()
            .filter(|text| text.chars().count() <= MAX_DRAW_TEXT)
            .map(str::to_owned)
            .ok_or_else(|| {
                format!(
                    "{}: argument {at} must be a string of at most {MAX_DRAW_TEXT} characters",
                    self.needs()
                )
            })
    }

    fn bitmap(&self, at: usize, pixels: usize) -> Result<Vec<Rgb>, String> {
        let refusal = || {
            format!(
                "{}: argument {at} must list width x height ({pixels}) colours, at most {MAX_BITMAP_PIXELS}",
                self.needs()
            )
        };
        let colors = self.values[at].as_array().ok_or_else(refusal)?;
        if colors.len() != pixels || pixels > MAX_BITMAP_PIXELS {
            return Err(refusal());
        }
        colors
            .iter()
            .map(|value| draw_color(value).ok_or_else(refusal))
            .collect()
    }
}

/// A colour as drawing instructions take it: the usual forms, or a 24-bit number.
fn draw_color(value: &Value) -> Option<Rgb> {
    match value.as_u64() {
        Some(number) if number <= 0xFF_FFFF => {
            let [_, _, _, _, _, r, g, b] = number.to_be_bytes();
            Some([r, g, b])
        }
        Some(_) => None,
        None => color::parse(value),
    }
}

impl Draw {
    /// Paints the instruction on `canvas`; `font` writes `dt` text.
    pub fn draw(&self, canvas: &mut Canvas, font: Font) {
        let point = |(x, y): (i32, i32)| Point::new(x, y);
        let stroke = |color: &Rgb| PrimitiveStyle::with_stroke(rgb888(*color), 1);
        let fill = |color: &Rgb| PrimitiveStyle::with_fill(rgb888(*color));
        let Ok(()) = match self {
            Self::Pixel { at, color } => {
                canvas.set(at.0, at.1, *color);
                Ok(())
            }
            Self::Line { from, to, color } => Line::new(point(*from), point(*to))
                .into_styled(stroke(color))
                .draw(canvas),
            Self::Rectangle {
                at,
                size,
                color,
                filled,
            } => {
                let rectangle = Rectangle::new(point(*at), Size::new(size.0, size.1));
                let style = if *filled { fill(color) } else { stroke(color) };
                rectangle.into_styled(style).draw(canvas)
            }
            Self::Circle {
                center,
                radius,
                color,
                filled,
            } => {
                let circle = Circle::with_center(point(*center), radius * 2 + 1);
                let style = if *filled { fill(color) } else { stroke(color) };
                circle.into_styled(style).draw(canvas)
            }
            Self::Text { at, text, color } => {
                font.draw(text, point(*at), rgb888(*color), canvas);
                Ok(())
            }
            Self::Bitmap { at, width, pixels } => {
                for (index, color) in pixels.iter().enumerate() {
                    let (column, row) = (index as u32 % width, index as u32 / width);
                    canvas.set(at.0 + column as i32, at.1 + row as i32, *color);
                }
                Ok(())
            }
        };
    }
}

fn rgb888([r, g, b]: Rgb) -> Rgb888 {
    Rgb888::new(r, g, b)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::gfx::testing::lit_pixels;

    fn drawn(list: Value) -> Canvas {
        let mut canvas = Canvas::new(32, 8);
        for instruction in read(&list).unwrap() {
            instruction.draw(&mut canvas, Font::TomThumb);
        }
        canvas
    }

    fn lit(canvas: &Canvas) -> Vec<(i32, i32)> {
        lit_pixels(canvas).into_iter().map(|(x, y, _)| (x, y)).collect()
    }

    #[test]
    fn each_instruction_lands_where_it_says() {
        assert_eq!(lit(&drawn(json!([{"dp": [3, 2, "#FF0000"]}]))), [(3, 2)]);
        assert_eq!(
            lit(&drawn(json!([{"dl": [0, 0, 3, 0, [0, 255, 0]]}]))),
            [(0, 0), (1, 0), (2, 0), (3, 0)]
        );
        let outline = lit(&drawn(json!([{"dr": [1, 1, 3, 3, "FFFFFF"]}])));
        assert_eq!(outline.len(), 8, "a 3x3 outline has 8 pixels: {outline:?}");
        assert!(!outline.contains(&(2, 2)));
        assert_eq!(lit(&drawn(json!([{"df": [1, 1, 3, 3, "FFFFFF"]}]))).len(), 9);
        let ring = lit(&drawn(json!([{"dc": [10, 4, 2, "FFFFFF"]}])));
        assert!(ring.contains(&(12, 4)) && ring.contains(&(10, 2)) && !ring.contains(&(10, 4)));
        let disc = lit(&drawn(json!([{"dfc": [10, 4, 2, "FFFFFF"]}])));
        assert!(disc.contains(&(10, 4)) && disc.contains(&(8, 4)) && !disc.contains(&(12, 2)));
        let text = lit(&drawn(json!([{"dt": [20, 1, "I", "FFFFFF"]}])));
        assert!(!text.is_empty() && text.iter().all(|&(x, y)| (20..24).contains(&x) && y >= 1));
        let bitmap = drawn(json!([{"db": [4, 5, 2, 1, [0xFF0000, 0x0000FF]]}]));
        assert_eq!(
            (bitmap.get(4, 5), bitmap.get(5, 5)),
            (Some([255, 0, 0]), Some([0, 0, 255]))
        );
    }

    #[test]
    fn shapes_past_the_edges_are_clipped() {
        let canvas = drawn(json!([{"df": [-500, -500, 1024, 1024, "FFFFFF"]}]));
        assert_eq!(lit(&canvas).len(), 32 * 8);
    }

    #[test]
    fn bad_entries_are_refused_naming_the_entry_and_the_rule() {
        for (list, says) in [
            (json!([{"dp": [1, "#FF0000"]}]), "entry 0: 'dp' takes [x, y, colour]"),
            (
                json!([{"dp": [1, 1, "#FF0000"]}, {"dx": [1]}]),
                "entry 1: unknown instruction 'dx'",
            ),
            (
                json!([{"dp": [1.5, 1, "#FF0000"]}]),
                "argument 0 must be a whole number",
            ),
            (json!([{"dp": [1, 1, "red"]}]), "argument 2 must be a colour"),
            (
                json!([{"dr": [1, 1, -2, 2, "FFFFFF"]}]),
                "argument 2 must be a whole number from 0",
            ),
            (
                json!([{"db": [0, 0, 2, 2, [1, 2, 3]]}]),
                "must list width x height (4) colours",
            ),
            (
                json!([{"dp": [1, 1, "FFFFFF"], "dl": [0, 0, 1, 1, "FFFFFF"]}]),
                "one instruction",
            ),
            (json!({"dp": [1, 1, "FFFFFF"]}), "must be a list"),
        ] {
            let error = read(&list).unwrap_err();
            assert_eq!(error.key, "draw");
            assert!(error.message.starts_with("'draw' "), "{error}");
            assert!(error.message.contains(says), "{list}: {error}");
        }
    }
}
