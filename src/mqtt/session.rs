//! One MQTT session with the broker, from connecting to a clean goodbye.
//!
//! rumqttc's event loop does the protocol; it must be polled for anything to
//! move, so it runs apart from the tasks that publish (which wait on the
//! loop when its request queue is full). Each connection acknowledged counts
//! a new session on a watch channel: the tasks then subscribe, say `online`
//! and publish the state and the discovery configs again, since a restarted
//! broker may have lost them. A lost connection is retried with a growing
//! pause; commands resume with the next session.

use std::sync::Arc;
use std::time::Duration;

use rumqttc::{AsyncClient, Event, EventLoop, Incoming, Outgoing, Publish, QoS};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::commands::{self, Board};
use super::discovery::Discovery;
use super::status::{Connection, Status};
use super::topics::Topics;
use super::{Settings, state};

/// Requests the client may queue for the event loop.
const REQUEST_QUEUE: usize = 64;
/// Commands received but not yet run; past this, new ones are dropped with a warning.
const COMMAND_QUEUE: usize = 256;
/// How long the goodbye (`offline`, then a disconnect) may take at shutdown.
const GOODBYE: Duration = Duration::from_secs(3);
/// The pauses between reconnection attempts: doubling from the first to the last.
const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_LAST: Duration = Duration::from_secs(30);

/// Holds a session until `stop`, then says `offline` and disconnects.
pub async fn run(settings: Arc<Settings>, board: Board, status: Arc<Status>, stop: CancellationToken) {
    let manager = board.manager.clone();
    let topics = Topics::new(&settings.prefix);
    let client_id = format!("retroboard-{:08x}", rand::random::<u32>());
    let options = match settings
        .broker
        .options(&client_id, &topics.status(), packet_limit(settings.max_payload))
        .await
    {
        Ok(options) => options,
        Err(error) => {
            tracing::error!(%error, "cannot set up MQTT; it stays off");
            status.failed(format!("cannot set up MQTT: {error}"));
            return;
        }
    };
    status.set(Connection::Connecting);
    let (client, events) = AsyncClient::new(options, REQUEST_QUEUE);
    let (connected, sessions) = watch::channel(0u64);
    let (received, commands) = mpsc::channel(COMMAND_QUEUE);

    let mut tasks = JoinSet::new();
    state::spawn(&mut tasks, &client, &manager, &topics, &sessions, &stop);
    if !settings.discovery_prefix.is_empty() {
        let discovery = Discovery::new(&settings.discovery_prefix, topics.clone());
        tasks.spawn(discovery.run(client.clone(), manager.clone(), sessions.clone(), stop.clone()));
    }
    let max_payload = settings.max_payload;
    tasks.spawn(obey(
        client,
        board,
        topics,
        max_payload,
        sessions,
        commands,
        stop.clone(),
    ));
    drive(events, connected, received, &status, stop).await;
    // Those still waiting on the event loop (the broker is gone) are ended here.
    tasks.shutdown().await;
    status.set(Connection::Standby);
}

/// The largest packet taken from the broker. A bigger one would end the
/// connection, so the limit sits well above `--max-payload`: a payload a
/// little too large is answered on the error topic like any refusal.
fn packet_limit(max_payload: usize) -> usize {
    max_payload.saturating_mul(4).max(1 << 20)
}

/// Polls the event loop: counts sessions, hands received commands on, and
/// retries a lost connection after a pause. After `stop`, polls until the
/// disconnect is out (or [`GOODBYE`] has passed).
async fn drive(
    mut events: EventLoop,
    connected: watch::Sender<u64>,
    received: mpsc::Sender<Publish>,
    status: &Status,
    stop: CancellationToken,
) {
    let mut retry = RETRY_FIRST;
    let mut reachable = true;
    loop {
        let event = tokio::select! {
            () = stop.cancelled() => break,
            event = events.poll() => event,
        };
        match event {
            Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                tracing::info!("connected to the MQTT broker");
                (retry, reachable) = (RETRY_FIRST, true);
                status.set(Connection::Connected);
                connected.send_modify(|sessions| *sessions += 1);
            }
            Ok(Event::Incoming(Incoming::Publish(publish))) => {
                if received.try_send(publish).is_err() {
                    tracing::warn!("too many MQTT commands waiting; dropped one");
                }
            }
            Ok(_) => {}
            Err(error) => {
                status.failed(error.to_string());
                if reachable {
                    tracing::warn!(%error, "lost the MQTT broker; retrying until it is back");
                    reachable = false;
                } else {
                    tracing::debug!(%error, ?retry, "MQTT broker still unreachable");
                }
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(retry) => {}
                }
                retry = (retry * 2).min(RETRY_LAST);
            }
        }
    }
    let goodbye = tokio::time::sleep(GOODBYE);
    tokio::pin!(goodbye);
    loop {
        tokio::select! {
            () = &mut goodbye => return,
            event = events.poll() => match event {
                Ok(Event::Outgoing(Outgoing::Disconnect)) | Err(_) => return,
                Ok(_) => {}
            },
        }
    }
}

/// Subscribes and says `online` on every new session, and runs the commands
/// received, answering a refusal on the error topic. At `stop`, says
/// `offline` and disconnects.
async fn obey(
    client: AsyncClient,
    board: Board,
    topics: Topics,
    max_payload: usize,
    mut sessions: watch::Receiver<u64>,
    mut commands: mpsc::Receiver<Publish>,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            changed = sessions.changed() => {
                if changed.is_err() || greet(&client, &topics).await.is_err() {
                    return;
                }
            }
            Some(publish) = commands.recv() => {
                let Some(request) = topics.request(&publish.topic) else { continue };
                let Err(error) = board.execute(request, &publish.payload, max_payload).await else { continue };
                tracing::info!(topic = %publish.topic, %error, "MQTT command refused");
                let answer = commands::refusal(&publish.topic, &error).to_string();
                if client.publish(topics.error(), QoS::AtLeastOnce, false, answer).await.is_err() {
                    return;
                }
            }
        }
    }
    // Not waiting: with the broker gone the queue may be full, and nobody is listening anyway.
    let _ = client.try_publish(topics.status(), QoS::AtLeastOnce, true, "offline");
    let _ = client.try_disconnect();
}

async fn greet(client: &AsyncClient, topics: &Topics) -> Result<(), rumqttc::ClientError> {
    for filter in topics.subscriptions() {
        client.subscribe(filter, QoS::AtLeastOnce).await?;
    }
    client.publish(topics.status(), QoS::AtLeastOnce, true, "online").await
}
