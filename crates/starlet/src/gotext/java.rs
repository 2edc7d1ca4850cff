//! Java `SimpleDateFormat` patterns (`"yyyy-MM-dd"`) turned into Go layouts
//! the way Pixlet's `humanize.time_format` does it: a fixed list of
//! replacements applied longest pattern first, with its two exceptions (a
//! lone `M` is left alone next to `Mon`, `AM` or `PM`, a lone `d` next to
//! `Monday`). Patterns outside the list (`h`, `H`, `S`, quoted text) pass
//! through as they are, as in Pixlet.

/// Java pattern and Go layout, in the order Pixlet's table ends up applying
/// them (longest first; among equal lengths, the order its sort leaves).
const REPLACEMENTS: [(&str, &str); 25] = [
    ("'Z'XXX", "Z07:00"),
    ("'Z'XX", "Z0700"),
    ("EEEE", "Monday"),
    ("yyyy", "2006"),
    ("MMMM", "January"),
    ("'Z'X", "Z07"),
    ("XXX", "-07:00"),
    ("EEE", "Mon"),
    ("MMM", "Jan"),
    ("KK", "03"),
    ("ss", "05"),
    ("mm", "04"),
    ("yy", "06"),
    ("aa", "PM"),
    ("MM", "01"),
    ("XX", "-0700"),
    ("dd", "02"),
    ("HH", "15"),
    ("K", "3"),
    ("s", "5"),
    ("m", "4"),
    ("d", "2"),
    ("X", "-07"),
    ("Z", "MST"),
    ("M", "1"),
];

/// The Go layout for a Java date pattern.
pub fn to_go_layout(pattern: &str) -> String {
    let mut layout = pattern.to_owned();
    for (java, go) in REPLACEMENTS {
        let skip = match java {
            "M" => ["Mon", "AM", "PM"].iter().any(|word| layout.contains(word)),
            "d" => layout.contains("Monday"),
            _ => false,
        };
        if !skip {
            layout = layout.replace(java, go);
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::to_go_layout;

    #[test]
    fn the_patterns_apps_use() {
        let cases = [
            ("yyyy-MM-dd", "2006-01-02"),
            ("EEE d MMM yyyy", "Mon 2 Jan 2006"),
            ("M/d K:mm", "1/2 3:04"),
            ("K:mm aa", "3:04 PM"),
            ("KK:mm aa", "03:04 PM"),
            ("yyyy-MM-dd HH:mm:ss", "2006-01-02 15:04:05"),
            ("MMMM dd", "January 02"),
            ("EEEE, MMMM d", "Monday, January d"),
            ("yyyyMMdd", "20060102"),
            ("yy", "06"),
        ];
        for (java, go) in cases {
            assert_eq!(to_go_layout(java), go, "{java}");
        }
    }

    #[test]
    fn the_translation_librarys_own_cases() {
        let cases = [
            ("dd MMMM yyyy HH:mm:ss", "02 January 2006 15:04:05"),
            ("dd MMM yyyy HH:mm:ss", "02 Jan 2006 15:04:05"),
            ("EEEE, dd MMM yyyy HH:mm:ss", "Monday, 02 Jan 2006 15:04:05"),
            ("EEE, dd MMM yyyy HH:mm:ss aa", "Mon, 02 Jan 2006 15:04:05 PM"),
            ("EEE, dd MMM yyyy HH:mm:ssaa", "Mon, 02 Jan 2006 15:04:05PM"),
        ];
        for (java, go) in cases {
            assert_eq!(to_go_layout(java), go, "{java}");
        }
    }

    #[test]
    fn pixlets_quirks_are_kept() {
        // `Z` becomes `MST` before the lone `M` rule runs, which then eats
        // the `M` of `MST` unless a `Mon`, `AM` or `PM` blocks it.
        assert_eq!(to_go_layout("HH:mm Z"), "15:04 1ST");
        assert_eq!(to_go_layout("EEE HH:mm Z"), "Mon 15:04 MST");
        // Letters the table does not know stay as they are.
        assert_eq!(to_go_layout("h:mm a"), "h:04 a");
    }
}
