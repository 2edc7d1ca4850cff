//! The board's topic names: what it listens on, and where it publishes.

/// The command topics under the prefix, besides `custom/<name>`.
pub const COMMANDS: &[&str] = &[
    "notify",
    "notify/dismiss",
    "switch",
    "stop",
    "power",
    "settings",
    "carousel",
    "next",
    "previous",
    "sleep",
    "moodlight",
    "indicator1",
    "indicator2",
    "indicator3",
];

/// Where custom apps are posted: `custom/<name>`.
pub const CUSTOM: &str = "custom/";

#[derive(Debug, Clone)]
pub struct Topics {
    prefix: String,
}

impl Topics {
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `online` or `offline`, retained; the last will says `offline`.
    pub fn status(&self) -> String {
        format!("{}/status", self.prefix)
    }

    /// Where a refused command is answered.
    pub fn error(&self) -> String {
        format!("{}/error", self.prefix)
    }

    /// Where the view `name` is published, retained.
    pub fn state(&self, name: &str) -> String {
        format!("{}/state/{name}", self.prefix)
    }

    /// Where the command `name` (one of [`COMMANDS`]) is sent.
    pub fn command(&self, name: &str) -> String {
        format!("{}/{name}", self.prefix)
    }

    /// The filters to subscribe to: every command topic and nothing this board publishes.
    pub fn subscriptions(&self) -> Vec<String> {
        let custom = format!("{}/{CUSTOM}+", self.prefix);
        COMMANDS.iter().map(|name| self.command(name)).chain([custom]).collect()
    }

    /// The command a topic names, as the part after the prefix.
    pub fn request<'a>(&self, topic: &'a str) -> Option<&'a str> {
        topic.strip_prefix(&self.prefix)?.strip_prefix('/')
    }
}

/// `--mqtt-prefix`: one or more topic levels, without wildcards or empty levels.
pub fn parse_prefix(text: &str) -> Result<String, String> {
    let well_formed =
        !text.is_empty() && text.split('/').all(|level| !level.is_empty()) && !text.contains(['+', '#', '\0']);
    if well_formed {
        Ok(text.to_owned())
    } else {
        Err(
            "must be topic levels like `retroboard` or `home/board1`: no wildcards, no empty or leading/trailing `/`"
                .into(),
        )
    }
}

/// `--mqtt-discovery-prefix`: a prefix, or empty for no discovery.
pub fn parse_discovery_prefix(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Ok(String::new())
    } else {
        parse_prefix(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_from_the_prefix_down() {
        let topics = Topics::new("home/board");
        assert_eq!(topics.request("home/board/notify/dismiss"), Some("notify/dismiss"));
        assert_eq!(topics.request("home/board"), None);
        assert_eq!(topics.request("home/boardx/notify"), None);
        assert!(topics.subscriptions().contains(&"home/board/custom/+".to_owned()));
    }

    #[test]
    fn prefixes_are_plain_topic_levels() {
        assert!(parse_prefix("retroboard").is_ok());
        assert!(parse_prefix("home/board1").is_ok());
        for bad in ["", "/retroboard", "retroboard/", "a//b", "board/#", "+"] {
            assert!(parse_prefix(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_discovery_prefix(""), Ok(String::new()));
    }
}
