//! Outputs seen from outside: DDP and E1.31 receivers on loopback and a command
//! reading frames get the panel's frames, and failing outputs hold up nothing.

mod common;

use std::collections::{HashMap, VecDeque};
use std::net::Ipv4Addr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{StateDir, TestServer};
use sacn::packet::{AcnRootLayerProtocol, E131RootLayerData};
use serde_json::{Value, json};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

/// Receives DDP packets until a frame is complete (its pushed packet), and rebuilds it.
async fn next_frame(receiver: &UdpSocket, size: usize) -> Vec<u8> {
    let mut frame = vec![0u8; size];
    let mut buffer = [0u8; 2048];
    loop {
        let length = tokio::time::timeout(common::PATIENCE, receiver.recv(&mut buffer))
            .await
            .expect("a DDP packet in time")
            .unwrap();
        let packet = &buffer[..length];
        let offset = u32::from_be_bytes(packet[4..8].try_into().unwrap()) as usize;
        let data = &packet[10..];
        frame[offset..offset + data.len()].copy_from_slice(data);
        if packet[0] & 0x01 == 0x01 {
            return frame;
        }
    }
}

#[tokio::test]
async fn a_ddp_receiver_gets_the_panel_and_a_refresh_every_second() {
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("ddp://{}", receiver.local_addr().unwrap());
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &display, "--app", "clock"]).await;

    // The clock changes once a second, so compare until a frame and the PNG agree.
    let mut matched = false;
    for _ in 0..5 {
        let received = next_frame(&receiver, 64 * 32 * 3).await;
        let (_, _, png) = server.frame_png("?scale=1").await;
        if received == png {
            matched = true;
            break;
        }
    }
    assert!(matched, "the DDP frame equals /api/frame.png pixel for pixel");

    // A still picture is sent again every second.
    server.post("/api/stop", json!({})).await;
    let blank = vec![0u8; 64 * 32 * 3];
    while next_frame(&receiver, blank.len()).await != blank {}
    let started = tokio::time::Instant::now();
    let mut refreshes = 0;
    while started.elapsed() < Duration::from_millis(2500) {
        assert_eq!(next_frame(&receiver, blank.len()).await, blank);
        refreshes += 1;
    }
    assert!((2..=4).contains(&refreshes), "{refreshes} refreshes in 2.5 s");

    let (_, displays) = server.get("/api/displays").await;
    let status = &displays["displays"][0];
    assert_eq!(
        (status["name"].as_str(), status["status"].as_str()),
        (Some(display.as_str()), Some("ok"))
    );
    assert!(status["frames_sent"].as_u64().unwrap() >= 3);
    server.stop().await;
}

/// Frames a DDP receiver rebuilt, newest last, and the first packet that broke the protocol.
#[derive(Default)]
struct Received {
    frames: VecDeque<Vec<u8>>,
    broken: Option<String>,
}

/// Receives DDP frames of `size` bytes in the background, checking every
/// packet's header: offsets in order from 0, 1440 bytes but the last, the
/// push flag only on the last, one sequence number per frame, cycling 1..=15.
fn receive_ddp(receiver: UdpSocket, size: usize) -> Arc<Mutex<Received>> {
    let received = Arc::new(Mutex::new(Received::default()));
    let shared = Arc::clone(&received);
    tokio::spawn(async move {
        let packets = size.div_ceil(1440);
        let mut previous_sequence = None;
        let mut buffer = [0u8; 2048];
        loop {
            let mut frame = Vec::with_capacity(size);
            let mut sequence = None;
            for index in 0..packets {
                let length = receiver.recv(&mut buffer).await.unwrap();
                let packet = &buffer[..length];
                let offset = u32::from_be_bytes(packet[4..8].try_into().unwrap()) as usize;
                let data_length = u16::from_be_bytes(packet[8..10].try_into().unwrap()) as usize;
                let last = index + 1 == packets;
                let expected_length = if last { size - index * 1440 } else { 1440 };
                let problem = if packet[0] != if last { 0x41 } else { 0x40 } {
                    Some(format!("flags {:#x} on packet {index} of {packets}", packet[0]))
                } else if packet[2..4] != [0x0B, 1] {
                    Some(format!("data type and id {:?}", &packet[2..4]))
                } else if (offset, data_length, length) != (index * 1440, expected_length, 10 + expected_length) {
                    Some(format!("packet {index}: offset {offset}, length {data_length}"))
                } else if sequence.is_some_and(|sequence| sequence != packet[1]) {
                    Some(format!("sequence {} changed within a frame", packet[1]))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    shared.lock().unwrap().broken.get_or_insert(problem);
                    return;
                }
                sequence = Some(packet[1]);
                frame.extend_from_slice(&packet[10..]);
            }
            let sequence = sequence.unwrap();
            let mut received = shared.lock().unwrap();
            if let Some(previous) = previous_sequence.replace(sequence)
                && sequence != previous % 15 + 1
            {
                received
                    .broken
                    .get_or_insert(format!("sequence {sequence} after {previous}"));
                return;
            }
            received.frames.push_back(frame);
            if received.frames.len() > 240 {
                received.frames.pop_front();
            }
        }
    });
    received
}

