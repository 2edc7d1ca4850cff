//! `strings.star` (Tronbyt): padding and truncating text to a length in
//! characters, for fixed-width layouts on the panel.

use starlark::environment::GlobalsBuilder;
use starlark::starlark_module;

/// The longest text `pad` builds, as in Pixlet.
const MAX_PADDED: usize = 512;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("strings", strings_members);
}

/// `text` made at least `length` characters long with repeats of `fill`
/// (a space when empty), after the text or, when `at_start`, before it.
pub fn pad_text(text: &str, length: i64, fill: &str, at_start: bool) -> String {
    let have = text.chars().count();
    let Ok(wanted) = usize::try_from(length) else {
        return text.to_owned();
    };
    if have >= wanted {
        return text.to_owned();
    }
    let fill = if fill.is_empty() { " " } else { fill };
    let padding: String = fill
        .chars()
        .cycle()
        .take(wanted.min(MAX_PADDED).saturating_sub(have))
        .collect();
    if at_start {
        padding + text
    } else {
        format!("{text}{padding}")
    }
}

/// `text` cut to at most `length` characters, ending in `ellipsis` (`…`
/// when empty) when it was cut.
pub fn truncate_text(text: &str, length: i64, ellipsis: &str) -> String {
    let wanted = usize::try_from(length).unwrap_or(0);
    if text.chars().count() <= wanted {
        return text.to_owned();
    }
    let ellipsis = if ellipsis.is_empty() { "…" } else { ellipsis };
    let marks = ellipsis.chars().count();
    if marks >= wanted {
        return ellipsis.chars().take(wanted).collect();
    }
    text.chars().take(wanted - marks).chain(ellipsis.chars()).collect()
}

#[starlark_module]
fn strings_members(builder: &mut GlobalsBuilder) {
    /// `text` padded to `length` characters; `align = "end"` pads before it.
    fn pad(
        text: &str,
        length: i64,
        #[starlark(default = "")] align: &str,
        #[starlark(default = "")] char: &str,
    ) -> anyhow::Result<String> {
        let at_start = match align.to_ascii_lowercase().as_str() {
            "" | "start" => false,
            "end" => true,
            _ => anyhow::bail!("parsing align: {align} does not belong to PadAlign values"),
        };
        Ok(pad_text(text, length, char, at_start))
    }

    /// `text` cut to `length` characters, ending in `ellipsis` when cut.
    fn truncate(text: &str, length: i64, #[starlark(default = "")] ellipsis: &str) -> anyhow::Result<String> {
        Ok(truncate_text(text, length, ellipsis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixlets_pad_cases() {
        let cases = [
            ("foo", "", 5, false, "foo  "),
            ("foo", "-", 5, false, "foo--"),
            ("foobar", "", 5, false, "foobar"),
            ("foo", ".", 5, true, "..foo"),
            ("foo", "ab", 8, false, "fooababa"),
            ("foo", "ab", 6, false, "fooaba"),
            ("foo", "ab", 8, true, "ababafoo"),
            ("hi", "✨", 5, false, "hi✨✨✨"),
            ("👋", ".", 3, true, "..👋"),
            ("世界", "！", 5, false, "世界！！！"),
            ("foo", " ", 0, false, "foo"),
            ("foo", " ", -1, false, "foo"),
        ];
        for (text, fill, length, at_start, want) in cases {
            assert_eq!(
                pad_text(text, length, fill, at_start),
                want,
                "{text:?} {fill:?} {length}"
            );
        }
        assert_eq!(pad_text("", 100_000, "x", false).chars().count(), MAX_PADDED);
    }

    #[test]
    fn pixlets_truncate_cases() {
        let cases = [
            ("hello", "", 10, "hello"),
            ("hello", "", 5, "hello"),
            ("hello world", "", 5, "hell…"),
            ("hello world", "...", 5, "he..."),
            ("", "", 5, ""),
            ("世界こんにちは", "", 3, "世界…"),
            ("too long", "✨", 4, "too✨"),
            ("hello world", "...", 2, ".."),
            ("hello world", "...", 3, "..."),
            ("hello world", "...", 0, ""),
            ("hello world", "...", -1, ""),
        ];
        for (text, ellipsis, length, want) in cases {
            assert_eq!(
                truncate_text(text, length, ellipsis),
                want,
                "{text:?} {ellipsis:?} {length}"
            );
        }
    }
}
