//! Smoke test of the whole harness against the bare axum + socketioxide server, in-process: a few
//! clients, a few commands, every plan. Keeps the benchmark from silently rotting.

mod common;

use retroboard_loadgen::plans::{self, BurstSpec, LevelsPlan};
use std::net::SocketAddr;

async fn start_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, retroboard_loadgen::bare::router(Default::default()))
            .await
            .unwrap()
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn levels_plan_delivers_every_command_to_every_client() {
    let server = start_server().await;
    let plan = LevelsPlan {
        levels: vec![3, 6],
        ramp_per_sec: 200.0,
        bursts: vec![BurstSpec {
            clients: 6,
            rate: 50.0,
            count: 120,
        }],
        idle_at: Some(3),
        idle_secs: 0.2,
        grace_secs: 5.0,
    };
    let report = plans::levels(common::target(server), &plan).await.unwrap();

    assert_eq!(report.levels.len(), 2);
    assert_eq!(report.levels[1].memory.clients, 6);
    assert!(report.levels[0].idle.is_some());
    let burst = report.levels[1].burst.as_ref().expect("burst at 6 clients");
    let d = &burst.delivery;
    // 120 commands wrap past the 101 distinct brightness values, exercising the matching.
    assert_eq!((d.expected, d.delivered, d.lost, d.late), (720, 720, 0, 0));
    assert!(d.latency.p50 > 0.0 && d.latency.max < 1000.0, "{:?}", d.latency);
    assert_eq!(d.last_client.samples, 120);
    assert_eq!(burst.commands.rejected + burst.commands.http_errors, 0);
    assert_eq!(burst.commands.reply.samples, 120);
    assert!(burst.commands.slowest_reply_index.is_some_and(|index| index < 120));
    assert!(report.end.kernel_stamps + report.end.fallback_stamps > 0);
    assert!(report.end.errors.is_empty(), "{:?}", report.end.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_and_hold_plans_report_held_rates_and_clients() {
    let server = start_server().await;
    let steps = plans::steps(common::target(server), 4, 200.0, &[10.0, 20.0], 0.5)
        .await
        .unwrap();
    assert_eq!(steps.steps.len(), 2);
    assert_eq!(steps.max_sustained_rate, Some(20.0));
    assert_eq!(steps.max_sustained_deliveries_per_sec, Some(80.0));

    let hold = plans::hold(common::target(server), 5, 200.0, 0.3).await;
    assert_eq!(hold.grow.connected, 5);
    assert_eq!(hold.held.clients, 5);
    assert_eq!(hold.end.dropped, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shares_of_a_spread_fleet_match_the_senders_commands() {
    use retroboard_loadgen::spread;
    use tokio::sync::oneshot;

    let server = start_server().await;
    let mut shares = Vec::new();
    let mut readies = Vec::new();
    let mut feeds = Vec::new();
    for clients in [3, 4] {
        let (ready_tx, ready_rx) = oneshot::channel();
        let (sent_tx, sent_rx) = oneshot::channel();
        shares.push(tokio::spawn(spread::share(
            common::target(server),
            clients,
            200.0,
            ready_tx,
            sent_rx,
        )));
        readies.push(ready_rx);
        feeds.push(sent_tx);
    }
    for ready in readies {
        let ready = ready.await.unwrap();
        assert_eq!(ready.grow.failed, 0);
    }
    let sent = spread::send(server, 30, 100.0).await.unwrap();
    assert_eq!(sent.sent.send_ns.len(), 30);
    // Let the last broadcasts land before the shares stop recording.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    for feed in feeds {
        feed.send(sent.sent.clone()).unwrap();
    }
    let mut latencies = 0;
    for (share, clients) in shares.into_iter().zip([3u64, 4]) {
        let report = share.await.unwrap().unwrap();
        assert_eq!(report.clients, clients);
        assert_eq!((report.delivery.delivered, report.delivery.lost), (30 * clients, 0));
        assert_eq!(report.got, vec![clients; 30]);
        assert!(report.last_ns.iter().all(|&ns| ns > 0 && ns < 1_000_000_000));
        latencies += report.latencies_us.len();
    }
    assert_eq!(latencies, 30 * 7);
}
