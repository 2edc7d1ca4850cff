//! AWTRIX's drawing instructions, charts and text options, posted over HTTP as
//! notifications and custom apps and checked pixel by pixel on the panel.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{PATIENCE, StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

const RED: [u8; 3] = [255, 0, 0];
const GREEN: [u8; 3] = [0, 255, 0];
const BLUE: [u8; 3] = [0, 0, 255];
const WHITE: [u8; 3] = [255, 255, 255];

/// Every lit pixel of the panel: (x, y) to colour.
type Picture = BTreeMap<(u32, u32), [u8; 3]>;

async fn picture(server: &TestServer) -> Picture {
    let (width, _, rgb) = server.frame_png("?scale=1").await;
    rgb.chunks(3)
        .enumerate()
        .filter(|(_, p)| p != &[0, 0, 0])
        .map(|(at, p)| ((at as u32 % width, at as u32 / width), [p[0], p[1], p[2]]))
        .collect()
}

/// Polls the panel until it shows exactly `wanted`, failing with the last picture seen.
async fn shows_exactly(server: &TestServer, wanted: &Picture) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let seen = picture(server).await;
        if &seen == wanted {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the panel never showed {wanted:?}; last {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Polls the panel until `check` holds for what it shows, and returns that.
async fn shows(server: &TestServer, what: &str, check: impl Fn(&Picture) -> bool) -> Picture {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let seen = picture(server).await;
        if check(&seen) {
            return seen;
        }
        assert!(tokio::time::Instant::now() < deadline, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn lit(pixels: &[(u32, u32)], color: [u8; 3]) -> Picture {
    pixels.iter().map(|&at| (at, color)).collect()
}

async fn notify(server: &TestServer, body: Value) {
    let mut body = body;
    body["hold"] = json!(true);
    let (status, reply) = server.post("/api/notify", body.clone()).await;
    assert_eq!((status, reply), (StatusCode::OK, json!({"success": true})), "{body}");
}

#[tokio::test]
async fn each_drawing_instruction_lands_at_awtrix_s_coordinates() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let outline_3x3 = [(1, 1), (2, 1), (3, 1), (1, 2), (3, 2), (1, 3), (2, 3), (3, 3)];
    let cases: Vec<(Value, Picture)> = vec![
        (json!({"dp": [3, 2, "#FF0000"]}), lit(&[(3, 2)], RED)),
        (
            json!({"dl": [0, 0, 3, 0, [0, 255, 0]]}),
            lit(&[(0, 0), (1, 0), (2, 0), (3, 0)], GREEN),
        ),
        (json!({"dr": [1, 1, 3, 3, "FFFFFF"]}), lit(&outline_3x3, WHITE)),
        (
            json!({"df": [1, 1, 3, 3, "0000FF"]}),
            lit(&[outline_3x3.as_slice(), &[(2, 2)]].concat(), BLUE),
        ),
        (
            json!({"dc": [10, 4, 1, "#FF0000"]}),
            lit(&[(10, 3), (9, 4), (11, 4), (10, 5)], RED),
        ),
        (
            json!({"dfc": [10, 4, 1, "#FF0000"]}),
            lit(&[(10, 3), (9, 4), (10, 4), (11, 4), (10, 5)], RED),
        ),
        (
            json!({"db": [4, 5, 2, 2, [0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF]]}),
            Picture::from([((4, 5), RED), ((5, 5), GREEN), ((4, 6), BLUE), ((5, 6), WHITE)]),
        ),
    ];
    for (instruction, wanted) in cases {
        notify(&server, json!({"draw": [instruction]})).await;
        shows_exactly(&server, &wanted).await;
        server.post("/api/notify/dismiss", json!({})).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn drawn_text_and_a_circle_of_radius_two_keep_their_shape() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"draw": [{"dc": [10, 4, 2, "FFFFFF"]}]})).await;
    // The clock runs until the notification's first frame; it never lights the ring's top.
    let ring = shows(&server, "a ring", |p| p.contains_key(&(10, 2))).await;
    let (xs, ys): (Vec<u32>, Vec<u32>) = ring.keys().copied().unzip();
    assert_eq!(
        (xs.iter().min(), xs.iter().max(), ys.iter().min(), ys.iter().max()),
        (Some(&8), Some(&12), Some(&2), Some(&6)),
        "five pixels across, centred on (10, 4): {ring:?}"
    );
    assert!(!ring.contains_key(&(10, 4)), "a ring is hollow");
    server.post("/api/notify/dismiss", json!({})).await;

    notify(&server, json!({"draw": [{"dt": [20, 1, "I", "#00FF00"]}]})).await;
    let text = shows(&server, "drawn text", |p| p.values().any(|c| *c == GREEN)).await;
    assert!(
        text.iter()
            .all(|(&(x, y), &c)| (20..24).contains(&x) && (1..8).contains(&y) && c == GREEN),
        "tom-thumb's I below and right of (20, 1): {text:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_custom_app_of_drawing_alone_shows_when_switched_to_by_awtrix_s_name() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let body = json!({"draw": [{"df": [0, 0, 2, 2, "#FF0000"]}, {"dp": [5, 5, [0, 0, 255]]}]});
    let (status, _) = server.post("/api/custom?name=art", body).await;
    assert_eq!(status, StatusCode::OK);
    let (status, reply) = server.post("/api/switch", json!({"name": "art"})).await;
    assert_eq!(
        (status, reply),
        (StatusCode::OK, json!({"success": true, "app": "art"}))
    );
    let mut wanted = lit(&[(0, 0), (1, 0), (0, 1), (1, 1)], RED);
    wanted.insert((5, 5), BLUE);
    shows_exactly(&server, &wanted).await;
    server.stop().await;
}

#[tokio::test]
async fn bars_fill_their_share_of_the_panel_up_to_their_scaled_height() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    // 4 bars across 64 columns with a column between them: 15 wide, 16 apart;
    // the largest value reaches the top of the 32 rows.
    notify(&server, json!({"bar": [1, 2, 4, 0], "color": "#FF0000"})).await;
    let mut wanted = Picture::new();
    for (bar, height) in [(0, 8), (1, 16), (2, 32)] {
        for x in bar * 16..bar * 16 + 15 {
            for y in 32 - height..32 {
                wanted.insert((x, y), RED);
            }
        }
    }
    shows_exactly(&server, &wanted).await;

    server.post("/api/notify/dismiss", json!({})).await;
    // Without autoscale values are heights on AWTRIX's 8 rows; barBC paints the rest of each column.
    let body = json!({"bar": [8, 2], "autoscale": false, "color": "#00FF00", "barBC": "#0000FF"});
    notify(&server, body).await;
    let mut wanted = Picture::new();
    for x in 0..31 {
        for y in 0..32 {
            wanted.insert((x, y), GREEN);
            wanted.insert((x + 32, y), if y >= 24 { GREEN } else { BLUE });
        }
    }
    shows_exactly(&server, &wanted).await;
    server.stop().await;
}

#[tokio::test]
async fn a_line_chart_runs_from_the_left_edge_to_the_right() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"line": [0, 10], "color": "#FFFFFF"})).await;
    let line = shows(&server, "a line", |p| p.contains_key(&(0, 31))).await;
    assert_eq!((line.get(&(0, 31)), line.get(&(63, 0))), (Some(&WHITE), Some(&WHITE)));
    assert_eq!(line.len(), 64, "one pixel a column: {line:?}");
    server.stop().await;
}