/// Waits until a frame the receiver rebuilt equals `expected` (the panel's
/// PNG mapped by the display's options), trying a few PNGs in a row; an
/// all-black PNG proves nothing about the mapping and is skipped.
async fn wait_for_match(server: &TestServer, received: &Mutex<Received>, expected: impl Fn(&[u8]) -> Vec<u8>) {
    for _ in 0..20 {
        let (_, _, png) = server.frame_png("?scale=1").await;
        if png.iter().all(|&channel| channel == 0) {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        let wanted = expected(&png);
        for _ in 0..20 {
            {
                let received = received.lock().unwrap();
                assert_eq!(received.broken, None, "every DDP packet is well formed");
                if received.frames.iter().any(|frame| *frame == wanted) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("no DDP frame equals the panel's PNG mapped by the display's options");
}

/// The pixel (x, y) of a row-major RGB picture `width` pixels wide.
fn pixel(rgb: &[u8], width: usize, x: usize, y: usize) -> [u8; 3] {
    let at = (y * width + x) * 3;
    [rgb[at], rgb[at + 1], rgb[at + 2]]
}

/// Colours the text of the clock and the scrolling text with three different
/// channel values, so any change of colour order shows.
async fn colour_the_text(server: &TestServer) {
    for app in ["clock", "scroll_text"] {
        let (status, _) = server
            .post(&format!("/api/apps/{app}/config"), json!({"color": [250, 120, 30]}))
            .await;
        assert!(status.is_success());
    }
}

/// Runs a `width` x `height` board showing `app`, then the scrolling text, on
/// a DDP display with `options`; the receiver must rebuild each picture as
/// `device` maps the panel's PNG.
async fn ddp_frames_match_the_mapped_png(
    options: &str,
    (width, height): (usize, usize),
    app: &str,
    device: impl Fn(&[u8]) -> Vec<u8>,
) {
    let receiver = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("ddp://{}?{options}", receiver.local_addr().unwrap());
    let received = receive_ddp(receiver, width * height * 3);
    let dir = StateDir::new();
    let (width_arg, height_arg) = (width.to_string(), height.to_string());
    let args = [
        "--display",
        &display,
        "--width",
        &width_arg,
        "--height",
        &height_arg,
        "--app",
        app,
    ];
    let server = TestServer::spawn_with(&dir, &args).await;
    colour_the_text(&server).await;
    wait_for_match(&server, &received, &device).await;
    server.post("/api/switch", json!({"app": "scroll_text"})).await;
    wait_for_match(&server, &received, &device).await;
    server.stop().await;
}

#[tokio::test]
async fn a_128x64_panel_turned_a_quarter_with_serpentine_rows_and_grb_order_matches_the_png() {
    let (width, height) = (128, 64);
    // Turned clockwise the device is 64 wide and 128 high: its pixel (x, y)
    // is the panel's (y, 63 - x), every second row runs right to left, and
    // green goes first.
    let turned_serpentine_grb = |png: &[u8]| {
        let mut device = Vec::new();
        for y in 0..width {
            for x in 0..height {
                let x = if y % 2 == 1 { height - 1 - x } else { x };
                let [red, green, blue] = pixel(png, width, y, height - 1 - x);
                device.extend([green, red, blue]);
            }
        }
        device
    };
    let options = "rotate=90&serpentine=true&order=GRB";
    ddp_frames_match_the_mapped_png(options, (width, height), "clock", turned_serpentine_grb).await;
}

#[tokio::test]
async fn an_odd_sized_panel_mirrored_with_bgr_order_matches_the_png() {
    let (width, height) = (37, 19);
    let upside_down_bgr = |png: &[u8]| {
        let mut device = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let [red, green, blue] = pixel(png, width, x, height - 1 - y);
                device.extend([blue, green, red]);
            }
        }
        device
    };
    ddp_frames_match_the_mapped_png("mirror=vertical&order=BGR", (width, height), "stars", upside_down_bgr).await;
}

/// An E1.31 receiver on loopback: rebuilds whole frames from their universes
/// and checks that each universe's sequence numbers run on by one.
struct E131Receiver {
    socket: UdpSocket,
    first: u16,
    sequences: HashMap<u16, u8>,
}

impl E131Receiver {
    /// The next frame of `size` bytes all of whose universes arrived.
    async fn next_frame(&mut self, size: usize) -> Vec<u8> {
        let universes = (size / 3).div_ceil(170);
        let mut frame = vec![0u8; size];
        let mut received = 0;
        let mut buffer = [0u8; 1024];
        loop {
            let length = tokio::time::timeout(common::PATIENCE, self.socket.recv(&mut buffer))
                .await
                .expect("an E1.31 packet in time")
                .unwrap();
            let packet = &buffer[..length];
            let universe = u16::from_be_bytes([packet[113], packet[114]]);
            let sequence = packet[111];
            if let Some(last) = self.sequences.insert(universe, sequence) {
                assert_eq!(sequence, last.wrapping_add(1), "universe {universe}");
            }
            let offset = usize::from(universe - self.first) * 510;
            let channels = &packet[126..];
            frame[offset..offset + channels.len()].copy_from_slice(channels);
            received += 1;
            if usize::from(universe - self.first) == universes - 1 {
                if received == universes {
                    return frame;
                }
                received = 0;
            }
        }
    }
}

#[tokio::test]
async fn an_e131_receiver_gets_the_panel_from_its_universe_and_a_refresh_every_second() {
    let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let display = format!("e131://{}?universe=3", socket.local_addr().unwrap());
    let mut receiver = E131Receiver {
        socket,
        first: 3,
        sequences: HashMap::new(),
    };
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &display, "--app", "clock"]).await;

    // The clock changes once a second, so compare until a frame and the PNG agree.
    let mut matched = false;
    for _ in 0..5 {
        let received = receiver.next_frame(64 * 32 * 3).await;
        let (_, _, png) = server.frame_png("?scale=1").await;
        if received == png {
            matched = true;
            break;
        }
    }
    assert!(matched, "the E1.31 frame equals /api/frame.png pixel for pixel");
    assert_eq!(
        receiver.sequences.keys().min().zip(receiver.sequences.keys().max()),
        Some((&3, &15)),
        "13 universes from the third"
    );

    // A still picture is sent again every second.
    server.post("/api/stop", json!({})).await;
    let blank = vec![0u8; 64 * 32 * 3];
    while receiver.next_frame(blank.len()).await != blank {}
    let started = tokio::time::Instant::now();
    let mut refreshes = 0;
    while started.elapsed() < Duration::from_millis(3500) {
        assert_eq!(receiver.next_frame(blank.len()).await, blank);
        refreshes += 1;
    }
    assert!((2..=5).contains(&refreshes), "{refreshes} refreshes in 3.5 s");

    let (_, displays) = server.get("/api/displays").await;
    let status = &displays["displays"][0];
    assert_eq!(
        (status["name"].as_str(), status["status"].as_str()),
        (Some(display.as_str()), Some("ok"))
    );
    server.stop().await;
}

