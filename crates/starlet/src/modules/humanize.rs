//! `humanize.star`: friendly text for times, sizes and numbers, as Pixlet's
//! module gives it (go-humanize, x/text numbers in the board's locale).
//! `humanize.time` measures from the render's clock, not the wall clock.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::float::StarlarkFloat;
use starlark::values::list::ListRef;
use starlark::values::{Heap, UnpackValue, Value};

use crate::gotext::humanize as go;
use crate::gotext::java;
use crate::gotext::numbers::Numbers;
use crate::gotime::{Time, Zone};
use crate::runtime::context::RenderContext;
use crate::values::bytes::alloc_data;
use crate::values::time::TimeValue;

/// What Go's `url.QueryEscape` leaves as it is: letters, digits, `-_.~`.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The most decimals `ftoa` writes: beyond every digit a float can hold.
const MAX_DIGITS: i64 = 1100;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("humanize", humanize_members);
}

/// A float argument; Pixlet refuses ints here.
fn float_arg(value: Value, name: &str) -> anyhow::Result<f64> {
    StarlarkFloat::unpack_value_opt(value)
        .map(|f| f.0)
        .ok_or_else(|| anyhow::anyhow!("for parameter {name}: got {}, want float", value.get_type()))
}

/// A list of strings, as `word_series` takes (a tuple is refused, as in Pixlet).
fn words(value: Value) -> anyhow::Result<Vec<String>> {
    let list = ListRef::from_value(value)
        .ok_or_else(|| anyhow::anyhow!("for parameter words: got {}, want list", value.get_type()))?;
    list.content()
        .iter()
        .enumerate()
        .map(|(i, word)| {
            word.unpack_str().map(str::to_owned).ok_or_else(|| {
                anyhow::anyhow!(
                    "getting word list: expected data to be a list of String but found {} (at index {i})",
                    word.get_type()
                )
            })
        })
        .collect()
}

fn numbers(eval: &Evaluator) -> anyhow::Result<Numbers> {
    Ok(Numbers::for_locale(&RenderContext::of(eval)?.locale))
}