#[tokio::test]
async fn text_options_change_where_and_how_text_is_drawn() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"text": "HI", "color": "#FF0000"})).await;
    let plain = shows(&server, "red text", |p| p.values().any(|c| *c == RED)).await;
    server.post("/api/notify/dismiss", json!({})).await;

    notify(&server, json!({"text": "HI", "color": "#FF0000", "textOffset": 5})).await;
    let moved: Picture = plain.iter().map(|(&(x, y), &c)| ((x + 5, y), c)).collect();
    shows_exactly(&server, &moved).await;
    server.post("/api/notify/dismiss", json!({})).await;

    notify(&server, json!({"text": "IIII", "gradient": ["#FF0000", "#0000FF"]})).await;
    let gradient = shows(&server, "gradient text", |p| p.values().any(|c| *c == BLUE)).await;
    let first = gradient.iter().min_by_key(|((x, _), _)| *x).unwrap().1;
    let last = gradient.iter().max_by_key(|((x, _), _)| *x).unwrap().1;
    assert_eq!((first, last), (&RED, &BLUE));
    server.post("/api/notify/dismiss", json!({})).await;

    // Too wide to fit, yet it stands still at the left edge.
    let long = "A message far too long for the panel";
    notify(&server, json!({"text": long, "noScroll": true, "color": "#00FF00"})).await;
    let still = shows(&server, "still text", |p| p.values().any(|c| *c == GREEN)).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(picture(&server).await, still, "it does not scroll");
    assert_eq!(still.keys().map(|(x, _)| *x).min(), Some(0));
    server.post("/api/notify/dismiss", json!({})).await;

    // An effect fills the background behind the text.
    notify(&server, json!({"effect": "Plasma"})).await;
    shows(&server, "the plasma", |p| p.len() > 64 * 32 / 2).await;
    server.stop().await;
}

