//! One line of text as `render.Text` draws it: split by grapheme cluster
//! into runs of plain text, drawn in a bitmap font, and emoji the sprite
//! sheet has, drawn from it with their bottom on the baseline.

use unicode_segmentation::UnicodeSegmentation;

use super::color::Color;
use super::emoji;
use super::fonts::Font;
use super::geometry::Rect;
use super::image::Image;

/// A piece of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run<'a> {
    /// Text without any emoji the sheet has.
    Text(&'a str),
    /// One emoji sequence the sheet has, exactly as written, and where it
    /// sits on the sheet.
    Emoji(&'a str, Rect),
}

/// A line split into runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextLine<'a> {
    runs: Vec<Run<'a>>,
}

impl<'a> TextLine<'a> {
    /// Splits `text`: each grapheme cluster the sprite sheet holds is an
    /// emoji; everything between is text (an emoji the sheet lacks stays
    /// text, drawn by the font).
    pub fn new(text: &'a str) -> Self {
        let mut runs = Vec::new();
        let mut plain_from = 0;
        for (at, cluster) in text.grapheme_indices(true) {
            if let Some(area) = emoji::find(cluster) {
                if plain_from < at {
                    runs.push(Run::Text(&text[plain_from..at]));
                }
                runs.push(Run::Emoji(cluster, area));
                plain_from = at + cluster.len();
            }
        }
        if plain_from < text.len() {
            runs.push(Run::Text(&text[plain_from..]));
        }
        Self { runs }
    }

    pub fn runs(&self) -> &[Run<'a>] {
        &self.runs
    }

    pub fn has_emoji(&self) -> bool {
        self.runs.iter().any(|run| matches!(run, Run::Emoji(..)))
    }

    /// How far the line reaches drawn in `font`.
    pub fn width(&self, font: &Font) -> i32 {
        self.runs.iter().map(|run| advance(font, run)).sum()
    }

    /// The font's height, or the tallest emoji's when the line holds emoji
    /// and that is taller.
    pub fn height(&self, font: &Font) -> i32 {
        if self.has_emoji() {
            font.height().max(emoji::max_height())
        } else {
            font.height()
        }
    }

    /// Draws the line from `x = 0` on `baseline`, stopping once the pen has
    /// passed `max_width`.
    pub fn draw(&self, font: &Font, image: &mut Image, baseline: i32, color: Color, max_width: i32) {
        let mut pen = 0;
        for run in &self.runs {
            pen += match *run {
                Run::Text(text) => font.draw(image, text, pen, baseline, color),
                Run::Emoji(_, area) => {
                    emoji::draw(image, area, pen, baseline - area.dy());
                    area.dx()
                }
            };
            if pen >= max_width {
                break;
            }
        }
    }
}

fn advance(font: &Font, run: &Run) -> i32 {
    match *run {
        Run::Text(text) => font.measure(text),
        Run::Emoji(_, area) => area.dx(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs as `E` (emoji) or `T` (text) and what they hold.
    fn runs(text: &str) -> Vec<(char, &str)> {
        TextLine::new(text)
            .runs
            .into_iter()
            .map(|run| match run {
                Run::Text(text) => ('T', text),
                Run::Emoji(sequence, _) => ('E', sequence),
            })
            .collect()
    }

    // Pixlet's `render/emoji/emoji_test.go`, case by case.
    #[test]
    fn text_splits_into_plain_runs_and_known_emoji() {
        assert_eq!(runs("Hello world"), [('T', "Hello world")]);
        assert_eq!(runs("1234567890"), [('T', "1234567890")]);
        assert_eq!(runs("😀"), [('E', "😀")]);
        assert_eq!(runs("Hello 😀 World"), [('T', "Hello "), ('E', "😀"), ('T', " World")]);
        assert_eq!(runs("😀😂😍"), [('E', "😀"), ('E', "😂"), ('E', "😍")]);
        assert_eq!(runs("🇺🇸"), [('E', "🇺🇸")]);
        assert_eq!(runs("↗"), [('T', "↗")]);
        assert_eq!(runs("↗\u{fe0f}"), [('E', "↗\u{fe0f}")]);
        assert_eq!(runs("Hi 🤷‍♀️ there"), [('T', "Hi 🤷‍♀️ there")]);
        assert_eq!(runs("🤷‍♀️😀a"), [('T', "🤷‍♀️"), ('E', "😀"), ('T', "a")]);
    }

    #[test]
    fn only_lines_with_emoji_say_so() {
        let expected = [
            ("Hello world", false),
            ("1234567890", false),
            ("😀", true),
            ("Hello 😀 World", true),
            ("😀😂😍", true),
            ("🇺🇸", true),
            ("↗", false),
            ("↗\u{fe0f}", true),
            ("Hi 🤷‍♀️ there", false),
            ("🤷‍♀️😀a", true),
        ];
        for (text, has_emoji) in expected {
            assert_eq!(TextLine::new(text).has_emoji(), has_emoji, "{text}");
        }
    }
}
