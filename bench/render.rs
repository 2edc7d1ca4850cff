//! Prints how long one frame takes per app: step, draw and brightness scaling,
//! plus the PNG encoding `GET /api/frame.png` does. Run with `cargo bench --bench render`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use retroboard::apps::Registry;
use retroboard::render::{Renderer, Scene};
use serde_json::{Map, json};

const FRAMES: u32 = 5_000;

fn main() {
    let registry = Arc::new(Registry::builtin());
    let cases = [
        ("clock", json!({})),
        ("clock", json!({"font": "10x20"})),
        ("scroll_text", json!({})),
        (
            "scroll_text",
            json!({"font": "9x18B", "text": "A much longer line of text to scroll by"}),
        ),
        ("stars", json!({})),
        ("stars", json!({"spawn_rate": 20, "lifetime": 200})),
    ];
    println!("{:<14} {:<60} {:>12}", "app", "config", "per frame");
    for (app, config) in cases {
        let saved: Map<_, _> = config.as_object().cloned().unwrap_or_default();
        let scene = Scene {
            app: Some(app.to_owned()),
            config: registry.get(app).expect("registered").schema.effective(&saved),
            brightness: 80,
            notification: None,
            custom: None,
        };
        let mut renderer = Renderer::new(Arc::clone(&registry), Vec::new(), 64, 32, 1);
        renderer.apply(&scene);
        let now = chrono::Local::now().naive_local();
        let started = Instant::now();
        for _ in 0..FRAMES {
            renderer.step(now);
            black_box(renderer.frame(now));
        }
        let per_frame = started.elapsed() / FRAMES;
        println!(
            "{app:<14} {:<60} {:>9.1} µs",
            config.to_string(),
            per_frame.as_secs_f64() * 1e6
        );
    }

    let mut renderer = Renderer::new(Arc::clone(&registry), Vec::new(), 64, 32, 1);
    renderer.apply(&Scene {
        app: Some("clock".into()),
        config: registry.get("clock").expect("registered").schema.effective(&Map::new()),
        brightness: 100,
        notification: None,
        custom: None,
    });
    let frame = renderer.frame(chrono::Local::now().naive_local());
    for scale in [1, 8, 32] {
        let started = Instant::now();
        for _ in 0..200 {
            black_box(frame.to_png(scale));
        }
        let per_png = started.elapsed() / 200;
        println!(
            "{:<14} {:<60} {:>9.1} µs",
            "frame.png",
            format!("scale {scale}"),
            per_png.as_secs_f64() * 1e6
        );
    }
}