#[starlark_module]
fn humanize_members(builder: &mut GlobalsBuilder) {
    /// How long ago or from now `date` is: `"3 days ago"`, `"1 hour from now"`.
    fn time(date: Value, eval: &mut Evaluator) -> anyhow::Result<String> {
        let date = TimeValue::unpack(date, "time")?;
        let now = Time::new(RenderContext::of(eval)?.now, Zone::UTC);
        Ok(go::relative_time(date, &now, "ago", "from now"))
    }

    /// The span between two times, labelled with the earlier one's label.
    fn relative_time(
        date_a: Value,
        date_b: Value,
        #[starlark(default = "")] label_a: &str,
        #[starlark(default = "")] label_b: &str,
    ) -> anyhow::Result<String> {
        let a = TimeValue::unpack(date_a, "relative_time")?;
        let b = TimeValue::unpack(date_b, "relative_time")?;
        Ok(go::relative_time(a, b, label_a, label_b))
    }

    /// A Java date pattern as a Go layout, or `date` written with it.
    fn time_format(
        format: &str,
        #[starlark(default = starlark::values::none::NoneType)] date: Value,
    ) -> anyhow::Result<String> {
        let layout = java::to_go_layout(format);
        if date.is_none() {
            return Ok(layout);
        }
        let date = TimeValue::unpack(date, "time_format")?;
        Ok(if date.is_zero() { layout } else { date.format(&layout) })
    }

    /// The day of the week, 0 for Sunday to 6 for Saturday.
    fn day_of_week(date: Value) -> anyhow::Result<i32> {
        Ok(TimeValue::unpack(date, "day_of_week")?.weekday() as i32)
    }

    /// A size in bytes as `"83 MB"`, or `"79 MiB"` with `iec`.
    fn bytes(size: i64, #[starlark(default = false)] iec: bool) -> anyhow::Result<String> {
        let size = u64::try_from(size).map_err(|_| anyhow::anyhow!("parsing bytes: {size} is negative"))?;
        Ok(go::bytes(size, iec))
    }

    /// The number of bytes a size like `"42 MB"` names.
    fn parse_bytes(size: &str) -> anyhow::Result<u64> {
        go::parse_bytes(size).map_err(|e| anyhow::anyhow!("parsing bytes: {size}: {e}"))
    }

    /// A number with the locale's digit groups: `123,456.78`.
    fn comma(num: Value, eval: &mut Evaluator) -> anyhow::Result<String> {
        let numbers = numbers(eval)?;
        if let Some(f) = StarlarkFloat::unpack_value_opt(num) {
            if f.0.is_infinite() {
                anyhow::bail!("cannot convert float infinity to integer");
            }
            if f.0.is_nan() {
                anyhow::bail!("cannot convert float NaN to integer");
            }
            return Ok(numbers.float_shortest(f.0));
        }
        if num.get_type() == "int" {
            let n = i64::unpack_value(num)
                .ok()
                .flatten()
                .ok_or_else(|| anyhow::anyhow!("parsing num: out of range"))?;
            return Ok(numbers.integer(n.into()));
        }
        anyhow::bail!("cannot convert {} to int or float", num.get_type())
    }

    /// A float by a pattern such as `"#,###.##"`.
    fn float(format: &str, num: Value) -> anyhow::Result<String> {
        go::format_float(format, float_arg(num, "num")?).map_err(anyhow::Error::msg)
    }

    /// An int by a pattern such as `"#,###."`.
    fn int(format: &str, num: i64) -> anyhow::Result<String> {
        go::format_float(format, num as f64).map_err(anyhow::Error::msg)
    }

    /// `"1st"`, `"2nd"`, `"3rd"`, `"4th"`.
    fn ordinal(num: i64) -> anyhow::Result<String> {
        Ok(go::ordinal(num))
    }

    /// A float without trailing zeros, in the locale, with at most `digits`
    /// decimals (3 when not given).
    fn ftoa(
        num: Value,
        #[starlark(default = starlark::values::none::NoneType)] digits: Value,
        eval: &mut Evaluator,
    ) -> anyhow::Result<String> {
        let num = float_arg(num, "num")?;
        let digits = if digits.is_none() {
            3
        } else if let Some(f) = StarlarkFloat::unpack_value_opt(digits) {
            f.0 as i64
        } else if digits.get_type() == "int" {
            i64::unpack_value(digits)
                .ok()
                .flatten()
                .ok_or_else(|| anyhow::anyhow!("parsing digits: out of range"))?
        } else {
            anyhow::bail!("expected digits to be int, got {}", digits.get_type())
        };
        if digits < 0 {
            anyhow::bail!("digits must be >= 0");
        }
        if digits > MAX_DIGITS {
            anyhow::bail!("digits must be at most {MAX_DIGITS}");
        }
        Ok(numbers(eval)?.float_up_to(num, digits as usize))
    }

    /// `"42 objects"`: the count and the English plural.
    fn plural(quantity: i64, singular: &str, #[starlark(default = "")] plural: &str) -> anyhow::Result<String> {
        Ok(go::plural(quantity, singular, plural))
    }

    /// The English plural of a word for a count.
    fn plural_word(quantity: i64, singular: &str, #[starlark(default = "")] plural: &str) -> anyhow::Result<String> {
        Ok(go::plural_word(quantity, singular, plural))
    }

    /// `"foo, bar and baz"`.
    fn word_series(words: Value, conjunction: &str) -> anyhow::Result<String> {
        Ok(go::word_series(&self::words(words)?, conjunction))
    }

    /// `"foo, bar, and baz"`.
    fn oxford_word_series(words: Value, conjunction: &str) -> anyhow::Result<String> {
        Ok(go::oxford_word_series(&self::words(words)?, conjunction))
    }

    /// Text escaped for a URL query, spaces as `+`.
    fn url_encode(str: &str) -> anyhow::Result<String> {
        Ok(utf8_percent_encode(str, QUERY).to_string().replace("%20", "+"))
    }

    /// The inverse of `url_encode`.
    fn url_decode<'v>(str: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        if let Some(at) = first_bad_escape(str) {
            let bad: String = str[at..].chars().take(3).collect();
            anyhow::bail!("decoding url {str}: invalid URL escape {bad:?}");
        }
        let spaced = str.replace('+', " ");
        Ok(alloc_data(heap, percent_decode_str(&spaced).collect()))
    }
}

/// Where the first `%` not followed by two hex digits is, if any.
fn first_bad_escape(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}
