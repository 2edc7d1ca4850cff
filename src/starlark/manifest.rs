//! An app's `manifest.yaml`, as the community's apps write it: who made the
//! app, what it shows, how often it should render and whether it draws at 2x.
//!
//! Read leniently, since a thousand apps written by hand over the years
//! differ: a key of an unexpected type is ignored rather than losing the
//! app, numbers written as strings are read, and both spellings of the
//! interval key are known. Long texts are cut, so that one manifest cannot
//! make the library's listing huge.

use serde::Serialize;
use serde_norway::Value;
use utoipa::ToSchema;

/// The most bytes of a manifest read.
pub const MAX_MANIFEST_BYTES: usize = 64 << 10;
/// The most characters kept of a short text (name, summary, author, ...).
const SHORT_TEXT: usize = 200;
/// The most characters kept of the description.
const LONG_TEXT: usize = 2000;
/// The most tags kept.
const MAX_TAGS: usize = 20;

/// What a manifest says; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Manifest {
    /// The id the app gives itself (the library names apps by their folder).
    pub manifest_id: Option<String>,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub desc: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    /// The `.star` file the app starts from, when it says.
    pub file_name: Option<String>,
    /// Minutes between renders the author recommends.
    pub recommended_interval: Option<u32>,
    /// Whether it draws at 128x64 on a panel that big.
    pub supports2x: bool,
    /// Whether the community marked it broken, and why.
    pub broken: bool,
    pub broken_reason: Option<String>,
}

/// Reads a manifest; the error says why the text is not one.
pub fn read(text: &str) -> Result<Manifest, String> {
    let value: Value = serde_norway::from_str(text).map_err(|error| format!("manifest.yaml: {error}"))?;
    let Value::Mapping(map) = value else {
        return Err("manifest.yaml is not a mapping of keys".into());
    };
    let get = |key: &str| map.get(key);
    let text = |key: &str, limit: usize| get(key).and_then(scalar).map(|text| cut(&text, limit));
    let flag = |key: &str| {
        get(key).is_some_and(|value| match value {
            Value::Bool(flag) => *flag,
            Value::String(text) => text.eq_ignore_ascii_case("true"),
            _ => false,
        })
    };
    let interval = get("recommendedInterval")
        .or_else(|| get("recommended_interval"))
        .and_then(scalar)
        .and_then(|text| text.trim().parse::<u32>().ok())
        .filter(|&minutes| minutes > 0);
    let tags = match get("tags") {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(scalar)
            .map(|tag| cut(&tag, SHORT_TEXT))
            .collect(),
        Some(value) => scalar(value)
            .map(|text| text.split(',').map(|tag| cut(tag.trim(), SHORT_TEXT)).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(Manifest {
        manifest_id: text("id", SHORT_TEXT),
        name: text("name", SHORT_TEXT),
        summary: text("summary", SHORT_TEXT),
        desc: text("desc", LONG_TEXT),
        author: text("author", SHORT_TEXT),
        category: text("category", SHORT_TEXT),
        tags: tags.into_iter().filter(|tag| !tag.is_empty()).take(MAX_TAGS).collect(),
        file_name: text("fileName", SHORT_TEXT),
        recommended_interval: interval,
        supports2x: flag("supports2x"),
        broken: flag("broken"),
        broken_reason: text("brokenReason", LONG_TEXT),
    })
}

/// A string, number or boolean as text; anything else is not a text.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// At most `limit` characters of `text`.
fn cut(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_keys_community_apps_write() {
        let manifest = read(
            "---\nid: bitcoin-tracker\nname: Bitcoin\nsummary: BTC price\ndesc: Shows the price.\n\
             author: Someone\ncategory: finance\ntags: [crypto, money]\nfileName: bitcoin.star\n\
             packageName: bitcoin\nrecommendedInterval: 5\nsupports2x: true\n",
        )
        .unwrap();
        assert_eq!(manifest.manifest_id.as_deref(), Some("bitcoin-tracker"));
        assert_eq!(manifest.name.as_deref(), Some("Bitcoin"));
        assert_eq!(manifest.tags, ["crypto", "money"]);
        assert_eq!(manifest.file_name.as_deref(), Some("bitcoin.star"));
        assert_eq!(manifest.recommended_interval, Some(5));
        assert!(manifest.supports2x && !manifest.broken);
    }

    #[test]
    fn odd_values_are_read_or_left_out_never_fatal() {
        let manifest = read(
            "name: 42\nrecommended_interval: \"15\"\nsupports2x: yes-ish\nbroken: \"True\"\n\
             brokenReason: needs a key\ntags: a, b\nsummary: [not, text]\n",
        )
        .unwrap();
        assert_eq!(manifest.name.as_deref(), Some("42"));
        assert_eq!(manifest.recommended_interval, Some(15));
        assert!(!manifest.supports2x);
        assert!(manifest.broken);
        assert_eq!(manifest.broken_reason.as_deref(), Some("needs a key"));
        assert_eq!(manifest.tags, ["a", "b"]);
        assert_eq!(manifest.summary, None);
        let long = format!("desc: {}\n", "x".repeat(5000));
        assert_eq!(read(&long).unwrap().desc.unwrap().len(), LONG_TEXT);
        assert!(read("- a list\n").is_err());
        assert!(read("name: [unclosed\n").is_err());
    }
}
