//! The modules apps `load()` by Pixlet's names (`render.star`,
//! `encoding/json.star`, ...), each built once and shared by every app.

pub mod animation;
pub mod assert;
pub mod bsoup;
pub mod cache;
pub mod color;
pub mod compress;
pub mod encoding;
pub mod file;
pub mod filter;
pub mod hash;
pub mod hmac;
pub mod html;
pub mod http;
pub mod humanize;
pub mod i18n;
pub mod math;
pub mod qrcode;
pub mod random;
pub mod re;
pub mod render;
pub mod schema;
pub mod secret;
pub mod strings;
pub mod sunrise;
pub mod time;
pub mod xpath;

use std::collections::HashMap;
use std::sync::OnceLock;

use starlark::environment::{FrozenModule, GlobalsBuilder};

type Members = fn(&mut GlobalsBuilder);

/// Every module an app may load, by the name it loads it with.
const MODULES: &[(&str, Members)] = &[
    ("render.star", render::members),
    ("animation.star", animation::members),
    ("color.star", color::members),
    ("filter.star", filter::members),
    ("assert.star", assert::members),
    ("cache.star", cache::members),
    ("compress/gzip.star", compress::gzip::members),
    ("compress/zipfile.star", compress::zipfile::members),
    ("encoding/base64.star", encoding::base64::members),
    ("encoding/csv.star", encoding::csv::members),
    ("encoding/json.star", encoding::json::members),
    ("encoding/yaml.star", encoding::yaml::members),
    ("hash.star", hash::members),
    ("hmac.star", hmac::members),
    ("qrcode.star", qrcode::members),
    ("re.star", re::members),
    ("time.star", time::members),
    ("math.star", math::members),
    ("random.star", random::members),
    ("strings.star", strings::members),
    ("sunrise.star", sunrise::members),
    ("humanize.star", humanize::members),
    ("i18n.star", i18n::members),
    ("schema.star", schema::members),
    ("http.star", http::members),
    ("xpath.star", xpath::members),
    ("html.star", html::members),
    ("bsoup.star", bsoup::members),
    ("secret.star", secret::members),
];

/// The module `name`, if it is one of ours.
pub fn native(name: &str) -> Option<FrozenModule> {
    static BUILT: OnceLock<HashMap<&'static str, FrozenModule>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        MODULES
            .iter()
            .map(|(name, members)| {
                let globals = GlobalsBuilder::new().with(members).build();
                let module = FrozenModule::from_globals(&globals).expect("native module globals freeze");
                (*name, module)
            })
            .collect()
    });
    built.get(name).cloned()
}

/// The names apps may load.
pub fn names() -> impl Iterator<Item = &'static str> {
    MODULES.iter().map(|(name, _)| *name)
}