/// What an E1.31 multicast receiver read from a group, by the `sacn` crate.
enum Sacn {
    Data {
        universe: u16,
        sequence: u8,
        sync: u16,
        channels: Vec<u8>,
    },
    Sync {
        universe: u16,
    },
}

/// The multicast group of `universe`, as E1.31 lays them out.
fn e131_group(universe: u16) -> Ipv4Addr {
    let [high, low] = universe.to_be_bytes();
    Ipv4Addr::new(239, 255, high, low)
}

/// Receives what is sent to the group of `universe` at `port` (a free one when 0), joined on
/// loopback only, passing each packet on with the group's universe; returns the port.
fn receive_e131_group(universe: u16, port: u16, packets: mpsc::UnboundedSender<(u16, Sacn)>) -> u16 {
    let group = e131_group(universe);
    let socket = std::net::UdpSocket::bind((group, port)).unwrap();
    socket.join_multicast_v4(&group, &Ipv4Addr::LOCALHOST).unwrap();
    socket.set_nonblocking(true).unwrap();
    let port = socket.local_addr().unwrap().port();
    let socket = UdpSocket::from_std(socket).unwrap();
    tokio::spawn(async move {
        let mut buffer = [0u8; 1024];
        loop {
            let length = socket.recv(&mut buffer).await.unwrap();
            let parsed = AcnRootLayerProtocol::parse(&buffer[..length]).expect("an E1.31 packet");
            let packet = match parsed.pdu.data {
                E131RootLayerData::DataPacket(data) => Sacn::Data {
                    universe: data.universe,
                    sequence: data.sequence_number,
                    sync: data.synchronization_address,
                    channels: data.data.property_values[1..].to_vec(),
                },
                E131RootLayerData::SynchronizationPacket(sync) => Sacn::Sync {
                    universe: sync.synchronization_address,
                },
                E131RootLayerData::UniverseDiscoveryPacket(_) => panic!("a discovery packet"),
            };
            if packets.send((universe, packet)).is_err() {
                return;
            }
        }
    });
    port
}

