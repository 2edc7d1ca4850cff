//! Notifications: pushed content that interrupts whatever shows, one at a time, in the order sent.
//!
//! They are part of the shared state (so one posted to any instance of a
//! cluster reaches the panel) but never of the state file: they are
//! transient, and the original server's file has no place for them. The rules
//! here are pure; [`super::commands::apply`] calls them, and the panel owner's
//! timer ([`super::notification_timer`]) ends each one when its time is up.

use std::collections::VecDeque;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::state::DURATION_RANGE;
use crate::content::{Content, FieldError, Fields};

/// How many notifications may wait behind the one showing.
pub const MAX_WAITING: usize = 32;
/// Seconds a notification shows when the request says nothing.
pub const DEFAULT_SECONDS: f64 = 5.0;
/// Most times a text may be asked to scroll across.
pub const MAX_REPEAT: i64 = 1000;
/// The keys of which a notification needs at least one: something to show.
pub const SHOWN_KEYS: &[&str] = &["text", "icon", "draw", "bar", "line", "effect"];

/// When a notification ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Ends {
    /// `hold`: only when dismissed.
    Dismissed,
    /// After `seconds`, or, for text that scrolls and `repeat` is given, once
    /// it has scrolled across that many times.
    After { seconds: f64, repeat: Option<u32> },
}

/// One notification, as queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// Unique within the state; a timer names the one it ends by it.
    pub id: u64,
    pub content: Content,
    pub ends: Ends,
    /// Whether it shows on a panel that is off (brightness 0) or stopped.
    pub wakeup: bool,
}

impl Notification {
    /// How long it shows on a `width`x`height` panel; `None` when it stays until dismissed.
    pub fn showing_time(&self, width: u32, height: u32) -> Option<Duration> {
        match self.ends {
            Ends::Dismissed => None,
            Ends::After { seconds, repeat } => {
                let scrolled = repeat.zip(self.content.pass_time(width, height));
                Some(scrolled.map_or_else(|| Duration::from_secs_f64(seconds), |(times, pass)| pass * times))
            }
        }
    }
}

/// A notification request, read: what to show, until when, and where in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NotifyRequest {
    pub content: Content,
    pub ends: Ends,
    /// Queue behind the one showing (`true`) or replace it.
    pub stack: bool,
    pub wakeup: bool,
}

impl NotifyRequest {
    /// Reads AWTRIX's notification keys. Something to show must be there
    /// (one of [`SHOWN_KEYS`]); other keys are optional, and keys this board
    /// does not know are ignored.
    pub fn read(body: Map<String, Value>) -> Result<Self, FieldError> {
        let fields = Fields::new(body);
        if SHOWN_KEYS.iter().all(|key| fields.get(key).is_none()) {
            return Err(FieldError::new(
                "text",
                "is required (or an 'icon', 'draw', 'bar', 'line' or 'effect')",
            ));
        }
        let content = Content::read(&fields)?;
        let seconds = fields.number("duration", DURATION_RANGE)?.unwrap_or(DEFAULT_SECONDS);
        // AWTRIX sends -1 for "no repeat".
        let repeat = match fields.integer("repeat", -1..=MAX_REPEAT)? {
            Some(0) => {
                return Err(FieldError::new(
                    "repeat",
                    format_args!("must be -1 or from 1 to {MAX_REPEAT}"),
                ));
            }
            Some(times) => u32::try_from(times).ok(),
            None => None,
        };
        let ends = if fields.flag("hold")?.unwrap_or(false) {
            Ends::Dismissed
        } else {
            Ends::After { seconds, repeat }
        };
        Ok(Self {
            content,
            ends,
            stack: fields.flag("stack")?.unwrap_or(true),
            wakeup: fields.flag("wakeup")?.unwrap_or(false),
        })
    }
}

/// The one showing and those waiting behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    pub active: Option<Notification>,
    pub waiting: VecDeque<Notification>,
    /// The id the next notification gets.
    pub next_id: u64,
}

/// Posting would make more than [`MAX_WAITING`] wait.
#[derive(Debug)]
pub struct QueueFull;

impl Notifications {
    /// Shows `request` now if nothing shows or it does not stack, else queues it.
    pub fn post(&mut self, request: NotifyRequest) -> Result<(), QueueFull> {
        let waits = request.stack && self.active.is_some();
        if waits && self.waiting.len() >= MAX_WAITING {
            return Err(QueueFull);
        }
        let notification = Notification {
            id: self.next_id,
            content: request.content,
            ends: request.ends,
            wakeup: request.wakeup,
        };
        self.next_id += 1;
        if waits {
            self.waiting.push_back(notification);
        } else {
            self.active = Some(notification);
        }
        Ok(())
    }

    /// Ends the one showing, if any; the next in line shows.
    pub fn dismiss(&mut self) {
        self.active = self.waiting.pop_front();
    }

