//! The document's part for AWTRIX 3's calls ([`crate::http::awtrix`]) and
//! the keys content takes besides text ([`crate::content::Extras`]).

use serde_json::json;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{RefOr, Required};

use super::replies::Done;
use super::{COMMAND, COMMAND_WITH_BODY, OUT_OF_FILES, Op, color, flag, optional};
use crate::content::chart::MAX_VALUES;
use crate::content::draw::{INSTRUCTIONS, MAX_INSTRUCTIONS};
use crate::content::effects::{EFFECTS, PALETTES};
use crate::content::overlay::OVERLAYS;
use crate::content::{MAX_TEXT_OFFSET, MAX_TEXT_PERIOD_MS};
use crate::manager::signals::{KELVIN, MAX_PERIOD_MS, MAX_SLEEP};

const NO_SPEAKER: (u16, &str) = (501, "Always: this board has no speaker.");

pub(super) fn operations() -> Vec<Op> {
    let names = || ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String));
    let numbers = ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)));
    let mut ops = vec![
        Op::get("/api/stats", "stats")
            .summary("AWTRIX's stats: every key it sends, 0 for the sensors this board has not got")
            .reply_with(ObjectBuilder::new().schema_type(Type::Object).into())
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/loop", "loop")
            .summary("The apps in the rotation, each with its place")
            .reply_with(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                    .into(),
            )
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/screen", "screen")
            .summary("The frame on the panel: one 0xRRGGBB number a pixel, row by row")
            .reply_with(numbers.into())
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/transitions", "transitions")
            .summary("The transitions this board has, by AWTRIX's names")
            .reply_with(names().into())
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/effects", "effects")
            .summary("The background effects content may name")
            .reply_with(names().into())
            .refuses(&[OUT_OF_FILES]),
        command(
            "/api/power",
            "power",
            "`{\"power\": false}` stops the app, `true` brings back what ran last",
        )
        .body(object("power", ObjectBuilder::new().schema_type(Type::Boolean))),
        command("/api/sleep", "sleep", "Off for `sleep` seconds, then on again").body(object(
            "sleep",
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(1.0))
                .maximum(Some(MAX_SLEEP)),
        )),
        command(
            "/api/moodlight",
            "moodlight",
            "Fills the panel with a colour or colour temperature; no body or `{}` turns it off",
        )
        .body_required(moodlight_body(), Required::False),
        Op::post("/api/reboot", "reboot")
            .summary("Restarts the server under a supervisor (`--supervised`); any body is ignored")
            .reply::<Done>()
            .refuses(COMMAND)
            .refuses(&[(501, "No supervisor would start the server again.")]),
    ];
    for index in 1..=3 {
        let path = ["/api/indicator1", "/api/indicator2", "/api/indicator3"][index - 1];
        ops.push(
            command(
                path,
                &format!("indicator{index}"),
                "Lights, blinks, fades or (no body) hides a status dot",
            )
            .body_required(indicator_body(), Required::False),
        );
    }
    for (path, id) in [("/api/sound", "sound"), ("/api/rtttl", "rtttl")] {
        ops.push(
            Op::post(path, id)
                .summary("Not offered: answers 501")
                .refuses(COMMAND)
                .refuses(&[NO_SPEAKER]),
        );
    }
    ops
}

fn command(path: &'static str, id: &str, summary: &str) -> Op {
    Op::post(path, id)
        .summary(summary)
        .reply::<Done>()
        .refuses(COMMAND_WITH_BODY)
}

fn object(key: &str, value: ObjectBuilder) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(key, value)
        .required(key)
        .into()
}

fn period(about: &str, max: i64) -> ObjectBuilder {
    optional(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(max))
        .description(Some(about.to_owned()))
}

fn indicator_body() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(super::nullable(Type::Object))
        .property(
            "color",
            color().description(Some("Black or \"0\" hides it; left out keeps the colour.")),
        )
        .property("blink", period("On for this many ms, then off as long.", MAX_PERIOD_MS))
        .property("fade", period("Fades out and in over this many ms.", MAX_PERIOD_MS))
        .examples([json!({"color": "#FF0000", "blink": 500})])
        .into()
}

fn moodlight_body() -> RefOr<Schema> {
    let kelvin = optional(Type::Integer)
        .minimum(Some(*KELVIN.start()))
        .maximum(Some(*KELVIN.end()));
    let brightness = optional(Type::Integer).minimum(Some(0)).maximum(Some(255));
    ObjectBuilder::new()
        .schema_type(super::nullable(Type::Object))
        .property("color", color())
        .property("kelvin", kelvin)
        .property("brightness", brightness)
        .examples([json!({"kelvin": 2700, "brightness": 120})])
        .into()
}

/// The keys besides text that notifications and custom apps share.
pub(super) fn content_keys(object: ObjectBuilder) -> ObjectBuilder {
    let instruction_names: Vec<&str> = INSTRUCTIONS.iter().map(|(name, ..)| *name).collect();
    let draw = ArrayBuilder::new()
        .schema_type(super::nullable(Type::Array))
        .items(ObjectBuilder::new().schema_type(Type::Object))
        .max_items(Some(MAX_INSTRUCTIONS))
        .description(Some(format!(
            "Drawing instructions at AWTRIX's coordinates, each `{{\"NAME\": [arguments]}}`, NAME one of {}.",
            instruction_names.join(", ")
        )));
    let chart = || {
        ArrayBuilder::new()
            .schema_type(super::nullable(Type::Array))
            .items(ObjectBuilder::new().schema_type(Type::Number))
            .max_items(Some(MAX_VALUES))
    };
    let named = |names: Vec<&str>| {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)))
            .item(ObjectBuilder::new().schema_type(Type::Null))
    };
    let effect_settings = ObjectBuilder::new()
        .schema_type(super::nullable(Type::Object))
        .property("speed", optional(Type::Number))
        .property("palette", named(PALETTES.iter().map(|(name, _)| *name).collect()))
        .property("blend", optional(Type::Boolean));
    object
        .property("draw", draw)
        .property("bar", chart())
        .property("line", chart())
        .property("autoscale", flag("The largest value reaches the top (default)."))
        .property("barBC", color())
        .property(
            "gradient",
            OneOfBuilder::new()
                .item(ArrayBuilder::new().items(color()).min_items(Some(2)).max_items(Some(2)))
                .item(ObjectBuilder::new().schema_type(Type::Null)),
        )
        .property(
            "blinkText",
            period(
                "Shows the text the first half of each such period, ms.",
                MAX_TEXT_PERIOD_MS,
            ),
        )
        .property(
            "fadeText",
            period(
                "Fades the text out and in over each such period, ms.",
                MAX_TEXT_PERIOD_MS,
            ),
        )
        .property("noScroll", flag("Wide text stands still."))
        .property("topText", flag("Text over the icon, drawing and charts."))
        .property(
            "textOffset",
            optional(Type::Integer)
                .minimum(Some(-MAX_TEXT_OFFSET))
                .maximum(Some(MAX_TEXT_OFFSET)),
        )
        .property("pushIcon", optional(Type::Integer).minimum(Some(0)).maximum(Some(2)))
        .property("effect", named(EFFECTS.iter().map(|effect| effect.0).collect()))
        .property("effectSettings", effect_settings)
        .property("overlay", named(OVERLAYS.iter().map(|(name, _)| *name).collect()))
}