#[tokio::test]
async fn e131_multicast_sends_each_universe_to_its_group_and_ends_each_frame_with_a_sync_packet() {
    // 64x32 takes universes 250 to 262, whose groups run from 239.255.0.250 to 239.255.1.6.
    let (first, sync_universe) = (250u16, 300u16);
    let universes = first..first + 13;
    let (sender, mut packets) = mpsc::unbounded_channel();
    let port = receive_e131_group(sync_universe, 0, sender.clone());
    for universe in universes.clone() {
        receive_e131_group(universe, port, sender.clone());
    }
    let display = format!("e131://multicast:{port}?universe={first}&sync={sync_universe}&interface=127.0.0.1");
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &display, "--app", "clock"]).await;

    // Frames are rebuilt from universes with the same sequence number, as each frame counts
    // every universe on by one.
    let mut partial: HashMap<u8, HashMap<u16, Vec<u8>>> = HashMap::new();
    let (mut sync_packets, mut compared, mut matched) = (0, 0, false);
    while !(matched && sync_packets > 0) && compared < 8 {
        let (group, packet) = tokio::time::timeout(common::PATIENCE, packets.recv())
            .await
            .expect("an E1.31 packet in time")
            .unwrap();
        match packet {
            Sacn::Sync { universe } => {
                assert_eq!((group, universe), (sync_universe, sync_universe));
                sync_packets += 1;
            }
            Sacn::Data {
                universe,
                sequence,
                sync,
                channels,
            } => {
                assert_eq!(universe, group, "each universe arrives on its own group");
                assert_eq!(sync, sync_universe, "data packets name the sync universe");
                let frame = partial.entry(sequence).or_default();
                frame.insert(universe, channels);
                if frame.len() == universes.len() {
                    let frame = partial.remove(&sequence).unwrap();
                    let rebuilt: Vec<u8> = universes
                        .clone()
                        .flat_map(|universe| frame[&universe].clone())
                        .collect();
                    let (_, _, png) = server.frame_png("?scale=1").await;
                    matched |= rebuilt == png;
                    compared += 1;
                }
            }
        }
    }
    assert!(
        matched,
        "a frame rebuilt from the groups equals /api/frame.png pixel for pixel"
    );
    assert!(sync_packets > 0, "sync packets on the sync universe's group");
    let (_, displays) = server.get("/api/displays").await;
    assert_eq!(displays["displays"][0]["status"], "ok", "{displays}");
    server.stop().await;
}

