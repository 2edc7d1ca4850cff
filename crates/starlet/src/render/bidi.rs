//! Right-to-left text (Hebrew, Arabic) in the order it is drawn, as Pixlet
//! draws it: glyphs go left to right, so a right-to-left run is reversed
//! before drawing.
//!
//! The embedding levels come from `unicode-bidi` (UAX #9); what Pixlet does
//! with them is simpler than UAX #9's rule L2, and is kept here because apps
//! were drawn with it: the text is cut where the level's direction changes,
//! each right-to-left run is reversed with its brackets mirrored, and the
//! runs are put in reverse order when the first of them is right-to-left.

use std::borrow::Cow;

use unicode_bidi::{BidiClass, BidiDataSource, HardcodedBidiData, ParagraphBidiInfo, bidi_class};

/// Which way a paragraph reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    RightToLeft,
}

/// The direction of the first character with a strong direction; left to
/// right when there is none (`WrappedText` aligns by it).
pub fn base_direction(text: &str) -> Direction {
    text.chars()
        .find_map(|c| match bidi_class(c) {
            BidiClass::L | BidiClass::LRE | BidiClass::LRO => Some(Direction::LeftToRight),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO => Some(Direction::RightToLeft),
            _ => None,
        })
        .unwrap_or(Direction::LeftToRight)
}

/// `text` in the order its characters are drawn, left to right.
pub fn visual_order(text: &str) -> Cow<'_, str> {
    let may_run_right_to_left = text.chars().any(|c| {
        matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    });
    if !may_run_right_to_left {
        return Cow::Borrowed(text);
    }
    let info = ParagraphBidiInfo::new(text, None);
    let levels = info.reordered_levels_per_char(0..text.len());
    let chars: Vec<char> = text.chars().collect();

    // Runs of one direction, in logical order.
    let mut runs: Vec<(bool, &[char])> = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || levels[i].is_rtl() != levels[start].is_rtl() {
            runs.push((levels[start].is_rtl(), &chars[start..i]));
            start = i;
        }
    }
    if runs.first().is_some_and(|&(rtl, _)| rtl) {
        runs.reverse();
    }

    let mut out = String::with_capacity(text.len());
    for (rtl, run) in runs {
        if rtl {
            out.extend(run.iter().rev().map(|&c| mirrored_bracket(c)));
        } else {
            out.extend(run.iter());
        }
    }
    Cow::Owned(out)
}

/// The other half of a bracket pair (`(` for `)`); any other character as is.
fn mirrored_bracket(c: char) -> char {
    if HardcodedBidiData.bidi_matched_opening_bracket(c).is_some() {
        unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expectations are those of Pixlet's own tests of its bidi helper.

    #[test]
    fn base_direction_is_that_of_the_first_strong_character() {
        assert_eq!(base_direction("Hello, world"), Direction::LeftToRight);
        assert_eq!(base_direction("שלום"), Direction::RightToLeft);
        assert_eq!(base_direction("123 שלום"), Direction::RightToLeft);
        assert_eq!(base_direction("12345!?."), Direction::LeftToRight);
        assert_eq!(base_direction(""), Direction::LeftToRight);
    }

    #[test]
    fn left_to_right_text_is_left_alone() {
        assert_eq!(visual_order(""), "");
        assert_eq!(visual_order("Pixlet"), "Pixlet");
        assert!(matches!(visual_order("Pixlet (1.0)"), Cow::Borrowed(_)));
    }

    #[test]
    fn right_to_left_runs_are_reversed() {
        assert_eq!(visual_order("שלום"), "םולש");
        assert_eq!(visual_order("abc שלום def"), "abc םולש def");
        assert_eq!(visual_order("שלום abc"), "abc םולש");
    }

    #[test]
    fn brackets_in_a_reversed_run_are_mirrored() {
        assert_eq!(visual_order("שלום (עולם)"), "(םלוע) םולש");
    }

    #[test]
    fn arabic_reads_right_to_left() {
        assert_eq!(visual_order("مرحبا"), "ابحرم");
    }
}
