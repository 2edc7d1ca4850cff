//! The read-only views of state that leave the manager: event payloads and REST replies.
//!
//! Each view is derived from the state on every change and published on its
//! own channel only when it differs from the last one, which is what makes
//! "an event when, and only when, something changed" hold by construction.

use serde::Serialize;

use super::state::CarouselEntry;
use crate::apps::schema::ConfigMap;

/// `current_app`: the running app and its effective config.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CurrentApp {
    pub app: Option<String>,
    pub config: ConfigMap,
}

/// `settings`: display-wide settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub brightness: u8,
}

/// `carousel_config`: the rotation and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarouselView {
    pub enabled: bool,
    pub apps: Vec<CarouselEntry>,
    pub current_index: usize,
}

/// `apps_list`: what can run, and what does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppsList {
    pub apps: Vec<&'static str>,
    pub current: Option<String>,
}

/// Everything a newly connected client needs, taken at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub apps_list: AppsList,
    pub current_app: CurrentApp,
    pub settings: Settings,
    pub carousel: CarouselView,
}