/// Reads 64x32 frames from its standard input and writes a line per frame,
/// the time it came, to the file named first; its process id goes to the second.
const RECORDER: &str = r#"
import os, sys, time
open(sys.argv[2], "w").write(str(os.getpid()))
size = 64 * 32 * 3
with open(sys.argv[1], "w") as out:
    while len(sys.stdin.buffer.read(size)) == size:
        out.write(f"{time.monotonic()}\n")
        out.flush()
"#;

/// A loopback port nothing listens on: sends to it are refused.
fn closed_port() -> u16 {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

fn lines(file: &Path) -> usize {
    std::fs::read_to_string(file).unwrap_or_default().lines().count()
}

/// Whether the process is gone: reaped, or killed and left for a reaper that is not this one.
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit_once(") ").is_some_and(|(_, state)| state.starts_with('Z')),
    }
}

#[tokio::test]
async fn failing_outputs_hold_up_neither_the_render_loop_nor_the_other_outputs() {
    let dir = StateDir::new();
    let (script, frames, pid) = (
        dir.path().join("recorder.py"),
        dir.path().join("frames"),
        dir.path().join("pid"),
    );
    std::fs::write(&script, RECORDER).unwrap();
    let recorder = format!(
        "pipe:python3 {} {} {}",
        script.display(),
        frames.display(),
        pid.display()
    );
    let ddp = format!("ddp://127.0.0.1:{}", closed_port());
    let e131 = format!("e131://127.0.0.1:{}", closed_port());
    let exits = "pipe:exit 3";
    // scroll_text moves a pixel a frame at 30 frames a second, so every frame is new.
    let server = TestServer::spawn_with(
        &dir,
        &[
            "--app",
            "scroll_text",
            "--display",
            &recorder,
            "--display",
            exits,
            "--display",
            &ddp,
            "--display",
            &e131,
        ],
    )
    .await;

    // The three failing outputs show as failing, with why, while the recorder is fine.
    let deadline = tokio::time::Instant::now() + common::PATIENCE * 2;
    let statuses = loop {
        let (_, displays) = server.get("/api/displays").await;
        let statuses: HashMap<String, Value> = displays["displays"]
            .as_array()
            .unwrap()
            .iter()
            .map(|status| (status["name"].as_str().unwrap().to_owned(), status.clone()))
            .collect();
        let failing = [exits, &ddp, &e131]
            .iter()
            .all(|name| statuses[*name]["status"] == "failing");
        if (failing && statuses[&recorder]["status"] == "ok") || tokio::time::Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(statuses[&recorder]["status"], "ok", "{statuses:?}");
    assert_eq!(
        statuses[exits]["last_error"], "the command exited (exit status: 3)",
        "{statuses:?}"
    );
    for name in [exits, &ddp, &e131] {
        assert_eq!(statuses[name]["status"], "failing", "{name}: {statuses:?}");
        assert!(statuses[name]["failing_since"].is_u64(), "{name}: {statuses:?}");
    }
    for name in [&ddp, &e131] {
        assert!(
            statuses[name]["last_error"]
                .as_str()
                .is_some_and(|error| error.contains("refused")),
            "{name}: {statuses:?}"
        );
    }

    // Meanwhile the recorder gets the frames at the panel's pace: at least 60% of 30 a second.
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    while lines(&frames) < 5 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (before, started) = (lines(&frames), tokio::time::Instant::now());
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (received, seconds) = (lines(&frames) - before, started.elapsed().as_secs_f64());
    assert!(
        received as f64 >= 0.6 * 30.0 * seconds,
        "{received} frames in {seconds:.1} s"
    );

    // Stopping the server ends the recorder.
    let pid = std::fs::read_to_string(&pid).unwrap();
    server.stop().await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    while !gone(&pid) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(gone(&pid), "the recorder ({pid}) still runs");
}

/// A field of `/proc/.../sched` (`policy`, `prio`), as its text holds it.
fn sched_field(sched: &str, field: &str) -> Option<i64> {
    sched.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == field).then(|| value.trim().parse().ok())?
    })
}

