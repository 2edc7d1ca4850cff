//! Colours as clients write them: `"#RRGGBB"`, `"RRGGBB"` or `[r, g, b]`.

use serde_json::Value;

pub type Rgb = [u8; 3];

/// The colour `value` names, if it is one of the accepted forms.
pub fn parse(value: &Value) -> Option<Rgb> {
    match value {
        Value::String(hex) => {
            let hex = hex.strip_prefix('#').unwrap_or(hex);
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
            Some([channel(0)?, channel(2)?, channel(4)?])
        }
        Value::Array(channels) if channels.len() == 3 => {
            let channel = |at: usize| channels[at].as_u64().and_then(|c| u8::try_from(c).ok());
            Some([channel(0)?, channel(1)?, channel(2)?])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn hex_with_or_without_hash_and_arrays() {
        assert_eq!(parse(&json!("#0a0B0c")), Some([10, 11, 12]));
        assert_eq!(parse(&json!("FFFFFF")), Some([255; 3]));
        assert_eq!(parse(&json!([0, 128, 255])), Some([0, 128, 255]));
        for bad in [
            json!("#FFF"),
            json!("+12345"),
            json!("#1234567"),
            json!([1, 2, 3, 4]),
            json!([-1, 0, 0]),
            json!([0.5, 0, 0]),
            json!(16711680),
        ] {
            assert_eq!(parse(&bad), None, "{bad}");
        }
    }
}
