//! Smoke test of the whole harness against the bare axum + socketioxide server, in-process: a few
//! clients, a few commands, every plan. Keeps the benchmark from silently rotting.

use retroboard_loadgen::fleet::Target;
use retroboard_loadgen::plans::{self, BurstSpec, LevelsPlan};
use std::net::{Ipv4Addr, SocketAddr};

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

fn target(server: SocketAddr) -> Target {
    Target {
        server,
        sources: vec![Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)],
        server_pid: Some(std::process::id()),
    }
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
    let report = plans::levels(target(server), &plan).await.unwrap();

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
    assert!(report.end.kernel_stamps + report.end.fallback_stamps > 0);
    assert!(report.end.errors.is_empty(), "{:?}", report.end.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_and_hold_plans_report_held_rates_and_clients() {
    let server = start_server().await;
    let steps = plans::steps(target(server), 4, 200.0, &[10.0, 20.0], 0.5)
        .await
        .unwrap();
    assert_eq!(steps.steps.len(), 2);
    assert_eq!(steps.max_sustained_rate, Some(20.0));
    assert_eq!(steps.max_sustained_deliveries_per_sec, Some(80.0));

    let hold = plans::hold(target(server), 5, 200.0, 0.3).await;
    assert_eq!(hold.grow.connected, 5);
    assert_eq!(hold.held.clients, 5);
    assert_eq!(hold.end.dropped, 0);
}
