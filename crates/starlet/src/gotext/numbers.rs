//! Numbers written for a locale, the way Pixlet's Go printer (golang.org/x/text)
//! writes them: digit groups and decimal marks from CLDR (here through
//! ICU4X's data), `%v` floats in their shortest digits switching to
//! scientific notation outside 1e-4..1e6, and fixed decimals cut to a
//! number of fraction digits.

use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale_core::Locale;

/// A locale's number formatting.
pub struct Numbers {
    formatter: Option<DecimalFormatter>,
}

impl Numbers {
    /// The formatting for a BCP 47 tag (`"de"`, `"en-US"`, `"de_CH"`); an
    /// unknown tag formats as CLDR's root locale does.
    pub fn for_locale(tag: &str) -> Self {
        let locale = Locale::try_from_str(&tag.replace('_', "-")).unwrap_or(Locale::UNKNOWN);
        let options = DecimalFormatterOptions::from(GroupingStrategy::Always);
        let formatter = DecimalFormatter::try_new(DecimalFormatterPreferences::from(&locale), options).ok();
        Self { formatter }
    }

    /// A number given as plain decimal text (`"-1234.5"`), grouped and
    /// marked for the locale.
    fn decimal(&self, text: &str) -> String {
        match (&self.formatter, Decimal::try_from_str(text)) {
            (Some(formatter), Ok(decimal)) => formatter.format(&decimal).to_string(),
            _ => text.to_owned(),
        }
    }

    /// An integer, as `%d` and `%v` print one.
    pub fn integer(&self, n: i128) -> String {
        self.decimal(&n.to_string())
    }

    /// A float with at most `max_fraction` decimals, trailing zeros
    /// dropped, as x/text's `number.Decimal` with `MaxFractionDigits`.
    pub fn float_up_to(&self, x: f64, max_fraction: usize) -> String {
        if let Some(special) = self.special(x) {
            return special;
        }
        let text = format!("{x:.max_fraction$}");
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.')
        } else {
            &text
        };
        self.decimal(text)
    }

    /// A float with exactly `fraction` decimals, as `%f` (`%.2f`) prints one.
    pub fn float_fixed(&self, x: f64, fraction: usize) -> String {
        self.special(x)
            .unwrap_or_else(|| self.decimal(&format!("{x:.fraction$}")))
    }

    /// A float as `%v` prints one: its shortest digits, in scientific
    /// notation when the exponent is below -4 or 6 and above.
    pub fn float_shortest(&self, x: f64) -> String {
        if let Some(special) = self.special(x) {
            return special;
        }
        if x == 0.0 {
            return self.decimal("0");
        }
        let scientific = format!("{x:e}");
        let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        if !(-4..6).contains(&exponent) {
            let exponent_text = format!("{}{:02}", if exponent < 0 { "-" } else { "" }, exponent.unsigned_abs());
            return format!("{}E{exponent_text}", self.decimal(mantissa));
        }
        self.decimal(&format!("{x}"))
    }

    /// NaN and the infinities, as CLDR writes them.
    fn special(&self, x: f64) -> Option<String> {
        if x.is_nan() {
            Some("NaN".to_owned())
        } else if x.is_infinite() {
            Some(if x > 0.0 { "∞" } else { "-∞" }.to_owned())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Numbers;

    #[test]
    fn english_and_german_as_pixlets_tests_expect() {
        let english = Numbers::for_locale("en");
        assert_eq!(english.integer(123_456), "123,456");
        assert_eq!(english.float_shortest(123_456.78), "123,456.78");
        assert_eq!(english.float_up_to(3.145, 3), "3.145");
        assert_eq!(english.float_up_to(3.145, 2), "3.15");
        assert_eq!(english.float_up_to(3.145, 0), "3");
        let german = Numbers::for_locale("de");
        assert_eq!(german.integer(123_456), "123.456");
        assert_eq!(german.float_shortest(123_456.78), "123.456,78");
        assert_eq!(german.float_up_to(3.145, 3), "3,145");
        assert_eq!(german.float_up_to(3.145, 2), "3,15");
    }

    #[test]
    fn shortest_floats_turn_scientific_where_go_does() {
        let english = Numbers::for_locale("en-US");
        assert_eq!(english.float_shortest(999_999.5), "999,999.5");
        assert_eq!(english.float_shortest(1_234_567.0), "1.234567E06");
        assert_eq!(english.float_shortest(0.0001), "0.0001");
        assert_eq!(english.float_shortest(0.00001234), "1.234E-05");
        assert_eq!(english.float_shortest(-2.5), "-2.5");
        assert_eq!(english.float_fixed(1234.5, 2), "1,234.50");
        assert_eq!(english.float_up_to(f64::INFINITY, 2), "∞");
        assert_eq!(Numbers::for_locale("fr").integer(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(Numbers::for_locale("not a tag!").integer(1234), "1,234");
    }
}
