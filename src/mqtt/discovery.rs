//! Home Assistant MQTT discovery: the board announced as a device with its entities.
//!
//! Each entity is a retained config message on
//! `<discovery>/<component>/<node>/<object>/config`. The node id comes from
//! the topic prefix, so ids stay the same across restarts and two boards on
//! one broker (which need different prefixes anyway) never share one. The
//! entities speak the plain command topics, the templates wrapping Home
//! Assistant's values in the REST bodies. The configs are sent on every new
//! session, and again when the app list (which the app select offers)
//! changes.

use std::sync::Arc;

use rumqttc::{AsyncClient, QoS};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::topics::Topics;
use crate::manager::Manager;
use crate::manager::views::AppsList;

pub struct Discovery {
    prefix: String,
    topics: Topics,
    node: String,
}

impl Discovery {
    pub fn new(prefix: &str, topics: Topics) -> Self {
        let node = topics
            .prefix()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        Self {
            prefix: prefix.to_owned(),
            topics,
            node,
        }
    }

    /// Every entity as (config topic, config), for a board offering `apps`.
    pub fn configs(&self, apps: &[String]) -> Vec<(String, Value)> {
        let t = &self.topics;
        let current = t.state("current_app");
        let button = |name: &str, command: &str, icon: &str| json!({ "name": name, "command_topic": t.command(command), "icon": icon });
        let entities = [
            (
                "light",
                "display",
                json!({
                    "name": "Display",
                    "command_topic": t.command("power"),
                    "state_topic": current,
                    "state_value_template": "{{ 'ON' if value_json.app else 'OFF' }}",
                    "brightness_command_topic": t.command("settings"),
                    "brightness_command_template": "{\"brightness\": {{ value }}}",
                    "brightness_state_topic": t.state("settings"),
                    "brightness_value_template": "{{ value_json.brightness }}",
                    "brightness_scale": 100,
                    "icon": "mdi:dots-grid",
                }),
            ),
            (
                "select",
                "app",
                json!({
                    "name": "App",
                    "command_topic": t.command("switch"),
                    "command_template": "{\"app\": {{ value | to_json }}}",
                    "state_topic": current,
                    "value_template": "{{ value_json.app }}",
                    "options": apps,
                    "icon": "mdi:apps",
                }),
            ),
            (
                "switch",
                "carousel",
                json!({
                    "name": "Carousel",
                    "command_topic": t.command("carousel"),
                    "payload_on": "{\"enabled\": true}",
                    "payload_off": "{\"enabled\": false}",
                    "state_topic": t.state("carousel"),
                    "value_template": "{{ 'ON' if value_json.enabled else 'OFF' }}",
                    "state_on": "ON",
                    "state_off": "OFF",
                    "icon": "mdi:rotate-right",
                }),
            ),
            ("button", "next", button("Next app", "next", "mdi:skip-next")),
            (
                "button",
                "previous",
                button("Previous app", "previous", "mdi:skip-previous"),
            ),
            (
                "button",
                "dismiss",
                button("Dismiss notification", "notify/dismiss", "mdi:bell-cancel"),
            ),
            (
                "notify",
                "message",
                json!({
                    "name": "Message",
                    "command_topic": t.command("notify"),
                    "command_template": "{\"text\": {{ value | to_json }}}",
                    "icon": "mdi:message-text",
                }),
            ),
            (
                "sensor",
                "current_app",
                json!({
                    "name": "Current app",
                    "state_topic": current,
                    "value_template": "{{ value_json.app or 'stopped' }}",
                    "icon": "mdi:application",
                }),
            ),
        ];
        entities
            .into_iter()
            .map(|(component, object, mut config)| {
                config["unique_id"] = json!(format!("{}_{object}", self.node));
                config["availability"] = json!([{
                    "topic": t.status(),
                    "payload_available": "online",
                    "payload_not_available": "offline",
                }]);
                config["device"] = self.device();
                let topic = format!("{}/{component}/{}/{object}/config", self.prefix, self.node);
                (topic, config)
            })
            .collect()
    }

    fn device(&self) -> Value {
        let name = match self.topics.prefix() {
            "retroboard" => "RetroBoard".to_owned(),
            prefix => format!("RetroBoard {prefix}"),
        };
        json!({
            "identifiers": [self.node],
            "name": name,
            "manufacturer": "RetroBoard",
            "model": "LED matrix",
            "sw_version": env!("CARGO_PKG_VERSION"),
        })
    }

    /// Announces the entities on every new session and whenever the list of
    /// apps changes (custom apps, installations), so the app select offers them.
    pub async fn run(
        self,
        client: AsyncClient,
        manager: Arc<Manager>,
        mut sessions: watch::Receiver<u64>,
        stop: CancellationToken,
    ) {
        let mut app_lists = manager
            .watch_views()
            .find(|(view, _)| view.event == "apps_list")
            .map(|(_, changes)| changes)
            .expect("apps_list is one of the views");
        let mut announced: Option<Vec<String>> = None;
        loop {
            let new_session = tokio::select! {
                () = stop.cancelled() => return,
                changed = sessions.changed() => if changed.is_err() { return } else { true },
                changed = app_lists.changed() => if changed.is_err() { return } else { false },
            };
            if *sessions.borrow_and_update() == 0 {
                continue;
            }
            let apps = manager.view(AppsList::of).apps;
            // The list changes with the running app too; only a new set of apps is announced again.
            if !new_session && announced.as_ref() == Some(&apps) {
                continue;
            }
            announced = Some(apps.clone());
            for (topic, config) in self.configs(&apps) {
                let payload = serde_json::to_vec(&config).expect("configs always serialise");
                if client.publish(topic, QoS::AtLeastOnce, true, payload).await.is_err() {
                    return;
                }
            }
        }
    }
}
