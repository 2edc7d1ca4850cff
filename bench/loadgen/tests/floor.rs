//! The floor server against the real load generator: every client gets every event, pings
//! flow and clients stay connected across ping rounds.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use retroboard_loadgen::plans::{self, BurstSpec, LevelsPlan};

async fn start_floor(ping_interval: Duration) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(retroboard_loadgen::floor::serve(listener, ping_interval));
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_client_gets_every_event() {
    let server = start_floor(Duration::from_secs(25)).await;
    let plan = LevelsPlan {
        levels: vec![3, 8],
        ramp_per_sec: 200.0,
        bursts: vec![BurstSpec {
            clients: 8,
            rate: 50.0,
            count: 120,
        }],
        idle_at: None,
        idle_secs: 0.0,
        grace_secs: 5.0,
    };
    let report = plans::levels(common::target(server), &plan).await.unwrap();

    assert_eq!(report.levels[1].memory.clients, 8);
    let burst = report.levels[1].burst.as_ref().expect("burst at 8 clients");
    let d = &burst.delivery;
    assert_eq!((d.expected, d.delivered, d.lost, d.late), (960, 960, 0, 0));
    assert_eq!(burst.commands.rejected + burst.commands.http_errors, 0);
    assert!(report.end.errors.is_empty(), "{:?}", report.end.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_answer_pings_and_stay_connected() {
    let server = start_floor(Duration::from_millis(100)).await;
    let hold = plans::hold(common::target(server), 5, 200.0, 0.55).await;
    assert_eq!(hold.grow.connected, 5);
    assert_eq!(hold.held.clients, 5);
    // Five rounds fit in the window; allow one to fall on its edge.
    assert!(hold.held.pings >= 4 * 5, "{} pings", hold.held.pings);
    assert_eq!(hold.end.dropped, 0);
}

#[tokio::test]
async fn bad_brightness_is_refused_and_changes_nothing() {
    let server = start_floor(Duration::from_secs(25)).await;
    let http = reqwest::Client::new();
    let url = format!("http://{server}/api/settings");
    let refused = http
        .post(&url)
        .header("content-type", "application/json")
        .body(r#"{"brightness":300}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let current = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert_eq!(current, r#"{"brightness":100}"#);
}
