//! The `?key=value&...` options that follow a `--display` value.
//!
//! Options are shared out in turns: the common ones (see [`super::look`]) are
//! taken first, then the output's kind takes its own, and whatever is left is
//! an error naming it, so a misspelt option never goes unnoticed.

/// The options of one `--display` value, not yet taken.
#[derive(Debug, Default)]
pub struct Options {
    pairs: Vec<(String, String)>,
}

impl Options {
    /// Splits `text` at its last `?` into the display and its options.
    pub fn split(text: &str) -> Result<(&str, Self), String> {
        let Some((display, query)) = text.rsplit_once('?') else {
            return Ok((text, Self::default()));
        };
        let mut pairs = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("option '{pair}' of display '{display}' has no value; expected KEY=VALUE"))?;
            if pairs.iter().any(|(seen, _)| seen == key) {
                return Err(format!("option '{key}' of display '{display}' is given twice"));
            }
            pairs.push((key.to_owned(), value.to_owned()));
        }
        Ok((display, Self { pairs }))
    }

    /// Removes and returns the value of `key`.
    pub fn take(&mut self, key: &str) -> Option<String> {
        let at = self.pairs.iter().position(|(name, _)| name == key)?;
        Some(self.pairs.remove(at).1)
    }

    /// Removes `key` and parses its value, naming the option and what it expects on failure.
    pub fn take_parsed<T>(
        &mut self,
        key: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(value) => parse(&value)
                .map(Some)
                .ok_or_else(|| format!("invalid {key}={value}; expected {expected}")),
        }
    }

    /// Fails if any option is left that nothing took.
    pub fn finish(self, display: &str) -> Result<(), String> {
        match self.pairs.first() {
            None => Ok(()),
            Some((key, _)) => Err(format!("unknown option '{key}' for display '{display}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_follow_the_last_question_mark() {
        let (display, mut options) = Options::split("e131://10.0.0.2?universe=3&rotate=90").unwrap();
        assert_eq!(display, "e131://10.0.0.2");
        assert_eq!(options.take("rotate").as_deref(), Some("90"));
        assert_eq!(options.take("rotate"), None);
        assert_eq!(
            options.take_parsed("universe", "a number", |text| text.parse::<u16>().ok()),
            Ok(Some(3))
        );
        assert_eq!(options.finish(display), Ok(()));
    }

    #[test]
    fn malformed_repeated_and_leftover_options_are_named() {
        assert_eq!(
            Options::split("ddp://a?rotate").err().unwrap(),
            "option 'rotate' of display 'ddp://a' has no value; expected KEY=VALUE"
        );
        assert_eq!(
            Options::split("ddp://a?gamma=2&gamma=3").err().unwrap(),
            "option 'gamma' of display 'ddp://a' is given twice"
        );
        let (display, mut options) = Options::split("ddp://a?rotat=90").unwrap();
        assert_eq!(
            options.take_parsed("rotat", "0, 90, 180 or 270", |_| None::<u16>),
            Err("invalid rotat=90; expected 0, 90, 180 or 270".into())
        );
        let (_, options) = Options::split("ddp://a?rotat=90").unwrap();
        assert_eq!(
            options.finish(display),
            Err("unknown option 'rotat' for display 'ddp://a'".into())
        );
    }
}
