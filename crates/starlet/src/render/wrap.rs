//! Cutting text into lines no wider than a width, the way Pixlet's
//! `WrappedText` does (through the `gg` library's word wrap), quirks kept:
//! apps' layouts were tuned against them.

use super::fonts::Font;

/// `text` cut into lines at most `width` pixels wide where its words allow:
/// a word wider than `width` gets a line of its own. With `word_break`,
/// such a word is then cut between characters as well.
///
/// As gg does: every `\n` starts a line, an empty line is dropped, spaces
/// stay with the word before them while measuring, and each line is trimmed.
pub fn wrap(font: &Font, text: &str, width: i32, word_break: bool) -> Vec<String> {
    let lines = word_wrap(font, text, width);
    if word_break {
        lines
            .into_iter()
            .flat_map(|line| break_word(font, line, width))
            .collect()
    } else {
        lines
    }
}

fn word_wrap(font: &Font, text: &str, width: i32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut fields = split_on_space(paragraph);
        if fields.len() % 2 == 1 {
            fields.push("");
        }
        let mut line = String::new();
        let mut line_width = 0;
        for pair in fields.chunks(2) {
            let (word, space) = (pair[0], pair[1]);
            let word_width = font.measure(word);
            if line_width + word_width > width {
                if line.is_empty() {
                    lines.push(word.to_owned());
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push_str(word);
            line.push_str(space);
            line_width += word_width + font.measure(space);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines.into_iter().map(|line| line.trim().to_owned()).collect()
}

/// Alternating runs of non-space and space characters; the first run may be
/// either.
fn split_on_space(text: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if space != in_space && i > 0 {
            fields.push(&text[start..i]);
            start = i;
        }
        in_space = space;
    }
    fields.push(&text[start..]);
    fields
}

/// A line wider than `width` cut between characters, each piece as wide as
/// fits (at least one character).
fn break_word(font: &Font, line: String, width: i32) -> Vec<String> {
    if font.measure(&line) <= width {
        return vec![line];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_width = 0;
    for c in line.chars() {
        let advance = font.advance(c).unwrap_or(0);
        if !piece.is_empty() && piece_width + advance > width {
            pieces.push(std::mem::take(&mut piece));
            piece_width = 0;
        }
        piece.push(c);
        piece_width += advance;
        // A single one-byte character wider than the line goes alone, as
        // Pixlet checks the piece's length in bytes.
        if piece.len() == 1 && piece_width > width {
            pieces.push(std::mem::take(&mut piece));
            piece_width = 0;
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::font;

    fn tb8() -> &'static Font {
        font("tb-8").unwrap()
    }

    #[test]
    fn words_fill_lines_up_to_the_width() {
        // tb-8: these letters 5 wide, space 3, '.' 2.
        assert_eq!(wrap(tb8(), "AB CD.", 25, false), ["AB CD."]);
        assert_eq!(wrap(tb8(), "AB CD.", 24, false), ["AB", "CD."]);
        assert_eq!(wrap(tb8(), "AB CD EF", 23, false), ["AB CD", "EF"]);
    }

    #[test]
    fn a_word_wider_than_the_line_stands_alone() {
        assert_eq!(wrap(tb8(), "A LONGWORD B", 12, false), ["A", "LONGWORD", "B"]);
        assert_eq!(wrap(tb8(), "LONGWORD", 0, false), ["LONGWORD"]);
    }

    #[test]
    fn newlines_break_and_empty_lines_vanish() {
        assert_eq!(wrap(tb8(), "A\nB", 100, false), ["A", "B"]);
        assert_eq!(wrap(tb8(), "A\n\nB", 100, false), ["A", "B"]);
        // A line of spaces is not empty: it stays, trimmed.
        assert_eq!(wrap(tb8(), "A\n  \nB", 100, false), ["A", "", "B"]);
        assert!(wrap(tb8(), "", 100, false).is_empty());
    }

    #[test]
    fn leading_spaces_count_as_a_word_while_measuring() {
        // Fields pair up as (word, space) from the start, so here the spaces
        // are the "word" and "A" their "space": "   A" (14) is one line, and
        // " B" would make it 17, where "A B" alone is 13.
        assert_eq!(wrap(tb8(), "   A B", 13, false), ["A", "B"]);
        assert_eq!(wrap(tb8(), "A B", 13, false), ["A B"]);
        assert_eq!(split_on_space("  a b"), ["  ", "a", " ", "b"]);
        assert_eq!(split_on_space("a  b "), ["a", "  ", "b", " "]);
    }

    #[test]
    fn word_break_cuts_long_words_between_characters() {
        assert_eq!(wrap(tb8(), "LONGLONGWORD", 10, false), ["LONGLONGWORD"]);
        // W is 6 wide: it goes alone.
        assert_eq!(
            wrap(tb8(), "LONGLONGWORD", 10, true),
            ["LO", "NG", "LO", "NG", "W", "OR", "D"]
        );
        assert_eq!(wrap(tb8(), "AB LONGER", 12, true), ["AB", "LO", "NG", "ER"]);
        // Narrower than one character: one character a line.
        assert_eq!(wrap(tb8(), "ABC", 3, true), ["A", "B", "C"]);
    }
}
