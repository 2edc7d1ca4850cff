//! The modules apps load (`encoding/json.star`, `re.star`, ...), driven
//! through small apps of our own and checked against the behaviour Pixlet
//! documents and tests.

#[path = "../common/mod.rs"]
mod common;

mod color;
mod fake_web;
mod filter;
mod support;

mod assert;
mod base64;
mod bsoup;
mod cache;
mod csv;
mod gzip;
mod hash;
mod hmac;
mod html;
mod http;
mod humanize;
mod i18n;
mod json;
mod math;
mod qrcode;
mod random;
mod re;
mod schema;
mod schema_apps;
mod schema_handlers;
mod secret;
mod strings;
mod sunrise;
mod time;
mod xpath;
mod yaml;
mod zipfile;