#[tokio::test]
async fn bad_drawing_and_charts_are_refused_naming_the_key_and_change_nothing() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let cases = [
        (
            json!({"draw": [{"dp": [1, "#FF0000"]}]}),
            "'draw' entry 0: 'dp' takes [x, y, colour]",
        ),
        (
            json!({"draw": [{"dq": [1, 1, "#FF0000"]}]}),
            "'draw' entry 0: unknown instruction 'dq'",
        ),
        (
            json!({"bar": vec![1; 17]}),
            "'bar' has 17 values; at most 16 are allowed",
        ),
        (json!({"line": ["high"]}), "'line' must be a list of at most 16 numbers"),
        (json!({"text": "x", "effect": "Sparkle"}), "'effect'"),
        (json!({"text": "x", "overlay": "hail"}), "'overlay'"),
        (json!({"text": "x", "pushIcon": 3}), "'pushIcon'"),
    ];
    for (body, says) in cases {
        let (status, reply) = server.post("/api/notify", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = reply["error"].as_str().unwrap();
        assert!(error.contains(says), "{body}: {error}");
        let (status, reply) = server.post("/api/custom?name=bad", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
    }
    let (_, showing) = server.get("/api/notify").await;
    assert_eq!(showing, json!({"active": null, "queued": 0}));
    let (_, apps) = server.get("/api/apps").await;
    assert!(!apps["apps"].as_array().unwrap().contains(&json!("bad")));
    server.stop().await;
}

#[tokio::test]
async fn a_custom_app_kept_past_its_lifetime_is_framed_as_stale_until_updated() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    let body = json!({"draw": [{"dp": [5, 5, "#00FF00"]}], "lifetime": 1, "lifetimeMode": 1});
    let (status, _) = server.post("/api/custom?name=sensor", body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server.post("/api/switch", json!({"name": "sensor"})).await;
    assert_eq!(status, StatusCode::OK);
    shows_exactly(&server, &lit(&[(5, 5)], GREEN)).await;
    let stale = [110, 7, 0];
    let framed = shows(&server, "the stale frame", |p| p.get(&(0, 0)) == Some(&stale)).await;
    assert_eq!(
        framed.len(),
        1 + 2 * 64 + 2 * 30,
        "the edge and the drawing: {framed:?}"
    );
    let (_, apps) = server.get("/api/apps").await;
    assert!(apps["apps"].as_array().unwrap().contains(&json!("sensor")), "kept");

    let (status, _) = server.post("/api/custom?name=sensor", body).await;
    assert_eq!(status, StatusCode::OK);
    shows_exactly(&server, &lit(&[(5, 5)], GREEN)).await;
    server.stop().await;
}

#[tokio::test]
async fn blinking_text_comes_and_goes_and_snow_falls_over_it() {
    let dir = StateDir::new();
    let server = TestServer::spawn(&dir).await;
    notify(&server, json!({"text": "HI", "color": "#FF0000", "blinkText": 400})).await;
    shows(&server, "the text", |p| p.values().any(|c| *c == RED)).await;
    shows(&server, "the text blinked off", Picture::is_empty).await;
    shows(&server, "the text back", |p| p.values().any(|c| *c == RED)).await;
    server.post("/api/notify/dismiss", json!({})).await;

    notify(&server, json!({"text": "HI", "color": "#FF0000", "overlay": "snow"})).await;
    let grey = |c: &[u8; 3]| c[0] > 0 && c[0] == c[1] && c[1] == c[2];
    let first = shows(&server, "snow and text", |p| {
        p.values().any(grey) && p.values().any(|c| *c == RED)
    })
    .await;
    shows(&server, "the snow falling", |p| {
        let flakes = |p: &Picture| p.iter().filter(|(_, c)| grey(c)).map(|(at, _)| *at).collect::<Vec<_>>();
        flakes(p) != flakes(&first)
    })
    .await;
    server.stop().await;
}