/// The nice value in the text of a `/proc/.../stat` file.
fn nice(stat: &str) -> i64 {
    let (_, fields) = stat.rsplit_once(") ").expect("a stat line");
    fields.split_whitespace().nth(16).unwrap().parse().unwrap()
}

/// What a `pipe:` command saw of its own scheduling (`/proc/self/sched` and `stat`), and
/// the policy of the output thread that started it, under `--panel-priority priority`.
async fn pipe_scheduling(priority: &str) -> (String, String, Option<i64>) {
    let dir = StateDir::new();
    let (sched, stat) = (dir.path().join("sched"), dir.path().join("stat"));
    let command = format!(
        "pipe:cat /proc/self/sched > {}; cat /proc/self/stat > {}; exec cat > /dev/null",
        sched.display(),
        stat.display()
    );
    let args = ["--display", &command, "--panel-priority", priority, "--app", "stars"];
    let server = TestServer::spawn_with(&dir, &args).await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    while !(stat.exists() && std::fs::metadata(&stat).unwrap().len() > 0) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Output threads are named after their display, cut to the kernel's 15 characters.
    let thread_policy = std::fs::read_dir("/proc/self/task").unwrap().find_map(|task| {
        let task = task.ok()?.path();
        let name = std::fs::read_to_string(task.join("comm")).ok()?;
        name.starts_with("output-pipe:")
            .then(|| sched_field(&std::fs::read_to_string(task.join("sched")).ok()?, "policy"))?
    });
    let seen = (
        std::fs::read_to_string(&sched).unwrap(),
        std::fs::read_to_string(&stat).unwrap(),
        thread_policy,
    );
    server.stop().await;
    seen
}

#[tokio::test]
async fn a_pipe_command_runs_at_normal_priority_whatever_the_output_thread_has() {
    let root = rustix::process::geteuid().is_root();
    let server_nice = nice(&std::fs::read_to_string("/proc/self/stat").unwrap());

    let (sched, stat, thread_policy) = pipe_scheduling("realtime").await;
    if root {
        assert_eq!(thread_policy, Some(1), "as root the output thread is SCHED_FIFO");
    }
    assert_eq!(sched_field(&sched, "policy"), Some(0), "SCHED_OTHER: {sched}");
    assert_eq!(nice(&stat), server_nice, "{stat}");

    let (_, stat, _) = pipe_scheduling("raised").await;
    assert_eq!(nice(&stat), server_nice, "not the raised thread's nice value: {stat}");
}

#[tokio::test]
async fn a_receiver_whose_name_does_not_resolve_is_a_failing_output_not_a_failed_start() {
    // A label longer than DNS allows fails in the resolver itself: nothing leaves the machine.
    let name = format!("{}.invalid", "a".repeat(64));
    let (ddp, e131) = (format!("ddp://{name}"), format!("e131://{name}"));
    let dir = StateDir::new();
    let server = TestServer::spawn_with(&dir, &["--display", &ddp, "--display", &e131]).await;
    let deadline = tokio::time::Instant::now() + common::PATIENCE;
    let statuses = loop {
        let (_, displays) = server.get("/api/displays").await;
        let statuses = displays["displays"].as_array().unwrap().clone();
        if statuses.iter().all(|status| status["status"] == "failing") || tokio::time::Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(statuses.len(), 2, "{statuses:?}");
    for status in &statuses {
        assert_eq!(status["status"], "failing", "{statuses:?}");
        let error = status["last_error"].as_str().unwrap();
        assert!(error.starts_with(&format!("cannot resolve {name}")), "{error}");
    }
    assert_eq!(
        server.get("/api/health").await.1["panel"],
        "ok",
        "the panel is drawn meanwhile"
    );
    server.stop().await;
}