    /// Ends notification `id` if it still shows (a late timer ends nothing else).
    pub fn end(&mut self, id: u64) {
        if self.active.as_ref().is_some_and(|active| active.id == id) {
            self.dismiss();
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn request(body: serde_json::Value) -> Result<NotifyRequest, FieldError> {
        NotifyRequest::read(body.as_object().unwrap().clone())
    }

    fn text(notification: Option<&Notification>) -> Option<String> {
        notification.map(|n| n.content.plain_text())
    }

    fn post(queue: &mut Notifications, body: serde_json::Value) -> Result<(), QueueFull> {
        queue.post(request(body).unwrap())
    }

    #[test]
    fn reads_awtrix_keys_and_ignores_unknown_ones() {
        let read = request(json!({
            "text": "Hi", "duration": 2, "repeat": 3, "stack": false, "wakeup": true,
            "clients": ["a"], "effect": "Matrix", "sound": "beep",
        }))
        .unwrap();
        assert_eq!(
            read.ends,
            Ends::After {
                seconds: 2.0,
                repeat: Some(3)
            }
        );
        assert_eq!((read.stack, read.wakeup), (false, true));
        let defaults = request(json!({"text": "Hi", "repeat": -1})).unwrap();
        assert_eq!(
            defaults.ends,
            Ends::After {
                seconds: DEFAULT_SECONDS,
                repeat: None
            }
        );
        assert!(defaults.stack && !defaults.wakeup);
        assert_eq!(
            request(json!({"text": "", "hold": true})).unwrap().ends,
            Ends::Dismissed
        );
    }

    #[test]
    fn something_to_show_is_required() {
        assert_eq!(
            request(json!({})).unwrap_err().message,
            "'text' is required (or an 'icon', 'draw', 'bar', 'line' or 'effect')"
        );
        for alone in [
            json!({"draw": [{"dp": [0, 0, "#FF0000"]}]}),
            json!({"bar": [1, 2]}),
            json!({"line": [1, 2]}),
            json!({"effect": "Plasma"}),
        ] {
            assert!(request(alone.clone()).is_ok(), "{alone}");
        }
        assert_eq!(request(json!({"text": null})).unwrap_err().key, "text");
        let icon_only = request(json!({"icon": "weather"})).unwrap();
        assert_eq!(icon_only.content.icon.as_deref(), Some("weather"));
        let bad = request(json!({"text": "Hi", "icon": 7})).unwrap_err();
        assert_eq!(
            (bad.key.as_str(), bad.message.as_str()),
            ("icon", "'icon' must be the name of an icon")
        );
        assert_eq!(request(json!({"text": "Hi", "icon": "../x"})).unwrap_err().key, "icon");
    }

    #[test]
    fn bad_values_name_their_key() {
        for (body, key) in [
            (json!({"text": "a", "duration": 0}), "duration"),
            (json!({"text": "a", "duration": "5"}), "duration"),
            (json!({"text": "a", "repeat": 0}), "repeat"),
            (json!({"text": "a", "repeat": 1.5}), "repeat"),
            (json!({"text": "a", "hold": "true"}), "hold"),
            (json!({"text": "a", "stack": 0}), "stack"),
            (json!({"text": "a", "wakeup": []}), "wakeup"),
            (json!({"text": "a", "color": "#12"}), "color"),
        ] {
            assert_eq!(request(body.clone()).unwrap_err().key, key, "{body}");
        }
    }

    #[test]
    fn stacking_queues_in_order_and_replacing_keeps_the_queue() {
        let mut queue = Notifications::default();
        for word in ["one", "two", "three"] {
            post(&mut queue, json!({"text": word})).unwrap();
        }
        assert_eq!(text(queue.active.as_ref()).as_deref(), Some("one"));
        post(&mut queue, json!({"text": "now", "stack": false})).unwrap();
        assert_eq!(text(queue.active.as_ref()).as_deref(), Some("now"));
        let order: Vec<_> = std::iter::from_fn(|| {
            queue.dismiss();
            text(queue.active.as_ref())
        })
        .collect();
        assert_eq!(order, ["two", "three"]);
        assert_eq!(queue.next_id, 4);
    }

    #[test]
    fn the_queue_is_bounded_and_a_refusal_changes_nothing() {
        let mut queue = Notifications::default();
        for n in 0..=MAX_WAITING {
            post(&mut queue, json!({"text": n.to_string()})).unwrap();
        }
        let before = queue.clone();
        assert!(post(&mut queue, json!({"text": "too many"})).is_err());
        assert_eq!(queue, before);
        post(&mut queue, json!({"text": "instead", "stack": false})).unwrap();
        assert_eq!(queue.waiting.len(), MAX_WAITING);
    }

    #[test]
    fn a_late_end_ends_nothing_else() {
        let mut queue = Notifications::default();
        post(&mut queue, json!({"text": "first"})).unwrap();
        post(&mut queue, json!({"text": "second"})).unwrap();
        queue.end(1);
        assert_eq!(text(queue.active.as_ref()).as_deref(), Some("first"));
        queue.end(0);
        assert_eq!(text(queue.active.as_ref()).as_deref(), Some("second"));
        queue.end(1);
        assert_eq!(queue.active, None);
    }

    #[test]
    fn showing_time_follows_the_request() {
        let shown = |body| {
            let request = request(body).unwrap();
            Notification {
                id: 0,
                content: request.content,
                ends: request.ends,
                wakeup: false,
            }
            .showing_time(64, 32)
        };
        assert_eq!(
            shown(json!({"text": "Hi", "duration": 1.5})),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(shown(json!({"text": "Hi", "hold": true, "duration": 1})), None);
        // Short text does not scroll: `repeat` has nothing to count and the duration holds.
        assert_eq!(shown(json!({"text": "Hi", "repeat": 2})), Some(Duration::from_secs(5)));
        let long = json!({"text": "Far too long to fit at once", "repeat": 2});
        let pass = request(long.clone()).unwrap().content.pass_time(64, 32).unwrap();
        assert_eq!(shown(long), Some(pass * 2));
    }
}
