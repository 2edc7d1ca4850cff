//! An app's translations: one JSON object of message key to text per locale,
//! from the files of its `locales/` folder (`de.json`, `en_US.json`), and
//! which of them a board's locale gets, as Pixlet's x/text catalog decides.

use std::collections::HashMap;

use icu_locale_core::Locale;

/// The translations of one app, by locale, in tag order.
#[derive(Debug, Default)]
pub struct Catalog {
    locales: Vec<(Locale, HashMap<String, String>)>,
}

impl Catalog {
    /// A catalog from `(file name, contents)` pairs; the name without
    /// `.json` is the locale, `_` read as `-`. Other files are skipped.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<Self, String> {
        let mut locales = Vec::new();
        for (name, contents) in files {
            let Some(base) = name.strip_suffix(".json") else {
                continue;
            };
            let locale =
                Locale::try_from_str(&base.replace('_', "-")).map_err(|e| format!("parsing locale {name}: {e}"))?;
            let messages: HashMap<String, String> =
                serde_json::from_slice(&contents).map_err(|e| format!("decoding locale file {name}: {e}"))?;
            locales.push((locale, messages));
        }
        locales.sort_by_key(|(locale, _)| locale.to_string());
        Ok(Self { locales })
    }

    /// The locale a board set to `requested` is served in: the same tag,
    /// else one of the same language, else the catalog's first; `und`
    /// (CLDR's root) for an app without translations.
    pub fn matched(&self, requested: &str) -> String {
        let Ok(requested) = Locale::try_from_str(&requested.replace('_', "-")) else {
            return self.first();
        };
        let same = |check: &dyn Fn(&Locale) -> bool| {
            self.locales
                .iter()
                .find(|(locale, _)| check(locale))
                .map(|(l, _)| l.to_string())
        };
        same(&|locale| *locale == requested)
            .or_else(|| same(&|locale| locale.id.language == requested.id.language))
            .unwrap_or_else(|| self.first())
    }

    fn first(&self) -> String {
        self.locales
            .first()
            .map_or_else(|| "und".to_owned(), |(locale, _)| locale.to_string())
    }

    /// The text for `key` in the matched locale or, failing that, in its
    /// parent (`de` for `de-AT`).
    pub fn message(&self, matched: &str, key: &str) -> Option<&str> {
        let matched = Locale::try_from_str(matched).ok()?;
        let exact = self.locales.iter().find(|(locale, _)| *locale == matched);
        let parent = self
            .locales
            .iter()
            .find(|(locale, _)| locale.id.language == matched.id.language && locale.id.region.is_none());
        [exact, parent]
            .into_iter()
            .flatten()
            .find_map(|(_, messages)| messages.get(key).map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::Catalog;

    fn catalog() -> Catalog {
        Catalog::from_files([
            ("en.json".to_owned(), br#"{"hi": "Hello, %s"}"#.to_vec()),
            ("de.json".to_owned(), br#"{"hi": "Hallo, %s", "only": "nur"}"#.to_vec()),
            ("es_MX.json".to_owned(), br#"{"hi": "Hola, %s"}"#.to_vec()),
            ("README.md".to_owned(), b"not a locale".to_vec()),
        ])
        .unwrap()
    }

    #[test]
    fn boards_get_their_language_or_the_first_locale() {
        let catalog = catalog();
        assert_eq!(catalog.matched("de"), "de");
        assert_eq!(catalog.matched("de-AT"), "de");
        assert_eq!(catalog.matched("en_GB"), "en");
        assert_eq!(catalog.matched("es"), "es-MX");
        assert_eq!(catalog.matched("fr"), "de");
        assert_eq!(Catalog::default().matched("fr"), "und");
    }

    #[test]
    fn messages_fall_back_to_the_parent_locale_then_to_none() {
        let catalog = catalog();
        assert_eq!(catalog.message("de", "hi"), Some("Hallo, %s"));
        assert_eq!(catalog.message("es-MX", "hi"), Some("Hola, %s"));
        assert_eq!(catalog.message("en", "only"), None);
        assert_eq!(Catalog::default().message("und", "hi"), None);
    }

    #[test]
    fn bad_files_are_errors_that_name_them() {
        let bad_json = Catalog::from_files([("de.json".to_owned(), b"{\"a\": 1}".to_vec())]).unwrap_err();
        assert!(bad_json.starts_with("decoding locale file de.json"), "{bad_json}");
        let bad_tag = Catalog::from_files([("not a tag.json".to_owned(), b"{}".to_vec())]).unwrap_err();
        assert!(bad_tag.starts_with("parsing locale not a tag.json"), "{bad_tag}");
    }
}
